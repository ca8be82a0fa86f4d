"""The stored-node tree: O(log n) appends and reads, proofs byte-equal to the RFC's.

Every proof and root assembled from stored perfect-subtree nodes is compared with
:mod:`lightvibes.evidence.merkle`'s recursive RFC 9162 algorithms: exhaustively for every size up
to 70 (every index, every old size), and at random for larger trees. The node-id functions are
checked to ask for few nodes, all of them complete at that size, so one query can fetch them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from lightvibes.evidence import (
    MerkleLog,
    consistency_node_ids,
    consistency_proof_from_nodes,
    inclusion_node_ids,
    inclusion_proof_from_nodes,
    merkle,
    nodes_created_by_append,
    root_from_nodes,
    root_node_ids,
)

REFERENCE: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "vectors" / "merkle" / "rfc6962_reference.json").read_text()
)

EXHAUSTIVE_LIMIT = 70


def leaves_of(size: int) -> list[bytes]:
    return [f"leaf {i}".encode() for i in range(size)]


def build(leaves: list[bytes]) -> MerkleLog:
    log = MerkleLog()
    for data in leaves:
        log.append(data)
    return log


def is_complete(node: tuple[int, int], size: int) -> bool:
    level, index = node
    return level >= 0 and index >= 0 and (index + 1) << level <= size


def bound(size: int) -> int:
    """Twice the tree height: the most nodes any one proof or root may touch."""
    return 2 * max(size, 1).bit_length() + 1


@pytest.fixture(scope="module")
def big_log() -> tuple[list[bytes], MerkleLog]:
    leaves = leaves_of(EXHAUSTIVE_LIMIT)
    return leaves, build(leaves)


def test_stored_nodes_are_the_reference_complete_subtrees() -> None:
    leaves = [bytes.fromhex(leaf) for leaf in REFERENCE["leaves"]]
    log = build(leaves)
    for level, hashes in enumerate(REFERENCE["node_hashes"]):
        for index, expected in enumerate(hashes):
            assert log.node(level, index).hex() == expected
    for size, root in enumerate(REFERENCE["roots"]):
        assert log.root(size).hex() == root
    with pytest.raises(KeyError):
        log.node(3, 1)  # never complete in an 8-leaf tree


def test_roots_for_every_size(big_log: tuple[list[bytes], MerkleLog]) -> None:
    leaves, log = big_log
    for size in range(EXHAUSTIVE_LIMIT + 1):
        ids = root_node_ids(size)
        assert len(ids) == bin(size).count("1")
        assert all(is_complete(node, size) for node in ids)
        nodes = {node: log.node(*node) for node in ids}
        assert root_from_nodes(size, nodes) == merkle.root_hash(leaves[:size]) == log.root(size)


def test_inclusion_proofs_for_every_index_and_size(
    big_log: tuple[list[bytes], MerkleLog],
) -> None:
    leaves, log = big_log
    for size in range(1, EXHAUSTIVE_LIMIT + 1):
        root = merkle.root_hash(leaves[:size])
        for index in range(size):
            ids = inclusion_node_ids(index, size)
            assert len(ids) == len(set(ids)) <= bound(size)
            assert all(is_complete(node, size) for node in ids)
            nodes = {node: log.node(*node) for node in ids}
            proof = inclusion_proof_from_nodes(index, size, nodes)
            assert (
                proof
                == merkle.inclusion_proof(leaves[:size], index)
                == log.inclusion_proof(index, size)
            )
            leaf = merkle.leaf_hash(leaves[index])
            assert merkle.verify_inclusion(leaf, index, size, proof, root)


def test_consistency_proofs_for_every_pair_of_sizes(
    big_log: tuple[list[bytes], MerkleLog],
) -> None:
    leaves, log = big_log
    for new in range(1, EXHAUSTIVE_LIMIT + 1):
        new_root = merkle.root_hash(leaves[:new])
        for old in range(1, new + 1):
            ids = consistency_node_ids(old, new)
            assert len(ids) == len(set(ids)) <= bound(new)
            assert all(is_complete(node, new) for node in ids)
            nodes = {node: log.node(*node) for node in ids}
            proof = consistency_proof_from_nodes(old, new, nodes)
            assert proof == merkle.consistency_proof(leaves[:new], old)
            assert proof == log.consistency_proof(old, new)
            old_root = merkle.root_hash(leaves[:old])
            assert merkle.verify_consistency(old, new, old_root, new_root, proof)


def test_random_large_trees_agree_with_the_rfc_recursion() -> None:
    rng = random.Random(20250101)
    size = 3000
    leaves = [rng.randbytes(rng.randrange(0, 40)) for _ in range(size)]
    log = build(leaves)
    for _ in range(25):
        new = rng.randrange(EXHAUSTIVE_LIMIT, size + 1)
        index = rng.randrange(new)
        old = rng.randrange(1, new + 1)
        assert log.root(new) == merkle.root_hash(leaves[:new])
        assert log.inclusion_proof(index, new) == merkle.inclusion_proof(leaves[:new], index)
        assert log.consistency_proof(old, new) == merkle.consistency_proof(leaves[:new], old)


def test_append_reads_only_left_siblings_on_the_right_edge() -> None:
    stored: dict[tuple[int, int], bytes] = {}
    reads: list[tuple[int, int]] = []

    def read(level: int, index: int) -> bytes:
        reads.append((level, index))
        return stored[(level, index)]

    for size in range(300):
        reads.clear()
        leaf = merkle.leaf_hash(size.to_bytes(4, "big"))
        created = nodes_created_by_append(size, leaf, read)
        # One new node per trailing 1 bit of size, plus the leaf: what becomes complete.
        trailing_ones = (size ^ (size + 1)).bit_length() - 1
        assert len(created) == trailing_ones + 1
        assert len(reads) == trailing_ones <= (size + 1).bit_length()
        assert created[0] == (0, size, leaf)
        for level, index, _ in created:
            assert (index + 1) << level == size + 1  # each ends exactly at the new leaf
            assert (level, index) not in stored  # never rewritten
        for level, index in reads:
            assert (index + 1) << level == size + 1 - (1 << level)  # the left sibling
        stored.update({(level, index): node for level, index, node in created})


def test_missing_nodes_and_bad_sizes_are_refused() -> None:
    log = build(leaves_of(5))
    ids = inclusion_node_ids(2, 5)
    partial = {node: log.node(*node) for node in ids[1:]}
    with pytest.raises(KeyError, match="missing"):
        inclusion_proof_from_nodes(2, 5, partial)
    with pytest.raises(ValueError, match="no inclusion proof"):
        inclusion_node_ids(5, 5)
    with pytest.raises(ValueError, match="no consistency proof"):
        consistency_node_ids(0, 5)
    with pytest.raises(ValueError, match="no consistency proof"):
        consistency_node_ids(6, 5)
    with pytest.raises(ValueError, match="negative"):
        root_node_ids(-1)
    with pytest.raises(ValueError, match=r"not in 0\.\.5"):
        log.root(6)
    with pytest.raises(ValueError, match="32 bytes"):
        nodes_created_by_append(5, b"short", log.node)
    assert root_from_nodes(0, {}) == merkle.EMPTY_ROOT_HASH
    assert consistency_proof_from_nodes(5, 5, {}) == []


def test_older_trees_are_answered_from_the_same_nodes() -> None:
    """Complete nodes never change, so a grown log still proves its old sizes."""
    leaves = leaves_of(40)
    log = build(leaves[:17])
    old_root, old_proof = log.root(), log.inclusion_proof(9)
    for data in leaves[17:]:
        log.append(data)
    assert log.root(17) == old_root
    assert log.inclusion_proof(9, 17) == old_proof
    assert log.entry(9) == leaves[9] and len(log) == log.size == 40
