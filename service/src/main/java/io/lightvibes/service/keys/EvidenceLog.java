package io.lightvibes.service.keys;

import io.lightvibes.service.evidence.Checkpoint;
import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EntryType;
import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.evidence.NoteSigner;
import io.lightvibes.service.evidence.StoredTree;
import io.lightvibes.service.store.EvidenceStore;
import io.lightvibes.service.store.StoredCheckpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The evidence log as the service runs it. Entries are appended by the store in the same
 * transaction as the change they record; this class introduces the signing key
 * ({@code log.started}, first thing each process writes, because an in-memory key is new after
 * every restart), signs C2SP checkpoints every N entries or T seconds and on demand, and answers
 * auditors' reads with RFC 9162 proofs assembled from O(log n) stored nodes.
 */
public final class EvidenceLog implements AutoCloseable {

    /** The service itself (start-up). */
    public static final String ACTOR_SERVICE = "lightvibes";
    /** At most this many entries or checkpoints per page. */
    public static final int MAX_PAGE = 1000;
    private static final long MAX_INDEX = 1L << 62;
    private static final System.Logger LOG = System.getLogger("lightvibes.evidence");

    private final EvidenceStore store;
    private final Clock clock;
    private final String origin;
    private final NoteSigner signer;
    private final int checkpointEntries;
    private final Duration checkpointInterval;
    private final PeriodicTask signerTask;
    private long signedSize = -1;
    private long signedAtNanos = System.nanoTime();

    public EvidenceLog(EvidenceStore store, Clock clock, String origin, NoteSigner signer, int checkpointEntries,
            Duration checkpointInterval) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.checkpointEntries = checkpointEntries;
        this.checkpointInterval = Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Duration poll = checkpointInterval.compareTo(Duration.ofSeconds(1)) < 0 ? checkpointInterval
                : Duration.ofSeconds(1);
        this.signerTask = new PeriodicTask("checkpoint", this::checkpointIfDue, poll);
    }

    /** An RFC 9162 proof: {@code first} is the leaf index (inclusion) or the old size (consistency). */
    public record Proof(long first, long treeSize, List<byte[]> hashes) {
    }

    /** Records this process's verifier key, signs a first checkpoint, starts the periodic signer. */
    public void start() {
        store.appendEvents(List.of(new EvidenceEvent(EntryType.LOG_STARTED.value(), ACTOR_SERVICE, clock.instant(),
                Entries.logStartedFields(origin, signer.verifierKey()))));
        checkpoint();
        signerTask.start();
    }

    /** Stops the signer and leaves the log covered by a signature (best effort). */
    @Override
    public void close() {
        signerTask.close();
        try {
            checkpoint();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "final checkpoint not signed: {0}", e.getMessage());
        }
    }

    /** This process's checkpoint key: {@code name+keyid+base64(0x01||pubkey)}. */
    public String verifierKey() {
        return signer.verifierKey();
    }

    /** Appends events that belong to no other change (link transitions); returns the new size. */
    public long append(List<EvidenceEvent> events) {
        return store.appendEvents(events);
    }

    /** Signs and stores a checkpoint of the tree as it is now (C2SP tlog-checkpoint). */
    public synchronized StoredCheckpoint checkpoint() {
        StoredCheckpoint stored = store.signCheckpoint(
                (size, root) -> signer.sign(new Checkpoint(origin, size, root)), clock.instant());
        signedSize = Math.max(signedSize, stored.treeSize());
        signedAtNanos = System.nanoTime();
        return stored;
    }

    /** The latest checkpoint, signing one if none exists yet. */
    public StoredCheckpoint latestCheckpoint() {
        return store.latestCheckpoint().orElseGet(this::checkpoint);
    }

    /** Checkpoints in the order they were made, from the {@code start}-th, at most {@code limit}. */
    public List<StoredCheckpoint> checkpoints(long start, int limit) {
        checkRange("start", start, 0, MAX_INDEX);
        checkRange("limit", limit, 1, MAX_PAGE);
        return store.checkpoints(start, limit);
    }

    public long size() {
        return store.evidenceSize();
    }

    /** A page of entries from {@code start}: the size read, and the leaves {@code start <= i < end}. */
    public record Page(long treeSize, long start, List<byte[]> entries) {
    }

    /** Entries {@code start <= index < end} (end clipped to the log and to one page). */
    public Page entries(long start, OptionalLong end) {
        long size = store.evidenceSize();
        checkRange("start", start, 0, size);
        long stop = end.orElse(size);
        checkRange("end", stop, start, MAX_INDEX);
        stop = Math.min(Math.min(stop, size), start + MAX_PAGE);
        return new Page(size, start, store.evidenceEntries(start, stop));
    }

    /** RFC 9162 §2.1.3.1: the audit path of entry {@code index} in the tree of {@code treeSize}. */
    public Proof inclusionProof(long index, long treeSize) {
        long size = store.evidenceSize();
        checkRange("tree_size", treeSize, 1, size);
        checkRange("index", index, 0, treeSize - 1);
        var nodes = store.evidenceNodes(StoredTree.inclusionNodeIds(index, treeSize));
        return new Proof(index, treeSize, StoredTree.inclusionProofFromNodes(index, treeSize, nodes));
    }

    /** RFC 9162 §2.1.4.1: the proof that the tree of {@code second} extends that of {@code first}. */
    public Proof consistencyProof(long first, long second) {
        long size = store.evidenceSize();
        checkRange("second", second, 1, size);
        checkRange("first", first, 1, second);
        var nodes = store.evidenceNodes(StoredTree.consistencyNodeIds(first, second));
        return new Proof(first, second, StoredTree.consistencyProofFromNodes(first, second, nodes));
    }

    private void checkpointIfDue() {
        long size = store.evidenceSize();
        long waitedNanos = System.nanoTime() - signedAtNanos;
        boolean due;
        synchronized (this) {
            due = size > signedSize && (size - signedSize >= checkpointEntries
                    || waitedNanos >= checkpointInterval.toNanos());
        }
        if (due) {
            checkpoint();
        }
    }

    private static void checkRange(String name, long value, long low, long high) {
        if (value < low || value > high) {
            throw new InvalidRequestException(String.format(Locale.ROOT, "%s must be between %d and %d (got %d)",
                    name, low, high, value));
        }
    }
}
