package io.lightvibes.benchmarks.evidence;

import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import io.lightvibes.service.evidence.Merkle;
import io.lightvibes.service.evidence.MerkleLog;
import io.lightvibes.service.evidence.StoredTree;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proofs at 10^3 and 10^6 entries: an auditor verifying an inclusion and a consistency proof
 * ({@link Merkle}), and a server assembling them from the stored nodes one query returns
 * ({@link StoredTree}). Both grow like log n, so the large tree should cost about twice the small.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ProofBench {

    @Param({"1000", "1000000"})
    public int size;

    private long index;
    private long oldSize;
    private byte[] leafHash;
    private byte[] root;
    private byte[] oldRoot;
    private List<byte[]> inclusion;
    private List<byte[]> consistency;
    private Map<NodeId, byte[]> inclusionNodes;
    private Map<NodeId, byte[]> consistencyNodes;

    @Setup
    public void setUp() {
        MerkleLog log = new MerkleLog();
        for (int i = 0; i < size; i++) {
            log.append(ByteBuffer.allocate(Integer.BYTES).putInt(i).array());
        }
        // Awkward positions: an index and an old size with many set bits, not powers of two.
        index = size * 2L / 3 | 1;
        oldSize = size * 5L / 7 | 1;
        leafHash = Merkle.leafHash(log.entry(index));
        root = log.root();
        oldRoot = log.root(oldSize);
        inclusion = log.inclusionProof(index, size);
        consistency = log.consistencyProof(oldSize, size);
        inclusionNodes = fetch(log, StoredTree.inclusionNodeIds(index, size));
        consistencyNodes = fetch(log, StoredTree.consistencyNodeIds(oldSize, size));
    }

    private static Map<NodeId, byte[]> fetch(MerkleLog log, List<NodeId> ids) {
        Map<NodeId, byte[]> nodes = new HashMap<>();
        ids.forEach(id -> nodes.put(id, log.node(id.level(), id.index()).orElseThrow()));
        return nodes;
    }

    @Benchmark
    public boolean verifyInclusion() {
        return Merkle.verifyInclusion(leafHash, index, size, inclusion, root);
    }

    @Benchmark
    public boolean verifyConsistency() {
        return Merkle.verifyConsistency(oldSize, size, oldRoot, root, consistency);
    }

    @Benchmark
    public List<byte[]> inclusionProofFromStoredNodes() {
        return StoredTree.inclusionProofFromNodes(index, size, inclusionNodes);
    }

    @Benchmark
    public List<byte[]> consistencyProofFromStoredNodes() {
        return StoredTree.consistencyProofFromNodes(oldSize, size, consistencyNodes);
    }
}
