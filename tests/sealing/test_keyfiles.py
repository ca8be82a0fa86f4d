"""Recipient key files: PEM round trips, file modes, no overwriting, and every kind of bad file."""

from __future__ import annotations

import base64
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, mlkem, rsa, x448, x25519

from lightvibes.errors import RecipientKeyError
from lightvibes.sealing import (
    HpkeSealer,
    RecipientPrivateKey,
    SealSuite,
    generate_keypair,
    load_private_key,
    load_public_key,
    open_sealed,
    parse_private_key,
    parse_public_key,
    private_key_to_pem,
    public_key_to_pem,
    write_keypair,
)

HYBRID_PRIVATE = "LIGHTVIBES MLKEM768-X25519 PRIVATE KEY"
HYBRID_PUBLIC = "LIGHTVIBES MLKEM768-X25519 PUBLIC KEY"


@pytest.fixture(scope="module", params=list(SealSuite), ids=lambda suite: suite.value)
def recipient(request: pytest.FixtureRequest) -> RecipientPrivateKey:
    suite: SealSuite = request.param
    return generate_keypair(suite)


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    original = os.umask(0o022)
    os.umask(original)
    yield os.umask
    os.umask(original)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def armour(label: str, body: bytes) -> bytes:
    text = base64.b64encode(body).decode()
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""]).encode()


class TestRoundTrip:
    def test_write_and_load_keypair(self, recipient: RecipientPrivateKey, tmp_path: Path) -> None:
        private_path, public_path = write_keypair(recipient, tmp_path / "keys")
        assert (private_path.name, public_path.name) == ("recipient.key", "recipient.pub")
        loaded_private = load_private_key(private_path)
        loaded_public = load_public_key(public_path)
        assert loaded_private.suite is recipient.suite
        assert loaded_private.private_bytes == recipient.private_bytes
        assert loaded_public == recipient.public_key()
        sealed = HpkeSealer(loaded_public).seal(b"k" * 32, "ref")
        assert open_sealed(loaded_private, sealed, "ref") == b"k" * 32

    def test_pem_labels(self, recipient: RecipientPrivateKey) -> None:
        private_pem = private_key_to_pem(recipient)
        public_pem = public_key_to_pem(recipient.public_key())
        if recipient.suite is SealSuite.X25519:
            assert private_pem.startswith(b"-----BEGIN PRIVATE KEY-----\n")
            assert public_pem.startswith(b"-----BEGIN PUBLIC KEY-----\n")
        else:
            assert private_pem.startswith(f"-----BEGIN {HYBRID_PRIVATE}-----\n".encode())
            assert public_pem.startswith(f"-----BEGIN {HYBRID_PUBLIC}-----\n".encode())
        for pem in (private_pem, public_pem):
            assert all(len(line) <= 64 for line in pem.splitlines())
            assert pem.endswith(b"-----\n")

    def test_x25519_files_are_standard_pkcs8_and_spki(self) -> None:
        recipient = generate_keypair(SealSuite.X25519)
        loaded = serialization.load_pem_private_key(private_key_to_pem(recipient), None)
        public = serialization.load_pem_public_key(public_key_to_pem(recipient.public_key()))
        assert isinstance(loaded, x25519.X25519PrivateKey)
        assert isinstance(public, x25519.X25519PublicKey)
        assert loaded.public_key().public_bytes_raw() == recipient.public_key().public_bytes
        assert public.public_bytes_raw() == recipient.public_key().public_bytes

    def test_hybrid_body_is_version_then_serialized_key(self) -> None:
        recipient = generate_keypair(SealSuite.MLKEM768_X25519)
        private_body = base64.b64decode(b"".join(private_key_to_pem(recipient).splitlines()[1:-1]))
        public_pem = public_key_to_pem(recipient.public_key())
        public_body = base64.b64decode(b"".join(public_pem.splitlines()[1:-1]))
        assert private_body == b"\x01" + recipient.private_bytes
        assert public_body == b"\x01" + recipient.public_key().public_bytes
        assert len(public_body) == 1 + 1184 + 32

    def test_explanatory_text_around_the_block_is_allowed(
        self, recipient: RecipientPrivateKey
    ) -> None:
        pem = b"recipient for peer bob\n" + public_key_to_pem(recipient.public_key()) + b"\n# end\n"
        assert parse_public_key(pem) == recipient.public_key()

    def test_crlf_line_endings_are_accepted(self, recipient: RecipientPrivateKey) -> None:
        pem = private_key_to_pem(recipient).replace(b"\n", b"\r\n")
        assert parse_private_key(pem).key_id == recipient.key_id


