"""C2SP signed notes with Ed25519, and the tlog-checkpoint body they carry.

A checkpoint body (c2sp.org/tlog-checkpoint) is three lines, origin, decimal tree size and
base64 root hash, plus optional extension lines, each ending in a newline. A signed note
(c2sp.org/signed-note) is that text, a blank line, and one line per signature::

    lightvibes.example/evidence
    42
    lPdlK0ZvcT6tFIB+ixSSpHTJhWZWBCTaFBRpeaZdMD4=

    — lightvibes.example/evidence Az3grlgtzPICa5OS8np...

Each signature is base64(key ID (4 bytes, big-endian) || Ed25519 signature of the text). Parsing
is strict and every refusal is an :class:`~lightvibes.errors.InvalidRequestError` whose message
says what is wrong; the auditor turns it into a verdict.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from lightvibes.errors import InvalidRequestError
from lightvibes.evidence import merkle

# c2sp.org/signed-note, Format: a signature line is em dash (U+2014), space, key name, space,
# base64 signature, newline.
SIGNATURE_LINE_PREFIX = "\u2014 "
# c2sp.org/signed-note, Signature types: 0x01 is Ed25519 (RFC 8032) over the note text.
ED25519_SIGNATURE_TYPE = 0x01
# c2sp.org/signed-note, Format: every signature starts with the uint32 key ID, big-endian.
KEY_ID_SIZE = 4
# c2sp.org/signed-note, Signatures: verifiers SHOULD cap the signatures in a note and MUST accept
# at least 16. 100 is golang.org/x/mod/sumdb/note's cap, so any note Go accepts passes here.
MAX_NOTE_SIGNATURES = 100
# A checkpoint is about a hundred bytes; the cap bounds the work an auditor does on a bad file.
MAX_NOTE_BYTES = 64 * 1024

_ED25519_PUBLIC_KEY_SIZE = 32
_ED25519_SIGNATURE_SIZE = 64
_KEY_ID_HEX = re.compile(r"[0-9a-f]{8}")
# c2sp.org/tlog-checkpoint, Note text: the tree size is ASCII decimal with no leading zeroes.
_TREE_SIZE = re.compile(r"0|[1-9][0-9]*")
_MAX_TREE_SIZE = (1 << 64) - 1


def ed25519_key_id(name: str, public_key: bytes) -> int:
    """Key ID of an Ed25519 note key: SHA-256(name || 0x0A || 0x01 || public key)[:4] as uint32.

    c2sp.org/signed-note, Ed25519 signatures.
    """
    digest = hashlib.sha256(
        name.encode("utf-8") + b"\n" + bytes([ED25519_SIGNATURE_TYPE]) + public_key
    ).digest()
    return int.from_bytes(digest[:KEY_ID_SIZE], "big")


@dataclass(frozen=True)
class Checkpoint:
    """A log's tree head as c2sp.org/tlog-checkpoint writes it: origin, size, root, extensions."""

    origin: str
    tree_size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _is_line(self.origin):
            raise ValueError("a checkpoint origin is one non-empty line without control characters")
        if isinstance(self.tree_size, bool) or not 0 <= self.tree_size <= _MAX_TREE_SIZE:
            raise ValueError(f"tree size {self.tree_size} is not a uint64")
        if len(self.root_hash) != merkle.HASH_SIZE:
            raise ValueError(f"a root hash is {merkle.HASH_SIZE} bytes, got {len(self.root_hash)}")
        if not all(_is_line(line) for line in self.extensions):
            raise ValueError("extension lines must be non-empty lines without control characters")
        object.__setattr__(self, "root_hash", bytes(self.root_hash))
        object.__setattr__(self, "extensions", tuple(self.extensions))

    def body(self) -> str:
        """The note text: origin, tree size, base64 root, extensions, each line ending "\\n"."""
        root = base64.b64encode(self.root_hash).decode("ascii")
        lines = [self.origin, str(self.tree_size), root, *self.extensions]
        return "".join(line + "\n" for line in lines)

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        """Read a checkpoint body (the text of a verified note); strict about every line."""
        if not isinstance(body, str) or len(body) > MAX_NOTE_BYTES:
            raise InvalidRequestError("Malformed checkpoint: not a text of at most 64 KiB.")
        if not body.endswith("\n"):
            raise InvalidRequestError("Malformed checkpoint: the text must end with a newline.")
        lines = body[:-1].split("\n")
        if len(lines) < 3:
            raise InvalidRequestError(
                "Malformed checkpoint: expected origin, tree size and root hash lines."
            )
        if not all(_is_line(line) for line in lines):
            raise InvalidRequestError(
                "Malformed checkpoint: every line must be non-empty, without control characters."
            )
        origin, size_text, root_text, *extensions = lines
        if not _TREE_SIZE.fullmatch(size_text) or int(size_text) > _MAX_TREE_SIZE:
            raise InvalidRequestError(
                f"Malformed checkpoint: tree size {size_text!r} is not a decimal uint64 "
                "without leading zeroes."
            )
        root = _strict_b64decode(root_text)
        if root is None or len(root) != merkle.HASH_SIZE:
            raise InvalidRequestError(
                "Malformed checkpoint: the root hash is not the padded standard base64 "
                f"of {merkle.HASH_SIZE} bytes."
            )
        return cls(origin, int(size_text), root, tuple(extensions))


