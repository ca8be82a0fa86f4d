package io.lightvibes.service.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EntryType;
import io.lightvibes.service.evidence.EvidenceEntry;
import io.lightvibes.service.evidence.JdbcEvidenceSource;
import io.lightvibes.service.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas of {@code lightvibes serve} on one PostgreSQL database under races and crashes: every
 * key is delivered exactly once across processes, a replica killed mid-load loses nothing the
 * others or a restart cannot account for, and the one evidence log audits clean.
 */
class ReplicaFaultsTest {

    private static final int KEYS = 1_000;
    private static final int FETCHES_PER_KEY = 10;

    @TempDir
    Path state;
    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema("lv_replicas");
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
        settings.put("LIGHTVIBES_LINK_ENABLED", "false");
        settings.put("LIGHTVIBES_EVIDENCE_CHECKPOINT_INTERVAL_S", "0.5");
        settings.put("LIGHTVIBES_LOG_LEVEL", "warning");
        return settings;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> open(String server) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(server + "/lightvibes/session")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"peer_id\": \"replicas\"}")).build());
    }

    private HttpResponse<String> fetch(String server, String keyRef) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(server + "/lightvibes/key/" + keyRef))
                .timeout(Duration.ofSeconds(30)).build());
    }

    private static String keyRef(HttpResponse<String> created) throws IOException {
        JsonNode body = Json.mapper().readTree(created.body());
        return body.get("key_ref").asText();
    }

    /** The log's entries of {@code type}, read from the database as an auditor would. */
    private Map<String, Integer> entriesByType() {
        Map<String, Integer> counts = new HashMap<>();
        try (var log = JdbcEvidenceSource.open(url)) {
            for (Iterator<byte[]> entries = log.entries(); entries.hasNext();) {
                EvidenceEntry entry = Entries.decode(entries.next());
                counts.merge(entry.type(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private String audit() throws Exception {
        return ServedProcess.run(ServedProcess.lightvibes(state, Map.of(), "evidence", "verify", "--database-url", url));
    }

    @Test
    void tenThousandRacingFetchesOverTwoProcessesDeliverEachKeyExactlyOnce() throws Exception {
        try (var first = ServedProcess.start(state, settings()); var second = ServedProcess.start(state, settings())) {
            List<String> servers = List.of(first.url(), second.url());
            List<String> keyRefs = Collections.synchronizedList(new ArrayList<>());
            try (var pool = Executors.newFixedThreadPool(16)) {
                List<Future<?>> opened = new ArrayList<>();
                for (int i = 0; i < KEYS; i++) {
                    String server = servers.get(i % 2);
                    opened.add(pool.submit(() -> {
                        HttpResponse<String> created = open(server);
                        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                        keyRefs.add(keyRef(created));
                        return null;
                    }));
                }
                for (Future<?> done : opened) {
                    done.get();
                }
            }
            List<String> fetches = new ArrayList<>();
            for (String keyRef : keyRefs) {
                for (int i = 0; i < FETCHES_PER_KEY; i++) {
                    fetches.add(keyRef);
                }
            }
            Collections.shuffle(fetches, new java.util.Random(12));
            Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            try (var pool = Executors.newFixedThreadPool(32)) {
                List<Future<?>> done = new ArrayList<>();
                for (String keyRef : fetches) {
                    done.add(pool.submit(() -> {
                        String server = servers.get(ThreadLocalRandom.current().nextInt(2));
                        HttpResponse<String> answer = fetch(server, keyRef);
                        statuses.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (answer.statusCode() == 200) {
                            delivered.computeIfAbsent(keyRef, k -> new AtomicInteger()).incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> each : done) {
                    each.get();
                }
            }

            assertThat(fetches).hasSize(KEYS * FETCHES_PER_KEY);
            assertThat(statuses.keySet()).containsExactlyInAnyOrder(200, 404);
            assertThat(delivered).hasSize(KEYS);
            assertThat(delivered.values()).allMatch(count -> count.get() == 1);
            assertThat(statuses.get(404).get()).isEqualTo(KEYS * (FETCHES_PER_KEY - 1));
        }
        assertThat(entriesByType()).containsEntry(EntryType.KEY_DELIVERED.value(), KEYS)
                .containsEntry(EntryType.KEY_ISSUED.value(), KEYS);
        assertThat(audit()).startsWith("OK");
    }

    @Test
    void aReplicaKilledUnderLoadLosesNothingAndTheLogStillAudits() throws Exception {
        Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        AtomicInteger survivorFailures = new AtomicInteger();
        AtomicInteger survivorRequests = new AtomicInteger();
        AtomicInteger created = new AtomicInteger();
        try (var victim = ServedProcess.start(state, settings()); var survivor = ServedProcess.start(state, settings())) {
            AtomicBoolean running = new AtomicBoolean(true);
            try (var pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> workers = new ArrayList<>();
                for (int worker = 0; worker < 8; worker++) {
                    boolean onSurvivor = worker % 2 == 0;
                    String server = onSurvivor ? survivor.url() : victim.url();
                    workers.add(pool.submit(() -> {
                        while (running.get()) {
                            try {
                                HttpResponse<String> opened = open(server);
                                if (onSurvivor) {
                                    survivorRequests.incrementAndGet();
                                }
                                if (opened.statusCode() != 201) {
                                    if (onSurvivor) {
                                        survivorFailures.incrementAndGet();
                                    }
                                    continue;
                                }
                                created.incrementAndGet();
                                String keyRef = keyRef(opened);
                                // Fetch from the other server too: deliveries race across processes.
                                for (String from : List.of(survivor.url(), server)) {
                                    HttpResponse<String> answer = fetch(from, keyRef);
                                    if (answer.statusCode() == 200) {
                                        delivered.computeIfAbsent(keyRef, k -> new AtomicInteger()).incrementAndGet();
                                    }
                                }
                            } catch (IOException e) {
                                if (onSurvivor) {
                                    survivorFailures.incrementAndGet();
                                }
                                // the victim is gone: its workers see refused connections
                            }
                        }
                        return null;
                    }));
                }
                Thread.sleep(3_000);
                victim.kill();
                int survivorBefore = survivorRequests.get();
                Thread.sleep(3_000);
                running.set(false);
                for (Future<?> each : workers) {
                    each.get();
                }
                assertThat(victim.isAlive()).isFalse();
                assertThat(survivorRequests.get()).as("the survivor kept serving").isGreaterThan(survivorBefore + 10);
            }
            assertThat(survivorFailures).as("the survivor never failed a request").hasValue(0);
        }
        // A restarted replica opens the same log; nothing was delivered twice, nothing is missing.
        try (var restarted = ServedProcess.start(state, settings())) {
            HttpResponse<String> after = open(restarted.url());
            assertThat(after.statusCode()).isEqualTo(201);
        }
        assertThat(delivered).isNotEmpty();
        assertThat(delivered.values()).allMatch(count -> count.get() == 1);
        Map<String, Integer> entries = entriesByType();
        // Every 200 a client saw was committed with its evidence; a delivery whose answer the kill
        // cut off is in the log too, so the log may hold more, never fewer.
        assertThat(entries.get(EntryType.KEY_DELIVERED.value())).isGreaterThanOrEqualTo(delivered.size());
        assertThat(entries.get(EntryType.SESSION_CREATED.value())).isGreaterThanOrEqualTo(created.get() + 1);
        assertThat(audit()).startsWith("OK");
    }
}
