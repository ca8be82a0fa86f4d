"""The SQLite backend on its own: its connection, its thread and its queue."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, event
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
