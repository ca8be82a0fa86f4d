"""Parameter estimation: decoy-state bounds on the vacuum and single-photon contributions.

The finite-size bounds are Eqs. (2)-(5) of Lim, Curty, Walenta, Xu & Zbinden, "Concise security
bounds for practical decoy-state quantum key distribution", Phys. Rev. A 89, 022307 (2014): each
observed count n_{B,k} is widened into a confidence interval for its expectation before it
enters the decoy equations (Chernoff rather than Lim's Hoeffding, see
:func:`_expected_count_bounds`). With the deviations set to zero (``asymptotic=True``) and a true
vacuum (mu_3 = 0) the same expressions reduce to the vacuum + weak decoy bounds Y_1^{L,nu,0} and
e_1^{U,nu,0} of Ma, Qi, Zhao & Lo, Phys. Rev. A 72, 012326 (2005), Sec. IV (tested).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lightvibes.quantum._params import Intensity, LinkParameters

__all__ = ["DecoyBounds", "DecoyCounts", "estimate_decoy_bounds", "phase_error_deviation"]

# Lim et al. split eps_sec into 21 equal parts (their Eq. (B4) with every term set to eps).
_EPSILON_SHARES = 21


@dataclass(frozen=True, slots=True)
class DecoyCounts:
    """Observed statistics of one basis: detections n_{B,k} and, if known, errors m_{B,k}."""

    detections: npt.NDArray[np.int64]  # indexed by Intensity
    errors: npt.NDArray[np.int64] | None = None

    @property
    def total(self) -> int:
        return int(self.detections.sum())


@dataclass(frozen=True, slots=True)
class DecoyBounds:
    """What parameter estimation concludes about the key (X) and test (Z) bases."""

    vacuum_events: float  # s_{X,0} lower bound
    single_photon_events: float  # s_{X,1} lower bound
    test_single_photon_events: float  # s_{Z,1} lower bound
    test_single_photon_errors: float  # v_{Z,1} upper bound
    single_photon_yield: float  # Y_1 lower bound (per single-photon pulse, key basis)
    single_photon_error_rate: float  # e_1 upper bound = v_{Z,1} / s_{Z,1}
    phase_error_rate: float  # phi_X upper bound, Lim et al. Eq. (5)


def _photon_number_probability(params: LinkParameters, n: int) -> float:
    """tau_n = sum_k p_k e^{-k} k^n / n!: probability that Alice sends an n-photon state."""
    return sum(
        p * math.exp(-k) * k**n / math.factorial(n)
        for k, p in zip(params.intensities, params.intensity_probabilities, strict=True)
    )


def _expected_count_bounds(
    counts: npt.NDArray[np.int64], epsilon: float, asymptotic: bool
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Confidence interval for n*_{B,k}, the expected count behind each observed n_{B,k}.

    Lim et al. (Eq. (A1)) use Hoeffding's deviation sqrt(n_B/2 ln(1/eps)), the same for every
    intensity; for the rarely detected vacuum and decoy that is wider than the counts themselves.
    We keep their argument (n_{B,k} is a sum of independent Bernoulli trials with mean n*_{B,k})
    and invert the multiplicative Chernoff tails instead, as Curty et al., Nat. Commun. 5, 3732
    (2014) and Zhang, Zhao, Razavi & Ma, Phys. Rev. A 95, 012333 (2017) do:
    P(n >= n* + t) <= exp(-t^2 / (2 n* + t)) and P(n <= n* - t) <= exp(-t^2 / (2 n*)), so with
    probability 1 - 2 eps, for L = ln(1/eps),
        n + L/2 - sqrt(2 L n + L^2/4) <= n* <= n + L + sqrt(2 L n + L^2).
    """
    n = counts.astype(np.float64)
    if asymptotic:
        return n, n
    log_term = math.log(1.0 / epsilon)
    lower = n + log_term / 2.0 - np.sqrt(2.0 * log_term * n + log_term**2 / 4.0)
    upper = n + log_term + np.sqrt(2.0 * log_term * n + log_term**2)
    return np.maximum(lower, 0.0), upper


