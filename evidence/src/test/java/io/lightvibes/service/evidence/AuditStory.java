package io.lightvibes.service.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An honest log for the audit tests: entries, the checkpoints its processes signed, and each
 * process's signer (by the index of its {@code log.started} entry).
 */
record AuditStory(List<byte[]> entries, List<String> checkpoints, Map<Integer, NoteSigner> signers) {

    static final String ORIGIN = "lv.test/log";
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static NoteSigner signerFor(int seed) {
        return SignedNotesTest.signerFor(seed, ORIGIN);
    }

    static byte[] event(long seq, String note) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key_ref", "kr" + seq + note);
        fields.put("bits", 256);
        return Entries.encode(seq, T0.plusSeconds(seq), EntryType.KEY_ISSUED, "peer-a", fields);
    }

    static byte[] event(long seq) {
        return event(seq, "");
    }

    static byte[] started(long seq, NoteSigner signer, String origin) {
        return Entries.encode(seq, T0.plusSeconds(seq), EntryType.LOG_STARTED, "lightvibes",
                Entries.logStartedFields(origin, signer.verifierKey()));
    }

    static byte[] started(long seq, NoteSigner signer) {
        return started(seq, signer, ORIGIN);
    }

    /** An honest log: {@code restarts} maps an entry index to the key seed of the process started there. */
    static AuditStory write(int size, Map<Integer, Integer> restarts, Set<Integer> checkpointSizes) {
        MerkleLog log = new MerkleLog();
        List<String> notes = new ArrayList<>();
        Map<Integer, NoteSigner> signers = new HashMap<>();
        NoteSigner signer = null;
        for (int seq = 0; seq < size; seq++) {
            if (restarts.containsKey(seq)) {
                signer = signerFor(restarts.get(seq));
                signers.put(seq, signer);
                log.append(started(seq, signer));
            } else {
                log.append(event(seq));
            }
            if (checkpointSizes.contains((int) log.size())) {
                notes.add(signer.sign(new Checkpoint(ORIGIN, log.size(), log.root())));
            }
        }
        List<byte[]> entries = new ArrayList<>();
        for (long i = 0; i < log.size(); i++) {
            entries.add(log.entry(i));
        }
        return new AuditStory(List.copyOf(entries), List.copyOf(notes), Map.copyOf(signers));
    }

    /** The honest log of the tests: restarts at 0 (key A) and 10 (key B), checkpoints at 4..22. */
    static AuditStory standard() {
        return write(22, Map.of(0, 1, 10, 2), Set.of(4, 8, 10, 12, 16, 20, 22));
    }

    /** A checkpoint of the first {@code size} of {@code of}, signed by {@code signer}. */
    static String sign(int size, NoteSigner signer, List<byte[]> of) {
        return signer.sign(new Checkpoint(ORIGIN, size, Merkle.rootHash(of.subList(0, size))));
    }

    String sign(int size, NoteSigner signer) {
        return sign(size, signer, entries);
    }

    List<byte[]> entriesCopy() {
        return new ArrayList<>(entries);
    }

    List<String> checkpointsCopy() {
        return new ArrayList<>(checkpoints);
    }
}
