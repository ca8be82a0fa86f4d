package io.lightvibes.service.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * RFC 9162 §2.1 Merkle trees for auditors: leaf and root hashes, inclusion and consistency proofs
 * and their verification.
 *
 * <p>Self-contained on purpose (it needs nothing but the JDK's SHA-256), so an auditor can check
 * LIGHTVIBES evidence offline with this one class. Leaves are the exact bytes of log entries;
 * every hash is 32 bytes; proofs are lists of hashes in the RFC's order (nearest sibling first).
 * The verifiers follow the RFC's algorithms step by step and return {@code false} on any
 * malformed input (a null, a wrong length, a size out of range, a proof too short or too long);
 * they never throw. The generators take the whole list of leaves; a database-backed log answers
 * from stored nodes instead ({@link StoredTree}), byte for byte the same.
 */
public final class Merkle {

    /** RFC 9162 §2.1: SHA-256, so every node is 32 bytes. */
    public static final int HASH_SIZE = 32;

    // RFC 9162 §2.1.1: MTH({d(0)}) = HASH(0x00 || d(0)).
    private static final byte LEAF_HASH_PREFIX = 0x00;
    // RFC 9162 §2.1.1: MTH(D_n) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])). The two prefixes keep a
    // leaf from ever being taken for an interior node (second-preimage resistance).
    private static final byte NODE_HASH_PREFIX = 0x01;
    // A proof in a tree of fewer than 2^64 leaves has at most 64 inclusion hashes and a consistency
    // proof at most 64 + 64; anything longer is refused before hashing.
    private static final int MAX_PROOF_LENGTH = 128;

    private Merkle() {}

    /** MTH({}) = HASH(), the hash of the empty string: the root of the empty tree (§2.1.1). */
    public static byte[] emptyRootHash() {
        return sha256().digest();
    }

    /** The hash of one entry as a leaf: SHA-256(0x00 || entry) (§2.1.1). */
    public static byte[] leafHash(byte[] entry) {
        return new Hasher().leaf(entry);
    }

    /** The hash of an interior node: SHA-256(0x01 || left || right) (§2.1.1). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        return new Hasher().node(left, right);
    }

    /**
     * One SHA-256 reused for every hash of one computation (a root, a proof, an append): looking
     * up a fresh digest for each of them would cost about as much as the hashing itself.
     */
    static final class Hasher {

        private final MessageDigest digest = sha256();

        byte[] leaf(byte[] entry) {
            digest.update(LEAF_HASH_PREFIX);
            digest.update(entry);
            return digest.digest();
        }

        byte[] node(byte[] left, byte[] right) {
            digest.update(NODE_HASH_PREFIX);
            digest.update(left);
            digest.update(right);
            return digest.digest();
        }
    }

    /** MTH(D_n), the Merkle tree hash of a list of entries (§2.1.1). */
    public static byte[] rootHash(List<byte[]> entries) {
        if (entries.isEmpty()) {
            return emptyRootHash();
        }
        Hasher hasher = new Hasher();
        return mth(hasher, leafHashes(hasher, entries), 0, entries.size());
    }

    /**
     * PATH(m, D_n), the audit path of entry {@code index} (§2.1.3.1).
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < entries.size()}: a path exists
     *     only for a leaf of the tree
     */
    public static List<byte[]> inclusionProof(List<byte[]> entries, long index) {
        int size = entries.size();
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "no inclusion proof for index %d in a tree of %d entries", index, size));
        }
        List<byte[]> proof = new ArrayList<>();
        Hasher hasher = new Hasher();
        path(hasher, (int) index, leafHashes(hasher, entries), 0, size, proof);
        return Collections.unmodifiableList(proof);
    }

    /**
     * PROOF(m, D_n), that the first {@code oldSize} entries form an earlier tree (§2.1.4.1).
     *
     * <p>The RFC defines the proof for {@code 0 < m < n}; for {@code m == n} it is empty (a tree is
     * consistent with itself). Every tree extends the empty tree, so there is nothing to prove
     * from {@code m == 0} and no verifier accepts such a proof.
     *
     * @throws IllegalArgumentException unless {@code 0 < oldSize <= entries.size()}
     */
    public static List<byte[]> consistencyProof(List<byte[]> entries, long oldSize) {
        int size = entries.size();
        if (oldSize <= 0 || oldSize > size) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "no consistency proof from size %d to size %d: need 0 < old <= new", oldSize, size));
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize < size) {
            Hasher hasher = new Hasher();
            subproof(hasher, (int) oldSize, leafHashes(hasher, entries), 0, size, true, proof);
        }
        return Collections.unmodifiableList(proof);
    }

    /** Whether {@code proof} shows {@code leafHash} at {@code index} in the tree of {@code root} (§2.1.3.2). */
    public static boolean verifyInclusion(
            byte[] leafHash, long index, long treeSize, List<byte[]> proof, byte[] root) {
        byte[][] path = asPath(proof);
        if (!isHash(leafHash) || !isHash(root) || index < 0 || treeSize < 0 || path == null) {
            return false;
        }
        // 1. If leaf_index is greater than or equal to tree_size, fail the proof verification.
        if (index >= treeSize) {
            return false;
        }
        // 2. Set fn to leaf_index and sn to tree_size - 1.
        long fn = index;
        long sn = treeSize - 1;
        // 3. Set r to hash.
        byte[] r = leafHash.clone();
        Hasher hasher = new Hasher();
        // 4. For each value p in the inclusion_path array:
        for (byte[] p : path) {
            // a. If sn is 0, stop the iteration and fail the proof verification.
            if (sn == 0) {
                return false;
            }
            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if ((fn & 1) == 1 || fn == sn) {
                // i. Set r to HASH(0x01 || p || r).
                r = hasher.node(p, r);
                // ii. If LSB(fn) is not set, right-shift both fn and sn equally until either
                //     LSB(fn) is set or fn is 0.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                // Otherwise: set r to HASH(0x01 || r || p).
                r = hasher.node(r, p);
            }
            // c. Finally, right-shift both fn and sn one time.
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. Compare sn to 0 and r to root_hash: the proof holds only if sn is 0 and r equals root.
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Whether {@code proof} shows the tree of {@code oldRoot} is a prefix of that of {@code newRoot}
     * (§2.1.4.2). Equal sizes hold with an empty proof and equal roots (for size 0, the empty-tree
     * hash); a proof from size 0 to a larger size is refused, as the RFC defines proofs for
     * {@code 0 < m < n} only.
     */
    public static boolean verifyConsistency(
            long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
        byte[][] given = asPath(proof);
        if (oldSize < 0 || newSize < oldSize || !isHash(oldRoot) || !isHash(newRoot) || given == null) {
            return false;
        }
        if (oldSize == newSize) {
            // Nothing to prove: the trees are the same tree, and an empty tree has one root only.
            boolean same = MessageDigest.isEqual(oldRoot, newRoot) && given.length == 0;
            return same && (oldSize > 0 || MessageDigest.isEqual(oldRoot, emptyRootHash()));
        }
        // 1. If consistency_path is an empty array, stop and fail the proof verification.
        if (oldSize == 0 || given.length == 0) {
            return false;
        }
        // 2. If first is an exact power of 2, prepend first_hash to the consistency_path array.
        byte[][] path = given;
        if ((oldSize & (oldSize - 1)) == 0) {
            path = new byte[given.length + 1][];
            path[0] = oldRoot.clone();
            System.arraycopy(given, 0, path, 1, given.length);
        }
        // 3. Set fn to first - 1 and sn to second - 1.
        long fn = oldSize - 1;
        long sn = newSize - 1;
        // 4. If LSB(fn) is set, right-shift both fn and sn equally until LSB(fn) is not set.
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. Set both fr and sr to the first value in the consistency_path array.
        byte[] fr = path[0];
        byte[] sr = path[0];
        Hasher hasher = new Hasher();
        // 6. For each subsequent value c in the consistency_path array:
        for (int i = 1; i < path.length; i++) {
            byte[] c = path[i];
            // a. If sn is 0, stop the iteration and fail the proof verification.
            if (sn == 0) {
                return false;
            }
            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if ((fn & 1) == 1 || fn == sn) {
                // i. Set fr to HASH(0x01 || c || fr) and sr to HASH(0x01 || c || sr).
                fr = hasher.node(c, fr);
                sr = hasher.node(c, sr);
                // ii. If LSB(fn) is not set, right-shift both fn and sn equally until either
                //     LSB(fn) is set or fn is 0.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                // Otherwise: set sr to HASH(0x01 || sr || c).
                sr = hasher.node(sr, c);
            }
            // c. Finally, right-shift both fn and sn one time.
            fn >>>= 1;
            sn >>>= 1;
        }
        // 7. Verify that fr equals first_hash, sr equals second_hash, and sn is 0.
        return MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot) && sn == 0;
    }

    /** k in §2.1.1: the largest power of two smaller than {@code n} (n > 1). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static byte[][] leafHashes(Hasher hasher, List<byte[]> entries) {
        byte[][] hashes = new byte[entries.size()][];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = hasher.leaf(entries.get(i));
        }
        return hashes;
    }

    /** MTH(D[start:end]) from the leaf hashes, split as §2.1.1 splits it. */
    private static byte[] mth(Hasher hasher, byte[][] hashes, int start, int end) {
        int n = end - start;
        if (n == 1) {
            return hashes[start];
        }
        int k = (int) largestPowerOfTwoBelow(n);
        return hasher.node(mth(hasher, hashes, start, start + k), mth(hasher, hashes, start + k, end));
    }

    /** PATH(m, D[start:end]) of §2.1.3.1, m relative to start, appended to {@code out}. */
    private static void path(Hasher hasher, int m, byte[][] hashes, int start, int end, List<byte[]> out) {
        int n = end - start;
        if (n == 1) {
            return; // PATH(0, {d(0)}) = {}
        }
        int k = (int) largestPowerOfTwoBelow(n);
        if (m < k) {
            // PATH(m, D_n) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k
            path(hasher, m, hashes, start, start + k, out);
            out.add(mth(hasher, hashes, start + k, end));
        } else {
            // PATH(m, D_n) = PATH(m - k, D[k:n]) : MTH(D[0:k]) for m >= k
            path(hasher, m - k, hashes, start + k, end, out);
            out.add(mth(hasher, hashes, start, start + k));
        }
    }

    /** SUBPROOF(m, D[start:end], b) of §2.1.4.1, m relative to start, appended to {@code out}. */
    private static void subproof(
            Hasher hasher, int m, byte[][] hashes, int start, int end, boolean complete, List<byte[]> out) {
        int n = end - start;
        if (m == n) {
            // SUBPROOF(m, D[m], true) = {} and SUBPROOF(m, D[m], false) = {MTH(D[m])}
            if (!complete) {
                out.add(mth(hasher, hashes, start, end));
            }
            return;
        }
        int k = (int) largestPowerOfTwoBelow(n);
        if (m <= k) {
            // SUBPROOF(m, D_n, b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n]) for m <= k
            subproof(hasher, m, hashes, start, start + k, complete, out);
            out.add(mth(hasher, hashes, start + k, end));
        } else {
            // SUBPROOF(m, D_n, b) = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]) for m > k
            subproof(hasher, m - k, hashes, start + k, end, false, out);
            out.add(mth(hasher, hashes, start, start + k));
        }
    }

    private static boolean isHash(byte[] value) {
        return value != null && value.length == HASH_SIZE;
    }

    /** The proof as copied 32-byte hashes, or null if it is anything else. */
    private static byte[][] asPath(List<byte[]> proof) {
        if (proof == null || proof.size() > MAX_PROOF_LENGTH) {
            return null;
        }
        byte[][] path = new byte[proof.size()][];
        int i = 0;
        for (byte[] item : proof) {
            if (i == path.length || !isHash(item)) {
                return null; // a list whose size changed under us, or an item of the wrong length
            }
            path[i++] = Arrays.copyOf(item, HASH_SIZE);
        }
        return i == path.length ? path : null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            // Every Java platform must provide SHA-256 (java.security.MessageDigest).
            throw new IllegalStateException("the JDK has no SHA-256", impossible);
        }
    }
}
