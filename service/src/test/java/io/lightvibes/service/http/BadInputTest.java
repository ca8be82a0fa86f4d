package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input on every field of POST /lightvibes/session: a 4xx naming the field, never a 500. */
@RoutingTest
class BadInputTest {

    private static final ApiFixture API = new ApiFixture();
    private final DirectClient client;

    BadInputTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        API.routing(routing);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{}", List.of("peer_id")),
                Arguments.of("{\"peer_id\": \"\"}", List.of("peer_id")),
                Arguments.of("{\"peer_id\": \"" + "x".repeat(129) + "\"}", List.of("peer_id")),
                Arguments.of("{\"peer_id\": \"has space\"}", List.of("peer_id")),
                Arguments.of("{\"peer_id\": \"slash/no\"}", List.of("peer_id")),
                Arguments.of("{\"peer_id\": \"ünïcode\"}", List.of("peer_id")),
                Arguments.of("{\"peer_id\": 42}", List.of("peer_id")),
                Arguments.of("{\"peer_id\": null}", List.of("peer_id")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"min_keybits\": 127}}", List.of("policy", "min_keybits")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"min_keybits\": 120}}", List.of("policy", "min_keybits")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"min_keybits\": 8200}}", List.of("policy", "min_keybits")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"min_keybits\": 260}}", List.of("policy", "min_keybits")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"min_keybits\": \"256\"}}", List.of("policy", "min_keybits")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"min_keybits\": 256.5}}", List.of("policy", "min_keybits")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"min_keybits\": 256.0}}", List.of("policy", "min_keybits")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"min_keybits\": true}}", List.of("policy", "min_keybits")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"min_keybits\": 99999999999999999999999}}",
                        List.of("policy", "min_keybits")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"ttl_s\": 0}}", List.of("policy", "ttl_s")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"ttl_s\": 86401}}", List.of("policy", "ttl_s")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"ttl_s\": -5}}", List.of("policy", "ttl_s")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"ttl_s\": \"60\"}}", List.of("policy", "ttl_s")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": {\"colour\": \"red\"}}", List.of("policy", "colour")),
                Arguments.of("{\"peer_id\": \"a\", \"policy\": []}", List.of("policy")),
                Arguments.of("{\"peer_id\": \"a\", \"fallback\": \"QMK\"}", List.of("fallback")),
                Arguments.of("{\"peer_id\": \"a\", \"fallback\": \"pqc\"}", List.of("fallback")),
                Arguments.of("{\"peer_id\": \"a\", \"fallback\": null}", List.of("fallback")),
                Arguments.of("{\"peer_id\": \"a\", \"extra\": 1}", List.of("extra")),
                Arguments.of("[]", List.of()),
                Arguments.of("\"just a string\"", List.of()));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badFieldIs422NamingTheField(String body, List<String> path) throws Exception {
        int sessionsBefore = API.store.sessions.size();
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit(body)) {
            assertThat(response.status().code()).as(body).isEqualTo(422);
            assertThat(response.headers().get(HeaderNames.CONTENT_TYPE).get()).isEqualTo(Problem.MEDIA_TYPE);
            JsonNode problem = Json.mapper().readTree(response.as(String.class));
            assertThat(problem.get("status").asInt()).isEqualTo(422);
            assertThat(problem.get("title").asText()).isEqualTo("Invalid request");
            assertThat(problem.get("type").asText()).isEqualTo("urn:lightvibes:problem:invalid-request");
            List<List<String>> locations = new ArrayList<>();
            problem.get("errors").forEach(error -> {
                List<String> loc = new ArrayList<>();
                error.get("loc").forEach(part -> loc.add(part.asText()));
                locations.add(loc);
                assertThat(error.get("msg").asText()).isNotBlank();
            });
            if (!path.isEmpty()) {
                assertThat(locations).contains(path);
                assertThat(problem.get("detail").asText()).contains(String.join(".", path));
            }
        }
        assertThat(API.store.sessions).hasSize(sessionsBefore);
    }

    @Test
    void everyBadFieldIsReportedAtOnce() throws Exception {
        String body = "{\"peer_id\": \"\", \"policy\": {\"min_keybits\": 7, \"ttl_s\": 0}, \"fallback\": \"x\", \"y\": 1}";
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON).submit(body)) {
            JsonNode problem = Json.mapper().readTree(response.as(String.class));
            assertThat(problem.get("errors")).hasSize(5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{'peer_id': 'a'}", "{\"peer_id\": \"a\",}", "nul", "{\"peer_id\": \"a\"} x",
            "{\"peer_id\": \"a\", \"peer_id\": \"b\"}", "{\"peer_id\": \"a\" /* c */}"})
    void malformedJsonIs400(String raw) throws Exception {
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON).submit(raw)) {
            assertThat(response.status().code()).as(raw).isEqualTo(400);
            assertThat(response.headers().get(HeaderNames.CONTENT_TYPE).get()).isEqualTo(Problem.MEDIA_TYPE);
            assertThat(Json.mapper().readTree(response.as(String.class)).get("title").asText())
                    .isEqualTo("Malformed JSON");
        }
    }

    @Test
    void invalidUtf8Is400() {
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit(new byte[] {(byte) 0xff, (byte) 0xfe})) {
            assertThat(response.status().code()).isEqualTo(400);
        }
    }

    @Test
    void emptyBodyIsA4xxProblem() {
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON).request()) {
            assertThat(response.status().code()).isBetween(400, 422);
            assertThat(response.headers().get(HeaderNames.CONTENT_TYPE).get()).isEqualTo(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void bodyOver64KiBIs413() {
        String body = "{\"peer_id\": \"a\", \"pad\": \"" + "x".repeat(70_000) + "\"}";
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON).submit(body)) {
            assertThat(response.status().code()).isEqualTo(413);
            assertThat(response.headers().get(HeaderNames.CONTENT_TYPE).get()).isEqualTo(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void wrongContentTypeIs415NamingIt() {
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.TEXT_PLAIN)
                .submit("{\"peer_id\": \"a\"}")) {
            assertThat(response.status().code()).isEqualTo(415);
            assertThat(response.as(String.class)).contains("text/plain");
        }
    }

    @Test
    void boundaryValuesAreAccepted() {
        for (String body : List.of(
                "{\"peer_id\": \"a\", \"policy\": {\"min_keybits\": 128, \"ttl_s\": 1}}",
                "{\"peer_id\": \"A.b_c:d-9" + "x".repeat(119) + "\", \"policy\": {\"min_keybits\": 4096, \"ttl_s\": 3600}}",
                "{\"peer_id\": \"a\", \"fallback\": \"PQC\", \"policy\": {}}",
                "{\"peer_id\": \"a\", \"policy\": {\"ttl_s\": null}}",
                "{\"peer_id\": \"a\"}")) {
            try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                    .submit(body)) {
                assertThat(response.status().code()).as(body).isEqualTo(201);
            }
        }
    }

    @Test
    void theSchemasUpperBoundsParseAndThenMeetTheDefaultPolicyCeilings() {
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"peer_id\": \"a\", \"policy\": {\"min_keybits\": 8192, \"ttl_s\": 86400}}")) {
            assertThat(response.status().code()).isEqualTo(403);
            assertThat(response.as(String.class)).contains("urn:lightvibes:problem:guard-denied",
                    "session-key-bits-ceiling");
        }
    }
}
