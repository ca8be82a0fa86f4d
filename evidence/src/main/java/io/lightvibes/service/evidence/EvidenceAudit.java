package io.lightvibes.service.evidence;

import io.lightvibes.service.evidence.AuditReport.Trust;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The offline auditor: recomputes the tree from the entries and checks every signed checkpoint,
 * trusting nothing but, at best, a pinned public key ({@code docs/EVIDENCE.md}, Auditing).
 *
 * <p>Entries and checkpoints are walked together in log order (each checkpoint once the entries
 * it covers are checked), so the first failure named is the earliest the log shows:
 * <ol>
 *   <li>each entry decodes, its {@code seq} is its index, its time is not before the previous
 *       entry's, entry 0 is {@code log.started}, every {@code log.started} names the log's origin
 *       and a valid key;
 *   <li>each checkpoint is signed by a key in force at its size (introduced by a {@code log.started}
 *       entry before it), names the origin, covers no more entries than exist, and carries the
 *       root of its first {@code size} entries;
 *   <li>checkpoints never shrink, and each is shown consistent with the previous one by an RFC 9162
 *       consistency proof checked against the two signed roots alone;
 *   <li>{@code since}, a checkpoint the auditor saved, verifies the same way and is consistent with
 *       the latest checkpoint.
 * </ol>
 */
public final class EvidenceAudit {

    private EvidenceAudit() {}

    /** {@link #audit(Iterator, List, List, Optional)} with nothing pinned and no saved checkpoint. */
    public static AuditReport audit(List<byte[]> entries, List<String> checkpoints) {
        return audit(entries.iterator(), checkpoints, List.of(), Optional.empty());
    }

    /**
     * Audits a whole log: its entries' exact bytes in log order (read lazily, so a source can
     * stream them) and its signed checkpoint notes in the order the log issued them.
     *
     * @param trustedKeys verifier keys the auditor pinned; when given, one of the log's keys must
     *     be among them
     * @param since a checkpoint note the auditor saved earlier: it must verify and the log must
     *     still extend it
     * @throws MalformedEvidenceException if a trusted key is malformed (the auditor's input is
     *     wrong, not the log); everything wrong with the log is a failed report
     * @throws EvidenceSourceException if reading the entries fails
     */
    public static AuditReport audit(
            Iterator<byte[]> entries, List<String> checkpoints, List<String> trustedKeys, Optional<String> since) {
        List<NoteVerifier> pinned = trustedKeys.stream().map(NoteVerifier::parse).toList();
        AuditWalk walk = new AuditWalk(entries);
        Trust trust = pinned.isEmpty() ? Trust.FIRST_USE : Trust.PINNED;
        Optional<Checkpoint> saved = Optional.empty();
        try {
            for (int position = 0; position < checkpoints.size(); position++) {
                walk.checkpoint(checkpoints.get(position), "checkpoint " + position);
            }
            walk.remainingEntries();
            if (!pinned.isEmpty()) {
                trust = pinnedTrust(walk, pinned);
            }
            if (walk.size() > 0 && walk.latest().isEmpty()) {
                throw new AuditFailure("checkpoints",
                        "no signed checkpoint vouches for the " + walk.size() + " entries");
            }
            if (since.isPresent()) {
                saved = Optional.of(walk.since(since.get()));
            }
        } catch (AuditFailure failure) {
            return new AuditReport(false, "FAIL at " + failure.where() + ": " + failure.reason(), walk.size(),
                    walk.checkpoints(), Optional.of(failure.where()), keyTexts(walk), trust);
        }
        return new AuditReport(true, successVerdict(walk, trust, saved), walk.size(), walk.checkpoints(),
                Optional.empty(), keyTexts(walk), trust);
    }

    private static Trust pinnedTrust(AuditWalk walk, List<NoteVerifier> pinned) {
        List<NoteVerifier> keys = walk.keys();
        if (!keys.isEmpty() && pinned.contains(keys.getFirst())) {
            return Trust.PINNED;
        }
        if (keys.stream().anyMatch(pinned::contains)) {
            return Trust.PINNED_LATER;
        }
        throw new AuditFailure("keys",
                "none of the log's signing keys is a trusted key: " + String.join(", ", keyTexts(walk)));
    }

    private static List<String> keyTexts(AuditWalk walk) {
        LinkedHashSet<String> texts = new LinkedHashSet<>();
        walk.keys().forEach(key -> texts.add(key.verifierKey()));
        return List.copyOf(texts);
    }

    private static String successVerdict(AuditWalk walk, Trust trust, Optional<Checkpoint> saved) {
        long size = walk.size();
        if (size == 0) {
            return "OK: the log is empty and no checkpoint was given";
        }
        Checkpoint latest = walk.latest().orElseThrow(); // a non-empty log without one failed above
        List<String> keys = keyTexts(walk);
        List<String> parts = new ArrayList<>();
        parts.add("OK: " + size + " entries, " + walk.checkpoints() + " checkpoints verified up to size "
                + latest.treeSize() + ", " + keys.size() + " signing key" + (keys.size() == 1 ? "" : "s"));
        parts.add(switch (trust) {
            case PINNED -> "first key pinned";
            case PINNED_LATER -> "a later key pinned, first key trusted on first use (" + keys.getFirst() + ")";
            case FIRST_USE -> "first key trusted on first use (" + keys.getFirst() + ")";
        });
        saved.ifPresent(checkpoint ->
                parts.add("consistent with the saved checkpoint of size " + checkpoint.treeSize()));
        if (latest.treeSize() < size) {
            parts.add((size - latest.treeSize()) + " newest entries not yet in a checkpoint");
        }
        return String.join("; ", parts);
    }

    /** The first failure: where it is and why, which ends the audit. */
    static final class AuditFailure extends RuntimeException {

        private final String where;
        private final String reason;

        AuditFailure(String where, String reason) {
            super(where + ": " + reason, null, false, false);
            this.where = where;
            // A verdict is one line, whatever a parser's message held.
            this.reason = reason.replaceAll("[\\r\\n]+", " ");
        }

        String where() {
            return where;
        }

        String reason() {
            return reason;
        }
    }
}
