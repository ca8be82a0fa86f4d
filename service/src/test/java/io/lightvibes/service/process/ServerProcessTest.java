package io.lightvibes.service.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.http.Json;
import io.lightvibes.service.sealing.HpkeOpener;
import io.lightvibes.service.sealing.KeyFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real thing: {@code lightvibes serve} as processes over TCP, the simulated link, the evidence log. */
class ServerProcessTest {

    @TempDir
    Path state;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void keygen() throws Exception {
        String out = ServedProcess.run(ServedProcess.lightvibes(state, Map.of(), "keygen", "--out", state.toString()));
        assertThat(out).contains("recipient.key");
    }

    private Map<String, String> settings(String... more) {
        Map<String, String> settings = new HashMap<>();
        settings.put("LIGHTVIBES_STATE_DIR", state.toString());
        settings.put("LIGHTVIBES_LINK_ENABLED", "false");
        settings.put("LIGHTVIBES_EVIDENCE_CHECKPOINT_INTERVAL_S", "0.5");
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    private JsonNode send(HttpRequest request, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(request.uri() + " " + response.body()).isEqualTo(status);
        return response.body().isEmpty() ? Json.mapper().nullNode() : Json.mapper().readTree(response.body());
    }

    private JsonNode open(String url, String body, int status) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url + "/lightvibes/session"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), status);
    }

    private JsonNode get(String url, int status) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).build(), status);
    }

    @Test
    void theServedLinkTurnsHealthyAndIssuesQmkKeys() throws Exception {
        // 10^8 pulses at 1 GHz: a block every 0.1 s of light, healthy after two good blocks.
        try (var server = ServedProcess.start(state, settings("LIGHTVIBES_LINK_ENABLED", "true",
                "LIGHTVIBES_LINK_PULSES_PER_BLOCK", "1e8", "LIGHTVIBES_LINK_REPETITION_RATE_HZ", "1e9",
                "LIGHTVIBES_LINK_SEED", "5"))) {
            JsonNode health = get(server.url() + "/lightvibes/health", 200);
            for (int i = 0; i < 600 && !health.get("mode").asText().equals("QMK"); i++) {
                Thread.sleep(100);
                health = get(server.url() + "/lightvibes/health", 200);
            }
            assertThat(health.get("link_state").asText()).isEqualTo("healthy");
            assertThat(health.get("driver").asText()).isIn("native", "java");
            JsonNode opened = open(server.url(), "{\"peer_id\": \"qkd-peer\", \"fallback\": \"NONE\"}", 201);
            assertThat(opened.get("mode").asText()).isEqualTo("QMK");
            assertThat(opened.get("health").get("qber").asDouble()).isBetween(0.0, 0.08);
            assertThat(opened.get("health").get("rate_bps").asDouble()).isPositive();
            String keyRef = opened.get("key_ref").asText();
            JsonNode delivery = get(server.url() + "/lightvibes/key/" + keyRef, 200);
            assertThat(delivery.get("mode").asText()).isEqualTo("QMK");
            var privateKey = KeyFiles.loadPrivateKey(state.resolve("recipient.key"));
            try (var key = HpkeOpener.open(privateKey, delivery.get("key_sealed").asText(), keyRef)) {
                assertThat(key.length()).isEqualTo(32);
            }
        }
    }

    @Test
    void demoRacingFetchesAndEvidenceVerifyAgainstARunningServer() throws Exception {
        String trustedKey;
        try (var server = ServedProcess.start(state, settings())) {
            String demo = ServedProcess.run(ServedProcess.lightvibes(state, Map.of(), "demo", "--url", server.url(),
                    "--key", state.resolve("recipient.key").toString()));
            assertThat(demo).contains("4. fetched again: 404, the key is delivered exactly once");

            String keyRef = open(server.url(), "{\"peer_id\": \"racer\"}", 201).get("key_ref").asText();
            List<Callable<Integer>> fetches = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fetches.add(() -> http.send(HttpRequest.newBuilder(URI.create(server.url() + "/lightvibes/key/" + keyRef))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            }
            List<Integer> codes = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Future<Integer> code : pool.invokeAll(fetches)) {
                    codes.add(code.get());
                }
            }
            assertThat(codes.stream().filter(c -> c == 200)).hasSize(1);
            assertThat(codes.stream().filter(c -> c == 404)).hasSize(49);

            trustedKey = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/lightvibes/evidence/key")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().strip();
            String verified = ServedProcess.run(ServedProcess.lightvibes(state, Map.of(), "evidence", "verify", "--url",
                    server.url(), "--trusted-key", trustedKey));
            assertThat(verified).startsWith("OK");
        }
        // After a clean shutdown the database alone audits, and a hand edit is caught.
        String database = "jdbc:sqlite:" + state.resolve("lightvibes.db");
        Process clean = ServedProcess.lightvibes(state, Map.of(), "evidence", "verify", "--database-url", database,
                "--trusted-key", trustedKey);
        assertThat(ServedProcess.run(clean)).startsWith("OK");
        assertThat(clean.exitValue()).isZero();
        try (var connection = DriverManager.getConnection(database); var statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE evidence_entries SET data = replace(data, 'racer', 'xacer')");
        }
        Process tampered = ServedProcess.lightvibes(state, Map.of(), "evidence", "verify", "--database-url", database);
        assertThat(ServedProcess.run(tampered)).startsWith("FAIL");
        assertThat(tampered.exitValue()).isEqualTo(1);
    }

    @Test
    void twoServersOnOneSqliteFileKeepOneLogThatAuditsClean() throws Exception {
        twoServersKeepOneLog(settings());
        assertThat(Files.size(state.resolve("lightvibes.db"))).isPositive();
    }

    @Test
    void twoServersOnOnePostgresqlDatabaseKeepOneLogThatAuditsClean() throws Exception {
        String base = System.getenv("LIGHTVIBES_TEST_POSTGRES_URL");
        org.junit.jupiter.api.Assumptions.assumeTrue(base != null && !base.isBlank(),
                "needs LIGHTVIBES_TEST_POSTGRES_URL, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        String schema = "lv_process_" + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36);
        try (var connection = DriverManager.getConnection(base); var statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        try {
            String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            twoServersKeepOneLog(settings("LIGHTVIBES_DATABASE_URL", url));
            Process audit = ServedProcess.lightvibes(state, Map.of(), "evidence", "verify", "--database-url", url);
            assertThat(ServedProcess.run(audit)).startsWith("OK");
        } finally {
            try (var connection = DriverManager.getConnection(base); var statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private void twoServersKeepOneLog(Map<String, String> settings) throws Exception {
        try (var first = ServedProcess.start(state, settings); var second = ServedProcess.start(state, settings)) {
            List<Callable<Void>> load = new ArrayList<>();
            for (String url : List.of(first.url(), second.url())) {
                load.add(() -> {
                    for (int i = 0; i < 30; i++) {
                        String keyRef = open(url, "{\"peer_id\": \"both\"}", 201).get("key_ref").asText();
                        get(url + "/lightvibes/key/" + keyRef, 200);
                    }
                    var signed = http.send(HttpRequest.newBuilder(URI.create(url + "/lightvibes/evidence/checkpoint"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(signed.statusCode()).isEqualTo(200);
                    return null;
                });
            }
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Future<Void> done : pool.invokeAll(load)) {
                    done.get();
                }
            }
            String verified = ServedProcess.run(ServedProcess.lightvibes(state, Map.of(), "evidence", "verify",
                    "--url", first.url()));
            assertThat(verified).startsWith("OK").contains("2 signing keys");
        }
    }
}
