"""Persistence behind the :class:`KeyStore` port (SQLAlchemy 2 Core; SQLite and PostgreSQL)."""

from lightvibes.store._records import KeyStore, SealedKeyRecord, SessionRecord, SessionState

__all__ = ["KeyStore", "SealedKeyRecord", "SessionRecord", "SessionState"]
