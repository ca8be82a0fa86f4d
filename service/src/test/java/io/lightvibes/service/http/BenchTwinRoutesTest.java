package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bare twins parse like the real routes and answer bodies of the same shape, touching nothing. */
@RoutingTest
class BenchTwinRoutesTest {

    private static final ApiFixture API = new ApiFixture();
    private final DirectClient client;

    BenchTwinRoutesTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        API.routing(routing, true);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void twinsAnswerTheRealRoutesShapesWithoutTheKeyService() throws Exception {
        JsonNode real;
        JsonNode twin;
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"peer_id\": \"b\"}")) {
            real = Json.mapper().readTree(response.as(String.class));
        }
        int sessions = API.store.sessions.size();
        try (var response = client.post("/bench/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"peer_id\": \"b\"}")) {
            assertThat(response.status().code()).isEqualTo(201);
            twin = Json.mapper().readTree(response.as(String.class));
        }
        assertThat(names(twin)).isEqualTo(names(real));
        assertThat(API.store.sessions).hasSize(sessions);
        String keyRef = real.get("key_ref").asText();
        try (var response = client.get("/lightvibes/key/" + keyRef).request();
                var bare = client.get("/bench/key/" + keyRef).request()) {
            JsonNode realKey = Json.mapper().readTree(response.as(String.class));
            JsonNode twinKey = Json.mapper().readTree(bare.as(String.class));
            assertThat(names(twinKey)).isEqualTo(names(realKey));
            assertThat(twinKey.get("key_sealed").asText()).hasSameSizeAs(realKey.get("key_sealed").asText());
        }
    }

    @Test
    void twinsParseTheSameStrictBody() {
        try (var response = client.post("/bench/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"peer_id\": \"b\", \"extra\": 1}")) {
            assertThat(response.status().code()).isEqualTo(422);
        }
    }
}
