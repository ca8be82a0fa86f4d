"""Sealing keys to recipients with RFC 9180 HPKE (X25519 or the MLKEM768-X25519 hybrid)."""

from lightvibes.sealing._keyfiles import (
    load_private_key,
    load_public_key,
    parse_private_key,
    parse_public_key,
    private_key_to_pem,
    public_key_to_pem,
    write_keypair,
)
from lightvibes.sealing._keys import RecipientPrivateKey, RecipientPublicKey, generate_keypair
from lightvibes.sealing._sealer import (
    SEAL_INFO_PREFIX,
    HpkeSealer,
    Sealer,
    decode_sealed,
    encode_sealed,
    open_sealed,
    seal_info,
)
from lightvibes.sealing._suites import SealSuite

__all__ = [
    "SEAL_INFO_PREFIX",
    "HpkeSealer",
    "RecipientPrivateKey",
    "RecipientPublicKey",
    "SealSuite",
    "Sealer",
    "decode_sealed",
    "encode_sealed",
    "generate_keypair",
    "load_private_key",
    "load_public_key",
    "open_sealed",
    "parse_private_key",
    "parse_public_key",
    "private_key_to_pem",
    "public_key_to_pem",
    "seal_info",
    "write_keypair",
]
