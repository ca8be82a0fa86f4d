"""The SQLite backend: transactions run whole, as one call each, on the store's own thread.

SQLite admits one writer at a time, so one thread per store costs no write concurrency; what
it saves is the per-statement thread hop of an async driver and the greenlet bridge around
it: a transaction is one hop there and back. The thread's queue also orders this process's
transactions, so the file lock is only ever contended by other processes.

Writes waiting in the queue are committed together (group commit): with ``synchronous=FULL``
every COMMIT costs an fsync, and the writes that queued up during one fsync share the next.
Each runs in its own SAVEPOINT, so one that fails is undone alone; every caller is answered
only once the COMMIT has returned, so nobody hears "done" about a write not yet durable.

The thread holds one stdlib ``sqlite3`` connection in WAL mode with foreign keys on and
``secure_delete`` (a taken or revoked sealed copy is overwritten, not left in a free page).
Write transactions open with ``BEGIN IMMEDIATE``: the writer takes the file lock at BEGIN,
where the busy timeout can wait for another process to let go, instead of upgrading
mid-transaction and failing with "database is locked". Reads run alone on the same thread;
in WAL mode they would not block on other processes' writers, but they do wait their turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, Literal, TypeVar

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

# One name serves every write of a group: each savepoint is released before the next opens.
_SAVEPOINT: Final = "SAVEPOINT lightvibes_write"
_ROLLBACK_TO_SAVEPOINT: Final = "ROLLBACK TO SAVEPOINT lightvibes_write"
_RELEASE_SAVEPOINT: Final = "RELEASE SAVEPOINT lightvibes_write"

# Most writes committed together: enough to absorb a burst behind one fsync, few enough that
# an early caller of a group is not kept waiting long for the last one's statements.
_MAX_GROUP: Final = 64

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Call(Generic[T]):
    """A queued transaction and the future its caller awaits on its own loop."""

    transaction: Callable[[Connection], T]
    write: bool
    deadline: float  # time.monotonic(); past it, the transaction is abandoned unstarted
    loop: asyncio.AbstractEventLoop
    answer: asyncio.Future[T]


@dataclass(frozen=True, slots=True)
class _Stop:
    """Close the connection and end the thread, then tell ``answer``'s caller if there is one."""

    loop: asyncio.AbstractEventLoop | None = None
    answer: asyncio.Future[None] | None = None


