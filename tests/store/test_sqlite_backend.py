"""The SQLite backend on its own: its connection, its thread and its queue."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import default, make_url

import lightvibes.store._transactions as transactions
from lightvibes.store._backend import WriterQueueTimeout
from lightvibes.store._migrate import bring_up_to_date
from lightvibes.store._records import SealedKeyRecord, SessionRecord, SessionState
from lightvibes.store._sqlite import SqliteBackend, SqliteSynchronous

NOW = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


def new_backend(
    path: Path, *, busy_timeout_s: float = 5.0, synchronous: SqliteSynchronous = "NORMAL"
) -> SqliteBackend:
    url = make_url(f"sqlite+aiosqlite:///{path}")
    return SqliteBackend(url, busy_timeout_s=busy_timeout_s, synchronous=synchronous)


@contextlib.asynccontextmanager
async def opened(backend: SqliteBackend) -> AsyncIterator[SqliteBackend]:
    try:
        await backend.run(bring_up_to_date, write=True)
        yield backend
    finally:
        await backend.close()


def session_with_copy(session_id: str) -> tuple[SessionRecord, list[SealedKeyRecord]]:
    expires_at = NOW + timedelta(seconds=120)
    session = SessionRecord(
        session_id=session_id,
        peer_id="peer-bob",
        mode="PQC",
        key_bits=256,
        ttl_s=120,
        created_at=NOW,
        expires_at=expires_at,
        state=SessionState.OPEN,
        qber=None,
        rate_bps=0.0,
        seal_suite="DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/AES-256-GCM",
        recipient_key_id="rk-1",
    )
    copy = SealedKeyRecord(
        key_ref=f"{session_id}-ref",
        session_id=session_id,
        party="initiator",
        sealed=b"enc||ct",
        mode="PQC",
        seal_suite=session.seal_suite,
        recipient_key_id="rk-1",
        expires_at=expires_at,
    )
    return session, [copy]


def read_pragma(name: str) -> Any:
    def read(connection: Connection) -> Any:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

    return read


@pytest.mark.parametrize(("synchronous", "level"), [("FULL", 2), ("NORMAL", 1)])
async def test_the_store_connection_is_configured(
    tmp_path: Path, synchronous: SqliteSynchronous, level: int
) -> None:
    async with opened(new_backend(tmp_path / "k.db", synchronous=synchronous)) as backend:
        assert await backend.run(read_pragma("journal_mode"), write=False) == "wal"
        assert await backend.run(read_pragma("foreign_keys"), write=False) == 1
        assert await backend.run(read_pragma("secure_delete"), write=False) == 1
        assert await backend.run(read_pragma("synchronous"), write=False) == level


async def test_writes_take_the_file_lock_at_begin_and_reads_do_not(tmp_path: Path) -> None:
    path = tmp_path / "k.db"

    def another_process_can_write(_connection: Connection) -> bool:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()
        return True

    async with opened(new_backend(path)) as backend:
        assert await backend.run(another_process_can_write, write=True) is False
        assert await backend.run(another_process_can_write, write=False) is True


async def test_transactions_run_one_at_a_time_on_one_thread_off_the_loop(tmp_path: Path) -> None:
    running = 0
    most_at_once = 0
    threads: set[int] = set()

    def body(_connection: Connection) -> None:
        nonlocal running, most_at_once
        running += 1
        most_at_once = max(most_at_once, running)
        threads.add(threading.get_ident())
        time.sleep(0.001)
        running -= 1

    async with opened(new_backend(tmp_path / "k.db")) as backend:
        await asyncio.gather(*(backend.run(body, write=i % 2 == 0) for i in range(20)))

    assert most_at_once == 1
    assert len(threads) == 1
    assert threading.get_ident() not in threads


async def test_a_transaction_queued_past_the_busy_timeout_never_starts(tmp_path: Path) -> None:
    started: list[str] = []

    def slow(_connection: Connection) -> None:
        time.sleep(0.5)

    def record(_connection: Connection) -> None:
        started.append("record")

    async with opened(new_backend(tmp_path / "k.db", busy_timeout_s=0.2)) as backend:
        results = await asyncio.gather(
            backend.run(slow, write=True), backend.run(record, write=True), return_exceptions=True
        )
        assert results[0] is None
        assert isinstance(results[1], WriterQueueTimeout)
        assert started == []

        await backend.run(record, write=True)
        assert started == ["record"]


async def test_a_failed_transaction_is_rolled_back_and_the_next_one_runs(tmp_path: Path) -> None:
    session, copies = session_with_copy("s-1")

    def insert_then_fail(connection: Connection) -> None:
        transactions.insert_session(connection, session, copies)
        raise RuntimeError("failed after the insert")

    async with opened(new_backend(tmp_path / "k.db")) as backend:
        with pytest.raises(RuntimeError, match="after the insert"):
            await backend.run(insert_then_fail, write=True)
        assert (
            await backend.run(lambda c: transactions.select_session(c, "s-1"), write=False) is None
        )

        await backend.run(lambda c: transactions.insert_session(c, session, copies), write=True)
        assert (
            await backend.run(lambda c: transactions.select_session(c, "s-1"), write=False)
            == session
        )


async def test_repeated_statements_are_served_from_the_compiled_cache(tmp_path: Path) -> None:
    backend = new_backend(tmp_path / "k.db")
    cache_use: list[tuple[str, object]] = []

    @event.listens_for(backend.sync_engine, "after_cursor_execute")
    def _record(
        _conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool
    ) -> None:
        cache_use.append((statement.split()[0], context.cache_hit))

    def create_and_take(session_id: str) -> Any:
        def body(connection: Connection) -> SealedKeyRecord | None:
            transactions.insert_session(connection, *session_with_copy(session_id))
            return transactions.take_key(connection, f"{session_id}-ref", NOW)

        return body

    async with opened(backend):
        assert await backend.run(create_and_take("s-1"), write=True) is not None
        cache_use.clear()
        assert await backend.run(create_and_take("s-2"), write=True) is not None

    compiled = [hit for verb, hit in cache_use if verb in ("INSERT", "DELETE", "UPDATE")]
    assert len(compiled) == 4
    assert all(hit == default.CACHE_HIT for hit in compiled)


async def test_close_checkpoints_the_wal_and_the_backend_can_run_again(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    backend = new_backend(path)
    async with opened(backend):
        await backend.run(
            lambda c: transactions.insert_session(c, *session_with_copy("s-1")), write=True
        )
        assert path.with_name("k.db-wal").exists()

    assert not path.with_name("k.db-wal").exists()
    async with opened(backend):
        taken = await backend.run(lambda c: transactions.take_key(c, "s-1-ref", NOW), write=True)
    assert taken is not None


async def test_a_transaction_cancelled_while_queued_never_runs(tmp_path: Path) -> None:
    release = threading.Event()
    ran: list[str] = []

    async with opened(new_backend(tmp_path / "k.db")) as backend:
        first = asyncio.ensure_future(backend.run(lambda _c: release.wait(5), write=True))
        second = asyncio.ensure_future(backend.run(lambda _c: ran.append("second"), write=True))
        await asyncio.sleep(0.05)  # both are queued; the first holds the thread
        second.cancel()
        release.set()

        assert await first is True
        with pytest.raises(asyncio.CancelledError):
            await second
        await backend.run(transactions.ping, write=False)
    assert ran == []


async def test_a_backend_dropped_without_close_stops_its_thread(tmp_path: Path) -> None:
    before = set(threading.enumerate())
    backend = new_backend(tmp_path / "k.db")
    await backend.run(transactions.ping, write=False)
    (thread,) = set(threading.enumerate()) - before

    del backend
    gc.collect()
    thread.join(timeout=5)

    assert not thread.is_alive()


# Group commit: writes queued back to back share one BEGIN IMMEDIATE ... COMMIT.


def count_commits(backend: SqliteBackend) -> list[int]:
    """A one-element counter of the COMMITs on the store's connection (opened after this)."""
    commits = [0]

    @event.listens_for(backend.sync_engine, "commit")
    def _count(_connection: Any) -> None:
        commits[0] += 1

    return commits


