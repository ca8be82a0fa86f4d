"""Secret key length and key-rate bounds.

* Finite key: Lim, Curty, Walenta, Xu & Zbinden, Phys. Rev. A 89, 022307 (2014), Eq. (1),
  with the error-correction leakage lambda_EC replaced by the parity bits Cascade actually
  disclosed on the classical channel.
* Asymptotic: the GLLP decoy-state rate of Lo, Ma & Chen, Phys. Rev. Lett. 94, 230504 (2005),
  R = q {Q_1 [1 - h(e_1)] - Q_mu f h(E_mu)}, here in its block form
  l = s_0 + s_1 [1 - h(phi)] - lambda_EC (the vacuum term as in Lim et al. Eq. (1)).
* Repeaterless bound: Pirandola, Laurenza, Ottaviani & Banchi, Nat. Commun. 8, 15043 (2017):
  no point-to-point protocol beats -log2(1 - eta) secret bits per channel use.
"""

from __future__ import annotations

import math
from dataclasses import replace

from lightvibes.quantum._cascade import binary_entropy
from lightvibes.quantum._estimation import DecoyBounds
from lightvibes.quantum._params import Intensity, LinkParameters
from lightvibes.quantum._photonics import (
    expected_error_rate,
    expected_gain,
    single_photon_error_rate,
    single_photon_yield,
)

__all__ = [
    "gllp_key_rate",
    "plob_bound",
    "secret_key_length",
    "theory_key_rate",
]

# Lim et al. Eq. (1): six smoothing/hashing terms of log2(21 / eps_sec) each.
_SECRECY_TERMS = 6
_EPSILON_SHARES = 21


def plob_bound(transmittance: float) -> float:
    """-log2(1 - eta): the PLOB bound on secret bits per pulse over a pure-loss channel."""
    if transmittance >= 1.0:
        return math.inf
    return -math.log2(1.0 - transmittance)


def gllp_key_rate(
    *,
    sifting: float,
    single_photon_gain: float,
    single_photon_error_rate: float,
    gain: float,
    qber: float,
    ec_efficiency: float,
) -> float:
    """Lo, Ma & Chen (2005) Eq. (1): R = q {Q_1 [1 - h(e_1)] - Q_mu f h(E_mu)} per pulse.

    May be negative: then no key can be extracted at these parameters.
    """
    return sifting * (
        single_photon_gain * (1.0 - binary_entropy(single_photon_error_rate))
        - gain * ec_efficiency * binary_entropy(qber)
    )


def secret_key_length(
    params: LinkParameters,
    bounds: DecoyBounds,
    *,
    ec_leaked_bits: float,
    verification_bits: float,
    asymptotic: bool = False,
) -> int:
    """Length of the final key, in bits (0 when the block yields none).

    Finite (Lim et al. Eq. (1)):
        l = floor(s_X0 + s_X1 [1 - h(phi_X)] - lambda_EC - 6 log2(21/eps_sec) - log2(2/eps_cor))
    where the verification term is never less than the tag actually published.
    Asymptotic: l = floor(s_X0 + s_X1 [1 - h(phi_X)] - lambda_EC), with fluctuation-free bounds.
    """
    phi = min(bounds.phase_error_rate, 0.5)
    length = (
        bounds.vacuum_events
        + bounds.single_photon_events * (1.0 - binary_entropy(phi))
        - ec_leaked_bits
    )
    if not asymptotic:
        length -= _SECRECY_TERMS * math.log2(_EPSILON_SHARES / params.epsilon_sec)
        length -= max(verification_bits, math.log2(2.0 / params.epsilon_cor))
    return max(0, math.floor(length))


def theory_key_rate(params: LinkParameters, distance_km: float) -> float:
    """Asymptotic key rate per pulse of this protocol with infinitely many decoys.

    The true Y_0, Y_1 and e_1 of the channel model stand in for their decoy estimates, and
    error correction leaks f h(E) per sifted bit with f = ``params.ec_efficiency``:

        R = q_x^2 [ sum_k p_k (e^{-k} Y_0 + k e^{-k} Y_1 (1 - h(e_1))) - f Q h(E) ],

    with Q and E averaged over intensities since every X-basis click is key (Lim et al. Sec. II).
    Never negative.
    """
    at = replace(params, distance_km=distance_km)
    y0 = at.dark_count_probability
    y1 = single_photon_yield(at)
    e1 = single_photon_error_rate(at)
    private = 0.0
    gain = 0.0
    error_gain = 0.0
    for k, p, level in zip(at.intensities, at.intensity_probabilities, Intensity, strict=True):
        private += p * (math.exp(-k) * y0 + k * math.exp(-k) * y1 * (1.0 - binary_entropy(e1)))
        q_k = expected_gain(at, level)
        gain += p * q_k
        error_gain += p * q_k * expected_error_rate(at, level)
    qber = error_gain / gain if gain > 0 else 0.5
    leak = at.ec_efficiency * gain * binary_entropy(qber)
    q_x = at.basis_x_probability
    return max(0.0, q_x * q_x * (private - leak))
