"""Fakes for testing an integration with LIGHTVIBES without a network, a database or a link.

``InMemoryKeyStore`` keeps the KeyStore contract (one-time delivery, expiry, revocation) in
dicts; ``FixedClock`` only moves when told; ``StaticLink`` is a link with the health you set and a
seeded, reproducible pool. Pass them to :class:`lightvibes.service.KeyService`.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

import numpy as np

from lightvibes.errors import StoreError, StoreUnavailable
from lightvibes.evidence import root_from_nodes, root_node_ids
from lightvibes.quantum._link import LinkHealth, LinkState
from lightvibes.store import (
    EventsFor,
    EvidenceEvent,
    SealedKeyRecord,
    SessionRecord,
    SessionState,
    StoredCheckpoint,
)
from lightvibes.store._appends import Appended, encode_appends

__all__ = ["FixedClock", "InMemoryKeyStore", "StaticLink"]


class FixedClock:
    """A clock that stands still until ``advance`` is called."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)


class InMemoryKeyStore:
    """The KeyStore and EvidenceStore contracts in memory; every method is atomic under a lock.

    Set ``available = False`` to make every call fail as a database outage does
    (``StoreUnavailable``), and ``evidence_writable = False`` to make only evidence appends
    fail, e.g. to test that nothing is half-written and the log fails closed.
    """

    def __init__(self) -> None:
        self.sessions: dict[str, SessionRecord] = {}
        self.sealed_keys: dict[str, SealedKeyRecord] = {}
        self.entries: list[bytes] = []
        self.nodes: dict[tuple[int, int], bytes] = {}
        self.stored_checkpoints: list[StoredCheckpoint] = []
        self._last_time = datetime(1970, 1, 1, tzinfo=UTC)
        self._lock = asyncio.Lock()
        self.available = True
        self.evidence_writable = True

    def _check(self) -> None:
        if not self.available:
            raise StoreUnavailable("the in-memory store is switched off")

    async def open(self) -> None:
        self._check()

    async def close(self) -> None:
        pass

    async def ping(self) -> bool:
        return self.available

    def _prepared(self, events: Sequence[EvidenceEvent]) -> Appended | None:
        # Encode before changing anything, so a refused event leaves no trace (fail-closed).
        if not events:
            return None
        if not self.evidence_writable:
            raise StoreUnavailable("the in-memory evidence log is switched off")
        return encode_appends(
            len(self.entries), self._last_time, events, lambda lv, ix: self.nodes[(lv, ix)]
        )

    def _append(self, appended: Appended | None) -> int:
        if appended is not None:
            self.entries.extend(data for _, data in appended.entries)
            self.nodes.update(((lv, ix), node) for lv, ix, node in appended.nodes)
            self._last_time = appended.last_time
        return len(self.entries)

    async def create_session(
        self,
        session: SessionRecord,
        sealed_keys: list[SealedKeyRecord],
        events: Sequence[EvidenceEvent] = (),
    ) -> None:
        self._check()
        async with self._lock:
            refs = [copy.key_ref for copy in sealed_keys]
            if (
                session.session_id in self.sessions
                or len(set(refs)) != len(refs)
                or any(ref in self.sealed_keys for ref in refs)
            ):
                raise StoreError("duplicate session_id or key_ref")
            prepared = self._prepared(events)
            self.sessions[session.session_id] = session
            self.sealed_keys.update((copy.key_ref, copy) for copy in sealed_keys)
            self._append(prepared)

    async def get_session(self, session_id: str) -> SessionRecord | None:
        self._check()
        return self.sessions.get(session_id)

    def _close_if_done(self, session_id: str, state: SessionState, now: datetime) -> None:
        if any(copy.session_id == session_id for copy in self.sealed_keys.values()):
            return
        session = self.sessions[session_id]
        if session.state is SessionState.OPEN:
            self.sessions[session_id] = dataclasses.replace(session, state=state, closed_at=now)

    async def take_key(
        self,
        key_ref: str,
        now: datetime,
        events: EventsFor[SealedKeyRecord] | None = None,
    ) -> SealedKeyRecord | None:
        self._check()
        async with self._lock:
            copy = self.sealed_keys.get(key_ref)
            if copy is None or now >= copy.expires_at:
                return None
            prepared = self._prepared(events(copy) if events else ())
            del self.sealed_keys[key_ref]
            self._close_if_done(copy.session_id, SessionState.DELIVERED, now)
            self._append(prepared)
            return copy

    async def revoke_session(
        self,
        session_id: str,
        now: datetime,
        events: EventsFor[SessionRecord] | None = None,
    ) -> SessionRecord | None:
        self._check()
        async with self._lock:
            session = self.sessions.get(session_id)
            if session is None:
                return None
            if session.state is SessionState.OPEN:
                revoked = dataclasses.replace(session, state=SessionState.REVOKED, closed_at=now)
                prepared = self._prepared(events(revoked) if events else ())
                for ref in [r for r, c in self.sealed_keys.items() if c.session_id == session_id]:
                    del self.sealed_keys[ref]
                self.sessions[session_id] = revoked
                self._append(prepared)
            return self.sessions[session_id]

    async def sweep_expired(
        self,
        now: datetime,
        events: EventsFor[Sequence[SealedKeyRecord]] | None = None,
    ) -> int:
        self._check()
        async with self._lock:
            expired = [c for c in self.sealed_keys.values() if c.expires_at <= now]
            prepared = self._prepared(events(expired) if events and expired else ())
            self._append(prepared)
            for copy in expired:
                del self.sealed_keys[copy.key_ref]
            for session_id in {copy.session_id for copy in expired}:
                self._close_if_done(session_id, SessionState.EXPIRED, now)
            return len(expired)

    async def append_events(self, events: Sequence[EvidenceEvent]) -> int:
        self._check()
        async with self._lock:
            return self._append(self._prepared(events))

    async def evidence_size(self) -> int:
        self._check()
        return len(self.entries)

    async def evidence_entries(self, start: int, end: int) -> list[bytes]:
        self._check()
        return self.entries[max(0, start) : max(0, end)]

    async def evidence_nodes(
        self, node_ids: Sequence[tuple[int, int]]
    ) -> Mapping[tuple[int, int], bytes]:
        self._check()
        return {node: self.nodes[node] for node in node_ids if node in self.nodes}

    async def sign_checkpoint(
        self, sign: Callable[[int, bytes], str], created_at: datetime
    ) -> StoredCheckpoint:
        self._check()
        async with self._lock:
            size = len(self.entries)
            root = root_from_nodes(size, {n: self.nodes[n] for n in root_node_ids(size)})
            checkpoint = StoredCheckpoint(size, sign(size, root), created_at)
            self.stored_checkpoints.append(checkpoint)
            return checkpoint

    async def latest_checkpoint(self) -> StoredCheckpoint | None:
        self._check()
        return self.stored_checkpoints[-1] if self.stored_checkpoints else None

    async def checkpoints(self, start: int, limit: int) -> list[StoredCheckpoint]:
        self._check()
        return self.stored_checkpoints[start : start + limit]


class StaticLink:
    """A link whose health is whatever the test sets; its pool is seeded and reproducible."""

    def __init__(
        self,
        *,
        state: LinkState = LinkState.HEALTHY,
        qber: float | None = 0.02,
        rate_bps: float = 10_000.0,
        pool_bits: int = 1 << 20,
        seed: int = 0,
    ) -> None:
        self.state = state
        self.qber = qber
        self.rate_bps = rate_bps
        self.pool_bits = pool_bits
        self._rng = np.random.default_rng(seed)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def restore(self) -> None:
        if self.state is LinkState.QUARANTINED:
            self.state = LinkState.DEGRADED

    def health(self) -> LinkHealth:
        return LinkHealth(
            state=self.state, qber=self.qber, rate_bps=self.rate_bps, pool_bits=self.pool_bits
        )

    def take_key(self, bits: int) -> bytes | None:
        if bits > self.pool_bits:
            return None
        self.pool_bits -= bits
        return self._rng.bytes(bits // 8)
