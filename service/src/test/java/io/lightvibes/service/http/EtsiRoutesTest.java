package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.lightvibes.service.etsi.EtsiKeyService;
import io.lightvibes.service.etsi.EtsiLimits;
import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EvidenceEntry;
import io.lightvibes.service.hsm.AesGcmKeyWrapper;
import io.lightvibes.service.identity.Callers;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreOptions;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.service.testing.MutableClock;
import io.lightvibes.sim.link.AbsentLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * ETSI GS QKD 014 over the routes, on a real SQLite store and evidence log: the Status object,
 * enc_keys for the master, dec_keys once for the named slave only, and the spec's errors.
 */
@RoutingTest
class EtsiRoutesTest {

    private static final Path DIR = temporaryDirectory();
    private static final JdbcKeyStore STORE = JdbcKeyStore.create("jdbc:sqlite:" + DIR.resolve("lightvibes.db"),
            StoreOptions.DEFAULTS);
    private static final MutableClock CLOCK = new MutableClock();
    private static final Set<String> SAES = Set.of("sae-a", "sae-b", "sae-c");
    private static final RecipientPrivateKey ANY_KEY = RecipientPrivateKey.generate(SealSuite.X25519, new SecureRandom());
    private final DirectClient client;

    EtsiRoutesTest(DirectClient client) {
        this.client = client;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("lightvibes-etsi");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        STORE.open();
        var service = new EtsiKeyService(new ModeController(new AbsentLink(), new FakePqc(), 0.08, 5), STORE.etsiKeys(),
                AesGcmKeyWrapper.inMemory(new SecureRandom()),
                sae -> SAES.contains(sae) ? Optional.of(ANY_KEY.publicKey()) : Optional.empty(), CLOCK,
                EtsiLimits.defaults("lightvibes-test", 60), true);
        ProblemMapper.register(routing);
        routing.addFilter(Callers.filter(GuardRoutesTest.byHeader()));
        routing.register("/api/v1/keys", new EtsiRoutes(service));
    }

    @AfterAll
    static void close() {
        STORE.close();
    }

    private record Answer(int status, JsonNode body, Optional<String> retryAfter) {
    }

    /** GET {@code target}; its query goes as parameters (the direct client does not parse it from the path). */
    private Answer get(String sae, String target) {
        String[] parts = target.split("\\?", 2);
        var request = client.get(parts[0]).header(HeaderNames.create(GuardRoutesTest.PEER_HEADER), sae);
        if (parts.length == 2) {
            java.util.Map<String, List<String>> query = new java.util.LinkedHashMap<>();
            for (String pair : parts[1].split("&")) {
                String[] nameValue = pair.split("=", 2);
                query.computeIfAbsent(nameValue[0], name -> new ArrayList<>()).add(nameValue.length == 2 ? nameValue[1] : "");
            }
            query.forEach((name, values) -> request.queryParam(name, values.toArray(String[]::new)));
        }
        try (var response = request.request()) {
            return answer(response.status().code(), response.as(String.class),
                    response.headers().first(HeaderNames.RETRY_AFTER));
        }
    }

    private Answer post(String sae, String path, String json) {
        try (var response = client.post(path).header(HeaderNames.create(GuardRoutesTest.PEER_HEADER), sae)
                .contentType(MediaTypes.APPLICATION_JSON).submit(json)) {
            return answer(response.status().code(), response.as(String.class),
                    response.headers().first(HeaderNames.RETRY_AFTER));
        }
    }

