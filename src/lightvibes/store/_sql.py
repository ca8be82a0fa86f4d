"""The SQL backend of :class:`KeyStore`: SQLAlchemy 2 Core over SQLite or PostgreSQL.

SQLite (``sqlite+aiosqlite:///path/to.db``) is the embedded default; PostgreSQL
(``postgresql+asyncpg://user@host:port/db``) serves scale-out. Each operation is one
transaction body in :mod:`._transactions`, written once for both; the backend decides how it
runs (:mod:`._sqlite`: whole on the store's own thread; :mod:`._postgres`: on asyncpg), and
this module checks arguments and turns driver failures into :mod:`lightvibes.errors`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Final, Self, TypeVar

from sqlalchemy import Connection
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

import lightvibes.store._transactions as transactions
from lightvibes.errors import ConfigError, StoreError, StoreUnavailable
from lightvibes.store._backend import Backend, ConnectFailed, WriterQueueTimeout
from lightvibes.store._migrate import bring_up_to_date
from lightvibes.store._postgres import PostgresBackend
from lightvibes.store._records import (
    EventsFor,
    EvidenceEvent,
    SealedKeyRecord,
    SessionRecord,
    StoredCheckpoint,
)
from lightvibes.store._sqlite import SQLITE_SYNCHRONOUS, SqliteBackend, SqliteSynchronous
from lightvibes.store._tables import to_micros

__all__ = ["SqlKeyStore", "create_store"]

_SQLITE: Final = "sqlite+aiosqlite"
_POSTGRES: Final = "postgresql+asyncpg"
_URL_HINT: Final = (
    "use sqlite+aiosqlite:///path/to/lightvibes.db (embedded) or "
    "postgresql+asyncpg://user@host:5432/dbname"
)

# PostgreSQL identifiers we accept for the optional schema: plain, unquoted, at most 63 bytes.
_SCHEMA_NAME: Final = re.compile(r"[a-z_][a-z0-9_]{0,62}")

# SQLSTATEs that mean "try again later" rather than "this request is wrong" (PostgreSQL
# Appendix A): connection exceptions, transaction rollback (serialization, deadlock),
# insufficient resources, lock_not_available, operator intervention.
_TRANSIENT_SQLSTATES: Final = ("08", "40", "53", "55P03", "57")

T = TypeVar("T")


class SqlKeyStore:
    """:class:`KeyStore` on SQLite or PostgreSQL.

    ``busy_timeout_s`` bounds every wait for the database: on SQLite for another process's
    write lock and for this store's queue of transactions, on PostgreSQL the connect timeout
    and ``lock_timeout``. ``schema`` (PostgreSQL only) puts the tables in that schema, created
    on :meth:`open`, through the connections' ``search_path``; tests use it to isolate
    themselves in one database.

    ``sqlite_synchronous`` (SQLite only) trades durability for speed. ``"FULL"`` fsyncs the
    WAL at every commit, so a commit survives power loss; the fsync is then the largest cost
    of every write. ``"NORMAL"`` (default) fsyncs only at checkpoints: commits stay atomic, the
    file is never corrupted and nothing is lost when the process crashes, but a power loss or
    OS crash can undo the last commits, so a key delivered just before it could be delivered
    again (still sealed to the same recipient) and a session issued just before it could
    vanish. Choose ``"FULL"`` where that matters more than throughput.
    """

    def __init__(
        self,
        url: str,
        *,
        busy_timeout_s: float = 5.0,
        schema: str | None = None,
        sqlite_synchronous: SqliteSynchronous = "NORMAL",
    ) -> None:
        if not busy_timeout_s > 0:
            raise ConfigError("The store busy timeout must be a positive number of seconds.")
        if sqlite_synchronous not in SQLITE_SYNCHRONOUS:
            raise ConfigError(
                f"Invalid SQLite synchronous mode {sqlite_synchronous!r}: use "
                + " or ".join(SQLITE_SYNCHRONOUS)
                + "."
            )
        parsed = _parse_url(url)
        self._url = parsed
        self._busy_timeout_s = busy_timeout_s
        self._schema = schema
        self._backend: Backend
        if parsed.drivername == _SQLITE:
            if schema is not None:
                raise ConfigError("A schema can only be chosen for PostgreSQL, not for SQLite.")
            self._sqlite_path: Path | None = Path(parsed.database or "")
            self._backend = SqliteBackend(
                parsed, busy_timeout_s=busy_timeout_s, synchronous=sqlite_synchronous
            )
        else:
            if schema is not None and not _SCHEMA_NAME.fullmatch(schema):
                raise ConfigError(
                    f"Invalid PostgreSQL schema name {schema!r}: use lowercase letters, digits "
                    "and underscores, starting with a letter or underscore (at most 63)."
                )
            self._sqlite_path = None
            self._backend = PostgresBackend(parsed, busy_timeout_s=busy_timeout_s, schema=schema)

    @property
    def url(self) -> str:
        """The database URL with any password masked, fit for logs and messages."""
        return self._url.render_as_string(hide_password=True)

    @property
    def engine(self) -> AsyncEngine:
        """An async engine on the store's database, for tests and admin tools that inspect it.

        On SQLite it is an aiosqlite engine configured like the store's own connection, which
        is synchronous and lives on the store's thread.
        """
        return self._backend.engine

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
        migrate = functools.partial(bring_up_to_date, schema=self._schema)
        await self._run(migrate, write=True, doing="open the store")

    async def close(self) -> None:
        await self._backend.close()

    async def ping(self) -> bool:
        try:
            async with asyncio.timeout(self._busy_timeout_s):
                await self._run(transactions.ping, write=False, doing="ping the database")
        except (StoreError, TimeoutError):
            return False
        return True

    async def create_session(
        self,
        session: SessionRecord,
        sealed_keys: list[SealedKeyRecord],
        events: Sequence[EvidenceEvent] = (),
    ) -> None:
        if not sealed_keys:
            raise ValueError("a session needs at least one sealed copy of its key")
        if any(copy.session_id != session.session_id for copy in sealed_keys):
            raise ValueError("every sealed copy must belong to the session being created")
        _require_aware(session.created_at, session.expires_at, session.closed_at)
        _require_aware(*(copy.expires_at for copy in sealed_keys))
        _require_aware(*(event.time for event in events))
        insert = functools.partial(
            transactions.insert_session, session=session, sealed_keys=sealed_keys, events=events
        )
        await self._run(insert, write=True, doing="create a session")

    async def get_session(self, session_id: str) -> SessionRecord | None:
        select = functools.partial(transactions.select_session, session_id=session_id)
        return await self._run(select, write=False, doing="read a session")

    async def take_key(
        self,
        key_ref: str,
        now: datetime,
        events: EventsFor[SealedKeyRecord] | None = None,
    ) -> SealedKeyRecord | None:
        _require_aware(now)
        take = functools.partial(transactions.take_key, key_ref=key_ref, now=now, events=events)
        return await self._run(take, write=True, doing="take a key")

    async def revoke_session(
        self,
        session_id: str,
        now: datetime,
        events: EventsFor[SessionRecord] | None = None,
    ) -> SessionRecord | None:
        _require_aware(now)
        revoke = functools.partial(
            transactions.revoke_session, session_id=session_id, now=now, events=events
        )
        return await self._run(revoke, write=True, doing="revoke a session")

    async def sweep_expired(
        self,
        now: datetime,
        events: EventsFor[Sequence[SealedKeyRecord]] | None = None,
    ) -> int:
        _require_aware(now)
        sweep = functools.partial(transactions.sweep_expired, now=now, events=events)
        return await self._run(sweep, write=True, doing="sweep expired keys")

    # -- the evidence log ----------------------------------------------------------------------

    async def append_events(self, events: Sequence[EvidenceEvent]) -> int:
        _require_aware(*(event.time for event in events))
        append = functools.partial(transactions.append_events, events=events)
        return await self._run(append, write=True, doing="append evidence")

    async def evidence_size(self) -> int:
        return await self._run(transactions.evidence_size, write=False, doing="read the log size")

    async def evidence_entries(self, start: int, end: int) -> list[bytes]:
        read = functools.partial(transactions.evidence_entries, start=start, end=end)
        return await self._run(read, write=False, doing="read evidence entries")

    async def evidence_nodes(
        self, node_ids: Sequence[tuple[int, int]]
    ) -> Mapping[tuple[int, int], bytes]:
        read = functools.partial(transactions.evidence_nodes, node_ids=node_ids)
        return await self._run(read, write=False, doing="read evidence nodes")

    async def sign_checkpoint(
        self, sign: Callable[[int, bytes], str], created_at: datetime
    ) -> StoredCheckpoint:
        _require_aware(created_at)
        signed = functools.partial(transactions.sign_checkpoint, sign=sign, created_at=created_at)
        return await self._run(signed, write=True, doing="sign a checkpoint")

    async def latest_checkpoint(self) -> StoredCheckpoint | None:
        return await self._run(
            transactions.latest_checkpoint, write=False, doing="read the latest checkpoint"
        )

    async def checkpoints(self, start: int, limit: int) -> list[StoredCheckpoint]:
        read = functools.partial(transactions.list_checkpoints, start=start, limit=limit)
        return await self._run(read, write=False, doing="read checkpoints")

    async def _run(self, transaction: Callable[[Connection], T], *, write: bool, doing: str) -> T:
        """One transaction on the backend, committed on success; failures become store errors."""
        with self._translated_errors(doing):
            return await self._backend.run(transaction, write=write)

    @contextlib.contextmanager
    def _translated_errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except ConnectFailed as exc:
            raise StoreUnavailable(
                f"Could not {doing}: cannot connect to the database at {self.url} "
                f"({_driver_message(exc.__cause__ or exc)}). Check that it is running, "
                "reachable and accepts these credentials."
            ) from exc.__cause__
        except WriterQueueTimeout:
            raise StoreUnavailable(
                f"Could not {doing}: the SQLite store stayed busy with other writes for "
                f"{self._busy_timeout_s:g} s. Retry later, or move to PostgreSQL for this load."
            ) from None
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
        except OSError as exc:
            raise StoreUnavailable(
                f"Could not {doing}: lost the database at {self.url} "
                f"({_driver_message(exc)}). Check that it is running and reachable."
            ) from exc


def create_store(
    url: str,
    *,
    busy_timeout_s: float = 5.0,
    schema: str | None = None,
    sqlite_synchronous: SqliteSynchronous = "NORMAL",
) -> SqlKeyStore:
    """The store for ``url`` (not yet opened); raises :class:`ConfigError` for unusable URLs."""
    return SqlKeyStore(
        url, busy_timeout_s=busy_timeout_s, schema=schema, sqlite_synchronous=sqlite_synchronous
    )


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


def _require_aware(*moments: datetime | None) -> None:
    # Checked up front: inside a statement SQLAlchemy would wrap the ValueError.
    for moment in moments:
        if moment is not None:
            to_micros(moment)


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
