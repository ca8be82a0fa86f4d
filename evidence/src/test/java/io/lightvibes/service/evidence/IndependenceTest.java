package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The evidence package stands alone for auditors: it imports neither Helidon nor any other
 * LIGHTVIBES package (the store imports it, not the reverse), and {@link Merkle} only the JDK.
 */
class IndependenceTest {

    static final Path SOURCES = Path.of("src/main/java/io/lightvibes/service/evidence");

    static List<String> imports(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(line -> line.startsWith("import ")).toList();
        } catch (IOException error) {
            throw new java.io.UncheckedIOException(error);
        }
    }

    @Test
    void noClassImportsHelidonOrAnotherLightvibesPackage() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            List<Path> sources = files.filter(file -> file.toString().endsWith(".java")).toList();
            assertThat(sources).hasSizeGreaterThan(20);
            for (Path file : sources) {
                assertThat(imports(file)).as(file.getFileName().toString())
                        .noneMatch(line -> line.contains("io.helidon"))
                        .noneMatch(line -> line.contains("io.lightvibes.") && !line.contains("io.lightvibes.service.evidence."));
            }
        }
    }

    @Test
    void merkleNeedsNothingButTheJdk() {
        assertThat(imports(SOURCES.resolve("Merkle.java"))).allMatch(line -> line.startsWith("import java."));
    }
}
