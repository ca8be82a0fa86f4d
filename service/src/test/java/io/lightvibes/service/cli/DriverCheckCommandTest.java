package io.lightvibes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.nativebridge.NativeLibraries;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lightvibes driver check}: the shipped library passes; a file that is no qmk.h library fails. */
class DriverCheckCommandTest {

    @TempDir
    Path dir;

    private static CliTest.Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var context = new LightvibesCommand.Context(Map.of(), Path.of("no-such.env"), new ByteArrayInputStream(new byte[0]));
        int code = LightvibesCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true), context);
        return new CliTest.Run(code, out.toString(), err.toString());
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
        CliTest.Run run = run("driver", "check", "--library", library.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("PASSED");
    }

    @Test
    void aFileThatIsNoDriverFails() throws Exception {
        Path fake = dir.resolve("libfake.so");
        Files.writeString(fake, "not an ELF file");
        CliTest.Run run = run("driver", "check", "--library", fake.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL");
    }

    @Test
    void theLibraryOptionIsRequired() {
        assertThat(run("driver", "check").code()).isEqualTo(2);
        assertThat(NativeLibraries.LIBRARY_VARIABLE).isEqualTo("LIGHTVIBES_NATIVE_LIBRARY");
    }
}
