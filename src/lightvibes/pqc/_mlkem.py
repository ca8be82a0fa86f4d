"""ML-KEM-768 key establishment between the two ends of a link (FIPS 203).

The responder end generates a fresh ML-KEM-768 key pair for every key, the initiator end
encapsulates to it, and both expand the shared secret with HKDF-SHA256 (RFC 5869) to the
requested length. The ends exchange only bytes (the encapsulation key and the ciphertext), so
the same code runs when they sit on two nodes. A fresh key pair per key gives forward secrecy:
nothing long-lived can later decrypt a past exchange.
"""

from __future__ import annotations

import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import mlkem
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from lightvibes.errors import InvalidRequestError, KeyAgreementError

__all__ = ["MAX_KEY_BITS", "MlKemInitiator", "MlKemResponder", "PqcKeySource"]

# RFC 5869 §2.3: HKDF-SHA256 output is at most 255 * HashLen = 8160 bytes.
MAX_KEY_BITS = 255 * 32 * 8
# RFC 5869 §3.2: "info" binds the output to its context; the salt is left at its default
# (HashLen zero bytes, §2.2) because the ML-KEM shared secret is already uniformly random.
_HKDF_INFO_PREFIX = b"lightvibes/v1 pqc-key:"


def _expand(shared_secret: bytes, bits: int, context: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=bits // 8, salt=None, info=_HKDF_INFO_PREFIX + context
    ).derive(shared_secret)


class MlKemResponder:
    """The end that publishes an encapsulation key and decapsulates (FIPS 203 §7.3)."""

    def __init__(self) -> None:
        self._decapsulation_key: mlkem.MLKEM768PrivateKey | None = None

    def offer(self) -> bytes:
        """A fresh encapsulation key (1184 bytes) for one exchange."""
        self._decapsulation_key = mlkem.MLKEM768PrivateKey.generate()
        return self._decapsulation_key.public_key().public_bytes_raw()

    def finish(self, ciphertext: bytes, bits: int, context: bytes) -> bytes:
        if self._decapsulation_key is None:
            raise KeyAgreementError("ML-KEM responder has no outstanding offer")
        key, self._decapsulation_key = self._decapsulation_key, None  # one use only
        return _expand(key.decapsulate(ciphertext), bits, context)


class MlKemInitiator:
    """The end that encapsulates to the responder's key (FIPS 203 §7.2)."""

    def accept(self, encapsulation_key: bytes, bits: int, context: bytes) -> tuple[bytes, bytes]:
        """Return (ciphertext for the responder, derived key)."""
        public_key = mlkem.MLKEM768PublicKey.from_public_bytes(encapsulation_key)
        shared_secret, ciphertext = public_key.encapsulate()
        return ciphertext, _expand(shared_secret, bits, context)


class PqcKeySource:
    """Derives a fresh key per request from an ML-KEM-768 exchange over a loopback link."""

    mode = "PQC"

    def __init__(
        self,
        initiator: MlKemInitiator | None = None,
        responder: MlKemResponder | None = None,
    ) -> None:
        self._initiator = initiator or MlKemInitiator()
        self._responder = responder or MlKemResponder()

    def derive_key(self, bits: int, context: bytes) -> bytes:
        """Run one exchange and return the initiator's key after checking both ends agree.

        ``context`` (e.g. the session id) enters HKDF's info, so keys of different sessions are
        independent even if an exchange were ever replayed.
        """
        if bits <= 0 or bits % 8 or bits > MAX_KEY_BITS:
            raise InvalidRequestError(f"PQC keys are 8..{MAX_KEY_BITS} bits in steps of 8")
        exchange_offer = self._responder.offer()
        ciphertext, initiator_key = self._initiator.accept(exchange_offer, bits, context)
        responder_key = self._responder.finish(ciphertext, bits, context)
        if not hmac.compare_digest(initiator_key, responder_key):
            raise KeyAgreementError("the two ends of the ML-KEM exchange derived different keys")
        return initiator_key
