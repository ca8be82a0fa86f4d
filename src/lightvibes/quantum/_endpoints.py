"""Alice and Bob: the two ends of the link, each holding only its own detection record.

They share nothing but the :class:`ClassicalChannel`. Bob drives every step and Alice answers,
dispatching each message by topic prefix to the component that owns it:

1. ``sift.*``     basis reconciliation: Bob announces his bases, Alice her bases and intensities.
2. ``estimate.*`` the test (Z) basis is announced in full; its bits never become key, so the
   announcement discloses nothing about the key (Lim et al. 2014, Sec. II, step 4).
3. ``cascade.*``  error correction (:mod:`._cascade`); every parity counts as disclosed.
4. ``verify.*``   universal-hash verification (:mod:`._verify`); the tag counts as disclosed.
5. ``amplify.*``  Bob announces the secret key length; Alice draws a fresh Toeplitz seed,
   hashes her key and sends the seed (public) so Bob can hash his.
6. ``block.*``    Bob abandons the block; Alice discards her key material.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from lightvibes.errors import InvalidRequestError
from lightvibes.quantum._cascade import (
    CascadeAlice,
    CascadeParams,
    binary_entropy,
    cascade_bob,
    reconciliation_efficiency,
)
from lightvibes.quantum._classical import ClassicalChannel, Message, Role
from lightvibes.quantum._estimation import DecoyBounds, DecoyCounts, estimate_decoy_bounds
from lightvibes.quantum._keyrate import secret_key_length
from lightvibes.quantum._params import Intensity, LinkParameters
from lightvibes.quantum._photonics import DetectionLog, TransmitterLog
from lightvibes.quantum._toeplitz import toeplitz_hash, toeplitz_seed_bits
from lightvibes.quantum._verify import VerifyAlice, verify_bob

__all__ = ["AliceEnd", "BobEnd", "BobOutcome"]

TOPIC_SIFT = "sift.bases"  # Bob → Alice: his bases per click; Alice: her bases, intensities, pulses
TOPIC_TEST_BITS = "estimate.test_bits"  # Bob → Alice: his test-basis bits; Alice: hers
TOPIC_AMPLIFY = "amplify.seed"  # Bob → Alice: final key length; Alice: the Toeplitz seed
TOPIC_ABORT = "block.abort"  # Bob → Alice (one way): the block yields no key

BitArray = npt.NDArray[np.bool_]
_INTENSITIES = len(Intensity)


def _bits(message: Message, name: str, size: int) -> BitArray:
    value = message.fields.get(name)
    if not isinstance(value, np.ndarray) or value.dtype != np.bool_ or value.shape != (size,):
        raise InvalidRequestError(f"{message.topic} needs {size} bits in {name!r}")
    return np.asarray(value, dtype=np.bool_)


def _per_intensity(
    values: npt.NDArray[np.integer], mask: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    return np.bincount(values[mask], minlength=_INTENSITIES).astype(np.int64)


class AliceEnd:
    """Alice's end of one block: answers Bob, and ends with her final key (or none)."""

    def __init__(self, log: TransmitterLog, rng: np.random.Generator) -> None:
        self._log = log
        self._rng = rng
        self._key: BitArray | None = None
        self._test: npt.NDArray[np.bool_] | None = None
        self._cascade: CascadeAlice | None = None
        self._verify: VerifyAlice | None = None
        self.final_key: BitArray | None = None

    def on_message(self, message: Message) -> Message | None:
        prefix = message.topic.split(".", 1)[0]
        if prefix == "sift":
            return self._sift(message)
        if prefix == "estimate":
            return self._test_bits(message)
        if prefix == "cascade" and self._cascade is not None:
            return self._cascade.on_message(message)
        if prefix == "verify" and self._verify is not None:
            return self._verify.on_message(message)
        if prefix == "amplify":
            return self._amplify(message)
        if message.topic == TOPIC_ABORT:
            self._discard()
            return None
        raise InvalidRequestError(f"Alice cannot handle {message.topic!r} now")

    def _sift(self, message: Message) -> Message:
        log = self._log
        bob_z = _bits(message, "basis_z", log.basis_z.size)
        matched = bob_z == log.basis_z
        key = matched & ~log.basis_z
        self._key = log.bit[key].copy()
        self._test = matched & log.basis_z
        if self._key.size:  # with nothing sifted Bob abandons the block before Cascade
            self._cascade = CascadeAlice(self._key)
            self._verify = VerifyAlice(self._key)
        return Message(
            TOPIC_SIFT,
            {"basis_z": log.basis_z, "intensity": log.intensity, "pulses": log.pulses},
        )

    def _test_bits(self, message: Message) -> Message:
        if self._test is None:
            raise InvalidRequestError("test bits before sifting")
        test = self._log.bit[self._test]
        _bits(message, "bits", test.size)
        return Message(TOPIC_TEST_BITS, {"bits": test})

    def _amplify(self, message: Message) -> Message:
        output_bits = message.fields.get("output_bits")
        if self._key is None or self._verify is None or self._verify.verified is not True:
            raise InvalidRequestError("privacy amplification needs a verified key")
        if not isinstance(output_bits, int) or not 0 < output_bits <= self._key.size:
            raise InvalidRequestError("amplify.seed needs 0 < output_bits <= key bits")
        seed_bits = toeplitz_seed_bits(self._key.size, output_bits)
        seed = self._rng.integers(0, 2, size=seed_bits, dtype=np.bool_)
        self.final_key = toeplitz_hash(self._key, seed, output_bits)
        self._discard()
        return Message(TOPIC_AMPLIFY, {"seed": seed})

    def _discard(self) -> None:
        self._key = None
        self._test = None
        self._cascade = None
        self._verify = None


