"""What :class:`SqlKeyStore` needs from a database backend, and the failures it translates.

A backend runs one transaction body (a synchronous function of a SQLAlchemy ``Connection``)
between BEGIN and COMMIT, or ROLLBACK when the body raises, and hands back its result; the
store turns driver failures into :mod:`lightvibes.errors`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["Backend", "ConnectFailed", "WriterQueueTimeout"]

T = TypeVar("T")


class ConnectFailed(Exception):
    """No connection to the database could be opened; ``__cause__`` holds the driver error."""


class WriterQueueTimeout(Exception):
    """A transaction waited behind this store's other transactions past the busy timeout."""


class Backend(Protocol):
    @property
    def engine(self) -> AsyncEngine:
        """An async engine on the same database, for tests and admin tools that inspect it."""

    async def run(self, transaction: Callable[[Connection], T], *, write: bool) -> T:
        """Run ``transaction`` in one database transaction, committed when it returns."""

    async def close(self) -> None: ...
