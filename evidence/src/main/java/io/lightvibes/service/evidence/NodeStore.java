package io.lightvibes.service.evidence;

import io.lightvibes.service.evidence.EvidenceAppends.Node;
import io.lightvibes.service.evidence.EvidenceAppends.NodeReader;
import java.util.Arrays;

/**
 * Complete-subtree hashes in memory, one packed array of 32-byte hashes per level: about 64 bytes
 * per entry in all, so an auditor holds the tree of millions of entries. Nodes arrive in append
 * order, so each level only grows at its end. Not thread-safe.
 */
final class NodeStore implements NodeReader {

    private static final int MAX_LEVELS = 64;
    // Java arrays are int-indexed: level 0 holds at most this many 32-byte hashes.
    private static final long MAX_NODES_PER_LEVEL = Integer.MAX_VALUE / Merkle.HASH_SIZE;

    private final byte[][] levels = new byte[MAX_LEVELS][];
    private final long[] counts = new long[MAX_LEVELS];

    /** Stores the node append just completed: the next one of its level. */
    void add(Node node) {
        int level = node.level();
        if (node.index() != counts[level]) {
            throw new IllegalStateException("node " + node.id() + " is not the next of its level");
        }
        if (counts[level] >= MAX_NODES_PER_LEVEL) {
            throw new IllegalStateException("an in-memory tree holds at most " + MAX_NODES_PER_LEVEL + " entries");
        }
        int offset = Math.toIntExact(counts[level] * Merkle.HASH_SIZE);
        byte[] packed = levels[level] == null ? new byte[Merkle.HASH_SIZE * 16] : levels[level];
        if (offset + Merkle.HASH_SIZE > packed.length) {
            long grown = Math.min((long) packed.length * 2, MAX_NODES_PER_LEVEL * Merkle.HASH_SIZE);
            packed = Arrays.copyOf(packed, (int) grown);
        }
        System.arraycopy(node.hash(), 0, packed, offset, Merkle.HASH_SIZE);
        levels[level] = packed;
        counts[level]++;
    }

    /** The hash of node {@code (level, index)}, or null while it is not complete. */
    @Override
    public byte[] read(int level, long index) {
        if (level < 0 || level >= MAX_LEVELS || index < 0 || index >= counts[level]) {
            return null;
        }
        int offset = (int) (index * Merkle.HASH_SIZE);
        return Arrays.copyOfRange(levels[level], offset, offset + Merkle.HASH_SIZE);
    }
}
