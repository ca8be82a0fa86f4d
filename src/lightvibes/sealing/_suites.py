"""The two RFC 9180 HPKE cipher suites LIGHTVIBES seals keys with, and their IANA code points."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from cryptography.hazmat.primitives import hpke

# IANA "HPKE KEM Identifiers" registry (RFC 9180 §7.1, Table 2).
_KEM_DHKEM_X25519_HKDF_SHA256 = 0x0020
# 0x647A is in the same registry, first assigned to X-Wing (draft-connolly-cfrg-xwing-kem);
# draft-ietf-hpke-pq-05 §8.2 (Table 3) asks IANA to replace that entry with MLKEM768-X25519,
# the same construction under its HPKE name. pyca/cryptography uses this id (KEM.MLKEM768_X25519).
_KEM_MLKEM768_X25519 = 0x647A
# IANA "HPKE KDF Identifiers" (RFC 9180 §7.2, Table 3).
_KDF_HKDF_SHA256 = 0x0001
# IANA "HPKE AEAD Identifiers" (RFC 9180 §7.3, Table 5).
_AEAD_AES_256_GCM = 0x0002

# Nt of AES-256-GCM, the tag appended to every ciphertext (RFC 9180 §7.3, Table 5).
AEAD_TAG_LENGTH = 16


@dataclass(frozen=True)
class _SuiteParameters:
    hpke_suite: hpke.Suite
    description: str
    kem_id: int
    kdf_id: int
    aead_id: int
    enc_length: int  # Nenc
    public_key_length: int  # Npk: length of SerializePublicKey(pkR)
    private_key_length: int  # Nsk: length of SerializePrivateKey(skR)


class SealSuite(enum.StrEnum):
    """An HPKE suite a recipient key belongs to; the values are the CLI's ``--kem`` choices."""

    X25519 = "x25519"
    MLKEM768_X25519 = "mlkem768-x25519"

    @property
    def hpke_suite(self) -> hpke.Suite:
        """The pyca/cryptography suite object that seals and opens with this suite."""
        return _PARAMETERS[self].hpke_suite

    @property
    def description(self) -> str:
        """The suite in the RFC's notation: KEM, KDF, AEAD."""
        return _PARAMETERS[self].description

    @property
    def kem_id(self) -> int:
        return _PARAMETERS[self].kem_id

    @property
    def kdf_id(self) -> int:
        return _PARAMETERS[self].kdf_id

    @property
    def aead_id(self) -> int:
        return _PARAMETERS[self].aead_id

    @property
    def enc_length(self) -> int:
        """Nenc: bytes of the encapsulated key that prefixes every sealed blob."""
        return _PARAMETERS[self].enc_length

    @property
    def public_key_length(self) -> int:
        """Npk: bytes of the serialized recipient public key."""
        return _PARAMETERS[self].public_key_length

    @property
    def private_key_length(self) -> int:
        """Nsk: bytes of the serialized recipient private key."""
        return _PARAMETERS[self].private_key_length


_PARAMETERS: dict[SealSuite, _SuiteParameters] = {
    SealSuite.X25519: _SuiteParameters(
        hpke_suite=hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM),
        description="DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM",
        kem_id=_KEM_DHKEM_X25519_HKDF_SHA256,
        kdf_id=_KDF_HKDF_SHA256,
        aead_id=_AEAD_AES_256_GCM,
        # RFC 9180 §7.1, Table 2.
        enc_length=32,
        public_key_length=32,
        private_key_length=32,
    ),
    SealSuite.MLKEM768_X25519: _SuiteParameters(
        hpke_suite=hpke.Suite(
            hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM
        ),
        description="MLKEM768-X25519, HKDF-SHA256, AES-256-GCM",
        kem_id=_KEM_MLKEM768_X25519,
        kdf_id=_KDF_HKDF_SHA256,
        aead_id=_AEAD_AES_256_GCM,
        # draft-ietf-hpke-pq-05 §8.2, Table 3: ML-KEM ciphertext 1088 + X25519 share 32;
        # encapsulation key 1184 + X25519 public 32; the private key is a 32-byte seed.
        enc_length=1120,
        public_key_length=1216,
        private_key_length=32,
    ),
}
