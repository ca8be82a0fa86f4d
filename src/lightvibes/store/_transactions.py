"""The store's transactions, each written once as a synchronous function of a Connection.

Both backends run these bodies inside one transaction: SQLite on its writer thread, PostgreSQL
through ``AsyncConnection.run_sync``. Statements are built once, at import, with named bind
parameters, so every call reuses the same statement object, its memoised cache key and the
engine's compiled form instead of rebuilding and re-keying it.

Lock order, to stay deadlock-free on PostgreSQL: a write first deletes sealed-key rows, then
locks the session row, then decides the session's state. Whichever transaction locks the
session row last therefore sees every other copy's deletion committed, so the last copy taken
always closes the session. On SQLite the write lock taken at ``BEGIN IMMEDIATE`` covers the
whole file, so the row lock is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, bindparam, delete, exists, insert, select, text, update
from sqlalchemy.engine import RowMapping

import lightvibes.store._tables as tables
from lightvibes.store._records import SealedKeyRecord, SessionRecord, SessionState

__all__ = [
    "insert_session",
    "ping",
    "revoke_session",
    "select_session",
    "sweep_expired",
    "take_key",
]

# Sessions closed per statement by a sweep, well under SQLite's bound-parameter limit.
_SWEEP_BATCH: Final = 500

_SESSION_FIELDS: Final = tuple(field.name for field in fields(SessionRecord))
_SEALED_KEY_FIELDS: Final = tuple(field.name for field in fields(SealedKeyRecord))

_sessions = tables.sessions
_copies = tables.sealed_keys
_no_copies_left = ~exists().where(_copies.c.session_id == _sessions.c.session_id)

_PING: Final = text("SELECT 1")
_INSERT_SESSION: Final = insert(_sessions)
_INSERT_COPIES: Final = insert(_copies)
_SELECT_SESSION: Final = select(_sessions).where(_sessions.c.session_id == bindparam("session_id"))
# The one statement that decides who gets a key: whoever deletes the row.
_TAKE_COPY: Final = (
    delete(_copies)
    .where(_copies.c.key_ref == bindparam("key_ref"), _copies.c.expires_at > bindparam("now"))
    .returning(*_copies.c)
)
_DESTROY_COPIES: Final = delete(_copies).where(_copies.c.session_id == bindparam("session_id"))
_SWEEP_COPIES: Final = (
    delete(_copies).where(_copies.c.expires_at <= bindparam("now")).returning(_copies.c.session_id)
)
# FOR NO KEY UPDATE on PostgreSQL: excludes other writers of the row, not inserts of copies.
_LOCK_SESSION: Final = (
    select(_sessions)
    .where(_sessions.c.session_id == bindparam("session_id"))
    .with_for_update(key_share=True)
)
_LOCK_SESSIONS: Final = (
    select(_sessions.c.session_id)
    .where(_sessions.c.session_id.in_(bindparam("session_ids", expanding=True)))
    .order_by(_sessions.c.session_id)
    .with_for_update(key_share=True)
)
_CLOSE_SESSION_IF_NO_COPIES: Final = (
    update(_sessions)
    .where(
        _sessions.c.session_id == bindparam("target_session_id"),
        _sessions.c.state == SessionState.OPEN.value,
        _no_copies_left,
    )
    .values(state=bindparam("new_state"), closed_at=bindparam("now"))
)
_CLOSE_SESSIONS_IF_NO_COPIES: Final = (
    update(_sessions)
    .where(
        _sessions.c.session_id.in_(bindparam("target_session_ids", expanding=True)),
        _sessions.c.state == SessionState.OPEN.value,
        _no_copies_left,
    )
    .values(state=bindparam("new_state"), closed_at=bindparam("now"))
)
_REVOKE_SESSION: Final = (
    update(_sessions)
    .where(_sessions.c.session_id == bindparam("target_session_id"))
    .values(state=SessionState.REVOKED.value, closed_at=bindparam("now"))
)


def ping(connection: Connection) -> None:
    connection.execute(_PING)


def insert_session(
    connection: Connection, session: SessionRecord, sealed_keys: Sequence[SealedKeyRecord]
) -> None:
    session_row = {name: getattr(session, name) for name in _SESSION_FIELDS}
    session_row["state"] = session.state.value
    copy_rows = [{name: getattr(copy, name) for name in _SEALED_KEY_FIELDS} for copy in sealed_keys]
    connection.execute(_INSERT_SESSION, session_row)
    connection.execute(_INSERT_COPIES, copy_rows)


def select_session(connection: Connection, session_id: str) -> SessionRecord | None:
    row = connection.execute(_SELECT_SESSION, {"session_id": session_id}).one_or_none()
    return None if row is None else _session_of(row._mapping)


def take_key(connection: Connection, key_ref: str, now: datetime) -> SealedKeyRecord | None:
    row = connection.execute(_TAKE_COPY, {"key_ref": key_ref, "now": now}).one_or_none()
    if row is None:
        return None
    copy = SealedKeyRecord(**row._mapping)
    if _has_row_locks(connection):
        connection.execute(_LOCK_SESSION, {"session_id": copy.session_id})
    connection.execute(
        _CLOSE_SESSION_IF_NO_COPIES,
        {
            "target_session_id": copy.session_id,
            "new_state": SessionState.DELIVERED.value,
            "now": now,
        },
    )
    return copy


def revoke_session(connection: Connection, session_id: str, now: datetime) -> SessionRecord | None:
    connection.execute(_DESTROY_COPIES, {"session_id": session_id})
    row = connection.execute(_LOCK_SESSION, {"session_id": session_id}).one_or_none()
    if row is None:
        return None
    session = _session_of(row._mapping)
    if session.state is not SessionState.OPEN:
        return session
    connection.execute(_REVOKE_SESSION, {"target_session_id": session_id, "now": now})
    return replace(session, state=SessionState.REVOKED, closed_at=now)


def sweep_expired(connection: Connection, now: datetime) -> int:
    swept = list(connection.execute(_SWEEP_COPIES, {"now": now}).scalars())
    session_ids = sorted(set(swept))
    for start in range(0, len(session_ids), _SWEEP_BATCH):
        batch = session_ids[start : start + _SWEEP_BATCH]
        if _has_row_locks(connection):
            connection.execute(_LOCK_SESSIONS, {"session_ids": batch})
        connection.execute(
            _CLOSE_SESSIONS_IF_NO_COPIES,
            {"target_session_ids": batch, "new_state": SessionState.EXPIRED.value, "now": now},
        )
    return len(swept)


def _has_row_locks(connection: Connection) -> bool:
    # SQLite ignores FOR UPDATE; its file-wide write lock already orders the writers.
    return connection.dialect.name != "sqlite"


def _session_of(row: RowMapping) -> SessionRecord:
    values: dict[str, Any] = dict(row)
    values["state"] = SessionState(values["state"])
    return SessionRecord(**values)
