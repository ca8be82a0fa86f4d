"""What the key store keeps, and the port every store backend implements.

Only sealed blobs are ever handed to a store: the raw key never reaches this layer.
All times are timezone-aware UTC datetimes; backends choose their own column encoding.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

__all__ = ["KeyStore", "SealedKeyRecord", "SessionRecord", "SessionState"]


class SessionState(enum.StrEnum):
    OPEN = "open"  # issued, at least one sealed copy still waiting for its party
    DELIVERED = "delivered"  # every sealed copy has been fetched
    EXPIRED = "expired"  # ttl passed before delivery; undelivered material destroyed
    REVOKED = "revoked"  # revoked by a caller; undelivered material destroyed


@dataclass(frozen=True, slots=True)
class SessionRecord:
    session_id: str
    peer_id: str
    mode: str  # "QMK" or "PQC"
    key_bits: int
    ttl_s: int
    created_at: datetime
    expires_at: datetime
    state: SessionState
    qber: float | None  # link health when the session was opened
    rate_bps: float
    seal_suite: str
    recipient_key_id: str
    closed_at: datetime | None = None  # when it became delivered, expired or revoked


@dataclass(frozen=True, slots=True)
class SealedKeyRecord:
    """One party's sealed copy of a session key (RFC 9180 ``enc || ciphertext``)."""

    key_ref: str
    session_id: str
    party: str  # "initiator" today; the peer's copy arrives with per-party recipient keys
    sealed: bytes
    mode: str
    seal_suite: str
    recipient_key_id: str
    expires_at: datetime


class KeyStore(Protocol):
    """Persistence of sessions and sealed keys.

    Every method is one database transaction. Implementations must make ``take_key`` a single
    atomic delete-and-return so that concurrent callers deliver a key at most once.
    """

    async def open(self) -> None:
        """Connect and bring the schema up to date (migrations)."""

    async def close(self) -> None: ...

    async def ping(self) -> bool:
        """True when the database answers a trivial query."""

    async def create_session(
        self, session: SessionRecord, sealed_keys: list[SealedKeyRecord]
    ) -> None:
        """Insert the session and all of its sealed copies atomically."""

    async def get_session(self, session_id: str) -> SessionRecord | None: ...

    async def take_key(self, key_ref: str, now: datetime) -> SealedKeyRecord | None:
        """Delete and return the sealed copy if it exists and ``now < expires_at``.

        When the last copy of a session is taken the session becomes ``delivered``
        (``closed_at = now``) in the same transaction. Returns None for unknown, already taken
        or expired refs alike.
        """

    async def revoke_session(self, session_id: str, now: datetime) -> SessionRecord | None:
        """Destroy the session's undelivered copies and mark it ``revoked`` if it is ``open``.

        Returns the session as it is afterwards (unchanged when it was already closed), or
        None when it does not exist.
        """

    async def sweep_expired(self, now: datetime) -> int:
        """Destroy every sealed copy with ``expires_at <= now``; mark their sessions ``expired``.

        Returns the number of sealed copies destroyed.
        """
