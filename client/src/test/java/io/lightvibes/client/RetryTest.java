package io.lightvibes.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 503s are retried as Retry-After says, bounded; other answers are not retried. */
class RetryTest {

    private static final String HEALTH = "{\"mode\":\"PQC\",\"link_state\":\"down\",\"qber\":null,\"rate_bps\":0.0,"
            + "\"pool_bits\":0,\"qber_threshold\":0.08,\"driver\":\"java\"}";
    private static final String UNAVAILABLE = "{\"type\":\"key-source-unavailable\",\"title\":\"Key source unavailable\","
            + "\"status\":503,\"detail\":\"The QKD link is down.\"}";

    /** Scripted answers: status, Retry-After (or null), body. */
    private record Answer(int status, String retryAfter, String body) {
    }

    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Duration> waits = new ArrayList<>();
    private final HttpServer server = start();

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", exchange -> {
                requests.incrementAndGet();
                Answer answer = script.size() > 1 ? script.removeFirst() : script.getFirst();
                if (answer.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
                }
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private LightvibesClient client(int attempts, Duration maxWait) {
        return LightvibesClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .maxAttempts(attempts).maxRetryWait(maxWait).sleeper(waits::add).build();
    }

    @Test
    void a503IsRetriedAfterItsRetryAfter() {
        script.add(new Answer(503, "2", UNAVAILABLE));
        script.add(new Answer(503, "1", UNAVAILABLE));
        script.add(new Answer(200, null, HEALTH));
        try (var client = client(4, Duration.ofSeconds(30))) {
            assertThat(client.health().mode()).isEqualTo("PQC");
        }
        assertThat(requests).hasValue(3);
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    @Test
    void withoutRetryAfterTheWaitsGrowExponentially() {
        script.add(new Answer(503, null, UNAVAILABLE));
        try (var client = client(4, Duration.ofSeconds(30))) {
            assertThatThrownBy(client::health).isInstanceOf(LightvibesException.Unavailable.class)
                    .hasMessageContaining("The QKD link is down.");
        }
        assertThat(requests).hasValue(4);
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void aRetryAfterLongerThanTheBoundEndsTheRetries() {
        script.add(new Answer(503, "120", UNAVAILABLE));
        try (var client = client(4, Duration.ofSeconds(30))) {
            assertThatThrownBy(client::health).isInstanceOf(LightvibesException.Unavailable.class);
        }
        assertThat(requests).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void otherFailuresAreNotRetried() {
        script.add(new Answer(429, "3", "{\"type\":\"rate-limited\",\"detail\":\"Too many requests.\"}"));
        try (var client = client(4, Duration.ofSeconds(30))) {
            assertThatThrownBy(client::health).isInstanceOfSatisfying(LightvibesException.RateLimited.class,
                    e -> assertThat(e.retryAfterS()).hasValue(3));
        }
        script.clear();
        script.add(new Answer(401, null, "{\"detail\":\"Send Authorization: Bearer TOKEN.\"}"));
        try (var client = client(4, Duration.ofSeconds(30))) {
            assertThatThrownBy(client::health).isInstanceOf(LightvibesException.Unauthenticated.class)
                    .hasMessageContaining("Bearer");
        }
        assertThat(requests).hasValue(2);
        assertThat(waits).isEmpty();
    }

    @Test
    void theTokenIsSentAsABearerCredential() {
        List<String> seen = new ArrayList<>();
        server.removeContext("/");
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = HEALTH.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        try (var client = LightvibesClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .token("lv_secret").build()) {
            client.health();
        }
        assertThat(seen).containsExactly("Bearer lv_secret");
    }
}
