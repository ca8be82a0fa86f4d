package io.lightvibes.benchmarks.evidence;

import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EntryType;
import io.lightvibes.service.evidence.Merkle;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one RFC 9162 hash costs: the leaf hash of a typical entry and an interior node hash, each
 * beside the same SHA-256 through one reused {@link MessageDigest} (the baseline: what looking up
 * a fresh digest per hash adds).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EvidenceHashBench {

    private byte[] entry;
    private byte[] left;
    private byte[] right;
    private MessageDigest reused;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        // A key.issued entry as the service writes it, about 230 bytes.
        entry = Entries.encode(123_456, Instant.parse("2025-03-04T05:06:07.890123Z"), EntryType.KEY_ISSUED, "peer-alice",
                Map.of("key_ref", "kr_6f9b2c1d0e", "bits", 256, "mode", "QMK", "qber", 0.031,
                        "seal_suite", "x25519", "recipient_key_id", "6f9b2c1d"));
        left = Merkle.leafHash(new byte[] {1});
        right = Merkle.leafHash(new byte[] {2});
        reused = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] leafHash() {
        return Merkle.leafHash(entry);
    }

    @Benchmark
    public byte[] leafHashReusedDigestBaseline() {
        reused.update((byte) 0);
        reused.update(entry);
        return reused.digest();
    }

    @Benchmark
    public byte[] nodeHash() {
        return Merkle.nodeHash(left, right);
    }

    @Benchmark
    public byte[] nodeHashReusedDigestBaseline() {
        reused.update((byte) 1);
        reused.update(left);
        reused.update(right);
        return reused.digest();
    }
}
