"""The shared append: the nodes it reads are exactly those fetched up front, and the result is
the RFC 9162 tree of the entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lightvibes.evidence import MerkleLog, merkle
from lightvibes.store import EvidenceEvent
from lightvibes.store._appends import encode_appends, siblings_read_by

T0 = datetime(2030, 1, 1, tzinfo=UTC)


def events(count: int) -> list[EvidenceEvent]:
    return [EvidenceEvent("key.issued", "t", T0, {"n": i}) for i in range(count)]


def test_reads_only_the_prefetched_nodes_and_builds_the_rfc_tree() -> None:
    for size in range(70):
        log = MerkleLog()
        appended = encode_appends(0, T0, events(size), lambda lv, ix: b"")
        for _, data in appended.entries:
            log.append(data)
        stored = {(lv, ix): node for lv, ix, node in appended.nodes}
        for count in range(1, 6):
            prefetched = set(siblings_read_by(size, count))
            reads: list[tuple[int, int]] = []

            def read(
                level: int, index: int, reads: list[tuple[int, int]] = reads, stored=stored
            ) -> bytes:
                reads.append((level, index))
                return stored[(level, index)]

            more = encode_appends(size, T0, events(count), read)
            assert set(reads) <= prefetched, (size, count)
            leaves = [data for _, data in appended.entries] + [d for _, d in more.entries]
            assert more.size == size + count
            nodes = stored | {(lv, ix): node for lv, ix, node in more.nodes}
            # Every perfect subtree the batch completed hashes as RFC 9162 says.
            for (level, index), node in nodes.items():
                span = leaves[index << level : (index + 1) << level]
                assert node == merkle.root_hash(span)


def test_times_never_go_backwards() -> None:
    batch = [
        EvidenceEvent("key.issued", "t", T0 + timedelta(seconds=3)),
        EvidenceEvent("key.issued", "t", T0),
    ]
    appended = encode_appends(0, T0 + timedelta(seconds=1), batch, lambda lv, ix: b"")
    assert appended.last_time == T0 + timedelta(seconds=3)
    assert all(b'"time":"2030-01-01T00:00:03.000000Z"' in data for _, data in appended.entries)
