"""Recipient keys: construction, key_id, deterministic generation and rejection of bad keys."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519

from lightvibes.errors import RecipientKeyError
from lightvibes.sealing import RecipientPrivateKey, RecipientPublicKey, SealSuite, generate_keypair

VECTORS = json.loads(
    (Path(__file__).parents[1] / "vectors" / "hpke" / "base_mode_vectors.json").read_text()
)["vectors"]
HYBRID_VECTOR = next(v for v in VECTORS if v["kem_id"] == 0x647A)
X25519_VECTOR = next(v for v in VECTORS if v["kem_id"] == 0x0020)


def counting_bytes(start: int) -> Callable[[int], bytes]:
    """A deterministic stand-in for os.urandom, different for each ``start``."""
    counter = itertools.count(start)
    return lambda n: bytes(next(counter) % 256 for _ in range(n))


def expected_key_id(public_bytes: bytes) -> str:
    return hashlib.sha256(public_bytes).hexdigest()[:32]


@pytest.mark.parametrize("suite", list(SealSuite), ids=str)
def test_key_id_is_truncated_sha256_of_the_serialized_public_key(suite: SealSuite) -> None:
    private = generate_keypair(suite)
    public = private.public_key()
    assert len(public.public_bytes) == suite.public_key_length
    assert public.key_id == private.key_id == expected_key_id(public.public_bytes)
    assert len(public.key_id) == 32
    assert public.key_id == public.key_id.lower()


@pytest.mark.parametrize("suite", list(SealSuite), ids=str)
def test_key_id_is_stable_and_differs_between_keys(suite: SealSuite) -> None:
    first = generate_keypair(suite, random_bytes=counting_bytes(1))
    again = generate_keypair(suite, random_bytes=counting_bytes(1))
    other = generate_keypair(suite, random_bytes=counting_bytes(2))
    assert first.key_id == again.key_id
    assert first.public_key() == again.public_key()
    assert first.key_id != other.key_id
    # Rebuilding from the serialized forms gives the same identity.
    assert RecipientPrivateKey(suite, first.private_bytes).key_id == first.key_id
    assert RecipientPublicKey(suite, first.public_key().public_bytes).key_id == first.key_id


def test_key_ids_differ_between_suites_for_the_same_randomness() -> None:
    ids = {generate_keypair(suite, random_bytes=counting_bytes(7)).key_id for suite in SealSuite}
    assert len(ids) == 2


def test_hybrid_public_key_is_mlkem_then_x25519_per_draft() -> None:
    # draft-ietf-hpke-pq A.5: skRm is the 32-byte seed, pkRm = ML-KEM ek (1184) || X25519 (32).
    private = RecipientPrivateKey(SealSuite.MLKEM768_X25519, bytes.fromhex(HYBRID_VECTOR["skRm"]))
    assert private.public_key().public_bytes.hex() == HYBRID_VECTOR["pkRm"]
    assert private.key_id == expected_key_id(bytes.fromhex(HYBRID_VECTOR["pkRm"]))


def test_x25519_public_key_is_the_raw_u_coordinate() -> None:
    private = RecipientPrivateKey(SealSuite.X25519, bytes.fromhex(X25519_VECTOR["skRm"]))
    assert private.public_key().public_bytes.hex() == X25519_VECTOR["pkRm"]


def test_generate_draws_nsk_bytes_from_the_source() -> None:
    requests: list[int] = []

    def recording(n: int) -> bytes:
        requests.append(n)
        return bytes(n)

    for suite in SealSuite:
        generate_keypair(suite, random_bytes=recording)
    assert requests == [32, 32]


def test_private_key_repr_and_equality_hide_the_secret() -> None:
    private = generate_keypair(SealSuite.X25519)
    assert private.private_bytes.hex() not in repr(private)
    assert private.key_id in repr(private)
    assert private != RecipientPrivateKey(SealSuite.X25519, private.private_bytes)
    assert private == private


@pytest.mark.parametrize("suite", list(SealSuite), ids=str)
@pytest.mark.parametrize("delta", [-1, 1])
def test_wrong_lengths_are_refused(suite: SealSuite, delta: int) -> None:
    with pytest.raises(RecipientKeyError, match="bytes long"):
        RecipientPublicKey(suite, bytes(suite.public_key_length + delta))
    with pytest.raises(RecipientKeyError, match="bytes long"):
        RecipientPrivateKey(suite, bytes(suite.private_key_length + delta))


# Points of small order on Curve25519 (RFC 7748 §5 clamping cannot make these safe).
LOW_ORDER_POINTS = [
    bytes(32),
    bytes([1]) + bytes(31),
    bytes.fromhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
]


@pytest.mark.parametrize("point", LOW_ORDER_POINTS, ids=lambda p: p.hex()[:8])
def test_low_order_x25519_public_keys_are_refused(point: bytes) -> None:
    with pytest.raises(RecipientKeyError, match="low-order"):
        RecipientPublicKey(SealSuite.X25519, point)
    good = generate_keypair(SealSuite.MLKEM768_X25519).public_key().public_bytes
    with pytest.raises(RecipientKeyError, match="low-order"):
        RecipientPublicKey(SealSuite.MLKEM768_X25519, good[:1184] + point)


def test_invalid_mlkem_encapsulation_key_is_refused() -> None:
    # Every coefficient 0xfff exceeds q = 3329: FIPS 203 §7.2 modulus check fails.
    x25519_public = x25519.X25519PrivateKey.generate().public_key().public_bytes_raw()
    with pytest.raises(RecipientKeyError, match="ML-KEM-768"):
        RecipientPublicKey(SealSuite.MLKEM768_X25519, b"\xff" * 1184 + x25519_public)
