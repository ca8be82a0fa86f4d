"""The sweeper destroys expired material in the background and survives store outages."""

from __future__ import annotations

import asyncio

from lightvibes.service import SessionRequest, SessionState, Sweeper
from lightvibes.testing import FixedClock, InMemoryKeyStore
from tests.conftest import ServiceFactory


async def _until(predicate: object, timeout_s: float = 2.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not predicate():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.005)


async def test_sweeper_expires_sessions_in_the_background(
    make_service: ServiceFactory, clock: FixedClock, memory_store: InMemoryKeyStore
) -> None:
    service = make_service()
    issued = await service.open_session(SessionRequest(peer_id="p", ttl_s=10))
    sweeper = Sweeper(service, interval_s=0.01)
    sweeper.start()
    try:
        await asyncio.sleep(0.05)
        assert issued.key_ref in memory_store.sealed_keys  # not yet expired
        clock.advance(10)
        await _until(lambda: issued.key_ref not in memory_store.sealed_keys)
        assert memory_store.sessions[issued.session_id].state is SessionState.EXPIRED
    finally:
        await sweeper.stop()


async def test_sweeper_keeps_running_through_a_store_outage(
    make_service: ServiceFactory, clock: FixedClock, memory_store: InMemoryKeyStore
) -> None:
    service = make_service()
    issued = await service.open_session(SessionRequest(peer_id="p", ttl_s=1))
    memory_store.available = False
    sweeper = Sweeper(service, interval_s=0.01)
    sweeper.start()
    try:
        clock.advance(1)
        await asyncio.sleep(0.05)  # several failing sweeps
        memory_store.available = True
        await _until(lambda: issued.key_ref not in memory_store.sealed_keys)
    finally:
        await sweeper.stop()
    await sweeper.stop()  # stopping twice is harmless
