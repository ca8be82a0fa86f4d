"""KeyService: open a session, issue its key sealed, deliver it once, revoke, expire."""

from __future__ import annotations

import asyncio
import base64
import re
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import floor

from lightvibes.config import Settings
from lightvibes.errors import ConfigError, InvalidRequestError, KeyNotFound, SessionNotFound
from lightvibes.evidence import EntryType
from lightvibes.pqc import PqcKeySource
from lightvibes.quantum import (
    AbsentLink,
    EventSink,
    Link,
    LinkHealth,
    LinkParameters,
    LinkState,
    LoggingEventSink,
    SimulatedLink,
)
from lightvibes.sealing import HpkeSealer, Sealer, encode_sealed, load_public_key
from lightvibes.service._clock import Clock, SystemClock
from lightvibes.service._evidence import (
    ACTOR_ANONYMOUS,
    ACTOR_SWEEPER,
    EvidenceLinkSink,
    EvidenceLog,
    FanoutEventSink,
)
from lightvibes.service._mode import Fallback, Mode, ModeController
from lightvibes.store import (
    EvidenceEvent,
    KeyStore,
    SealedKeyRecord,
    SessionRecord,
    SessionState,
    create_store,
)

__all__ = [
    "DeliveredKey",
    "IssuedSession",
    "KeyService",
    "LinkControl",
    "SealInfo",
    "ServiceHealth",
    "SessionRequest",
]

_KEY_REF_BYTES = 24  # 192 bits: unguessable, and 32 base64url characters
_KEY_REF_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")
_INITIATOR = "initiator"


@dataclass(frozen=True, slots=True)
class SessionRequest:
    peer_id: str
    min_keybits: int = 256
    ttl_s: int | None = None  # None: the deployment's default
    fallback: Fallback = Fallback.PQC


@dataclass(frozen=True, slots=True)
class SealInfo:
    suite: str
    recipient_key_id: str


@dataclass(frozen=True, slots=True)
class IssuedSession:
    session_id: str
    key_ref: str
    mode: Mode
    health: LinkHealth
    key_bits: int
    ttl_s: int
    expires_at: datetime
    seal: SealInfo


@dataclass(frozen=True, slots=True)
class DeliveredKey:
    key_ref: str
    key_sealed: str  # base64url, no padding, of RFC 9180 enc || ciphertext
    ttl_s: int
    mode: Mode
    seal: SealInfo


@dataclass(frozen=True, slots=True)
class LinkControl:
    health: LinkHealth
    parameters: LinkParameters | None  # None when no simulated link runs


@dataclass(frozen=True, slots=True)
class ServiceHealth:
    mode: Mode  # what a new session with the default policy would get now
    link_state: LinkState
    qber: float | None
    rate_bps: float
    pool_bits: int
    qber_threshold: float
    secret_fraction: float | None
    blocks: int


def _seconds_left(expires_at: datetime, now: datetime) -> int:
    return max(0, floor((expires_at - now).total_seconds()))


