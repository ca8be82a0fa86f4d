package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.evidence.EvidenceAppends.Node;
import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stored-node tree: O(log n) appends and reads, proofs byte-equal to the RFC's. Every root and
 * proof assembled from stored nodes is compared with {@link Merkle}'s recursive algorithms,
 * exhaustively for every size up to 70 (every index, every old size) and at random up to 3000;
 * the node-id functions must ask for few nodes, all complete at that size.
 */
class StoredTreeTest {

    static final int EXHAUSTIVE_LIMIT = 70;
    static List<byte[]> leaves;
    static MerkleLog log;

    @BeforeAll
    static void buildBigLog() {
        leaves = leavesOf(EXHAUSTIVE_LIMIT);
        log = build(leaves);
    }

    static List<byte[]> leavesOf(int size) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(("leaf " + i).getBytes(StandardCharsets.UTF_8));
        }
        return leaves;
    }

    static MerkleLog build(List<byte[]> leaves) {
        MerkleLog built = new MerkleLog();
        leaves.forEach(built::append);
        return built;
    }

    static boolean isComplete(NodeId node, long size) {
        return node.level() >= 0 && node.index() >= 0 && (node.index() + 1) << node.level() <= size;
    }

    /** Twice the tree height: the most nodes any one proof or root may touch. */
    static int bound(long size) {
        return 2 * (64 - Long.numberOfLeadingZeros(Math.max(size, 1))) + 1;
    }

    static Map<NodeId, byte[]> fetch(MerkleLog from, List<NodeId> ids) {
        Map<NodeId, byte[]> nodes = new HashMap<>();
        ids.forEach(id -> nodes.put(id, from.node(id.level(), id.index()).orElseThrow()));
        return nodes;
    }

    static void assertSameHashes(List<byte[]> actual, List<byte[]> expected) {
        assertThat(actual).usingElementComparator(Arrays::compare).isEqualTo(expected);
    }

    @Test
    void storedNodesAreTheReferenceCompleteSubtrees() {
        JsonNode reference = Vectors.load("merkle/rfc6962_reference.json");
        MerkleLog reference8 = build(Vectors.hexes(reference.get("leaves")));
        JsonNode levels = reference.get("node_hashes");
        for (int level = 0; level < levels.size(); level++) {
            for (int index = 0; index < levels.get(level).size(); index++) {
                assertThat(reference8.node(level, index)).get().isEqualTo(Vectors.hex(levels.get(level).get(index)));
            }
        }
        List<byte[]> roots = Vectors.hexes(reference.get("roots"));
        for (int size = 0; size < roots.size(); size++) {
            assertThat(reference8.root(size)).isEqualTo(roots.get(size));
        }
        assertThat(reference8.node(3, 1)).isEmpty(); // never complete in an 8-leaf tree
    }

    @Test
    void rootsForEverySize() {
        for (int size = 0; size <= EXHAUSTIVE_LIMIT; size++) {
            List<NodeId> ids = StoredTree.rootNodeIds(size);
            assertThat(ids).hasSize(Integer.bitCount(size));
            long current = size;
            assertThat(ids).allMatch(node -> isComplete(node, current));
            assertThat(StoredTree.rootFromNodes(size, fetch(log, ids)))
                    .isEqualTo(Merkle.rootHash(leaves.subList(0, size)))
                    .isEqualTo(log.root(size));
        }
    }

    @Test
    void inclusionProofsForEveryIndexAndSize() {
        for (int size = 1; size <= EXHAUSTIVE_LIMIT; size++) {
            byte[] root = Merkle.rootHash(leaves.subList(0, size));
            for (int index = 0; index < size; index++) {
                List<NodeId> ids = StoredTree.inclusionNodeIds(index, size);
                assertThat(new HashSet<>(ids)).hasSize(ids.size());
                assertThat(ids.size()).isLessThanOrEqualTo(bound(size));
                long current = size;
                assertThat(ids).allMatch(node -> isComplete(node, current));
                List<byte[]> proof = StoredTree.inclusionProofFromNodes(index, size, fetch(log, ids));
                assertSameHashes(proof, Merkle.inclusionProof(leaves.subList(0, size), index));
                assertSameHashes(proof, log.inclusionProof(index, size));
                assertThat(Merkle.verifyInclusion(Merkle.leafHash(leaves.get(index)), index, size, proof, root)).isTrue();
            }
        }
    }

    @Test
    void consistencyProofsForEveryPairOfSizes() {
        for (int size = 1; size <= EXHAUSTIVE_LIMIT; size++) {
            byte[] newRoot = Merkle.rootHash(leaves.subList(0, size));
            for (int old = 1; old <= size; old++) {
                List<NodeId> ids = StoredTree.consistencyNodeIds(old, size);
                assertThat(new HashSet<>(ids)).hasSize(ids.size());
                assertThat(ids.size()).isLessThanOrEqualTo(bound(size));
                long current = size;
                assertThat(ids).allMatch(node -> isComplete(node, current));
                List<byte[]> proof = StoredTree.consistencyProofFromNodes(old, size, fetch(log, ids));
                assertSameHashes(proof, Merkle.consistencyProof(leaves.subList(0, size), old));
                assertSameHashes(proof, log.consistencyProof(old, size));
                byte[] oldRoot = Merkle.rootHash(leaves.subList(0, old));
                assertThat(Merkle.verifyConsistency(old, size, oldRoot, newRoot, proof)).isTrue();
            }
        }
    }

    @Test
    void randomLargeTreesAgreeWithTheRfcRecursion() {
        Random random = new Random(20250101);
        int size = 3000;
        List<byte[]> big = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            byte[] leaf = new byte[random.nextInt(40)];
            random.nextBytes(leaf);
            big.add(leaf);
        }
        MerkleLog bigLog = build(big);
        for (int round = 0; round < 25; round++) {
            int newSize = EXHAUSTIVE_LIMIT + random.nextInt(size - EXHAUSTIVE_LIMIT + 1);
            int index = random.nextInt(newSize);
            int old = 1 + random.nextInt(newSize);
            assertThat(bigLog.root(newSize)).isEqualTo(Merkle.rootHash(big.subList(0, newSize)));
            assertSameHashes(bigLog.inclusionProof(index, newSize), Merkle.inclusionProof(big.subList(0, newSize), index));
            assertSameHashes(bigLog.consistencyProof(old, newSize), Merkle.consistencyProof(big.subList(0, newSize), old));
        }
    }

    @Test
    void appendReadsOnlyLeftSiblingsOnTheRightEdge() {
        Map<NodeId, byte[]> stored = new HashMap<>();
        List<NodeId> reads = new ArrayList<>();
        for (long size = 0; size < 300; size++) {
            reads.clear();
            byte[] leaf = Merkle.leafHash(ByteBuffer.allocate(4).putInt((int) size).array());
            List<Node> created = StoredTree.nodesCreatedByAppend(size, leaf, (level, index) -> {
                reads.add(new NodeId(level, index));
                return stored.get(new NodeId(level, index));
            });
            // One new node per trailing 1 bit of size, plus the leaf: what becomes complete.
            int trailingOnes = Long.numberOfTrailingZeros(~size);
            assertThat(created).hasSize(trailingOnes + 1);
            assertThat(reads).hasSize(trailingOnes);
            assertThat(trailingOnes).isLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(size + 1));
            assertThat(created.getFirst().id()).isEqualTo(new NodeId(0, size));
            assertThat(created.getFirst().hash()).isEqualTo(leaf);
            for (Node node : created) {
                assertThat((node.index() + 1) << node.level()).isEqualTo(size + 1); // each ends at the new leaf
                assertThat(stored).doesNotContainKey(node.id()); // never rewritten
            }
            for (NodeId read : reads) {
                assertThat((read.index() + 1) << read.level()).isEqualTo(size + 1 - (1L << read.level())); // the left sibling
            }
            created.forEach(node -> stored.put(node.id(), node.hash()));
        }
    }

    @Test
    void missingNodesAndBadSizesAreRefused() {
        MerkleLog five = build(leavesOf(5));
        List<NodeId> ids = StoredTree.inclusionNodeIds(2, 5);
        Map<NodeId, byte[]> partial = fetch(five, ids.subList(1, ids.size()));
        assertThatThrownBy(() -> StoredTree.inclusionProofFromNodes(2, 5, partial))
                .isInstanceOf(StoredNodeException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> StoredTree.inclusionNodeIds(5, 5)).hasMessageContaining("no inclusion proof");
        assertThatThrownBy(() -> StoredTree.consistencyNodeIds(0, 5)).hasMessageContaining("no consistency proof");
        assertThatThrownBy(() -> StoredTree.consistencyNodeIds(6, 5)).hasMessageContaining("no consistency proof");
        assertThatThrownBy(() -> StoredTree.rootNodeIds(-1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> five.root(6)).hasMessageContaining("not in 0..5");
        assertThatThrownBy(() -> StoredTree.nodesCreatedByAppend(5, new byte[5], (level, index) -> null))
                .hasMessageContaining("32 bytes");
        assertThat(StoredTree.rootFromNodes(0, Map.of())).isEqualTo(Merkle.emptyRootHash());
        assertThat(StoredTree.consistencyProofFromNodes(5, 5, Map.of())).isEmpty();
    }

    @Test
    void olderTreesAreAnsweredFromTheSameNodes() {
        List<byte[]> forty = leavesOf(40);
        MerkleLog grown = build(forty.subList(0, 17));
        byte[] oldRoot = grown.root();
        List<byte[]> oldProof = grown.inclusionProof(9, 17);
        forty.subList(17, 40).forEach(grown::append);
        assertThat(grown.root(17)).isEqualTo(oldRoot);
        assertSameHashes(grown.inclusionProof(9, 17), oldProof);
        assertThat(grown.entry(9)).isEqualTo(forty.get(9));
        assertThat(grown.size()).isEqualTo(40);
    }

    @Test
    void rootsAreCopiesTheCallerMayChange() {
        MerkleLog four = build(leavesOf(4));
        byte[] root = four.root();
        root[0] ^= 1;
        assertThat(four.root()).isNotEqualTo(root).isEqualTo(Merkle.rootHash(leavesOf(4)));
    }
}
