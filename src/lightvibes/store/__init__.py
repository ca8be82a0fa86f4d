"""Persistence behind the :class:`KeyStore` port (SQLAlchemy 2 Core; SQLite and PostgreSQL)."""

from lightvibes.store._records import KeyStore, SealedKeyRecord, SessionRecord, SessionState
from lightvibes.store._sql import SqlKeyStore, create_store

__all__ = [
    "KeyStore",
    "SealedKeyRecord",
    "SessionRecord",
    "SessionState",
    "SqlKeyStore",
    "create_store",
]
