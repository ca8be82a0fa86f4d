"""One block of the link: simulated photonics, then the real post-processing between two ends.

:func:`run_block` is the orchestrator of the embedded deployment, where both ends live in one
process. It splits the injected generator into three independent streams (photonics, Alice,
Bob), lets Bob drive the protocol through a fresh :class:`ClassicalChannel`, and, as a last
guard, checks that both ends hold the same final key before handing Alice's to the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lightvibes.errors import KeyAgreementError
from lightvibes.quantum._cascade import CascadeParams
from lightvibes.quantum._classical import ClassicalChannel, Role
from lightvibes.quantum._endpoints import AliceEnd, BobEnd, BobOutcome
from lightvibes.quantum._keyrate import plob_bound, theory_key_rate
from lightvibes.quantum._params import Intensity, LinkParameters
from lightvibes.quantum._photonics import transmit

__all__ = ["POINT_FIELDS", "BlockResult", "agreed_final_key", "run_block"]

# The per-point fields of `lightvibes simulate --json`, in this order (issue #3).
POINT_FIELDS = (
    "distance_km",
    "pulses",
    "detections",
    "sifted_bits",
    "qber",
    "qber_estimate",
    "gain_signal",
    "error_rate_signal",
    "y1_lower",
    "e1_upper",
    "leaked_bits",
    "ec_efficiency",
    "secret_bits",
    "secret_key_rate_per_pulse",
    "bound_key_rate_per_pulse",
    "plob_bound_per_pulse",
)


@dataclass(frozen=True, slots=True)
class BlockResult:
    """One block's final key (Alice's copy, empty if the block yields none) and its statistics.

    ``qber`` is the error rate of the sifted key as verified error correction measured it (the
    test-basis estimate when the block stopped before, or verification failed). Gains and
    error rates are per intensity; error rates come from the announced test basis.
    """

    key: npt.NDArray[np.bool_]
    asymptotic: bool
    distance_km: float
    pulses: int
    detections: int
    sifted_bits: int
    test_bits: int
    qber: float
    qber_estimate: float
    gain_signal: float
    gain_decoy: float
    gain_vacuum: float
    error_rate_signal: float | None
    error_rate_decoy: float | None
    error_rate_vacuum: float | None
    y1_lower: float
    e1_upper: float
    phase_error_upper: float
    leaked_bits: int
    ec_efficiency: float | None
    verified: bool
    secret_bits: int
    secret_key_rate_per_pulse: float
    bound_key_rate_per_pulse: float
    plob_bound_per_pulse: float
    cascade_passes: int
    messages: int
    wire_bits: int
    aborted: str | None

    @property
    def secret_fraction(self) -> float:
        """Secret bits per sifted bit."""
        return self.secret_bits / self.sifted_bits if self.sifted_bits else 0.0

    def to_point(self) -> dict[str, float | int | None]:
        """The fields of one ``simulate --json`` point."""
        return {name: getattr(self, name) for name in POINT_FIELDS}


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _result(
    params: LinkParameters,
    outcome: BobOutcome,
    key: npt.NDArray[np.bool_],
    channel: ClassicalChannel,
    asymptotic: bool,
) -> BlockResult:
    pulses = outcome.pulses
    test = outcome.test_basis
    assert test.errors is not None
    sifted = outcome.key_basis.total
    bounds = outcome.bounds
    if outcome.verified and outcome.corrected_errors is not None and sifted:
        qber = outcome.corrected_errors / sifted
    else:
        qber = outcome.qber_estimate
    total_pulses = int(pulses.sum())
    gains = [float(outcome.detections[k] / pulses[k]) if pulses[k] else 0.0 for k in Intensity]
    errors = [_ratio(int(test.errors[k]), int(test.detections[k])) for k in Intensity]
    return BlockResult(
        key=key,
        asymptotic=asymptotic,
        distance_km=params.distance_km,
        pulses=total_pulses,
        detections=int(outcome.detections.sum()),
        sifted_bits=sifted,
        test_bits=test.total,
        qber=qber,
        qber_estimate=outcome.qber_estimate,
        gain_signal=gains[Intensity.SIGNAL],
        gain_decoy=gains[Intensity.DECOY],
        gain_vacuum=gains[Intensity.VACUUM],
        error_rate_signal=errors[Intensity.SIGNAL],
        error_rate_decoy=errors[Intensity.DECOY],
        error_rate_vacuum=errors[Intensity.VACUUM],
        # Without statistics only the trivial bounds hold: Y1 >= 0, e1 <= 1/2.
        y1_lower=0.0 if bounds is None else bounds.single_photon_yield,
        e1_upper=0.5 if bounds is None else bounds.single_photon_error_rate,
        phase_error_upper=0.5 if bounds is None else bounds.phase_error_rate,
        leaked_bits=channel.stats.disclosed_bits,
        ec_efficiency=outcome.ec_efficiency,
        verified=outcome.verified,
        secret_bits=int(key.size),
        secret_key_rate_per_pulse=key.size / total_pulses if total_pulses else 0.0,
        bound_key_rate_per_pulse=theory_key_rate(params, params.distance_km),
        plob_bound_per_pulse=plob_bound(params.transmittance),
        cascade_passes=outcome.cascade_passes,
        messages=channel.stats.messages,
        wire_bits=channel.stats.wire_bits,
        aborted=outcome.aborted,
    )


def run_block(
    params: LinkParameters,
    rng: np.random.Generator,
    *,
    asymptotic: bool = False,
    cascade: CascadeParams | None = None,
) -> BlockResult:
    """Send one block of pulses and distil it into a final key.

    ``asymptotic`` selects the asymptotic decoy-state bound for the key length instead of the
    finite-key bound. Raises :class:`KeyAgreementError` if the two ends' final keys differ
    (verification makes that a probability-``epsilon_cor`` event); unequal keys are never
    returned.
    """
    physics_rng, alice_rng, bob_rng = rng.spawn(3)
    alice_log, bob_log = transmit(params, physics_rng)
    channel = ClassicalChannel()
    alice = AliceEnd(alice_log, alice_rng)
    bob = BobEnd(params, bob_log, bob_rng, asymptotic=asymptotic, cascade=cascade)
    channel.attach(Role.ALICE, alice)
    channel.attach(Role.BOB, bob)
    outcome = bob.run(channel)
    key = agreed_final_key(alice.final_key, outcome.key)
    return _result(params, outcome, key, channel, asymptotic)


def agreed_final_key(
    alice_key: npt.NDArray[np.bool_] | None, bob_key: npt.NDArray[np.bool_] | None
) -> npt.NDArray[np.bool_]:
    """The block's final key if both ends agree on it (empty if neither has one).

    Raises :class:`KeyAgreementError` otherwise; the message never contains key material.
    """
    if alice_key is None and bob_key is None:
        return np.zeros(0, dtype=np.bool_)
    if alice_key is None or bob_key is None:
        raise KeyAgreementError("only one end of the link produced a final key for this block")
    if not np.array_equal(alice_key, bob_key):
        raise KeyAgreementError(
            "the two ends of the link derived different final keys; the block is discarded"
        )
    return alice_key
