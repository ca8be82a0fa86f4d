package io.lightvibes.benchmarks.store;

import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.store.EventsFor;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.SealedKeyRecord;
import io.lightvibes.service.store.StoreOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does the evidence log cost in the store? Entries per second appended on their own by one
 * writer and by 64 (each an RFC 8785 entry, its leaf hash and the nodes it completes, under the
 * one head-row lock), by one writer in batches of 16, and create+take pairs by 64 callers with
 * their three entries (session.created, key.issued, key.delivered) beside the same pairs without.
 * SQLite at {@code synchronous=FULL} (the default) or PostgreSQL.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar EvidenceAppendBench -f 1 -wi 2 -i 5
 * LIGHTVIBES_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres \
 *   java -jar benchmarks/target/benchmarks.jar EvidenceAppendBench -p database=postgresql</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvidenceAppendBench {

    private static final int BATCH = 16;
    private static final String SCHEMA = "bench_evidence_append";

    @Param({"sqlite"})
    public String database;

    private JdbcKeyStore store;
    private final AtomicLong counter = new AtomicLong();

    @Setup
    public void setUp() throws SQLException {
        String url = switch (database) {
            case "sqlite" -> BenchDatabases.freshSqlite("evidence-append");
            case "postgresql" -> {
                dropSchema();
                yield BenchDatabases.postgres(SCHEMA);
            }
            default -> throw new IllegalArgumentException("database is sqlite or postgresql, not " + database);
        };
        store = JdbcKeyStore.create(url, StoreOptions.DEFAULTS.withBusyTimeout(Duration.ofSeconds(60)).withPoolSize(16));
        store.open();
    }

    @TearDown
    public void tearDown() throws SQLException {
        store.close();
        if (database.equals("postgresql")) {
            dropSchema();
        }
    }

    private static void dropSchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection(System.getenv("LIGHTVIBES_TEST_POSTGRES_URL"));
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Benchmark
    @Threads(1)
    public long appendOneWriter() {
        return store.appendEvents(List.of(BenchRecords.linkEvent(counter.incrementAndGet())));
    }

    @Benchmark
    @Threads(64)
    public long appendSixtyFourWriters() {
        return store.appendEvents(List.of(BenchRecords.linkEvent(counter.incrementAndGet())));
    }

    /** Scored per entry: 16 entries per transaction. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public long appendBatchesOf16() {
        List<EvidenceEvent> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(BenchRecords.linkEvent(counter.incrementAndGet()));
        }
        return store.appendEvents(batch);
    }

    @Benchmark
    @Threads(64)
    public Optional<SealedKeyRecord> createTakeWithLog() {
        String sessionId = "s-" + counter.incrementAndGet();
        SealedKeyRecord copy = BenchRecords.copy(sessionId);
        store.createSession(BenchRecords.session(sessionId), List.of(copy), BenchRecords.issued(sessionId));
        return store.takeKey(copy.keyRef(), BenchRecords.NOW, taken -> List.of(BenchRecords.delivered(taken)));
    }

    @Benchmark
    @Threads(64)
    public Optional<SealedKeyRecord> createTakeWithoutLog() {
        String sessionId = "s-" + counter.incrementAndGet();
        SealedKeyRecord copy = BenchRecords.copy(sessionId);
        store.createSession(BenchRecords.session(sessionId), List.of(copy), List.of());
        return store.takeKey(copy.keyRef(), BenchRecords.NOW, EventsFor.none());
    }
}
