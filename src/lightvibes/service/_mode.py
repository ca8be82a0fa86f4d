"""The mode decision: which source serves a new session key (DESIGN.md §2, step 2)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from lightvibes.errors import KeySourceUnavailable
from lightvibes.pqc import PqcKeySource
from lightvibes.quantum._link import Link, LinkHealth, LinkState

__all__ = ["Fallback", "Mode", "ModeController", "SourcedKey"]


class Mode(enum.StrEnum):
    QMK = "QMK"  # bits from the QKD link's pool
    PQC = "PQC"  # bits from an ML-KEM-768 exchange between the link's ends


class Fallback(enum.StrEnum):
    PQC = "PQC"
    NONE = "NONE"


@dataclass(frozen=True, slots=True)
class SourcedKey:
    mode: Mode
    key: bytes
    health: LinkHealth  # the link health the decision was taken on


class ModeController:
    """Takes key bits from the QKD link when it is fit to serve, otherwise from ML-KEM-768."""

    def __init__(
        self, *, link: Link, pqc: PqcKeySource, qber_threshold: float, retry_after_s: int
    ) -> None:
        self._link = link
        self._pqc = pqc
        self.qber_threshold = qber_threshold
        self._retry_after_s = retry_after_s

    def link_serves(self, health: LinkHealth, bits: int) -> bool:
        """QMK only from a healthy link below threshold with a positive rate and enough pool."""
        return (
            health.state is LinkState.HEALTHY
            and health.qber is not None
            and health.qber <= self.qber_threshold
            and health.rate_bps > 0
            and health.pool_bits >= bits
        )

    def mode_for(self, bits: int, fallback: Fallback) -> Mode | None:
        """The mode a request would get now, without taking any key bits."""
        if self.link_serves(self._link.health(), bits):
            return Mode.QMK
        return Mode.PQC if fallback is Fallback.PQC else None

    @property
    def link(self) -> Link:
        return self._link

    def health(self) -> LinkHealth:
        return self._link.health()

    def source_key(self, bits: int, fallback: Fallback, context: bytes) -> SourcedKey:
        health = self._link.health()
        if self.link_serves(health, bits):
            key = self._link.take_key(bits)
            if key is not None:  # None: another session drained the pool meanwhile
                return SourcedKey(Mode.QMK, key, health)
        if fallback is Fallback.PQC:
            return SourcedKey(Mode.PQC, self._pqc.derive_key(bits, context), health)
        raise KeySourceUnavailable(
            f"The QKD link cannot serve {bits} bits now (state {health.state}, "
            f"pool {health.pool_bits} bits) and the request allows no fallback. "
            'Retry later or send "fallback": "PQC".',
            retry_after_s=self._retry_after_s,
        )
