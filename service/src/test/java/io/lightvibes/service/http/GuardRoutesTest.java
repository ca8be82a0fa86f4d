package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.lightvibes.service.Main;
import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EvidenceEntry;
import io.lightvibes.service.evidence.NoteSigner;
import io.lightvibes.service.evidence.NoteSigningKey;
import io.lightvibes.service.guard.EvidenceDenials;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.guard.Policies;
import io.lightvibes.service.identity.Authenticator;
import io.lightvibes.service.identity.Principal;
import io.lightvibes.service.keys.EvidenceEvents;
import io.lightvibes.service.keys.EvidenceLog;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreOptions;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.service.testing.MutableClock;
import io.lightvibes.sim.link.AbsentLink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The guard over HTTP: a custom forbid policy in a policy directory (next to a copy of the defaults)
 * takes effect, a refusal is a 403 problem naming the policy and a {@code guard.denied} entry in
 * the evidence log, and the drill is {@code AdminLink}-only.
 */
@RoutingTest
class GuardRoutesTest {

    /** Tests name their caller with this header; without it the caller is the local operator. */
    static final String PEER_HEADER = "X-Test-Peer";
    private static final String ORIGIN = "lightvibes.test/guard";
    private static final Path DIR = temporaryDirectory();
    private static final JdbcKeyStore STORE = JdbcKeyStore.create("jdbc:sqlite:" + DIR.resolve("lightvibes.db"),
            StoreOptions.DEFAULTS);
    private static EvidenceLog log;
    private final DirectClient client;

