"""Backends for the store tests: SQLite in tmp_path always, PostgreSQL when configured.

PostgreSQL runs when ``LIGHTVIBES_TEST_POSTGRES_URL`` names a database we may create schemas
in, e.g. ``postgresql+asyncpg://postgres@127.0.0.1:5432/test``. Each test gets a fresh schema
(the store's ``schema=`` argument) that is dropped afterwards, so tests never see each other.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import text

from lightvibes.store import SqlKeyStore

POSTGRES_URL_VARIABLE = "LIGHTVIBES_TEST_POSTGRES_URL"


@dataclass
class Backend:
    """Where a test's database lives; ``new_store`` opens more stores on the same data."""

    name: str
    url: str
    schema: str | None = None
    stores: list[SqlKeyStore] = field(default_factory=list)

    def new_store(self, *, busy_timeout_s: float = 5.0) -> SqlKeyStore:
        store = SqlKeyStore(self.url, busy_timeout_s=busy_timeout_s, schema=self.schema)
        self.stores.append(store)
        return store


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(
            f"PostgreSQL tests need {POSTGRES_URL_VARIABLE}, e.g. "
            "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
        )
    return url


@contextlib.asynccontextmanager
async def _backend(name: str, tmp_path: Path) -> AsyncIterator[Backend]:
    if name == "sqlite":
        # A nested, not yet existing directory: the store must create it.
        backend = Backend("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'data' / 'keys.db'}")
    else:
        backend = Backend("postgres", postgres_url(), schema=f"t_{uuid.uuid4().hex[:16]}")
    try:
        yield backend
    finally:
        for store in backend.stores:
            await store.close()
        if backend.schema is not None:
            janitor = SqlKeyStore(backend.url)
            async with janitor.engine.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA IF EXISTS "{backend.schema}" CASCADE'))
            await janitor.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    async with _backend(request.param, tmp_path) as backend:
        yield backend


@pytest.fixture
async def postgres_backend(tmp_path: Path) -> AsyncIterator[Backend]:
    async with _backend("postgres", tmp_path) as backend:
        yield backend


@pytest.fixture
async def store(backend: Backend) -> SqlKeyStore:
    store = backend.new_store()
    await store.open()
    return store
