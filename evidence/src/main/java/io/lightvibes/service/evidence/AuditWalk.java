package io.lightvibes.service.evidence;

import io.lightvibes.service.evidence.EvidenceAudit.AuditFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** What an audit has established so far, and the checks that extend it (see {@link EvidenceAudit}). */
final class AuditWalk {

    private record IntroducedKey(long index, NoteVerifier verifier) {}

    private final Iterator<byte[]> entries;
    private final MerkleLog tree = MerkleLog.hashesOnly();
    private final List<IntroducedKey> keys = new ArrayList<>();
    private String origin;
    private Instant previousTime;
    private Checkpoint latest;
    private long checkpoints;

    AuditWalk(Iterator<byte[]> entries) {
        this.entries = entries;
    }

    long size() {
        return tree.size();
    }

    long checkpoints() {
        return checkpoints;
    }

    Optional<Checkpoint> latest() {
        return Optional.ofNullable(latest);
    }

    List<NoteVerifier> keys() {
        return keys.stream().map(IntroducedKey::verifier).toList();
    }

    /** Checks one checkpoint of the log's sequence, once the entries it covers are walked. */
    void checkpoint(String note, String label) {
        walkEntriesTo(claimed(note, label).treeSize());
        Opened opened = open(note, label);
        Checkpoint checkpoint = opened.checkpoint();
        if (latest != null) {
            if (checkpoint.treeSize() < latest.treeSize()) {
                throw new AuditFailure(opened.where(), "comes after a checkpoint of size " + latest.treeSize()
                        + ": an older checkpoint replayed, or checkpoints out of order");
            }
            checkConsistent(latest, checkpoint, opened.where(), "does not extend the previous checkpoint");
        }
        latest = checkpoint;
        checkpoints++;
    }

    /** Walks the entries no checkpoint covered. */
    void remainingEntries() {
        walkEntriesTo(Long.MAX_VALUE);
    }

    /** The auditor's saved checkpoint must verify and be extended by the log as it is now. */
    Checkpoint since(String note) {
        Opened opened = open(note, "since");
        Checkpoint saved = opened.checkpoint();
        if (latest != null && latest.treeSize() >= saved.treeSize()) {
            checkConsistent(saved, latest, opened.where(), "is not extended by the latest checkpoint");
        } else if (latest != null) {
            checkConsistent(latest, saved, opened.where(), "does not extend the latest checkpoint");
        }
        return saved;
    }

    private void walkEntriesTo(long end) {
        while (tree.size() < end && entries.hasNext()) {
            entry(tree.size(), entries.next());
        }
    }

    private void entry(long index, byte[] data) {
        String where = "entry " + index;
        EvidenceEntry entry;
        try {
            entry = Entries.decode(data);
        } catch (MalformedEvidenceException error) {
            throw new AuditFailure(where, "does not decode: " + error.getMessage());
        }
        if (entry.seq() != index) {
            throw new AuditFailure(where, "seq is " + entry.seq() + ", expected " + index + " (an entry dropped or reordered)");
        }
        if (previousTime != null && entry.time().isBefore(previousTime)) {
            throw new AuditFailure(where, "time " + Entries.formatTime(entry.time())
                    + " is before the previous entry's " + Entries.formatTime(previousTime));
        }
        boolean started = entry.entryType().equals(Optional.of(EntryType.LOG_STARTED));
        if (index == 0 && !started) {
            throw new AuditFailure(where, "the log must open with " + EntryType.LOG_STARTED.value());
        }
        if (started) {
            introduceKey(index, entry);
        }
        tree.append(data);
        previousTime = entry.time();
    }

