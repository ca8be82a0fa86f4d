"""The running link: decoy-state BB84 blocks in a background thread, paced to wall-clock time.

Each block is ``pulses_per_block / repetition_rate_hz`` seconds of light. The thread runs a
block, hands its statistics to the :class:`LinkMonitor`, appends the final key to the pool when
the link is not quarantined, and then sleeps for whatever is left of the block's light time,
so the secret key rate it reports (``rate_bps``: secret bits per wall-clock second actually
produced) is what a real link with this post-processing would deliver. If post-processing is
slower than the light, the rate honestly drops.

The thread never touches the event loop; the service reads ``health()`` and ``take_key()``,
both of which only take short locks.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import deque
from collections.abc import Callable

import numpy as np
import structlog

from lightvibes.config import Settings
from lightvibes.errors import ConfigError, KeyAgreementError, LightvibesError
from lightvibes.quantum._block import BlockResult, run_block
from lightvibes.quantum._link import LinkHealth, LinkState
from lightvibes.quantum._monitor import BlockObservation, EventSink, LinkMonitor, MonitorPolicy
from lightvibes.quantum._params import LinkParameters
from lightvibes.quantum._pool import KeyPool

__all__ = ["SimulatedLink"]

_RATE_WINDOW_BLOCKS = 10  # rate_bps averages the secret bits of the last blocks

_log = structlog.get_logger("lightvibes.link")

BlockRunner = Callable[[LinkParameters, np.random.Generator], BlockResult]


class SimulatedLink:
    """A QKD link backed by the simulator; implements the :class:`Link` port."""

    def __init__(
        self,
        params: LinkParameters,
        *,
        monitor: LinkMonitor,
        pool: KeyPool,
        rng: np.random.Generator,
        run: BlockRunner = run_block,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._params = params
        self._monitor = monitor
        self._pool = pool
        self._rng = rng
        self._run = run
        self._clock = clock
        self._lock = threading.Lock()  # guards params, monitor, the rate window and health
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # (wall-clock seconds the block occupied, secret bits it produced) for the last blocks
        self._window: deque[tuple[float, int]] = deque(maxlen=_RATE_WINDOW_BLOCKS)
        self._last: BlockResult | None = None
        self._failed = False

    @property
    def parameters(self) -> LinkParameters:
        with self._lock:
            return self._params

    # -- the Link port -----------------------------------------------------------------------

    def health(self) -> LinkHealth:
        with self._lock:
            last = self._last
            if self._failed or (self._thread is not None and not self._thread.is_alive()):
                state = LinkState.DOWN
            else:
                state = self._monitor.state
            seconds = sum(duration for duration, _ in self._window)
            bits = sum(produced for _, produced in self._window)
            rate = bits / seconds if seconds > 0 else 0.0
            return LinkHealth(
                state=state,
                qber=None if last is None else last.qber,
                rate_bps=rate,
                pool_bits=self._pool.available_bits,
                secret_fraction=None if last is None else last.secret_fraction,
                blocks=self._monitor.blocks,
                last_block=None if last is None else last.to_point(),
            )

    def take_key(self, bits: int) -> bytes | None:
        return self._pool.take(bits)

    # -- drills and operations ---------------------------------------------------------------

    def adjust(
        self, *, eve_fraction: float | None = None, distance_km: float | None = None
    ) -> LinkParameters:
        """Change the running link's physics from the next block on (ConfigError if invalid)."""
        with self._lock:
            params = self._params
            if eve_fraction is not None:
                params = dataclasses.replace(params, eve_fraction=eve_fraction)  # validates
            if distance_km is not None:
                params = dataclasses.replace(params, distance_km=distance_km)
            self._params = params
            return params

    def restore(self) -> None:
        """Operator restore: lift a quarantine."""
        with self._lock:
            self._monitor.restore()

    # -- running -----------------------------------------------------------------------------

    def step(self) -> BlockResult | None:
        """Run one block now and fold it in; None when the block had to be discarded."""
        params = self.parameters
        started = self._clock()
        try:
            result = self._run(params, self._rng)
        except KeyAgreementError as error:
            # Verification let unequal keys through (probability epsilon_cor): drop the block.
            _log.warning("block_discarded", detail=error.detail)
            return None
        ended = self._clock()
        observation = BlockObservation(
            qber=result.qber,
            secret_bits=result.secret_bits,
            gain_signal=result.gain_signal,
            gain_decoy=result.gain_decoy,
            y1_lower=result.y1_lower,
        )
        with self._lock:
            before = self._monitor.state
            state = self._monitor.observe(observation)
            if state is LinkState.QUARANTINED:
                if before is not LinkState.QUARANTINED:
                    # Keys distilled while the link may be under attack are not handed out.
                    self._pool.clear()
                produced = 0
            else:
                self._pool.append(result.key)
                produced = result.secret_bits
            # A block occupies its light time, or its post-processing time if that is longer.
            light_s = params.pulses_per_block / params.repetition_rate_hz
            self._window.append((max(ended - started, light_s), produced))
            self._last = result
        return result

    def _loop(self) -> None:
        while not self._stop.is_set():
            params = self.parameters
            started = self._clock()
            try:
                self.step()
            except LightvibesError as error:
                _log.error("link_block_failed", error=error.title, detail=error.detail)
            except Exception:
                _log.exception("link_crashed")
                with self._lock:
                    self._failed = True
                return
            light_s = params.pulses_per_block / params.repetition_rate_hz
            self._stop.wait(max(0.0, light_s - (self._clock() - started)))

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="lightvibes-link", daemon=True)
            self._thread.start()

    @classmethod
    def from_settings(cls, settings: Settings, events: EventSink) -> SimulatedLink:
        """The configured link: LIGHTVIBES_LINK_* physics and monitor policy."""
        try:
            params = dataclasses.replace(
                LinkParameters(),
                repetition_rate_hz=settings.link_repetition_rate_hz,
                pulses_per_block=settings.link_pulses_per_block,
                mu=settings.link_mu,
                nu=settings.link_nu,
                alpha_db_per_km=settings.link_alpha_db_per_km,
                distance_km=settings.link_distance_km,
                detector_efficiency=settings.link_detector_efficiency,
                dark_count_probability=settings.link_dark_count_probability,
                misalignment=settings.link_misalignment,
                eve_fraction=settings.link_eve_fraction,
                epsilon_sec=settings.link_epsilon_sec,
                epsilon_cor=settings.link_epsilon_cor,
            )
        except ConfigError as error:
            raise ConfigError(f"LIGHTVIBES_LINK_*: {error.detail}") from None
        policy = MonitorPolicy(
            qber_threshold=settings.qber_threshold,
            hysteresis=settings.link_qber_hysteresis,
            recover_blocks=settings.link_recover_blocks,
            tamper_qber_jump=settings.link_tamper_qber_jump,
            tamper_gain_ratio_change=settings.link_tamper_gain_ratio_change,
            restore_clean_blocks=settings.link_restore_clean_blocks,
        )
        return cls(
            params,
            monitor=LinkMonitor(policy, events),
            pool=KeyPool(settings.link_pool_max_bits),
            rng=np.random.default_rng(settings.link_seed),
        )

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
