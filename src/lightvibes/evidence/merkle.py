"""RFC 9162 §2.1 Merkle trees: hashes, proofs and their verification, for auditors offline.

This module is public and self-contained (it needs only :mod:`hashlib`), so an auditor can check
LIGHTVIBES evidence without a server and without the rest of the package. Leaves are the exact
bytes of log entries; every hash is 32 bytes of SHA-256; proofs are lists of hashes in the order
the RFC defines them (the leaf's or the old tree's nearest sibling first).

The two verifiers follow the RFC's algorithms step by step and return ``False`` on any malformed
input (a wrong length, a size out of range, a non-bytes item, a proof too short or too long);
they never raise. The proof generators take the whole list of leaves; a database-backed log uses
:mod:`lightvibes.evidence._tree` instead, which reads O(log n) stored nodes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = [
    "EMPTY_ROOT_HASH",
    "HASH_SIZE",
    "LEAF_HASH_PREFIX",
    "NODE_HASH_PREFIX",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root_hash",
    "verify_consistency",
    "verify_inclusion",
]

# RFC 9162 §2.1: the hash algorithm is SHA-256, so every node is 32 bytes.
HASH_SIZE = 32
# RFC 9162 §2.1.1: the hash of a list with one entry is MTH({d(0)}) = HASH(0x00 || d(0)).
LEAF_HASH_PREFIX = b"\x00"
# RFC 9162 §2.1.1: MTH(D_n) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])). The two prefixes keep a
# leaf from ever being taken for an interior node (second-preimage resistance).
NODE_HASH_PREFIX = b"\x01"
# RFC 9162 §2.1.1: the hash of an empty list is the hash of an empty string, MTH({}) = HASH().
EMPTY_ROOT_HASH = hashlib.sha256(b"").digest()

# Tree sizes are uint64 on the wire (RFC 9162 §4.10 TreeHeadDataV2.tree_size); nothing larger is a
# real tree, and the bound keeps the verifiers' loops short on garbage.
_MAX_TREE_SIZE = (1 << 64) - 1
# A proof in a tree of fewer than 2^64 leaves has at most 64 inclusion hashes, and a consistency
# proof at most 64 + 64 (both halves of a path); anything longer is rejected before hashing.
_MAX_PROOF_LENGTH = 128


def leaf_hash(data: bytes) -> bytes:
    """The hash of one entry as a leaf: SHA-256(0x00 || data) (RFC 9162 §2.1.1)."""
    return hashlib.sha256(LEAF_HASH_PREFIX + bytes(data)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node: SHA-256(0x01 || left || right) (RFC 9162 §2.1.1)."""
    return hashlib.sha256(NODE_HASH_PREFIX + bytes(left) + bytes(right)).digest()


