"""Error verification after Cascade: do Alice and Bob now hold the same key?

Bob draws a random point ``r`` and asks Alice for the polynomial hash of her key at ``r``; he
compares it with his own. The key is cut into ``L`` blocks ``m_1 … m_L`` of ``w`` bits, read as
elements of the prime field GF(p) with the Mersenne prime ``p = 2^q - 1`` (``w < q``), and hashed as

    h_r(m) = m_1·r^L + m_2·r^(L-1) + … + m_L·r   (mod p).

For two different keys, h_r(m) - h_r(m') is a non-zero polynomial in ``r`` of degree ≤ L, so it
has at most L roots and unequal keys pass with probability ≤ L / p over the choice of ``r``: an
ε-almost-universal family (Wegman & Carter, J. Comput. Syst. Sci. 22, 265, 1981; the bound is
the polynomial-root argument of den Boer 1993 and Bierbrauer et al., CRYPTO 1993). That probability
is the ε_cor of the security proof (Tomamichel, Lim, Gisin & Renner, Nat. Commun. 3, 634, 2012).
The smallest Mersenne prime meeting the requested ε_cor is used, so the tag (the bits Alice
discloses) is ``q`` bits long. Only the 2^q - 1 draw is rejected, so ``r`` is exactly uniform.

Protocol (topics ``verify.*``): Bob → ``verify.hash`` {bits, exponent, point}; Alice →
``verify.tag`` {tag} (discloses q bits); Bob → ``verify.result`` {ok}, so Alice knows whether to
keep her key.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lightvibes.errors import InvalidRequestError
from lightvibes.quantum._classical import ClassicalChannel, Message, Role

__all__ = ["VerificationResult", "VerifyAlice", "verify_bob"]

# Mersenne exponents q (2^q - 1 prime) offered for the hash field, smallest first.
_MERSENNE_EXPONENTS = (61, 89, 107, 127, 521, 607, 1279)

TOPIC_HASH = "verify.hash"
TOPIC_TAG = "verify.tag"
TOPIC_RESULT = "verify.result"


@dataclass(frozen=True, slots=True)
class VerificationResult:
    ok: bool
    tag_bits: int
    epsilon_cor: float  # probability that unequal keys pass


def _block_bits(exponent: int) -> int:
    """Block width w: whole bytes, strictly below q so every block is < p."""
    return 8 * ((exponent - 1) // 8)


def _blocks(key: npt.NDArray[np.bool_], exponent: int) -> list[int]:
    """The key as L field elements of w bits each (the last one zero-padded)."""
    width_bytes = _block_bits(exponent) // 8
    packed = np.packbits(key)
    padded = np.zeros(-(-packed.size // width_bytes) * width_bytes, dtype=np.uint8)
    padded[: packed.size] = packed
    rows = padded.reshape(-1, width_bytes)
    # Right-align each block in whole 64-bit big-endian words, then join the words per block.
    word_count = -(-width_bytes // 8)
    words = np.zeros((rows.shape[0], 8 * word_count), dtype=np.uint8)
    words[:, 8 * word_count - width_bytes :] = rows
    columns = words.view(">u8").T.tolist()
    blocks: list[int] = columns[0]
    for column in columns[1:]:
        blocks = [(high << 64) | low for high, low in zip(blocks, column, strict=True)]
    return blocks


def polynomial_hash(key: npt.NDArray[np.bool_], point: int, exponent: int) -> int:
    """h_r(key) over GF(2^q - 1), evaluated by Horner's rule."""
    modulus = (1 << exponent) - 1
    accumulator = 0
    for block in _blocks(key, exponent):
        accumulator = (accumulator + block) * point % modulus
    return accumulator


def collision_bound(key_bits: int, exponent: int) -> float:
    """ε_cor of the hash: L / p, the most roots a non-zero degree-L polynomial can have."""
    blocks = -(-key_bits // _block_bits(exponent))
    return blocks / ((1 << exponent) - 1)


def _choose_exponent(key_bits: int, epsilon_cor: float) -> int:
    for exponent in _MERSENNE_EXPONENTS:
        if collision_bound(key_bits, exponent) <= epsilon_cor:
            return exponent
    raise ValueError(f"epsilon_cor={epsilon_cor} is below what a 2^1279 - 1 field can give")


def _tag_bytes(exponent: int) -> int:
    return -(-exponent // 8)


class VerifyAlice:
    """Alice's end of verification: answers Bob's hash point with her tag."""

    def __init__(self, key: npt.NDArray[np.bool_]) -> None:
        self._key = np.array(key, dtype=np.bool_, copy=True)
        self.verified: bool | None = None

    def on_message(self, message: Message) -> Message | None:
        if message.topic == TOPIC_HASH:
            return self._tag(message)
        if message.topic == TOPIC_RESULT:
            self.verified = bool(message.fields["ok"])
            return None
        raise InvalidRequestError(f"verification does not handle {message.topic!r}")

    def _tag(self, message: Message) -> Message:
        bits, exponent, point = (message.fields.get(k) for k in ("bits", "exponent", "point"))
        if not (isinstance(bits, int) and isinstance(exponent, int) and isinstance(point, bytes)):
            raise InvalidRequestError("verify.hash needs integer bits, exponent and bytes point")
        if bits != self._key.size:
            raise InvalidRequestError(f"Bob verifies {bits} bits, Alice holds {self._key.size}")
        if exponent not in _MERSENNE_EXPONENTS:
            raise InvalidRequestError(f"2^{exponent} - 1 is not an agreed hash field")
        tag = polynomial_hash(self._key, int.from_bytes(point, "big"), exponent)
        self.verified = None
        return Message(
            TOPIC_TAG,
            {"tag": tag.to_bytes(_tag_bytes(exponent), "big")},
            disclosed_bits=exponent,
        )


def _random_point(rng: np.random.Generator, exponent: int) -> int:
    """A uniform element of GF(2^q - 1): q random bits, redrawn in the one case they equal p."""
    modulus = (1 << exponent) - 1
    while True:
        words = rng.integers(0, 1 << 32, size=-(-exponent // 32), dtype=np.uint64)
        value = 0
        for word in words.tolist():
            value = (value << 32) | int(word)
        value &= modulus
        if value != modulus:
            return value


def verify_bob(
    key: npt.NDArray[np.bool_],
    channel: ClassicalChannel,
    rng: np.random.Generator,
    *,
    epsilon_cor: float,
) -> VerificationResult:
    """Bob's end: compare polynomial hashes of both keys at a random point chosen by Bob."""
    if key.ndim != 1 or key.size == 0:
        raise ValueError("verification needs a non-empty 1-D bit array")
    if not 0.0 < epsilon_cor < 1.0:
        raise ValueError("epsilon_cor must lie in (0, 1)")
    exponent = _choose_exponent(key.size, epsilon_cor)
    point = _random_point(rng, exponent)
    request = Message(
        TOPIC_HASH,
        {
            "bits": int(key.size),
            "exponent": exponent,
            "point": point.to_bytes(_tag_bytes(exponent), "big"),
        },
    )
    reply = channel.request(Role.BOB, request)
    alice_tag = reply.fields.get("tag")
    if reply.topic != TOPIC_TAG or not isinstance(alice_tag, bytes):
        raise InvalidRequestError("Alice did not answer verify.hash with a tag")
    ok = int.from_bytes(alice_tag, "big") == polynomial_hash(key, point, exponent)
    channel.post(Role.BOB, Message(TOPIC_RESULT, {"ok": int(ok)}))
    return VerificationResult(
        ok=ok, tag_bits=exponent, epsilon_cor=collision_bound(key.size, exponent)
    )
