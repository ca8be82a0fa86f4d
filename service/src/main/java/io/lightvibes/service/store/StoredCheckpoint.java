package io.lightvibes.service.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed checkpoint as stored.
 *
 * @param treeSize the tree size it signs
 * @param note the C2SP signed note, exactly as served
 * @param createdAt when it was made (kept to the microsecond)
 */
public record StoredCheckpoint(long treeSize, String note, Instant createdAt) {

    public StoredCheckpoint {
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
