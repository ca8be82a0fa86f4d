package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.lightvibes.service.Main;
import io.lightvibes.service.config.RateLimit;
import io.lightvibes.service.guard.DenialLog;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.guard.PeerRateLimits;
import io.lightvibes.service.guard.Policies;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A burst over {@code LIGHTVIBES_RATE_LIMIT} is a 429 with Retry-After, per peer; health is never metered. */
@RoutingTest
class RateLimitRoutesTest {

    private static final ApiFixture API = new ApiFixture();
    private static final int BUDGET = 3;
    private final DirectClient client;

    RateLimitRoutesTest(DirectClient client) {
        this.client = client.clientHost("127.0.0.1");
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        var limits = PeerRateLimits.inMemory(RateLimit.parse(BUDGET + "/minute"));
        var guard = new Guard(Policies.defaults(), DenialLog.NONE, Optional.of(limits), API.clock, 120);
        Main.routing(routing, new Main.Parts(API.keys, ApiFixture.control(API.link), Optional.empty(),
                new ServiceMetrics(Metrics.globalRegistry()), false, GuardRoutesTest.byHeader(), guard));
    }

    private int open(String peer) {
        try (var response = client.post("/lightvibes/session").header(HeaderNames.create(GuardRoutesTest.PEER_HEADER), peer)
                .contentType(MediaTypes.APPLICATION_JSON).submit("{\"peer_id\": \"node-b\"}")) {
            return response.status().code();
        }
    }

    @Test
    void aBurstOverTheBudgetIs429WithRetryAfterAndOtherPeersKeepTheirs() throws Exception {
        for (int i = 0; i < BUDGET; i++) {
            assertThat(open("burst")).as("request " + (i + 1)).isEqualTo(201);
        }
        try (var response = client.post("/lightvibes/session").header(HeaderNames.create(GuardRoutesTest.PEER_HEADER),
                "burst").contentType(MediaTypes.APPLICATION_JSON).submit("{\"peer_id\": \"node-b\"}")) {
            assertThat(response.status().code()).isEqualTo(429);
            assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).contains(Problem.MEDIA_TYPE);
            // 3/minute refills a token every 20 s.
            int retryAfter = Integer.parseInt(response.headers().first(HeaderNames.RETRY_AFTER).orElseThrow());
            assertThat(retryAfter).isBetween(1, 20);
            var body = Json.mapper().readTree(response.as(String.class));
            assertThat(body.get("type").asText()).isEqualTo("urn:lightvibes:problem:rate-limited");
            assertThat(body.get("status").asInt()).isEqualTo(429);
            assertThat(body.get("detail").asText()).startsWith("Peer 'burst' is over its rate limit (3/minute); retry after");
        }
        try (var response = client.get("/lightvibes/evidence/key").header(HeaderNames.create(GuardRoutesTest.PEER_HEADER),
                "burst").request()) {
            assertThat(response.status().code()).as("every API route is metered").isEqualTo(429);
        }
        assertThat(open("other")).as("a budget is per peer").isEqualTo(201);
    }

    @Test
    void healthAndReadinessAreNeverMetered() {
        for (int i = 0; i < BUDGET * 3; i++) {
            try (var response = client.get("/lightvibes/health").header(HeaderNames.create(GuardRoutesTest.PEER_HEADER),
                    "prober").request()) {
                assertThat(response.status().code()).isEqualTo(200);
            }
            try (var response = client.get("/readyz").header(HeaderNames.create(GuardRoutesTest.PEER_HEADER), "prober")
                    .request()) {
                assertThat(response.status().code()).isEqualTo(200);
            }
        }
        assertThat(open("prober")).isEqualTo(201);
    }
}
