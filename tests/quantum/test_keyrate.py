"""Key-rate bounds against published numbers.

* Lo, Ma & Chen, Phys. Rev. Lett. 94, 230504 (2005) and Ma, Qi, Zhao & Lo, Phys. Rev. A 72,
  012326 (2005): with the GYS parameters (alpha = 0.21 dB/km, eta_Bob = 4.5 %, Y0 = 1.7e-6,
  e_d = 3.3 %, f = 1.22, q = 1/2) the infinite-decoy GLLP rate stays positive to a little over
  140 km ("maximum secure transmission distance of over 140 km", X. Ma, arXiv:quant-ph/0503057),
  with the optimal signal intensity near mu = 0.48.
* Shor & Preskill, Phys. Rev. Lett. 85, 441 (2000): BB84 with one-way post-processing gives
  1 - 2 h(e) > 0 only below e = 11.0 %.
* Pirandola, Laurenza, Ottaviani & Banchi, Nat. Commun. 8, 15043 (2017): no rate above
  -log2(1 - eta) per pulse.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from lightvibes.quantum._cascade import binary_entropy
from lightvibes.quantum._estimation import DecoyBounds
from lightvibes.quantum._keyrate import (
    gllp_key_rate,
    plob_bound,
    secret_key_length,
    theory_key_rate,
)
from lightvibes.quantum._params import Intensity, LinkParameters
from lightvibes.quantum._photonics import (
    expected_error_rate,
    expected_gain,
    single_photon_error_rate,
    single_photon_yield,
)

GYS = LinkParameters(
    alpha_db_per_km=0.21,
    detector_efficiency=0.045,
    dark_count_probability=1.7e-6,
    misalignment=0.033,
    ec_efficiency=1.22,
)
MUS = np.linspace(0.05, 1.0, 96)


def _lmc_rate(distance_km: float, mu: float) -> float:
    """Lo-Ma-Chen infinite-decoy rate: signal states only, symmetric BB84 (q = 1/2)."""
    params = replace(GYS, distance_km=distance_km, mu=mu, nu=mu / 5)
    return gllp_key_rate(
        sifting=0.5,
        single_photon_gain=single_photon_yield(params) * mu * math.exp(-mu),
        single_photon_error_rate=single_photon_error_rate(params),
        gain=expected_gain(params, Intensity.SIGNAL),
        qber=expected_error_rate(params, Intensity.SIGNAL),
        ec_efficiency=params.ec_efficiency,
    )


def _best_rate(distance_km: float) -> float:
    return max(_lmc_rate(distance_km, float(mu)) for mu in MUS)


def test_gys_infinite_decoy_reaches_a_little_over_140_km() -> None:
    assert _best_rate(140.0) > 0.0
    assert _best_rate(145.0) <= 0.0


def test_gys_optimal_signal_intensity_is_about_half_a_photon() -> None:
    for distance_km in (0.0, 50.0, 100.0):
        rates = [_lmc_rate(distance_km, float(mu)) for mu in MUS]
        assert 0.44 <= MUS[int(np.argmax(rates))] <= 0.52


def test_shor_preskill_threshold_is_eleven_percent() -> None:
    assert 1 - 2 * binary_entropy(0.109) > 0.0
    assert 1 - 2 * binary_entropy(0.111) < 0.0


@pytest.mark.parametrize(("misalignment", "positive"), [(0.10, True), (0.112, False), (0.2, False)])
def test_no_asymptotic_key_above_the_shor_preskill_threshold(
    misalignment: float, positive: bool
) -> None:
    # Nearly single photons, no dark counts and Shannon-limit error correction: the protocol's
    # rate becomes q^2 Q (1 - 2 h(e)) and must vanish exactly above 11 %.
    params = replace(
        LinkParameters(),
        mu=0.02,
        nu=0.01,
        dark_count_probability=0.0,
        misalignment=misalignment,
        ec_efficiency=1.0,
    )
    assert (theory_key_rate(params, 10.0) > 0.0) is positive


@pytest.mark.parametrize(
    "params",
    [
        LinkParameters(),
        GYS,
        replace(
            GYS,
            mu=1.0,
            nu=0.3,
            basis_x_probability=0.99,
            signal_probability=0.9,
            decoy_probability=0.05,
        ),
        replace(GYS, detector_efficiency=1.0, dark_count_probability=0.0, misalignment=0.0),
    ],
)
def test_rate_never_exceeds_the_plob_bound(params: LinkParameters) -> None:
    for distance_km in range(0, 201):
        eta = replace(params, distance_km=float(distance_km)).transmittance
        assert 0.0 <= theory_key_rate(params, float(distance_km)) <= plob_bound(eta)


def test_default_link_has_key_at_25_km_and_none_at_200_km() -> None:
    params = LinkParameters()
    assert theory_key_rate(params, 25.0) > 1e-4
    assert theory_key_rate(params, 200.0) == 0.0


def _bounds(phase_error: float) -> DecoyBounds:
    return DecoyBounds(
        vacuum_events=1_000.0,
        single_photon_events=500_000.0,
        test_single_photon_events=60_000.0,
        test_single_photon_errors=60_000.0 * phase_error,
        single_photon_yield=0.01,
        single_photon_error_rate=phase_error,
        phase_error_rate=phase_error,
    )


def test_finite_key_length_pays_for_leakage_and_epsilons() -> None:
    params = LinkParameters()
    bounds = _bounds(0.04)
    asymptotic = secret_key_length(
        params, bounds, ec_leaked_bits=150_000, verification_bits=50, asymptotic=True
    )
    finite = secret_key_length(params, bounds, ec_leaked_bits=150_000, verification_bits=50)
    expected = 1_000 + 500_000 * (1 - binary_entropy(0.04)) - 150_000
    assert asymptotic == math.floor(expected)
    # Lim et al. Eq. (1): 6 log2(21/eps_sec) + log2(2/eps_cor).
    penalty = 6 * math.log2(21 / params.epsilon_sec) + math.log2(2 / params.epsilon_cor)
    assert finite == math.floor(expected - penalty)
    more_leak = secret_key_length(params, bounds, ec_leaked_bits=150_100, verification_bits=50)
    assert more_leak == finite - 100
    assert secret_key_length(params, bounds, ec_leaked_bits=10**6, verification_bits=50) == 0
    assert secret_key_length(params, _bounds(0.2), ec_leaked_bits=0, verification_bits=50) < (
        secret_key_length(params, _bounds(0.05), ec_leaked_bits=0, verification_bits=50)
    )


def test_plob_bound_is_minus_log2_of_the_loss() -> None:
    assert plob_bound(0.5) == pytest.approx(1.0)
    assert plob_bound(1e-3) == pytest.approx(1e-3 / math.log(2), rel=1e-3)