def insert(session_id: str) -> Callable[[Connection], None]:
    return lambda c: transactions.insert_session(c, *session_with_copy(session_id))


def stored_session_ids(path: Path) -> set[str]:
    """The sessions another connection sees: only what has been committed."""
    other = sqlite3.connect(path)
    try:
        return {row[0] for row in other.execute("SELECT session_id FROM sessions")}
    finally:
        other.close()


@contextlib.asynccontextmanager
async def writer_held(backend: SqliteBackend, *, write: bool = True) -> AsyncIterator[None]:
    """Hold the store's thread in a transaction until the block ends, so calls queue up."""
    release = threading.Event()
    held = asyncio.ensure_future(backend.run(lambda _c: release.wait(5), write=write))
    await asyncio.sleep(0.05)
    try:
        yield
    finally:
        release.set()
        assert await held is True


async def test_queued_writes_commit_together_and_a_failing_one_is_undone_alone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "k.db"
    backend = new_backend(path)
    commits = count_commits(backend)
    clashing, clashing_copies = session_with_copy("s-2")
    # A new session row, then a copy whose key_ref s-1 already holds: the second insert fails.
    clashing_copies = [replace(clashing_copies[0], key_ref="s-1-ref")]

    async with opened(backend):
        before = commits[0]
        async with writer_held(backend):
            results = asyncio.gather(
                backend.run(insert("s-1"), write=True),
                backend.run(
                    lambda c: transactions.insert_session(c, clashing, clashing_copies),
                    write=True,
                ),
                backend.run(insert("s-3"), write=True),
                return_exceptions=True,
            )
            await asyncio.sleep(0.05)
        first, second, third = await results

        assert commits[0] - before == 2  # the held transaction, then the three together
        assert first is None
        assert isinstance(second, sa_exc.IntegrityError)
        assert third is None
        # The failing write's session row went with it; the others are committed.
        assert stored_session_ids(path) == {"s-1", "s-3"}
        await backend.run(insert("s-2"), write=True)
        assert stored_session_ids(path) == {"s-1", "s-2", "s-3"}


