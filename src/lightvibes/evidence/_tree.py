"""A Merkle tree kept as stored perfect subtrees: O(log n) appends, O(log n) proof reads.

The store keeps the hash of every *complete* (perfect) subtree, addressed ``(level, index)``:
level 0 holds the leaf hashes and node ``(l, i)`` covers leaves ``[i·2^l, (i+1)·2^l)``. Such a
node never changes once its last leaf is appended, so the stored nodes of a tree of size n are
also exactly the stored nodes of every earlier size. Any subtree RFC 9162 §2.1 hashes that is not
perfect lies on the right edge of some tree size, and is rebuilt from the O(log n) perfect nodes
that tile it.

The functions here are pure: they say which node ids a proof or root needs (so a database fetches
them in one query) and assemble the RFC's proof from a mapping of those ids to hashes. The
results are byte-for-byte those of :mod:`lightvibes.evidence.merkle` over the full leaf list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from lightvibes.evidence import merkle

NodeId = tuple[int, int]
"""``(level, index)``: the perfect subtree over leaves ``[index·2^level, (index+1)·2^level)``."""

ReadNode = Callable[[int, int], bytes]
"""Returns the stored hash of node ``(level, index)``."""

_Range = tuple[int, int]  # leaves [start, end) of one subtree the RFC hashes


def nodes_created_by_append(
    size: int, leaf_hash: bytes, read: ReadNode
) -> list[tuple[int, int, bytes]]:
    """The perfect-subtree nodes that appending leaf number ``size`` completes, leaf first.

    Each returned ``(level, index, hash)`` is new and is never rewritten later. ``read`` is asked
    only for the left siblings along the right edge, at most log2(size + 1) times.
    """
    if size < 0:
        raise ValueError(f"tree size {size} is negative")
    if len(leaf_hash) != merkle.HASH_SIZE:
        raise ValueError(f"a leaf hash is {merkle.HASH_SIZE} bytes, got {len(leaf_hash)}")
    created = [(0, size, bytes(leaf_hash))]
    level, index, current = 0, size, bytes(leaf_hash)
    # A node that is a right child (odd index) completes its parent; climb while that holds.
    while index & 1:
        current = merkle.node_hash(read(level, index - 1), current)
        level, index = level + 1, index >> 1
        created.append((level, index, current))
    return created


def root_node_ids(size: int) -> list[NodeId]:
    """The perfect subtrees that tile a tree of ``size`` leaves, left to right (one per set bit)."""
    _check_size(size)
    return _tiling(0, size)


def root_from_nodes(size: int, nodes: Mapping[NodeId, bytes]) -> bytes:
    """MTH of the first ``size`` leaves (RFC 9162 §2.1.1) from :func:`root_node_ids`' nodes."""
    _check_size(size)
    if size == 0:
        return merkle.EMPTY_ROOT_HASH
    return _range_hash((0, size), nodes)


def inclusion_node_ids(index: int, size: int) -> list[NodeId]:
    """The stored nodes an inclusion proof of leaf ``index`` in a tree of ``size`` needs."""
    _check_index(index, size)
    return _unique(node for span in _inclusion_ranges(index, size) for node in _tiling(*span))


def inclusion_proof_from_nodes(index: int, size: int, nodes: Mapping[NodeId, bytes]) -> list[bytes]:
    """PATH(index, D_size) (RFC 9162 §2.1.3.1) from the nodes of :func:`inclusion_node_ids`."""
    _check_index(index, size)
    return [_range_hash(span, nodes) for span in _inclusion_ranges(index, size)]


def consistency_node_ids(old_size: int, new_size: int) -> list[NodeId]:
    """The stored nodes a consistency proof from ``old_size`` to ``new_size`` needs."""
    _check_sizes(old_size, new_size)
    spans = _consistency_ranges(old_size, new_size)
    return _unique(node for span in spans for node in _tiling(*span))


def consistency_proof_from_nodes(
    old_size: int, new_size: int, nodes: Mapping[NodeId, bytes]
) -> list[bytes]:
    """PROOF(old_size, D_new_size) (RFC 9162 §2.1.4.1) from :func:`consistency_node_ids`' nodes.

    Empty when the sizes are equal; ``ValueError`` unless ``0 < old_size <= new_size``, exactly
    like :func:`lightvibes.evidence.merkle.consistency_proof`.
    """
    _check_sizes(old_size, new_size)
    return [_range_hash(span, nodes) for span in _consistency_ranges(old_size, new_size)]


