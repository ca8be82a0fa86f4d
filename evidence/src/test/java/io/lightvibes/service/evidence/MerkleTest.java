package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9162 §2.1 behaviour of {@link Merkle} against published known answers: the CT/Trillian
 * reference tree (every complete subtree, every root, the published proofs), every corruption
 * transparency-dev/merkle's proof generator applies to those proofs, its probe files verbatim, an
 * exhaustive check for small trees, and garbage that must never make a verifier throw.
 */
class MerkleTest {

    static final JsonNode REFERENCE = Vectors.load("merkle/rfc6962_reference.json");
    static final List<byte[]> LEAVES = Vectors.hexes(REFERENCE.get("leaves"));
    static final List<byte[]> ROOTS = Vectors.hexes(REFERENCE.get("roots"));
    // transparency-dev/merkle proof/verify_test.go: "some hash" and the empty tree's hash.
    static final byte[] SOME_HASH = HexFormat.of().parseHex("abacaba000000000000000000000000000000000000000000060061e00123456");
    static final byte[] EMPTY_TREE_HASH = HexFormat.of().parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    @Test
    void emptyRootIsTheHashOfTheEmptyString() throws Exception {
        assertThat(Merkle.emptyRootHash()).isEqualTo(EMPTY_TREE_HASH)
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest())
                .isEqualTo(Merkle.rootHash(List.of()))
                .isEqualTo(ROOTS.getFirst());
    }

    @Test
    void leafAndNodeHashesMatchEveryCompleteSubtree() {
        List<List<byte[]>> levels = new ArrayList<>();
        REFERENCE.get("node_hashes").forEach(level -> levels.add(Vectors.hexes(level)));
        assertThat(LEAVES.stream().map(Merkle::leafHash).toList())
                .usingElementComparator(Arrays::compare).isEqualTo(levels.getFirst());
        for (int level = 1; level < levels.size(); level++) {
            List<byte[]> below = levels.get(level - 1);
            for (int i = 0; i < levels.get(level).size(); i++) {
                assertThat(Merkle.nodeHash(below.get(2 * i), below.get(2 * i + 1))).isEqualTo(levels.get(level).get(i));
            }
        }
    }

    @Test
    void rootOfEveryPrefixIsTheReferenceRoot() {
        for (int size = 0; size < ROOTS.size(); size++) {
            assertThat(Merkle.rootHash(LEAVES.subList(0, size))).as("size %d", size).isEqualTo(ROOTS.get(size));
        }
    }

    static Stream<JsonNode> inclusionVectors() {
        return StreamSupport.stream(REFERENCE.get("inclusion_proofs").spliterator(), false);
    }

    static Stream<JsonNode> consistencyVectors() {
        return StreamSupport.stream(REFERENCE.get("consistency_proofs").spliterator(), false);
    }

    @ParameterizedTest
    @MethodSource("inclusionVectors")
    void publishedInclusionProofsAreGeneratedVerifiedAndEveryCorruptionFails(JsonNode vector) {
        int index = vector.get("index").asInt();
        int size = vector.get("tree_size").asInt();
        List<byte[]> proof = Vectors.hexes(vector.get("proof"));
        assertThat(Merkle.inclusionProof(LEAVES.subList(0, size), index)).usingElementComparator(Arrays::compare).isEqualTo(proof);
        byte[] leaf = Merkle.leafHash(LEAVES.get(index));
        assertThat(Merkle.verifyInclusion(leaf, index, size, proof, ROOTS.get(size))).isTrue();
        for (InclusionProbe probe : ProofgenCorruptions.inclusion(index, size, proof, ROOTS.get(size), leaf)) {
            assertThat(Merkle.verifyInclusion(probe.leaf(), probe.index(), probe.size(), probe.proof(), probe.root()))
                    .as(probe.description()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("consistencyVectors")
    void publishedConsistencyProofsAreGeneratedVerifiedAndEveryCorruptionFails(JsonNode vector) {
        int old = vector.get("old_size").asInt();
        int size = vector.get("new_size").asInt();
        List<byte[]> proof = Vectors.hexes(vector.get("proof"));
        assertThat(Merkle.consistencyProof(LEAVES.subList(0, size), old)).usingElementComparator(Arrays::compare).isEqualTo(proof);
        assertThat(Merkle.verifyConsistency(old, size, ROOTS.get(old), ROOTS.get(size), proof)).isTrue();
        if (!proof.isEmpty()) { // proofgen corrupts only non-trivial proofs
            for (ConsistencyProbe probe : ProofgenCorruptions.consistency(old, size, ROOTS.get(old), ROOTS.get(size), proof)) {
                assertThat(Merkle.verifyConsistency(probe.oldSize(), probe.newSize(), probe.oldRoot(), probe.newRoot(), probe.proof()))
                        .as(probe.description()).isFalse();
            }
        }
    }

    static Stream<JsonNode> proofgenProbes() {
        return StreamSupport.stream(Vectors.load("merkle/proofgen_probes.json").get("probes").spliterator(), false);
    }

    @ParameterizedTest
    @MethodSource("proofgenProbes")
    void proofgenProbeFilesVerifyExactlyWhenTheyShould(JsonNode wrapper) {
        JsonNode probe = wrapper.get("probe");
        boolean wantError = wrapper.has("lightvibes_expects_error")
                ? wrapper.get("lightvibes_expects_error").asBoolean()
                : probe.get("wantErr").asBoolean();
        List<byte[]> proof = new ArrayList<>();
        if (probe.hasNonNull("proof")) {
            probe.get("proof").forEach(item -> proof.add(b64(item)));
        }
        boolean verified;
        if (probe.has("size1")) {
            verified = Merkle.verifyConsistency(uint64(probe.get("size1")), uint64(probe.get("size2")),
                    b64(probe.get("root1")), b64(probe.get("root2")), proof);
        } else {
            JsonNode index = probe.has("leafIdx") ? probe.get("leafIdx") : probe.get("leafIndex");
            verified = Merkle.verifyInclusion(b64(probe.get("leafHash")), uint64(index), uint64(probe.get("treeSize")),
                    proof, b64(probe.get("root")));
        }
        assertThat(verified).as(wrapper.get("path").asText()).isEqualTo(!wantError);
    }

    @Test
    void everyProofOfSmallTreesVerifiesOnlyWhereItBelongs() {
        // Against the true root of each size: a proof verifies for its own index and size only.
        // A (root, size) pair that is no real tree head can accept a proof of another size (the
        // algorithm trusts the pair, which a signed checkpoint binds), so that is not probed.
        for (int size = 1; size <= 12; size++) {
            List<byte[]> leaves = leavesOf(size);
            List<byte[]> roots = new ArrayList<>();
            for (int n = 0; n <= size; n++) {
                roots.add(Merkle.rootHash(leaves.subList(0, n)));
            }
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = Merkle.inclusionProof(leaves, index);
                byte[] leaf = Merkle.leafHash(leaves.get(index));
                for (int otherSize = 1; otherSize <= size; otherSize++) {
                    for (int otherIndex = 0; otherIndex < otherSize + 2; otherIndex++) {
                        boolean expected = otherIndex == index && otherSize == size;
                        assertThat(Merkle.verifyInclusion(leaf, otherIndex, otherSize, proof, roots.get(otherSize)))
                                .as("%d of %d as %d of %d", index, size, otherIndex, otherSize).isEqualTo(expected);
                    }
                }
            }
            for (int old = 1; old <= size; old++) {
                List<byte[]> proof = Merkle.consistencyProof(leaves, old);
                for (int otherOld = 0; otherOld < size + 2; otherOld++) {
                    byte[] otherRoot = otherOld <= size ? roots.get(otherOld) : roots.get(old);
                    assertThat(Merkle.verifyConsistency(otherOld, size, otherRoot, roots.get(size), proof))
                            .as("%d to %d as %d", old, size, otherOld).isEqualTo(otherOld == old);
                }
            }
        }
    }

    @Test
    void trivialConsistencyCases() {
        byte[] root = Merkle.rootHash(List.of(bytes("a"), bytes("b"), bytes("c")));
        assertThat(Merkle.verifyConsistency(3, 3, root, root, List.of())).isTrue();
        assertThat(Merkle.verifyConsistency(3, 3, root, SOME_HASH, List.of())).isFalse();
        assertThat(Merkle.verifyConsistency(3, 3, root, root, List.of(root))).isFalse();
        assertThat(Merkle.verifyConsistency(0, 0, EMPTY_TREE_HASH, EMPTY_TREE_HASH, List.of())).isTrue();
        assertThat(Merkle.verifyConsistency(0, 0, SOME_HASH, SOME_HASH, List.of())).isFalse();
        // The RFC defines proofs for 0 < m < n only: from the empty tree there is nothing to prove.
        assertThat(Merkle.verifyConsistency(0, 3, EMPTY_TREE_HASH, root, List.of())).isFalse();
        assertThat(Merkle.verifyConsistency(4, 3, root, root, List.of())).isFalse();
    }

    @Test
    void generatorsRefuseWhatHasNoProof() {
        List<byte[]> leaves = List.of(bytes("a"), bytes("b"));
        for (long index : new long[] {-1, 2}) {
            assertThatThrownBy(() -> Merkle.inclusionProof(leaves, index))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no inclusion proof");
        }
        for (long old : new long[] {0, 3}) {
            assertThatThrownBy(() -> Merkle.consistencyProof(leaves, old))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no consistency proof");
        }
        assertThat(Merkle.consistencyProof(leaves, 2)).isEmpty();
    }

    @Test
    void verifiersAnswerFalseAndNeverThrowOnMalformedArguments() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            leaves.add(new byte[] {(byte) i});
        }
        byte[] root = Merkle.rootHash(leaves);
        byte[] oldRoot = Merkle.rootHash(leaves.subList(0, 3));
        byte[] leaf = Merkle.leafHash(leaves.get(3));
        List<byte[]> path = Merkle.inclusionProof(leaves, 3);
        List<byte[]> consistency = Merkle.consistencyProof(leaves, 3);
        assertThat(Merkle.verifyInclusion(leaf, 3, 7, path, root)).isTrue();
        assertThat(Merkle.verifyConsistency(3, 7, oldRoot, root, consistency)).isTrue();
        List<byte[]> badHashes = Arrays.asList(null, new byte[0], new byte[31], new byte[33], new byte[64]);
        for (byte[] bad : badHashes) {
            assertThat(Merkle.verifyInclusion(bad, 3, 7, path, root)).isFalse();
            assertThat(Merkle.verifyInclusion(leaf, 3, 7, path, bad)).isFalse();
            assertThat(Merkle.verifyConsistency(3, 7, bad, root, consistency)).isFalse();
            assertThat(Merkle.verifyConsistency(3, 7, oldRoot, bad, consistency)).isFalse();
        }
        for (long bad : new long[] {-1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertThat(Merkle.verifyInclusion(leaf, bad, 7, path, root)).isFalse();
            assertThat(Merkle.verifyInclusion(leaf, 3, bad, path, root)).isFalse();
            assertThat(Merkle.verifyConsistency(bad, 7, oldRoot, root, consistency)).isFalse();
            assertThat(Merkle.verifyConsistency(3, bad, oldRoot, root, consistency)).isFalse();
        }
        List<List<byte[]>> oddProofs = new ArrayList<>();
        oddProofs.add(null);
        oddProofs.add(Arrays.asList((byte[]) null));
        oddProofs.add(List.of(new byte[64]));
        oddProofs.add(java.util.Collections.nCopies(1000, new byte[32]));
        oddProofs.add(List.of(leaf, new byte[5]));
        for (List<byte[]> proof : oddProofs) {
            assertThat(Merkle.verifyInclusion(leaf, 3, 7, proof, root)).isFalse();
            assertThat(Merkle.verifyConsistency(3, 7, oldRoot, root, proof)).isFalse();
        }
    }

    @Test
    void verifiersNeverAcceptOrThrowOnRandomProofs() {
        Random random = new Random(9162);
        long[] sizes = {0, 1, 2, 3, 7, 8, 9, 1000, Long.MAX_VALUE, -5};
        int[] lengths = {32, 32, 32, 0, 31, 33};
        for (int round = 0; round < 3000; round++) {
            long size = sizes[random.nextInt(sizes.length)];
            long[] indexes = {0, 1, size - 1, size, size + 1, random.nextLong()};
            long index = indexes[random.nextInt(indexes.length)];
            List<byte[]> proof = new ArrayList<>();
            for (int i = random.nextInt(70); i > 0; i--) {
                proof.add(randomBytes(random, lengths[random.nextInt(lengths.length)]));
            }
            byte[] hashA = randomBytes(random, 32);
            byte[] hashB = randomBytes(random, random.nextBoolean() ? 32 : 16);
            assertThat(Merkle.verifyInclusion(hashA, index, size, proof, hashB)).isFalse();
            assertThat(Merkle.verifyConsistency(index, size, hashA, hashB, proof)).isFalse();
        }
    }

    @Test
    void verifiersDoNotKeepOrChangeTheCallersArrays() {
        List<byte[]> leaves = List.of(bytes("x"), bytes("y"), bytes("z"));
        List<byte[]> proof = new ArrayList<>(Merkle.inclusionProof(leaves, 1));
        byte[] root = Merkle.rootHash(leaves);
        byte[] leaf = Merkle.leafHash(bytes("y"));
        byte[] rootCopy = root.clone();
        assertThat(Merkle.verifyInclusion(leaf, 1, 3, proof, root)).isTrue();
        assertThat(root).isEqualTo(rootCopy);
        assertThat(Merkle.leafHash(bytes("y"))).isEqualTo(leaf);
    }

    record InclusionProbe(String description, byte[] leaf, long index, long size, List<byte[]> proof, byte[] root) {}

    record ConsistencyProbe(String description, long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {}

    static List<byte[]> leavesOf(int size) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(bytes("entry " + i));
        }
        return leaves;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] b64(JsonNode value) {
        return value == null || value.isNull() ? new byte[0] : Base64.getDecoder().decode(value.asText());
    }

    /** Go's uint64 as the same 64 bits in a long: 2^64 - 1 is -1, which no verifier accepts. */
    private static long uint64(JsonNode value) {
        return value.bigIntegerValue().longValue();
    }
}
