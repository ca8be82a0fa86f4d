"""The link port: what the service sees of a QKD link, and the absent link.

A link publishes :class:`LinkHealth` after every block and hands out key bits from its pool.
The service only ever talks to a :class:`Link`; the simulator, real hardware or the absent link
sit behind it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

__all__ = ["AbsentLink", "Link", "LinkHealth", "LinkState"]


class LinkState(enum.StrEnum):
    HEALTHY = "healthy"
    DEGRADED = "degraded"  # QBER above threshold or no secret key produced
    QUARANTINED = "quarantined"  # tamper rule fired; held until restored
    DOWN = "down"  # no link configured or not running


@dataclass(frozen=True, slots=True)
class LinkHealth:
    state: LinkState
    qber: float | None  # None until a block has been measured
    rate_bps: float  # secret bits per wall-clock second actually produced
    pool_bits: int
    secret_fraction: float | None = None  # secret bits / sifted bits of the last block
    blocks: int = 0
    last_block: Mapping[str, float | int | None] | None = None  # the last block's statistics


class Link(Protocol):
    """A QKD link as the key service uses it."""

    def start(self) -> None:
        """Begin producing key (idempotent)."""

    def stop(self) -> None: ...

    def health(self) -> LinkHealth: ...

    def take_key(self, bits: int) -> bytes | None:
        """Remove ``bits`` (a multiple of 8) from the pool, or None if it holds fewer."""

    def restore(self) -> None:
        """Operator restore: lift a quarantine (no effect otherwise)."""


class AbsentLink:
    """No QKD link: health is ``down`` and the pool is always empty."""

    _HEALTH = LinkHealth(state=LinkState.DOWN, qber=None, rate_bps=0.0, pool_bits=0)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def health(self) -> LinkHealth:
        return self._HEALTH

    def take_key(self, bits: int) -> bytes | None:
        return None

    def restore(self) -> None:
        pass