class MerkleLog:
    """An in-memory log on the stored-node model: for tests, fakes and the offline verifier."""

    def __init__(self) -> None:
        self._entries: list[bytes] = []
        self._nodes: dict[NodeId, bytes] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """The number of entries appended so far."""
        return len(self._entries)

    def append(self, entry: bytes) -> int:
        """Append one entry's bytes and return its index."""
        index = len(self._entries)
        created = nodes_created_by_append(
            index, merkle.leaf_hash(entry), lambda level, i: self._nodes[(level, i)]
        )
        for level, i, node in created:
            self._nodes[(level, i)] = node
        self._entries.append(bytes(entry))
        return index

    def entry(self, index: int) -> bytes:
        """The exact bytes of entry ``index``."""
        return self._entries[index]

    def node(self, level: int, index: int) -> bytes:
        """The stored hash of perfect subtree ``(level, index)``; ``KeyError`` if not complete."""
        return self._nodes[(level, index)]

    def root(self, size: int | None = None) -> bytes:
        """The root hash of the tree of the first ``size`` entries (default: all of them)."""
        return root_from_nodes(self._size_or_all(size), self._nodes)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The audit path of entry ``index`` in the tree of ``size`` entries (default: all)."""
        return inclusion_proof_from_nodes(index, self._size_or_all(size), self._nodes)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """The consistency proof from ``old_size`` to ``new_size`` entries (default: all)."""
        return consistency_proof_from_nodes(old_size, self._size_or_all(new_size), self._nodes)

    def _size_or_all(self, size: int | None) -> int:
        if size is None:
            return len(self._entries)
        if not 0 <= size <= len(self._entries):
            raise ValueError(f"tree size {size} is not in 0..{len(self._entries)}")
        return size


def _tiling(start: int, end: int) -> list[NodeId]:
    """The perfect subtrees that tile leaves ``[start, end)``, left to right.

    Only called for ranges the RFC's recursion produces, whose start is a multiple of every
    power of two not above their length, so the greedy tiling takes the biggest blocks first.
    """
    tiles: list[NodeId] = []
    position, remaining = start, end - start
    for level in range(remaining.bit_length() - 1, -1, -1):
        if remaining >> level & 1:
            tiles.append((level, position >> level))
            position += 1 << level
    return tiles


def _range_hash(span: _Range, nodes: Mapping[NodeId, bytes]) -> bytes:
    """MTH of leaves ``[start, end)``: right fold of the tiles, as §2.1.1 splits at k."""
    tiles = _tiling(*span)
    try:
        hashes = [nodes[node] for node in tiles]
    except KeyError as missing:
        raise KeyError(f"stored Merkle node {missing.args[0]} is missing") from None
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = merkle.node_hash(left, result)
    return result


def _inclusion_ranges(index: int, size: int) -> list[_Range]:
    """The subtrees PATH(index, D_size) hashes (§2.1.3.1), in the RFC's order (leaf level first)."""
    spans: list[_Range] = []
    start, end, m = 0, size, index
    while end - start > 1:
        k = _largest_power_of_two_below(end - start)
        if m < k:
            # PATH(m, D[0:k]) : MTH(D[k:n])
            spans.append((start + k, end))
            end = start + k
        else:
            # PATH(m - k, D[k:n]) : MTH(D[0:k])
            spans.append((start, start + k))
            start, m = start + k, m - k
    # The loop walks from the root down, the RFC appends on the way back up.
    spans.reverse()
    return spans


def _consistency_ranges(old_size: int, new_size: int) -> list[_Range]:
    """The subtrees PROOF(old_size, D_new_size) hashes (§2.1.4.1), in the RFC's order."""
    spans: list[_Range] = []
    start, end, m, complete = 0, new_size, old_size, True
    while m != end - start:
        k = _largest_power_of_two_below(end - start)
        if m <= k:
            # SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
            spans.append((start + k, end))
            end = start + k
        else:
            # SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
            spans.append((start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        # SUBPROOF(m, D[m], false) = {MTH(D[m])}; with b still true the old tree is a node the
        # verifier already holds as its root, so nothing is added.
        spans.append((start, end))
    spans.reverse()
    return spans


def _unique(nodes: Iterable[NodeId]) -> list[NodeId]:
    """The node ids in first-seen order, each once."""
    return list(dict.fromkeys(nodes))


def _largest_power_of_two_below(n: int) -> int:
    """k in RFC 9162 §2.1.1: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _check_size(size: int) -> None:
    if size < 0:
        raise ValueError(f"tree size {size} is negative")


def _check_index(index: int, size: int) -> None:
    if not 0 <= index < size:
        raise ValueError(f"no inclusion proof for index {index} in a tree of {size} entries")


def _check_sizes(old_size: int, new_size: int) -> None:
    if not 0 < old_size <= new_size:
        raise ValueError(
            f"no consistency proof from size {old_size} to size {new_size}: need 0 < old <= new"
        )
