package io.lightvibes.service.evidence;

import io.lightvibes.service.evidence.EvidenceAppends.Node;
import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory log on the stored-node model of {@link StoredTree}: for tests, fakes and the
 * offline auditor. Not thread-safe; callers that share one lock around it.
 */
public final class MerkleLog {

    private final List<byte[]> entries = new ArrayList<>();
    private final Map<NodeId, byte[]> nodes = new HashMap<>();

    /** The number of entries appended so far. */
    public long size() {
        return entries.size();
    }

    /** Appends one entry's bytes (copied) and returns its index. */
    public long append(byte[] entry) {
        long index = entries.size();
        List<Node> created = StoredTree.nodesCreatedByAppend(
                index, Merkle.leafHash(entry), (level, i) -> nodes.get(new NodeId(level, i)));
        for (Node node : created) {
            nodes.put(node.id(), node.hash());
        }
        entries.add(entry.clone());
        return index;
    }

    /** A copy of the exact bytes of entry {@code index}. */
    public byte[] entry(long index) {
        return entries.get(Math.toIntExact(index)).clone();
    }

    /** The stored hash of complete subtree {@code (level, index)}, if it is complete yet. */
    public Optional<byte[]> node(int level, long index) {
        return Optional.ofNullable(nodes.get(new NodeId(level, index))).map(byte[]::clone);
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
        if (size < 0 || size > entries.size()) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "tree size %d is not in 0..%d", size, entries.size()));
        }
        return size;
    }
}
