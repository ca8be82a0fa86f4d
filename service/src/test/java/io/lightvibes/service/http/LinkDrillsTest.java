package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.identity.Authenticator;
import io.lightvibes.service.Main;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.keys.SessionEvidence;
import io.lightvibes.service.link.LinkControl;
import io.lightvibes.service.sealing.HpkeOpener;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.service.testing.MemoryStore;
import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.link.LinkOptions;
import io.lightvibes.sim.link.SimulatedLink;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.RandomSources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The service follows the link: QMK when healthy, PQC under an eavesdropper, QMK after restore. */
@RoutingTest
class LinkDrillsTest {

    private static final SimulatedLink LINK = SimulatedLink.builder(LinkOptions.builder()
                    .pulsesPerBlock(100_000_000L).repetitionRateHz(1e8).restoreCleanBlocks(0).seed(11).build())
            .kernels(new JavaKernels())
            .driver(new JavaPhotonicsDriver(RandomSources.seeded(12)))
            .random(RandomSources.seeded(11))
            .build();
    private final DirectClient client;

    LinkDrillsTest(DirectClient client) {
        // The in-process client's peer is an unresolved name by default; the drills need a loopback literal.
        this.client = client.clientHost("127.0.0.1");
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        var random = new SecureRandom();
        var modes = new ModeController(LINK, new FakePqc(), 0.08, 5);
        var keys = new KeyService(new MemoryStore(), modes, new HpkeSealer(ApiFixture.RECIPIENT.publicKey(), random),
                Clock.systemUTC(), 120, SessionEvidence.NONE, random);
        var control = new LinkControl(LINK, Optional.of(LINK), "java", "LIGHTVIBES_DRIVER=java");
        Main.routing(routing, new Main.Parts(keys, control, Optional.empty(),
                new ServiceMetrics(Metrics.globalRegistry()), false, Authenticator.none(),
                Guard.defaults(Clock.systemUTC(), 120)));
    }

    private JsonNode post(String path, String body, int status) throws IOException {
        try (var response = client.post(path).contentType(MediaTypes.APPLICATION_JSON).submit(body)) {
            assertThat(response.status().code()).as(path + " " + body).isEqualTo(status);
            return Json.mapper().readTree(response.as(String.class));
        }
    }

    private JsonNode health() throws IOException {
        try (var response = client.get("/lightvibes/health").request()) {
            return Json.mapper().readTree(response.as(String.class));
        }
    }

    @Test
    void qmkThenPqcUnderEveThenQmkAfterRestore() throws IOException {
        assertThat(post("/lightvibes/session", "{\"peer_id\": \"b\"}", 201).get("mode").asText()).isEqualTo("PQC");
        LINK.step();
        LINK.step();
        JsonNode health = health();
        assertThat(health.get("mode").asText()).isEqualTo("QMK");
        assertThat(health.get("link_state").asText()).isEqualTo("healthy");
        assertThat(health.get("pool_bits").asLong()).isPositive();
        assertThat(health.get("blocks").asLong()).isEqualTo(2);
        assertThat(health.get("driver").asText()).isEqualTo("java");
        JsonNode opened = post("/lightvibes/session", "{\"peer_id\": \"b\", \"fallback\": \"NONE\"}", 201);
        assertThat(opened.get("mode").asText()).isEqualTo("QMK");
        assertThat(opened.get("health").get("qber").asDouble()).isEqualTo(health.get("qber").asDouble());
        assertThat(opened.get("health").get("rate_bps").asDouble()).isPositive();
        String keyRef = opened.get("key_ref").asText();
        try (var response = client.get("/lightvibes/key/" + keyRef).request()) {
            JsonNode delivery = Json.mapper().readTree(response.as(String.class));
            assertThat(delivery.get("mode").asText()).isEqualTo("QMK");
            try (var key = HpkeOpener.open(ApiFixture.RECIPIENT, delivery.get("key_sealed").asText(), keyRef)) {
                assertThat(key.length()).isEqualTo(32);
            }
        }

        JsonNode drill = post("/lightvibes/admin/link", "{\"eve_fraction\": 0.5}", 200);
        assertThat(drill.get("parameters").get("eve_fraction").asDouble()).isEqualTo(0.5);
        LINK.step();
        health = health();
        assertThat(health.get("link_state").asText()).isEqualTo("quarantined");
        assertThat(health.get("mode").asText()).isEqualTo("PQC");
        assertThat(health.get("pool_bits").asLong()).isZero();
        assertThat(post("/lightvibes/session", "{\"peer_id\": \"b\"}", 201).get("mode").asText()).isEqualTo("PQC");
        JsonNode refused = post("/lightvibes/session", "{\"peer_id\": \"b\", \"fallback\": \"NONE\"}", 503);
        assertThat(refused.get("detail").asText()).contains("quarantined");

        JsonNode restored = post("/lightvibes/admin/link", "{\"eve_fraction\": 0.0, \"restore\": true}", 200);
        assertThat(restored.get("link").get("state").asText()).isEqualTo("degraded");
        LINK.step();
        LINK.step();
        assertThat(post("/lightvibes/session", "{\"peer_id\": \"b\", \"fallback\": \"NONE\"}", 201).get("mode").asText())
                .isEqualTo("QMK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"eve_fraction\": 1.5}", "{\"eve_fraction\": -0.1}", "{\"eve_fraction\": \"0.5\"}",
        "{\"distance_km\": -3}", "{\"distance_km\": 501}", "{\"restore\": \"yes\"}", "{\"colour\": \"red\"}", "[]"})
    void badDrillsAre422(String body) throws IOException {
        JsonNode problem = post("/lightvibes/admin/link", body, 422);
        assertThat(problem.get("errors")).isNotEmpty();
    }

    @Test
    void theLoopbackRuleJudgesTheAddressNotTheName() {
        assertThat(AdminRoutes.isLoopback(new InetSocketAddress("127.0.0.1", 1))).isTrue();
        assertThat(AdminRoutes.isLoopback(InetSocketAddress.createUnresolved("::1", 1))).isTrue();
        assertThat(AdminRoutes.isLoopback(InetSocketAddress.createUnresolved("192.0.2.7", 1))).isFalse();
        assertThat(AdminRoutes.isLoopback(InetSocketAddress.createUnresolved("localhost.evil.example", 1))).isFalse();
    }
}
