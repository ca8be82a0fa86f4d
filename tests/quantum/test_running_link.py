"""The running link: blocks feed the pool and the monitor; drills move QBER as physics says."""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest

from lightvibes.config import Settings
from lightvibes.errors import ConfigError
from lightvibes.quantum import (
    KeyPool,
    LinkMonitor,
    LinkParameters,
    LinkState,
    LinkTransition,
    MonitorPolicy,
    SimulatedLink,
)

# 10^8 pulses at 25 km: about 7 kbit of final key per block in ~0.2 s of CPU.
SMALL = LinkParameters(pulses_per_block=10**8, repetition_rate_hz=1e8)


class Transitions:
    def __init__(self) -> None:
        self.seen: list[LinkTransition] = []

    def emit(self, transition: LinkTransition) -> None:
        self.seen.append(transition)


def make_link(events: Transitions, **policy: float) -> SimulatedLink:
    return SimulatedLink(
        SMALL,
        monitor=LinkMonitor(MonitorPolicy(**policy), events),  # type: ignore[arg-type]
        pool=KeyPool(1 << 20),
        rng=np.random.default_rng(7),
    )


def test_blocks_fill_the_pool_and_make_the_link_healthy() -> None:
    events = Transitions()
    link = make_link(events)
    assert link.health().state is LinkState.DEGRADED  # nothing measured yet
    first = link.step()
    second = link.step()
    assert first is not None and second is not None
    health = link.health()
    assert health.state is LinkState.HEALTHY
    assert health.pool_bits == first.secret_bits + second.secret_bits > 0
    assert health.qber == second.qber
    assert 0.02 < health.qber < 0.05  # e_d = 3.3 % plus dark counts
    assert health.blocks == 2
    # Two blocks of 1 s of light each: the rate is secret bits per wall-clock second.
    assert health.rate_bps == pytest.approx(health.pool_bits / 2.0, rel=0.35)
    assert health.last_block is not None and health.last_block["sifted_bits"] > 0
    key = link.take_key(256)
    assert key is not None and len(key) == 32
    assert link.health().pool_bits == health.pool_bits - 256


def test_eavesdropper_quarantines_empties_the_pool_and_restore_brings_it_back() -> None:
    events = Transitions()
    link = make_link(events, restore_clean_blocks=0)
    link.step()
    link.step()
    assert link.health().state is LinkState.HEALTHY
    before = link.health().qber
    assert before is not None
    link.adjust(eve_fraction=0.4)
    attacked = link.step()
    assert attacked is not None
    # Intercept-resend on a fraction p raises the QBER by about p/4.
    assert attacked.qber - before == pytest.approx(0.4 / 4, abs=0.02)
    health = link.health()
    assert health.state is LinkState.QUARANTINED
    assert health.pool_bits == 0
    assert link.take_key(256) is None
    link.adjust(eve_fraction=0.0)
    link.step()
    assert link.health().state is LinkState.QUARANTINED  # operator restore only
    link.restore()
    link.step()
    link.step()
    assert link.health().state is LinkState.HEALTHY
    assert [t.kind for t in events.seen] == [
        "link.healthy",
        "link.quarantined",
        "link.restored",
        "link.healthy",
    ]


def test_longer_fibre_lowers_the_rate_and_bad_drills_are_refused() -> None:
    link = make_link(Transitions())
    near = link.step()
    link.adjust(distance_km=60.0)
    far = link.step()
    assert near is not None and far is not None
    assert far.detections < near.detections / 5  # 35 km more at 0.21 dB/km is 7.35 dB
    with pytest.raises(ConfigError):
        link.adjust(distance_km=-1.0)
    assert link.parameters.distance_km == 60.0


def test_background_thread_runs_paced_blocks_and_stops() -> None:
    fast = dataclasses.replace(SMALL, repetition_rate_hz=1e9)  # 0.1 s of light per block
    link = SimulatedLink(
        fast,
        monitor=LinkMonitor(MonitorPolicy(), Transitions()),
        pool=KeyPool(1 << 22),
        rng=np.random.default_rng(1),
    )
    link.start()
    try:
        deadline = time.monotonic() + 30
        while link.health().blocks < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert link.health().blocks >= 3
        assert link.health().state is LinkState.HEALTHY
    finally:
        link.stop()
    blocks = link.health().blocks
    time.sleep(0.3)
    assert link.health().blocks == blocks  # stopped


def test_from_settings_maps_every_physical_setting() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        link_distance_km=40.0,
        link_mu=0.6,
        link_nu=0.2,
        link_eve_fraction=0.1,
        link_pulses_per_block=10**7,
        link_seed=3,
    )
    link = SimulatedLink.from_settings(settings, Transitions())
    params = link.parameters
    assert (params.distance_km, params.mu, params.nu, params.eve_fraction) == (40.0, 0.6, 0.2, 0.1)
    assert params.pulses_per_block == 10**7
