package io.lightvibes.service.evidence;

import static io.lightvibes.service.evidence.AuditStory.ORIGIN;
import static io.lightvibes.service.evidence.AuditStory.T0;
import static io.lightvibes.service.evidence.AuditStory.event;
import static io.lightvibes.service.evidence.AuditStory.signerFor;
import static io.lightvibes.service.evidence.AuditStory.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.evidence.AuditReport.Trust;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The offline auditor against an honest log and against every kind of tampering. The honest log
 * restarts once: entry 0 introduces key A, entry 10 key B; checkpoints are signed at sizes 4, 8,
 * 10 (by A) and 12, 16, 20, 22 (by B). Each mutation must fail and name the first bad entry or
 * checkpoint.
 */
class EvidenceAuditTest {

    final AuditStory story = AuditStory.standard();

    static AuditReport audit(List<byte[]> entries, List<String> checkpoints, List<String> trusted, String since) {
        return EvidenceAudit.audit(entries.iterator(), checkpoints, trusted, Optional.ofNullable(since));
    }

    static AuditReport audit(List<byte[]> entries, List<String> checkpoints) {
        return EvidenceAudit.audit(entries, checkpoints);
    }

    static void failedAt(AuditReport report, String where, String reason) {
        assertThat(report.ok()).as(report.verdict()).isFalse();
        assertThat(report.firstBad()).as(report.verdict()).contains(where);
        assertThat(report.verdict()).startsWith("FAIL at " + where + ": ").contains(reason).doesNotContain("\n");
    }

    @Test
    void honestLogPassesOnFirstUse() {
        AuditReport report = audit(story.entries(), story.checkpoints());
        assertThat(report.ok()).isTrue();
        assertThat(report.firstBad()).isEmpty();
        assertThat(report.entries()).isEqualTo(22);
        assertThat(report.checkpoints()).isEqualTo(7);
        String first = story.signers().get(0).verifierKey();
        assertThat(report.keys()).containsExactly(first, story.signers().get(10).verifierKey());
        assertThat(report.trust()).isEqualTo(Trust.FIRST_USE);
        assertThat(report.verdict())
                .startsWith("OK: 22 entries, 7 checkpoints verified up to size 22, 2 signing keys")
                .contains("first key trusted on first use (" + first + ")")
                .doesNotContain("\n");
    }

    @Test
    void pinnedFirstOrLaterKey() {
        String first = story.signers().get(0).verifierKey();
        String second = story.signers().get(10).verifierKey();
        String stranger = signerFor(9).verifierKey();
        AuditReport pinned = audit(story.entries(), story.checkpoints(), List.of(stranger, first), null);
        assertThat(pinned.ok()).isTrue();
        assertThat(pinned.trust()).isEqualTo(Trust.PINNED);
        assertThat(pinned.verdict()).contains("first key pinned");
        AuditReport later = audit(story.entries(), story.checkpoints(), List.of(second), null);
        assertThat(later.ok()).isTrue();
        assertThat(later.trust()).isEqualTo(Trust.PINNED_LATER);
        assertThat(later.verdict()).contains("a later key pinned");
        failedAt(audit(story.entries(), story.checkpoints(), List.of(stranger), null),
                "keys", "none of the log's signing keys is a trusted key");
        assertThatThrownBy(() -> audit(story.entries(), story.checkpoints(), List.of("not a key"), null))
                .isInstanceOf(MalformedEvidenceException.class).hasMessageContaining("Malformed verifier key");
    }

    @Test
    void sinceASavedCheckpoint() {
        AuditReport report = audit(story.entries(), story.checkpoints(), List.of(), story.checkpoints().get(3));
        assertThat(report.ok()).isTrue();
        assertThat(report.verdict()).contains("consistent with the saved checkpoint of size 12");
        // A saved checkpoint newer than every checkpoint the log still shows.
        report = audit(story.entries(), story.checkpoints().subList(0, 4), List.of(), story.checkpoints().get(6));
        assertThat(report.ok()).as(report.verdict()).isTrue();
        assertThat(report.verdict()).doesNotContain("2 newest");
        report = audit(story.entries(), story.checkpoints().subList(0, 5));
        assertThat(report.ok()).isTrue();
        assertThat(report.verdict()).contains("6 newest entries not yet in a checkpoint");
    }

