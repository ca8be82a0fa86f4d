package io.lightvibes.benchmarks.store;

import io.lightvibes.service.store.EventsFor;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.SealedKeyRecord;
import io.lightvibes.service.store.SqliteSynchronous;
import io.lightvibes.service.store.StoreOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many create+take pairs per second does the SQLite store do, for one caller and for 64, with
 * an fsync per commit ({@code FULL}) or not ({@code NORMAL}), with group commit (up to 64 queued
 * writes per {@code BEGIN IMMEDIATE ... COMMIT}) or every write committed alone? One op is one
 * {@code createSession} and one {@code takeKey}: two write transactions, no evidence events.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SqliteCreateTakeBench -f 1 -wi 2 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SqliteCreateTakeBench {

    @Param({"FULL", "NORMAL"})
    public String synchronous;

    @Param({"true", "false"})
    public boolean grouped;

    private JdbcKeyStore store;
    private final AtomicLong sessions = new AtomicLong();

    @Setup
    public void setUp() {
        StoreOptions options = StoreOptions.DEFAULTS
                .withSqliteSynchronous(SqliteSynchronous.parse(synchronous))
                .withGroupLimit(grouped ? StoreOptions.DEFAULTS.groupLimit() : 1)
                .withBusyTimeout(Duration.ofSeconds(60));
        store = JdbcKeyStore.create(BenchDatabases.freshSqlite("create-take-" + synchronous + "-" + grouped), options);
        store.open();
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    private Optional<SealedKeyRecord> createAndTake() {
        String sessionId = "s-" + sessions.incrementAndGet();
        SealedKeyRecord copy = BenchRecords.copy(sessionId);
        store.createSession(BenchRecords.session(sessionId), List.of(copy), List.of());
        return store.takeKey(copy.keyRef(), BenchRecords.NOW, EventsFor.none());
    }

    @Benchmark
    @Threads(1)
    public Optional<SealedKeyRecord> oneCaller() {
        return createAndTake();
    }

    @Benchmark
    @Threads(64)
    public Optional<SealedKeyRecord> sixtyFourCallers() {
        return createAndTake();
    }
}
