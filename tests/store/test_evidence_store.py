"""The evidence log in the store: appended with each change, fail-closed, proofs from nodes."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlalchemy import text

from lightvibes.errors import StoreError
from lightvibes.evidence import (
    consistency_node_ids,
    consistency_proof_from_nodes,
    decode_entry,
    inclusion_node_ids,
    inclusion_proof_from_nodes,
    merkle,
    root_from_nodes,
    root_node_ids,
)
from lightvibes.store import (
    EvidenceEvent,
    EvidenceStore,
    SealedKeyRecord,
    SessionRecord,
    SqlKeyStore,
    StoredCheckpoint,
)

from .conftest import Backend
from .test_sqlstore import NOW, make_session


def event(kind: str = "session.created", **fields: object) -> EvidenceEvent:
    return EvidenceEvent(type=kind, actor="test", time=NOW, fields=fields)


async def entries(store: SqlKeyStore) -> list[bytes]:
    return await store.evidence_entries(0, await store.evidence_size())


async def test_satisfies_the_evidence_store_port(store: SqlKeyStore) -> None:
    port: EvidenceStore = store
    assert await port.evidence_size() == 0


async def test_appends_number_the_entries_and_the_stored_tree_is_rfc_9162(
    store: SqlKeyStore,
) -> None:
    for batch in range(7):
        size = await store.append_events([event(n=batch * 10 + i) for i in range(batch + 1)])
        assert size == sum(range(1, batch + 2))
    leaves = await entries(store)
    assert [decode_entry(leaf).seq for leaf in leaves] == list(range(len(leaves)))
    for size in range(len(leaves) + 1):
        nodes = await store.evidence_nodes(root_node_ids(size))
        assert root_from_nodes(size, nodes) == merkle.root_hash(leaves[:size])
    size = len(leaves)
    for index in (0, 5, size - 1):
        nodes = await store.evidence_nodes(inclusion_node_ids(index, size))
        proof = inclusion_proof_from_nodes(index, size, nodes)
        assert proof == merkle.inclusion_proof(leaves, index)
        assert merkle.verify_inclusion(
            merkle.leaf_hash(leaves[index]), index, size, proof, merkle.root_hash(leaves)
        )
    nodes = await store.evidence_nodes(consistency_node_ids(11, size))
    assert consistency_proof_from_nodes(11, size, nodes) == merkle.consistency_proof(leaves, 11)


async def test_changes_append_their_events_in_the_same_transaction(store: SqlKeyStore) -> None:
    session, copies = make_session("s-1")
    await store.create_session(session, copies, [event(session_id="s-1"), event("key.issued")])
    assert await store.evidence_size() == 2

    def delivered(copy: SealedKeyRecord) -> Sequence[EvidenceEvent]:
        return [event("key.delivered", session_id=copy.session_id, party=copy.party)]

    assert await store.take_key("nope", NOW, delivered) is None
    assert await store.evidence_size() == 2  # a miss logs nothing here
    assert await store.take_key(copies[0].key_ref, NOW, delivered) is not None
    last = decode_entry((await entries(store))[-1])
    assert (last.type, last.fields) == (
        "key.delivered",
        {"session_id": "s-1", "party": "initiator"},
    )

    def revoked(found: SessionRecord) -> Sequence[EvidenceEvent]:
        return [event("key.destroyed", session_id=found.session_id, reason="revoked")]

    await store.revoke_session("s-1", NOW, revoked)  # already delivered: nothing destroyed
    assert await store.evidence_size() == 3
    second, copies2 = make_session("s-2")
    await store.create_session(second, copies2)
    await store.revoke_session("s-2", NOW, revoked)
    assert decode_entry((await entries(store))[-1]).fields["reason"] == "revoked"

    third, copies3 = make_session("s-3")
    await store.create_session(third, copies3)

    def expired(found: Sequence[SealedKeyRecord]) -> Sequence[EvidenceEvent]:
        return [event("key.destroyed", session_id=c.session_id, reason="expired") for c in found]

    assert await store.sweep_expired(NOW + timedelta(days=1), expired) == 1
    assert decode_entry((await entries(store))[-1]).fields == {
        "session_id": "s-3",
        "reason": "expired",
    }
    assert await store.sweep_expired(NOW + timedelta(days=2), expired) == 0
    assert await store.evidence_size() == 5


async def test_a_failed_change_leaves_no_entry(store: SqlKeyStore) -> None:
    session, copies = make_session("dup")
    await store.create_session(session, copies, [event()])
    with pytest.raises(StoreError):
        await store.create_session(session, copies, [event()])
    assert await store.evidence_size() == 1


async def test_key_material_in_an_event_fails_closed(store: SqlKeyStore) -> None:
    session, copies = make_session("leaky")
    with pytest.raises(ValueError, match="key"):
        await store.create_session(session, copies, [event(key_sealed="AAAA")])
    assert await store.get_session("leaky") is None
    assert await store.evidence_size() == 0


async def test_an_unwritable_log_stops_the_operation(backend: Backend) -> None:
    store = backend.new_store()
    await store.open()
    async with store.engine.begin() as connection:
        if backend.name == "sqlite":
            await connection.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON evidence_entries "
                    "BEGIN SELECT RAISE(ABORT, 'evidence log refuses writes'); END"
                )
            )
        else:
            await connection.execute(
                text(
                    f'ALTER TABLE "{backend.schema}".evidence_entries '
                    "ADD CONSTRAINT refuse CHECK (seq < 0) NOT VALID"
                )
            )
    session, copies = make_session("blocked")
    with pytest.raises(StoreError):
        await store.create_session(session, copies, [event()])
    assert await store.get_session("blocked") is None
    assert await store.evidence_size() == 0


async def test_concurrent_changes_get_contiguous_sequence_numbers(store: SqlKeyStore) -> None:
    async def open_one(i: int) -> None:
        session, copies = make_session(f"c-{i}")
        await store.create_session(session, copies, [event(i=i), event("key.issued", i=i)])

    await asyncio.gather(*(open_one(i) for i in range(40)))
    leaves = await entries(store)
    assert [decode_entry(leaf).seq for leaf in leaves] == list(range(80))
    nodes = await store.evidence_nodes(root_node_ids(80))
    assert root_from_nodes(80, nodes) == merkle.root_hash(leaves)


def _note(size: int, root: bytes) -> str:
    return f"note {size} {root.hex()}\n"


async def test_checkpoints_sign_the_current_root_and_are_kept_in_order(
    store: SqlKeyStore,
) -> None:
    assert await store.latest_checkpoint() is None
    for added in (0, 3, 0, 6):
        if added:
            await store.append_events([event(n=i) for i in range(added)])
        await store.sign_checkpoint(_note, NOW)
    leaves = await entries(store)
    latest = await store.latest_checkpoint()
    assert latest == StoredCheckpoint(9, _note(9, merkle.root_hash(leaves)), NOW)
    assert [c.tree_size for c in await store.checkpoints(1, 2)] == [3, 3]
    listed = await store.checkpoints(0, 100)
    assert [c.tree_size for c in listed] == [0, 3, 3, 9]
    assert listed[1].note == _note(3, merkle.root_hash(leaves[:3]))


async def test_concurrent_appends_and_checkpoints_stay_in_size_order(backend: Backend) -> None:
    """Two stores (two processes' worth) append and sign at once: sizes never go backwards."""
    stores = [backend.new_store(), backend.new_store()]
    for one in stores:
        await one.open()

    async def worker(one: SqlKeyStore) -> None:
        for i in range(15):
            await one.append_events([event(n=i)])
            await one.sign_checkpoint(_note, NOW)

    await asyncio.gather(*(worker(one) for one in stores))
    sizes = [c.tree_size for c in await stores[0].checkpoints(0, 1000)]
    assert len(sizes) == 30
    assert sizes == sorted(sizes)


async def test_entry_times_never_go_backwards(store: SqlKeyStore) -> None:
    """An event built before another but appended after it takes the later time."""
    later = EvidenceEvent(type="key.issued", actor="t", time=NOW + timedelta(seconds=5))
    earlier = EvidenceEvent(type="key.issued", actor="t", time=NOW)
    await store.append_events([later])
    await store.append_events([earlier, later])
    times = [decode_entry(leaf).time for leaf in await entries(store)]
    assert times == [NOW + timedelta(seconds=5)] * 3