    @Test
    void emptyLogPassesAndUnsignedEntriesFail() {
        assertThat(audit(List.of(), List.of()).ok()).isTrue();
        assertThat(audit(List.of(), List.of()).verdict()).isEqualTo("OK: the log is empty and no checkpoint was given");
        AuditStory unsigned = AuditStory.write(5, Map.of(0, 1), Set.of());
        failedAt(audit(unsigned.entries(), List.of()), "checkpoints", "no signed checkpoint vouches");
    }

    @Test
    void everySingleBitFlipOfEveryEntryIsCaught() {
        List<Integer> sizes = List.of(2, 4, 6, 8);
        AuditStory small = AuditStory.write(8, Map.of(0, 1, 4, 2), Set.copyOf(sizes));
        for (int index = 0; index < small.entries().size(); index++) {
            int at = index;
            int position = sizes.indexOf(sizes.stream().filter(size -> size > at).findFirst().orElseThrow());
            // The entry itself, the next one (if a flipped time now runs ahead of it), or the first
            // checkpoint that covers it (if the flipped entry still decodes and keeps the order).
            Set<String> allowed = Set.of("entry " + index, "entry " + (index + 1),
                    "checkpoint " + position + " (size " + sizes.get(position) + ")");
            byte[] original = small.entries().get(index);
            for (int offset = 0; offset < original.length; offset++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] flipped = original.clone();
                    flipped[offset] ^= (byte) (1 << bit);
                    List<byte[]> entries = small.entriesCopy();
                    entries.set(index, flipped);
                    AuditReport report = audit(entries, small.checkpoints());
                    assertThat(report.ok()).as("entry %d byte %d bit %d", index, offset, bit).isFalse();
                    assertThat(allowed).as(report.verdict()).contains(report.firstBad().orElseThrow());
                }
            }
        }
    }

    @Test
    void everySingleBitFlipOfEveryCheckpointIsCaughtAtThatCheckpoint() {
        AuditStory small = AuditStory.write(8, Map.of(0, 1, 4, 2), Set.of(2, 4, 6, 8));
        for (int position = 0; position < small.checkpoints().size(); position++) {
            byte[] original = small.checkpoints().get(position).getBytes(StandardCharsets.UTF_8);
            for (int offset = 0; offset < original.length; offset++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] flipped = original.clone();
                    flipped[offset] ^= (byte) (1 << bit);
                    List<String> checkpoints = small.checkpointsCopy();
                    checkpoints.set(position, new String(flipped, StandardCharsets.UTF_8));
                    AuditReport report = audit(small.entries(), checkpoints);
                    assertThat(report.ok()).as("checkpoint %d byte %d bit %d", position, offset, bit).isFalse();
                    assertThat(report.firstBad().orElseThrow()).as(report.verdict()).startsWith("checkpoint " + position);
                }
            }
        }
    }

    @Test
    void reorderedEntries() {
        List<byte[]> entries = story.entriesCopy();
        entries.set(5, story.entries().get(6));
        entries.set(6, story.entries().get(5));
        failedAt(audit(entries, story.checkpoints()), "entry 5", "seq is 6, expected 5");
    }

    @Test
    void truncatedLog() {
        AuditReport report = audit(story.entries().subList(0, 15), story.checkpoints());
        failedAt(report, "checkpoint 4 (size 16)", "entries were removed");
        assertThat(report.entries()).isEqualTo(15);
        assertThat(report.checkpoints()).isEqualTo(4);
    }

    @Test
    void truncationWithItsCheckpointsNeedsASavedCheckpoint() {
        // The honest limit: entries and checkpoints removed together leave a consistent log...
        assertThat(audit(story.entries().subList(0, 15), story.checkpoints().subList(0, 4)).ok()).isTrue();
        // ...that an auditor who saved a later checkpoint catches.
        failedAt(audit(story.entries().subList(0, 15), story.checkpoints().subList(0, 4), List.of(), story.checkpoints().get(5)),
                "since (size 20)", "covers 20 entries but the log holds 15");
    }

    @Test
    void rewrittenEntry() {
        List<byte[]> entries = story.entriesCopy();
        entries.set(7, event(7, "-rewritten"));
        failedAt(audit(entries, story.checkpoints()), "checkpoint 1 (size 8)", "root hash");
    }

    @Test
    void droppedEntry() {
        List<byte[]> entries = story.entriesCopy();
        entries.remove(7);
        failedAt(audit(entries, story.checkpoints()), "entry 7", "seq is 8, expected 7");
    }

    @Test
    void droppedEntryWithTheRestRenumbered() {
        List<byte[]> entries = new ArrayList<>(story.entries().subList(0, 7));
        for (int seq = 7; seq < 21; seq++) {
            // Each later event moves down one place, keeping what it said.
            entries.add(seq == 9 ? started(seq, story.signers().get(10)) : event(seq, "-was" + (seq + 1)));
        }
        failedAt(audit(entries, story.checkpoints()), "checkpoint 1 (size 8)", "root hash");
    }

    @Test
    void checkpointForgedWithAnotherKey() {
        List<String> checkpoints = story.checkpointsCopy();
        checkpoints.set(3, story.sign(12, signerFor(66)));
        AuditReport report = audit(story.entries(), checkpoints);
        failedAt(report, "checkpoint 3 (size 12)", "not signed by a key in force");
        assertThat(report.checkpoints()).isEqualTo(3);
    }

    @Test
    void everyIntroducedKeyMaySignLaterCheckpoints() {
        // Several processes share a log: key A may still sign after entry 10 introduced key B.
        List<String> checkpoints = story.checkpointsCopy();
        checkpoints.add(3, story.sign(11, story.signers().get(0)));
        assertThat(audit(story.entries(), checkpoints).ok()).isTrue();
        checkpoints.set(3, story.sign(11, story.signers().get(10)));
        checkpoints.add(checkpoints.getLast());
        assertThat(audit(story.entries(), checkpoints).ok()).isTrue();
    }

    @Test
    void aKeyCannotSignBeforeItWasIntroduced() {
        // Key B (introduced at entry 10) cannot vouch for a tree of 10 or fewer entries.
        List<String> checkpoints = story.checkpointsCopy();
        checkpoints.set(1, story.sign(8, story.signers().get(10)));
        failedAt(audit(story.entries(), checkpoints), "checkpoint 1 (size 8)", "key");
    }

    @Test
    void aCheckpointWithAnExtraUnknownSignatureIsJudgedByTheKeyInForce() {
        String forged = story.sign(12, signerFor(66));
        String extra = forged.substring(forged.lastIndexOf("\n\n") + 2);
        List<String> checkpoints = story.checkpointsCopy();
        checkpoints.set(3, checkpoints.get(3) + extra);
        assertThat(audit(story.entries(), checkpoints).ok()).isTrue();
    }

    @Test
    void replayedOlderCheckpoint() {
        List<String> replayed = story.checkpointsCopy();
        replayed.add(story.checkpoints().get(1));
        failedAt(audit(story.entries(), replayed), "checkpoint 7 (size 8)", "older checkpoint replayed");
        List<String> swapped = story.checkpointsCopy();
        swapped.set(2, story.checkpoints().get(3));
        swapped.set(3, story.checkpoints().get(2));
        failedAt(audit(story.entries(), swapped), "checkpoint 3 (size 10)", "out of order");
    }

    @Test
    void rolledBackLogUnderASavedCheckpoint() {
        failedAt(audit(story.entries().subList(0, 12), story.checkpoints().subList(0, 4), List.of(), story.checkpoints().get(6)),
                "since (size 22)", "entries were removed");
    }

    @Test
    void checkpointOfAForkedTree() {
        List<byte[]> fork = story.entriesCopy();
        fork.set(13, event(13, "-fork"));
        List<String> checkpoints = story.checkpointsCopy();
        checkpoints.set(4, AuditStory.sign(16, story.signers().get(10), fork));
        failedAt(audit(story.entries(), checkpoints), "checkpoint 4 (size 16)", "root hash");
        // An auditor who saved the fork's checkpoint sees the log is not the one it was shown.
        failedAt(audit(story.entries(), story.checkpoints(), List.of(), checkpoints.get(4)), "since (size 16)", "root hash");
    }

    @Test
    void checkpointForAnotherOrigin() {
        List<String> checkpoints = story.checkpointsCopy();
        byte[] root = Merkle.rootHash(story.entries().subList(0, 8));
        checkpoints.set(1, story.signers().get(0).sign(new Checkpoint("other.example/log", 8, root)));
        failedAt(audit(story.entries(), checkpoints), "checkpoint 1 (size 8)", "origin");
    }

    @Test
    void garbageCheckpoints() {
        for (String junk : Arrays.asList("", "hello\n\n\u2014 x AAAAAAAA\n",
                story.checkpoints().get(0).replace("\n4\n", "\n04\n"), null)) {
            List<String> checkpoints = new ArrayList<>();
            checkpoints.add(junk);
            checkpoints.addAll(story.checkpoints());
            failedAt(audit(story.entries(), checkpoints), "checkpoint 0", "Malformed");
        }
        failedAt(audit(story.entries(), story.checkpoints(), List.of(), "not a note"), "since", "Malformed");
    }

    @Test
    void logMustOpenWithLogStarted() {
        List<byte[]> entries = story.entriesCopy();
        entries.set(0, event(0));
        failedAt(audit(entries, story.checkpoints()), "entry 0", "must open with log.started");
    }

    @Test
    void timeRunningBackwards() {
        List<byte[]> entries = story.entriesCopy();
        entries.set(6, Entries.encode(6, T0, EntryType.KEY_ISSUED, "peer-a", Map.of("key_ref", "kr6")));
        failedAt(audit(entries, story.checkpoints()), "entry 6", "before the previous entry");
        // Equal times are fine (several events in one microsecond).
        List<byte[]> sameTime = new ArrayList<>(List.of(story.entries().get(0)));
        for (int i = 1; i < 4; i++) {
            sameTime.add(Entries.encode(i, T0, EntryType.KEY_ISSUED, "a", Map.of()));
        }
        assertThat(audit(sameTime, List.of(AuditStory.sign(4, story.signers().get(0), sameTime))).ok()).isTrue();
    }

    @Test
    void restartClaimingAnotherOrigin() {
        List<byte[]> entries = story.entriesCopy();
        entries.set(10, started(10, story.signers().get(10), "other.example/log\nFAKE"));
        failedAt(audit(entries, story.checkpoints()), "entry 10", "origin 'other.example/log\\u000aFAKE' is not this log's");
    }

    @Test
    void logStartedWithoutAUsableKey() {
        List<byte[]> entries = story.entriesCopy();
        entries.set(10, Entries.encode(10, T0.plusSeconds(10), EntryType.LOG_STARTED, "lightvibes",
                Map.of("origin", ORIGIN, "verifier", "nonsense")));
        failedAt(audit(entries, story.checkpoints()), "entry 10", "Malformed verifier key");
        entries.set(10, Entries.encode(10, T0.plusSeconds(10), EntryType.LOG_STARTED, "lightvibes", Map.of("origin", ORIGIN)));
        failedAt(audit(entries, story.checkpoints()), "entry 10", "needs string fields");
    }

    @Test
    void auditNeverThrowsOnGarbage() {
        Random random = new Random(6962);
        for (int round = 0; round < 150; round++) {
            List<byte[]> entries = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                byte[] noise = new byte[random.nextInt(60)];
                random.nextBytes(noise);
                entries.add(switch (random.nextInt(3)) {
                    case 0 -> noise;
                    case 1 -> story.entries().get(random.nextInt(story.entries().size()));
                    default -> null;
                });
            }
            List<String> checkpoints = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                byte[] noise = new byte[20];
                random.nextBytes(noise);
                checkpoints.add(switch (random.nextInt(4)) {
                    case 0 -> HexFormat.of().formatHex(noise);
                    case 1 -> story.checkpoints().get(random.nextInt(story.checkpoints().size()));
                    case 2 -> new String(new byte[] {(byte) 0xff}, StandardCharsets.ISO_8859_1);
                    default -> null;
                });
            }
            AuditReport report = audit(entries, checkpoints);
            assertThat(report.ok()).as(report.verdict()).isEqualTo(entries.isEmpty() && checkpoints.isEmpty());
        }
    }
}
