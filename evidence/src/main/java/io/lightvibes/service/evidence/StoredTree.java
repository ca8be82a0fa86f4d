package io.lightvibes.service.evidence;

import io.lightvibes.service.evidence.EvidenceAppends.Node;
import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import io.lightvibes.service.evidence.EvidenceAppends.NodeReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedSet;

/**
 * A Merkle tree kept as stored perfect subtrees: appends in O(log n) hashes, roots and proofs
 * from O(log n) node reads fetched in one query.
 *
 * <p>The store keeps the hash of every complete subtree, addressed {@code (level, index)}: level 0
 * holds the leaf hashes and node {@code (l, i)} covers leaves {@code [i·2^l, (i+1)·2^l)}. Such a
 * node never changes once its last leaf is appended, so the nodes of a tree of size n are also
 * those of every earlier size. A subtree RFC 9162 §2.1 hashes that is not complete lies on the
 * right edge of its tree and is rebuilt from the complete nodes that tile it. The functions are
 * pure: they say which node ids an answer needs and assemble it from those nodes, byte for byte
 * what {@link Merkle} computes over the full list of entries.
 */
public final class StoredTree {

    private StoredTree() {}

    /**
     * The complete-subtree nodes that appending leaf number {@code size} completes, leaf first.
     * Each is new and never rewritten. {@code read} is asked only for the left siblings along the
     * right edge, once per trailing 1 bit of {@code size}.
     */
    public static List<Node> nodesCreatedByAppend(long size, byte[] leafHash, NodeReader read) {
        checkSize(size);
        if (leafHash.length != Merkle.HASH_SIZE) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "a leaf hash is %d bytes, got %d", Merkle.HASH_SIZE, leafHash.length));
        }
        List<Node> created = new ArrayList<>();
        Merkle.Hasher hasher = new Merkle.Hasher();
        int level = 0;
        long index = size;
        byte[] current = leafHash.clone();
        created.add(new Node(level, index, current));
        // A node that is a right child (odd index) completes its parent: climb while that holds.
        while ((index & 1) == 1) {
            current = hasher.node(checked(level, index - 1, read.read(level, index - 1)), current);
            level++;
            index >>>= 1;
            created.add(new Node(level, index, current));
        }
        return Collections.unmodifiableList(created);
    }

    /** The complete subtrees that tile a tree of {@code size} leaves, left to right (one per set bit). */
    public static List<NodeId> rootNodeIds(long size) {
        checkSize(size);
        return tiling(0, size);
    }

    /** MTH of the first {@code size} leaves (RFC 9162 §2.1.1) from the nodes of {@link #rootNodeIds}. */
    public static byte[] rootFromNodes(long size, Map<NodeId, byte[]> nodes) {
        return rootFromNodes(size, reader(nodes));
    }

    /** {@link #rootFromNodes(long, Map)} reading each node from {@code nodes}. */
    public static byte[] rootFromNodes(long size, NodeReader nodes) {
        checkSize(size);
        return size == 0 ? Merkle.emptyRootHash() : rangeHash(new Merkle.Hasher(), 0, size, nodes);
    }

    /** The stored nodes an inclusion proof of leaf {@code index} in a tree of {@code size} needs. */
    public static List<NodeId> inclusionNodeIds(long index, long size) {
        checkIndex(index, size);
        return idsOf(inclusionRanges(index, size));
    }

    /** PATH(index, D_size) (RFC 9162 §2.1.3.1) from the nodes of {@link #inclusionNodeIds}. */
    public static List<byte[]> inclusionProofFromNodes(long index, long size, Map<NodeId, byte[]> nodes) {
        return inclusionProofFromNodes(index, size, reader(nodes));
    }

    /** {@link #inclusionProofFromNodes(long, long, Map)} reading each node from {@code nodes}. */
    public static List<byte[]> inclusionProofFromNodes(long index, long size, NodeReader nodes) {
        checkIndex(index, size);
        return hashesOf(inclusionRanges(index, size), nodes);
    }

    /** The stored nodes a consistency proof from {@code oldSize} to {@code newSize} needs. */
    public static List<NodeId> consistencyNodeIds(long oldSize, long newSize) {
        checkSizes(oldSize, newSize);
        return idsOf(consistencyRanges(oldSize, newSize));
    }

    /**
     * PROOF(oldSize, D_newSize) (RFC 9162 §2.1.4.1) from the nodes of {@link #consistencyNodeIds}:
     * empty when the sizes are equal, refused unless {@code 0 < oldSize <= newSize}, exactly like
     * {@link Merkle#consistencyProof}.
     */
    public static List<byte[]> consistencyProofFromNodes(long oldSize, long newSize, Map<NodeId, byte[]> nodes) {
        return consistencyProofFromNodes(oldSize, newSize, reader(nodes));
    }

    /** {@link #consistencyProofFromNodes(long, long, Map)} reading each node from {@code nodes}. */
    public static List<byte[]> consistencyProofFromNodes(long oldSize, long newSize, NodeReader nodes) {
        checkSizes(oldSize, newSize);
        return hashesOf(consistencyRanges(oldSize, newSize), nodes);
    }

    /** Leaves {@code [start, end)} of one subtree the RFC hashes. */
    private record Range(long start, long end) {}

    /**
     * The complete subtrees that tile leaves {@code [start, end)}, left to right. Only called for
     * ranges the RFC's recursion produces, whose start is a multiple of every power of two not
     * above their length, so taking the biggest blocks first tiles them.
     */
    private static List<NodeId> tiling(long start, long end) {
        List<NodeId> tiles = new ArrayList<>();
        long position = start;
        long remaining = end - start;
        for (int level = 63 - Long.numberOfLeadingZeros(remaining); level >= 0; level--) {
            if ((remaining >>> level & 1) == 1) {
                tiles.add(new NodeId(level, position >>> level));
                position += 1L << level;
            }
        }
        return tiles;
    }

    /** MTH of leaves {@code [start, end)}: the right fold of its tiles, as §2.1.1 splits at k. */
    private static byte[] rangeHash(Merkle.Hasher hasher, long start, long end, NodeReader nodes) {
        List<NodeId> tiles = tiling(start, end);
        NodeId last = tiles.getLast();
        byte[] result = checked(last.level(), last.index(), nodes.read(last.level(), last.index())).clone();
        for (int i = tiles.size() - 2; i >= 0; i--) {
            NodeId left = tiles.get(i);
            result = hasher.node(checked(left.level(), left.index(), nodes.read(left.level(), left.index())), result);
        }
        return result;
    }

    private static NodeReader reader(Map<NodeId, byte[]> nodes) {
        return (level, index) -> nodes.get(new NodeId(level, index));
    }

    /** The subtrees PATH(index, D_size) hashes (§2.1.3.1), in the RFC's order (leaf level first). */
    private static List<Range> inclusionRanges(long index, long size) {
        List<Range> ranges = new ArrayList<>();
        long start = 0;
        long end = size;
        long m = index;
        while (end - start > 1) {
            long k = Merkle.largestPowerOfTwoBelow(end - start);
            if (m < k) {
                // PATH(m, D[0:k]) : MTH(D[k:n])
                ranges.add(new Range(start + k, end));
                end = start + k;
            } else {
                // PATH(m - k, D[k:n]) : MTH(D[0:k])
                ranges.add(new Range(start, start + k));
                start += k;
                m -= k;
            }
        }
        // The loop walks from the root down; the RFC appends on the way back up.
        return ranges.reversed();
    }

    /** The subtrees PROOF(oldSize, D_newSize) hashes (§2.1.4.1), in the RFC's order. */
    private static List<Range> consistencyRanges(long oldSize, long newSize) {
        List<Range> ranges = new ArrayList<>();
        long start = 0;
        long end = newSize;
        long m = oldSize;
        boolean complete = true;
        while (m != end - start) {
            long k = Merkle.largestPowerOfTwoBelow(end - start);
            if (m <= k) {
                // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
                ranges.add(new Range(start + k, end));
                end = start + k;
            } else {
                // SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
                ranges.add(new Range(start, start + k));
                start += k;
                m -= k;
                complete = false;
            }
        }
        if (!complete) {
            // SUBPROOF(m, D[m], false) = {MTH(D[m])}; with b still true the old tree is a node the
            // verifier already holds as its root, so nothing is added.
            ranges.add(new Range(start, end));
        }
        return ranges.reversed();
    }

    private static List<NodeId> idsOf(List<Range> ranges) {
        SequencedSet<NodeId> ids = new LinkedHashSet<>();
        for (Range range : ranges) {
            ids.addAll(tiling(range.start(), range.end()));
        }
        return List.copyOf(ids);
    }

    private static List<byte[]> hashesOf(List<Range> ranges, NodeReader nodes) {
        List<byte[]> hashes = new ArrayList<>(ranges.size());
        Merkle.Hasher hasher = new Merkle.Hasher();
        for (Range range : ranges) {
            hashes.add(rangeHash(hasher, range.start(), range.end(), nodes));
        }
        return Collections.unmodifiableList(hashes);
    }

    private static byte[] checked(int level, long index, byte[] hash) {
        if (hash == null) {
            throw new StoredNodeException(level, index, "is missing");
        }
        if (hash.length != Merkle.HASH_SIZE) {
            throw new StoredNodeException(level, index, "is " + hash.length + " bytes, not " + Merkle.HASH_SIZE);
        }
        return hash;
    }

    private static void checkSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "tree size %d is negative", size));
        }
    }

    private static void checkIndex(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "no inclusion proof for index %d in a tree of %d entries", index, size));
        }
    }

    private static void checkSizes(long oldSize, long newSize) {
        if (oldSize <= 0 || oldSize > newSize) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "no consistency proof from size %d to size %d: need 0 < old <= new", oldSize, newSize));
        }
    }
}