    /** Records the checkpoint key a {@code log.started} entry introduces. */
    private void introduceKey(long index, EvidenceEntry entry) {
        String where = "entry " + index;
        if (!(entry.fields().get(Entries.LOG_STARTED_ORIGIN_FIELD) instanceof String claimedOrigin)
                || !(entry.fields().get(Entries.LOG_STARTED_VERIFIER_FIELD) instanceof String keyText)) {
            throw new AuditFailure(where, EntryType.LOG_STARTED.value() + " needs string fields '"
                    + Entries.LOG_STARTED_ORIGIN_FIELD + "' and '" + Entries.LOG_STARTED_VERIFIER_FIELD + "'");
        }
        NoteVerifier verifier;
        try {
            verifier = NoteVerifier.parse(keyText);
        } catch (MalformedEvidenceException error) {
            throw new AuditFailure(where, error.getMessage());
        }
        if (origin == null) {
            origin = claimedOrigin;
        } else if (!origin.equals(claimedOrigin)) {
            throw new AuditFailure(where, "origin " + quoted(claimedOrigin) + " is not this log's " + quoted(origin));
        }
        keys.add(new IntroducedKey(index, verifier));
    }

    private record Opened(Checkpoint checkpoint, String where) {}

    /** Verifies one checkpoint note against the recomputed log. */
    private Opened open(String note, String label) {
        Checkpoint claimed = claimed(note, label);
        long size = claimed.treeSize();
        String where = label + " (size " + size + ")";
        if (size > tree.size()) {
            List<NoteVerifier> signers = keysInForce(tree.size() + 1);
            boolean signed = !signers.isEmpty() && signedBy(note, signers);
            throw new AuditFailure(where, "covers " + size + " entries but the log holds " + tree.size() + ": "
                    + (signed ? "entries were removed (truncated or rolled back)" : "and no key of the log signed it"));
        }
        List<NoteVerifier> inForce = keysInForce(size);
        if (inForce.isEmpty()) {
            throw new AuditFailure(where, "no log.started entry precedes it, so no key may sign it");
        }
        try {
            SignedNotes.open(note, inForce);
        } catch (EvidenceException error) {
            throw new AuditFailure(where, "not signed by a key in force (one the log introduced): " + error.getMessage());
        }
        if (!claimed.origin().equals(origin)) {
            throw new AuditFailure(where, "origin " + quoted(claimed.origin()) + " is not this log's " + quoted(origin));
        }
        if (!Arrays.equals(claimed.rootHash(), tree.root(size))) {
            throw new AuditFailure(where, "root hash does not match the first " + size
                    + " entries (an entry was changed, or the log signed a forked tree)");
        }
        return new Opened(claimed, where);
    }

    /**
     * Checks with an RFC 9162 §2.1.4 proof that {@code newer} extends {@code older}. The auditor
     * holding only {@code older} would ask the log for this proof; here it comes from the
     * recomputed tree and is checked against the two signed roots alone.
     */
    private void checkConsistent(Checkpoint older, Checkpoint newer, String where, String failure) {
        if (older.treeSize() == 0) {
            return; // every tree extends the empty tree
        }
        List<byte[]> proof = tree.consistencyProof(older.treeSize(), newer.treeSize());
        if (!Merkle.verifyConsistency(older.treeSize(), newer.treeSize(), older.rootHash(), newer.rootHash(), proof)) {
            throw new AuditFailure(where, failure);
        }
    }

    /** The checkpoint a note carries, before its signature is checked. */
    private static Checkpoint claimed(String note, String label) {
        try {
            return Checkpoint.parse(SignedNotes.split(note).text());
        } catch (MalformedEvidenceException error) {
            throw new AuditFailure(label, error.getMessage());
        }
    }

    /** The keys that may sign a checkpoint of {@code size} entries: those introduced before it. */
    private List<NoteVerifier> keysInForce(long size) {
        return keys.stream().filter(key -> key.index() < size).map(IntroducedKey::verifier).toList();
    }

    private static boolean signedBy(String note, List<NoteVerifier> verifiers) {
        try {
            SignedNotes.open(note, verifiers);
            return true;
        } catch (EvidenceException notSigned) {
            return false;
        }
    }

    /** A value from the log, quoted on one line whatever it holds (a verdict is one line). */
    private static String quoted(String value) {
        if (value == null) {
            return "none";
        }
        StringBuilder out = new StringBuilder("'");
        value.codePoints().limit(200).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || cp == 0x2028 || cp == 0x2029) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append(value.codePointCount(0, value.length()) > 200 ? "...'" : "'").toString();
    }
}
