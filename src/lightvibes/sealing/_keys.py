"""Recipient key pairs for both seal suites, with a stable ``key_id`` fingerprint.

Keys are held in the form HPKE itself serializes them (RFC 9180 §4 SerializePublicKey /
SerializePrivateKey), so the bytes on disk, the bytes fingerprinted and the bytes the KEM uses are
one and the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519

from lightvibes.errors import RecipientKeyError
from lightvibes.sealing._suites import SealSuite

HpkePublicKey = x25519.X25519PublicKey | hpke.MLKEM768X25519PublicKey
HpkePrivateKey = x25519.X25519PrivateKey | hpke.MLKEM768X25519PrivateKey

# key_id = lowercase hex of the first 16 bytes of SHA-256(SerializePublicKey(pkR)).
_KEY_ID_BYTES = 16

# MLKEM768-X25519 key expansion (draft-irtf-cfrg-concrete-hybrid-kems, used unchanged by
# draft-ietf-hpke-pq-05 §4): SHAKE256(seed, 96) = ML-KEM-768 seed d||z (64) || X25519 scalar (32).
_MLKEM768_SEED_BYTES = 64
_X25519_SCALAR_BYTES = 32
_MLKEM768_ENCAPSULATION_KEY_BYTES = 1184
_X25519_PUBLIC_BYTES = 32

# Any clamped scalar maps a point of the small subgroup to the all-zero output, so one fixed probe
# scalar detects low-order public keys, which RFC 9180 §7.1.4 makes DHKEM refuse anyway.
_LOW_ORDER_PROBE = x25519.X25519PrivateKey.from_private_bytes(bytes([0x09]) + bytes(31))


def _key_id(public_bytes: bytes) -> str:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(public_bytes)
    return digest.finalize()[:_KEY_ID_BYTES].hex()


def _x25519_public(raw: bytes) -> x25519.X25519PublicKey:
    public = x25519.X25519PublicKey.from_public_bytes(raw)
    try:
        _LOW_ORDER_PROBE.exchange(public)
    except ValueError:
        raise RecipientKeyError("The X25519 public key is a low-order point.") from None
    return public


def _expand_hybrid_seed(seed: bytes) -> tuple[mlkem.MLKEM768PrivateKey, x25519.X25519PrivateKey]:
    xof = hashes.Hash(hashes.SHAKE256(digest_size=_MLKEM768_SEED_BYTES + _X25519_SCALAR_BYTES))
    xof.update(seed)
    expanded = xof.finalize()
    return (
        mlkem.MLKEM768PrivateKey.from_seed_bytes(expanded[:_MLKEM768_SEED_BYTES]),
        x25519.X25519PrivateKey.from_private_bytes(expanded[_MLKEM768_SEED_BYTES:]),
    )


def _check_length(suite: SealSuite, kind: str, data: bytes, expected: int) -> None:
    if len(data) != expected:
        raise RecipientKeyError(
            f"A {suite.value} {kind} key is {expected} bytes long, this one has {len(data)}."
        )


@dataclass(frozen=True)
class RecipientPublicKey:
    """A recipient's HPKE public key pkR, the suite it belongs to and its ``key_id``.

    Built from ``public_bytes`` = SerializePublicKey(pkR): the 32-byte X25519 u-coordinate, or for
    MLKEM768-X25519 the 1184-byte ML-KEM-768 encapsulation key followed by the 32-byte X25519
    public key (draft-ietf-hpke-pq-05 §4). Invalid bytes raise ``RecipientKeyError``.
    """

    suite: SealSuite
    public_bytes: bytes = field(repr=False)
    key_id: str = field(init=False)
    hpke_key: HpkePublicKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        data = bytes(self.public_bytes)
        _check_length(self.suite, "public", data, self.suite.public_key_length)
        hpke_key: HpkePublicKey
        if self.suite is SealSuite.X25519:
            hpke_key = _x25519_public(data)
        else:
            encapsulation_key = data[:_MLKEM768_ENCAPSULATION_KEY_BYTES]
            try:
                mlkem_public = mlkem.MLKEM768PublicKey.from_public_bytes(encapsulation_key)
            except ValueError:
                raise RecipientKeyError("The ML-KEM-768 encapsulation key is invalid.") from None
            hpke_key = hpke.MLKEM768X25519PublicKey(
                mlkem_public, _x25519_public(data[_MLKEM768_ENCAPSULATION_KEY_BYTES:])
            )
        object.__setattr__(self, "public_bytes", data)
        object.__setattr__(self, "key_id", _key_id(data))
        object.__setattr__(self, "hpke_key", hpke_key)


@dataclass(frozen=True, eq=False)
class RecipientPrivateKey:
    """A recipient's HPKE private key skR, with its suite and the ``key_id`` of its public key.

    Built from ``private_bytes`` = SerializePrivateKey(skR): the 32-byte X25519 scalar, or for
    MLKEM768-X25519 the 32-byte seed that SHAKE256 expands into both component keys. Equality is
    identity, so secrets are never compared byte by byte.
    """

    suite: SealSuite
    private_bytes: bytes = field(repr=False)
    key_id: str = field(init=False)
    hpke_key: HpkePrivateKey = field(init=False, repr=False)
    _public: RecipientPublicKey = field(init=False, repr=False)

    def __post_init__(self) -> None:
        data = bytes(self.private_bytes)
        _check_length(self.suite, "private", data, self.suite.private_key_length)
        hpke_key: HpkePrivateKey
        if self.suite is SealSuite.X25519:
            hpke_key = x25519.X25519PrivateKey.from_private_bytes(data)
            public_bytes = hpke_key.public_key().public_bytes_raw()
        else:
            mlkem_private, x25519_private = _expand_hybrid_seed(data)
            hpke_key = hpke.MLKEM768X25519PrivateKey(mlkem_private, x25519_private)
            public_bytes = (
                mlkem_private.public_key().public_bytes_raw()
                + x25519_private.public_key().public_bytes_raw()
            )
        public = RecipientPublicKey(self.suite, public_bytes)
        object.__setattr__(self, "private_bytes", data)
        object.__setattr__(self, "hpke_key", hpke_key)
        object.__setattr__(self, "key_id", public.key_id)
        object.__setattr__(self, "_public", public)

    def public_key(self) -> RecipientPublicKey:
        return self._public


def generate_keypair(
    suite: SealSuite, *, random_bytes: Callable[[int], bytes] = os.urandom
) -> RecipientPrivateKey:
    """Generate a recipient key pair for ``suite`` from ``random_bytes`` (the OS CSPRNG by default).

    Both suites' GenerateKeyPair draw Nsk uniform bytes: an X25519 scalar (RFC 7748 §5 clamps it)
    or the MLKEM768-X25519 seed. Pass a deterministic source only in tests.
    """
    secret = random_bytes(suite.private_key_length)
    return RecipientPrivateKey(suite, secret)
