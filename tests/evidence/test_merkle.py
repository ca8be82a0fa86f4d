"""RFC 9162 §2.1 behaviour of the public merkle module against published known answers.

The reference tree (eight leaves, every complete subtree, every root, and the published inclusion
and consistency proofs) is Certificate Transparency's and Trillian's test data. On top of the
known answers, every corruption transparency-dev/merkle's proof generator applies to those proofs
is replayed here and must fail, a sample of its generated probe files is checked verbatim, and
the verifiers are fed garbage that must never make them raise.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest

from lightvibes.evidence import merkle

VECTORS = Path(__file__).parents[1] / "vectors" / "merkle"
REFERENCE: dict[str, Any] = json.loads((VECTORS / "rfc6962_reference.json").read_text())
PROBES: list[dict[str, Any]] = json.loads((VECTORS / "proofgen_probes.json").read_text())["probes"]

LEAVES = [bytes.fromhex(leaf) for leaf in REFERENCE["leaves"]]
ROOTS = [bytes.fromhex(root) for root in REFERENCE["roots"]]
# transparency-dev/merkle's proof/verify_test.go constants for "some hash" and the empty tree.
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
EMPTY_TREE_HASH = bytes.fromhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")


def hexes(values: list[str]) -> list[bytes]:
    return [bytes.fromhex(value) for value in values]


def test_prefixes_and_empty_root_are_the_rfcs() -> None:
    assert merkle.LEAF_HASH_PREFIX == b"\x00"
    assert merkle.NODE_HASH_PREFIX == b"\x01"
    assert merkle.EMPTY_ROOT_HASH == hashlib.sha256(b"").digest() == EMPTY_TREE_HASH
    assert merkle.root_hash([]) == ROOTS[0]


def test_leaf_and_node_hashes_match_every_complete_subtree() -> None:
    levels = [hexes(level) for level in REFERENCE["node_hashes"]]
    assert [merkle.leaf_hash(leaf) for leaf in LEAVES] == levels[0]
    for level in range(1, len(levels)):
        below = levels[level - 1]
        assert [
            merkle.node_hash(below[2 * i], below[2 * i + 1]) for i in range(len(levels[level]))
        ] == levels[level]


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_root_of_every_prefix(size: int) -> None:
    assert merkle.root_hash(LEAVES[:size]) == ROOTS[size]


@pytest.mark.parametrize(
    "vector",
    REFERENCE["inclusion_proofs"],
    ids=lambda v: f"{v['index']}-of-{v['tree_size']}",
)
def test_published_inclusion_proofs(vector: dict[str, Any]) -> None:
    index, size, proof = vector["index"], vector["tree_size"], hexes(vector["proof"])
    assert merkle.inclusion_proof(LEAVES[:size], index) == proof
    leaf = merkle.leaf_hash(LEAVES[index])
    assert merkle.verify_inclusion(leaf, index, size, proof, ROOTS[size])
    for desc, probe in corrupt_inclusion(index, size, proof, ROOTS[size], leaf):
        assert not merkle.verify_inclusion(*probe), desc


@pytest.mark.parametrize(
    "vector",
    REFERENCE["consistency_proofs"],
    ids=lambda v: f"{v['old_size']}-to-{v['new_size']}",
)
def test_published_consistency_proofs(vector: dict[str, Any]) -> None:
    old, new, proof = vector["old_size"], vector["new_size"], hexes(vector["proof"])
    assert merkle.consistency_proof(LEAVES[:new], old) == proof
    assert merkle.verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)
    if proof:  # proofgen corrupts only non-trivial proofs
        for desc, probe in corrupt_consistency(old, new, ROOTS[old], ROOTS[new], proof):
            assert not merkle.verify_consistency(*probe), desc


def corrupt_inclusion(
    index: int, size: int, proof: list[bytes], root: bytes, leaf: bytes
) -> list[tuple[str, tuple[Any, ...]]]:
    """The corruptions of transparency-dev/merkle cmd/proofgen (invalidInclusionProof)."""
    u64 = (1 << 64) - 1
    probes: list[tuple[str, tuple[Any, ...]]] = [
        ("index - 1", (leaf, (index - 1) & u64, size, proof, root)),
        ("index + 1", (leaf, index + 1, size, proof, root)),
        ("index ^ 2", (leaf, index ^ 2, size, proof, root)),
        ("size * 2", (leaf, index, size * 2, proof, root)),
        ("size / 2", (leaf, index, size // 2, proof, root)),
        ("wrong leaf", (b"WrongLeaf", index, size, proof, root)),
        ("empty root", (leaf, index, size, proof, EMPTY_TREE_HASH)),
        ("random root", (leaf, index, size, proof, SOME_HASH)),
        ("trailing garbage", (leaf, index, size, [*proof, b""], root)),
        ("trailing root", (leaf, index, size, [*proof, root], root)),
        ("preceding garbage", (leaf, index, size, [b"", *proof], root)),
        ("preceding root", (leaf, index, size, [root, *proof], root)),
    ]
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([proof[i][0] ^ 8]) + proof[i][1:]
        probes.append((f"proof[{i}] bit 3", (leaf, index, size, flipped, root)))
    if proof:
        probes.append(("removed component", (leaf, index, size, proof[:-1], root)))
    if len(proof) > 1:
        inserted = [proof[0], SOME_HASH, *proof[1:]]
        probes.append(("inserted component", (leaf, index, size, inserted, root)))
    return probes


def corrupt_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes]
) -> list[tuple[str, tuple[Any, ...]]]:
    """The corruptions of transparency-dev/merkle cmd/proofgen (invalidConsistencyProof)."""
    probes: list[tuple[str, tuple[Any, ...]]] = [
        ("old - 1", (old - 1, new, old_root, new_root, proof)),
        ("old + 1", (old + 1, new, old_root, new_root, proof)),
        ("old ^ 2", (old ^ 2, new, old_root, new_root, proof)),
        ("new * 2", (old, new * 2, old_root, new_root, proof)),
        ("new / 2", (old, new // 2, old_root, new_root, proof)),
        ("wrong old root", (old, new, b"WrongRoot", new_root, proof)),
        ("wrong new root", (old, new, old_root, b"WrongRoot", proof)),
        ("swapped roots", (old, new, new_root, old_root, proof)),
        ("empty proof", (old, new, old_root, new_root, [])),
        ("trailing garbage", (old, new, old_root, new_root, [*proof, b""])),
        ("trailing old root", (old, new, old_root, new_root, [*proof, old_root])),
        ("trailing new root", (old, new, old_root, new_root, [*proof, new_root])),
        ("preceding garbage", (old, new, old_root, new_root, [b"", *proof])),
        ("preceding old root", (old, new, old_root, new_root, [old_root, *proof])),
        ("preceding new root", (old, new, old_root, new_root, [new_root, *proof])),
        ("preceding proof[0]", (old, new, old_root, new_root, [proof[0], *proof])),
        ("truncated proof", (old, new, old_root, new_root, proof[:-1])),
    ]
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([proof[i][0] ^ 16]) + proof[i][1:]
        probes.append((f"proof[{i}] bit 4", (old, new, old_root, new_root, flipped)))
    return probes


def b64(value: str | None) -> bytes:
    return base64.b64decode(value or "")


@pytest.mark.parametrize("wrapper", PROBES, ids=lambda w: w["path"].removeprefix("testdata/"))
def test_proofgen_probe_files(wrapper: dict[str, Any]) -> None:
    probe = wrapper["probe"]
    want_error = wrapper.get("lightvibes_expects_error", probe["wantErr"])
    proof = [b64(item) for item in probe["proof"] or []]
    if "size1" in probe:
        verified = merkle.verify_consistency(
            probe["size1"], probe["size2"], b64(probe["root1"]), b64(probe["root2"]), proof
        )
    else:
        index = probe.get("leafIdx", probe.get("leafIndex"))
        verified = merkle.verify_inclusion(
            b64(probe["leafHash"]), index, probe["treeSize"], proof, b64(probe["root"])
        )
    assert verified is not want_error


def test_every_proof_of_small_trees_verifies_only_where_it_belongs() -> None:
    """Exhaustively for n <= 12, against the true root of each tree size: a proof verifies for
    its own leaf index and tree size only (and an old root only for its own old size).

    A (root, size) pair that is no real tree head can accept a proof of another size: the
    algorithm trusts the pair, which a signed checkpoint binds, so that case is not probed.
    """
    for size in range(1, 13):
        leaves = [f"entry {i}".encode() for i in range(size)]
        roots = [merkle.root_hash(leaves[:n]) for n in range(size + 1)]
        for index in range(size):
            proof = merkle.inclusion_proof(leaves, index)
            leaf = merkle.leaf_hash(leaves[index])
            for other_size in range(1, size + 1):
                for other_index in range(other_size + 2):
                    expected = (other_index, other_size) == (index, size)
                    got = merkle.verify_inclusion(
                        leaf, other_index, other_size, proof, roots[other_size]
                    )
                    assert got is expected, (index, size, other_index, other_size)
        for old in range(1, size + 1):
            proof = merkle.consistency_proof(leaves, old)
            for other_old in range(size + 2):
                expected = other_old == old
                other_root = roots[other_old] if other_old <= size else roots[old]
                got = merkle.verify_consistency(other_old, size, other_root, roots[size], proof)
                assert got is expected, (old, size, other_old)


def test_trivial_consistency_cases() -> None:
    root = merkle.root_hash([b"a", b"b", b"c"])
    assert merkle.verify_consistency(3, 3, root, root, [])
    assert not merkle.verify_consistency(3, 3, root, SOME_HASH, [])
    assert not merkle.verify_consistency(3, 3, root, root, [root])
    assert merkle.verify_consistency(0, 0, EMPTY_TREE_HASH, EMPTY_TREE_HASH, [])
    assert not merkle.verify_consistency(0, 0, SOME_HASH, SOME_HASH, [])
    # The RFC defines proofs for 0 < m < n only: from the empty tree there is nothing to prove.
    assert not merkle.verify_consistency(0, 3, EMPTY_TREE_HASH, root, [])
    assert not merkle.verify_consistency(4, 3, root, root, [])


def test_generators_refuse_what_has_no_proof() -> None:
    leaves = [b"a", b"b"]
    for index in (-1, 2):
        with pytest.raises(ValueError, match="no inclusion proof"):
            merkle.inclusion_proof(leaves, index)
    for old in (0, 3):
        with pytest.raises(ValueError, match="no consistency proof"):
            merkle.consistency_proof(leaves, old)
    assert merkle.consistency_proof(leaves, 2) == []


GARBAGE: list[Any] = [
    None,
    0,
    -1,
    1 << 64,
    1 << 200,
    True,
    1.5,
    "3",
    b"",
    b"\x00" * 31,
    b"\x00" * 33,
    "x" * 32,
    [b"\x00" * 32],
    object(),
]


def test_verifiers_never_raise_on_garbage() -> None:
    leaves = [bytes([i]) for i in range(7)]
    root = merkle.root_hash(leaves)
    leaf = merkle.leaf_hash(leaves[3])
    good = (leaf, 3, 7, merkle.inclusion_proof(leaves, 3), root)
    old_root = merkle.root_hash(leaves[:3])
    good_consistency = (3, 7, old_root, root, merkle.consistency_proof(leaves, 3))
    assert merkle.verify_inclusion(*good)
    assert merkle.verify_consistency(*good_consistency)
    for position in range(5):
        for junk in GARBAGE:
            args: list[Any] = list(good)
            args[position] = junk
            assert merkle.verify_inclusion(*args) is False
            args = list(good_consistency)
            args[position] = junk
            assert merkle.verify_consistency(*args) is False
    odd_proofs: list[Any] = [
        "abc",
        b"\x00" * 64,
        [None],
        [b"\x00" * 32] * 1000,
        (x for x in [leaf]),
        {0: leaf},
        [leaf, 5],
    ]
    for proof in odd_proofs:
        assert merkle.verify_inclusion(leaf, 3, 7, proof, root) is False
        assert merkle.verify_consistency(3, 7, old_root, root, proof) is False


def test_verifiers_never_raise_on_random_proofs() -> None:
    rng = random.Random(9162)
    for _ in range(3000):
        size = rng.choice([0, 1, 2, 3, 7, 8, 9, 1000, (1 << 64) - 1, 1 << 64, -5])
        index = rng.choice([0, 1, size - 1, size, size + 1, rng.randrange(0, 1 << 65)])
        proof = [
            rng.randbytes(rng.choice([32, 32, 32, 0, 31, 33])) for _ in range(rng.randrange(0, 70))
        ]
        hash_a, hash_b = rng.randbytes(32), rng.randbytes(rng.choice([32, 16]))
        assert merkle.verify_inclusion(hash_a, index, size, proof, hash_b) is False
        assert merkle.verify_consistency(index, size, hash_a, hash_b, proof) is False


def test_accepts_bytearray_hashes() -> None:
    leaves = [b"x", b"y", b"z"]
    proof: Any = [bytearray(h) for h in merkle.inclusion_proof(leaves, 1)]
    root: Any = bytearray(merkle.root_hash(leaves))
    leaf: Any = bytearray(merkle.leaf_hash(b"y"))
    assert merkle.verify_inclusion(leaf, 1, 3, proof, root)
