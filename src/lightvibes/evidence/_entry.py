"""Evidence entries: one canonical JSON object (RFC 8785) per event, never key material.

An entry's bytes are exactly what the Merkle tree hashes as a leaf, so they must be unique for a
given event: RFC 8785 fixes key order, number and string spelling, and :func:`decode_entry`
refuses anything that does not re-encode to the very same bytes. The object is::

    {"actor": str, "fields": {...}, "seq": int, "time": "2025-01-02T03:04:05.123456Z",
     "type": "key.issued"}

Entries describe key operations, so a guard refuses any field whose name says key material
(``key``, ``key_sealed``, ``secret``, ``private``, ...) and any bytes value, at any depth.
References and identifiers (``key_ref``, ``recipient_key_id``) are fine.
"""

from __future__ import annotations

import enum
import functools
import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeAlias

import rfc8785

JSONValue: TypeAlias = bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"] | None


class EntryType(enum.StrEnum):
    """The event types the service records; the value is the entry's ``type``."""

    SESSION_CREATED = "session.created"
    KEY_ISSUED = "key.issued"
    KEY_DELIVERED = "key.delivered"
    KEY_DESTROYED = "key.destroyed"
    MODE_CHANGED = "mode.changed"
    LINK_QUARANTINED = "link.quarantined"
    LINK_RESTORED = "link.restored"
    LINK_DEGRADED = "link.degraded"
    LINK_HEALTHY = "link.healthy"
    # Written first by every process that appends: it records the verifier key that signs this
    # process's checkpoints. An in-memory signing key is new after each restart.
    LOG_STARTED = "log.started"
    GUARD_DENIED = "guard.denied"


# The fields of a log.started entry: the log's origin line and the checkpoint verifier key text.
LOG_STARTED_ORIGIN_FIELD = "origin"
LOG_STARTED_VERIFIER_FIELD = "verifier"

# Far above any real event; bounds what a verifier parses from an untrusted log.
MAX_ENTRY_BYTES = 64 * 1024
_MAX_DEPTH = 8
_ENTRY_KEYS = frozenset({"seq", "time", "type", "actor", "fields"})
_TYPE_NAME = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
_TIME_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")

# Words that mark key material anywhere in a field name (split at '_', '-', '.' and camelCase).
_SECRET_WORDS = frozenset(
    {
        "dek",
        "kek",
        "material",
        "passphrase",
        "password",
        "plaintext",
        "private",
        "psk",
        "sealed",
        "secret",
        "secrets",
        "seed",
    }
)
# "key" at the end of a name (``key``, ``session_key``) or before one of these words names the
# key itself; before anything else (``key_ref``, ``key_id``) it names a reference to it.
_KEY_WORDS = frozenset({"key", "keys"})
_KEY_VALUE_WORDS = frozenset(
    {"b64", "base64", "blob", "bytes", "data", "der", "hex", "pem", "raw", "value"}
)


@dataclass(frozen=True)
class Entry:
    """One decoded evidence entry."""

    seq: int
    time: datetime
    type: str
    actor: str
    fields: dict[str, JSONValue] = field(default_factory=dict)

    def encode(self) -> bytes:
        """The entry's canonical bytes, the leaf the log hashes."""
        return encode_entry(
            seq=self.seq, time=self.time, type=self.type, actor=self.actor, fields=self.fields
        )


def encode_entry(
    *, seq: int, time: datetime, type: str, actor: str, fields: Mapping[str, Any]
) -> bytes:
    """The RFC 8785 canonical JSON bytes of one event; ``ValueError`` if it is not loggable."""
    _check_seq(seq)
    if not isinstance(time, datetime) or time.utcoffset() is None:
        raise ValueError("an entry time is a timezone-aware datetime")
    _check_type(type)
    _check_actor(actor)
    if not isinstance(fields, Mapping):
        raise ValueError("entry fields are a mapping of names to JSON values")
    _check_value(dict(fields), "fields", 0)
    document: dict[str, Any] = {
        "seq": seq,
        "time": format_time(time),
        "type": type,
        "actor": actor,
        "fields": dict(fields),
    }
    try:
        encoded = rfc8785.dumps(document)
    except rfc8785.CanonicalizationError as error:
        raise ValueError(f"entry is not canonical JSON: {error}") from None
    if len(encoded) > MAX_ENTRY_BYTES:
        raise ValueError(f"an entry is at most {MAX_ENTRY_BYTES} bytes, got {len(encoded)}")
    return encoded