class TestWriteKeypair:
    def test_modes_whatever_the_umask(
        self, recipient: RecipientPrivateKey, tmp_path: Path, umask: Callable[[int], int]
    ) -> None:
        for mask in (0o000, 0o022, 0o077):
            umask(mask)
            out = tmp_path / f"mask{mask:o}"
            private_path, public_path = write_keypair(recipient, out)
            assert mode_of(private_path) == 0o600
            assert mode_of(public_path) == 0o644

    def test_refuses_to_overwrite(self, recipient: RecipientPrivateKey, tmp_path: Path) -> None:
        private_path, public_path = write_keypair(recipient, tmp_path)
        before = (private_path.read_bytes(), public_path.read_bytes())
        other = generate_keypair(recipient.suite)
        with pytest.raises(RecipientKeyError, match="refusing to overwrite") as caught:
            write_keypair(other, tmp_path)
        assert str(private_path) in str(caught.value)
        assert (private_path.read_bytes(), public_path.read_bytes()) == before

    def test_refuses_when_only_the_public_file_exists(
        self, recipient: RecipientPrivateKey, tmp_path: Path
    ) -> None:
        (tmp_path / "recipient.pub").write_text("someone else's key")
        with pytest.raises(RecipientKeyError, match=r"recipient\.pub"):
            write_keypair(recipient, tmp_path)
        assert not (tmp_path / "recipient.key").exists()

    def test_does_not_follow_a_symlink(
        self, recipient: RecipientPrivateKey, tmp_path: Path
    ) -> None:
        target = tmp_path / "elsewhere"
        (tmp_path / "recipient.key").symlink_to(target)
        with pytest.raises(RecipientKeyError, match="refusing to overwrite"):
            write_keypair(recipient, tmp_path)
        assert not target.exists()

    def test_overwrite_replaces_both_files(
        self, recipient: RecipientPrivateKey, tmp_path: Path, umask: Callable[[int], int]
    ) -> None:
        umask(0o000)
        write_keypair(generate_keypair(recipient.suite), tmp_path)
        private_path, public_path = write_keypair(recipient, tmp_path, overwrite=True)
        assert load_private_key(private_path).key_id == recipient.key_id
        assert load_public_key(public_path) == recipient.public_key()
        assert (mode_of(private_path), mode_of(public_path)) == (0o600, 0o644)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["recipient.key", "recipient.pub"]

    def test_out_dir_that_is_a_file(self, recipient: RecipientPrivateKey, tmp_path: Path) -> None:
        blocker = tmp_path / "not-a-dir"
        blocker.write_text("")
        with pytest.raises(RecipientKeyError, match="not-a-dir"):
            write_keypair(recipient, blocker)


def _other_algorithm_pems() -> dict[str, tuple[bytes, bytes]]:
    """(private PEM, public PEM) of keys that are not recipient keys."""
    keys: dict[
        str,
        ed25519.Ed25519PrivateKey
        | rsa.RSAPrivateKey
        | ec.EllipticCurvePrivateKey
        | x448.X448PrivateKey
        | mlkem.MLKEM768PrivateKey,
    ] = {
        "ed25519": ed25519.Ed25519PrivateKey.generate(),
        "rsa": rsa.generate_private_key(public_exponent=65537, key_size=1024),
        "p256": ec.generate_private_key(ec.SECP256R1()),
        "x448": x448.X448PrivateKey.generate(),
        "mlkem768-alone": mlkem.MLKEM768PrivateKey.generate(),
    }
    pems = {}
    for name, key in keys.items():
        private = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        public = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        pems[name] = (private, public)
    return pems


OTHER_ALGORITHMS = _other_algorithm_pems()


