package io.lightvibes.service.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.lightvibes.service.Assembly;
import io.lightvibes.service.config.SettingsLoader;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreOptions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled service ({@link Assembly#serve()}) with {@code LIGHTVIBES_AUTH=mtls} and its own
 * TLS from the settings: a registered peer's certificate opens a session over HTTPS; a connection
 * without one never gets an HTTP answer; revoking the peer in the database shuts it out at once.
 */
class ServedIdentityTest {

    @TempDir
    Path dir;

    @Test
    void mtlsFromTheSettingsGuardsTheRealRoutes() throws Exception {
        var ca = TestPki.ca("CN=Served CA");
        var serverFiles = TestPki.server(ca).write(dir, "server");
        Path caFile = Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
        Path state = dir.resolve("state");
        var written = KeyFiles.writeKeyPair(state, SealSuite.X25519, false, new SecureRandom());
        var settings = SettingsLoader.load(Map.of(
                "LIGHTVIBES_STATE_DIR", state.toString(),
                "LIGHTVIBES_DRIVER", "java",
                "LIGHTVIBES_HOST", "127.0.0.1",
                "LIGHTVIBES_PORT", "0",
                "LIGHTVIBES_AUTH", "mtls",
                "LIGHTVIBES_TLS_CERT", serverFiles.certificate().toString(),
                "LIGHTVIBES_TLS_KEY", serverFiles.key().toString(),
                "LIGHTVIBES_TLS_CLIENT_CA", caFile.toString()), dir.resolve("no.env"));
        try (var registry = JdbcKeyStore.create(settings.databaseUrl(), StoreOptions.DEFAULTS);
                var assembly = Assembly.open(settings)) {
            registry.open();
            registry.peers().add(new NewPeer("node-a", Set.of(), new BearerTokens(new SecureRandom()).issue().hash(),
                    Optional.of(CertificateSubjects.canonical("CN=node-a")), written.publicKey(), Instant.now()));
            registry.peers().add(new NewPeer("node-b", Set.of(), new BearerTokens(new SecureRandom()).issue().hash(),
                    Optional.empty(), RecipientPrivateKey.generate(SealSuite.X25519, new SecureRandom()).publicKey(),
                    Instant.now()));
            WebServer server = assembly.serve();
            try {
                var client = TestPki.httpClient(ca, TestPki.client(ca, "CN=node-a"));
                var opened = client.send(HttpRequest.newBuilder(TestPki.uri(server.port(), "/lightvibes/session"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"peer_id\": \"node-b\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);

                assertThat(TlsAuthenticationTest.httpAnswer(TestPki.sslContext(ca, null), server.port())).isEmpty();

                registry.peers().revoke("node-a", Instant.now());
                var revoked = client.send(HttpRequest.newBuilder(TestPki.uri(server.port(), "/lightvibes/health"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(revoked.statusCode()).isEqualTo(401);
            } finally {
                server.stop();
            }
        }
    }
}
