package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.lightvibes.service.Main;
import io.lightvibes.service.identity.Authenticator;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.keys.SessionEvidence;
import io.lightvibes.service.link.HealthFeed;
import io.lightvibes.service.link.LinkControl;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.service.testing.MemoryStore;
import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.link.LinkOptions;
import io.lightvibes.sim.link.SimulatedLink;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.RandomSources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The health stream over a real socket: an event at connect, then one per block as the link distils them. */
@ServerTest
class HealthStreamTest {

    private static final HealthFeed FEED = new HealthFeed();
    private static final SimulatedLink LINK = SimulatedLink.builder(LinkOptions.builder()
                    .pulsesPerBlock(100_000_000L).repetitionRateHz(1e8).restoreCleanBlocks(0).seed(21).build())
            .kernels(new JavaKernels())
            .driver(new JavaPhotonicsDriver(RandomSources.seeded(22)))
            .random(RandomSources.seeded(21))
            .health(FEED)
            .build();
    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();

    HealthStreamTest(URI uri) {
        this.uri = uri;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        var random = new SecureRandom();
        var modes = new ModeController(LINK, new FakePqc(), 0.08, 5);
        var keys = new KeyService(new MemoryStore(), modes, new HpkeSealer(ApiFixture.RECIPIENT.publicKey(), random),
                Clock.systemUTC(), 120, SessionEvidence.NONE, random);
        var control = new LinkControl(LINK, Optional.of(LINK), "java", "LIGHTVIBES_DRIVER=java", FEED);
        Main.configure(server, new Main.Parts(keys, control, Optional.empty(),
                new ServiceMetrics(Metrics.globalRegistry()), false, Authenticator.none(),
                io.lightvibes.service.guard.Guard.defaults(java.time.Clock.systemUTC(), 120)));
    }

    /** One subscriber: the events it has read so far, parsed, in order. */
    private final class Subscriber implements AutoCloseable {
        private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
        private final Stream<String> lines;
        private final HttpResponse<Stream<String>> response;

        Subscriber() throws IOException, InterruptedException {
            response = http.send(HttpRequest.newBuilder(uri.resolve("/lightvibes/health/stream")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            lines = response.body();
            Thread.ofVirtual().start(() -> {
                String[] event = {null, null};
                try {
                    for (String line : (Iterable<String>) lines::iterator) {
                        if (line.startsWith("event:")) {
                            event[0] = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            event[1] = line.substring(5).trim();
                        } else if (line.isEmpty() && event[0] != null) {
                            events.add(event.clone());
                            event[0] = null;
                            event[1] = null;
                        }
                    }
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            });
        }

        /** The next {@code health} event's data; fails the test if none comes within a generous bound. */
        JsonNode next() throws InterruptedException, IOException {
            String[] event = events.poll(30, TimeUnit.SECONDS);
            assertThat(event).as("an event arrived").isNotNull();
            assertThat(event[0]).isEqualTo("health");
            return Json.mapper().readTree(event[1]);
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    @Test
    void eventsFollowTheLinkBlockByBlockForEverySubscriber() throws Exception {
        try (var first = new Subscriber(); var second = new Subscriber()) {
            assertThat(first.response.statusCode()).isEqualTo(200);
            assertThat(first.response.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            JsonNode atConnect = first.next();
            long start = atConnect.get("blocks").asLong();
            assertThat(atConnect.get("driver").asText()).isEqualTo("java");
            assertThat(atConnect.get("qber_threshold").asDouble()).isEqualTo(0.08);
            assertThat(second.next().get("blocks").asLong()).isEqualTo(start);
            waitForSubscribers(2);

            LINK.step();
            LINK.step();
            JsonNode one = first.next();
            JsonNode two = first.next();
            assertThat(one.get("blocks").asLong()).isEqualTo(start + 1);
            assertThat(two.get("blocks").asLong()).isEqualTo(start + 2);
            assertThat(two.get("mode").asText()).isEqualTo("QMK");
            assertThat(two.get("link_state").asText()).isEqualTo("healthy");
            assertThat(two.get("qber").asDouble()).isBetween(0.0, 0.08);
            assertThat(two.get("rate_bps").asDouble()).isPositive();
            assertThat(two.get("secret_fraction").asDouble()).isPositive();
            assertThat(two.get("pool_bits").asLong()).isGreaterThan(one.get("pool_bits").asLong());
            assertThat(second.next().get("blocks").asLong()).isEqualTo(start + 1);
            assertThat(second.next().get("blocks").asLong()).isEqualTo(start + 2);

            LINK.adjust(OptionalDouble.of(1.0), OptionalDouble.empty());
            LINK.step();
            JsonNode attacked = first.next();
            assertThat(attacked.get("link_state").asText()).isEqualTo("quarantined");
            assertThat(attacked.get("mode").asText()).isEqualTo("PQC");
            assertThat(attacked.get("qber").asDouble()).isGreaterThan(0.2);
            assertThat(attacked.get("pool_bits").asLong()).isZero();

            LINK.adjust(OptionalDouble.of(0.0), OptionalDouble.empty());
            LINK.restore();
            assertThat(first.next().get("link_state").asText()).isNotEqualTo("quarantined");
        }
    }

    @Test
    void aSubscriberThatLeavesIsDroppedAtTheNextBlock() throws Exception {
        int before = FEED.subscribers();
        var leaving = new Subscriber();
        leaving.next();
        waitForSubscribers(before + 1);
        leaving.close();
        // The server learns of the close when a write fails; a block or two is enough.
        for (int block = 0; block < 10 && FEED.subscribers() > before; block++) {
            LINK.step();
            Thread.sleep(50);
        }
        assertThat(FEED.subscribers()).isEqualTo(before);
    }

    @Test
    void aLimitEndsTheStreamAfterThatManyEvents() throws Exception {
        var snapshot = http.send(HttpRequest.newBuilder(uri.resolve("/lightvibes/health/stream?limit=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(snapshot.statusCode()).isEqualTo(200);
        assertThat(healthEvents(snapshot.body())).isEqualTo(1);

        int before = FEED.subscribers();
        var two = http.sendAsync(HttpRequest.newBuilder(uri.resolve("/lightvibes/health/stream?limit=2")).build(),
                HttpResponse.BodyHandlers.ofString());
        waitForSubscribers(before + 1);
        LINK.step();
        String body = two.get(30, TimeUnit.SECONDS).body();
        assertThat(healthEvents(body)).isEqualTo(2);
        assertThat(FEED.subscribers()).isEqualTo(before);
    }

    @Test
    void aBadLimitIsA422NamingIt() throws Exception {
        for (String limit : new String[] {"0", "-1", "many"}) {
            var response = http.send(HttpRequest.newBuilder(uri.resolve("/lightvibes/health/stream?limit=" + limit))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(limit).isEqualTo(422);
            assertThat(response.headers().firstValue("content-type")).contains(Problem.MEDIA_TYPE);
            assertThat(Json.mapper().readTree(response.body()).get("errors").get(0).get("loc").get(0).asText())
                    .isEqualTo("limit");
        }
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        var response = http.send(HttpRequest.newBuilder(uri.resolve("/lightvibes/health/stream"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).contains("GET");
    }

    private static long healthEvents(String stream) {
        return java.util.regex.Pattern.compile("(?m)^event: ?health$").matcher(stream).results().count();
    }

    private static void waitForSubscribers(int count) throws InterruptedException {
        for (int i = 0; i < 200 && FEED.subscribers() < count; i++) {
            Thread.sleep(10);
        }
        assertThat(FEED.subscribers()).isGreaterThanOrEqualTo(count);
    }
}
