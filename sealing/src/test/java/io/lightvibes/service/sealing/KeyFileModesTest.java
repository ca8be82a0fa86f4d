package io.lightvibes.service.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The modes are exactly 0600 and 0644 whatever the umask. A JVM cannot change its own umask, so
 * each case writes the key pair from a child JVM started by {@code sh -c 'umask ...; exec java'}.
 */
class KeyFileModesTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "umask {0}, overwrite {1}")
    @CsvSource({"000, false", "022, false", "077, false", "000, true", "077, true"})
    void modesAreExactWhateverTheUmask(String umask, boolean overwrite) throws Exception {
        Path out = directory.resolve("umask" + umask);
        if (overwrite) {
            writeUnder(umask, out, false);
        }
        writeUnder(umask, out, overwrite);
        assertThat(mode(out.resolve(KeyFiles.PRIVATE_KEY_FILE))).isEqualTo("rw-------");
        assertThat(mode(out.resolve(KeyFiles.PUBLIC_KEY_FILE))).isEqualTo("rw-r--r--");
        try (var files = Files.list(out)) {
            assertThat(files).hasSize(2);
        }
    }

    private static void writeUnder(String umask, Path out, boolean overwrite) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "umask " + umask + " && exec \"$0\" -cp \"$1\" " + UmaskProbe.class.getName() + " \"$2\" x25519 " + overwrite;
        Process child = new ProcessBuilder("sh", "-c", command, java, System.getProperty("java.class.path"), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