class TestBadFiles:
    @pytest.mark.parametrize("name", sorted(OTHER_ALGORITHMS))
    def test_other_algorithm_keys(self, name: str, tmp_path: Path) -> None:
        private_pem, public_pem = OTHER_ALGORITHMS[name]
        (tmp_path / "k.key").write_bytes(private_pem)
        (tmp_path / "k.pub").write_bytes(public_pem)
        with pytest.raises(RecipientKeyError, match="expected a recipient private key") as caught:
            load_private_key(tmp_path / "k.key")
        assert str(tmp_path / "k.key") in str(caught.value)
        with pytest.raises(RecipientKeyError, match="expected a recipient public key") as caught:
            load_public_key(tmp_path / "k.pub")
        assert str(tmp_path / "k.pub") in str(caught.value)

    def test_rsa_traditional_format(self) -> None:
        rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        pem = rsa_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
        with pytest.raises(RecipientKeyError, match="BEGIN RSA PRIVATE KEY"):
            parse_private_key(pem)
        with pytest.raises(RecipientKeyError, match="where a public key was expected"):
            parse_public_key(pem)

    def test_private_key_where_public_expected(
        self, recipient: RecipientPrivateKey, tmp_path: Path
    ) -> None:
        private_path, public_path = write_keypair(recipient, tmp_path)
        with pytest.raises(RecipientKeyError, match="where a public key was expected") as caught:
            load_public_key(private_path)
        assert str(private_path) in str(caught.value)
        with pytest.raises(RecipientKeyError, match="where a private key was expected") as caught:
            load_private_key(public_path)
        assert str(public_path) in str(caught.value)

    def test_encrypted_pkcs8(self) -> None:
        key = generate_keypair(SealSuite.X25519)
        x = serialization.load_pem_private_key(private_key_to_pem(key), None)
        pem = x.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"secret"),
        )
        with pytest.raises(RecipientKeyError, match="password-protected"):
            parse_private_key(pem)

    def test_messages_never_contain_key_material(self, recipient: RecipientPrivateKey) -> None:
        private_pem = private_key_to_pem(recipient)
        body_lines = [line.decode() for line in private_pem.splitlines()[1:-1]]
        with pytest.raises(RecipientKeyError) as caught:
            parse_public_key(private_pem)
        message = str(caught.value)
        assert not any(line[:16] in message for line in body_lines)
        assert recipient.private_bytes.hex()[:16] not in message

    @pytest.mark.parametrize(
        ("content", "match"),
        [
            pytest.param(b"", "no complete PEM block", id="empty"),
            pytest.param(b"hello, world\n", "no complete PEM block", id="text"),
            pytest.param(b"\x30\x82\x01\x0a\x02\x82\xff", "not a PEM file", id="der"),
            pytest.param(
                b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "BEGIN CERTIFICATE",
                id="certificate",
            ),
            pytest.param(
                armour(HYBRID_PUBLIC, b"\x01" + bytes(100)), "truncated", id="hybrid-short"
            ),
            pytest.param(
                armour(HYBRID_PUBLIC, b"\x01" + bytes(1217)), "truncated", id="hybrid-long"
            ),
            pytest.param(armour(HYBRID_PUBLIC, b"\x02" + bytes(1216)), "version 2", id="hybrid-v2"),
            pytest.param(armour(HYBRID_PUBLIC, b""), "empty body", id="hybrid-empty"),
            pytest.param(
                b"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VuAyEA!!!\n-----END PUBLIC KEY-----\n",
                "damaged",
                id="spki-garbled",
            ),
            pytest.param(
                f"-----BEGIN {HYBRID_PUBLIC}-----\nAQ*=\n-----END {HYBRID_PUBLIC}-----\n".encode(),
                "not valid base64",
                id="hybrid-garbled",
            ),
        ],
    )
    def test_garbled_public_files(self, content: bytes, match: str, tmp_path: Path) -> None:
        path = tmp_path / "recipient.pub"
        path.write_bytes(content)
        with pytest.raises(RecipientKeyError, match=match) as caught:
            load_public_key(path)
        assert str(caught.value).startswith(f"{path}: ")

    @pytest.mark.parametrize(
        "damage",
        [
            pytest.param(lambda pem: pem[: len(pem) // 2], id="cut-in-half"),
            pytest.param(lambda pem: pem.replace(b"-----END", b"-----FIN"), id="no-end-line"),
            pytest.param(lambda pem: pem.replace(b"\n", b"\nA", 1), id="extra-char"),
            pytest.param(lambda pem: pem + pem, id="two-blocks"),
            pytest.param(
                lambda pem: b"\n".join(
                    [*pem.splitlines()[:1], pem.splitlines()[1][:-4], *pem.splitlines()[2:]]
                ),
                id="short-line",
            ),
        ],
    )
    def test_damaged_private_files(
        self,
        recipient: RecipientPrivateKey,
        damage: Callable[[bytes], bytes],
        tmp_path: Path,
    ) -> None:
        path = tmp_path / "recipient.key"
        path.write_bytes(damage(private_key_to_pem(recipient)))
        with pytest.raises(RecipientKeyError) as caught:
            load_private_key(path)
        assert str(caught.value).startswith(f"{path}: ")

    def test_missing_file_and_directory(self, tmp_path: Path) -> None:
        with pytest.raises(RecipientKeyError, match="cannot read") as caught:
            load_public_key(tmp_path / "absent.pub")
        assert "absent.pub" in str(caught.value)
        with pytest.raises(RecipientKeyError, match="cannot read"):
            load_private_key(tmp_path)

    def test_oversized_file(self, tmp_path: Path) -> None:
        path = tmp_path / "huge.pub"
        path.write_bytes(b"A" * (64 * 1024 + 1))
        with pytest.raises(RecipientKeyError, match="larger than"):
            load_public_key(path)