async def test_callers_of_a_group_are_answered_only_after_its_commit(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    last_started = threading.Event()
    let_last_finish = threading.Event()

    def last(_connection: Connection) -> None:
        last_started.set()
        let_last_finish.wait(5)

    async with opened(new_backend(path, synchronous="FULL")) as backend:
        async with writer_held(backend):
            early = asyncio.ensure_future(backend.run(insert("s-1"), write=True))
            late = asyncio.ensure_future(backend.run(last, write=True))
            await asyncio.sleep(0.05)
        try:
            assert await asyncio.to_thread(last_started.wait, 5)
            await asyncio.sleep(0.05)
            # s-1's own work is done, but its group has not committed: no answer yet.
            assert not early.done()
            assert stored_session_ids(path) == set()
        finally:
            let_last_finish.set()
        await asyncio.gather(early, late)
        assert stored_session_ids(path) == {"s-1"}


async def test_concurrent_writes_share_commits_and_are_durable_when_answered(
    tmp_path: Path,
) -> None:
    path = tmp_path / "k.db"
    backend = new_backend(path, synchronous="FULL")
    commits = count_commits(backend)
    visible_on_answer: list[bool] = []

    async def create(session_id: str) -> None:
        await backend.run(insert(session_id), write=True)
        visible_on_answer.append(session_id in stored_session_ids(path))

    async with opened(backend):
        before = commits[0]
        await asyncio.gather(*(create(f"s-{i}") for i in range(64)))
        taken = commits[0] - before

    assert visible_on_answer == [True] * 64
    assert 1 <= taken <= 8


async def test_a_group_holds_at_most_64_writes(tmp_path: Path) -> None:
    backend = new_backend(tmp_path / "k.db")
    commits = count_commits(backend)
    async with opened(backend):
        before = commits[0]
        async with writer_held(backend):
            queued = asyncio.gather(
                *(backend.run(insert(f"s-{i}"), write=True) for i in range(130))
            )
            await asyncio.sleep(0.05)
        await queued
        assert commits[0] - before == 1 + 3  # the held transaction, then 64 + 64 + 2
        count = await backend.run(
            lambda c: c.exec_driver_sql("SELECT count(*) FROM sessions").scalar(), write=False
        )
    assert count == 130


async def test_a_read_is_not_grouped_and_runs_between_the_writes_around_it(
    tmp_path: Path,
) -> None:
    def sessions_seen(connection: Connection) -> tuple[bool, bool]:
        return (
            transactions.select_session(connection, "s-1") is not None,
            transactions.select_session(connection, "s-2") is not None,
        )

    backend = new_backend(tmp_path / "k.db")
    commits = count_commits(backend)
    async with opened(backend):
        before = commits[0]
        async with writer_held(backend):
            queued = asyncio.gather(
                backend.run(insert("s-1"), write=True),
                backend.run(sessions_seen, write=False),
                backend.run(insert("s-2"), write=True),
            )
            await asyncio.sleep(0.05)
        _, seen, _ = await queued
        assert commits[0] - before == 4  # the held transaction, then each of the three alone
    assert seen == (True, False)


async def test_a_failed_commit_fails_every_write_of_the_group(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    ran: list[str] = []

    def orphan_a_copy(connection: Connection) -> None:
        # Deferred, the foreign key is checked at COMMIT, which then fails for the whole group.
        connection.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        transactions.insert_session(connection, *session_with_copy("s-2"))
        connection.exec_driver_sql("DELETE FROM sessions WHERE session_id = 's-2'")
        ran.append("s-2")

    def insert_and_record(session_id: str) -> Callable[[Connection], None]:
        def body(connection: Connection) -> None:
            insert(session_id)(connection)
            ran.append(session_id)

        return body

    async with opened(new_backend(path)) as backend:
        async with writer_held(backend):
            queued = asyncio.gather(
                backend.run(insert_and_record("s-1"), write=True),
                backend.run(orphan_a_copy, write=True),
                backend.run(insert_and_record("s-3"), write=True),
                return_exceptions=True,
            )
            await asyncio.sleep(0.05)
        results = await queued

        assert ran == ["s-1", "s-2", "s-3"]
        assert all(isinstance(result, sa_exc.IntegrityError) for result in results)
        assert stored_session_ids(path) == set()
        # The group's connection was replaced; the next write commits on a fresh one.
        await backend.run(insert("s-1"), write=True)
        assert stored_session_ids(path) == {"s-1"}


async def test_a_write_that_ends_the_transaction_fails_its_whole_group(tmp_path: Path) -> None:
    path = tmp_path / "k.db"

    def lose_the_transaction(connection: Connection) -> None:
        # What SQLite itself does after some errors (a full disk, an I/O error).
        connection.exec_driver_sql("ROLLBACK")
        raise RuntimeError("disk trouble")

    async with opened(new_backend(path)) as backend:
        async with writer_held(backend):
            queued = asyncio.gather(
                backend.run(insert("s-1"), write=True),
                backend.run(lose_the_transaction, write=True),
                backend.run(insert("s-3"), write=True),
                return_exceptions=True,
            )
            await asyncio.sleep(0.05)
        results = await queued

        # Neither s-1 (rolled back with the rest) nor s-3 (never run, not run in autocommit).
        assert [str(result) for result in results] == ["disk trouble"] * 3
        assert all(isinstance(result, RuntimeError) for result in results)
        assert stored_session_ids(path) == set()
        await backend.run(insert("s-1"), write=True)
        assert stored_session_ids(path) == {"s-1"}


async def test_a_group_that_cannot_begin_runs_none_of_its_writes(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    ran: list[str] = []
    async with opened(new_backend(path, busy_timeout_s=0.2)) as backend:
        other_process = sqlite3.connect(path, isolation_level=None)
        try:
            # A read holds the thread without the write lock, which the other process takes.
            async with writer_held(backend, write=False):
                queued = asyncio.gather(
                    *(backend.run(lambda _c: ran.append("ran"), write=True) for _ in range(3)),
                    return_exceptions=True,
                )
                await asyncio.sleep(0.05)
                other_process.execute("BEGIN IMMEDIATE")
            first, *behind = await queued
        finally:
            other_process.execute("ROLLBACK")
            other_process.close()

        assert ran == []
        # The first gets BEGIN's failure; those behind it have meanwhile waited out their
        # busy timeout, as they would have one by one.
        assert isinstance(first, sa_exc.OperationalError)
        assert "locked" in str(first)
        assert all(isinstance(result, WriterQueueTimeout) for result in behind)
        await backend.run(insert("s-1"), write=True)
        assert stored_session_ids(path) == {"s-1"}
