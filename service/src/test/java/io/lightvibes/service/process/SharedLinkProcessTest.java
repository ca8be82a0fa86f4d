package io.lightvibes.service.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.http.Json;
import io.lightvibes.service.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code lightvibes serve} replicas on one PostgreSQL schema with the QKD link on
 * ({@code LIGHTVIBES_REPLICA_MODE=auto}, i.e. elect): one of them runs the link, both answer
 * {@code /lightvibes/health} alike and issue QMK keys, and when the leader is killed with SIGKILL
 * the survivor takes the link over by itself; the restarted replica follows. The evidence log
 * the two wrote audits clean.
 */
class SharedLinkProcessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path state;
    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema("lv_link");
    private String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void recipientKey() throws Exception {
        url = schema.url();
        ServedProcess.run(ServedProcess.lightvibes(state, Map.of(), "keygen", "--out", state.toString()));
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("LIGHTVIBES_STATE_DIR", state.toString());
        settings.put("LIGHTVIBES_DATABASE_URL", url);
        settings.put("LIGHTVIBES_LINK_ENABLED", "true");
        // A block every 0.1 s of light, a few thousand secret bits each.
        settings.put("LIGHTVIBES_LINK_PULSES_PER_BLOCK", "1e8");
        settings.put("LIGHTVIBES_LINK_REPETITION_RATE_HZ", "1e9");
        settings.put("LIGHTVIBES_LOG_LEVEL", "warning");
        return settings;
    }

    private JsonNode health(String server) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server + "/lightvibes/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Json.mapper().readTree(answer.body());
    }

    /** The mode of a new session opened on {@code server}. */
    private String openMode(String server) throws IOException, InterruptedException {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(server + "/lightvibes/session"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"peer_id\": \"replicas\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.mapper().readTree(created.body()).get("mode").asText();
    }

    /** The value of {@code lightvibes_link_leader} in {@code server}'s Prometheus scrape. */
    private String leaderGauge(String server) throws IOException, InterruptedException {
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(server + "/observe/metrics"))
                .header("Accept", "text/plain").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return scrape.body().lines().filter(line -> line.matches("lightvibes_link_leader(\\{[^}]*})? \\S+"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no lightvibes_link_leader in " + scrape.body()));
    }

    /** What of a health answer every replica must agree on (the pool moves with every request). */
    private static List<String> shared(JsonNode health) {
        return List.of(health.get("link_state").asText(), health.get("qber").asText(), health.get("rate_bps").asText(),
                health.get("secret_fraction").asText(), health.get("blocks").asText());
    }

    /** The process id in the leader's lock connection, if one holds the lock for these servers. */
    private Optional<Long> leaderPid(List<ServedProcess> servers) throws Exception {
        try (var connection = DriverManager.getConnection(schema.base()); var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT application_name FROM pg_stat_activity "
                        + "WHERE application_name LIKE 'lightvibes-leader %'")) {
            List<Long> leaders = new ArrayList<>();
            while (rows.next()) {
                String name = rows.getString(1);
                for (ServedProcess server : servers) {
                    if (name.contains("-" + server.pid() + "-")) {
                        leaders.add(server.pid());
                    }
                }
            }
            assertThat(leaders).as("at most one leader").hasSizeLessThanOrEqualTo(1);
            return leaders.stream().findFirst();
        }
    }

    @Test
    void oneReplicaRunsTheLinkBothServeItAndTheSurvivorOfAKillTakesItOver() throws Exception {
        ServedProcess first = ServedProcess.start(state, settings());
        ServedProcess second = ServedProcess.start(state, settings());
        List<ServedProcess> all = new ArrayList<>(List.of(first, second));
        try {
            await("a leader is elected and both see its blocks", () -> leaderPid(all).isPresent()
                    && health(first.url()).get("blocks").asLong() >= 3 && health(second.url()).get("blocks").asLong() >= 3);
            await("both replicas report the same health", () -> shared(health(first.url())).equals(shared(health(second.url()))));
            assertThat(health(first.url()).get("link_state").asText()).isEqualTo("healthy");
            await("the first replica issues QMK keys", () -> openMode(first.url()).equals("QMK"));
            await("the second replica issues QMK keys", () -> openMode(second.url()).equals("QMK"));

            long leader = leaderPid(all).orElseThrow();
            ServedProcess runsLink = first.pid() == leader ? first : second;
            assertThat(leaderGauge(runsLink.url())).as("the leader's lightvibes_link_leader").isEqualTo("1.0");
            assertThat(leaderGauge((runsLink == first ? second : first).url())).as("the follower's").isEqualTo("0.0");
            ServedProcess victim = first.pid() == leader ? first : second;
            ServedProcess survivor = victim == first ? second : first;
            victim.kill();
            all.remove(victim);

            await("the survivor takes the link over", () -> leaderPid(List.of(survivor)).equals(Optional.of(survivor.pid())));
            long blocks = health(survivor.url()).get("blocks").asLong();
            await("its link distils blocks", () -> health(survivor.url()).get("blocks").asLong() > blocks + 2
                    && health(survivor.url()).get("link_state").asText().equals("healthy"));
            await("and it issues QMK keys again", () -> openMode(survivor.url()).equals("QMK"));

            ServedProcess restarted = ServedProcess.start(state, settings());
            all.add(restarted);
            await("the restarted replica follows the survivor", () -> openMode(restarted.url()).equals("QMK")
                    && shared(health(restarted.url())).equals(shared(health(survivor.url()))));
            assertThat(leaderPid(all)).contains(survivor.pid());
        } finally {
            for (ServedProcess server : all) {
                server.close();
            }
        }
        String audit = ServedProcess.run(ServedProcess.lightvibes(state, Map.of(), "evidence", "verify",
                "--database-url", url));
        assertThat(audit).startsWith("OK");
    }

    @Test
    void aSeparateLinkRunProcessRunsTheLinkForFollowingReplicas() throws Exception {
        Map<String, String> follow = settings();
        follow.put("LIGHTVIBES_REPLICA_MODE", "follow");
        Process runner = ServedProcess.lightvibes(state, settings(), "link", "run");
        try (ServedProcess replica = ServedProcess.start(state, follow)) {
            await("the link runner holds the lock", () -> leaderName().filter(name -> name.contains("link-run-")).isPresent());
            await("the following replica issues QMK keys", () -> openMode(replica.url()).equals("QMK"));
            assertThat(health(replica.url()).get("link_state").asText()).isEqualTo("healthy");

            runner.destroyForcibly();
            runner.waitFor();
            // Nobody else stands for election: the published health ages out and the replica falls back.
            await("the replica sees the link down", () -> health(replica.url()).get("link_state").asText().equals("down"));
            await("and issues PQC keys", () -> openMode(replica.url()).equals("PQC"));
        } finally {
            runner.destroyForcibly();
        }
    }

    /** The application_name of the lock connection of this test's schema, if any. */
    private Optional<String> leaderName() throws Exception {
        try (var connection = DriverManager.getConnection(url); var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT leader_id FROM link_health")) {
            String leader = rows.next() ? rows.getString(1) : null;
            if (leader == null) {
                return Optional.empty();
            }
            try (ResultSet names = statement.executeQuery("SELECT application_name FROM pg_stat_activity "
                    + "WHERE application_name = 'lightvibes-leader " + leader + "'")) {
                return names.next() ? Optional.of(names.getString(1)) : Optional.empty();
            }
        }
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        Await.until(what, PATIENCE, Duration.ofMillis(100), condition);
    }
}
