"""Evidence entries: canonical RFC 8785 bytes, strict decoding, and no key material, ever."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from lightvibes.evidence import (
    LOG_STARTED_ORIGIN_FIELD,
    LOG_STARTED_VERIFIER_FIELD,
    Entry,
    EntryType,
    decode_entry,
    encode_entry,
    format_time,
    is_key_material_name,
    log_started_fields,
)

TIME = datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)


def entry_bytes(**changes: Any) -> bytes:
    values: dict[str, Any] = {
        "seq": 12,
        "time": TIME,
        "type": EntryType.KEY_ISSUED,
        "actor": "peer-alice",
        "fields": {
            "key_ref": "kr_1",
            "bits": 256,
            "mode": "QMK",
            "seal_suite": "x25519",
            "recipient_key_id": "6f9b",
            "qber": 0.031,
        },
    }
    values.update(changes)
    return encode_entry(**values)


def test_entry_bytes_are_rfc8785_canonical() -> None:
    expected = (
        b'{"actor":"peer-alice","fields":{"bits":256,"key_ref":"kr_1","mode":"QMK",'
        b'"qber":0.031,"recipient_key_id":"6f9b","seal_suite":"x25519"},"seq":12,'
        b'"time":"2025-03-04T05:06:07.890123Z","type":"key.issued"}'
    )
    assert entry_bytes() == expected
    # Insertion order, non-ASCII and number spelling do not change the bytes.
    a = encode_entry(seq=0, time=TIME, type="a.b", actor="é", fields={"y": 1.0, "x": "ü"})
    b = encode_entry(seq=0, time=TIME, type="a.b", actor="é", fields={"x": "ü", "y": 1})
    assert (
        a
        == b
        == '{"actor":"é","fields":{"x":"ü","y":1},"seq":0,'.encode()
        + (b'"time":"2025-03-04T05:06:07.890123Z","type":"a.b"}')
    )


def test_round_trip_and_time_in_utc() -> None:
    paris = timezone(timedelta(hours=1))
    local = datetime(2025, 3, 4, 6, 6, 7, 890123, tzinfo=paris)
    data = entry_bytes(time=local)
    entry = decode_entry(data)
    assert entry.time == TIME and entry.time.utcoffset() == timedelta(0)
    assert entry.seq == 12 and entry.type == "key.issued" and entry.actor == "peer-alice"
    assert entry.fields["bits"] == 256
    assert entry.encode() == data
    assert format_time(datetime(7, 1, 2, tzinfo=UTC)) == "0007-01-02T00:00:00.000000Z"


def test_every_known_type_encodes() -> None:
    assert {t.value for t in EntryType} >= {
        "session.created",
        "key.issued",
        "key.delivered",
        "key.destroyed",
        "mode.changed",
        "link.quarantined",
        "link.restored",
        "link.degraded",
        "link.healthy",
        "log.started",
        "guard.denied",
    }
    for number, entry_type in enumerate(EntryType):
        data = encode_entry(seq=number, time=TIME, type=entry_type, actor="svc", fields={})
        assert decode_entry(data).type == entry_type


def test_log_started_fields() -> None:
    fields = log_started_fields("lv.example/log", "lv.example/log+01234567+AQID")
    assert fields == {
        LOG_STARTED_ORIGIN_FIELD: "lv.example/log",
        LOG_STARTED_VERIFIER_FIELD: "lv.example/log+01234567+AQID",
    }
    encode_entry(seq=0, time=TIME, type=EntryType.LOG_STARTED, actor="svc", fields=fields)


@pytest.mark.parametrize(
    "name",
    [
        "key",
        "keys",
        "Key",
        "KEY",
        "key_sealed",
        "keySealed",
        "sealed_key",
        "session_key",
        "pool-key",
        "raw_key",
        "key_bytes",
        "keyHex",
        "key.value",
        "secret",
        "client_secret",
        "private",
        "private_key",
        "privateKey",
        "seed",
        "password",
        "plaintext",
        "key_material",
        "kek",
    ],
)
def test_fields_named_like_key_material_are_refused(name: str) -> None:
    assert is_key_material_name(name)
    with pytest.raises(ValueError, match="named like key material"):
        entry_bytes(fields={name: "x"})
    with pytest.raises(ValueError, match="named like key material"):
        entry_bytes(fields={"outer": [{"deeper": {name: 1}}]})


@pytest.mark.parametrize(
    "name",
    ["key_ref", "key_id", "recipient_key_id", "keyRef", "bits", "mode", "qber", "peer", "monkey"],
)
def test_references_to_keys_are_allowed(name: str) -> None:
    assert not is_key_material_name(name)
    assert decode_entry(entry_bytes(fields={name: "kr_1"})).fields == {name: "kr_1"}


@pytest.mark.parametrize(
    "value", [b"\x00" * 32, bytearray(b"k"), memoryview(b"k"), [b"k"], {"a": {"b": b"k"}}]
)
def test_bytes_values_are_refused_at_any_depth(value: object) -> None:
    with pytest.raises(ValueError, match="bytes are never logged"):
        entry_bytes(fields={"blob_ref": value})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seq": -1}, "seq"),
        ({"seq": True}, "seq"),
        ({"seq": "1"}, "seq"),
        ({"time": datetime(2025, 1, 1)}, "timezone-aware"),
        ({"type": "Key.Issued"}, "type"),
        ({"type": "issued"}, "type"),
        ({"actor": ""}, "actor"),
        ({"fields": ["a"]}, "mapping"),
        ({"fields": {1: "a"}}, "strings"),
        ({"fields": {"at": datetime(2025, 1, 1, tzinfo=UTC)}}, "not a JSON value"),
        ({"fields": {"n": 2**53}}, "canonical JSON"),
        ({"fields": {"n": float("nan")}}, "canonical JSON"),
        ({"fields": {"s": "x" * 70_000}}, "at most"),
    ],
)
def test_unloggable_events_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        entry_bytes(**changes)


def test_too_deep_nesting_is_refused() -> None:
    nested: dict[str, Any] = {"v": 1}
    for _ in range(12):
        nested = {"n": nested}
    with pytest.raises(ValueError, match="nested deeper"):
        entry_bytes(fields=nested)


CANONICAL = entry_bytes()


@pytest.mark.parametrize(
    "data",
    [
        CANONICAL.replace(b",", b", ", 1),  # whitespace
        json.dumps(json.loads(CANONICAL)).encode(),  # Python's own spelling
        CANONICAL.replace(b'"bits":256', b'"bits":256.0'),
        CANONICAL.replace(b'"seq":12', b'"seq":12,"seq":12'),  # duplicate name
        CANONICAL.replace(b'"seq":12', b'"seq":12,"extra":1'),
        CANONICAL.replace(b'"seq":12,', b""),
        CANONICAL.replace(b".890123Z", b".890Z"),
        CANONICAL.replace(b"05:06:07", b"25:06:07"),
        CANONICAL.replace(b"2025-03-04", b"2025-02-30"),
        CANONICAL.replace(b'"qber":0.031', b'"qber":NaN'),
        CANONICAL.replace(b'"kr_1"', b'"\\u006br_1"'),  # escaped where RFC 8785 writes plain
        CANONICAL.replace(b'"key_ref"', b'"key_sealed"'),
        b"[" + CANONICAL + b"]",
        b"\xff" + CANONICAL,
        b"not json",
    ],
)
def test_decode_refuses_anything_encode_would_not_write(data: bytes) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - every reason is a ValueError by contract
        decode_entry(data)


def test_decode_raises_only_value_error_on_random_bytes() -> None:
    rng = random.Random(8785)
    for _ in range(2000):
        mutated = bytearray(CANONICAL)
        mutated[rng.randrange(len(mutated))] ^= 1 << rng.randrange(8)
        for data in (bytes(mutated), rng.randbytes(rng.randrange(0, 80))):
            try:
                entry = decode_entry(data)
            except ValueError:
                continue
            assert isinstance(entry, Entry) and entry.encode() == data
    with pytest.raises(ValueError, match="bytes"):
        decode_entry("text")  # type: ignore[arg-type]
