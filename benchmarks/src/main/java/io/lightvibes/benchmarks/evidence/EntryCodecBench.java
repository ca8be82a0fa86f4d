package io.lightvibes.benchmarks.evidence;

import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EntryType;
import io.lightvibes.service.evidence.EvidenceEntry;
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
 * One entry through the codec: the RFC 8785 encoding an append pays per event (with the
 * key-material check), and the strict decoding an auditor pays per entry (parse and re-encode).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EntryCodecBench {

    private static final Instant TIME = Instant.parse("2025-03-04T05:06:07.890123Z");
    private final Map<String, Object> fields = Map.of("key_ref", "kr_6f9b2c1d0e", "bits", 256, "mode", "QMK",
            "qber", 0.031, "seal_suite", "x25519", "recipient_key_id", "6f9b2c1d");
    private byte[] entry;

    @Setup
    public void setUp() {
        entry = encode();
    }

    @Benchmark
    public byte[] encode() {
        return Entries.encode(123_456, TIME, EntryType.KEY_ISSUED, "peer-alice", fields);
    }

    @Benchmark
    public EvidenceEntry decode() {
        return Entries.decode(entry);
    }
}
