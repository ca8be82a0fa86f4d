package io.lightvibes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.nativebridge.NativeLibraries;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lightvibes driver check}: the shipped library passes; a file that is no qmk.h library fails. */
class DriverCheckCommandTest {

    @TempDir
    Path dir;

    private static CliRunner.Run run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void theShippedLibraryPasses() {
        Path shipped = Path.of("../native-bridge/target/classes").toAbsolutePath().normalize();
        Path library;
        try (var files = Files.walk(shipped)) {
            library = files.filter(f -> f.getFileName().toString().equals("libqmk.so")).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRunner.Run run = run("driver", "check", "--library", library.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("PASSED");
    }

    @Test
    void aFileThatIsNoDriverFails() throws Exception {
        Path fake = dir.resolve("libfake.so");
        Files.writeString(fake, "not an ELF file");
        CliRunner.Run run = run("driver", "check", "--library", fake.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL");
    }

    @Test
    void theLibraryOptionIsRequired() {
        assertThat(run("driver", "check").code()).isEqualTo(2);
        assertThat(NativeLibraries.LIBRARY_VARIABLE).isEqualTo("LIGHTVIBES_NATIVE_LIBRARY");
    }
}
