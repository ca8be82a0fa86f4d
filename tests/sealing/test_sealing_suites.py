"""SealSuite: CLI values, IANA code points and lengths agree with the specs and with pyca."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hpke

from lightvibes.sealing import SealSuite


def test_cli_values_are_the_kem_choices() -> None:
    assert [suite.value for suite in SealSuite] == ["x25519", "mlkem768-x25519"]
    assert SealSuite("mlkem768-x25519") is SealSuite.MLKEM768_X25519


@pytest.mark.parametrize(
    ("suite", "kem_id", "description"),
    [
        (SealSuite.X25519, 0x0020, "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM"),
        (SealSuite.MLKEM768_X25519, 0x647A, "MLKEM768-X25519, HKDF-SHA256, AES-256-GCM"),
    ],
)
def test_code_points_and_description(suite: SealSuite, kem_id: int, description: str) -> None:
    assert suite.kem_id == kem_id
    assert suite.kdf_id == 0x0001  # HKDF-SHA256
    assert suite.aead_id == 0x0002  # AES-256-GCM
    assert suite.description == description


@pytest.mark.parametrize(
    ("suite", "kem", "enc_length", "public_key_length"),
    [
        (SealSuite.X25519, hpke.KEM.X25519, 32, 32),
        (SealSuite.MLKEM768_X25519, hpke.KEM.MLKEM768_X25519, 1120, 1216),
    ],
)
def test_lengths_match_the_spec_and_pyca(
    suite: SealSuite, kem: hpke.KEM, enc_length: int, public_key_length: int
) -> None:
    assert suite.enc_length == enc_length == kem.enc_length()
    assert suite.public_key_length == public_key_length
    assert suite.private_key_length == 32


def test_each_suite_has_its_own_hpke_suite_object() -> None:
    assert isinstance(SealSuite.X25519.hpke_suite, hpke.Suite)
    assert SealSuite.X25519.hpke_suite is not SealSuite.MLKEM768_X25519.hpke_suite
