"""Turning evidence events into log entries and Merkle nodes: the one append both stores use.

Pure: it reads stored nodes through a callback and returns what to write, so the SQL store runs
it inside its transaction and the in-memory fake runs it under its lock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from lightvibes.evidence import encode_entry, merkle, nodes_created_by_append
from lightvibes.store._records import EvidenceEvent

__all__ = ["Appended", "encode_appends", "siblings_read_by"]


@dataclass(frozen=True, slots=True)
class Appended:
    entries: list[tuple[int, bytes]]  # (seq, exact leaf bytes)
    nodes: list[tuple[int, int, bytes]]  # (level, index, hash) of every completed subtree
    size: int  # the tree size afterwards
    last_time: datetime  # the newest entry's time afterwards


def siblings_read_by(size: int, count: int) -> list[tuple[int, int]]:
    """The already stored nodes that appending ``count`` leaves to a tree of ``size`` reads.

    Appending leaf s reads the left siblings on the right edge, one per trailing one bit of s;
    those lying wholly inside the first ``size`` leaves exist before the batch starts.
    """
    needed = set()
    for seq in range(size, size + count):
        level = 0
        while (seq >> level) & 1:
            index = (seq >> level) - 1
            if (index + 1) << level <= size:
                needed.add((level, index))
            level += 1
    return sorted(needed)


def encode_appends(
    size: int,
    last_time: datetime,
    events: Sequence[EvidenceEvent],
    stored: Callable[[int, int], bytes],
) -> Appended:
    """Entries for ``events`` from seq ``size`` on (RFC 9162 §2.1 leaves) and the nodes they add.

    An event built before a concurrent one may be appended after it: its entry takes the later
    time, so times in the log never go backwards (the audit checks that). Raises ValueError for
    an event that cannot be logged (e.g. key material), before anything is written.
    """
    created: dict[tuple[int, int], bytes] = {}

    def read(level: int, index: int) -> bytes:
        return created[(level, index)] if (level, index) in created else stored(level, index)

    entries, nodes = [], []
    for event in events:
        last_time = max(event.time, last_time)
        data = encode_entry(
            seq=size, time=last_time, type=event.type, actor=event.actor, fields=event.fields
        )
        for level, index, node in nodes_created_by_append(size, merkle.leaf_hash(data), read):
            created[(level, index)] = node
            nodes.append((level, index, node))
        entries.append((size, data))
        size += 1
    return Appended(entries, nodes, size, last_time)
