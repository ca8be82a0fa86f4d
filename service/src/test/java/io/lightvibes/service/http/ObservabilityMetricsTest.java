package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.io.IOException;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every meter the issue lists appears in the Prometheus scrape, with the live service's values. */
@ServerTest
class ObservabilityMetricsTest {

    private static final LiveService LIVE = new LiveService();
    private final Http1Client client;

    ObservabilityMetricsTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        LIVE.configure(server);
    }

    @AfterAll
    static void close() throws IOException {
        LIVE.close();
    }

    private String scrape() {
        try (var response = client.get("/observe/metrics").header(HeaderNames.ACCEPT, "text/plain").request()) {
            assertThat(response.status().code()).isEqualTo(200);
            return response.as(String.class);
        }
    }

    /** The value of the sample {@code name} whose labels include {@code label} ({@code k="v"}, or none). */
    private static double value(String scrape, String name, String... label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)})? (\\S+)$").matcher(scrape);
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (label.length == 0 || java.util.Arrays.asList(labels.split(",")).contains(label[0])) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError(name + " " + String.join("", label) + " is not in the scrape");
    }

    @Test
    void theScrapeHasEveryMeterWithTheLinksValues() {
        LIVE.link.step();
        LIVE.link.step();
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"peer_id\": \"node-b\", \"fallback\": \"NONE\"}")) {
            assertThat(response.status().code()).isEqualTo(201);
        }
        LIVE.metrics.denied("rate_limited");
        LIVE.metrics.denied("Not A Reason! " + "x".repeat(80));

        String text = scrape();
        assertThat(text).contains("lightvibes_sessions_total{mode=\"QMK\"").contains("lightvibes_deliveries_total");
        assertThat(value(text, "lightvibes_denials_total", "reason=\"rate_limited\"")).isEqualTo(1.0);
        assertThat(value(text, "lightvibes_denials_total", "reason=\"other\"")).isEqualTo(1.0);
        assertThat(text).doesNotContain("Not A Reason");
        assertThat(value(text, "lightvibes_mode", "mode=\"QMK\"")).isEqualTo(1.0);
        assertThat(value(text, "lightvibes_mode", "mode=\"PQC\"")).isEqualTo(0.0);
        assertThat(value(text, "lightvibes_link_state", "state=\"healthy\"")).isEqualTo(1.0);
        double qber = value(text, "lightvibes_link_qber");
        assertThat(qber).isEqualTo(LIVE.link.health().qber().getAsDouble());
        assertThat(value(text, "lightvibes_link_qber_threshold")).isEqualTo(0.08);
        assertThat(value(text, "lightvibes_link_secret_key_rate")).isPositive();
        assertThat(value(text, "lightvibes_link_pool_bits")).isEqualTo(LIVE.link.health().poolBits());
        assertThat(value(text, "lightvibes_link_blocks")).isEqualTo(LIVE.link.health().blocks()).isPositive();
        assertThat(value(text, "lightvibes_link_leader")).isEqualTo(1.0);
        assertThat(value(text, "lightvibes_driver", "driver=\"java\"")).isEqualTo(1.0);
        assertThat(value(text, "lightvibes_evidence_entries")).isEqualTo(LIVE.evidence.size()).isGreaterThan(1);
        assertThat(text).contains("lightvibes_request_duration_seconds_bucket{route=\"POST /lightvibes/session\"");
        assertThat(text).doesNotContain("node-b");
    }

    @Test
    void theModeGaugeFollowsTheDrill() {
        LIVE.link.step();
        LIVE.link.adjust(OptionalDouble.of(1.0), OptionalDouble.empty());
        LIVE.link.step();
        String text = scrape();
        assertThat(value(text, "lightvibes_mode", "mode=\"PQC\"")).isEqualTo(1.0);
        assertThat(value(text, "lightvibes_link_state", "state=\"quarantined\"")).isEqualTo(1.0);
        assertThat(value(text, "lightvibes_link_pool_bits")).isZero();
        LIVE.link.adjust(OptionalDouble.of(0.0), OptionalDouble.empty());
        LIVE.link.restore();
    }
}
