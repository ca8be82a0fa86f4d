package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

/** With no running link the stream is the health now, once: nothing will follow it. */
@RoutingTest
class HealthStreamWithoutLinkTest {

    private static final ApiFixture API = new ApiFixture();
    private final DirectClient client;

    HealthStreamWithoutLinkTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        API.routing(routing);
    }

    @Test
    void oneEventThenTheStreamEnds() {
        try (var response = client.get("/lightvibes/health/stream").request()) {
            assertThat(response.status().code()).isEqualTo(200);
            String stream = response.as(String.class);
            assertThat(stream).containsPattern("(?m)^event: ?health$").contains("\"link_state\":\"down\"").contains("\"mode\":\"PQC\"");
            assertThat(stream.split("(?m)^event: ?health$", -1)).hasSize(2);
        }
    }
}
