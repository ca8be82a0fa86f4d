package io.lightvibes.service.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's TLS files are checked at start; each bad one stops it naming the variable and the file. */
class ServerTlsTest {

    @TempDir
    Path dir;

    private static Optional<io.helidon.common.tls.Tls> tls(Path cert, Path key, Path clientCa) {
        return ServerTls.from(new Settings.Security(AuthMode.TOKEN, false, Optional.ofNullable(cert),
                Optional.ofNullable(key), Optional.ofNullable(clientCa), List.of(), "X-Client-Cert"), new SecureRandom());
    }

    @Test
    void noFilesIsPlainHttp() {
        assertThat(tls(null, null, null)).isEmpty();
    }

    @Test
    void aCertificateAndItsKeyMakeTls() {
        var files = TestPki.server(TestPki.ca("CN=TLS CA")).write(dir, "server");
        assertThat(tls(files.certificate(), files.key(), null)).isPresent();
    }

    @Test
    void halfAPairIsRefused() {
        var files = TestPki.server(TestPki.ca("CN=TLS CA")).write(dir, "server");
        assertThatThrownBy(() -> tls(files.certificate(), null, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> tls(null, null, files.certificate())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("LIGHTVIBES_TLS_CLIENT_CA");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() {
        var ca = TestPki.ca("CN=TLS CA");
        var one = TestPki.server(ca).write(dir, "one");
        var two = TestPki.server(ca).write(dir, "two");
        assertThatThrownBy(() -> tls(one.certificate(), two.key(), null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(two.key().toString()).hasMessageContaining(one.certificate().toString());
    }

    @Test
    void filesThatAreNotPemAreRefusedNamingTheVariable() throws Exception {
        var files = TestPki.server(TestPki.ca("CN=TLS CA")).write(dir, "server");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "hello\n");
        assertThatThrownBy(() -> tls(junk, files.key(), null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("LIGHTVIBES_TLS_CERT=" + junk);
        assertThatThrownBy(() -> tls(files.certificate(), junk, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("LIGHTVIBES_TLS_KEY=" + junk);
        assertThatThrownBy(() -> tls(files.certificate(), files.key(), junk)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("LIGHTVIBES_TLS_CLIENT_CA=" + junk);
        assertThatThrownBy(() -> tls(files.certificate(), dir.resolve("missing.key"), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no such file");
    }
}
