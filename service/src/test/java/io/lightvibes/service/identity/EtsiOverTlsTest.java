package io.lightvibes.service.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.lightvibes.service.config.Settings;
import io.lightvibes.service.etsi.EtsiKeyService;
import io.lightvibes.service.etsi.EtsiLimits;
import io.lightvibes.service.hsm.AesGcmKeyWrapper;
import io.lightvibes.service.http.EtsiRoutes;
import io.lightvibes.service.http.Json;
import io.lightvibes.service.http.ProblemMapper;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreOptions;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.sim.link.AbsentLink;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ETSI GS QKD 014 as ETSI clients use it: over Helidon's own TLS, each SAE identified by its
 * client certificate. SAE A (master) asks for keys for SAE B (slave); B takes them once; a third
 * registered SAE gets nothing; a client without a certificate from the CA never gets past the
 * handshake.
 */
class EtsiOverTlsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SAE_A = "CN=sae-a, O=Example";
    private static final String SAE_B = "CN=sae-b, O=Example";
    private static final String SAE_C = "CN=sae-c, O=Example";

    @TempDir
    static Path dir;
    private static TestPki.Identity ca;
    private static JdbcKeyStore store;
    private static WebServer server;

    @BeforeAll
    static void start() throws Exception {
        ca = TestPki.ca("CN=LIGHTVIBES ETSI test CA, O=Example");
        TestPki.PemFiles serverFiles = TestPki.server(ca).write(dir, "server");
        Path caFile = dir.resolve("clients-ca.crt");
        Files.writeString(caFile, ca.certificatePem());
        var peers = new MemoryPeers();
        var key = RecipientPrivateKey.generate(SealSuite.X25519, RANDOM).publicKey();
        for (String subject : List.of(SAE_A, SAE_B, SAE_C)) {
            String name = subject.substring(3, 8);
            peers.add(new NewPeer(name, Set.of(), new BearerTokens(RANDOM).issue().hash(),
                    Optional.of(CertificateSubjects.canonical(subject)), key, Instant.now()));
        }
        var security = new Settings.Security(AuthMode.MTLS, false, Optional.of(serverFiles.certificate()),
                Optional.of(serverFiles.key()), Optional.of(caFile), List.of(), "X-Client-Cert");
        store = JdbcKeyStore.create("jdbc:sqlite:" + dir.resolve("lightvibes.db"), StoreOptions.DEFAULTS);
        store.open();
        var etsi = new EtsiKeyService(new ModeController(new AbsentLink(), new FakePqc(), 0.08, 5), store.etsiKeys(),
                AesGcmKeyWrapper.inMemory(RANDOM), peerId -> peers.active(peerId).map(RegisteredPeer::recipientKey),
                Clock.systemUTC(), EtsiLimits.defaults("lightvibes-tls-test", 60), true);
        var authenticator = Authenticators.forServer(security, "127.0.0.1", peers);
        var builder = WebServer.builder().host("127.0.0.1").port(0);
        ServerTls.from(security, RANDOM).ifPresent(builder::tls);
        server = builder.routing(routing -> {
            ProblemMapper.register(routing);
            routing.addFilter(Callers.filter(authenticator));
            routing.register("/api/v1/keys", new EtsiRoutes(etsi));
        }).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        store.close();
    }

    private static HttpClient sae(String subject) {
        return TestPki.httpClient(ca, TestPki.client(ca, subject));
    }

    private static HttpResponse<String> send(HttpClient client, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(TestPki.uri(server.port(), path)).timeout(Duration.ofSeconds(20));
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theMastersKeysReachTheSlaveOnceAndNoOtherSae() throws Exception {
        HttpResponse<String> status = send(sae(SAE_A), "/api/v1/keys/sae-b/status", null);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(status.body()).get("master_SAE_ID").asText()).isEqualTo("sae-a");

        HttpResponse<String> enc = send(sae(SAE_A), "/api/v1/keys/sae-b/enc_keys", "{\"number\": 2, \"size\": 256}");
        assertThat(enc.statusCode()).as(enc.body()).isEqualTo(200);
        JsonNode keys = Json.mapper().readTree(enc.body()).get("keys");
        String ids = "{\"key_IDs\": [{\"key_ID\": \"" + keys.get(0).get("key_ID").asText() + "\"}, {\"key_ID\": \""
                + keys.get(1).get("key_ID").asText() + "\"}]}";

        assertThat(send(sae(SAE_C), "/api/v1/keys/sae-a/dec_keys", ids).statusCode()).isEqualTo(400);
        HttpResponse<String> dec = send(sae(SAE_B), "/api/v1/keys/sae-a/dec_keys", ids);
        assertThat(dec.statusCode()).as(dec.body()).isEqualTo(200);
        JsonNode delivered = Json.mapper().readTree(dec.body()).get("keys");
        assertThat(delivered.get(0).get("key").asText()).isEqualTo(keys.get(0).get("key").asText());
        assertThat(delivered.get(1).get("key").asText()).isEqualTo(keys.get(1).get("key").asText());
        assertThat(send(sae(SAE_B), "/api/v1/keys/sae-a/dec_keys", ids).statusCode()).isEqualTo(400);
    }

    @Test
    void anUnregisteredCertificateIs401WithTheErrorObject() throws Exception {
        HttpResponse<String> answer = send(sae("CN=stranger, O=Example"), "/api/v1/keys/sae-b/status", null);
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(Json.mapper().readTree(answer.body()).has("message")).isTrue();
    }

    @Test
    void aForeignCertificateNeverGetsPastTheHandshake() {
        var foreign = TestPki.ca("CN=Another CA, O=Elsewhere");
        var client = TestPki.httpClient(ca, TestPki.client(foreign, SAE_A));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> send(client, "/api/v1/keys/sae-b/status", null))
                .isInstanceOfAny(SSLHandshakeException.class, java.io.IOException.class);
    }
}
