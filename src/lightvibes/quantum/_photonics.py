"""Simulated photonics: source, fibre, detector and an intercept-resend eavesdropper.

This is the only simulated part of the link. It samples *detection events*, not pulses: per
intensity the number of detections is drawn from the gain model of Ma, Qi, Zhao & Lo, Phys. Rev. A
72, 012326 (2005), Sec. II,

    Q_k = Y0 + 1 - exp(-eta k),        E_k Q_k = e0 Y0 + e_d (1 - exp(-eta k)),

and only then are bases, bits and errors drawn for each detection, so a 10^9-pulse block costs
time in proportion to its detections. Everything after this module is the real algorithm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lightvibes.quantum._params import Intensity, LinkParameters

__all__ = [
    "BACKGROUND_ERROR_RATE",
    "DetectionLog",
    "TransmitterLog",
    "expected_error_rate",
    "expected_gain",
    "single_photon_error_rate",
    "single_photon_yield",
    "transmit",
]

# e0: a background click carries no information about Alice's bit (Ma et al. Sec. II).
BACKGROUND_ERROR_RATE = 0.5


@dataclass(frozen=True, slots=True)
class TransmitterLog:
    """Alice's record of the pulses Bob detected (one entry per detection, in time order).

    Alice keeps a record of every pulse; the simulator only materialises the detected ones, since
    the others are discarded as soon as Bob announces his clicks. ``pulses`` counts every pulse
    she sent, per :class:`Intensity`.
    """

    pulses: npt.NDArray[np.int64]
    intensity: npt.NDArray[np.uint8]
    basis_z: npt.NDArray[np.bool_]  # False = X (key basis), True = Z (test basis)
    bit: npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class DetectionLog:
    """Bob's record: for each click, the basis he measured in and the bit he got."""

    basis_z: npt.NDArray[np.bool_]
    bit: npt.NDArray[np.bool_]

    @property
    def detections(self) -> int:
        return int(self.basis_z.size)


def _signal_click_probability(params: LinkParameters, intensity: float) -> float:
    """1 - exp(-eta k): probability that at least one of the pulse's photons is detected."""
    return -math.expm1(-params.transmittance * intensity)


def _intercepted_error_rate(params: LinkParameters) -> float:
    """Error rate of a non-background click, averaged over Eve's intercept-resend.

    On a fraction p of pulses Eve measures in a random basis and resends what she saw. Half the
    time her basis is Alice's and Bob sees only misalignment; otherwise his outcome is random.
    """
    p = params.eve_fraction
    e_d = params.misalignment
    return (1.0 - p) * e_d + p * (0.5 * e_d + 0.5 * BACKGROUND_ERROR_RATE)


def expected_gain(params: LinkParameters, intensity: Intensity) -> float:
    """Q_k, the probability that a pulse of this intensity gives a click."""
    k = params.intensities[intensity]
    return min(1.0, params.dark_count_probability + _signal_click_probability(params, k))


def expected_error_rate(params: LinkParameters, intensity: Intensity) -> float:
    """E_k, the error rate of clicks from this intensity when Alice and Bob bases match."""
    k = params.intensities[intensity]
    y0 = params.dark_count_probability
    signal = _signal_click_probability(params, k)
    gain = expected_gain(params, intensity)
    if gain == 0.0:
        return BACKGROUND_ERROR_RATE
    return (BACKGROUND_ERROR_RATE * y0 + _intercepted_error_rate(params) * signal) / gain


def single_photon_yield(params: LinkParameters) -> float:
    """Y1 = Y0 + eta, the true single-photon yield of the model (Ma et al. Sec. II)."""
    return min(1.0, params.dark_count_probability + params.transmittance)


def single_photon_error_rate(params: LinkParameters) -> float:
    """e1 = (e0 Y0 + e eta) / Y1, the true single-photon error rate of the model."""
    y0 = params.dark_count_probability
    eta = params.transmittance
    return (BACKGROUND_ERROR_RATE * y0 + _intercepted_error_rate(params) * eta) / (y0 + eta)


def _random_bits(rng: np.random.Generator, n: int) -> npt.NDArray[np.bool_]:
    return rng.integers(0, 2, size=n, dtype=np.bool_)


def _uniform(rng: np.random.Generator, n: int) -> npt.NDArray[np.float32]:
    return rng.random(n, dtype=np.float32)


def transmit(
    params: LinkParameters, rng: np.random.Generator
) -> tuple[TransmitterLog, DetectionLog]:
    """Send one block of ``params.pulses_per_block`` pulses and return both ends' records.

    Per-intensity detection counts are multinomial(N, p_k Q_k); the undetected pulses are split
    over intensities in proportion to p_k (1 - Q_k). Together that is exactly the law of first
    drawing N_k ~ multinomial(N, p_k) and then binomial(N_k, Q_k) detections per intensity.
    """
    probabilities = np.array(params.intensity_probabilities)
    gains = np.array([expected_gain(params, k) for k in Intensity])
    detected_weight = probabilities * gains
    total_gain = float(detected_weight.sum())
    n_pulses = params.pulses_per_block

    detections = int(rng.binomial(n_pulses, min(1.0, total_gain)))
    missed_weight = probabilities * (1.0 - gains)
    missed = n_pulses - detections
    if missed > 0 and missed_weight.sum() > 0:
        missed_per_intensity = rng.multinomial(missed, missed_weight / missed_weight.sum())
    else:
        missed_per_intensity = np.zeros(len(Intensity), dtype=np.int64)

    # Intensity of each click, in time order: a categorical draw with P(k | click) ~ p_k Q_k.
    # Single-precision uniforms are four times cheaper and resolve probabilities to 6e-8.
    share = detected_weight / total_gain if total_gain > 0 else np.array([1.0, 0.0, 0.0])
    u = _uniform(rng, detections)
    intensity = (u >= share[0]).astype(np.uint8)
    intensity += u >= share[0] + share[1]
    detected_per_intensity = np.bincount(intensity, minlength=len(Intensity))
    pulses = (detected_per_intensity + missed_per_intensity).astype(np.int64)

    q_z = 1.0 - params.basis_x_probability
    alice_z = _uniform(rng, detections) < q_z
    bob_z = _uniform(rng, detections) < q_z
    alice_bit = _random_bits(rng, detections)
    bob_bit = _random_bits(rng, detections)  # right for mismatched bases; overwritten below

    matched = np.flatnonzero(alice_z == bob_z)
    k_matched = intensity[matched]
    # Which process made each click: a background (dark) count, a photon that went through Eve
    # measuring in the wrong basis, or an undisturbed photon (possibly seen right by Eve).
    background_share = np.array(
        [params.dark_count_probability / g if g > 0 else 1.0 for g in gains.tolist()]
    )
    background = _uniform(rng, matched.size) < background_share[k_matched]
    if params.eve_fraction > 0.0:
        intercepted = ~background & (_uniform(rng, matched.size) < params.eve_fraction)
        eve_basis_z = _random_bits(rng, matched.size)
        wrong_basis_eve = intercepted & (eve_basis_z != alice_z[matched])
    else:
        wrong_basis_eve = np.zeros(matched.size, dtype=np.bool_)
    error_probability = np.where(
        background | wrong_basis_eve, BACKGROUND_ERROR_RATE, params.misalignment
    )
    error = _uniform(rng, matched.size) < error_probability
    bob_bit[matched] = alice_bit[matched] ^ error

    return (
        TransmitterLog(pulses=pulses, intensity=intensity, basis_z=alice_z, bit=alice_bit),
        DetectionLog(basis_z=bob_z, bit=bob_bit),
    )
