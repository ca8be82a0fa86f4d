"""Known-answer tests: pyca's HPKE, driven through our key types, against published vectors.

pyca does not let a caller fix the ephemeral key, so the sender side cannot be replayed; the
recipient side can. Each vector checks (1) that our key types rebuild pkRm from skRm, (2) that
decrypting the published ``enc`` with the published ``info`` yields exactly the published AEAD
``key`` and ``base_nonce`` (we encrypt ``pt`` under them with empty aad, as our single-shot seal
does, and the public API must open it), and (3) where pyca's private aad hook exists, that the
published sequence-0 ciphertext (aad "Count-0") opens as published. Last, blobs this code sealed
once (lightvibes_sealed_v1.json) must keep opening, which pins the ``info`` label and the suites.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.bindings._rust import openssl as rust_openssl
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

from lightvibes.errors import UnsealError
from lightvibes.sealing import (
    RecipientPrivateKey,
    SealSuite,
    open_sealed,
    parse_private_key,
    parse_public_key,
)

VECTOR_FILE = Path(__file__).parents[1] / "vectors" / "hpke" / "base_mode_vectors.json"
VECTORS: list[dict[str, Any]] = json.loads(VECTOR_FILE.read_text())["vectors"]

KEMS = {0x0020: (hpke.KEM.X25519, SealSuite.X25519)}
KEMS[0x647A] = (hpke.KEM.MLKEM768_X25519, SealSuite.MLKEM768_X25519)
KDFS = {0x0001: hpke.KDF.HKDF_SHA256}
AEADS: dict[int, tuple[hpke.AEAD, Callable[[bytes], AESGCM | ChaCha20Poly1305]]] = {
    0x0001: (hpke.AEAD.AES_128_GCM, AESGCM),
    0x0002: (hpke.AEAD.AES_256_GCM, AESGCM),
    0x0003: (hpke.AEAD.CHACHA20_POLY1305, ChaCha20Poly1305),
}


def h(vector: dict[str, Any], name: str) -> bytes:
    return bytes.fromhex(vector[name])


@pytest.fixture(params=VECTORS, ids=lambda vector: vector["name"])
def vector(request: pytest.FixtureRequest) -> dict[str, Any]:
    found: dict[str, Any] = request.param
    assert found["mode"] == 0  # base mode only
    return found


def recipient_of(vector: dict[str, Any]) -> RecipientPrivateKey:
    _, suite = KEMS[vector["kem_id"]]
    return RecipientPrivateKey(suite, h(vector, "skRm"))


def suite_of(vector: dict[str, Any]) -> hpke.Suite:
    kem, _ = KEMS[vector["kem_id"]]
    aead, _ = AEADS[vector["aead_id"]]
    return hpke.Suite(kem, KDFS[vector["kdf_id"]], aead)


def test_vector_file_covers_both_kems_and_our_aead() -> None:
    assert {v["kem_id"] for v in VECTORS} == {s.kem_id for s in SealSuite}
    ours = [(v["kem_id"], v["kdf_id"], v["aead_id"]) for v in VECTORS]
    assert (0x0020, 0x0001, 0x0002) in ours  # exactly SealSuite.X25519


def test_public_key_from_private_key(vector: dict[str, Any]) -> None:
    assert recipient_of(vector).public_key().public_bytes == h(vector, "pkRm")


def test_key_schedule_matches_published_key_and_nonce(vector: dict[str, Any]) -> None:
    encryption = vector["encryption_seq0"]
    assert encryption["nonce"] == vector["base_nonce"]  # sequence 0 uses base_nonce itself
    _, cipher = AEADS[vector["aead_id"]]
    ciphertext = cipher(h(vector, "key")).encrypt(h(vector, "base_nonce"), h(encryption, "pt"), b"")
    opened = suite_of(vector).decrypt(
        h(vector, "enc") + ciphertext, recipient_of(vector).hpke_key, info=h(vector, "info")
    )
    assert opened == h(encryption, "pt")


def test_our_x25519_suite_object_is_the_published_suite() -> None:
    (vector,) = [v for v in VECTORS if (v["kem_id"], v["aead_id"]) == (0x0020, 0x0002)]
    encryption = vector["encryption_seq0"]
    ciphertext = AESGCM(h(vector, "key")).encrypt(h(vector, "base_nonce"), h(encryption, "pt"), b"")
    opened = SealSuite.X25519.hpke_suite.decrypt(
        h(vector, "enc") + ciphertext, recipient_of(vector).hpke_key, info=h(vector, "info")
    )
    assert opened == h(encryption, "pt")


def test_published_ciphertext_with_aad(vector: dict[str, Any]) -> None:
    decrypt_with_aad = getattr(rust_openssl.hpke, "_decrypt_with_aad", None)
    if decrypt_with_aad is None:
        pytest.skip("this pyca/cryptography has no aad hook; the key-schedule test still ran")
    encryption = vector["encryption_seq0"]
    assert encryption["aad"] == b"Count-0".hex()
    opened = decrypt_with_aad(
        suite_of(vector),
        h(vector, "enc") + h(encryption, "ct"),
        recipient_of(vector).hpke_key,
        info=h(vector, "info"),
        aad=h(encryption, "aad"),
    )
    assert opened == h(encryption, "pt")
    # The public API has no aad, so the published ciphertext must not open through it.
    with pytest.raises(InvalidTag):
        suite_of(vector).decrypt(
            h(vector, "enc") + h(encryption, "ct"),
            recipient_of(vector).hpke_key,
            info=h(vector, "info"),
        )


REGRESSION_FILE = VECTOR_FILE.with_name("lightvibes_sealed_v1.json")
REGRESSION: list[dict[str, str]] = json.loads(REGRESSION_FILE.read_text())["vectors"]


@pytest.mark.parametrize("sealed", REGRESSION, ids=lambda sealed: sealed["suite"])
def test_sealed_v1_blobs_keep_opening(sealed: dict[str, str]) -> None:
    private_key = parse_private_key(sealed["private_key_pem"].encode())
    public_key = parse_public_key(sealed["public_key_pem"].encode())
    assert private_key.suite is public_key.suite is SealSuite(sealed["suite"])
    assert private_key.key_id == public_key.key_id == sealed["key_id"]
    opened = open_sealed(private_key, sealed["key_sealed"], sealed["key_ref"])
    assert opened == bytes.fromhex(sealed["key"])
    with pytest.raises(UnsealError):
        open_sealed(private_key, sealed["key_sealed"], sealed["key_ref"] + "x")
