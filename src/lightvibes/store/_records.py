"""What the key store keeps, and the port every store backend implements.

Only sealed blobs are ever handed to a store: the raw key never reaches this layer.
All times are timezone-aware UTC datetimes; backends choose their own column encoding.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, TypeVar

__all__ = [
    "EventsFor",
    "EvidenceEvent",
    "EvidenceStore",
    "KeyStore",
    "SealedKeyRecord",
    "SessionRecord",
    "SessionState",
    "StoredCheckpoint",
]

T_contra = TypeVar("T_contra", contravariant=True)


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


@dataclass(frozen=True, slots=True)
class EvidenceEvent:
    """One event for the evidence log; the store gives it its sequence number when appending.

    ``fields`` are JSON values and never key material (the entry encoder refuses it).
    """

    type: str
    actor: str
    time: datetime
    fields: Mapping[str, object] = field(default_factory=dict)


class EventsFor(Protocol[T_contra]):
    """Builds the evidence events of a change from what the change found in the database.

    Called inside the transaction (keep it pure and quick): the events commit with the change
    or not at all.
    """

    def __call__(self, found: T_contra, /) -> Sequence[EvidenceEvent]: ...


@dataclass(frozen=True, slots=True)
class StoredCheckpoint:
    tree_size: int
    note: str  # the signed note, exactly as served
    created_at: datetime


class KeyStore(Protocol):
    """Persistence of sessions and sealed keys, with their evidence.

    Every method is one database transaction, and the evidence events of a change are appended
    to the evidence log in that same transaction (fail-closed: if the entries cannot be
    written, the change does not happen). Implementations must make ``take_key`` a single
    atomic delete-and-return so that concurrent callers deliver a key at most once.
    """

    async def open(self) -> None:
        """Connect and bring the schema up to date (migrations)."""

    async def close(self) -> None: ...

    async def ping(self) -> bool:
        """True when the database answers a trivial query."""

    async def create_session(
        self,
        session: SessionRecord,
        sealed_keys: list[SealedKeyRecord],
        events: Sequence[EvidenceEvent] = (),
    ) -> None:
        """Insert the session, all of its sealed copies and ``events`` atomically."""

    async def get_session(self, session_id: str) -> SessionRecord | None: ...

    async def take_key(
        self,
        key_ref: str,
        now: datetime,
        events: EventsFor[SealedKeyRecord] | None = None,
    ) -> SealedKeyRecord | None:
        """Delete and return the sealed copy if it exists and ``now < expires_at``.

        When the last copy of a session is taken the session becomes ``delivered``
        (``closed_at = now``) in the same transaction. Returns None for unknown, already taken
        or expired refs alike. ``events`` is called with the taken copy.
        """

    async def revoke_session(
        self,
        session_id: str,
        now: datetime,
        events: EventsFor[SessionRecord] | None = None,
    ) -> SessionRecord | None:
        """Destroy the session's undelivered copies and mark it ``revoked`` if it is ``open``.

        Returns the session as it is afterwards (unchanged when it was already closed), or
        None when it does not exist. ``events`` is called with the revoked session, only when
        this call revoked it.
        """

    async def sweep_expired(
        self,
        now: datetime,
        events: EventsFor[Sequence[SealedKeyRecord]] | None = None,
    ) -> int:
        """Destroy every sealed copy with ``expires_at <= now``; mark their sessions ``expired``.

        Returns the number of sealed copies destroyed. ``events`` is called with the destroyed
        copies when there are any.
        """


class EvidenceStore(Protocol):
    """The evidence log's storage: entries, the stored Merkle nodes and signed checkpoints."""

    async def append_events(self, events: Sequence[EvidenceEvent]) -> int:
        """Append events on their own (e.g. link transitions); returns the new tree size."""

    async def evidence_size(self) -> int: ...

    async def evidence_entries(self, start: int, end: int) -> list[bytes]:
        """The exact leaf bytes of entries ``start <= seq < end``, in order."""

    async def evidence_nodes(
        self, node_ids: Sequence[tuple[int, int]]
    ) -> Mapping[tuple[int, int], bytes]:
        """Stored perfect-subtree hashes by ``(level, index)``; missing ids are left out."""

    async def sign_checkpoint(
        self, sign: Callable[[int, bytes], str], created_at: datetime
    ) -> StoredCheckpoint:
        """Sign the tree as it is now and store the note, in one transaction.

        ``sign(tree_size, root_hash)`` returns the signed note. Holding the append lock while
        reading the size and storing the note keeps checkpoints in tree-size order even when
        several processes append and sign (a later-stored checkpoint never covers less).
        """

    async def latest_checkpoint(self) -> StoredCheckpoint | None: ...

    async def checkpoints(self, start: int, limit: int) -> list[StoredCheckpoint]:
        """Checkpoints in the order they were made, from the ``start``-th, at most ``limit``."""
