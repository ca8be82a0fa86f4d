"""KeyService with fakes: the life of one key, the mode decision, expiry and revocation."""

from __future__ import annotations

import pytest

from lightvibes.client import unseal
from lightvibes.errors import KeyNotFound, KeySourceUnavailable, SessionNotFound
from lightvibes.quantum._link import LinkState
from lightvibes.sealing import RecipientPrivateKey, SealSuite, generate_keypair
from lightvibes.service import Fallback, Mode, SessionRequest, SessionState
from lightvibes.testing import FixedClock, InMemoryKeyStore, StaticLink
from tests.conftest import ServiceFactory


async def test_pqc_session_delivers_a_sealed_key_exactly_once(
    make_service: ServiceFactory, recipient: RecipientPrivateKey
) -> None:
    service = make_service()
    issued = await service.open_session(SessionRequest(peer_id="node-b", min_keybits=512))
    assert issued.mode is Mode.PQC
    assert issued.health.qber is None and issued.health.rate_bps == 0
    assert issued.health.state is LinkState.DOWN

    delivered = await service.deliver(issued.key_ref)
    key = unseal({"key_ref": delivered.key_ref, "key_sealed": delivered.key_sealed}, recipient)
    assert len(key) == 64
    assert delivered.mode is Mode.PQC
    assert delivered.seal.suite == SealSuite.X25519
    assert delivered.seal.recipient_key_id == recipient.key_id

    with pytest.raises(KeyNotFound):
        await service.deliver(issued.key_ref)


async def test_keys_of_different_sessions_differ(
    make_service: ServiceFactory, recipient: RecipientPrivateKey
) -> None:
    service = make_service()
    keys = set()
    for _ in range(5):
        issued = await service.open_session(SessionRequest(peer_id="p"))
        delivered = await service.deliver(issued.key_ref)
        keys.add(unseal({"key_ref": issued.key_ref, "key_sealed": delivered.key_sealed}, recipient))
    assert len(keys) == 5


async def test_store_holds_only_the_sealed_blob(
    make_service: ServiceFactory, memory_store: InMemoryKeyStore, recipient: RecipientPrivateKey
) -> None:
    service = make_service()
    issued = await service.open_session(SessionRequest(peer_id="p"))
    stored = memory_store.sealed_keys[issued.key_ref].sealed
    delivered = await service.deliver(issued.key_ref)
    key = unseal({"key_ref": issued.key_ref, "key_sealed": delivered.key_sealed}, recipient)
    assert key not in stored


async def test_ttl_counts_down_and_expired_keys_are_not_delivered(
    make_service: ServiceFactory, clock: FixedClock
) -> None:
    service = make_service(default_ttl_s=120)
    first = await service.open_session(SessionRequest(peer_id="p"))
    second = await service.open_session(SessionRequest(peer_id="p", ttl_s=10))
    assert first.ttl_s == 120 and second.ttl_s == 10
    clock.advance(30.5)
    delivered = await service.deliver(first.key_ref)
    assert delivered.ttl_s == 89  # whole seconds left: 120 - 30.5 = 89.5
    with pytest.raises(KeyNotFound):
        await service.deliver(second.key_ref)


async def test_sweep_destroys_expired_material_and_marks_the_session(
    make_service: ServiceFactory, clock: FixedClock, memory_store: InMemoryKeyStore
) -> None:
    service = make_service()
    issued = await service.open_session(SessionRequest(peer_id="p", ttl_s=5))
    kept = await service.open_session(SessionRequest(peer_id="p", ttl_s=60))
    clock.advance(5)
    assert await service.sweep() == 1
    assert issued.key_ref not in memory_store.sealed_keys
    assert kept.key_ref in memory_store.sealed_keys
    session = await service.get_session(issued.session_id)
    assert session.state is SessionState.EXPIRED
    assert session.closed_at == clock.now()


async def test_revoke_destroys_undelivered_material(make_service: ServiceFactory) -> None:
    service = make_service()
    issued = await service.open_session(SessionRequest(peer_id="p"))
    revoked = await service.revoke(issued.session_id)
    assert revoked.state is SessionState.REVOKED
    with pytest.raises(KeyNotFound):
        await service.deliver(issued.key_ref)
    # Revoking again is harmless and keeps the state.
    assert (await service.revoke(issued.session_id)).state is SessionState.REVOKED


