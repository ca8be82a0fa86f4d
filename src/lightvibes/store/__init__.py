"""Persistence behind the :class:`KeyStore` and :class:`EvidenceStore` ports.

SQLAlchemy 2 Core on SQLite (embedded) and PostgreSQL (scale-out), migrated by Alembic.
"""

from lightvibes.store._records import (
    EventsFor,
    EvidenceEvent,
    EvidenceStore,
    KeyStore,
    SealedKeyRecord,
    SessionRecord,
    SessionState,
    StoredCheckpoint,
)
from lightvibes.store._sql import SqlKeyStore, create_store

__all__ = [
    "EventsFor",
    "EvidenceEvent",
    "EvidenceStore",
    "KeyStore",
    "SealedKeyRecord",
    "SessionRecord",
    "SessionState",
    "SqlKeyStore",
    "StoredCheckpoint",
    "create_store",
]
