package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One writer process of {@link TwoProcessEvidenceTest}: opens the store at {@code args[0]} (racing
 * the other process's migration), then for {@code args[2]} rounds creates a session, delivers its key
 * and appends an event of its own, each with its evidence, signing a checkpoint every fifth round,
 * pausing briefly between rounds. Before every {@value #STAGE} rounds it says "ready" and waits for
 * "go" on stdin, so the test holds the two processes in step and their writes overlap however the
 * operating system schedules them.
 */
public final class EvidenceWorkerMain {

    /** Rounds between two meeting points with the other process. */
    static final int STAGE = 10;

    private EvidenceWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String worker = args[1];
        int rounds = Integer.parseInt(args[2]);
        try (JdbcKeyStore store = JdbcKeyStore.create(url, StoreOptions.DEFAULTS.withBusyTimeout(
                java.time.Duration.ofSeconds(30)))) {
            store.open();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (int round = 0; round < rounds; round++) {
                if (round % STAGE == 0) {
                    System.out.println("ready");
                    System.out.flush();
                    if (!"go".equals(in.readLine())) {
                        throw new IllegalStateException("expected go");
                    }
                }
                work(store, worker, round);
                // Requests arrive with gaps; without them one process can keep SQLite's lock (its
                // busy handler is not fair) and the two would merely take turns.
                Thread.sleep(2);
            }
        }
        System.out.println("done");
    }

    private static void work(JdbcKeyStore store, String worker, int round) {
        Instant now = Instant.now();
        String sessionId = worker + "-" + round;
        SessionRecord session = new SessionRecord(sessionId, "peer-bob", "PQC", 256, 120, now, now.plusSeconds(120),
                SessionState.OPEN, OptionalDouble.empty(), 0.0, Sessions.SUITE, "rk-1", Optional.empty());
        SealedKeyRecord copy = new SealedKeyRecord(sessionId + "-ref", sessionId, "initiator",
                Sessions.sealedBytes(sessionId, "initiator"), "PQC", Sessions.SUITE, "rk-1", now.plusSeconds(120));
        store.createSession(session, List.of(copy), List.of(
                event("session.created", now, Map.of("session_id", sessionId, "worker", worker)),
                event("key.issued", now, Map.of("session_id", sessionId))));
        store.takeKey(copy.keyRef(), Instant.now(), taken -> List.of(
                event("key.delivered", Instant.now(), Map.of("session_id", taken.sessionId()))));
        store.appendEvents(List.of(event("link.healthy", Instant.now(), Map.of("worker", worker, "round", round))));
        if (round % 5 == 4) {
            store.signCheckpoint(EvidenceStoreContractTest::note, Instant.now());
        }
    }

    private static EvidenceEvent event(String type, Instant time, Map<String, Object> fields) {
        return new EvidenceEvent(type, "worker", time, fields);
    }
}
