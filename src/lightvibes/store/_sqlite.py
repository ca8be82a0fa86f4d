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
import functools
import queue
import threading
import time
import weakref
from collections.abc import Callable
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

# A queued call: the caller's loop, the future it awaits, and the work.
_Call = tuple[asyncio.AbstractEventLoop, asyncio.Future[T], Callable[[], T]]


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
        self._thread: _WriterThread | None = None
        self._connection: Connection | None = None  # touched only on that thread
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
        if self._thread is None:
            self._thread = _WriterThread()
            # A backend dropped without close() must not leave its thread waiting forever.
            weakref.finalize(self, self._thread.stop)
        # Checked when the transaction starts: a queued one is abandoned before it begins,
        # never while it runs, so a caller is never told "failed" about a committed write.
        deadline = time.monotonic() + self._busy_timeout_s
        return await self._thread.call(
            functools.partial(self._run_on_thread, transaction, write, deadline)
        )

    async def close(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            # Closing the last connection also checkpoints the WAL into the main file.
            await thread.call(self._disconnect)
            thread.stop()
        self._sync_engine.dispose()
        if self._inspection_engine is not None:
            await self._inspection_engine.dispose()
            self._inspection_engine = None

    def _run_on_thread(
        self, transaction: Callable[[Connection], T], write: bool, deadline: float
    ) -> T:
        if time.monotonic() > deadline:
            raise WriterQueueTimeout
        connection = self._connection if self._connection is not None else self._connect()
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


class _WriterThread:
    """One daemon thread running calls in the order they arrive, answering on the caller's loop.

    Leaner than a one-worker ``ThreadPoolExecutor`` (a C queue, one callback back to the
    loop), which is a measurable share of a 0.2 ms transaction. Daemon, so a store never
    closed cannot hold up interpreter exit; SQLite rolls back a transaction cut off there.
    """

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[_Call[Any] | None] = queue.SimpleQueue()
        threading.Thread(
            target=_serve, args=(self._calls,), name="lightvibes-sqlite", daemon=True
        ).start()

    def call(self, function: Callable[[], T]) -> asyncio.Future[T]:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[T] = loop.create_future()
        self._calls.put((loop, answer, function))
        return answer

    def stop(self) -> None:
        """Let the thread end once the calls already queued are done."""
        self._calls.put(None)


def _serve(calls: queue.SimpleQueue[_Call[Any] | None]) -> None:
    while (item := calls.get()) is not None:
        loop, answer, function = item
        # Read across threads, which is safe for this flag: a caller that gave up while its
        # call was queued (cancelled) is skipped; one that gives up later finds it done.
        if answer.cancelled():
            continue
        try:
            result = function()
        except BaseException as exc:  # handed to the caller, as an executor would
            _answer(loop, answer, None, exc)
        else:
            _answer(loop, answer, result, None)
        del item, answer, function


def _answer(
    loop: asyncio.AbstractEventLoop,
    answer: asyncio.Future[Any],
    result: Any,
    exc: BaseException | None,
) -> None:
    with contextlib.suppress(RuntimeError):  # the caller's loop is closed: nobody to tell
        loop.call_soon_threadsafe(_settle, answer, result, exc)


def _settle(answer: asyncio.Future[Any], result: Any, exc: BaseException | None) -> None:
    if answer.cancelled():
        return
    if exc is None:
        answer.set_result(result)
    else:
        answer.set_exception(exc)


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
