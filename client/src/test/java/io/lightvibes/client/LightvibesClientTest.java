package io.lightvibes.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.evidence.AuditReport;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.secrets.SecretBytes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK against a real service: sessions, keys, health, checkpoints and the audit. */
class LightvibesClientTest {

    @TempDir
    static Path state;
    private static LocalService service;
    private static LightvibesClient client;

    @BeforeAll
    static void start() {
        service = new LocalService(state);
        client = LightvibesClient.builder().baseUrl(service.url()).recipientKey(service.recipientKey).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        service.close();
    }

    @Test
    void opensASessionAndFetchesItsKeyOnce() {
        Session session = client.openSession("node-b", SessionOptions.DEFAULTS.withMinKeybits(512).withTtlS(60));

        assertThat(session.mode()).isEqualTo("PQC");
        assertThat(session.keyBits()).isEqualTo(512);
        assertThat(session.ttlS()).isEqualTo(60);
        try (SecretBytes key = client.fetchKey(session.keyRef())) {
            assertThat(key.length()).isEqualTo(64);
            assertThat(key.toString()).doesNotContain(java.util.HexFormat.of().formatHex(key.reveal()));
        }
        assertThatThrownBy(() -> client.fetchKey(session.keyRef())).isInstanceOf(LightvibesException.NotFound.class)
                .satisfies(e -> assertThat(((LightvibesException) e).status()).isEqualTo(404));
    }

    @Test
    void badRequestsAreTypedWithTheServersMessage() {
        assertThatThrownBy(() -> client.openSession("no spaces allowed"))
                .isInstanceOf(LightvibesException.Invalid.class)
                .hasMessageContaining("422")
                .hasMessageContaining("peer_id");
        // No QKD link: a quantum-only session is a 503 (Retry-After 5 s), which this client does not wait for.
        try (var once = LightvibesClient.builder().baseUrl(service.url()).maxAttempts(1).build()) {
            assertThatThrownBy(() -> once.openSession("node-b", SessionOptions.DEFAULTS.quantumOnly()))
                    .isInstanceOf(LightvibesException.Unavailable.class)
                    .satisfies(e -> assertThat(((LightvibesException) e).status()).isEqualTo(503));
        }
        assertThatThrownBy(() -> client.fetchKey("../health")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeySealedToSomeoneElseIsRefusedWithoutOpeningIt(@TempDir Path other) {
        KeyFiles.writeKeyPair(other, SealSuite.X25519, false, new SecureRandom());
        Session session = client.openSession("node-b");
        try (var stranger = LightvibesClient.builder().baseUrl(service.url())
                .recipientKey(other.resolve(KeyFiles.PRIVATE_KEY_FILE)).build()) {
            assertThatThrownBy(() -> stranger.fetchKey(session.keyRef()))
                    .isInstanceOf(LightvibesException.Unsealing.class)
                    .hasMessageContaining("sealed to recipient key");
        }
    }

    @Test
    void aClientWithoutARecipientKeyCannotFetch() {
        try (var noKey = LightvibesClient.builder().baseUrl(service.url()).build()) {
            assertThatThrownBy(() -> noKey.fetchKey("kr_x")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("recipientKey");
        }
    }

    @Test
    void healthAndCheckpointAreTheServers() throws Exception {
        Health health = client.health();
        assertThat(health.mode()).isEqualTo("PQC");
        assertThat(health.driver()).isEqualTo("java");
        assertThat(health.qberThreshold()).isEqualTo(0.08);

        client.openSession("node-b");
        String checkpoint = client.checkpoint();
        assertThat(checkpoint).startsWith("lightvibes.localhost/evidence\n").contains("\n\u2014 ");
    }

    @Test
    void theEvidenceLogAuditsCleanAndAgainstAPinnedKey() throws Exception {
        client.openSession("node-b");
        AuditReport firstUse = client.verifyEvidence();
        assertThat(firstUse.ok()).as(firstUse.verdict()).isTrue();
        assertThat(firstUse.entries()).isPositive();

        String key;
        try (HttpClient http = HttpClient.newHttpClient()) {
            key = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/lightvibes/evidence/key")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().strip();
        }
        AuditReport pinned = client.verifyEvidence(List.of(key), Optional.of(client.checkpoint()));
        assertThat(pinned.ok()).as(pinned.verdict()).isTrue();
        assertThat(pinned.trust()).isEqualTo(AuditReport.Trust.PINNED);
    }

    @Test
    void anUnreachableServiceIsATransportFailure() {
        try (var nowhere = LightvibesClient.builder().baseUrl("http://127.0.0.1:1").maxAttempts(1).build()) {
            assertThatThrownBy(nowhere::health).isInstanceOf(LightvibesException.Transport.class)
                    .hasMessageContaining("cannot reach LIGHTVIBES");
        }
    }
}