class KeyService:
    """The domain: the only place that decides how a key is made, sealed, kept and handed out."""

    def __init__(
        self,
        *,
        store: KeyStore,
        modes: ModeController,
        sealer: Sealer,
        clock: Clock,
        default_ttl_s: int,
        evidence: EvidenceLog | None = None,
        link_events: EvidenceLinkSink | None = None,
        token_bytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        """``evidence`` None runs without an evidence log (for measuring its cost only)."""
        self._store = store
        self._modes = modes
        self._sealer = sealer
        self._seal = SealInfo(str(sealer.suite), sealer.recipient_key_id)
        self._clock = clock
        self._default_ttl_s = default_ttl_s
        self._evidence = evidence
        self._link_events = link_events
        self._token_bytes = token_bytes

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyService:
        """The production wiring: the configured store, recipient key, link and ML-KEM source."""
        recipient = load_public_key(settings.recipient_public_key_path)
        clock = SystemClock()
        store = create_store(settings.database_url, sqlite_synchronous=settings.sqlite_synchronous)
        evidence = (
            EvidenceLog(
                store=store,
                clock=clock,
                origin=settings.evidence_origin,
                checkpoint_entries=settings.evidence_checkpoint_entries,
                checkpoint_interval_s=settings.evidence_checkpoint_interval_s,
            )
            if settings.evidence_enabled
            else None
        )
        link_events = EvidenceLinkSink(evidence) if evidence is not None else None
        sinks: list[EventSink] = [LoggingEventSink()]
        if link_events is not None:
            sinks.append(link_events)
        link: Link = (
            SimulatedLink.from_settings(settings, FanoutEventSink(sinks))
            if settings.link_enabled
            else AbsentLink()
        )
        modes = ModeController(
            link=link,
            pqc=PqcKeySource(),
            qber_threshold=settings.qber_threshold,
            retry_after_s=settings.retry_after_s,
        )
        return cls(
            store=store,
            modes=modes,
            sealer=HpkeSealer(recipient),
            clock=clock,
            default_ttl_s=settings.default_ttl_s,
            evidence=evidence,
            link_events=link_events,
        )

    @property
    def store(self) -> KeyStore:
        return self._store

    @property
    def evidence(self) -> EvidenceLog | None:
        return self._evidence

    async def start(self) -> None:
        """Open the store (migrations), start the evidence log, then the link."""
        await self._store.open()
        if self._evidence is not None:
            await self._evidence.start()
        if self._link_events is not None:
            self._link_events.bind(asyncio.get_running_loop())
        self._modes.link.start()

    async def stop(self) -> None:
        # The link thread may be mid-block; join it off the event loop.
        await asyncio.to_thread(self._modes.link.stop)
        if self._evidence is not None:
            await self._evidence.stop()
        await self._store.close()

    def _events(self, *events: tuple[EntryType, str, dict[str, object]]) -> list[EvidenceEvent]:
        if self._evidence is None:
            return []
        return [self._evidence.event(kind, actor, **fields) for kind, actor, fields in events]

    def control_link(
        self,
        *,
        eve_fraction: float | None = None,
        distance_km: float | None = None,
        restore: bool = False,
    ) -> LinkControl:
        """Drills and operations on the running link: eavesdropper, fibre length, restore."""
        link = self._modes.link
        parameters: LinkParameters | None = None
        if eve_fraction is not None or distance_km is not None:
            if not isinstance(link, SimulatedLink):
                raise InvalidRequestError(
                    "eve_fraction and distance_km drive the simulated link, and none is running "
                    "(LIGHTVIBES_LINK_ENABLED=false)."
                )
            try:
                parameters = link.adjust(eve_fraction=eve_fraction, distance_km=distance_km)
            except ConfigError as error:
                raise InvalidRequestError(error.detail) from None
        elif isinstance(link, SimulatedLink):
            parameters = link.parameters
        if restore:
            link.restore()
        return LinkControl(health=link.health(), parameters=parameters)

    async def open_session(self, request: SessionRequest) -> IssuedSession:
        """Source the key, seal it at once, and store only the sealed copy (DESIGN.md §2)."""
        if request.min_keybits % 8:
            raise InvalidRequestError("min_keybits must be a multiple of 8")
        ttl_s = request.ttl_s if request.ttl_s is not None else self._default_ttl_s
        fresh = self._token_bytes(16 + _KEY_REF_BYTES)  # one read of the OS CSPRNG for both
        session_id = str(uuid.UUID(bytes=fresh[:16], version=4))
        key_ref = base64.urlsafe_b64encode(fresh[16:]).decode()
        sourced = self._modes.source_key(
            request.min_keybits, request.fallback, context=session_id.encode()
        )
        mode, health = sourced.mode, sourced.health
        sealed = self._sealer.seal(sourced.key, key_ref)
        del sourced  # drop our reference to the raw key as early as possible
        seal = self._seal
        now = self._clock.now()
        expires_at = now + timedelta(seconds=ttl_s)
        session = SessionRecord(
            session_id=session_id,
            peer_id=request.peer_id,
            mode=mode,
            key_bits=request.min_keybits,
            ttl_s=ttl_s,
            created_at=now,
            expires_at=expires_at,
            state=SessionState.OPEN,
            qber=health.qber,
            rate_bps=health.rate_bps,
            seal_suite=seal.suite,
            recipient_key_id=seal.recipient_key_id,
        )
        copy = SealedKeyRecord(
            key_ref=key_ref,
            session_id=session_id,
            party=_INITIATOR,
            sealed=sealed,
            mode=mode,
            seal_suite=seal.suite,
            recipient_key_id=seal.recipient_key_id,
            expires_at=expires_at,
        )
        events = self._events(
            (
                EntryType.SESSION_CREATED,
                ACTOR_ANONYMOUS,
                {
                    "session_id": session_id,
                    "peer_id": request.peer_id,
                    "policy": {"min_keybits": request.min_keybits, "ttl_s": ttl_s},
                    "fallback": request.fallback.value,
                    "mode": mode.value,
                    "link_state": health.state.value,
                    "qber": health.qber,
                    "rate_bps": health.rate_bps,
                },
            ),
            (
                EntryType.KEY_ISSUED,
                ACTOR_ANONYMOUS,
                {
                    "session_id": session_id,
                    "party": _INITIATOR,
                    "bits": request.min_keybits,
                    "mode": mode.value,
                    "seal_suite": seal.suite,
                    "recipient_key_id": seal.recipient_key_id,
                },
            ),
        )
        await self._store.create_session(session, [copy], events)
        return IssuedSession(
            session_id=session_id,
            key_ref=key_ref,
            mode=mode,
            health=health,
            key_bits=request.min_keybits,
            ttl_s=ttl_s,
            expires_at=expires_at,
            seal=seal,
        )

    async def deliver(self, key_ref: str) -> DeliveredKey:
        """Hand out the sealed key once; every kind of miss raises the same KeyNotFound."""
        if not _KEY_REF_PATTERN.fullmatch(key_ref):
            raise KeyNotFound
        now = self._clock.now()
        record = await self._store.take_key(key_ref, now, self._delivered_events)
        if record is None:
            raise KeyNotFound
        return DeliveredKey(
            key_ref=record.key_ref,
            key_sealed=encode_sealed(record.sealed),
            ttl_s=_seconds_left(record.expires_at, now),
            mode=Mode(record.mode),
            seal=SealInfo(record.seal_suite, record.recipient_key_id),
        )

    def _delivered_events(self, copy: SealedKeyRecord) -> list[EvidenceEvent]:
        fields: dict[str, object] = {"session_id": copy.session_id, "party": copy.party}
        return self._events((EntryType.KEY_DELIVERED, ACTOR_ANONYMOUS, fields))

    def _revoked_events(self, session: SessionRecord) -> list[EvidenceEvent]:
        fields: dict[str, object] = {"session_id": session.session_id, "reason": "revoked"}
        return self._events((EntryType.KEY_DESTROYED, ACTOR_ANONYMOUS, fields))

    def _expired_events(self, copies: Sequence[SealedKeyRecord]) -> list[EvidenceEvent]:
        destroyed: list[tuple[EntryType, str, dict[str, object]]] = [
            (
                EntryType.KEY_DESTROYED,
                ACTOR_SWEEPER,
                {"session_id": copy.session_id, "party": copy.party, "reason": "expired"},
            )
            for copy in copies
        ]
        return self._events(*destroyed)

    async def get_session(self, session_id: str) -> SessionRecord:
        record = await self._store.get_session(_canonical_session_id(session_id))
        if record is None:
            raise SessionNotFound
        return record

    async def revoke(self, session_id: str) -> SessionRecord:
        """Destroy the session's undelivered material now; idempotent for closed sessions."""
        record = await self._store.revoke_session(
            _canonical_session_id(session_id), self._clock.now(), self._revoked_events
        )
        if record is None:
            raise SessionNotFound
        return record

    async def sweep(self) -> int:
        """Destroy expired material; returns how many sealed copies went."""
        return await self._store.sweep_expired(self._clock.now(), self._expired_events)

    def health(self) -> ServiceHealth:
        link = self._modes.health()
        mode = self._modes.mode_for(256, Fallback.PQC) or Mode.PQC
        return ServiceHealth(
            mode=mode,
            link_state=link.state,
            qber=link.qber,
            rate_bps=link.rate_bps,
            pool_bits=link.pool_bits,
            qber_threshold=self._modes.qber_threshold,
            secret_fraction=link.secret_fraction,
            blocks=link.blocks,
        )


def _canonical_session_id(session_id: str) -> str:
    try:
        return str(uuid.UUID(session_id))
    except ValueError:
        raise SessionNotFound from None