def _widened(
    params: LinkParameters, counts: npt.NDArray[np.int64], asymptotic: bool
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(n^-_{B,k}, n^+_{B,k}) = (e^k / p_k) x bounds on n*_{B,k} (Lim et al. Eqs. (2), (4))."""
    lower, upper = _expected_count_bounds(counts, params.epsilon_sec / _EPSILON_SHARES, asymptotic)
    scale = np.exp(np.array(params.intensities)) / np.array(params.intensity_probabilities)
    return scale * lower, scale * upper


def _vacuum_events(
    params: LinkParameters, counts: DecoyCounts, asymptotic: bool
) -> tuple[float, npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Lim et al. Eq. (2): s_{B,0} >= tau_0 (mu_2 n^-_{mu_3} - mu_3 n^+_{mu_2}) / (mu_2 - mu_3)."""
    _, nu, vac = params.intensities
    lower, upper = _widened(params, counts.detections, asymptotic)
    tau0 = _photon_number_probability(params, 0)
    s0 = tau0 * (nu * lower[Intensity.VACUUM] - vac * upper[Intensity.DECOY]) / (nu - vac)
    return max(0.0, s0), upper, lower


def _single_photon_events(params: LinkParameters, counts: DecoyCounts, asymptotic: bool) -> float:
    """Lim et al. Eq. (3): lower bound on s_{B,1}, the detections caused by single photons."""
    mu, nu, vac = params.intensities
    s0, upper, lower = _vacuum_events(params, counts, asymptotic)
    tau0 = _photon_number_probability(params, 0)
    tau1 = _photon_number_probability(params, 1)
    bracket = (
        lower[Intensity.DECOY]
        - upper[Intensity.VACUUM]
        - (nu**2 - vac**2) / mu**2 * (upper[Intensity.SIGNAL] - s0 / tau0)
    )
    s1 = tau1 * mu * bracket / (mu * (nu - vac) - nu**2 + vac**2)
    return float(max(0.0, s1))


def _single_photon_errors(params: LinkParameters, counts: DecoyCounts, asymptotic: bool) -> float:
    """Lim et al. Eq. (4): v_{Z,1} <= tau_1 (m^+_{mu_2} - m^-_{mu_3}) / (mu_2 - mu_3)."""
    assert counts.errors is not None
    _, nu, vac = params.intensities
    lower, upper = _widened(params, counts.errors, asymptotic)
    tau1 = _photon_number_probability(params, 1)
    return float(max(0.0, tau1 * (upper[Intensity.DECOY] - lower[Intensity.VACUUM]) / (nu - vac)))


def phase_error_deviation(
    epsilon: float, error_rate: float, test_events: float, key_events: float
) -> float:
    """gamma(a, b, c, d) of Lim et al. Eq. (5): sampling penalty from Z bit to X phase errors.

    Sampling without replacement (Fung, Ma & Chau, Phys. Rev. A 81, 012318 (2010)), with
    a = eps_sec (the 21 shares are inside), b = v_{Z,1}/s_{Z,1}, c = s_{Z,1}, d = s_{X,1}.
    """
    c, d = test_events, key_events
    b = min(max(error_rate, 1e-15), 0.5)
    ratio = (c + d) / (c * d * (1.0 - b) * b) * (_EPSILON_SHARES / epsilon) ** 2
    return math.sqrt((c + d) * (1.0 - b) * b / (c * d * math.log(2.0)) * math.log2(ratio))


def estimate_decoy_bounds(
    params: LinkParameters,
    pulses: int,
    key_basis: DecoyCounts,
    test_basis: DecoyCounts,
    *,
    asymptotic: bool = False,
) -> DecoyBounds:
    """Bound s_{X,0}, s_{X,1} and phi_X from the announced per-intensity statistics.

    ``key_basis`` holds X-basis detections (errors unknown before error correction);
    ``test_basis`` holds Z-basis detections and errors, all of them announced.
    """
    s_x0, _, _ = _vacuum_events(params, key_basis, asymptotic)
    s_x1 = _single_photon_events(params, key_basis, asymptotic)
    s_z1 = _single_photon_events(params, test_basis, asymptotic)
    v_z1 = _single_photon_errors(params, test_basis, asymptotic)

    e1 = min(0.5, v_z1 / s_z1) if s_z1 > 0.0 else 0.5
    if asymptotic or s_z1 <= 0.0 or s_x1 <= 0.0:
        phase = e1
    else:
        phase = min(0.5, e1 + phase_error_deviation(params.epsilon_sec, e1, s_z1, s_x1))

    # Expected X-matched single-photon pulses: N tau_1 q_x^2 (bases are chosen independently).
    q_x = params.basis_x_probability
    single_photon_pulses = pulses * _photon_number_probability(params, 1) * q_x * q_x
    y1 = s_x1 / single_photon_pulses if single_photon_pulses > 0 else 0.0
    return DecoyBounds(
        vacuum_events=s_x0,
        single_photon_events=s_x1,
        test_single_photon_events=s_z1,
        test_single_photon_errors=v_z1,
        single_photon_yield=y1,
        single_photon_error_rate=e1,
        phase_error_rate=phase,
    )
