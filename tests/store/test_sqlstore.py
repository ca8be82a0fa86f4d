"""SqlKeyStore against SQLite (always) and PostgreSQL (when configured; see conftest)."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

import lightvibes.store._tables as tables
from lightvibes.errors import ConfigError, StoreError, StoreUnavailable
from lightvibes.store import (
    KeyStore,
    SealedKeyRecord,
    SessionRecord,
    SessionState,
    SqlKeyStore,
    create_store,
)
from lightvibes.store._migrate import VERSION_TABLE, alembic_config

from .conftest import Backend

NOW = datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
TTL = timedelta(seconds=120)


def make_session(
    session_id: str, *, parties: tuple[str, ...] = ("initiator",), created_at: datetime = NOW
) -> tuple[SessionRecord, list[SealedKeyRecord]]:
    expires_at = created_at + TTL
    session = SessionRecord(
        session_id=session_id,
        peer_id="peer-bob",
        mode="QMK",
        key_bits=256,
        ttl_s=int(TTL.total_seconds()),
        created_at=created_at,
        expires_at=expires_at,
        state=SessionState.OPEN,
        qber=0.0312,
        rate_bps=1234.5,
        seal_suite="DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/AES-256-GCM",
        recipient_key_id="rk-1",
    )
    copies = [
        SealedKeyRecord(
            key_ref=f"{session_id}-{party}",
            session_id=session_id,
            party=party,
            sealed=f"enc||ct of {session_id}/{party}".encode() + bytes(range(256)),
            mode="QMK",
            seal_suite=session.seal_suite,
            recipient_key_id=f"rk-{party}",
            expires_at=expires_at,
        )
        for party in parties
    ]
    return session, copies


async def test_satisfies_the_key_store_port(store: SqlKeyStore) -> None:
    port: KeyStore = store
    assert await port.ping()


async def test_open_is_idempotent_and_safe_to_race(backend: Backend) -> None:
    first = backend.new_store()
    await first.open()
    session, copies = make_session("s-1")
    await first.create_session(session, copies)

    await first.open()
    others = [backend.new_store() for _ in range(3)]
    await asyncio.gather(*(other.open() for other in others))

    async with first.engine.connect() as conn:
        versions = (await conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))).all()
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert [row[0] for row in versions] == [head]
    assert await others[0].get_session("s-1") == session


async def test_session_roundtrips_every_field(store: SqlKeyStore) -> None:
    session, copies = make_session("s-1", parties=("initiator", "peer"))
    await store.create_session(session, copies)

    stored = await store.get_session("s-1")

    assert stored == session
    assert stored is not None
    for moment in (stored.created_at, stored.expires_at):
        assert moment.tzinfo is not None
        assert moment.utcoffset() == timedelta(0)
    pqc = replace(
        session, session_id="s-2", mode="PQC", qber=None, created_at=NOW.replace(microsecond=1)
    )
    await store.create_session(pqc, [replace(copies[0], key_ref="s-2-i", session_id="s-2")])
    assert await store.get_session("s-2") == pqc


async def test_non_utc_times_come_back_as_the_same_instant_in_utc(store: SqlKeyStore) -> None:
    plus_two = timezone(timedelta(hours=2))
    session, copies = make_session("s-1", created_at=NOW.astimezone(plus_two))
    await store.create_session(session, copies)

    stored = await store.get_session("s-1")

    assert stored is not None
    assert stored.created_at == NOW
    assert stored.created_at.tzinfo == UTC


async def test_naive_times_are_refused(store: SqlKeyStore) -> None:
    session, copies = make_session("s-1")
    await store.create_session(session, copies)

    with pytest.raises(ValueError, match="timezone-aware"):
        await store.take_key("s-1-initiator", NOW.replace(tzinfo=None))


async def test_take_key_returns_the_copy_once(store: SqlKeyStore) -> None:
    session, copies = make_session("s-1")
    await store.create_session(session, copies)

    assert await store.take_key("s-1-initiator", NOW) == copies[0]
    assert await store.take_key("s-1-initiator", NOW) is None


async def test_take_key_refuses_expired_and_unknown_refs(store: SqlKeyStore) -> None:
    session, copies = make_session("s-1")
    await store.create_session(session, copies)

    assert await store.take_key("s-1-initiator", session.expires_at) is None
    assert await store.take_key("no-such-ref", NOW) is None
    # Refusing an expired copy neither consumed it nor closed the session.
    just_before = session.expires_at - timedelta(microseconds=1)
    assert await store.take_key("s-1-initiator", just_before) == copies[0]


async def test_last_copy_taken_delivers_the_session(store: SqlKeyStore) -> None:
    session, copies = make_session("s-1", parties=("initiator", "peer"))
    await store.create_session(session, copies)
    first_take = NOW + timedelta(seconds=1)
    last_take = NOW + timedelta(seconds=2)

    await store.take_key("s-1-initiator", first_take)
    assert await store.get_session("s-1") == session
    await store.take_key("s-1-peer", last_take)

    assert await store.get_session("s-1") == replace(
        session, state=SessionState.DELIVERED, closed_at=last_take
    )


async def test_revoke_destroys_undelivered_copies(store: SqlKeyStore) -> None:
    session, copies = make_session("s-1", parties=("initiator", "peer"))
    await store.create_session(session, copies)
    await store.take_key("s-1-initiator", NOW)
    revoked_at = NOW + timedelta(seconds=3)

    revoked = await store.revoke_session("s-1", revoked_at)

    expected = replace(session, state=SessionState.REVOKED, closed_at=revoked_at)
    assert revoked == expected
    assert await store.get_session("s-1") == expected
    assert await store.take_key("s-1-peer", NOW) is None


async def test_revoke_leaves_a_delivered_session_delivered(store: SqlKeyStore) -> None:
    session, copies = make_session("s-1")
    await store.create_session(session, copies)
    await store.take_key("s-1-initiator", NOW)
    delivered = replace(session, state=SessionState.DELIVERED, closed_at=NOW)

    assert await store.revoke_session("s-1", NOW + timedelta(seconds=5)) == delivered
    assert await store.get_session("s-1") == delivered


async def test_revoke_of_unknown_session_is_none(store: SqlKeyStore) -> None:
    assert await store.revoke_session("no-such-session", NOW) is None
    assert await store.get_session("no-such-session") is None


async def test_sweep_destroys_expired_copies_and_expires_their_sessions(
    store: SqlKeyStore,
) -> None:
    early, early_copies = make_session("early", parties=("initiator", "peer"))
    delivered, delivered_copies = make_session("delivered")
    later, later_copies = make_session("later", created_at=NOW + timedelta(minutes=10))
    for session, copies in ((early, early_copies), (delivered, delivered_copies)):
        await store.create_session(session, copies)
    await store.create_session(later, later_copies)
    await store.take_key("delivered-initiator", NOW)
    sweep_at = early.expires_at

    assert await store.sweep_expired(sweep_at) == 2
    assert await store.sweep_expired(sweep_at) == 0

    assert await store.get_session("early") == replace(
        early, state=SessionState.EXPIRED, closed_at=sweep_at
    )
    assert await store.get_session("delivered") == replace(
        delivered, state=SessionState.DELIVERED, closed_at=NOW
    )
    assert await store.get_session("later") == later
    assert await store.take_key("later-initiator", sweep_at) == later_copies[0]


async def test_fifty_concurrent_takes_deliver_exactly_once(store: SqlKeyStore) -> None:
    session, copies = make_session("s-1")
    await store.create_session(session, copies)

    results = await asyncio.gather(*(store.take_key("s-1-initiator", NOW) for _ in range(50)))

    assert [r for r in results if r is not None] == copies
    assert results.count(None) == 49
    stored = await store.get_session("s-1")
    assert stored is not None
    assert stored.state is SessionState.DELIVERED


async def test_concurrent_takes_through_separate_stores_deliver_exactly_once(
    backend: Backend,
) -> None:
    # Separate engines behave like separate processes: no shared in-process writer queue.
    stores = [backend.new_store() for _ in range(3)]
    for store in stores:
        await store.open()
    session, copies = make_session("s-1")
    await stores[0].create_session(session, copies)

    results = await asyncio.gather(
        *(stores[i % 3].take_key("s-1-initiator", NOW) for i in range(30))
    )

    assert [r for r in results if r is not None] == copies
    assert results.count(None) == 29


async def test_revoke_racing_take_leaves_a_consistent_outcome(store: SqlKeyStore) -> None:
    sessions = [make_session(f"s-{i}") for i in range(10)]
    for session, copies in sessions:
        await store.create_session(session, copies)

    async def race(session_id: str) -> None:
        taken, revoked = await asyncio.gather(
            store.take_key(f"{session_id}-initiator", NOW),
            store.revoke_session(session_id, NOW),
        )
        assert revoked is not None
        final = await store.get_session(session_id)
        assert final == revoked
        # Either the taker won (delivered) or the revoker did (nothing was handed out).
        assert (taken is not None, final.state) in {
            (True, SessionState.DELIVERED),
            (False, SessionState.REVOKED),
        }

    await asyncio.gather(*(race(session.session_id) for session, _ in sessions))


async def test_create_session_is_atomic(store: SqlKeyStore) -> None:
    session, copies = make_session("s-1", parties=("initiator", "peer"))
    duplicate_ref = [copies[0], replace(copies[1], key_ref=copies[0].key_ref)]

    with pytest.raises(StoreError) as raised:
        await store.create_session(session, duplicate_ref)

    assert not isinstance(raised.value, StoreUnavailable)
    assert await store.get_session("s-1") is None
    await store.create_session(session, copies)
    assert await store.get_session("s-1") == session


async def test_duplicate_session_or_foreign_key_ref_is_a_store_error(store: SqlKeyStore) -> None:
    session, copies = make_session("s-1")
    await store.create_session(session, copies)
    other, other_copies = make_session("s-2")

    with pytest.raises(StoreError, match="already exists"):
        await store.create_session(session, [replace(copies[0], key_ref="fresh")])
    with pytest.raises(StoreError, match="already exists"):
        await store.create_session(other, [replace(other_copies[0], key_ref="s-1-initiator")])

    assert await store.get_session("s-2") is None
    assert await store.take_key("s-1-initiator", NOW) == copies[0]


async def test_create_session_refuses_copies_of_another_session(store: SqlKeyStore) -> None:
    session, _ = make_session("s-1")
    _, other_copies = make_session("s-2")

    with pytest.raises(ValueError, match="belong to the session"):
        await store.create_session(session, other_copies)
    with pytest.raises(ValueError, match="at least one"):
        await store.create_session(session, [])


async def test_sqlite_file_holds_sealed_bytes_only_until_taken(tmp_path: Path) -> None:
    path = tmp_path / "keys.db"
    marker = b"\x00SEALED-MARKER\xff" * 8
    session, copies = make_session("s-1")
    copies = [replace(copies[0], sealed=marker)]

    async with SqlKeyStore(f"sqlite+aiosqlite:///{path}") as store:
        await store.create_session(session, copies)
    # Closing the last connection checkpoints the WAL into the main file.
    assert path.read_bytes().count(marker) == 1
    with contextlib.closing(sqlite3.connect(path)) as raw:
        rows = raw.execute("SELECT key_ref, sealed FROM sealed_keys").fetchall()
        sessions_dump = repr(raw.execute("SELECT * FROM sessions").fetchall()).encode()
    assert rows == [("s-1-initiator", marker)]
    assert marker not in sessions_dump

    async with SqlKeyStore(f"sqlite+aiosqlite:///{path}") as store:
        assert await store.take_key("s-1-initiator", NOW) == copies[0]
    # secure_delete: the taken copy is overwritten, not left in a free page.
    assert marker not in path.read_bytes()


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    store = SqlKeyStore(f"sqlite+aiosqlite:///{tmp_path / 'k.db'}")
    async with store, store.engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (await conn.execute(text("PRAGMA secure_delete"))).scalar() == 1


async def test_sqlite_locked_past_the_busy_timeout_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "keys.db"
    async with SqlKeyStore(f"sqlite+aiosqlite:///{path}", busy_timeout_s=0.2) as store:
        session, copies = make_session("s-1")
        await store.create_session(session, copies)
        other_process = sqlite3.connect(path, isolation_level=None)
        try:
            other_process.execute("BEGIN IMMEDIATE")
            with pytest.raises(StoreUnavailable, match="locked"):
                await store.take_key("s-1-initiator", NOW)
            assert await store.get_session("s-1") == session  # readers are not blocked (WAL)
        finally:
            other_process.execute("ROLLBACK")
            other_process.close()
        assert await store.take_key("s-1-initiator", NOW) == copies[0]


async def test_sqlite_queued_past_the_busy_timeout_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "keys.db"
    async with SqlKeyStore(f"sqlite+aiosqlite:///{path}", busy_timeout_s=0.2) as store:
        session, copies = make_session("s-1")
        await store.create_session(session, copies)
        other_process = sqlite3.connect(path, isolation_level=None)
        try:
            other_process.execute("BEGIN IMMEDIATE")
            # The first take waits out the busy timeout on the file lock; whichever takes are
            # still queued behind it by then give up without running.
            results = await asyncio.gather(
                *(store.take_key("s-1-initiator", NOW) for _ in range(3)), return_exceptions=True
            )
        finally:
            other_process.execute("ROLLBACK")
            other_process.close()
        assert all(isinstance(result, StoreUnavailable) for result in results)
        assert any("stayed busy" in str(result) for result in results)
        assert await store.take_key("s-1-initiator", NOW) == copies[0]


@pytest.mark.parametrize("synchronous", ["FULL", "NORMAL"])
async def test_sqlite_delivers_once_in_either_synchronous_mode(
    tmp_path: Path, synchronous: Literal["FULL", "NORMAL"]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'keys.db'}"
    async with SqlKeyStore(url, sqlite_synchronous=synchronous) as store:
        session, copies = make_session("s-1")
        await store.create_session(session, copies)
        assert await store.take_key("s-1-initiator", NOW) == copies[0]
        assert await store.take_key("s-1-initiator", NOW) is None


def test_sqlite_synchronous_must_be_full_or_normal(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="FULL or NORMAL"):
        SqlKeyStore(f"sqlite+aiosqlite:///{tmp_path / 'k.db'}", sqlite_synchronous="OFF")  # type: ignore[arg-type]


@pytest.mark.postgres
async def test_postgres_row_locked_past_the_timeout_is_unavailable(
    postgres_backend: Backend,
) -> None:
    store = postgres_backend.new_store(busy_timeout_s=0.2)
    await store.open()
    session, copies = make_session("s-1")
    await store.create_session(session, copies)

    async with store.engine.connect() as other:
        await other.execute(text("SELECT 1 FROM sealed_keys FOR UPDATE"))
        with pytest.raises(StoreUnavailable, match="lock timeout"):
            await store.take_key("s-1-initiator", NOW)
        await other.rollback()
    assert await store.take_key("s-1-initiator", NOW) == copies[0]


@pytest.mark.parametrize(
    "url",
    [
        "mysql+aiomysql://admin:hunter2@db.example/keys",
        "postgresql://admin:hunter2@db.example/keys",
        "sqlite:///keys.db",
        "sqlite+aiosqlite://",
        "sqlite+aiosqlite:///:memory:",
        "not a url at all: hunter2",
    ],
)
def test_unusable_urls_are_config_errors_without_secrets(url: str) -> None:
    with pytest.raises(ConfigError) as raised:
        create_store(url)

    message = str(raised.value)
    assert "hunter2" not in message
    assert "sqlite+aiosqlite:///" in message


def test_schema_must_be_a_plain_postgres_identifier(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="only be chosen for PostgreSQL"):
        SqlKeyStore(f"sqlite+aiosqlite:///{tmp_path / 'k.db'}", schema="tests")
    with pytest.raises(ConfigError, match="schema name"):
        SqlKeyStore("postgresql+asyncpg://u@127.0.0.1/db", schema='x"; DROP TABLE y')


async def test_sqlite_directory_that_cannot_be_made_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    store = SqlKeyStore(f"sqlite+aiosqlite:///{blocker / 'sub' / 'keys.db'}")

    with pytest.raises(ConfigError, match="Cannot create the directory"):
        await store.open()
    await store.close()


async def test_unreachable_postgres_is_unavailable_without_secrets() -> None:
    store = create_store("postgresql+asyncpg://admin:hunter2@127.0.0.1:1/keys", busy_timeout_s=2)

    with pytest.raises(StoreUnavailable) as raised:
        await store.open()
    assert not await store.ping()
    await store.close()

    message = str(raised.value)
    assert "hunter2" not in message
    assert "127.0.0.1:1" in message


async def test_both_copies_taken_at_once_still_deliver_the_session(store: SqlKeyStore) -> None:
    # Each taker must see the other's deletion before deciding the session is not finished.
    sessions = [make_session(f"s-{i}", parties=("initiator", "peer")) for i in range(10)]
    for session, copies in sessions:
        await store.create_session(session, copies)

    taken = await asyncio.gather(
        *(
            store.take_key(copy.key_ref, NOW + timedelta(seconds=1))
            for _, copies in sessions
            for copy in copies
        )
    )

    assert all(copy is not None for copy in taken)
    for session, _ in sessions:
        assert await store.get_session(session.session_id) == replace(
            session, state=SessionState.DELIVERED, closed_at=NOW + timedelta(seconds=1)
        )


async def test_migrations_build_exactly_the_tables_the_queries_use(store: SqlKeyStore) -> None:
    def drift(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return list(compare_metadata(context, tables.metadata))

    async with store.engine.connect() as conn:
        assert await conn.run_sync(drift) == []
