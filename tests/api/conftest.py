"""An app wired to the real SQLite store in a temporary directory, spoken to over HTTP (ASGI)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from lightvibes.api import create_app
from lightvibes.config import Settings
from lightvibes.service import KeyService
from lightvibes.store import SqlKeyStore
from tests.conftest import ServiceFactory


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, state_dir=tmp_path)  # type: ignore[call-arg]


@pytest.fixture
async def sqlite_service(tmp_path: Path, make_service: ServiceFactory) -> AsyncIterator[KeyService]:
    store = SqlKeyStore(f"sqlite+aiosqlite:///{tmp_path / 'lightvibes.db'}")
    service = make_service(store=store)
    await service.start()
    yield service
    await service.stop()


@pytest.fixture
def app(settings: Settings, sqlite_service: KeyService) -> FastAPI:
    return create_app(settings, service=sqlite_service)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://lightvibes.test") as http:
        yield http
