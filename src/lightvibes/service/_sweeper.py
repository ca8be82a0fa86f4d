"""The sweeper: a background task that destroys expired key material (DESIGN.md §2, step 6)."""

from __future__ import annotations

import structlog

from lightvibes.service._keys import KeyService
from lightvibes.service._periodic import PeriodicTask

__all__ = ["Sweeper"]

_log = structlog.get_logger("lightvibes.sweeper")


class Sweeper:
    def __init__(self, service: KeyService, *, interval_s: float) -> None:
        self._service = service
        self._task = PeriodicTask("sweep", self._sweep, every_s=interval_s)

    def start(self) -> None:
        self._task.start()

    async def stop(self) -> None:
        await self._task.stop()

    async def _sweep(self) -> None:
        destroyed = await self._service.sweep()
        if destroyed:
            _log.info("expired_keys_destroyed", count=destroyed)
