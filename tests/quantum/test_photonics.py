"""The simulated photonics against the model they sample from.

Gain and error model: Ma, Qi, Zhao & Lo, Phys. Rev. A 72, 012326 (2005), Sec. II,
Q_k = Y0 + 1 - exp(-eta k) and E_k Q_k = e0 Y0 + e_d (1 - exp(-eta k)).
Intercept-resend: an eavesdropper who measures every photon in a random basis and resends it
causes a 25 % error rate on the sifted key (Gisin, Ribordy, Tittel & Zbinden, Rev. Mod. Phys.
74, 145 (2002)); on a fraction p of pulses that is about p/4 on top of the baseline.
"""

from __future__ import annotations

import math
from dataclasses import fields, replace

import numpy as np
import numpy.typing as npt
import pytest

from lightvibes.errors import ConfigError
from lightvibes.quantum._params import Intensity, LinkParameters
from lightvibes.quantum._photonics import (
    DetectionLog,
    TransmitterLog,
    expected_error_rate,
    expected_gain,
    transmit,
)

SIGMAS = 5.0


def _matched(alice: TransmitterLog, bob: DetectionLog, level: Intensity) -> npt.NDArray[np.bool_]:
    return np.asarray((alice.basis_z == bob.basis_z) & (alice.intensity == level))


@pytest.mark.parametrize("distance_km", [0.0, 25.0, 100.0])
def test_detections_follow_the_gain_model(distance_km: float) -> None:
    params = LinkParameters(distance_km=distance_km, pulses_per_block=20_000_000)
    alice, _ = transmit(params, np.random.default_rng(1))
    assert int(alice.pulses.sum()) == params.pulses_per_block
    for level in Intensity:
        sent = int(alice.pulses[level])
        expected_share = params.intensity_probabilities[level]
        spread = math.sqrt(params.pulses_per_block * expected_share * (1 - expected_share))
        assert abs(sent - params.pulses_per_block * expected_share) < SIGMAS * spread
        gain = expected_gain(params, level)
        clicks = int(np.count_nonzero(alice.intensity == level))
        assert abs(clicks - sent * gain) < SIGMAS * math.sqrt(sent * gain * (1 - gain)) + 1


@pytest.mark.parametrize("level", [Intensity.SIGNAL, Intensity.DECOY])
def test_matched_basis_errors_follow_the_error_model(level: Intensity) -> None:
    params = LinkParameters(distance_km=10.0, pulses_per_block=50_000_000)
    alice, bob = transmit(params, np.random.default_rng(2))
    matched = _matched(alice, bob, level)
    n = int(matched.sum())
    errors = int(np.count_nonzero(alice.bit[matched] != bob.bit[matched]))
    e = expected_error_rate(params, level)
    assert abs(errors - n * e) < SIGMAS * math.sqrt(n * e * (1 - e))


def test_vacuum_clicks_are_dark_counts_with_random_bits() -> None:
    params = LinkParameters(dark_count_probability=1e-3, pulses_per_block=5_000_000)
    alice, bob = transmit(params, np.random.default_rng(3))
    matched = _matched(alice, bob, Intensity.VACUUM)
    n = int(matched.sum())
    errors = int(np.count_nonzero(alice.bit[matched] != bob.bit[matched]))
    assert n > 100
    assert abs(errors - n / 2) < SIGMAS * math.sqrt(n / 4)


def test_bases_and_bits_are_unbiased_as_configured() -> None:
    params = LinkParameters(distance_km=0.0, pulses_per_block=20_000_000)
    alice, bob = transmit(params, np.random.default_rng(4))
    n = bob.detections
    q_z = 1 - params.basis_x_probability
    for flags, p in ((alice.basis_z, q_z), (bob.basis_z, q_z), (alice.bit, 0.5), (bob.bit, 0.5)):
        assert abs(int(flags.sum()) - n * p) < SIGMAS * math.sqrt(n * p * (1 - p))


@pytest.mark.parametrize("eve_fraction", [0.2, 0.5, 1.0])
def test_intercept_resend_raises_qber_by_a_quarter_of_the_fraction(eve_fraction: float) -> None:
    honest = LinkParameters(distance_km=25.0, pulses_per_block=30_000_000)
    attacked = replace(honest, eve_fraction=eve_fraction)
    alice, bob = transmit(attacked, np.random.default_rng(5))
    matched = _matched(alice, bob, Intensity.SIGNAL)
    n = int(matched.sum())
    qber = float(np.mean(alice.bit[matched] != bob.bit[matched]))
    baseline = expected_error_rate(honest, Intensity.SIGNAL)
    # Exactly: an undisturbed half keeps misalignment e_d, the other half goes to 1/2, so the
    # rise is p (1/4 - e_d/2) on signal clicks; "p/4" up to that e_d correction.
    exact = baseline + eve_fraction * (0.25 - honest.misalignment / 2) * (
        1 - honest.dark_count_probability / expected_gain(honest, Intensity.SIGNAL)
    )
    sigma = math.sqrt(exact * (1 - exact) / n)
    assert abs(qber - exact) < SIGMAS * sigma
    assert abs(qber - (baseline + eve_fraction / 4)) < eve_fraction * honest.misalignment / 2 + (
        SIGMAS * sigma
    )
    assert expected_error_rate(attacked, Intensity.SIGNAL) == pytest.approx(exact, rel=1e-9)


def test_intercept_resend_leaves_the_gains_unchanged() -> None:
    # Eve resends every intercepted pulse, so the decoy statistics alone cannot reveal her here.
    params = LinkParameters(eve_fraction=1.0)
    for level in Intensity:
        assert expected_gain(params, level) == expected_gain(
            replace(params, eve_fraction=0.0), level
        )


def test_seeded_runs_are_reproducible() -> None:
    params = LinkParameters(pulses_per_block=2_000_000, eve_fraction=0.3)
    first = transmit(params, np.random.default_rng(42))
    second = transmit(params, np.random.default_rng(42))
    other = transmit(params, np.random.default_rng(43))
    for name in (f.name for f in fields(TransmitterLog)):
        assert np.array_equal(getattr(first[0], name), getattr(second[0], name))
    for name in (f.name for f in fields(DetectionLog)):
        assert np.array_equal(getattr(first[1], name), getattr(second[1], name))
    assert not np.array_equal(first[1].bit, other[1].bit)


def test_a_billion_pulse_block_samples_detection_events() -> None:
    params = LinkParameters(pulses_per_block=10**9)
    alice, bob = transmit(params, np.random.default_rng(6))
    assert int(alice.pulses.sum()) == 10**9
    expected = sum(
        p * expected_gain(params, level) * 10**9
        for p, level in zip(params.intensity_probabilities, Intensity, strict=True)
    )
    assert abs(bob.detections - expected) < SIGMAS * math.sqrt(expected)
    assert alice.bit.size == bob.bit.size == bob.detections


@pytest.mark.parametrize(
    "change",
    [
        {"mu": 0.1, "nu": 0.1},
        {"vacuum": 0.2},
        {"signal_probability": 0.7, "decoy_probability": 0.3},
        {"basis_x_probability": 1.0},
        {"misalignment": 0.6},
        {"eve_fraction": -0.1},
        {"distance_km": float("nan")},
        {"pulses_per_block": 0},
    ],
)
def test_unusable_parameters_are_rejected(change: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        LinkParameters(**change)  # type: ignore[arg-type]
