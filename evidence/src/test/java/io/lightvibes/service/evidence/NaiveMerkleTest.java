package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Merkle} against a naive, independent construction for every tree up to 70 leaves: the
 * tree built level by level from the leaves up, an unpaired last node promoted unchanged to the
 * next level (which is what RFC 9162's split at the largest power of two amounts to), and audit
 * paths read off those levels. A consistency proof is checked by what it must prove: it verifies
 * against these roots for its own pair of sizes and for no other old size.
 */
class NaiveMerkleTest {

    static final int LIMIT = 70;

    /** All levels of the tree, leaf hashes first, the root's level last. */
    static List<List<byte[]>> levels(List<byte[]> leaves) {
        List<List<byte[]>> levels = new ArrayList<>();
        List<byte[]> level = new ArrayList<>();
        leaves.forEach(leaf -> level.add(Merkle.leafHash(leaf)));
        levels.add(level);
        while (levels.getLast().size() > 1) {
            List<byte[]> below = levels.getLast();
            List<byte[]> above = new ArrayList<>();
            for (int i = 0; i + 1 < below.size(); i += 2) {
                above.add(Merkle.nodeHash(below.get(i), below.get(i + 1)));
            }
            if (below.size() % 2 == 1) {
                above.add(below.getLast()); // promoted: no sibling to pair with yet
            }
            levels.add(above);
        }
        return levels;
    }

    static byte[] naiveRoot(List<byte[]> leaves) {
        return leaves.isEmpty() ? Merkle.emptyRootHash() : levels(leaves).getLast().getFirst();
    }

    /** The sibling at each level where there is one, from the leaf up. */
    static List<byte[]> naivePath(List<byte[]> leaves, int index) {
        List<byte[]> path = new ArrayList<>();
        int position = index;
        for (List<byte[]> level : levels(leaves)) {
            int sibling = position ^ 1;
            if (sibling < level.size()) {
                path.add(level.get(sibling));
            }
            position /= 2;
        }
        return path;
    }

    static List<byte[]> leaves(int size) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(("naive " + i).getBytes(StandardCharsets.UTF_8));
        }
        return leaves;
    }

    @Test
    void rootsAndAuditPathsEqualTheNaiveTreeForEverySizeAndIndex() {
        List<byte[]> all = leaves(LIMIT);
        for (int size = 0; size <= LIMIT; size++) {
            List<byte[]> tree = all.subList(0, size);
            assertThat(Merkle.rootHash(tree)).as("root of %d", size).isEqualTo(naiveRoot(tree));
            for (int index = 0; index < size; index++) {
                assertThat(Merkle.inclusionProof(tree, index)).as("path of %d in %d", index, size)
                        .usingElementComparator(Arrays::compare).isEqualTo(naivePath(tree, index));
            }
        }
    }

    @Test
    void consistencyProofsProveExactlyTheirPairAgainstNaiveRoots() {
        List<byte[]> all = leaves(LIMIT);
        List<byte[]> roots = new ArrayList<>();
        for (int size = 0; size <= LIMIT; size++) {
            roots.add(naiveRoot(all.subList(0, size)));
        }
        for (int size = 1; size <= LIMIT; size++) {
            for (int old = 1; old <= size; old++) {
                List<byte[]> proof = Merkle.consistencyProof(all.subList(0, size), old);
                for (int otherOld = 1; otherOld <= size; otherOld++) {
                    assertThat(Merkle.verifyConsistency(otherOld, size, roots.get(otherOld), roots.get(size), proof))
                            .as("proof %d->%d read as %d->%d", old, size, otherOld, size)
                            .isEqualTo(otherOld == old);
                }
            }
        }
    }
}
