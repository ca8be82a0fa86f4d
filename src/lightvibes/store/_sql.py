"""The SQL backend of :class:`KeyStore`: SQLAlchemy 2 Core over SQLite or PostgreSQL.

SQLite (``sqlite+aiosqlite:///path/to.db``) is the embedded default: WAL journal, foreign keys
on, and every write transaction opened with ``BEGIN IMMEDIATE`` so a writer takes the file lock
up front instead of failing half-way with "database is locked". Writers from this process also
queue on an asyncio lock, so the 5 s busy timeout only arbitrates between processes.
PostgreSQL (``postgresql+asyncpg://user@host:port/db``) serves scale-out; there row locks do
the arbitration and ``lock_timeout`` bounds the wait.

Lock order, to stay deadlock-free on PostgreSQL: a write first deletes sealed-key rows, then
locks the session row, then decides the session's state. Whichever transaction locks the
session row last therefore sees every other copy's deletion committed, so the last copy taken
always closes the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import fields, replace
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

from sqlalchemy import Connection, delete, event, exists, insert, select, text, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, RowMapping, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

import lightvibes.store._tables as tables
from lightvibes.errors import ConfigError, StoreError, StoreUnavailable
from lightvibes.store._migrate import upgrade_to_head
from lightvibes.store._records import SealedKeyRecord, SessionRecord, SessionState
from lightvibes.store._tables import to_micros

__all__ = ["SqlKeyStore", "create_store"]

_SQLITE: Final = "sqlite+aiosqlite"
_POSTGRES: Final = "postgresql+asyncpg"
_URL_HINT: Final = (
    "use sqlite+aiosqlite:///path/to/lightvibes.db (embedded) or "
    "postgresql+asyncpg://user@host:5432/dbname"
)

# Execution option marking a connection whose transaction will write (BEGIN IMMEDIATE on SQLite).
_WRITE_OPTION: Final = "lightvibes_write"

# pg_advisory_xact_lock key serialising concurrent migrations ("LVMG" in ASCII).
_MIGRATION_LOCK_KEY: Final = 0x4C564D47

# PostgreSQL identifiers we accept for the optional schema: plain, unquoted, at most 63 bytes.
_SCHEMA_NAME: Final = re.compile(r"[a-z_][a-z0-9_]{0,62}")

# SQLSTATEs that mean "try again later" rather than "this request is wrong" (PostgreSQL
# Appendix A): connection exceptions, transaction rollback (serialization, deadlock),
# insufficient resources, lock_not_available, operator intervention.
_TRANSIENT_SQLSTATES: Final = ("08", "40", "53", "55P03", "57")

# Sessions closed per statement by a sweep, well under SQLite's bound-parameter limit.
_SWEEP_BATCH: Final = 500


class SqlKeyStore:
    """:class:`KeyStore` on SQLite or PostgreSQL; see the module docstring for the locking.

    ``busy_timeout_s`` bounds every wait for the database: SQLite's busy handler and the
    in-process writer queue, PostgreSQL's connect timeout and ``lock_timeout``. ``schema``
    (PostgreSQL only) puts the tables in that schema, created on :meth:`open`, through the
    connections' ``search_path``; tests use it to isolate themselves in one database.
    """

    def __init__(self, url: str, *, busy_timeout_s: float = 5.0, schema: str | None = None) -> None:
        if not busy_timeout_s > 0:
            raise ConfigError("The store busy timeout must be a positive number of seconds.")
        parsed = _parse_url(url)
        self._url = parsed
        self._busy_timeout_s = busy_timeout_s
        self._schema = schema
        self._writer_lock: asyncio.Lock | None = None
        if parsed.drivername == _SQLITE:
            if schema is not None:
                raise ConfigError("A schema can only be chosen for PostgreSQL, not for SQLite.")
            self._sqlite_path: Path | None = Path(parsed.database or "")
            self._engine = _sqlite_engine(parsed, busy_timeout_s)
            self._writer_lock = asyncio.Lock()
        else:
            if schema is not None and not _SCHEMA_NAME.fullmatch(schema):
                raise ConfigError(
                    f"Invalid PostgreSQL schema name {schema!r}: use lowercase letters, digits "
                    "and underscores, starting with a letter or underscore (at most 63)."
                )
            self._sqlite_path = None
            self._engine = _postgres_engine(parsed, busy_timeout_s, schema)

    @property
    def url(self) -> str:
        """The database URL with any password masked, fit for logs and messages."""
        return self._url.render_as_string(hide_password=True)

    @property
    def engine(self) -> AsyncEngine:
        """The underlying async engine, for tests and admin tools that inspect the database."""
        return self._engine

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def open(self) -> None:
        """Connect and apply pending migrations; safe to repeat and to race other processes."""
        if self._sqlite_path is not None:
            try:
                self._sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(
                    f"Cannot create the directory for the SQLite store "
                    f"{self._sqlite_path.parent}: {exc.strerror}."
                ) from exc
        async with self._transaction(write=True, doing="open the store") as conn:
            if self._url.drivername == _POSTGRES:
                # One migrator at a time; the others find the schema current and do nothing.
                await conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                )
                if self._schema is not None:
                    await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self._schema}"'))
            await conn.run_sync(upgrade_to_head)

    async def close(self) -> None:
        await self._engine.dispose()

    async def ping(self) -> bool:
        try:
            async with asyncio.timeout(self._busy_timeout_s), self._engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except (sa_exc.SQLAlchemyError, OSError, TimeoutError):
            return False
        return True

    async def create_session(
        self, session: SessionRecord, sealed_keys: list[SealedKeyRecord]
    ) -> None:
        if not sealed_keys:
            raise ValueError("a session needs at least one sealed copy of its key")
        if any(copy.session_id != session.session_id for copy in sealed_keys):
            raise ValueError("every sealed copy must belong to the session being created")
        _require_aware(session.created_at, session.expires_at, session.closed_at)
        _require_aware(*(copy.expires_at for copy in sealed_keys))
        session_row = _row_of(session)
        copy_rows = [_row_of(copy) for copy in sealed_keys]
        async with self._transaction(write=True, doing="create a session") as conn:
            await conn.execute(insert(tables.sessions), session_row)
            await conn.execute(insert(tables.sealed_keys), copy_rows)

    async def get_session(self, session_id: str) -> SessionRecord | None:
        async with self._transaction(write=False, doing="read a session") as conn:
            result = await conn.execute(
                select(tables.sessions).where(tables.sessions.c.session_id == session_id)
            )
            row = result.one_or_none()
        return None if row is None else _session_of(row._mapping)

    async def take_key(self, key_ref: str, now: datetime) -> SealedKeyRecord | None:
        _require_aware(now)
        table = tables.sealed_keys
        async with self._transaction(write=True, doing="take a key") as conn:
            # The one statement that decides who gets the key: whoever deletes the row.
            result = await conn.execute(
                delete(table)
                .where(table.c.key_ref == key_ref, table.c.expires_at > now)
                .returning(*table.c)
            )
            row = result.one_or_none()
            if row is None:
                return None
            copy = SealedKeyRecord(**row._mapping)
            await _lock_sessions(conn, [copy.session_id])
            await _close_if_no_copies(conn, [copy.session_id], SessionState.DELIVERED, now)
        return copy

    async def revoke_session(self, session_id: str, now: datetime) -> SessionRecord | None:
        _require_aware(now)
        table = tables.sealed_keys
        async with self._transaction(write=True, doing="revoke a session") as conn:
            await conn.execute(delete(table).where(table.c.session_id == session_id))
            row = await _lock_sessions(conn, [session_id], fetch=True)
            if row is None:
                return None
            session = _session_of(row)
            if session.state is not SessionState.OPEN:
                return session
            await conn.execute(
                update(tables.sessions)
                .where(tables.sessions.c.session_id == session_id)
                .values(state=SessionState.REVOKED.value, closed_at=now)
            )
        return replace(session, state=SessionState.REVOKED, closed_at=now)

    async def sweep_expired(self, now: datetime) -> int:
        _require_aware(now)
        table = tables.sealed_keys
        async with self._transaction(write=True, doing="sweep expired keys") as conn:
            result = await conn.execute(
                delete(table).where(table.c.expires_at <= now).returning(table.c.session_id)
            )
            swept = list(result.scalars())
            session_ids = sorted(set(swept))
            for start in range(0, len(session_ids), _SWEEP_BATCH):
                batch = session_ids[start : start + _SWEEP_BATCH]
                await _lock_sessions(conn, batch)
                await _close_if_no_copies(conn, batch, SessionState.EXPIRED, now)
        return len(swept)

    @contextlib.asynccontextmanager
    async def _transaction(self, *, write: bool, doing: str) -> AsyncIterator[AsyncConnection]:
        """One transaction, committed on success; driver failures become store errors."""
        async with contextlib.AsyncExitStack() as stack:
            if write and self._writer_lock is not None:
                await self._queue_for_writing(stack, self._writer_lock, doing)
            with self._translated_errors(doing):
                try:
                    conn = await stack.enter_async_context(self._engine.connect())
                except (sa_exc.DBAPIError, OSError, TimeoutError) as exc:
                    # Refused, unreachable, unknown database or role: all "cannot connect".
                    raise StoreUnavailable(
                        f"Could not {doing}: cannot connect to the database at {self.url} "
                        f"({_driver_message(exc)}). Check that it is running, reachable and "
                        "accepts these credentials."
                    ) from exc
                if write:
                    await conn.execution_options(**{_WRITE_OPTION: True})
                async with conn.begin():
                    yield conn

    async def _queue_for_writing(
        self, stack: contextlib.AsyncExitStack, lock: asyncio.Lock, doing: str
    ) -> None:
        try:
            async with asyncio.timeout(self._busy_timeout_s):
                await lock.acquire()
        except TimeoutError:
            raise StoreUnavailable(
                f"Could not {doing}: the SQLite store stayed busy with other writes for "
                f"{self._busy_timeout_s:g} s. Retry later, or move to PostgreSQL for this load."
            ) from None
        stack.callback(lock.release)

    @contextlib.contextmanager
    def _translated_errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sa_exc.IntegrityError as exc:
            raise StoreError(
                f"Could not {doing}: it conflicts with stored data "
                f"(a session_id, key_ref or party that already exists) [{_driver_message(exc)}]."
            ) from exc
        except sa_exc.DBAPIError as exc:
            if _is_transient(exc):
                raise StoreUnavailable(
                    f"Could not {doing}: the database at {self.url} is unavailable "
                    f"({_driver_message(exc)}). Check that it is running and reachable."
                ) from exc
            raise StoreError(f"Could not {doing}: {_driver_message(exc)}.") from exc
        except sa_exc.TimeoutError as exc:
            raise StoreUnavailable(
                f"Could not {doing}: every connection to {self.url} stayed busy. Retry later."
            ) from exc
        except (OSError, TimeoutError) as exc:
            raise StoreUnavailable(
                f"Could not {doing}: lost the database at {self.url} "
                f"({_driver_message(exc)}). Check that it is running and reachable."
            ) from exc


def create_store(
    url: str, *, busy_timeout_s: float = 5.0, schema: str | None = None
) -> SqlKeyStore:
    """The store for ``url`` (not yet opened); raises :class:`ConfigError` for unusable URLs."""
    return SqlKeyStore(url, busy_timeout_s=busy_timeout_s, schema=schema)


def _parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        # The text may hold a password, so it is not echoed back.
        raise ConfigError(f"The store URL cannot be parsed; {_URL_HINT}.") from None
    if parsed.drivername not in (_SQLITE, _POSTGRES):
        raise ConfigError(f"Unsupported store URL scheme {parsed.drivername!r}; {_URL_HINT}.")
    if parsed.drivername == _SQLITE and parsed.database in (None, "", ":memory:"):
        raise ConfigError(
            "The SQLite store needs a file path (an in-memory database would vanish between "
            f"connections); {_URL_HINT}."
        )
    return parsed


def _sqlite_engine(url: URL, busy_timeout_s: float) -> AsyncEngine:
    engine = create_async_engine(
        url,
        # isolation_level=None stops sqlite3 from issuing its own BEGIN; we issue ours below.
        connect_args={"timeout": busy_timeout_s, "isolation_level": None},
        pool_timeout=busy_timeout_s,
        hide_parameters=True,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # Overwrite deleted rows with zeros: a taken or revoked sealed key must not linger
            # in free pages of the file.
            cursor.execute("PRAGMA secure_delete=ON")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock at BEGIN, where the busy timeout can wait for it;
        # a deferred BEGIN would upgrade mid-transaction and could fail with SQLITE_BUSY.
        immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgres_engine(url: URL, busy_timeout_s: float, schema: str | None) -> AsyncEngine:
    server_settings = {
        "application_name": "lightvibes",
        "lock_timeout": f"{round(busy_timeout_s * 1000)}ms",
    }
    if schema is not None:
        server_settings["search_path"] = schema
    return create_async_engine(
        url,
        connect_args={"timeout": busy_timeout_s, "server_settings": server_settings},
        pool_pre_ping=True,
        pool_timeout=busy_timeout_s,
        hide_parameters=True,
    )


def _require_aware(*moments: datetime | None) -> None:
    # Checked up front: inside a statement SQLAlchemy would wrap the ValueError.
    for moment in moments:
        if moment is not None:
            to_micros(moment)


def _row_of(record: SessionRecord | SealedKeyRecord) -> dict[str, Any]:
    row = {field.name: getattr(record, field.name) for field in fields(record)}
    if isinstance(record, SessionRecord):
        row["state"] = record.state.value
    return row


def _session_of(row: RowMapping) -> SessionRecord:
    values = dict(row)
    values["state"] = SessionState(values["state"])
    return SessionRecord(**values)


async def _lock_sessions(
    conn: AsyncConnection, session_ids: Sequence[str], *, fetch: bool = False
) -> RowMapping | None:
    """Row-lock sessions in id order (a no-op on SQLite, whose write lock covers the file).

    With ``fetch`` (one id), returns that session's row as it is once locked.
    """
    columns = tables.sessions.c if fetch else [tables.sessions.c.session_id]
    result = await conn.execute(
        select(*columns)
        .where(tables.sessions.c.session_id.in_(session_ids))
        .order_by(tables.sessions.c.session_id)
        .with_for_update(key_share=True)
    )
    rows = result.all()
    return rows[0]._mapping if fetch and rows else None


async def _close_if_no_copies(
    conn: AsyncConnection, session_ids: Sequence[str], state: SessionState, now: datetime
) -> None:
    """Move open sessions with no sealed copy left to ``state``; call with the rows locked."""
    no_copies_left = ~exists().where(
        tables.sealed_keys.c.session_id == tables.sessions.c.session_id
    )
    await conn.execute(
        update(tables.sessions)
        .where(
            tables.sessions.c.session_id.in_(session_ids),
            tables.sessions.c.state == SessionState.OPEN.value,
            no_copies_left,
        )
        .values(state=state.value, closed_at=now)
    )


def _is_transient(exc: sa_exc.DBAPIError) -> bool:
    if exc.connection_invalidated:
        return True
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(_TRANSIENT_SQLSTATES)


def _driver_message(exc: BaseException) -> str:
    """The driver's own one-line message: never the SQL text or bound parameters."""
    orig = getattr(exc, "orig", None) or exc
    args = getattr(orig, "args", ())
    message = args[0] if args and isinstance(args[0], str) else str(orig)
    first_line = message.strip().splitlines()[0] if message.strip() else type(orig).__name__
    return first_line[:300]
