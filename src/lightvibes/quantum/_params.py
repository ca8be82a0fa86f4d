"""The physical and protocol parameters of one simulated decoy-state BB84 link.

Defaults describe a healthy 25 km link built from the GYS experiment (Gobby, Yuan & Shields,
Appl. Phys. Lett. 84, 3762 (2004)) as tabulated by Ma, Qi, Zhao & Lo, Phys. Rev. A 72, 012326
(2005), Table I and used by Lo, Ma & Chen, Phys. Rev. Lett. 94, 230504 (2005): 1550 nm,
alpha = 0.21 dB/km, eta_Bob = 4.5 %, Y0 = 1.7e-6, e_detector = 3.3 %, f(E) = 1.22.

The protocol is the efficient (biased-basis) BB84 with two decoys of Lim, Curty, Walenta, Xu &
Zbinden, Phys. Rev. A 89, 022307 (2014), Sec. II: X is the key basis, chosen with probability
``basis_x_probability`` by both ends; Z is the test basis and is announced in full.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from lightvibes.errors import ConfigError

__all__ = ["Intensity", "LinkParameters"]


class Intensity(enum.IntEnum):
    """Alice's three intensity settings, in the order Lim et al. call mu_1 > mu_2 > mu_3."""

    SIGNAL = 0
    DECOY = 1
    VACUUM = 2


@dataclass(frozen=True, slots=True)
class LinkParameters:
    """Everything that fixes one block's physics and its security parameters."""

    # Source: phase-randomised weak coherent pulses.
    repetition_rate_hz: float = 1e9
    mu: float = 0.5  # signal mean photon number (Lo-Ma-Chen optimum for GYS is about 0.48)
    nu: float = 0.1  # weak decoy mean photon number
    vacuum: float = 0.0  # "vacuum" decoy; Lim et al. allow a small residual (e.g. 2e-4)
    # Intensity and basis probabilities: near the finite-key optimum at 25 km for 10^8 to 10^9
    # pulses per block.
    signal_probability: float = 0.6
    decoy_probability: float = 0.3  # the vacuum takes the rest
    basis_x_probability: float = 0.7  # q_x: efficient BB84, key from X, test on Z
    # Channel: standard telecom fibre.
    alpha_db_per_km: float = 0.21
    distance_km: float = 25.0
    # Receiver: eta_Bob of GYS already includes Bob's optics, hence zero internal loss.
    detector_efficiency: float = 0.045
    bob_loss_db: float = 0.0
    # Y0: probability of a background click per gate, both detectors together (Ma et al.).
    dark_count_probability: float = 1.7e-6
    misalignment: float = 0.033  # e_d: probability a photon hits the wrong detector
    # Eavesdropper: intercept-resend on this fraction of pulses (drills only).
    eve_fraction: float = 0.0
    pulses_per_block: int = 1_000_000_000  # one second of light at 1 GHz
    # Security parameters (Lim et al. Eq. (1)): secrecy and correctness.
    epsilon_sec: float = 1e-10
    epsilon_cor: float = 1e-15
    # Error-correction inefficiency assumed by the theory curve only; the simulation runs Cascade
    # and uses the bits it actually disclosed.
    ec_efficiency: float = 1.22

    def __post_init__(self) -> None:
        checks: list[tuple[bool, str]] = [
            (self.repetition_rate_hz > 0, "repetition_rate_hz must be positive"),
            (0.0 <= self.vacuum < self.nu, "need 0 <= vacuum < nu"),
            # Lim et al. Sec. II require mu_1 > mu_2 + mu_3 for the bound on s_1.
            (self.nu + self.vacuum < self.mu <= 10.0, "need nu + vacuum < mu <= 10"),
            (0.0 < self.signal_probability < 1.0, "signal_probability must be in (0, 1)"),
            (0.0 < self.decoy_probability < 1.0, "decoy_probability must be in (0, 1)"),
            (
                self.signal_probability + self.decoy_probability < 1.0,
                "signal_probability + decoy_probability must leave room for the vacuum",
            ),
            (0.0 < self.basis_x_probability < 1.0, "basis_x_probability must be in (0, 1)"),
            (self.alpha_db_per_km >= 0.0, "alpha_db_per_km must be >= 0"),
            (self.distance_km >= 0.0, "distance_km must be >= 0"),
            (0.0 < self.detector_efficiency <= 1.0, "detector_efficiency must be in (0, 1]"),
            (self.bob_loss_db >= 0.0, "bob_loss_db must be >= 0"),
            (0.0 <= self.dark_count_probability < 1.0, "dark_count_probability must be in [0, 1)"),
            (0.0 <= self.misalignment <= 0.5, "misalignment must be in [0, 0.5]"),
            (0.0 <= self.eve_fraction <= 1.0, "eve_fraction must be in [0, 1]"),
            (self.pulses_per_block >= 1, "pulses_per_block must be >= 1"),
            (0.0 < self.epsilon_sec < 1.0, "epsilon_sec must be in (0, 1)"),
            (0.0 < self.epsilon_cor < 1.0, "epsilon_cor must be in (0, 1)"),
            (self.ec_efficiency >= 1.0, "ec_efficiency must be >= 1"),
        ]
        # NaN fails every comparison above, so only infinities need their own check.
        finite = (self.repetition_rate_hz, self.alpha_db_per_km, self.distance_km, self.bob_loss_db)
        checks.append((all(math.isfinite(v) for v in finite), "parameters must be finite"))
        for ok, message in checks:
            if not ok:
                raise ConfigError(f"invalid link parameters: {message}")

    @property
    def vacuum_probability(self) -> float:
        return 1.0 - self.signal_probability - self.decoy_probability

    @property
    def intensities(self) -> tuple[float, float, float]:
        """Mean photon numbers indexed by :class:`Intensity`."""
        return (self.mu, self.nu, self.vacuum)

    @property
    def intensity_probabilities(self) -> tuple[float, float, float]:
        return (self.signal_probability, self.decoy_probability, self.vacuum_probability)

    @property
    def channel_transmittance(self) -> float:
        """Fibre transmittance 10^(-alpha L / 10)."""
        return float(10.0 ** (-self.alpha_db_per_km * self.distance_km / 10.0))

    @property
    def transmittance(self) -> float:
        """Overall transmittance eta = eta_channel * eta_Bob (Ma et al. Sec. II)."""
        bob = self.detector_efficiency * 10.0 ** (-self.bob_loss_db / 10.0)
        return float(self.channel_transmittance * bob)
