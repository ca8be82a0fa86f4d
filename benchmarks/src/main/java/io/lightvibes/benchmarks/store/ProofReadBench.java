package io.lightvibes.benchmarks.store;

import io.lightvibes.service.evidence.StoredTree;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.SqliteSynchronous;
import io.lightvibes.service.store.StoreOptions;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does an inclusion or consistency proof take from the stored tree at 10^3 entries and
 * at 10^6? Each is O(log n) stored nodes read in one {@code IN} query and assembled by
 * {@link StoredTree}, so the larger log should cost little more (goal: at most 1.3x). The logs
 * are built once and kept under the bench directory ({@code proofs-N.db}), reused while whole.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ProofReadBench -f 1 -wi 2 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProofReadBench {

    @Param({"1000", "1000000"})
    public long entries;

    private JdbcKeyStore store;

    /** Each thread's own random indexes, so threads do not contend on one generator. */
    @State(Scope.Thread)
    public static class Indexes {
        private final SplittableRandom random = new SplittableRandom(20301);

        long below(long bound) {
            return random.nextLong(bound);
        }
    }

    @Setup
    public void setUp() {
        String name = "proofs-" + entries;
        store = JdbcKeyStore.create(BenchDatabases.keptSqlite(name), StoreOptions.DEFAULTS);
        store.open();
        if (store.evidenceSize() != entries) {
            store.close();
            // NORMAL while building: this log only has to exist, not survive a power loss.
            store = JdbcKeyStore.create(BenchDatabases.freshSqlite(name),
                    StoreOptions.DEFAULTS.withSqliteSynchronous(SqliteSynchronous.NORMAL));
            store.open();
            build();
            store.close();
            store = JdbcKeyStore.create(BenchDatabases.keptSqlite(name), StoreOptions.DEFAULTS);
            store.open();
        }
    }

    private void build() {
        BenchRecords.appendLinkEvents(store, entries);
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    /** An inclusion proof for a random entry of the whole log. */
    @Benchmark
    public List<byte[]> inclusionProof(Indexes indexes) {
        long index = indexes.below(entries);
        return StoredTree.inclusionProofFromNodes(index, entries,
                store.evidenceNodes(StoredTree.inclusionNodeIds(index, entries)));
    }

    /** A consistency proof from a random earlier size to the whole log. */
    @Benchmark
    public List<byte[]> consistencyProof(Indexes indexes) {
        long oldSize = 1 + indexes.below(entries - 1);
        return StoredTree.consistencyProofFromNodes(oldSize, entries,
                store.evidenceNodes(StoredTree.consistencyNodeIds(oldSize, entries)));
    }
}