def decode_entry(data: bytes) -> Entry:
    """Read one entry's bytes, refusing anything :func:`encode_entry` would not produce."""
    if not isinstance(data, bytes | bytearray):
        raise ValueError("an entry is bytes")
    if len(data) > MAX_ENTRY_BYTES:
        raise ValueError(f"an entry is at most {MAX_ENTRY_BYTES} bytes")
    try:
        document = json.loads(
            bytes(data).decode("utf-8"),
            object_pairs_hook=_no_duplicate_names,
            parse_constant=_no_constant,
        )
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ValueError(f"an entry is UTF-8 JSON: {error}") from None
    if not isinstance(document, dict) or set(document) != _ENTRY_KEYS:
        raise ValueError(f"an entry is an object with exactly {sorted(_ENTRY_KEYS)}")
    time_text = document["time"]
    if not isinstance(time_text, str) or not _TIME_TEXT.fullmatch(time_text):
        raise ValueError("an entry time is RFC 3339 UTC with microseconds, e.g. ...05.123456Z")
    try:
        # The pattern above fixed the layout; this checks the calendar and the clock.
        time = datetime.fromisoformat(time_text[:-1] + "+00:00")
    except ValueError:
        raise ValueError(f"entry time {time_text!r} is not a real instant") from None
    fields = document["fields"]
    if not isinstance(fields, dict):
        raise ValueError("entry fields are a JSON object")
    entry = Entry(document["seq"], time, document["type"], document["actor"], fields)
    if entry.encode() != bytes(data):
        raise ValueError("an entry must be in RFC 8785 canonical form")
    return entry


def format_time(time: datetime) -> str:
    """RFC 3339 in UTC with microseconds and ``Z``: ``2025-01-02T03:04:05.123456Z``."""
    utc = time.astimezone(UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond:06d}Z"
    )


def log_started_fields(origin: str, verifier_key: str) -> dict[str, JSONValue]:
    """The fields of a ``log.started`` entry: the log's origin and this process's verifier key."""
    return {LOG_STARTED_ORIGIN_FIELD: origin, LOG_STARTED_VERIFIER_FIELD: verifier_key}


@functools.lru_cache(maxsize=4096)  # the service logs a small, fixed vocabulary of names
def is_key_material_name(name: str) -> bool:
    """Whether a field name says it holds key material (``key``, ``key_sealed``, ``secret``...)."""
    words = re.split(r"[^a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower())
    words = [word for word in words if word]
    if not words:
        return False
    if _SECRET_WORDS.intersection(words) or words[-1] in _KEY_WORDS:
        return True
    return any(
        word in _KEY_WORDS and following in _KEY_VALUE_WORDS
        for word, following in itertools.pairwise(words)
    )


def _check_seq(seq: object) -> None:
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise ValueError("an entry seq is a non-negative integer")


def _check_type(entry_type: object) -> None:
    if not isinstance(entry_type, str) or not _TYPE_NAME.fullmatch(entry_type):
        raise ValueError("an entry type is a dotted lowercase name such as 'key.issued'")


def _check_actor(actor: object) -> None:
    if not isinstance(actor, str) or not actor:
        raise ValueError("an entry actor is a non-empty string")


def _check_value(value: object, where: str, depth: int) -> None:
    """Refuse bytes, non-JSON values and key-material names anywhere inside ``value``."""
    if depth > _MAX_DEPTH:
        raise ValueError(f"{where}: nested deeper than {_MAX_DEPTH} levels")
    if isinstance(value, bytes | bytearray | memoryview):
        raise ValueError(f"{where}: bytes are never logged (key material stays out of evidence)")
    if value is None or isinstance(value, bool | int | float | str):
        return
    if isinstance(value, list | tuple):
        for position, item in enumerate(value):
            _check_value(item, f"{where}[{position}]", depth + 1)
        return
    if isinstance(value, Mapping):
        for name, item in value.items():
            if not isinstance(name, str):
                raise ValueError(f"{where}: field names are strings")
            if is_key_material_name(name):
                raise ValueError(f"{where}.{name}: a field named like key material is never logged")
            _check_value(item, f"{where}.{name}", depth + 1)
        return
    raise ValueError(f"{where}: {type(value).__name__} is not a JSON value")


def _no_duplicate_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise json.JSONDecodeError("duplicate name in object", "", 0)
    return dict(pairs)


def _no_constant(name: str) -> None:
    raise json.JSONDecodeError(f"{name} is not JSON", "", 0)