def root_hash(leaves: Sequence[bytes]) -> bytes:
    """MTH(D_n), the Merkle tree hash of a list of entries (RFC 9162 §2.1.1)."""
    hashes = [leaf_hash(data) for data in leaves]
    if not hashes:
        return EMPTY_ROOT_HASH
    return _mth(hashes, 0, len(hashes))


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(m, D_n): the audit path of entry ``index`` in the tree of ``leaves`` (§2.1.3.1).

    Raises ``ValueError`` unless ``0 <= index < len(leaves)``: a path exists only for a leaf of
    the tree.
    """
    size = len(leaves)
    if not 0 <= index < size:
        raise ValueError(f"no inclusion proof for index {index} in a tree of {size} entries")
    hashes = [leaf_hash(data) for data in leaves]
    return _path(index, hashes, 0, size)


def consistency_proof(leaves: Sequence[bytes], old_size: int) -> list[bytes]:
    """PROOF(m, D_n): proof that the first ``old_size`` entries form an earlier tree (§2.1.4.1).

    The RFC defines the proof for ``0 < m < n``; for ``m == n`` it is empty (a tree is consistent
    with itself). ``m == 0`` raises ``ValueError`` like any size outside ``0 < m <= n``: every
    tree extends the empty tree, so there is nothing to prove and no verifier accepts it.
    """
    size = len(leaves)
    if not 0 < old_size <= size:
        raise ValueError(
            f"no consistency proof from size {old_size} to size {size}: need 0 < old <= new"
        )
    if old_size == size:
        return []
    hashes = [leaf_hash(data) for data in leaves]
    return _subproof(old_size, hashes, 0, size, True)


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` shows the leaf hash at ``index`` in the tree of ``root`` (§2.1.3.2).

    Returns ``False``, never raises, for any malformed argument.
    """
    if not (_is_hash(leaf_hash) and _is_hash(root) and _is_size(index) and _is_size(tree_size)):
        return False
    path = _as_path(proof)
    if path is None:
        return False
    # 1. If leaf_index is greater than or equal to tree_size, fail the proof verification.
    if index >= tree_size:
        return False
    # 2. Set fn to leaf_index and sn to tree_size - 1.
    fn, sn = index, tree_size - 1
    # 3. Set r to hash.
    r = bytes(leaf_hash)
    # 4. For each value p in the inclusion_path array:
    for p in path:
        # a. If sn is 0, stop the iteration and fail the proof verification.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if fn & 1 or fn == sn:
            # i. Set r to HASH(0x01 || p || r).
            r = node_hash(p, r)
            # ii. If LSB(fn) is not set, right-shift both fn and sn equally until either LSB(fn)
            #     is set or fn is 0.
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        # Otherwise: set r to HASH(0x01 || r || p).
        else:
            r = node_hash(r, p)
        # c. Finally, right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 5. Compare sn to 0 and r to root_hash: the proof holds only if sn is 0 and r equals root.
    return sn == 0 and r == bytes(root)


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows the tree ``old_root`` is a prefix of ``new_root`` (§2.1.4.2).

    Equal sizes hold with an empty proof and equal roots (for size 0, the empty-tree hash). A
    proof from size 0 to a larger size is refused: the RFC defines proofs for ``0 < m < n`` only.
    Returns ``False``, never raises, for any malformed argument.
    """
    if not (_is_size(old_size) and _is_size(new_size) and old_size <= new_size):
        return False
    if not (_is_hash(old_root) and _is_hash(new_root)):
        return False
    path = _as_path(proof)
    if path is None:
        return False
    first_hash, second_hash = bytes(old_root), bytes(new_root)
    if old_size == new_size:
        # Nothing to prove: the trees are the same tree. An empty tree has exactly one root.
        same = first_hash == second_hash and not path
        return same and (old_size > 0 or first_hash == EMPTY_ROOT_HASH)
    if old_size == 0:
        return False
    # 1. If consistency_path is an empty array, stop and fail the proof verification.
    if not path:
        return False
    # 2. If first is an exact power of 2, prepend first_hash to the consistency_path array.
    if old_size & (old_size - 1) == 0:
        path = [first_hash, *path]
    # 3. Set fn to first - 1 and sn to second - 1.
    fn, sn = old_size - 1, new_size - 1
    # 4. If LSB(fn) is set, right-shift both fn and sn equally until LSB(fn) is not set.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5. Set both fr and sr to the first value in the consistency_path array.
    fr = sr = path[0]
    # 6. For each subsequent value c in the consistency_path array:
    for c in path[1:]:
        # a. If sn is 0, stop the iteration and fail the proof verification.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if fn & 1 or fn == sn:
            # i. Set fr to HASH(0x01 || c || fr) and sr to HASH(0x01 || c || sr).
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            # ii. If LSB(fn) is not set, right-shift both fn and sn equally until either LSB(fn)
            #     is set or fn is 0.
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        # Otherwise: set sr to HASH(0x01 || sr || c).
        else:
            sr = node_hash(sr, c)
        # c. Finally, right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 7. Verify that fr equals first_hash, sr equals second_hash, and sn is 0.
    return fr == first_hash and sr == second_hash and sn == 0


def _largest_power_of_two_below(n: int) -> int:
    """k in RFC 9162 §2.1.1: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _mth(hashes: list[bytes], start: int, end: int) -> bytes:
    """MTH(D[start:end]) from the leaf hashes, split as §2.1.1 splits it."""
    n = end - start
    if n == 1:
        return hashes[start]
    k = _largest_power_of_two_below(n)
    return node_hash(_mth(hashes, start, start + k), _mth(hashes, start + k, end))


def _path(m: int, hashes: list[bytes], start: int, end: int) -> list[bytes]:
    """PATH(m, D[start:end]) of §2.1.3.1, with m relative to start."""
    n = end - start
    if n == 1:
        # PATH(0, {d(0)}) = {}
        return []
    k = _largest_power_of_two_below(n)
    if m < k:
        # PATH(m, D_n) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k
        return [*_path(m, hashes, start, start + k), _mth(hashes, start + k, end)]
    # PATH(m, D_n) = PATH(m - k, D[k:n]) : MTH(D[0:k]) for m >= k
    return [*_path(m - k, hashes, start + k, end), _mth(hashes, start, start + k)]


def _subproof(m: int, hashes: list[bytes], start: int, end: int, complete: bool) -> list[bytes]:
    """SUBPROOF(m, D[start:end], b) of §2.1.4.1, with m relative to start and b as ``complete``."""
    n = end - start
    if m == n:
        # SUBPROOF(m, D[m], true) = {} and SUBPROOF(m, D[m], false) = {MTH(D[m])}
        return [] if complete else [_mth(hashes, start, end)]
    k = _largest_power_of_two_below(n)
    if m <= k:
        # SUBPROOF(m, D_n, b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n]) for m <= k
        return [*_subproof(m, hashes, start, start + k, complete), _mth(hashes, start + k, end)]
    # SUBPROOF(m, D_n, b) = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]) for m > k
    return [*_subproof(m - k, hashes, start + k, end, False), _mth(hashes, start, start + k)]


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


def _is_size(value: object) -> bool:
    # bool is an int subclass; True is not a tree size.
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_TREE_SIZE


def _as_path(proof: object) -> list[bytes] | None:
    """The proof as a list of 32-byte hashes, or ``None`` if it is anything else."""
    if not isinstance(proof, list | tuple) or len(proof) > _MAX_PROOF_LENGTH:
        return None
    if not all(_is_hash(item) for item in proof):
        return None
    return [bytes(item) for item in proof]