    GuardRoutesTest(DirectClient client) {
        this.client = client.clientHost("127.0.0.1");
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("lightvibes-guard");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code X-Test-Peer: NAME[+admin]} is an authenticated peer (with the admin role); none is the local operator. */
    static Authenticator byHeader() {
        return request -> request.headers().first(HeaderNames.create(PEER_HEADER))
                .map(name -> name.endsWith("+admin")
                        ? Principal.peer(name.substring(0, name.length() - 6), Set.of(Principal.ADMIN))
                        : Principal.peer(name, Set.of()))
                .orElse(Principal.local());
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws IOException {
        Path policies = Files.createDirectories(DIR.resolve("policies"));
        try (InputStream defaults = Policies.class.getClassLoader().getResourceAsStream(Policies.DEFAULT_RESOURCE)) {
            Files.write(policies.resolve("00-default.policy"), defaults.readAllBytes());
        }
        Files.writeString(policies.resolve("50-custom.policy"), """
                {"policies": [
                  {"id": "no-sessions-with-mallory", "effect": "forbid", "actions": ["CreateSession"],
                   "when": "context.requested_peer == 'mallory'",
                   "reason": "Sessions with mallory are suspended pending review."},
                  {"id": "no-keys-to-documentation-net", "effect": "forbid", "actions": ["FetchKey"],
                   "when": "context.source_address.startsWith('192.0.2.')"}
                ]}
                """);
        STORE.open();
        var random = new SecureRandom();
        var clock = new MutableClock();
        log = new EvidenceLog(STORE, clock, ORIGIN, new NoteSigner(ORIGIN, NoteSigningKey.generate(random)), 256,
                Duration.ofSeconds(10));
        log.start();
        var keys = new KeyService(STORE, new ModeController(new AbsentLink(), new FakePqc(), 0.08, 5),
                new HpkeSealer(ApiFixture.RECIPIENT.publicKey(), random), clock, 120, new EvidenceEvents(clock), random);
        var guard = new Guard(Policies.load(Optional.of(policies)), new EvidenceDenials(log, clock), Optional.empty(),
                clock, 120);
        Main.routing(routing, new Main.Parts(keys, ApiFixture.control(new AbsentLink()), Optional.of(log),
                new ServiceMetrics(Metrics.globalRegistry()), false, byHeader(), guard));
    }

    @AfterAll
    static void close() throws IOException {
        log.close();
        STORE.close();
        try (var files = Files.walk(DIR)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private record Answer(int status, String contentType, JsonNode body) {
    }

    private Answer openSession(String peerId) throws IOException {
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"peer_id\": \"" + peerId + "\"}")) {
            return new Answer(response.status().code(), response.headers().first(HeaderNames.CONTENT_TYPE).orElse(""),
                    Json.mapper().readTree(response.as(String.class)));
        }
    }

    private EvidenceEntry lastEntry() throws IOException {
        try (var response = client.get("/lightvibes/evidence/entries").request()) {
            JsonNode entries = Json.mapper().readTree(response.as(String.class)).get("entries");
            return Entries.decode(Base64.getDecoder().decode(entries.get(entries.size() - 1).get("data").asText()));
        }
    }

    @Test
    void aCustomForbidPolicyTakesEffectAsA403NamingItAndAGuardDeniedEntry() throws IOException {
        assertThat(openSession("node-b").status()).isEqualTo(201);
        Answer refused = openSession("mallory");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(refused.body().toString()).isEqualTo("{\"type\":\"urn:lightvibes:problem:guard-denied\","
                + "\"title\":\"Denied by policy\",\"status\":403,\"detail\":\"Policy 'no-sessions-with-mallory' forbids "
                + "CreateSession: Sessions with mallory are suspended pending review.\","
                + "\"policy\":\"no-sessions-with-mallory\"}");

        EvidenceEntry entry = lastEntry();
        assertThat(entry.type()).isEqualTo("guard.denied");
        assertThat(entry.actor()).isEqualTo("local");
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("id", "");
        resource.put("type", "session");
        assertThat(entry.fields()).isEqualTo(Map.of("action", "CreateSession", "peer", "local",
                "policy", "no-sessions-with-mallory", "resource", resource));
    }

    @Test
    void aRefusedFetchIsRecordedWithoutItsKeyRef() throws IOException {
        String keyRef = openSession("node-c").body().get("key_ref").asText();
        client.clientHost("192.0.2.7");
        try (var response = client.get("/lightvibes/key/" + keyRef).request()) {
            assertThat(response.status().code()).isEqualTo(403);
            assertThat(response.as(String.class)).contains("no-keys-to-documentation-net",
                    "its condition holds for this request");
        } finally {
            client.clientHost("127.0.0.1");
        }
        EvidenceEntry entry = lastEntry();
        assertThat(entry.type()).isEqualTo("guard.denied");
        assertThat(entry.fields()).containsEntry("policy", "no-keys-to-documentation-net")
                .containsEntry("resource", Map.of("type", "key"));
        assertThat(new String(entry.encode(), StandardCharsets.UTF_8)).doesNotContain(keyRef);
        try (var response = client.get("/lightvibes/key/" + keyRef).request()) {
            assertThat(response.status().code()).as("the refused fetch did not spend the key").isEqualTo(200);
        }
    }

    @Test
    void theDrillIsAdminLinkOnly() throws IOException {
        String restore = "{\"restore\": true}";
        try (var response = client.post("/lightvibes/admin/link").header(HeaderNames.create(PEER_HEADER), "alice")
                .contentType(MediaTypes.APPLICATION_JSON).submit(restore)) {
            assertThat(response.status().code()).isEqualTo(403);
            JsonNode body = Json.mapper().readTree(response.as(String.class));
            assertThat(body.get("detail").asText()).isEqualTo("No policy permits AdminLink for peer 'alice'.");
            assertThat(body.get("policy").isNull()).isTrue();
        }
        EvidenceEntry entry = lastEntry();
        assertThat(entry.fields()).containsEntry("peer", "alice").containsEntry("action", "AdminLink")
                .containsEntry("policy", null);
        client.clientHost("192.0.2.7");
        try (var response = client.post("/lightvibes/admin/link").header(HeaderNames.create(PEER_HEADER), "ops+admin")
                .contentType(MediaTypes.APPLICATION_JSON).submit(restore)) {
            assertThat(response.status().code()).as("an authenticated admin may drill from afar").isEqualTo(200);
        } finally {
            client.clientHost("127.0.0.1");
        }
    }

    @Test
    void healthAndReadinessAreNotGuarded() {
        try (var response = client.get("/readyz").header(HeaderNames.create(PEER_HEADER), "alice").request()) {
            assertThat(response.status().code()).isEqualTo(200);
        }
        try (var response = client.get("/lightvibes/health").header(HeaderNames.create(PEER_HEADER), "alice")
                .request()) {
            assertThat(response.status().code()).isEqualTo(200);
        }
    }
}
