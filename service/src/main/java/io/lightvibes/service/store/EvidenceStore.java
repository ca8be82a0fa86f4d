package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import io.lightvibes.service.evidence.EvidenceEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evidence log's storage: entries, the stored Merkle nodes and signed checkpoints.
 *
 * <p>Appends (here and inside each {@link KeyStore} change) are ordered by one lock, the single
 * head row, so several writers, in one process or many, never fork the tree. Failures throw
 * {@link StoreException} as {@link KeyStore}'s do.
 */
public interface EvidenceStore {

    /** Appends events on their own (e.g. link transitions) in one transaction; returns the new tree size. */
    long appendEvents(List<EvidenceEvent> events);

    /** How many entries the log holds. */
    long evidenceSize();

    /** The exact leaf bytes of entries {@code start <= seq < end}, in order (fewer if the log is shorter). */
    List<byte[]> evidenceEntries(long start, long end);

    /** Stored complete-subtree hashes by id, read in one query; missing ids are left out. */
    Map<NodeId, byte[]> evidenceNodes(Collection<NodeId> ids);

    /**
     * Signs the tree as it is now and stores the note, in one transaction. Holding the append lock
     * while reading the size and storing the note keeps checkpoints in tree-size order even when
     * several processes append and sign: a later-stored checkpoint never covers less.
     */
    StoredCheckpoint signCheckpoint(CheckpointSigner signer, Instant createdAt);

    /** The checkpoint stored last, if any. */
    Optional<StoredCheckpoint> latestCheckpoint();

    /** Checkpoints in the order they were made, from the {@code start}-th, at most {@code limit}. */
    List<StoredCheckpoint> checkpoints(long start, int limit);
}
