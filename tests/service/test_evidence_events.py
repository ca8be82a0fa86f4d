"""Every operation of a session's life leaves its evidence; nothing happens if it cannot."""

from __future__ import annotations

import asyncio
import base64

import pytest

from lightvibes.client import unseal
from lightvibes.errors import KeyNotFound, StoreUnavailable
from lightvibes.evidence import Entry, EntryType, audit_log, decode_entry
from lightvibes.quantum import LinkState, LinkTransition
from lightvibes.sealing import RecipientPrivateKey
from lightvibes.service import EvidenceLinkSink, KeyService, SessionRequest
from lightvibes.testing import FixedClock, InMemoryKeyStore
from tests.conftest import ServiceFactory


def logged(store: InMemoryKeyStore) -> list[Entry]:
    return [decode_entry(data) for data in store.entries]


async def checkpoints(service: KeyService) -> list[str]:
    assert service.evidence is not None
    return [c.note for c in await service.evidence.checkpoints(0, 1000)]


async def test_a_session_life_cycle_is_in_the_log_and_audits(
    make_service: ServiceFactory,
    memory_store: InMemoryKeyStore,
    clock: FixedClock,
    recipient: RecipientPrivateKey,
) -> None:
    service = make_service()
    await service.start()
    delivered = await service.open_session(SessionRequest(peer_id="node-b", min_keybits=384))
    key = unseal(
        {
            "key_ref": delivered.key_ref,
            "key_sealed": (await service.deliver(delivered.key_ref)).key_sealed,
        },
        recipient,
    )
    revoked = await service.open_session(SessionRequest(peer_id="node-c"))
    await service.revoke(revoked.session_id)
    expired = await service.open_session(SessionRequest(peer_id="node-d", ttl_s=5))
    clock.advance(5)
    await service.sweep()
    await service.stop()

    entries = logged(memory_store)
    assert [(e.type, e.fields.get("session_id")) for e in entries] == [
        ("log.started", None),
        ("session.created", delivered.session_id),
        ("key.issued", delivered.session_id),
        ("key.delivered", delivered.session_id),
        ("session.created", revoked.session_id),
        ("key.issued", revoked.session_id),
        ("key.destroyed", revoked.session_id),
        ("session.created", expired.session_id),
        ("key.issued", expired.session_id),
        ("key.destroyed", expired.session_id),
    ]
    assert [e.seq for e in entries] == list(range(len(entries)))
    created, issued = entries[1].fields, entries[2].fields
    assert created["peer_id"] == "node-b"
    assert created["policy"] == {"min_keybits": 384, "ttl_s": 120}
    assert (created["mode"], created["link_state"], created["qber"]) == ("PQC", "down", None)
    assert issued["bits"] == 384
    assert issued["recipient_key_id"] == recipient.key_id
    assert entries[3].fields == {"session_id": delivered.session_id, "party": "initiator"}
    assert entries[6].fields["reason"] == "revoked"
    assert entries[9].fields["reason"] == "expired"
    assert entries[9].actor == "sweeper"
    # Never key material: not the key, nor the key_ref that fetches it.
    everything = b"".join(memory_store.entries)
    for secret in (key, key.hex().encode(), base64.b64encode(key), delivered.key_ref.encode()):
        assert secret not in everything

    assert service.evidence is not None
    report = audit_log(
        memory_store.entries,
        await checkpoints(service),
        trusted_keys=[service.evidence.verifier_key()],
    )
    assert report.ok, report.verdict
    assert report.trust == "pinned"


async def test_issuance_fails_closed_when_the_log_cannot_be_written(
    make_service: ServiceFactory, memory_store: InMemoryKeyStore
) -> None:
    service = make_service()
    await service.start()
    kept = await service.open_session(SessionRequest(peer_id="p"))
    size = len(memory_store.entries)
    memory_store.evidence_writable = False
    with pytest.raises(StoreUnavailable):
        await service.open_session(SessionRequest(peer_id="p"))
    assert len(memory_store.sessions) == 1
    # Delivery fails closed too: the key stays undelivered rather than leave unrecorded.
    with pytest.raises(StoreUnavailable):
        await service.deliver(kept.key_ref)
    assert kept.key_ref in memory_store.sealed_keys
    assert len(memory_store.entries) == size
    memory_store.evidence_writable = True
    assert (await service.deliver(kept.key_ref)).key_ref == kept.key_ref
    with pytest.raises(KeyNotFound):
        await service.deliver(kept.key_ref)


async def test_link_transitions_are_logged_with_mode_changes(
    make_service: ServiceFactory, memory_store: InMemoryKeyStore
) -> None:
    service = make_service()
    await service.start()
    assert service.evidence is not None
    sink = EvidenceLinkSink(service.evidence)
    sink.bind(asyncio.get_running_loop())

    def transition(kind: str, before: LinkState, after: LinkState) -> LinkTransition:
        return LinkTransition(kind, before, after, f"{kind} cause", 0.05, 7)

    # The link thread emits; the appends run on the service's loop.
    await asyncio.to_thread(
        sink.emit, transition("link.healthy", LinkState.DEGRADED, LinkState.HEALTHY)
    )
    await asyncio.to_thread(
        sink.emit, transition("link.quarantined", LinkState.HEALTHY, LinkState.QUARANTINED)
    )
    await asyncio.to_thread(
        sink.emit, transition("link.restored", LinkState.QUARANTINED, LinkState.DEGRADED)
    )
    for _ in range(100):
        if len(memory_store.entries) >= 6:
            break
        await asyncio.sleep(0.01)
    kinds = [(e.type, e.fields.get("from"), e.fields.get("to")) for e in logged(memory_store)]
    assert kinds[1:] == [
        ("link.healthy", "degraded", "healthy"),
        ("mode.changed", "PQC", "QMK"),
        ("link.quarantined", "healthy", "quarantined"),
        ("mode.changed", "QMK", "PQC"),
        ("link.restored", "quarantined", "degraded"),
    ]
    assert logged(memory_store)[3].fields["cause"] == "link.quarantined cause"
    await service.stop()


async def test_checkpoints_are_signed_every_n_entries_and_on_stop(
    memory_store: InMemoryKeyStore, clock: FixedClock
) -> None:
    from lightvibes.service import EvidenceLog

    log = EvidenceLog(
        store=memory_store,
        clock=clock,
        origin="lightvibes.test/evidence",
        checkpoint_entries=3,
        checkpoint_interval_s=0.02,
    )
    await log.start()
    assert [c.tree_size for c in memory_store.stored_checkpoints] == [1]
    await log.append([log.event(EntryType.KEY_DELIVERED, "t", session_id=str(i)) for i in range(3)])
    for _ in range(200):
        if memory_store.stored_checkpoints[-1].tree_size == 4:
            break
        await asyncio.sleep(0.01)
    assert memory_store.stored_checkpoints[-1].tree_size == 4
    await log.append([log.event(EntryType.KEY_DELIVERED, "t", session_id="last")])
    await log.stop()
    assert memory_store.stored_checkpoints[-1].tree_size == 5
    report = audit_log(memory_store.entries, [c.note for c in memory_store.stored_checkpoints])
    assert report.ok, report.verdict
