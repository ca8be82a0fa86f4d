package io.lightvibes.service.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two {@code lightvibes serve} processes on one Redis give a peer one budget between them. */
class SharedRateLimitProcessTest {

    /** Odd enough that no other test or deployment on this Redis uses the same bucket. */
    private static final String LIMIT = "7/hour";
    private static final String BUCKET = "lightvibes:rate:7/3600s:local";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private int open(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/lightvibes/session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"peer_id\": \"node-b\"}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Map<String, String> settings(Path state, String redis) throws Exception {
        Files.createDirectories(state);
        assertThat(ServedProcess.run(ServedProcess.lightvibes(state, Map.of(), "keygen", "--out", state.toString())))
                .contains("recipient.key");
        return Map.of("LIGHTVIBES_STATE_DIR", state.toString(), "LIGHTVIBES_LINK_ENABLED", "false",
                "LIGHTVIBES_RATE_LIMIT", LIMIT, "LIGHTVIBES_REDIS_URL", redis);
    }

    @Test
    void twoServersSharingARedisShareOnePeersBudget() throws Exception {
        String redis = System.getenv("LIGHTVIBES_TEST_REDIS_URL");
        Assumptions.assumeTrue(redis != null && !redis.isBlank(), "LIGHTVIBES_TEST_REDIS_URL is not set: no Redis to share");
        var client = RedisClient.create(redis);
        try (var connection = client.connect()) {
            connection.sync().del(BUCKET); // an earlier run's budget
        } finally {
            client.shutdown();
        }
        try (var first = ServedProcess.start(dir.resolve("a"), settings(dir.resolve("a"), redis));
                var second = ServedProcess.start(dir.resolve("b"), settings(dir.resolve("b"), redis))) {
            List<Integer> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(open((i % 2 == 0 ? first : second).url()));
            }
            assertThat(answers).containsExactly(201, 201, 201, 201, 201, 201, 201, 429);
            assertThat(open(first.url())).isEqualTo(429);
        }
    }
}
