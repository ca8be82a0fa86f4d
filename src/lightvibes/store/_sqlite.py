"""The SQLite backend: each transaction runs whole, as one call, on the store's own thread.

SQLite admits one writer at a time, so one thread per store costs no write concurrency; what
it saves is the per-statement thread hop of an async driver and the greenlet bridge around
it: a transaction is one hop there and back. The thread's queue also orders this process's
transactions, so the file lock is only ever contended by other processes.

The thread holds one stdlib ``sqlite3`` connection in WAL mode with foreign keys on and
``secure_delete`` (a taken or revoked sealed copy is overwritten, not left in a free page).
Write transactions open with ``BEGIN IMMEDIATE``: the writer takes the file lock at BEGIN,
where the busy timeout can wait for another process to let go, instead of upgrading
mid-transaction and failing with "database is locked". Reads run on the same thread; in WAL
mode they would not block on other processes' writers, but they do wait their turn here.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final, Literal, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, pool
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from lightvibes.store._backend import ConnectFailed, WriterQueueTimeout

__all__ = ["SQLITE_SYNCHRONOUS", "SqliteBackend", "SqliteSynchronous"]

SqliteSynchronous = Literal["FULL", "NORMAL"]
SQLITE_SYNCHRONOUS: Final[tuple[SqliteSynchronous, ...]] = ("FULL", "NORMAL")

# IMMEDIATE takes the write lock at BEGIN, where the busy timeout can wait for it; a deferred
# BEGIN would upgrade mid-transaction and could fail with SQLITE_BUSY.
_BEGIN_WRITE: Final = "BEGIN IMMEDIATE"
_BEGIN_READ: Final = "BEGIN"

T = TypeVar("T")


class SqliteBackend:
    """Transactions of one store on one thread and one connection to the SQLite file at ``url``.

    ``busy_timeout_s`` bounds both waits: for another process's write lock (SQLite's busy
    handler) and for this store's earlier transactions ahead in the queue. ``synchronous``
    is SQLite's ``PRAGMA synchronous``; see :class:`SqlKeyStore` for the trade-off.
    """

    def __init__(self, url: URL, *, busy_timeout_s: float, synchronous: SqliteSynchronous) -> None:
        self._url = url
        self._busy_timeout_s = busy_timeout_s
        self._synchronous = synchronous
        self._sync_engine = _engine(url, busy_timeout_s, synchronous)
        self._executor: ThreadPoolExecutor | None = None
        self._connection: Connection | None = None  # touched only on the executor's thread
        self._inspection_engine: AsyncEngine | None = None

    @property
    def engine(self) -> AsyncEngine:
        """An aiosqlite engine on the same file, configured alike (the store does not use it)."""
        if self._inspection_engine is None:
            self._inspection_engine = create_async_engine(
                self._url, connect_args={"timeout": self._busy_timeout_s}, hide_parameters=True
            )
            _set_pragmas(self._inspection_engine.sync_engine, self._synchronous)
        return self._inspection_engine

    @property
    def sync_engine(self) -> Engine:
        """The engine behind the store's own connection (for tests of this backend)."""
        return self._sync_engine

    async def run(self, transaction: Callable[[Connection], T], *, write: bool) -> T:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="lightvibes-sqlite"
            )
        # Checked when the transaction starts: a queued one is abandoned before it begins,
        # never while it runs, so a caller is never told "failed" about a committed write.
        deadline = time.monotonic() + self._busy_timeout_s
        return await asyncio.get_running_loop().run_in_executor(
            self._executor, self._run_on_thread, transaction, write, deadline
        )

    async def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            # Closing the last connection also checkpoints the WAL into the main file.
            await asyncio.get_running_loop().run_in_executor(executor, self._disconnect)
            executor.shutdown(wait=False)
        self._sync_engine.dispose()
        if self._inspection_engine is not None:
            await self._inspection_engine.dispose()
            self._inspection_engine = None

    def _run_on_thread(
        self, transaction: Callable[[Connection], T], write: bool, deadline: float
    ) -> T:
        if time.monotonic() > deadline:
            raise WriterQueueTimeout
        connection = self._connection or self._connect()
        try:
            # The driver runs in autocommit mode (its own BEGIN is off) and SQLAlchemy's BEGIN
            # is a no-op on pysqlite, so this statement opens the transaction. Emitting it here
            # rather than from a "begin" event keeps the engine free of connection events,
            # which would otherwise be dispatched around every statement.
            with connection.begin():
                connection.exec_driver_sql(_BEGIN_WRITE if write else _BEGIN_READ)
                return transaction(connection)
        except BaseException:
            # The next transaction starts on a fresh connection rather than on whatever state
            # a failed BEGIN, statement or COMMIT left behind.
            self._disconnect()
            raise

    def _connect(self) -> Connection:
        try:
            self._connection = self._sync_engine.connect()
        except (sa_exc.DBAPIError, OSError) as exc:
            raise ConnectFailed from exc
        return self._connection

    def _disconnect(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(sa_exc.SQLAlchemyError):
                connection.close()


def _engine(url: URL, busy_timeout_s: float, synchronous: SqliteSynchronous) -> Engine:
    engine = create_engine(
        url.set(drivername="sqlite+pysqlite"),
        # isolation_level=None stops sqlite3 from issuing its own BEGIN; see _run_on_thread.
        # NullPool: the thread holds its one connection itself.
        connect_args={"timeout": busy_timeout_s, "isolation_level": None},
        poolclass=pool.NullPool,
        hide_parameters=True,
    )
    _set_pragmas(engine, synchronous)
    return engine


def _set_pragmas(engine: Engine, synchronous: SqliteSynchronous) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
        finally:
            cursor.close()