async def test_delivered_session_stays_delivered_when_revoked(make_service: ServiceFactory) -> None:
    service = make_service()
    issued = await service.open_session(SessionRequest(peer_id="p"))
    await service.deliver(issued.key_ref)
    assert (await service.get_session(issued.session_id)).state is SessionState.DELIVERED
    assert (await service.revoke(issued.session_id)).state is SessionState.DELIVERED


@pytest.mark.parametrize("session_id", ["nope", "00000000-0000-4000-8000-000000000000", ""])
async def test_unknown_sessions_are_not_found(
    make_service: ServiceFactory, session_id: str
) -> None:
    service = make_service()
    with pytest.raises(SessionNotFound):
        await service.get_session(session_id)
    with pytest.raises(SessionNotFound):
        await service.revoke(session_id)


@pytest.mark.parametrize("key_ref", ["", "short", "x" * 32, "../../etc/passwd", "é" * 32])
async def test_malformed_and_unknown_key_refs_are_not_found(
    make_service: ServiceFactory, key_ref: str
) -> None:
    with pytest.raises(KeyNotFound) as raised:
        await make_service().deliver(key_ref)
    assert raised.value.detail == KeyNotFound().detail


async def test_no_link_and_no_fallback_is_unavailable_with_retry_after(
    make_service: ServiceFactory, memory_store: InMemoryKeyStore
) -> None:
    service = make_service()
    with pytest.raises(KeySourceUnavailable) as raised:
        await service.open_session(SessionRequest(peer_id="p", fallback=Fallback.NONE))
    assert raised.value.retry_after_s == 7
    assert "fallback" in raised.value.detail
    assert memory_store.sessions == {}  # nothing half-written


async def test_healthy_link_serves_qmk_from_its_pool(
    make_service: ServiceFactory, recipient: RecipientPrivateKey
) -> None:
    link = StaticLink(qber=0.02, pool_bits=1024, seed=3)
    expected = StaticLink(qber=0.02, pool_bits=1024, seed=3).take_key(256)
    service = make_service(link=link)
    issued = await service.open_session(SessionRequest(peer_id="p", fallback=Fallback.NONE))
    assert issued.mode is Mode.QMK
    assert issued.health.qber == 0.02
    assert link.pool_bits == 1024 - 256
    delivered = await service.deliver(issued.key_ref)
    assert unseal({"key_ref": issued.key_ref, "key_sealed": delivered.key_sealed}, recipient) == (
        expected
    )


@pytest.mark.parametrize(
    ("link", "why"),
    [
        (StaticLink(qber=0.09), "qber above threshold"),
        (StaticLink(state=LinkState.DEGRADED), "degraded"),
        (StaticLink(state=LinkState.QUARANTINED), "quarantined"),
        (StaticLink(rate_bps=0.0), "no secret key rate"),
        (StaticLink(pool_bits=128), "pool too small"),
        (StaticLink(qber=None), "never measured"),
    ],
)
async def test_unfit_link_falls_back_to_pqc_or_refuses(
    make_service: ServiceFactory, link: StaticLink, why: str
) -> None:
    service = make_service(link=link)
    pool_before = link.pool_bits
    issued = await service.open_session(SessionRequest(peer_id="p", min_keybits=256))
    assert issued.mode is Mode.PQC, why
    assert link.pool_bits == pool_before, why
    assert service.health().mode is Mode.PQC
    with pytest.raises(KeySourceUnavailable):
        await service.open_session(SessionRequest(peer_id="p", fallback=Fallback.NONE))


async def test_health_reports_link_and_the_mode_a_session_would_get(
    make_service: ServiceFactory,
) -> None:
    link = StaticLink(qber=0.03, rate_bps=5000.0, pool_bits=4096)
    health = make_service(link=link, qber_threshold=0.05).health()
    assert health.mode is Mode.QMK
    assert (health.link_state, health.qber, health.rate_bps, health.pool_bits) == (
        LinkState.HEALTHY,
        0.03,
        5000.0,
        4096,
    )
    assert health.qber_threshold == 0.05


async def test_hybrid_recipient_suite(make_service: ServiceFactory) -> None:
    hybrid = generate_keypair(SealSuite.MLKEM768_X25519)
    service = make_service(recipient_key=hybrid)
    issued = await service.open_session(SessionRequest(peer_id="p"))
    assert issued.seal.suite == SealSuite.MLKEM768_X25519
    delivered = await service.deliver(issued.key_ref)
    key = unseal({"key_ref": issued.key_ref, "key_sealed": delivered.key_sealed}, hybrid)
    assert len(key) == 32
