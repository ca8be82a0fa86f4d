"""Sealing a key to a recipient with RFC 9180 single-shot base mode, and opening it again.

A sealed key is ``enc || ciphertext`` from SealBase (RFC 9180 §6.1), sent as base64url without
padding in the ``key_sealed`` field. ``info`` binds the blob to its key_ref, so a sealed key moved
to another key_ref does not open. The AEAD's associated data stays empty: single-shot SealBase
passes ``aad`` per message, and pyca's public API fixes it to the empty string; the key_ref already
enters through ``info``.
"""

from __future__ import annotations

import base64
import re
from typing import Protocol, runtime_checkable

from cryptography.exceptions import InvalidTag

from lightvibes.errors import SealingError, UnsealError
from lightvibes.sealing._keys import RecipientPrivateKey, RecipientPublicKey
from lightvibes.sealing._suites import AEAD_TAG_LENGTH, SealSuite

# The application context string HPKE calls `info`: KeySchedule hashes it into the AEAD key and
# base nonce (RFC 9180 §5.1, LabeledExtract(..., "info_hash", info)) and SealBase/OpenBase take it
# unchanged (§6.1). Versioned so a future format can never open v1 blobs by accident.
SEAL_INFO_PREFIX = b"lightvibes/v1:"

_BASE64URL_UNPADDED = re.compile(r"[A-Za-z0-9_-]+")


@runtime_checkable
class Sealer(Protocol):
    """Seals keys to one recipient; the port the key service depends on."""

    @property
    def suite(self) -> SealSuite: ...

    @property
    def recipient_key_id(self) -> str: ...

    def seal(self, key: bytes, key_ref: str) -> bytes:
        """Return the raw ``enc || ciphertext`` of ``key`` sealed for ``key_ref``."""
        ...


def seal_info(key_ref: str) -> bytes:
    """The HPKE ``info`` for a key_ref: UTF-8 of ``lightvibes/v1:`` followed by the key_ref."""
    if not key_ref:
        raise SealingError("A key_ref is required to seal or open a key.")
    return SEAL_INFO_PREFIX + key_ref.encode("utf-8")


def encode_sealed(raw: bytes) -> str:
    """``key_sealed`` text for a raw sealed blob: base64url, no padding (RFC 4648 §5)."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_sealed(text: str) -> bytes:
    """Raw blob from ``key_sealed`` text; anything but canonical unpadded base64url is refused.

    Padding, whitespace, the standard alphabet's ``+`` and ``/``, an impossible length and
    non-zero trailing bits all raise ``UnsealError``, so each blob has exactly one spelling.
    """
    if not _BASE64URL_UNPADDED.fullmatch(text) or len(text) % 4 == 1:
        raise UnsealError()
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if encode_sealed(raw) != text:
        raise UnsealError()
    return raw


class HpkeSealer:
    """Seals keys to one recipient public key with the recipient's HPKE suite."""

    def __init__(self, recipient: RecipientPublicKey) -> None:
        self._recipient = recipient

    @property
    def suite(self) -> SealSuite:
        return self._recipient.suite

    @property
    def recipient_key_id(self) -> str:
        return self._recipient.key_id

    def seal(self, key: bytes, key_ref: str) -> bytes:
        """Seal ``key`` for ``key_ref`` and return the raw ``enc || ciphertext``."""
        if not key:
            raise SealingError("Refusing to seal an empty key.")
        info = seal_info(key_ref)
        try:
            return self._recipient.suite.hpke_suite.encrypt(
                key, self._recipient.hpke_key, info=info
            )
        except (ValueError, TypeError) as exc:
            raise SealingError(
                f"Sealing to recipient key {self._recipient.key_id} failed."
            ) from exc


def open_sealed(private_key: RecipientPrivateKey, key_sealed: str | bytes, key_ref: str) -> bytes:
    """Open a sealed key: ``key_sealed`` is the base64url text (str) or the raw blob (bytes).

    Every failure (wrong private key or suite, wrong key_ref, a flipped bit, truncation, bad
    encoding) raises the same ``UnsealError``, like Fernet's ``InvalidToken``.
    """
    raw = decode_sealed(key_sealed) if isinstance(key_sealed, str) else bytes(key_sealed)
    suite = private_key.suite
    # A sealed key is never empty, so a blob with no room for one byte of plaintext is refused.
    if len(raw) <= suite.enc_length + AEAD_TAG_LENGTH:
        raise UnsealError()
    try:
        return suite.hpke_suite.decrypt(raw, private_key.hpke_key, info=seal_info(key_ref))
    except (InvalidTag, ValueError, TypeError, SealingError):
        raise UnsealError() from None
