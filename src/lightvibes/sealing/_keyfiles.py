"""Recipient key files: reading, writing and telling the kinds apart by their PEM label.

X25519 keys use the standard PEM files every tool reads (PKCS#8 ``PRIVATE KEY``, RFC 5958 and
RFC 8410; SubjectPublicKeyInfo ``PUBLIC KEY``, RFC 5280 and RFC 8410; armour per RFC 7468). No
standard file format exists yet for MLKEM768-X25519, so its keys use LIGHTVIBES PEM labels over a
version byte followed by the draft-ietf-hpke-pq serialization. docs/KEY_FORMATS.md has the layout.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import tempfile
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import x25519

from lightvibes.errors import RecipientKeyError
from lightvibes.sealing._keys import RecipientPrivateKey, RecipientPublicKey
from lightvibes.sealing._suites import SealSuite

# RFC 7468 §10 (PKCS#8) and §13 (SubjectPublicKeyInfo) labels.
_LABEL_PKCS8_PRIVATE = "PRIVATE KEY"
_LABEL_SPKI_PUBLIC = "PUBLIC KEY"
# LIGHTVIBES labels for the hybrid; the body is _HYBRID_FORMAT_VERSION || serialized key.
_LABEL_HYBRID_PRIVATE = "LIGHTVIBES MLKEM768-X25519 PRIVATE KEY"
_LABEL_HYBRID_PUBLIC = "LIGHTVIBES MLKEM768-X25519 PUBLIC KEY"
_HYBRID_FORMAT_VERSION = 0x01

# RFC 7468 §2: generators wrap base64 at exactly 64 characters.
_PEM_LINE_CHARS = 64
# A recipient key file is a few kilobytes at most; refuse to slurp anything much larger.
_MAX_KEY_FILE_BYTES = 64 * 1024

PRIVATE_KEY_FILENAME = "recipient.key"
PUBLIC_KEY_FILENAME = "recipient.pub"
_PRIVATE_KEY_MODE = 0o600
_PUBLIC_KEY_MODE = 0o644
_REFUSE_OVERWRITE = (
    "already exists; refusing to overwrite a recipient key (remove it, or ask to overwrite)."
)

_PEM_BLOCK = re.compile(
    # RFC 7468 §3: a label starts and ends with a printable non-hyphen; hyphens and spaces inside.
    r"-----BEGIN ([\x21-\x2c\x2e-\x7e](?:[\x20-\x7e]*?[\x21-\x2c\x2e-\x7e])?)-----"
    r"(.*?)"
    r"-----END \1-----",
    re.DOTALL,
)

_EXPECTED_PUBLIC = (
    f"a recipient public key ('BEGIN {_LABEL_SPKI_PUBLIC}' with an X25519 key, "
    f"or 'BEGIN {_LABEL_HYBRID_PUBLIC}')"
)
_EXPECTED_PRIVATE = (
    f"a recipient private key ('BEGIN {_LABEL_PKCS8_PRIVATE}' with an X25519 key, "
    f"or 'BEGIN {_LABEL_HYBRID_PRIVATE}')"
)


def _armour(label: str, body: bytes) -> bytes:
    text = base64.b64encode(body).decode("ascii")
    lines = [text[i : i + _PEM_LINE_CHARS] for i in range(0, len(text), _PEM_LINE_CHARS)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""]).encode()


def _single_block(pem: bytes, source: str, expected: str) -> tuple[str, str]:
    """Return (label, block text) of the one PEM block in ``pem``; RFC 7468 §5.2 lets text sit
    around it, but two blocks would make the choice of key ambiguous."""
    try:
        text = pem.decode("ascii")
    except UnicodeDecodeError:
        raise RecipientKeyError(f"{source}: not a PEM file; expected {expected}.") from None
    blocks = list(_PEM_BLOCK.finditer(text))
    if not blocks:
        raise RecipientKeyError(f"{source}: no complete PEM block; expected {expected}.")
    if len(blocks) > 1:
        raise RecipientKeyError(
            f"{source}: holds {len(blocks)} PEM blocks; expected exactly one, {expected}."
        )
    return blocks[0].group(1), blocks[0].group(0)


def _hybrid_body(block: str, label: str, source: str, expected_length: int) -> bytes:
    base64_text = block[len(f"-----BEGIN {label}-----") : -len(f"-----END {label}-----")]
    try:
        body = binascii.a2b_base64("".join(base64_text.split()), strict_mode=True)
    except binascii.Error:
        raise RecipientKeyError(f"{source}: the {label} block is not valid base64.") from None
    if not body or body[0] != _HYBRID_FORMAT_VERSION:
        version = f"version {body[0]}" if body else "an empty body"
        raise RecipientKeyError(
            f"{source}: the {label} block has {version}; this build reads version "
            f"{_HYBRID_FORMAT_VERSION}."
        )
    if len(body) != 1 + expected_length:
        raise RecipientKeyError(
            f"{source}: the {label} block is {len(body)} bytes, expected {1 + expected_length} "
            "(truncated or padded?)."
        )
    return body[1:]


def _algorithm(key: object) -> str:
    """A short name for a key pyca loaded, for messages (never its bytes)."""
    return type(key).__name__.removeprefix("_")


def private_key_to_pem(key: RecipientPrivateKey) -> bytes:
    """Serialize a recipient private key to its PEM file form (unencrypted: protect the file)."""
    if key.suite is SealSuite.X25519:
        x25519_key = x25519.X25519PrivateKey.from_private_bytes(key.private_bytes)
        return x25519_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    return _armour(_LABEL_HYBRID_PRIVATE, bytes([_HYBRID_FORMAT_VERSION]) + key.private_bytes)


def public_key_to_pem(key: RecipientPublicKey) -> bytes:
    """Serialize a recipient public key to its PEM file form."""
    if key.suite is SealSuite.X25519:
        x25519_key = x25519.X25519PublicKey.from_public_bytes(key.public_bytes)
        return x25519_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    return _armour(_LABEL_HYBRID_PUBLIC, bytes([_HYBRID_FORMAT_VERSION]) + key.public_bytes)


def parse_public_key(pem: bytes, *, source: str = "public key") -> RecipientPublicKey:
    """Parse a recipient public key PEM; ``source`` (e.g. the path) prefixes every error."""
    label, block = _single_block(pem, source, _EXPECTED_PUBLIC)
    if label == _LABEL_HYBRID_PUBLIC:
        body = _hybrid_body(block, label, source, SealSuite.MLKEM768_X25519.public_key_length)
        try:
            return RecipientPublicKey(SealSuite.MLKEM768_X25519, body)
        except RecipientKeyError as exc:
            raise RecipientKeyError(f"{source}: {exc.detail}") from None
    if label == _LABEL_SPKI_PUBLIC:
        try:
            loaded = serialization.load_pem_public_key(block.encode("ascii"))
        except (ValueError, UnsupportedAlgorithm):
            raise RecipientKeyError(
                f"{source}: the {label} block is damaged or of an unknown algorithm; "
                f"expected {_EXPECTED_PUBLIC}."
            ) from None
        if not isinstance(loaded, x25519.X25519PublicKey):
            raise RecipientKeyError(
                f"{source}: holds an {_algorithm(loaded)}; expected {_EXPECTED_PUBLIC}."
            )
        try:
            return RecipientPublicKey(SealSuite.X25519, loaded.public_bytes_raw())
        except RecipientKeyError as exc:
            raise RecipientKeyError(f"{source}: {exc.detail}") from None
    if "PRIVATE KEY" in label:
        raise RecipientKeyError(
            f"{source}: holds a private key ('BEGIN {label}') where a public key was expected; "
            f"give the recipient's .pub file, {_EXPECTED_PUBLIC}."
        )
    raise RecipientKeyError(
        f"{source}: holds a 'BEGIN {label}' block; expected {_EXPECTED_PUBLIC}."
    )


def parse_private_key(pem: bytes, *, source: str = "private key") -> RecipientPrivateKey:
    """Parse a recipient private key PEM; ``source`` (e.g. the path) prefixes every error."""
    label, block = _single_block(pem, source, _EXPECTED_PRIVATE)
    if label == _LABEL_HYBRID_PRIVATE:
        body = _hybrid_body(block, label, source, SealSuite.MLKEM768_X25519.private_key_length)
        return RecipientPrivateKey(SealSuite.MLKEM768_X25519, body)
    if label == _LABEL_PKCS8_PRIVATE:
        try:
            loaded = serialization.load_pem_private_key(block.encode("ascii"), password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise RecipientKeyError(
                f"{source}: the {label} block is damaged or of an unknown algorithm; "
                f"expected {_EXPECTED_PRIVATE}."
            ) from None
        if not isinstance(loaded, x25519.X25519PrivateKey):
            raise RecipientKeyError(
                f"{source}: holds an {_algorithm(loaded)}; expected {_EXPECTED_PRIVATE}."
            )
        return RecipientPrivateKey(SealSuite.X25519, loaded.private_bytes_raw())
    if label == "ENCRYPTED PRIVATE KEY":
        raise RecipientKeyError(
            f"{source}: is a password-protected PKCS#8 key; LIGHTVIBES reads unencrypted "
            f"recipient keys only, {_EXPECTED_PRIVATE}."
        )
    if "PUBLIC KEY" in label:
        raise RecipientKeyError(
            f"{source}: holds a public key ('BEGIN {label}') where a private key was expected; "
            f"give the recipient's .key file, {_EXPECTED_PRIVATE}."
        )
    raise RecipientKeyError(
        f"{source}: holds a 'BEGIN {label}' block; expected {_EXPECTED_PRIVATE}."
    )


def _read_key_file(path: Path, kind: str) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(_MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise RecipientKeyError(
            f"{path}: cannot read the recipient {kind} key: {exc.strerror or exc}."
        ) from exc
    if len(data) > _MAX_KEY_FILE_BYTES:
        raise RecipientKeyError(
            f"{path}: is larger than {_MAX_KEY_FILE_BYTES} bytes; not a recipient {kind} key."
        )
    return data


def load_public_key(path: str | os.PathLike[str]) -> RecipientPublicKey:
    """Read a recipient public key file (``recipient.pub``)."""
    path = Path(path)
    return parse_public_key(_read_key_file(path, "public"), source=str(path))


def load_private_key(path: str | os.PathLike[str]) -> RecipientPrivateKey:
    """Read a recipient private key file (``recipient.key``)."""
    path = Path(path)
    return parse_private_key(_read_key_file(path, "private"), source=str(path))


def _write_key_file(path: Path, content: bytes, mode: int, *, overwrite: bool) -> None:
    """Write ``content`` to ``path`` so that it only ever exists with ``mode``, never wider.

    A new file is created by open(2) with the final mode (O_EXCL, no symlink followed), so there is
    no moment when a private key is readable by others. Overwriting writes a fresh temporary file
    (mkstemp: 0600) and renames it into place, so a crash never leaves a half-written key either.
    Raises ``FileExistsError`` when ``path`` exists and ``overwrite`` is false.
    """
    if overwrite:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        target = Path(temporary)
    else:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(path, flags, mode)
        target = path
    try:
        # Set exactly the mode asked for, whatever the umask took away.
        os.fchmod(fd, mode)
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        target.unlink(missing_ok=True)
        raise
    os.close(fd)
    if overwrite:
        os.replace(target, path)


def write_keypair(
    private_key: RecipientPrivateKey, out_dir: str | os.PathLike[str], *, overwrite: bool = False
) -> tuple[Path, Path]:
    """Write ``recipient.key`` (mode 0600) and ``recipient.pub`` (0644) into ``out_dir``.

    Creates ``out_dir`` if needed and refuses to replace existing files unless ``overwrite`` is
    true. Returns the (private, public) paths.
    """
    directory = Path(out_dir)
    private_path = directory / PRIVATE_KEY_FILENAME
    public_path = directory / PUBLIC_KEY_FILENAME
    if not overwrite:
        for existing in (private_path, public_path):
            if existing.exists() or existing.is_symlink():
                raise RecipientKeyError(f"{existing}: {_REFUSE_OVERWRITE}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RecipientKeyError(
            f"{directory}: cannot create the key directory: {exc.strerror or exc}."
        ) from exc
    files = (
        (private_path, private_key_to_pem(private_key), _PRIVATE_KEY_MODE, "private"),
        (public_path, public_key_to_pem(private_key.public_key()), _PUBLIC_KEY_MODE, "public"),
    )
    written: list[Path] = []
    for path, content, mode, kind in files:
        try:
            _write_key_file(path, content, mode, overwrite=overwrite)
        except OSError as exc:
            # Leave no half of a new pair behind (an overwritten pair is replaced file by file).
            if not overwrite:
                for orphan in written:
                    orphan.unlink(missing_ok=True)
            if isinstance(exc, FileExistsError):
                reason = _REFUSE_OVERWRITE
            else:
                reason = f"cannot write the recipient {kind} key: {exc.strerror or exc}."
            raise RecipientKeyError(f"{path}: {reason}") from exc
        written.append(path)
    return private_path, public_path