# What a caller is told, on its loop: a result or an exception, into the future it awaits.
_Reply = tuple[asyncio.AbstractEventLoop, asyncio.Future[Any], Any, BaseException | None]


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
            self._thread = _WriterThread(self._sync_engine)
            # A backend dropped without close() must not leave its thread waiting forever.
            weakref.finalize(self, self._thread.stop)
        # Checked when the transaction starts: a queued one is abandoned before it begins,
        # never while it runs, so a caller is never told "failed" about a committed write.
        deadline = time.monotonic() + self._busy_timeout_s
        return await self._thread.call(transaction, write=write, deadline=deadline)

    async def close(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            # Closing the last connection also checkpoints the WAL into the main file.
            await thread.close()
        self._sync_engine.dispose()
        if self._inspection_engine is not None:
            await self._inspection_engine.dispose()
            self._inspection_engine = None


class _WriterThread:
    """One daemon thread and its connection, running transactions in the order they arrive.

    Leaner than a one-worker ``ThreadPoolExecutor`` (a C queue, one callback back to each
    loop per group). Daemon, so a store never closed cannot hold up interpreter exit; SQLite
    rolls back a transaction cut off there. The thread holds this object, never the backend,
    so a backend dropped without close() can still be collected and stop it.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None  # touched only on the thread
        self._calls: queue.SimpleQueue[_Call[Any] | _Stop] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="lightvibes-sqlite", daemon=True).start()

    def call(
        self, transaction: Callable[[Connection], T], *, write: bool, deadline: float
    ) -> asyncio.Future[T]:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[T] = loop.create_future()
        self._calls.put(_Call(transaction, write, deadline, loop, answer))
        return answer

    async def close(self) -> None:
        """Run the transactions already queued, close the connection and end the thread."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[None] = loop.create_future()
        self._calls.put(_Stop(loop, answer))
        await answer

    def stop(self) -> None:
        """Let the thread end once the calls already queued are done."""
        self._calls.put(_Stop())

    def _serve(self) -> None:
        held: _Call[Any] | _Stop | None = None  # taken off the queue while gathering a group
        while True:
            item = held if held is not None else self._calls.get()
            if isinstance(item, _Stop):
                break
            group, held = self._gather(item)
            _send(self._run_group(group, _BEGIN_WRITE if item.write else _BEGIN_READ))
            del item, group  # nothing of theirs stays alive while the thread waits
        self._disconnect()
        if item.loop is not None and item.answer is not None:
            _send([(item.loop, item.answer, None, None)])

    def _gather(self, first: _Call[Any]) -> tuple[list[_Call[Any]], _Call[Any] | _Stop | None]:
        """``first`` with, if it writes, the writes queued right behind it; and what came next.

        Only writes queued back to back join a group: a read or a stop ends the gathering and
        runs next, so transactions keep their order.
        """
        group = [first]
        while first.write and len(group) < _MAX_GROUP:
            try:
                following = self._calls.get_nowait()
            except queue.Empty:
                break
            if isinstance(following, _Stop) or not following.write:
                return group, following
            group.append(following)
        return group, None

    def _run_group(self, calls: Sequence[_Call[Any]], begin: str) -> list[_Reply]:
        """Run ``calls`` in one transaction and say what to tell each caller once it is over."""
        replies: list[_Reply] = []
        waiting = [call for call in calls if _may_start(call, replies)]
        if waiting:
            replies.extend(self._transact(waiting, begin))
        return replies

    def _transact(self, calls: Sequence[_Call[Any]], begin: str) -> list[_Reply]:
        began = False
        try:
            connection = self._connection if self._connection is not None else self._connect()
            # The driver runs in autocommit mode (its own BEGIN is off) and SQLAlchemy's
            # BEGIN is a no-op on pysqlite, so `begin` opens the transaction. Emitting it here
            # rather than from a "begin" event keeps the engine free of connection events,
            # which would otherwise be dispatched around every statement.
            with connection.begin():
                connection.exec_driver_sql(begin)
                began = True
                if len(calls) == 1:
                    # Alone, the call's failure is the transaction's: no savepoint needed.
                    (call,) = calls
                    return [(call.loop, call.answer, call.transaction(connection), None)]
                replies: list[_Reply] = []
                for call in calls:
                    # Each is checked again: it starts only once the writes before it are done.
                    if _may_start(call, replies):
                        replies.append(_in_savepoint(connection, call))
            return replies
        except BaseException as exc:  # handed to every caller, as an executor would
            # The next transaction starts on a fresh connection rather than on whatever state
            # a failed BEGIN, statement, savepoint or COMMIT left behind.
            self._disconnect()
            # Once BEGIN has run, every call shares the failure. If BEGIN failed (it waits up
            # to the busy timeout for another process's lock), the first call gets it as it
            # would alone, and those behind it that have meanwhile waited out their own busy
            # timeout are told so, as they would have been one by one.
            failures: list[_Reply] = []
            for index, call in enumerate(calls):
                late = not began and index > 0 and time.monotonic() > call.deadline
                failures.append(
                    (call.loop, call.answer, None, WriterQueueTimeout() if late else exc)
                )
            return failures

    def _connect(self) -> Connection:
        try:
            self._connection = self._engine.connect()
        except (sa_exc.DBAPIError, OSError) as exc:
            raise ConnectFailed from exc
        return self._connection

    def _disconnect(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(sa_exc.SQLAlchemyError):
                connection.close()


def _may_start(call: _Call[Any], replies: list[_Reply]) -> bool:
    """Whether ``call`` may still start; one past its deadline is answered in ``replies``."""
    # Read across threads, which is safe for this flag: a caller that gave up while its call
    # was queued (cancelled) is skipped; one that gives up later finds it done.
    if call.answer.cancelled():
        return False
    if time.monotonic() > call.deadline:
        replies.append((call.loop, call.answer, None, WriterQueueTimeout()))
        return False
    return True


def _in_savepoint(connection: Connection, call: _Call[Any]) -> _Reply:
    """Run one write of a group; if it raises, undo it alone and keep its exception for it.

    A failure to roll back or release the savepoint propagates: the group's transaction is
    then in doubt and fails whole.
    """
    connection.exec_driver_sql(_SAVEPOINT)
    try:
        result = call.transaction(connection)
    except Exception as exc:
        try:
            connection.exec_driver_sql(_ROLLBACK_TO_SAVEPOINT)
        except sa_exc.DBAPIError:
            # After some errors (a full disk, an I/O error) SQLite has already rolled the
            # whole transaction back, savepoint and all: the group fails with that error.
            raise exc from None
        connection.exec_driver_sql(_RELEASE_SAVEPOINT)
        return (call.loop, call.answer, None, exc)
    connection.exec_driver_sql(_RELEASE_SAVEPOINT)
    return (call.loop, call.answer, result, None)


def _send(replies: Sequence[_Reply]) -> None:
    """Hand each loop its callers' replies in one hop (a group's callers mostly share one)."""
    by_loop: dict[asyncio.AbstractEventLoop, list[_Reply]] = {}
    for reply in replies:
        by_loop.setdefault(reply[0], []).append(reply)
    for loop, loop_replies in by_loop.items():
        with contextlib.suppress(RuntimeError):  # the caller's loop is closed: nobody to tell
            loop.call_soon_threadsafe(_settle, loop_replies)


def _settle(replies: Sequence[_Reply]) -> None:
    for _loop, answer, result, exc in replies:
        if answer.done():  # cancelled by its caller meanwhile
            continue
        if exc is None:
            answer.set_result(result)
        else:
            answer.set_exception(exc)


def _engine(url: URL, busy_timeout_s: float, synchronous: SqliteSynchronous) -> Engine:
    engine = create_engine(
        url.set(drivername="sqlite+pysqlite"),
        # isolation_level=None stops sqlite3 from issuing its own BEGIN; see _transact.
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
