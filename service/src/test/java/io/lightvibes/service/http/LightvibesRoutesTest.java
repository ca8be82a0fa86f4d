package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.lightvibes.service.sealing.HpkeOpener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The seed's two endpoints and their companions, over the real routes. */
@RoutingTest
class LightvibesRoutesTest {

    private static final ApiFixture API = new ApiFixture();
    private final DirectClient client;

    LightvibesRoutesTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        API.routing(routing);
    }

    private JsonNode open(String extraFields) throws Exception {
        String body = "{\"peer_id\": \"node-b\"" + extraFields + "}";
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON).submit(body)) {
            assertThat(response.status().code()).isEqualTo(201);
            assertThat(response.headers().get(HeaderNames.CONTENT_TYPE).get()).isEqualTo("application/json");
            return Json.mapper().readTree(response.as(String.class));
        }
    }

    private Answer get(String path) throws Exception {
        try (var response = client.get(path).request()) {
            String text = response.as(String.class);
            return new Answer(response.status().code(), text,
                    response.headers().first(HeaderNames.CONTENT_TYPE).orElse(""),
                    response.headers().first(HeaderNames.RETRY_AFTER).orElse(""));
        }
    }

    private record Answer(int status, String body, String contentType, String retryAfter) {
        JsonNode json() throws Exception {
            return Json.mapper().readTree(body);
        }
    }

    @Test
    void openSessionAnswers201WithTheSeedFields() throws Exception {
        JsonNode body = open("");
        assertThat(UUID.fromString(body.get("session_id").asText()).version()).isEqualTo(4);
        assertThat(body.get("key_ref").asText()).matches("[A-Za-z0-9_-]{32}");
        assertThat(body.get("health").toString()).isEqualTo("{\"qber\":null,\"rate_bps\":0.0}");
        assertThat(body.get("mode").asText()).isEqualTo("PQC");
        assertThat(body.get("ttl_s").asInt()).isEqualTo(120);
        assertThat(body.get("key_bits").asInt()).isEqualTo(256);
        assertThat(body.get("expires_at").asText()).isEqualTo("2026-11-28T10:02:00Z");
        assertThat(body.get("seal").get("suite").asText()).isEqualTo("x25519");
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("session_id", "key_ref", "health", "mode", "ttl_s", "expires_at",
                "key_bits", "seal");
    }

    @Test
    void keyIsDeliveredOnceThen404() throws Exception {
        JsonNode opened = open(", \"policy\": {\"min_keybits\": 384}");
        String keyRef = opened.get("key_ref").asText();
        Answer first = get("/lightvibes/key/" + keyRef);
        assertThat(first.status()).isEqualTo(200);
        JsonNode body = first.json();
        assertThat(body.get("key_ref").asText()).isEqualTo(keyRef);
        assertThat(body.get("mode").asText()).isEqualTo("PQC");
        assertThat(body.get("ttl_s").asInt()).isBetween(0, 120);
        String sealed = body.get("key_sealed").asText();
        assertThat(sealed).doesNotContain("=").matches("[A-Za-z0-9_-]+");
        try (var key = HpkeOpener.open(ApiFixture.RECIPIENT, sealed, keyRef)) {
            assertThat(key.length()).isEqualTo(48);
        }
        assertThat(body.get("seal").get("recipient_key_id").asText()).isEqualTo(ApiFixture.RECIPIENT.keyId());

        Answer second = get("/lightvibes/key/" + keyRef);
        assertThat(second.status()).isEqualTo(404);
        assertThat(second.contentType()).isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void notFoundBodiesAreIdenticalForDeliveredExpiredRevokedAndUnknown() throws Exception {
        String delivered = open("").get("key_ref").asText();
        assertThat(get("/lightvibes/key/" + delivered).status()).isEqualTo(200);
        String expired = open(", \"policy\": {\"ttl_s\": 1}").get("key_ref").asText();
        JsonNode revoked = open("");
        try (var response = client.delete("/lightvibes/session/" + revoked.get("session_id").asText()).request()) {
            assertThat(response.status().code()).isEqualTo(204);
        }
        API.clock.advance(Duration.ofSeconds(1));
        Set<String> bodies = new HashSet<>();
        for (String ref : List.of(delivered, expired, revoked.get("key_ref").asText(), "A".repeat(32), "not-a-ref")) {
            Answer answer = get("/lightvibes/key/" + ref);
            assertThat(answer.status()).isEqualTo(404);
            bodies.add(answer.body());
        }
        assertThat(bodies).hasSize(1);
        assertThat(Json.mapper().readTree(bodies.iterator().next()).get("title").asText()).isEqualTo("Key not found");
    }

    @Test
    void sixtyFourConcurrentFetchesDeliverExactlyOnce() throws Exception {
        String keyRef = open("").get("key_ref").asText();
        List<Callable<Integer>> fetches = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            fetches.add(() -> get("/lightvibes/key/" + keyRef).status());
        }
        List<Integer> codes = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> code : pool.invokeAll(fetches)) {
                codes.add(code.get());
            }
        }
        assertThat(codes).containsOnly(200, 404);
        assertThat(codes.stream().filter(c -> c == 200)).hasSize(1);
    }

    @Test
    void sessionViewNeverShowsKeyMaterialAndRevokeCloses() throws Exception {
        JsonNode opened = open(", \"policy\": {\"ttl_s\": 30}");
        String sessionId = opened.get("session_id").asText();
        JsonNode view = get("/lightvibes/session/" + sessionId).json();
        assertThat(view.get("state").asText()).isEqualTo("open");
        assertThat(view.get("peer_id").asText()).isEqualTo("node-b");
        assertThat(view.get("ttl_s").asInt()).isEqualTo(30);
        assertThat(view.has("key_sealed")).isFalse();
        assertThat(view.has("key_ref")).isFalse();
        assertThat(view.get("closed_at").isNull()).isTrue();
        try (var response = client.delete("/lightvibes/session/" + sessionId).request()) {
            assertThat(response.status().code()).isEqualTo(204);
            assertThat(response.entity().hasEntity()).isFalse();
        }
        JsonNode after = get("/lightvibes/session/" + sessionId.toUpperCase(java.util.Locale.ROOT)).json();
        assertThat(after.get("state").asText()).isEqualTo("revoked");
        assertThat(after.get("closed_at").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(get("/lightvibes/key/" + opened.get("key_ref").asText()).status()).isEqualTo(404);
    }

    @Test
    void unknownSessionIs404Problem() throws Exception {
        for (String id : List.of("nope", UUID.randomUUID().toString())) {
            Answer shown = get("/lightvibes/session/" + id);
            assertThat(shown.status()).isEqualTo(404);
            assertThat(shown.contentType()).isEqualTo(Problem.MEDIA_TYPE);
            assertThat(shown.json().get("title").asText()).isEqualTo("Session not found");
            try (var response = client.delete("/lightvibes/session/" + id).request()) {
                assertThat(response.status().code()).isEqualTo(404);
            }
        }
    }

    @Test
    void fallbackNoneWithoutALinkIs503WithRetryAfter() throws Exception {
        int sessionsBefore = API.store.sessions.size();
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"peer_id\": \"a\", \"fallback\": \"NONE\"}")) {
            assertThat(response.status().code()).isEqualTo(503);
            assertThat(response.headers().first(HeaderNames.RETRY_AFTER)).contains("7");
            assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).contains(Problem.MEDIA_TYPE);
            assertThat(response.as(String.class)).contains("fallback").contains("state down");
        }
        assertThat(API.store.sessions).hasSize(sessionsBefore);
    }

    @Test
    void healthAndProbes() throws Exception {
        assertThat(get("/lightvibes/health").body()).isEqualTo("{\"mode\":\"PQC\",\"link_state\":\"down\",\"qber\":null,"
                + "\"rate_bps\":0.0,\"pool_bits\":0,\"qber_threshold\":0.08,\"secret_fraction\":null,\"blocks\":0,"
                + "\"driver\":\"java\",\"driver_reason\":\"test fixture\"}");
        assertThat(get("/healthz").body()).isEqualTo("{\"status\":\"ok\",\"checks\":{}}");
        Answer ready = get("/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"checks\":{\"store\":true}}");
    }

    @Test
    void unknownRouteAndMethodAreProblems() throws Exception {
        Answer missing = get("/lightvibes/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        try (var response = client.method(Method.PUT).path("/lightvibes/session").request()) {
            assertThat(response.status().code()).isEqualTo(405);
            assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).contains(Problem.MEDIA_TYPE);
            assertThat(response.headers().first(HeaderNames.ALLOW)).contains("POST");
        }
    }
}
