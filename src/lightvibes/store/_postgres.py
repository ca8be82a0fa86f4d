"""The PostgreSQL backend: asyncpg through SQLAlchemy's async engine.

asyncpg is natively async, so each transaction body runs through ``AsyncConnection.run_sync``
on a pooled connection; there row locks do the arbitration and ``lock_timeout`` bounds the
wait for them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from lightvibes.store._backend import ConnectFailed

__all__ = ["PostgresBackend"]

T = TypeVar("T")


class PostgresBackend:
    """Transactions on a pool of asyncpg connections; ``schema`` goes on their search_path."""

    def __init__(self, url: URL, *, busy_timeout_s: float, schema: str | None) -> None:
        server_settings = {
            "application_name": "lightvibes",
            "lock_timeout": f"{round(busy_timeout_s * 1000)}ms",
        }
        if schema is not None:
            server_settings["search_path"] = schema
        self._engine = create_async_engine(
            url,
            connect_args={"timeout": busy_timeout_s, "server_settings": server_settings},
            pool_pre_ping=True,
            pool_timeout=busy_timeout_s,
            hide_parameters=True,
        )

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    async def run(self, transaction: Callable[[Connection], T], *, write: bool) -> T:
        # Row locks, not a file-wide lock, order PostgreSQL writers: nothing to queue here.
        del write
        async with contextlib.AsyncExitStack() as stack:
            try:
                connection = await stack.enter_async_context(self._engine.connect())
            except (sa_exc.DBAPIError, OSError, TimeoutError) as exc:
                # Refused, unreachable, unknown database or role: all "cannot connect".
                raise ConnectFailed from exc
            return await connection.run_sync(_in_transaction, transaction)

    async def close(self) -> None:
        await self._engine.dispose()


def _in_transaction(connection: Connection, transaction: Callable[[Connection], T]) -> T:
    with connection.begin():
        return transaction(connection)