@dataclass(frozen=True, slots=True)
class BobOutcome:
    """What Bob learned about the block, and his final key if there is one."""

    pulses: npt.NDArray[np.int64]  # per intensity, as Alice announced
    detections: npt.NDArray[np.int64]  # per intensity, both bases
    key_basis: DecoyCounts
    test_basis: DecoyCounts
    qber_estimate: float  # error rate of the announced test basis
    bounds: DecoyBounds | None = None
    corrected_errors: int | None = None
    ec_leaked_bits: int = 0
    verification_bits: int = 0
    verified: bool = False
    ec_efficiency: float | None = None
    cascade_passes: int = 0
    secret_bits: int = 0
    key: BitArray | None = None
    aborted: str | None = None


class BobEnd:
    """Bob's end of one block: drives the post-processing through the channel."""

    def __init__(
        self,
        params: LinkParameters,
        log: DetectionLog,
        rng: np.random.Generator,
        *,
        asymptotic: bool = False,
        cascade: CascadeParams | None = None,
    ) -> None:
        self._params = params
        self._log = log
        self._rng = rng
        self._asymptotic = asymptotic
        self._cascade = cascade

    def on_message(self, message: Message) -> Message | None:
        # Bob asks, Alice answers: nothing ever arrives unrequested.
        raise InvalidRequestError(f"Bob does not accept {message.topic!r}")

    def run(self, channel: ClassicalChannel) -> BobOutcome:
        """Run one block's post-processing from sifting to privacy amplification."""
        params, log = self._params, self._log
        reply = channel.request(Role.BOB, Message(TOPIC_SIFT, {"basis_z": log.basis_z}))
        alice_z = _bits(reply, "basis_z", log.detections)
        intensity = reply.fields.get("intensity")
        pulses = reply.fields.get("pulses")
        if not (
            isinstance(intensity, np.ndarray)
            and intensity.shape == (log.detections,)
            and np.issubdtype(intensity.dtype, np.integer)
            and (intensity.size == 0 or int(intensity.max()) < _INTENSITIES)
            and isinstance(pulses, np.ndarray)
            and pulses.shape == (_INTENSITIES,)
            and np.issubdtype(pulses.dtype, np.integer)
        ):
            raise InvalidRequestError("Alice's sifting answer is malformed")
        intensity_index = np.asarray(intensity, dtype=np.intp)
        matched = alice_z == log.basis_z
        key_mask = matched & ~log.basis_z
        test_mask = matched & log.basis_z
        sifted_key = log.bit[key_mask]

        reply = channel.request(Role.BOB, Message(TOPIC_TEST_BITS, {"bits": log.bit[test_mask]}))
        alice_test = _bits(reply, "bits", int(test_mask.sum()))
        test_errors = np.zeros(log.detections, dtype=np.bool_)
        test_errors[test_mask] = alice_test != log.bit[test_mask]
        test_basis = DecoyCounts(
            _per_intensity(intensity_index, test_mask), _per_intensity(intensity_index, test_errors)
        )
        outcome = BobOutcome(
            pulses=pulses.astype(np.int64),
            detections=np.bincount(intensity_index, minlength=_INTENSITIES).astype(np.int64),
            key_basis=DecoyCounts(_per_intensity(intensity_index, key_mask)),
            test_basis=test_basis,
            qber_estimate=(
                float(test_errors.sum()) / test_basis.total if test_basis.total else 0.5
            ),
        )
        if sifted_key.size == 0 or test_basis.total == 0:
            return self._abort(channel, outcome, "no sifted key or no test statistics")

        bounds = estimate_decoy_bounds(
            params,
            int(outcome.pulses.sum()),
            outcome.key_basis,
            test_basis,
            asymptotic=self._asymptotic,
        )
        outcome = replace(outcome, bounds=bounds)
        # Not even Shannon-limit error correction would leave a key: stop before Cascade.
        best_case = secret_key_length(
            params,
            bounds,
            ec_leaked_bits=sifted_key.size * binary_entropy(min(outcome.qber_estimate, 0.5)),
            verification_bits=0,
            asymptotic=self._asymptotic,
        )
        if outcome.qber_estimate >= 0.5 or best_case == 0:
            return self._abort(channel, outcome, "parameter estimation leaves no secret key")

        before = channel.stats.disclosed_bits
        corrected = cascade_bob(
            sifted_key, outcome.qber_estimate, channel, self._rng, self._cascade
        )
        ec_leaked = channel.stats.disclosed_bits - before
        corrected_errors = int(np.count_nonzero(corrected.key != sifted_key))
        verification = verify_bob(corrected.key, channel, self._rng, epsilon_cor=params.epsilon_cor)
        outcome = replace(
            outcome,
            corrected_errors=corrected_errors,
            ec_leaked_bits=ec_leaked,
            verification_bits=verification.tag_bits,
            verified=verification.ok,
            ec_efficiency=(
                reconciliation_efficiency(
                    ec_leaked, sifted_key.size, corrected_errors / sifted_key.size
                )
                if corrected_errors
                else None
            ),
            cascade_passes=corrected.passes,
        )
        if not verification.ok:
            return self._abort(channel, outcome, "verification failed: keys differ after Cascade")

        secret_bits = secret_key_length(
            params,
            bounds,
            ec_leaked_bits=ec_leaked,
            verification_bits=verification.tag_bits,
            asymptotic=self._asymptotic,
        )
        if secret_bits == 0:
            return self._abort(channel, outcome, "leakage leaves no secret key")

        reply = channel.request(Role.BOB, Message(TOPIC_AMPLIFY, {"output_bits": secret_bits}))
        seed = _bits(reply, "seed", toeplitz_seed_bits(sifted_key.size, secret_bits))
        final_key = toeplitz_hash(corrected.key, seed, secret_bits)
        return replace(outcome, secret_bits=secret_bits, key=final_key)

    @staticmethod
    def _abort(channel: ClassicalChannel, outcome: BobOutcome, reason: str) -> BobOutcome:
        channel.post(Role.BOB, Message(TOPIC_ABORT, {"reason": reason}))
        return replace(outcome, aborted=reason)
