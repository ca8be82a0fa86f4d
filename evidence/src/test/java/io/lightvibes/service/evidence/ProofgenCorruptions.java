package io.lightvibes.service.evidence;

import io.lightvibes.service.evidence.MerkleTest.ConsistencyProbe;
import io.lightvibes.service.evidence.MerkleTest.InclusionProbe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The corruptions transparency-dev/merkle's {@code cmd/proofgen} applies to a good proof
 * ({@code invalidInclusionProof}, {@code invalidConsistencyProof}): each must fail to verify.
 */
final class ProofgenCorruptions {

    private static final byte[] EMPTY = new byte[0];

    private ProofgenCorruptions() {}

    static List<InclusionProbe> inclusion(long index, long size, List<byte[]> proof, byte[] root, byte[] leaf) {
        byte[] wrongLeaf = "WrongLeaf".getBytes(StandardCharsets.US_ASCII);
        List<InclusionProbe> probes = new ArrayList<>(List.of(
                // index - 1 wraps to 2^64 - 1 in Go's uint64; the same bits are -1 here.
                new InclusionProbe("index - 1", leaf, index - 1, size, proof, root),
                new InclusionProbe("index + 1", leaf, index + 1, size, proof, root),
                new InclusionProbe("index ^ 2", leaf, index ^ 2, size, proof, root),
                new InclusionProbe("size * 2", leaf, index, size * 2, proof, root),
                new InclusionProbe("size / 2", leaf, index, size / 2, proof, root),
                new InclusionProbe("wrong leaf", wrongLeaf, index, size, proof, root),
                new InclusionProbe("empty root", leaf, index, size, proof, MerkleTest.EMPTY_TREE_HASH),
                new InclusionProbe("random root", leaf, index, size, proof, MerkleTest.SOME_HASH),
                new InclusionProbe("trailing garbage", leaf, index, size, append(proof, EMPTY), root),
                new InclusionProbe("trailing root", leaf, index, size, append(proof, root), root),
                new InclusionProbe("preceding garbage", leaf, index, size, prepend(EMPTY, proof), root),
                new InclusionProbe("preceding root", leaf, index, size, prepend(root, proof), root)));
        for (int i = 0; i < proof.size(); i++) {
            probes.add(new InclusionProbe("proof[" + i + "] bit 3", leaf, index, size, flipped(proof, i, 8), root));
        }
        if (!proof.isEmpty()) {
            probes.add(new InclusionProbe("removed component", leaf, index, size, proof.subList(0, proof.size() - 1), root));
        }
        if (proof.size() > 1) {
            List<byte[]> inserted = new ArrayList<>(proof);
            inserted.add(1, MerkleTest.SOME_HASH);
            probes.add(new InclusionProbe("inserted component", leaf, index, size, inserted, root));
        }
        return probes;
    }

    static List<ConsistencyProbe> consistency(long old, long size, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
        byte[] wrongRoot = "WrongRoot".getBytes(StandardCharsets.US_ASCII);
        List<ConsistencyProbe> probes = new ArrayList<>(List.of(
                new ConsistencyProbe("old - 1", old - 1, size, oldRoot, newRoot, proof),
                new ConsistencyProbe("old + 1", old + 1, size, oldRoot, newRoot, proof),
                new ConsistencyProbe("old ^ 2", old ^ 2, size, oldRoot, newRoot, proof),
                new ConsistencyProbe("new * 2", old, size * 2, oldRoot, newRoot, proof),
                new ConsistencyProbe("new / 2", old, size / 2, oldRoot, newRoot, proof),
                new ConsistencyProbe("wrong old root", old, size, wrongRoot, newRoot, proof),
                new ConsistencyProbe("wrong new root", old, size, oldRoot, wrongRoot, proof),
                new ConsistencyProbe("swapped roots", old, size, newRoot, oldRoot, proof),
                new ConsistencyProbe("empty proof", old, size, oldRoot, newRoot, List.of()),
                new ConsistencyProbe("trailing garbage", old, size, oldRoot, newRoot, append(proof, EMPTY)),
                new ConsistencyProbe("trailing old root", old, size, oldRoot, newRoot, append(proof, oldRoot)),
                new ConsistencyProbe("trailing new root", old, size, oldRoot, newRoot, append(proof, newRoot)),
                new ConsistencyProbe("preceding garbage", old, size, oldRoot, newRoot, prepend(EMPTY, proof)),
                new ConsistencyProbe("preceding old root", old, size, oldRoot, newRoot, prepend(oldRoot, proof)),
                new ConsistencyProbe("preceding new root", old, size, oldRoot, newRoot, prepend(newRoot, proof)),
                new ConsistencyProbe("preceding proof[0]", old, size, oldRoot, newRoot, prepend(proof.getFirst(), proof)),
                new ConsistencyProbe("truncated proof", old, size, oldRoot, newRoot, proof.subList(0, proof.size() - 1))));
        for (int i = 0; i < proof.size(); i++) {
            probes.add(new ConsistencyProbe("proof[" + i + "] bit 4", old, size, oldRoot, newRoot, flipped(proof, i, 16)));
        }
        return probes;
    }

    private static List<byte[]> append(List<byte[]> proof, byte[] item) {
        List<byte[]> changed = new ArrayList<>(proof);
        changed.add(item);
        return changed;
    }

    private static List<byte[]> prepend(byte[] item, List<byte[]> proof) {
        List<byte[]> changed = new ArrayList<>(proof);
        changed.addFirst(item);
        return changed;
    }

    private static List<byte[]> flipped(List<byte[]> proof, int position, int mask) {
        List<byte[]> changed = new ArrayList<>(proof);
        byte[] hash = proof.get(position).clone();
        hash[0] ^= (byte) mask;
        changed.set(position, hash);
        return changed;
    }
}
