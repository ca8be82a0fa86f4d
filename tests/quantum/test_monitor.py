"""The link monitor: degrade with hysteresis, quarantine on tamper signs, restore."""

from __future__ import annotations

import pytest

from lightvibes.errors import ConfigError
from lightvibes.quantum._link import LinkState
from lightvibes.quantum._monitor import (
    BlockObservation,
    LinkMonitor,
    LinkTransition,
    MonitorPolicy,
)


class RecordingSink:
    def __init__(self) -> None:
        self.transitions: list[LinkTransition] = []

    def emit(self, transition: LinkTransition) -> None:
        self.transitions.append(transition)

    @property
    def kinds(self) -> list[str]:
        return [t.kind for t in self.transitions]


def block(qber: float = 0.03, secret_bits: int = 1000, ratio: float = 0.2) -> BlockObservation:
    return BlockObservation(
        qber=qber, secret_bits=secret_bits, gain_signal=1e-2, gain_decoy=ratio * 1e-2, y1_lower=0.01
    )


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


def monitor(sink: RecordingSink, **policy: float) -> LinkMonitor:
    return LinkMonitor(MonitorPolicy(**policy), sink)  # type: ignore[arg-type]


def test_starts_degraded_and_becomes_healthy_after_good_blocks(sink: RecordingSink) -> None:
    link = monitor(sink, recover_blocks=2)
    assert link.state is LinkState.DEGRADED
    assert link.observe(block()) is LinkState.DEGRADED
    assert link.observe(block()) is LinkState.HEALTHY
    assert sink.kinds == ["link.healthy"]
    assert sink.transitions[0].from_state is LinkState.DEGRADED


def test_qber_above_threshold_degrades_and_hysteresis_stops_flapping(sink: RecordingSink) -> None:
    link = monitor(sink, qber_threshold=0.08, hysteresis=0.01, tamper_qber_jump=0.2)
    for _ in range(2):
        link.observe(block(qber=0.07))
    assert link.state is LinkState.HEALTHY
    assert link.observe(block(qber=0.081)) is LinkState.DEGRADED
    # Hovering just under the threshold is not enough to come back...
    for qber in (0.079, 0.075, 0.078, 0.0715):
        assert link.observe(block(qber=qber)) is LinkState.DEGRADED
    # ...two blocks at or below threshold - hysteresis are.
    link.observe(block(qber=0.065))
    assert link.observe(block(qber=0.066)) is LinkState.HEALTHY
    assert sink.kinds == ["link.healthy", "link.degraded", "link.healthy"]
    assert "above threshold" in sink.transitions[1].cause


def test_zero_secret_key_degrades(sink: RecordingSink) -> None:
    link = monitor(sink)
    link.observe(block())
    link.observe(block())
    assert link.observe(block(secret_bits=0)) is LinkState.DEGRADED
    assert sink.transitions[-1].cause == "no secret key produced"


def test_qber_jump_quarantines_until_a_clean_run(sink: RecordingSink) -> None:
    link = monitor(sink, tamper_qber_jump=0.025, restore_clean_blocks=3)
    for _ in range(4):
        link.observe(block(qber=0.03))
    assert link.observe(block(qber=0.06)) is LinkState.QUARANTINED
    assert "QBER jumped" in sink.transitions[-1].cause
    # Still attacked: stays quarantined, even below the degrade threshold.
    assert link.observe(block(qber=0.065)) is LinkState.QUARANTINED
    for _ in range(2):
        assert link.observe(block(qber=0.03)) is LinkState.QUARANTINED
    assert link.observe(block(qber=0.03)) is LinkState.DEGRADED  # third clean block
    assert sink.kinds[-2:] == ["link.quarantined", "link.restored"]
    link.observe(block(qber=0.03))
    assert link.observe(block(qber=0.03)) is LinkState.HEALTHY


def test_operator_restore_lifts_the_quarantine(sink: RecordingSink) -> None:
    link = monitor(sink, restore_clean_blocks=0)
    link.observe(block(qber=0.02))
    link.observe(block(qber=0.02))
    link.observe(block(qber=0.2))
    assert link.state is LinkState.QUARANTINED
    for _ in range(20):  # automatic restore is off
        link.observe(block(qber=0.02))
    assert link.state is LinkState.QUARANTINED
    link.restore()
    assert link.state is LinkState.DEGRADED
    assert sink.transitions[-1].cause == "restored by an operator"
    link.observe(block(qber=0.02))
    assert link.observe(block(qber=0.02)) is LinkState.HEALTHY


def test_restore_of_an_unquarantined_link_changes_nothing(sink: RecordingSink) -> None:
    link = monitor(sink)
    link.restore()
    assert link.state is LinkState.DEGRADED
    assert sink.transitions == []


@pytest.mark.parametrize(
    ("observation", "cause"),
    [
        (block(ratio=0.3), "gain ratio"),
        (
            BlockObservation(
                qber=0.03, secret_bits=1, gain_signal=1e-2, gain_decoy=2e-3, y1_lower=0
            ),
            "collapsed",
        ),
    ],
)
def test_contradicting_decoy_statistics_quarantine(
    sink: RecordingSink, observation: BlockObservation, cause: str
) -> None:
    link = monitor(sink)
    for _ in range(3):
        link.observe(block(ratio=0.2))
    assert link.observe(observation) is LinkState.QUARANTINED
    assert cause in sink.transitions[-1].cause


def test_bad_policy_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        MonitorPolicy(qber_threshold=0.05, hysteresis=0.05)
    with pytest.raises(ConfigError):
        MonitorPolicy(recover_blocks=0)
