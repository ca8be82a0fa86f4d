"""Sealing and opening keys: round trips, key_ref binding, tamper detection, opaque failures."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable

import pytest

from lightvibes.errors import SealingError, UnsealError
from lightvibes.sealing import (
    SEAL_INFO_PREFIX,
    HpkeSealer,
    RecipientPrivateKey,
    Sealer,
    SealSuite,
    decode_sealed,
    encode_sealed,
    generate_keypair,
    open_sealed,
    seal_info,
)

KEY_REF = "kr_0123456789abcdef"
# A 256-bit key, as a QKD pool or an ML-KEM exchange would hand over.
KEY = bytes(range(32))


@pytest.fixture(scope="module", params=list(SealSuite), ids=lambda suite: suite.value)
def recipient(request: pytest.FixtureRequest) -> RecipientPrivateKey:
    suite: SealSuite = request.param
    return generate_keypair(suite)


@pytest.fixture(scope="module")
def sealed(recipient: RecipientPrivateKey) -> bytes:
    return HpkeSealer(recipient.public_key()).seal(KEY, KEY_REF)


def test_round_trip_text_and_raw(recipient: RecipientPrivateKey, sealed: bytes) -> None:
    assert open_sealed(recipient, encode_sealed(sealed), KEY_REF) == KEY
    assert open_sealed(recipient, sealed, KEY_REF) == KEY


def test_sealer_reports_suite_and_recipient(recipient: RecipientPrivateKey) -> None:
    sealer = HpkeSealer(recipient.public_key())
    assert isinstance(sealer, Sealer)
    assert sealer.suite is recipient.suite
    assert sealer.recipient_key_id == recipient.key_id


def test_blob_is_enc_then_ciphertext_with_tag(
    recipient: RecipientPrivateKey, sealed: bytes
) -> None:
    expected_enc = {SealSuite.X25519: 32, SealSuite.MLKEM768_X25519: 1120}[recipient.suite]
    assert recipient.suite.enc_length == expected_enc
    assert len(sealed) == expected_enc + len(KEY) + 16


def test_every_seal_is_fresh(recipient: RecipientPrivateKey) -> None:
    sealer = HpkeSealer(recipient.public_key())
    first, second = sealer.seal(KEY, KEY_REF), sealer.seal(KEY, KEY_REF)
    enc_length = recipient.suite.enc_length
    assert first[:enc_length] != second[:enc_length]
    assert first[enc_length:] != second[enc_length:]


def test_info_binds_the_key_ref(recipient: RecipientPrivateKey, sealed: bytes) -> None:
    for other in ("kr_0123456789abcdeF", KEY_REF + " ", KEY_REF[:-1], "x"):
        with pytest.raises(UnsealError):
            open_sealed(recipient, sealed, other)


def test_seal_info_is_prefix_then_utf8_key_ref() -> None:
    assert SEAL_INFO_PREFIX == b"lightvibes/v1:"
    assert seal_info("kr_é") == b"lightvibes/v1:kr_\xc3\xa9"
    with pytest.raises(SealingError):
        seal_info("")


def test_every_single_bit_flip_is_detected(recipient: RecipientPrivateKey, sealed: bytes) -> None:
    survivors = []
    for bit in range(len(sealed) * 8):
        tampered = bytearray(sealed)
        tampered[bit // 8] ^= 1 << (bit % 8)
        try:
            open_sealed(recipient, bytes(tampered), KEY_REF)
        except UnsealError:
            continue
        survivors.append(bit)
    assert survivors == []


@pytest.mark.parametrize("cut", [1, 16, 17])
def test_truncated_blob_fails(recipient: RecipientPrivateKey, sealed: bytes, cut: int) -> None:
    with pytest.raises(UnsealError):
        open_sealed(recipient, sealed[:-cut], KEY_REF)


def test_extended_blob_fails(recipient: RecipientPrivateKey, sealed: bytes) -> None:
    with pytest.raises(UnsealError):
        open_sealed(recipient, sealed + b"\x00", KEY_REF)


def test_blob_with_no_room_for_a_key_fails(recipient: RecipientPrivateKey, sealed: bytes) -> None:
    for length in (0, recipient.suite.enc_length, recipient.suite.enc_length + 16):
        with pytest.raises(UnsealError):
            open_sealed(recipient, sealed[:length], KEY_REF)


def test_wrong_private_key_of_the_same_suite_fails(
    recipient: RecipientPrivateKey, sealed: bytes
) -> None:
    with pytest.raises(UnsealError):
        open_sealed(generate_keypair(recipient.suite), sealed, KEY_REF)


def test_private_key_of_the_other_suite_fails(
    recipient: RecipientPrivateKey, sealed: bytes
) -> None:
    (other_suite,) = set(SealSuite) - {recipient.suite}
    with pytest.raises(UnsealError):
        open_sealed(generate_keypair(other_suite), sealed, KEY_REF)


def test_all_failures_look_alike(recipient: RecipientPrivateKey, sealed: bytes) -> None:
    attempts: list[Callable[[], bytes]] = [
        lambda: open_sealed(recipient, sealed, "another-ref"),
        lambda: open_sealed(recipient, sealed[:-1], KEY_REF),
        lambda: open_sealed(generate_keypair(recipient.suite), sealed, KEY_REF),
        lambda: open_sealed(recipient, "not base64url!", KEY_REF),
        lambda: open_sealed(recipient, sealed, ""),
    ]
    messages = set()
    for attempt in attempts:
        with pytest.raises(UnsealError) as caught:
            attempt()
        assert caught.value.__cause__ is None
        messages.add(str(caught.value))
    assert len(messages) == 1


def test_empty_key_is_refused(recipient: RecipientPrivateKey) -> None:
    with pytest.raises(SealingError):
        HpkeSealer(recipient.public_key()).seal(b"", KEY_REF)


def test_long_key_and_key_ref_round_trip(recipient: RecipientPrivateKey) -> None:
    key, key_ref = os.urandom(4096), "ref/" + "é" * 300
    sealed = HpkeSealer(recipient.public_key()).seal(key, key_ref)
    assert open_sealed(recipient, sealed, key_ref) == key


class TestSealedText:
    def test_encoding_is_unpadded_base64url(self) -> None:
        raw = bytes([0xFB, 0xFF, 0xBF, 0x00])
        assert encode_sealed(raw) == "-_-_AA"
        assert decode_sealed("-_-_AA") == raw

    @pytest.mark.parametrize("length", range(1, 40))
    def test_round_trip_every_length_class(self, length: int) -> None:
        raw = os.urandom(length)
        text = encode_sealed(raw)
        assert "=" not in text
        assert decode_sealed(text) == raw
        assert base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)) == raw

    @pytest.mark.parametrize(
        "text",
        [
            "",  # empty
            "-_-_AA==",  # padded
            "+/+/AA",  # standard alphabet
            "-_-_ AA",  # whitespace
            "-_-_AA\n",  # trailing newline
            "-_-_A",  # length 1 mod 4 can never be base64
            "-_-_AB",  # non-zero trailing bits: not the canonical spelling
            "-_-_ÄA",  # non-ASCII
        ],
    )
    def test_strict_decoding(self, text: str) -> None:
        with pytest.raises(UnsealError):
            decode_sealed(text)
