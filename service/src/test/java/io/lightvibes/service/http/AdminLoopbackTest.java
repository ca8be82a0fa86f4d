package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

/** Drills are refused from other addresses; without a simulated link only restore is accepted. */
@RoutingTest
class AdminLoopbackTest {

    private static final ApiFixture API = new ApiFixture();
    private final DirectClient client;

    AdminLoopbackTest(DirectClient client) {
        // The in-process client's peer is an unresolved name by default; the drills need a loopback literal.
        this.client = client.clientHost("127.0.0.1");
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        API.routing(routing);
    }

    @Test
    void adminIsLoopbackOnly() {
        client.clientHost("192.0.2.7");
        try (var response = client.post("/lightvibes/admin/link").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"restore\": true}")) {
            assertThat(response.status().code()).isEqualTo(403);
            assertThat(response.as(String.class)).contains("loopback");
        } finally {
            client.clientHost("127.0.0.1");
        }
    }

    @Test
    void drillsWithoutASimulatedLinkAreRefusedButRestoreIsHarmless() throws Exception {
        try (var response = client.post("/lightvibes/admin/link").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"eve_fraction\": 0.2}")) {
            assertThat(response.status().code()).isEqualTo(422);
            assertThat(response.as(String.class)).contains("LIGHTVIBES_LINK_ENABLED");
        }
        try (var response = client.post("/lightvibes/admin/link").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"restore\": true}")) {
            assertThat(response.status().code()).isEqualTo(200);
            JsonNode body = Json.mapper().readTree(response.as(String.class));
            assertThat(body.toString()).isEqualTo("{\"link\":{\"state\":\"down\",\"qber\":null,\"rate_bps\":0.0,"
                    + "\"pool_bits\":0,\"secret_fraction\":null,\"blocks\":0,\"last_block\":null},\"parameters\":null}");
        }
    }
}
