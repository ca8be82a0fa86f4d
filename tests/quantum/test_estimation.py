"""Decoy-state parameter estimation.

* Asymptotic limit: Lim, Curty, Walenta, Xu & Zbinden, Phys. Rev. A 89, 022307 (2014), Eqs. (2)-(4)
  with zero deviations and a true vacuum must equal the vacuum + weak decoy bounds of Ma, Qi,
  Zhao & Lo, Phys. Rev. A 72, 012326 (2005), Sec. IV:
      Y1 >= mu / (mu nu - nu^2) (Q_nu e^nu - Q_mu e^mu nu^2/mu^2 - (mu^2 - nu^2)/mu^2 Y0),
      e1 <= (E_nu Q_nu e^nu - e0 Y0) / (Y1^L nu).
* Finite blocks: the bounds must bracket the model's true Y1 = Y0 + eta and e1 (ibid., Sec. II).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from lightvibes.quantum._estimation import (
    DecoyCounts,
    _expected_count_bounds,
    estimate_decoy_bounds,
)
from lightvibes.quantum._params import Intensity, LinkParameters
from lightvibes.quantum._photonics import (
    BACKGROUND_ERROR_RATE,
    DetectionLog,
    TransmitterLog,
    expected_error_rate,
    expected_gain,
    single_photon_error_rate,
    single_photon_yield,
    transmit,
)


def _observed(alice: TransmitterLog, bob: DetectionLog) -> tuple[DecoyCounts, DecoyCounts]:
    matched = alice.basis_z == bob.basis_z
    key = matched & ~alice.basis_z
    test = matched & alice.basis_z
    wrong = alice.bit != bob.bit
    return (
        DecoyCounts(np.bincount(alice.intensity[key], minlength=3)),
        DecoyCounts(
            np.bincount(alice.intensity[test], minlength=3),
            np.bincount(alice.intensity[test & wrong], minlength=3),
        ),
    )


def _expected_counts(params: LinkParameters, q: float) -> DecoyCounts:
    n = params.pulses_per_block
    detections = [
        n * p * q * expected_gain(params, level)
        for p, level in zip(params.intensity_probabilities, Intensity, strict=True)
    ]
    errors = [
        d * expected_error_rate(params, level)
        for d, level in zip(detections, Intensity, strict=True)
    ]
    return DecoyCounts(np.array(detections), np.array(errors))


@pytest.mark.parametrize("distance_km", [0.0, 50.0, 120.0])
def test_asymptotic_bounds_are_ma_et_al_vacuum_weak_decoy(distance_km: float) -> None:
    params = LinkParameters(distance_km=distance_km, pulses_per_block=10**12)
    q_x = params.basis_x_probability
    bounds = estimate_decoy_bounds(
        params,
        params.pulses_per_block,
        _expected_counts(params, q_x * q_x),
        _expected_counts(params, (1 - q_x) ** 2),
        asymptotic=True,
    )
    mu, nu = params.mu, params.nu
    q_mu = expected_gain(params, Intensity.SIGNAL)
    q_nu = expected_gain(params, Intensity.DECOY)
    e_nu = expected_error_rate(params, Intensity.DECOY)
    y0 = params.dark_count_probability
    y1_ma = (
        mu
        / (mu * nu - nu**2)
        * (q_nu * math.exp(nu) - q_mu * math.exp(mu) * nu**2 / mu**2 - (mu**2 - nu**2) / mu**2 * y0)
    )
    e1_ma = (e_nu * q_nu * math.exp(nu) - BACKGROUND_ERROR_RATE * y0) / (y1_ma * nu)
    assert bounds.single_photon_yield == pytest.approx(y1_ma, rel=1e-9)
    assert bounds.single_photon_error_rate == pytest.approx(e1_ma, rel=1e-9)
    assert bounds.phase_error_rate == bounds.single_photon_error_rate
    # Ma et al.: vacuum + weak decoy is close to the infinite-decoy truth.
    assert y1_ma <= single_photon_yield(params)
    assert y1_ma == pytest.approx(single_photon_yield(params), rel=0.05)


@pytest.mark.parametrize(
    ("distance_km", "eve_fraction", "seed"),
    [(0.0, 0.0, 1), (25.0, 0.0, 2), (25.0, 0.3, 3), (60.0, 0.0, 4), (60.0, 0.1, 5)],
)
def test_finite_bounds_bracket_the_true_single_photon_parameters(
    distance_km: float, eve_fraction: float, seed: int
) -> None:
    params = LinkParameters(
        distance_km=distance_km, eve_fraction=eve_fraction, pulses_per_block=300_000_000
    )
    alice, bob = transmit(params, np.random.default_rng(seed))
    key, test = _observed(alice, bob)
    bounds = estimate_decoy_bounds(params, int(alice.pulses.sum()), key, test)
    assert 0.0 < bounds.single_photon_yield <= single_photon_yield(params)
    assert single_photon_error_rate(params) <= bounds.single_photon_error_rate <= 0.5
    assert bounds.single_photon_error_rate <= bounds.phase_error_rate <= 0.5
    assert bounds.single_photon_yield > 0.8 * single_photon_yield(params)


def test_finite_bounds_are_informative_for_a_default_block() -> None:
    params = LinkParameters()
    alice, bob = transmit(params, np.random.default_rng(9))
    key, test = _observed(alice, bob)
    bounds = estimate_decoy_bounds(params, int(alice.pulses.sum()), key, test)
    assert bounds.single_photon_yield > 0.9 * single_photon_yield(params)
    assert bounds.single_photon_error_rate < 2.0 * single_photon_error_rate(params)
    assert bounds.phase_error_rate < 0.11  # below the Shor-Preskill threshold: key is possible


def test_bounds_tighten_towards_the_asymptotic_values_as_blocks_grow() -> None:
    widths = []
    for pulses in (10**8, 10**9, 10**10):
        params = LinkParameters(pulses_per_block=pulses)
        q_x = params.basis_x_probability
        key = _expected_counts(params, q_x * q_x)
        test = _expected_counts(params, (1 - q_x) ** 2)
        finite = estimate_decoy_bounds(params, pulses, key, test)
        limit = estimate_decoy_bounds(params, pulses, key, test, asymptotic=True)
        assert finite.single_photon_events <= limit.single_photon_events
        assert finite.phase_error_rate >= limit.phase_error_rate
        widths.append(finite.phase_error_rate - limit.phase_error_rate)
    assert widths[0] > widths[1] > widths[2] > 0


def test_chernoff_interval_covers_the_expectation() -> None:
    # Each side fails with probability at most epsilon; check the coverage empirically.
    rng = np.random.default_rng(7)
    epsilon = 0.05
    for mean in (3.0, 40.0, 5000.0):
        draws = rng.poisson(mean, size=4000)
        lower, upper = _expected_count_bounds(draws, epsilon, asymptotic=False)
        misses = np.count_nonzero((lower > mean) | (upper < mean))
        assert misses / draws.size <= 2 * epsilon
        assert np.all(lower <= draws) and np.all(draws <= upper)


def test_an_eavesdropper_raises_the_single_photon_error_bound() -> None:
    honest = LinkParameters(pulses_per_block=300_000_000)
    attacked = replace(honest, eve_fraction=0.5)
    rng = np.random.default_rng(8)
    e1 = []
    for params in (honest, attacked):
        alice, bob = transmit(params, rng)
        key, test = _observed(alice, bob)
        e1.append(
            estimate_decoy_bounds(params, int(alice.pulses.sum()), key, test).phase_error_rate
        )
    assert e1[1] > e1[0] + 0.08
