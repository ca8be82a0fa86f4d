"""The link monitor: turns each block's statistics into a link state (DESIGN.md §3).

States: ``healthy → degraded → quarantined``.

* **degraded** — the last block's QBER is above the threshold, or it produced no secret key.
  The link returns to healthy only after ``recover_blocks`` consecutive blocks with QBER at or
  below ``threshold - hysteresis`` and a positive key: the gap and the run stop the mode from
  flapping when the QBER hovers around the threshold.
* **quarantined** — the tamper rule fired: the QBER jumped by more than ``tamper_qber_jump``
  above its running baseline in one block (an intercept-resend attack on a fraction p of pulses
  adds about p/4), or the decoy statistics contradict the baseline (the decoy/signal gain
  ratio moved by more than ``tamper_gain_ratio_change``, or the decoy bound on single-photon
  yield collapsed although clicks arrived — signatures of photon-number-splitting or detector
  attacks). It holds until an operator restores the link or ``restore_clean_blocks`` clean
  blocks in a row have been seen (0 disables the automatic restore).

Every transition is handed to an :class:`EventSink` (the evidence log consumes them; a
structured-log sink is the default).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import structlog

from lightvibes.errors import ConfigError
from lightvibes.quantum._link import LinkState

__all__ = [
    "BlockObservation",
    "EventSink",
    "LinkMonitor",
    "LinkTransition",
    "LoggingEventSink",
    "MonitorPolicy",
]

_BASELINE_WEIGHT = 0.2  # EWMA weight of the newest clean block in the baselines


@dataclass(frozen=True, slots=True)
class MonitorPolicy:
    qber_threshold: float = 0.08
    hysteresis: float = 0.01
    recover_blocks: int = 2
    tamper_qber_jump: float = 0.025
    tamper_gain_ratio_change: float = 0.25
    restore_clean_blocks: int = 10

    def __post_init__(self) -> None:
        if not 0.0 <= self.hysteresis < self.qber_threshold:
            raise ConfigError("the QBER hysteresis must be in [0, qber_threshold)")
        if self.recover_blocks < 1 or self.restore_clean_blocks < 0:
            raise ConfigError("recover_blocks must be >= 1 and restore_clean_blocks >= 0")
        if self.tamper_qber_jump <= 0 or self.tamper_gain_ratio_change <= 0:
            raise ConfigError("the tamper thresholds must be positive")


@dataclass(frozen=True, slots=True)
class BlockObservation:
    """What the monitor needs from one block: error rate, key produced, decoy statistics."""

    qber: float
    secret_bits: int
    gain_signal: float
    gain_decoy: float
    y1_lower: float


@dataclass(frozen=True, slots=True)
class LinkTransition:
    """One change of link state. ``kind`` names it for the evidence log."""

    kind: str  # "link.degraded", "link.healthy", "link.quarantined", "link.restored"
    from_state: LinkState
    to_state: LinkState
    cause: str
    qber: float | None
    block: int


class EventSink(Protocol):
    def emit(self, transition: LinkTransition) -> None: ...


class LoggingEventSink:
    """Structured-log sink, used until the evidence log takes the transitions."""

    def __init__(self) -> None:
        self._log = structlog.get_logger("lightvibes.link")

    def emit(self, transition: LinkTransition) -> None:
        self._log.info(
            transition.kind,
            from_state=transition.from_state.value,
            to_state=transition.to_state.value,
            cause=transition.cause,
            qber=transition.qber,
            block=transition.block,
        )


class LinkMonitor:
    """Applies :class:`MonitorPolicy` block by block. Not thread-safe: one link owns one."""

    def __init__(self, policy: MonitorPolicy, events: EventSink) -> None:
        self.policy = policy
        self._events = events
        self.state = LinkState.DEGRADED  # no block measured yet: not fit to serve QMK
        self.blocks = 0
        self._good_run = 0
        self._clean_run = 0
        self._baseline_qber: float | None = None
        self._baseline_gain_ratio: float | None = None

    def _move(self, to_state: LinkState, kind: str, cause: str, qber: float | None) -> None:
        if to_state is self.state:
            return
        transition = LinkTransition(kind, self.state, to_state, cause, qber, self.blocks)
        self.state = to_state
        self._events.emit(transition)

    def _tamper_signs(self, block: BlockObservation) -> str | None:
        policy = self.policy
        if self._baseline_qber is not None and block.qber > (
            self._baseline_qber + policy.tamper_qber_jump
        ):
            return f"QBER jumped from a baseline of {self._baseline_qber:.4f} to {block.qber:.4f}"
        if block.gain_signal > 0 and block.y1_lower <= 0:
            return "decoy bound on the single-photon yield collapsed although clicks arrived"
        if self._baseline_gain_ratio is not None and block.gain_signal > 0:
            ratio = block.gain_decoy / block.gain_signal
            change = abs(ratio - self._baseline_gain_ratio) / self._baseline_gain_ratio
            if change > policy.tamper_gain_ratio_change:
                return f"decoy/signal gain ratio moved by {change:.0%} from its baseline"
        return None

    def _learn(self, block: BlockObservation) -> None:
        if block.gain_signal <= 0:
            return
        ratio = block.gain_decoy / block.gain_signal
        if self._baseline_qber is None or self._baseline_gain_ratio is None:
            self._baseline_qber, self._baseline_gain_ratio = block.qber, ratio
            return
        w = _BASELINE_WEIGHT
        self._baseline_qber = (1 - w) * self._baseline_qber + w * block.qber
        self._baseline_gain_ratio = (1 - w) * self._baseline_gain_ratio + w * ratio

    def observe(self, block: BlockObservation) -> LinkState:
        """Fold in one block and return the state after it."""
        self.blocks += 1
        policy = self.policy
        tamper = self._tamper_signs(block)
        good = block.qber <= policy.qber_threshold and block.secret_bits > 0
        clean = (
            tamper is None
            and block.secret_bits > 0
            and (block.qber <= policy.qber_threshold - policy.hysteresis)
        )
        self._clean_run = self._clean_run + 1 if clean else 0

        if tamper is not None:
            self._good_run = 0
            self._move(LinkState.QUARANTINED, "link.quarantined", tamper, block.qber)
            return self.state
        if self.state is LinkState.QUARANTINED:
            if policy.restore_clean_blocks and self._clean_run >= policy.restore_clean_blocks:
                self._restored(f"{self._clean_run} clean blocks in a row", block.qber)
            return self.state

        if clean:
            self._learn(block)
        if self.state is LinkState.HEALTHY and not good:
            cause = (
                f"QBER {block.qber:.4f} above threshold {policy.qber_threshold}"
                if block.qber > policy.qber_threshold
                else "no secret key produced"
            )
            self._good_run = 0
            self._move(LinkState.DEGRADED, "link.degraded", cause, block.qber)
        elif self.state is not LinkState.HEALTHY:
            self._good_run = self._good_run + 1 if clean else 0
            if self._good_run >= policy.recover_blocks:
                self._move(
                    LinkState.HEALTHY,
                    "link.healthy",
                    f"{self._good_run} blocks below threshold - hysteresis",
                    block.qber,
                )
        return self.state

    def _restored(self, cause: str, qber: float | None) -> None:
        # Forget the baselines: the link may come back with different physics (new fibre).
        self._baseline_qber = self._baseline_gain_ratio = None
        self._good_run = 0
        self._move(LinkState.DEGRADED, "link.restored", cause, qber)

    def restore(self, operator_cause: str = "restored by an operator") -> None:
        """Lift a quarantine; the link serves QMK again after ``recover_blocks`` good blocks."""
        if self.state is LinkState.QUARANTINED:
            self._clean_run = 0
            self._restored(operator_cause, None)