@dataclass(frozen=True)
class NoteVerifier:
    """An Ed25519 note verifier key: a name, its key ID and the 32-byte public key."""

    name: str
    key_id: int
    public_key: bytes

    def __post_init__(self) -> None:
        if not _is_key_name(self.name):
            raise ValueError("a key name is non-empty, without spaces, '+' or control characters")
        if len(self.public_key) != _ED25519_PUBLIC_KEY_SIZE:
            raise ValueError("an Ed25519 public key is 32 bytes")
        if self.key_id != ed25519_key_id(self.name, self.public_key):
            raise ValueError("the key ID does not match the name and public key")

    @classmethod
    def from_public_key(cls, name: str, public_key: Ed25519PublicKey | bytes) -> NoteVerifier:
        """The verifier for ``name`` and an Ed25519 public key (object or 32 raw bytes)."""
        raw = (
            public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            if isinstance(public_key, Ed25519PublicKey)
            else bytes(public_key)
        )
        return cls(name, ed25519_key_id(name, raw), raw)

    @classmethod
    def parse(cls, text: str) -> NoteVerifier:
        """Read a verifier key ``<name>+<hex key ID>+<base64(0x01 || public key)>``."""
        parts = text.split("+", 2) if isinstance(text, str) else []
        if len(parts) != 3:
            raise InvalidRequestError(
                "Malformed verifier key: expected <name>+<8 hex digits>+<base64 key>."
            )
        name, key_id_hex, key_text = parts
        if not _is_key_name(name):
            raise InvalidRequestError(
                "Malformed verifier key: the name must be non-empty, without spaces or '+'."
            )
        if not _KEY_ID_HEX.fullmatch(key_id_hex):
            raise InvalidRequestError(
                "Malformed verifier key: the key ID must be 8 lowercase hex digits."
            )
        key = _strict_b64decode(key_text)
        if key is None or not key:
            raise InvalidRequestError(
                "Malformed verifier key: the key is not padded standard base64."
            )
        if key[0] != ED25519_SIGNATURE_TYPE:
            raise InvalidRequestError(
                f"Unsupported verifier key: signature type 0x{key[0]:02x}, only Ed25519 (0x01)."
            )
        if len(key) != 1 + _ED25519_PUBLIC_KEY_SIZE:
            raise InvalidRequestError("Malformed verifier key: an Ed25519 key is 32 bytes.")
        public_key = key[1:]
        if int(key_id_hex, 16) != ed25519_key_id(name, public_key):
            raise InvalidRequestError(
                "Malformed verifier key: the key ID does not match the name and public key."
            )
        return cls(name, int(key_id_hex, 16), public_key)

    def verifier_key(self) -> str:
        """This key as text: ``<name>+<hex key ID>+<base64(0x01 || public key)>``."""
        encoded = base64.b64encode(bytes([ED25519_SIGNATURE_TYPE]) + self.public_key)
        return f"{self.name}+{self.key_id:08x}+{encoded.decode('ascii')}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is this key's Ed25519 signature of ``message``; never raises."""
        if not isinstance(signature, bytes) or len(signature) != _ED25519_SIGNATURE_SIZE:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


class NoteSigner:
    """Signs note texts with one Ed25519 key under one key name."""

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        if not _is_key_name(name):
            raise ValueError("a key name is non-empty, without spaces, '+' or control characters")
        self._private_key = private_key
        self._verifier = NoteVerifier.from_public_key(name, private_key.public_key())

    def __repr__(self) -> str:
        return f"NoteSigner({self.verifier_key()!r})"

    @property
    def name(self) -> str:
        return self._verifier.name

    @property
    def key_id(self) -> int:
        return self._verifier.key_id

    def verifier(self) -> NoteVerifier:
        """The verifier of this signer's signatures."""
        return self._verifier

    def verifier_key(self) -> str:
        """The verifier key text auditors pin: ``<name>+<hex key ID>+<base64(0x01 || key)>``."""
        return self._verifier.verifier_key()

    def sign(self, body: str) -> str:
        """The whole signed note: ``body``, a blank line and this key's signature line."""
        if not body or not body.endswith("\n"):
            raise ValueError("a note text is non-empty and ends with a newline")
        if _CONTROL.search(body):
            raise ValueError("a note text has no control characters other than newline")
        signature = self._private_key.sign(body.encode("utf-8"))
        blob = self.key_id.to_bytes(KEY_ID_SIZE, "big") + signature
        line = f"{SIGNATURE_LINE_PREFIX}{self.name} {base64.b64encode(blob).decode('ascii')}\n"
        return body + "\n" + line


