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

Evidence: a change's events are appended in its own transaction, after its other writes, by
:func:`append_events`, which locks the single evidence head row last (so the lock order above
still holds) and writes the entries' bytes plus the Merkle nodes they complete: O(log n) hashing
and node reads per entry, never the whole tree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, replace
from datetime import datetime
from typing import Any, Final

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    exists,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import RowMapping

import lightvibes.store._tables as tables
from lightvibes.evidence import root_from_nodes, root_node_ids
from lightvibes.store._appends import encode_appends, siblings_read_by
from lightvibes.store._records import (
    EventsFor,
    EvidenceEvent,
    SealedKeyRecord,
    SessionRecord,
    SessionState,
    StoredCheckpoint,
)

__all__ = [
    "append_events",
    "evidence_entries",
    "evidence_nodes",
    "evidence_size",
    "insert_session",
    "latest_checkpoint",
    "list_checkpoints",
    "ping",
    "revoke_session",
    "select_session",
    "sign_checkpoint",
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
    delete(_copies).where(_copies.c.expires_at <= bindparam("now")).returning(*_copies.c)
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


_entries = tables.evidence_entries
_nodes = tables.evidence_nodes
_head = tables.evidence_head
_checkpoints = tables.evidence_checkpoints
_HEAD_ID: Final = 1

_READ_HEAD: Final = select(_head.c.size, _head.c.last_time).where(_head.c.id == _HEAD_ID)
_LOCK_HEAD: Final = _READ_HEAD.with_for_update()
_SET_HEAD: Final = (
    update(_head)
    .where(_head.c.id == _HEAD_ID)
    .values(size=bindparam("size"), last_time=bindparam("last_time"))
)
_INSERT_ENTRIES: Final = insert(_entries)
_INSERT_NODES: Final = insert(_nodes)
_READ_NODES: Final = select(_nodes.c.node, _nodes.c.hash).where(
    _nodes.c.node.in_(bindparam("keys", expanding=True))
)
_READ_ENTRIES: Final = (
    select(_entries.c.data)
    .where(_entries.c.seq >= bindparam("start"), _entries.c.seq < bindparam("end"))
    .order_by(_entries.c.seq)
)
_INSERT_CHECKPOINT: Final = insert(_checkpoints)
_LIST_CHECKPOINTS: Final = (
    select(_checkpoints.c.tree_size, _checkpoints.c.note, _checkpoints.c.created_at)
    .order_by(_checkpoints.c.id)
    .offset(bindparam("start"))
    .limit(bindparam("limit"))
)
_LATEST_CHECKPOINT: Final = (
    select(_checkpoints.c.tree_size, _checkpoints.c.note, _checkpoints.c.created_at)
    .order_by(_checkpoints.c.id.desc())
    .limit(1)
)


def ping(connection: Connection) -> None:
    connection.execute(_PING)


def insert_session(
    connection: Connection,
    session: SessionRecord,
    sealed_keys: Sequence[SealedKeyRecord],
    events: Sequence[EvidenceEvent] = (),
) -> None:
    session_row = {name: getattr(session, name) for name in _SESSION_FIELDS}
    session_row["state"] = session.state.value
    copy_rows = [{name: getattr(copy, name) for name in _SEALED_KEY_FIELDS} for copy in sealed_keys]
    connection.execute(_INSERT_SESSION, session_row)
    connection.execute(_INSERT_COPIES, copy_rows)
    append_events(connection, events)


def select_session(connection: Connection, session_id: str) -> SessionRecord | None:
    row = connection.execute(_SELECT_SESSION, {"session_id": session_id}).one_or_none()
    return None if row is None else _session_of(row._mapping)


def take_key(
    connection: Connection,
    key_ref: str,
    now: datetime,
    events: EventsFor[SealedKeyRecord] | None = None,
) -> SealedKeyRecord | None:
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
    if events is not None:
        append_events(connection, events(copy))
    return copy


def revoke_session(
    connection: Connection,
    session_id: str,
    now: datetime,
    events: EventsFor[SessionRecord] | None = None,
) -> SessionRecord | None:
    connection.execute(_DESTROY_COPIES, {"session_id": session_id})
    row = connection.execute(_LOCK_SESSION, {"session_id": session_id}).one_or_none()
    if row is None:
        return None
    session = _session_of(row._mapping)
    if session.state is not SessionState.OPEN:
        return session
    connection.execute(_REVOKE_SESSION, {"target_session_id": session_id, "now": now})
    revoked = replace(session, state=SessionState.REVOKED, closed_at=now)
    if events is not None:
        append_events(connection, events(revoked))
    return revoked


def sweep_expired(
    connection: Connection,
    now: datetime,
    events: EventsFor[Sequence[SealedKeyRecord]] | None = None,
) -> int:
    swept = [
        SealedKeyRecord(**row._mapping) for row in connection.execute(_SWEEP_COPIES, {"now": now})
    ]
    session_ids = sorted({copy.session_id for copy in swept})
    for start in range(0, len(session_ids), _SWEEP_BATCH):
        batch = session_ids[start : start + _SWEEP_BATCH]
        if _has_row_locks(connection):
            connection.execute(_LOCK_SESSIONS, {"session_ids": batch})
        connection.execute(
            _CLOSE_SESSIONS_IF_NO_COPIES,
            {"target_session_ids": batch, "new_state": SessionState.EXPIRED.value, "now": now},
        )
    if swept and events is not None:
        append_events(connection, events(swept))
    return len(swept)


def append_events(connection: Connection, events: Sequence[EvidenceEvent]) -> int:
    """Append entries for ``events`` (RFC 9162 §2.1 leaves) and return the new tree size."""
    if not events:
        return evidence_size(connection)
    head = connection.execute(_LOCK_HEAD if _has_row_locks(connection) else _READ_HEAD).one()
    # The few stored nodes the appends read, fetched in one query up front.
    stored = evidence_nodes(connection, siblings_read_by(head.size, len(events)))
    appended = encode_appends(
        head.size, head.last_time, events, lambda level, index: stored[(level, index)]
    )
    connection.execute(
        _INSERT_ENTRIES, [{"seq": seq, "data": data} for seq, data in appended.entries]
    )
    connection.execute(
        _INSERT_NODES,
        [{"node": tables.node_key(lv, ix), "hash": node} for lv, ix, node in appended.nodes],
    )
    connection.execute(_SET_HEAD, {"size": appended.size, "last_time": appended.last_time})
    return appended.size


def evidence_size(connection: Connection) -> int:
    size: int = connection.execute(_READ_HEAD).one().size
    return size


def evidence_entries(connection: Connection, start: int, end: int) -> list[bytes]:
    rows = connection.execute(_READ_ENTRIES, {"start": start, "end": end}).scalars()
    # A hand-edited SQLite file may hold TEXT here; hand the auditor its bytes all the same.
    return [data.encode() if isinstance(data, str) else bytes(data) for data in rows]


def evidence_nodes(
    connection: Connection, node_ids: Sequence[tuple[int, int]]
) -> Mapping[tuple[int, int], bytes]:
    if not node_ids:
        return {}
    keys = [tables.node_key(level, index) for level, index in node_ids]
    rows = connection.execute(_READ_NODES, {"keys": keys})
    return {tables.node_id(row.node): bytes(row.hash) for row in rows}


def sign_checkpoint(
    connection: Connection, sign: Callable[[int, bytes], str], created_at: datetime
) -> StoredCheckpoint:
    """Sign the current tree under the append lock and store the note (RFC 9162 §2.1.1 root)."""
    head = _LOCK_HEAD if _has_row_locks(connection) else _READ_HEAD
    size: int = connection.execute(head).one().size
    root = root_from_nodes(size, evidence_nodes(connection, root_node_ids(size)))
    checkpoint = StoredCheckpoint(size, sign(size, root), created_at)
    connection.execute(
        _INSERT_CHECKPOINT,
        {"tree_size": size, "note": checkpoint.note, "created_at": created_at},
    )
    return checkpoint


def list_checkpoints(connection: Connection, start: int, limit: int) -> list[StoredCheckpoint]:
    rows = connection.execute(_LIST_CHECKPOINTS, {"start": start, "limit": limit})
    return [StoredCheckpoint(row.tree_size, row.note, row.created_at) for row in rows]


def latest_checkpoint(connection: Connection) -> StoredCheckpoint | None:
    row = connection.execute(_LATEST_CHECKPOINT).one_or_none()
    return None if row is None else StoredCheckpoint(row.tree_size, row.note, row.created_at)


def _has_row_locks(connection: Connection) -> bool:
    # SQLite ignores FOR UPDATE; its file-wide write lock already orders the writers.
    return connection.dialect.name != "sqlite"


def _session_of(row: RowMapping) -> SessionRecord:
    values: dict[str, Any] = dict(row)
    values["state"] = SessionState(values["state"])
    return SessionRecord(**values)
