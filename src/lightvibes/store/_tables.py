"""The tables behind :class:`SqlKeyStore`, as SQLAlchemy Core objects.

This is the shape the queries use; the Alembic revisions under ``migrations/versions`` are what
create it, and each revision spells its DDL out so that editing this module never rewrites
history. Times are BIGINT microseconds since the Unix epoch in UTC, which both SQLite and
PostgreSQL store and compare exactly; :class:`UtcMicros` converts at the boundary.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Dialect,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

from lightvibes.store._records import SessionState

__all__ = [
    "UtcMicros",
    "evidence_checkpoints",
    "evidence_entries",
    "evidence_head",
    "evidence_nodes",
    "metadata",
    "node_id",
    "node_key",
    "sealed_keys",
    "sessions",
    "to_micros",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

# Named constraints make later migrations (and error messages) predictable on both backends.
_NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def to_micros(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime; naive times are a caller bug."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the key store needs timezone-aware datetimes (UTC)")
    return (moment - _EPOCH) // _MICROSECOND


class UtcMicros(TypeDecorator[datetime]):
    """An aware UTC datetime stored as BIGINT microseconds since the epoch."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> int | None:
        return None if value is None else to_micros(value)

    def process_result_value(self, value: int | None, dialect: Dialect) -> datetime | None:
        return None if value is None else _EPOCH + timedelta(microseconds=value)


metadata = MetaData(naming_convention=_NAMING)

_STATES = ", ".join(f"'{state.value}'" for state in SessionState)

sessions = Table(
    "sessions",
    metadata,
    Column("session_id", String(128), primary_key=True),
    Column("peer_id", String(256), nullable=False),
    Column("mode", String(16), nullable=False),
    Column("key_bits", Integer, nullable=False),
    Column("ttl_s", Integer, nullable=False),
    Column("created_at", UtcMicros, nullable=False),
    Column("expires_at", UtcMicros, nullable=False),
    Column("state", String(16), nullable=False),
    Column("qber", Double, nullable=True),
    Column("rate_bps", Double, nullable=False),
    Column("seal_suite", String(128), nullable=False),
    Column("recipient_key_id", String(256), nullable=False),
    Column("closed_at", UtcMicros, nullable=True),
    CheckConstraint(f"state IN ({_STATES})", name="state"),
)

sealed_keys = Table(
    "sealed_keys",
    metadata,
    Column("key_ref", String(128), primary_key=True),
    Column(
        "session_id",
        String(128),
        ForeignKey("sessions.session_id"),
        nullable=False,
    ),
    Column("party", String(32), nullable=False),
    Column("sealed", LargeBinary, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("seal_suite", String(128), nullable=False),
    Column("recipient_key_id", String(256), nullable=False),
    Column("expires_at", UtcMicros, nullable=False),
    # One sealed copy per party of a session.
    UniqueConstraint("session_id", "party"),
    Index(None, "expires_at"),
)

# The evidence log (RFC 9162 tree). Entries are the exact leaf bytes; nodes hold the hash of
# every perfect subtree (level, index) covering leaves [index * 2^level, (index + 1) * 2^level),
# keyed by node_key(level, index); the single head row holds the tree size and is the lock
# that orders appends.
evidence_entries = Table(
    "evidence_entries",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("data", LargeBinary, nullable=False),
)

_NODE_INDEX_BITS = 56  # 2^56 leaves is far beyond any log; levels stay below 2^7


def node_key(level: int, index: int) -> int:
    """One BIGINT per stored node, so a batch of them is a single indexed ``IN`` lookup."""
    return (level << _NODE_INDEX_BITS) | index


def node_id(key: int) -> tuple[int, int]:
    return key >> _NODE_INDEX_BITS, key & ((1 << _NODE_INDEX_BITS) - 1)


evidence_nodes = Table(
    "evidence_nodes",
    metadata,
    Column("node", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary, nullable=False),
)

evidence_head = Table(
    "evidence_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("size", BigInteger, nullable=False),
    Column("last_time", UtcMicros, nullable=False),
)

evidence_checkpoints = Table(
    "evidence_checkpoints",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tree_size", BigInteger, nullable=False),
    Column("note", Text, nullable=False),
    Column("created_at", UtcMicros, nullable=False),
)
