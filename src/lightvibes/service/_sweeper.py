"""The sweeper: a background task that destroys expired key material (DESIGN.md §2, step 6)."""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from lightvibes.errors import LightvibesError
from lightvibes.service._keys import KeyService

__all__ = ["Sweeper"]

_log = structlog.get_logger("lightvibes.sweeper")


class Sweeper:
    def __init__(self, service: KeyService, *, interval_s: float) -> None:
        self._service = service
        self._interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="lightvibes-sweeper")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval_s)
            try:
                destroyed = await self._service.sweep()
            except LightvibesError as error:  # a store hiccup must not end the sweeper
                _log.warning("sweep_failed", error=error.title, detail=error.detail)
                continue
            if destroyed:
                _log.info("expired_keys_destroyed", count=destroyed)
