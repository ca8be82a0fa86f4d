package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.lightvibes.service.Main;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.identity.UnauthenticatedException;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * With authentication on, orchestrators' liveness and readiness probes (which hold no
 * credentials) are still answered; everything else still needs a credential.
 */
@RoutingTest
class ProbesWithoutCredentialsTest {

    private static final ApiFixture API = new ApiFixture();
    private final DirectClient client;

    ProbesWithoutCredentialsTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Main.routing(routing, new Main.Parts(API.keys, ApiFixture.control(API.link), Optional.empty(),
                new ServiceMetrics(Metrics.globalRegistry()), false, request -> {
                    throw new UnauthenticatedException("Bearer", "This service needs a bearer token.");
                }, Guard.defaults(Clock.systemUTC(), 120)));
    }

    private int status(String path) {
        try (var response = client.get(path).request()) {
            return response.status().code();
        }
    }

    @Test
    void livenessAndReadinessAnswerWithoutCredentials() {
        assertThat(status("/healthz")).isEqualTo(200);
        assertThat(status("/readyz")).isEqualTo(200);
    }

    @Test
    void everythingElseStillNeedsThem() {
        assertThat(status("/lightvibes/health")).isEqualTo(401);
        assertThat(status("/lightvibes/evidence/key")).isEqualTo(401);
        assertThat(status("/healthz/")).isIn(401, 404);
    }
}
