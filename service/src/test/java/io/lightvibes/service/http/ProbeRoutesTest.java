package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

@RoutingTest
class ProbeRoutesTest {

    private final DirectClient client;

    ProbeRoutesTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        routing.register(new ProbeRoutes());
    }

    @Test
    void healthzAnswersOk() {
        try (var response = client.get("/healthz").request()) {
            assertThat(response.status()).isEqualTo(Status.OK_200);
            assertThat(response.as(String.class)).contains("\"status\":\"ok\"");
        }
    }
}
