package io.lightvibes.service.evidence;

import io.lightvibes.service.evidence.EvidenceAppends.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An in-memory log on the stored-node model of {@link StoredTree}: for tests, fakes and the
 * offline auditor. Not thread-safe; callers that share one lock around it.
 */
public final class MerkleLog {

    private final List<byte[]> entries = new ArrayList<>();
    private final NodeStore nodes = new NodeStore();
    private final boolean keepEntries;
    private long size;

    /** An empty log that keeps its entries' bytes. */
    public MerkleLog() {
        this(true);
    }

    private MerkleLog(boolean keepEntries) {
        this.keepEntries = keepEntries;
    }

    /** An empty log that keeps only the tree (the auditor's: it never reads an entry back). */
    static MerkleLog hashesOnly() {
        return new MerkleLog(false);
    }

    /** The number of entries appended so far. */
    public long size() {
        return size;
    }

    /** Appends one entry's bytes (copied) and returns its index. */
    public long append(byte[] entry) {
        long index = size;
        for (Node node : StoredTree.nodesCreatedByAppend(index, Merkle.leafHash(entry), nodes)) {
            nodes.add(node);
        }
        if (keepEntries) {
            entries.add(entry.clone());
        }
        size++;
        return index;
    }

    /** A copy of the exact bytes of entry {@code index}. */
    public byte[] entry(long index) {
        if (!keepEntries) {
            throw new IllegalStateException("this log keeps only its tree");
        }
        return entries.get(Math.toIntExact(index)).clone();
    }

    /** The stored hash of complete subtree {@code (level, index)}, if it is complete yet. */
    public Optional<byte[]> node(int level, long index) {
        return Optional.ofNullable(nodes.read(level, index));
    }

    /** The root hash of the tree of all entries. */
    public byte[] root() {
        return root(size());
    }

    /** The root hash of the tree of the first {@code size} entries. */
    public byte[] root(long size) {
        return StoredTree.rootFromNodes(checked(size), nodes);
    }

    /** The audit path of entry {@code index} in the tree of the first {@code size} entries. */
    public List<byte[]> inclusionProof(long index, long size) {
        return StoredTree.inclusionProofFromNodes(index, checked(size), nodes);
    }

    /** The consistency proof from {@code oldSize} to {@code newSize} entries. */
    public List<byte[]> consistencyProof(long oldSize, long newSize) {
        return StoredTree.consistencyProofFromNodes(oldSize, checked(newSize), nodes);
    }

    private long checked(long size) {
        if (size < 0 || size > this.size) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "tree size %d is not in 0..%d", size, this.size));
        }
        return size;
    }
}