    private static Answer answer(int status, String text, Optional<String> retryAfter) {
        try {
            return new Answer(status, Json.mapper().readTree(text), retryAfter);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static List<String> keyIds(JsonNode container) {
        List<String> ids = new ArrayList<>();
        container.get("keys").forEach(key -> ids.add(key.get("key_ID").asText()));
        return ids;
    }

    private static String keyIdsBody(List<String> ids) {
        StringBuilder body = new StringBuilder("{\"key_IDs\": [");
        for (int i = 0; i < ids.size(); i++) {
            body.append(i == 0 ? "" : ", ").append("{\"key_ID\": \"").append(ids.get(i)).append("\"}");
        }
        return body.append("]}").toString();
    }

    @Test
    void statusHasEveryFieldOfTheSpec() {
        Answer status = get("sae-a", "/api/v1/keys/sae-b/status");

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().properties()).extracting(java.util.Map.Entry::getKey).containsExactly(
                "source_KME_ID", "target_KME_ID", "master_SAE_ID", "slave_SAE_ID", "key_size", "stored_key_count",
                "max_key_count", "max_key_per_request", "max_key_size", "min_key_size", "max_SAE_ID_count");
        assertThat(status.body().get("master_SAE_ID").asText()).isEqualTo("sae-a");
        assertThat(status.body().get("slave_SAE_ID").asText()).isEqualTo("sae-b");
        assertThat(status.body().get("key_size").asInt()).isEqualTo(256);
        assertThat(status.body().get("source_KME_ID").asText()).isEqualTo("lightvibes-test");
    }

    @Test
    void theSlaveGetsTheMastersKeysOnceAndNobodyElseDoes() {
        long waiting = get("sae-a", "/api/v1/keys/sae-b/status").body().get("stored_key_count").asLong();
        Answer enc = post("sae-a", "/api/v1/keys/sae-b/enc_keys", "{\"number\": 3, \"size\": 512}");
        assertThat(enc.status()).as(enc.body().toString()).isEqualTo(200);
        assertThat(enc.body().get("keys")).hasSize(3);
        List<String> ids = keyIds(enc.body());
        assertThat(ids).allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        byte[] first = Base64.getDecoder().decode(enc.body().get("keys").get(0).get("key").asText());
        assertThat(first).hasSize(64);
        assertThat(get("sae-a", "/api/v1/keys/sae-b/status").body().get("stored_key_count").asLong())
                .isEqualTo(waiting + 3);

        // A third SAE, and the master itself, get nothing, and take nothing away.
        Answer stranger = post("sae-c", "/api/v1/keys/sae-a/dec_keys", keyIdsBody(ids));
        assertThat(stranger.status()).as(stranger.body().toString()).isEqualTo(400);
        assertThat(post("sae-a", "/api/v1/keys/sae-a/dec_keys", keyIdsBody(ids)).status()).isEqualTo(400);

        Answer dec = post("sae-b", "/api/v1/keys/sae-a/dec_keys", keyIdsBody(ids));
        assertThat(dec.status()).as(dec.body().toString()).isEqualTo(200);
        assertThat(keyIds(dec.body())).containsExactlyElementsOf(ids);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(dec.body().get("keys").get(i).get("key").asText())
                    .isEqualTo(enc.body().get("keys").get(i).get("key").asText());
        }
        Answer again = get("sae-b", "/api/v1/keys/sae-a/dec_keys?key_ID=" + ids.getFirst());
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("message").asText()).contains("none was delivered");
    }

    @Test
    void theGetFormsWorkAsThePostForms() {
        Answer enc = get("sae-a", "/api/v1/keys/sae-c/enc_keys?number=2&size=128");
        assertThat(enc.status()).isEqualTo(200);
        List<String> ids = keyIds(enc.body());
        Answer dec = get("sae-c", "/api/v1/keys/sae-a/dec_keys?key_ID=" + ids.get(0) + "&key_ID=" + ids.get(1));
        assertThat(dec.status()).as(dec.body().toString()).isEqualTo(200);
        assertThat(Base64.getDecoder().decode(dec.body().get("keys").get(1).get("key").asText())).hasSize(16);
    }

    @Test
    void additionalSlavesEachTakeTheSameKeyOnce() {
        Answer enc = post("sae-a", "/api/v1/keys/sae-b/enc_keys",
                "{\"number\": 1, \"additional_slave_SAE_IDs\": [\"sae-c\"]}");
        assertThat(enc.status()).isEqualTo(200);
        String id = keyIds(enc.body()).getFirst();
        String key = enc.body().get("keys").get(0).get("key").asText();
        assertThat(get("sae-b", "/api/v1/keys/sae-a/dec_keys?key_ID=" + id).body().get("keys").get(0).get("key").asText())
                .isEqualTo(key);
        assertThat(get("sae-c", "/api/v1/keys/sae-a/dec_keys?key_ID=" + id).body().get("keys").get(0).get("key").asText())
                .isEqualTo(key);
    }

    @Test
    void oneUnknownKeyIdDeliversNoneOfTheOthers() {
        List<String> ids = keyIds(post("sae-a", "/api/v1/keys/sae-b/enc_keys", "{\"number\": 2}").body());
        List<String> withStranger = List.of(ids.get(0), "00000000-0000-4000-8000-000000000000", ids.get(1));

        assertThat(post("sae-b", "/api/v1/keys/sae-a/dec_keys", keyIdsBody(withStranger)).status()).isEqualTo(400);

        assertThat(post("sae-b", "/api/v1/keys/sae-a/dec_keys", keyIdsBody(ids)).status()).isEqualTo(200);
    }

    @Test
    void badRequestsAre400WithTheSpecsErrorObject() {
        record Case(String path, String body, String message) {
        }
        List<Case> cases = List.of(
                new Case("/api/v1/keys/sae-b/enc_keys", "{\"size\": 100}", "multiple of 8"),
                new Case("/api/v1/keys/sae-b/enc_keys", "{\"size\": 8}", "min_key_size"),
                new Case("/api/v1/keys/sae-b/enc_keys", "{\"size\": 8192}", "max_key_size"),
                new Case("/api/v1/keys/sae-b/enc_keys", "{\"number\": 0}", "number"),
                new Case("/api/v1/keys/sae-b/enc_keys", "{\"number\": 129}", "max_key_per_request"),
                new Case("/api/v1/keys/sae-b/enc_keys", "{\"number\": \"2\"}", "whole number"),
                new Case("/api/v1/keys/sae-b/enc_keys", "{\"extension_mandatory\": [{\"abc_route\": true}]}",
                        "extension_mandatory"),
                new Case("/api/v1/keys/sae-b/enc_keys", "{\"colour\": 1}", "unknown member 'colour'"),
                new Case("/api/v1/keys/sae-b/enc_keys", "{\"additional_slave_SAE_IDs\": [\"nobody\"]}",
                        "not an active registered SAE"),
                new Case("/api/v1/keys/nobody/enc_keys", "{}", "not an active registered SAE"),
                new Case("/api/v1/keys/sae-a/enc_keys", "{}", "caller itself"),
                new Case("/api/v1/keys/sae-b/enc_keys", "{\"number\": ", "JSON"),
                new Case("/api/v1/keys/sae-b/dec_keys", "{\"key_IDs\": [{\"key_ID\": \"not-a-uuid\"}]}", "UUID"),
                new Case("/api/v1/keys/sae-b/dec_keys", "{\"key_IDs\": []}", "names no key"),
                new Case("/api/v1/keys/sae-b/dec_keys", "{\"key_IDs\": \"x\"}", "array"));
        for (Case bad : cases) {
            Answer answer = post("sae-a", bad.path(), bad.body());
            assertThat(answer.status()).as(bad.toString()).isEqualTo(400);
            assertThat(answer.body().get("message").asText()).as(bad.toString()).contains(bad.message());
        }
        Answer ignored = post("sae-a", "/api/v1/keys/sae-b/enc_keys", "{\"extension_optional\": [{\"abc\": 1}]}");
        assertThat(ignored.status()).as("optional extensions are ignored").isEqualTo(200);
        Answer badQuery = get("sae-a", "/api/v1/keys/sae-b/enc_keys?number=two");
        assertThat(badQuery.status()).isEqualTo(400);
    }

    @Test
    void withoutAnAuthenticatedSaeItIs401WithTheErrorObject() {
        try (var response = client.get("/api/v1/keys/sae-b/status").request()) {
            assertThat(response.status().code()).isEqualTo(401);
            JsonNode body = answer(401, response.as(String.class), Optional.empty()).body();
            assertThat(body.get("message").asText()).contains("authenticated SAE");
        }
    }

    @Test
    void theEvidenceLogRecordsEachKeyAndDeliveryButNoKeyBytes() throws Exception {
        Answer enc = post("sae-a", "/api/v1/keys/sae-b/enc_keys", "{\"number\": 1}");
        String id = keyIds(enc.body()).getFirst();
        byte[] key = Base64.getDecoder().decode(enc.body().get("keys").get(0).get("key").asText());
        post("sae-b", "/api/v1/keys/sae-a/dec_keys", keyIdsBody(List.of(id)));

        List<EvidenceEntry> mine = new ArrayList<>();
        long size = STORE.evidenceSize();
        for (byte[] leaf : STORE.evidenceEntries(0, (int) size)) {
            assertThat(new String(leaf, java.nio.charset.StandardCharsets.UTF_8))
                    .doesNotContain(HexFormat.of().formatHex(key))
                    .doesNotContain(Base64.getEncoder().encodeToString(key));
            EvidenceEntry entry = Entries.decode(leaf);
            if (id.equals(entry.fields().get("key_id"))) {
                mine.add(entry);
            }
        }
        assertThat(mine).extracting(EvidenceEntry::type).containsExactly("key.issued", "key.delivered", "key.delivered");
        assertThat(mine).extracting(EvidenceEntry::actor).containsExactly("sae-a", "sae-a", "sae-b");
        assertThat(mine.getFirst().fields()).containsEntry("party", "sae-b").containsEntry("interface", "etsi-gs-qkd-014");
    }

    @Test
    void expiredCopiesAreGoneAndNotDelivered() {
        List<String> ids = keyIds(post("sae-a", "/api/v1/keys/sae-c/enc_keys", "{\"number\": 1}").body());
        CLOCK.advance(Duration.ofSeconds(61));
        try {
            assertThat(get("sae-c", "/api/v1/keys/sae-a/dec_keys?key_ID=" + ids.getFirst()).status()).isEqualTo(400);
        } finally {
            CLOCK.advance(Duration.ofSeconds(0));
        }
    }
}
