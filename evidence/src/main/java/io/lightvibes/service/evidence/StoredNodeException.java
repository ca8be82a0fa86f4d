package io.lightvibes.service.evidence;

import java.util.Locale;

/**
 * A stored Merkle node that a root, a proof or an append needs is missing or is not a 32-byte
 * hash: the stored tree is incomplete or damaged.
 */
public final class StoredNodeException extends EvidenceException {

    private final int level;
    private final long index;

    public StoredNodeException(int level, long index, String problem) {
        super(String.format(Locale.ROOT, "stored Merkle node (%d, %d) %s", level, index, problem), null);
        this.level = level;
        this.index = index;
    }

    public int level() {
        return level;
    }

    public long index() {
        return index;
    }
}
