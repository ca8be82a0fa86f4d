package io.lightvibes.benchmarks.evidence;

import io.lightvibes.service.evidence.AuditReport;
import io.lightvibes.service.evidence.Checkpoint;
import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EntryType;
import io.lightvibes.service.evidence.EvidenceAudit;
import io.lightvibes.service.evidence.MerkleLog;
import io.lightvibes.service.evidence.NoteSigner;
import io.lightvibes.service.evidence.NoteSigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The offline audit of a 10,000-entry log with a checkpoint every 1,000 entries: per entry, a
 * strict decode, a leaf hash and its share of the tree; per checkpoint, an Ed25519 verification
 * and a consistency proof. Divide by 10,000 for the cost of one entry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditBench {

    private static final int ENTRIES = 10_000;
    private static final String ORIGIN = "bench.lightvibes/evidence";

    private final List<byte[]> entries = new ArrayList<>();
    private final List<String> checkpoints = new ArrayList<>();
    private String pinned;

    @Setup
    public void setUp() {
        NoteSigner signer = new NoteSigner(ORIGIN, NoteSigningKey.ed25519(new byte[32]));
        pinned = signer.verifierKey();
        Instant t0 = Instant.parse("2025-03-04T05:06:07.890123Z");
        MerkleLog log = new MerkleLog();
        for (int seq = 0; seq < ENTRIES; seq++) {
            byte[] entry = seq == 0
                    ? Entries.encode(0, t0, EntryType.LOG_STARTED, "lightvibes", Entries.logStartedFields(ORIGIN, pinned))
                    : Entries.encode(seq, t0.plusMillis(seq), EntryType.KEY_ISSUED, "peer-alice",
                            Map.of("key_ref", "kr_" + seq, "bits", 256, "mode", "QMK", "qber", 0.031));
            entries.add(entry);
            log.append(entry);
            if ((seq + 1) % 1000 == 0) {
                checkpoints.add(signer.sign(new Checkpoint(ORIGIN, log.size(), log.root())));
            }
        }
    }

    @Benchmark
    public AuditReport audit() {
        AuditReport report = EvidenceAudit.audit(entries.iterator(), checkpoints, List.of(pinned), Optional.empty());
        if (!report.ok()) {
            throw new IllegalStateException(report.verdict());
        }
        return report;
    }
}
