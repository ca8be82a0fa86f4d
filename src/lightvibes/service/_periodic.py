"""A background task that runs one step every few seconds on the service's event loop.

The sweeper and the checkpoint signer are both this: a step that may fail with a
LightvibesError (a store hiccup), which is logged and never ends the task.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog

from lightvibes.errors import LightvibesError

__all__ = ["PeriodicTask"]

_log = structlog.get_logger("lightvibes.service")


class PeriodicTask:
    def __init__(self, name: str, step: Callable[[], Awaitable[None]], *, every_s: float) -> None:
        self._name = name
        self._step = step
        self._every_s = every_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"lightvibes-{self._name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._every_s)
            try:
                await self._step()
            except LightvibesError as error:
                _log.warning(f"{self._name}_failed", error=error.title, detail=error.detail)