@dataclass(frozen=True)
class _NoteSignature:
    name: str
    key_id: int
    signature: bytes


def open_note(note: str | bytes, verifiers: Iterable[NoteVerifier]) -> tuple[str, list[str]]:
    """Verify a signed note and return its text and the names of the keys that signed it.

    Follows c2sp.org/signed-note: signatures from unknown keys (name and key ID not both known)
    are ignored; a known key's signature must verify, or the whole note is refused; at least one
    known key must have signed. Raises :class:`InvalidRequestError` saying why otherwise.
    """
    text, signatures = _split_note(note)
    known: dict[tuple[str, int], set[NoteVerifier]] = {}
    for verifier in verifiers:
        known.setdefault((verifier.name, verifier.key_id), set()).add(verifier)
    message = text.encode("utf-8")
    verified: list[str] = []
    for signature in signatures:
        candidates = known.get((signature.name, signature.key_id))
        if not candidates:
            continue
        label = f"{signature.name}+{signature.key_id:08x}"
        if len(candidates) > 1:
            raise InvalidRequestError(f"Ambiguous verifier key {label}: two keys share it.")
        (verifier,) = candidates
        if not verifier.verify(message, signature.signature):
            raise InvalidRequestError(f"Invalid signature for key {label}.")
        if signature.name not in verified:
            verified.append(signature.name)
    if not verified:
        signers = ", ".join(sorted({f"{s.name}+{s.key_id:08x}" for s in signatures}))
        raise InvalidRequestError(
            f"The note has no signature from a known key (signed by: {signers})."
        )
    return text, verified


def _split_note(note: str | bytes) -> tuple[str, list[_NoteSignature]]:
    """The note's text and its well-formed signature lines, without verifying anything."""
    if isinstance(note, bytes | bytearray):
        if len(note) > MAX_NOTE_BYTES:
            raise InvalidRequestError("Malformed signed note: longer than 64 KiB.")
        try:
            note = bytes(note).decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidRequestError("Malformed signed note: not valid UTF-8.") from None
    elif isinstance(note, str):
        try:
            size = len(note.encode("utf-8"))
        except UnicodeEncodeError:
            raise InvalidRequestError("Malformed signed note: not valid UTF-8.") from None
        if size > MAX_NOTE_BYTES:
            raise InvalidRequestError("Malformed signed note: longer than 64 KiB.")
    else:
        raise InvalidRequestError("Malformed signed note: not text.")
    if _CONTROL.search(note):
        raise InvalidRequestError(
            "Malformed signed note: control characters other than newline are not allowed."
        )
    # The text is separated from the signatures by the last empty line of the note.
    split = note.rfind("\n\n")
    if split < 0:
        raise InvalidRequestError(
            "Malformed signed note: no blank line separates the text from the signatures."
        )
    text, signature_block = note[: split + 1], note[split + 2 :]
    if not signature_block or not signature_block.endswith("\n"):
        raise InvalidRequestError(
            "Malformed signed note: expected signature lines, each ending with a newline."
        )
    lines = signature_block[:-1].split("\n")
    if len(lines) > MAX_NOTE_SIGNATURES:
        raise InvalidRequestError(
            f"Malformed signed note: more than {MAX_NOTE_SIGNATURES} signatures."
        )
    return text, [_parse_signature_line(line) for line in lines]


def _parse_signature_line(line: str) -> _NoteSignature:
    if not line.startswith(SIGNATURE_LINE_PREFIX):
        raise InvalidRequestError(
            "Malformed signed note: a signature line must start with an em dash and a space."
        )
    name, space, encoded = line[len(SIGNATURE_LINE_PREFIX) :].partition(" ")
    blob = _strict_b64decode(encoded) if space else None
    if not _is_key_name(name) or blob is None or len(blob) <= KEY_ID_SIZE:
        raise InvalidRequestError(
            "Malformed signed note: a signature line is '— <key name> <base64 signature>'."
        )
    return _NoteSignature(name, int.from_bytes(blob[:KEY_ID_SIZE], "big"), blob[KEY_ID_SIZE:])


# c2sp.org/signed-note, Format: no ASCII control characters (below U+0020) other than newline.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")


def _is_line(value: object) -> bool:
    return isinstance(value, str) and bool(value) and not re.search(r"[\x00-\x1f]", value)


def _is_key_name(name: object) -> bool:
    """c2sp.org/signed-note: key names are non-empty, without Unicode spaces or '+'."""
    if not isinstance(name, str) or not _is_line(name):
        return False
    return "+" not in name and not any(char.isspace() for char in name)


def _strict_b64decode(text: str) -> bytes | None:
    """Decode padded standard base64 (RFC 4648 §4), refusing any non-canonical spelling."""
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    if base64.b64encode(decoded).decode("ascii") != text:
        return None
    return decoded
