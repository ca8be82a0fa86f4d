"""C2SP signed notes and tlog checkpoints against the Go reference and real Go sumdb heads.

The Go note package's published key pair and signature must be reproduced byte for byte (Ed25519
is deterministic), its malformed notes refused, and real sum.golang.org tree heads verified with
its published key. Then our own checkpoints: round trips, strict parsing, and the note rules
(unknown keys ignored, a bad known signature refuses the note, at least one known signature).
"""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lightvibes.errors import InvalidRequestError
from lightvibes.evidence import (
    MAX_NOTE_SIGNATURES,
    Checkpoint,
    NoteSigner,
    NoteVerifier,
    ed25519_key_id,
    merkle,
    open_note,
)

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "vectors" / "checkpoint" / "signed_notes.json").read_text()
)
GO = VECTORS["go_note_test"]
SUMDB = VECTORS["sum_golang_org"]
SPEC = VECTORS["spec_examples"]
ORIGIN = "lightvibes.test/evidence"


def go_signer() -> NoteSigner:
    """The Go test's signer, rebuilt from its PRIVATE+KEY text (seed after the type byte)."""
    _, _, name, key_id, encoded = GO["signer_key"].split("+", 4)
    raw = base64.b64decode(encoded)
    assert raw[0] == 0x01 and len(raw) == 33
    signer = NoteSigner(name, Ed25519PrivateKey.from_private_bytes(raw[1:]))
    assert f"{signer.key_id:08x}" == key_id
    return signer


def signer_for(seed: int, name: str = ORIGIN) -> NoteSigner:
    return NoteSigner(name, Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32))


def test_go_key_pair_and_signature_are_reproduced_byte_for_byte() -> None:
    signer = go_signer()
    assert signer.name == GO["name"]
    assert signer.verifier_key() == GO["verifier_key"]
    assert signer.sign(GO["text"]) == GO["signed_note"]
    verifier = NoteVerifier.parse(GO["verifier_key"])
    assert verifier == signer.verifier()
    assert f"{verifier.key_id:08x}" == GO["key_id"]
    assert verifier.key_id == ed25519_key_id(GO["name"], verifier.public_key)
    assert verifier.verifier_key() == GO["verifier_key"]


def test_go_note_opens_with_its_key_only() -> None:
    peter = NoteVerifier.parse(GO["verifier_key"])
    enoch = NoteVerifier.parse(GO["other_verifier_key"])
    note = GO["signed_note"]
    assert open_note(note, [peter]) == (GO["text"], ["PeterNeumann"])
    assert open_note(note.encode("utf-8"), [peter]) == (GO["text"], ["PeterNeumann"])
    both = note + GO["other_signature_line"]
    assert open_note(both, [peter]) == (GO["text"], ["PeterNeumann"])  # Enoch unknown: ignored
    assert open_note(both, [peter, enoch]) == (GO["text"], ["PeterNeumann", "EnochRoot"])
    assert open_note(both, [enoch]) == (GO["text"], ["EnochRoot"])
    with pytest.raises(InvalidRequestError, match="no signature from a known key"):
        open_note(both, [])
    with pytest.raises(InvalidRequestError, match="no signature from a known key"):
        open_note(note, [enoch])
    with pytest.raises(InvalidRequestError, match="Invalid signature for key PeterNeumann"):
        open_note(note.replace("cryptography", "cryptographY"), [peter])


def test_go_malformed_notes_are_refused() -> None:
    text, note = GO["text"], GO["signed_note"]
    signature = note[len(text) + 1 :]
    bad = [
        text,
        text + "\n",
        text + "\n" + signature[:-1],
        "\x01" + text + "\n" + signature,
        "\x7f\x01" + text + "\n" + signature,
        text + "\n" + "\u2014 Bad Name " + signature.split(" ")[-1],
        text + "\n" + signature + "Unexpected line.\n",
        text + "\n" + signature.replace("\u2014", "-"),
        text + "\n" + signature.replace("x08go", "x08g"),  # not canonical base64
        text + "\n" + "\u2014 PeterNeumann AAAA\n",  # key ID with no signature
        text + "\n" + signature * (MAX_NOTE_SIGNATURES + 1),
    ]
    peter = NoteVerifier.parse(GO["verifier_key"])
    for message in bad:
        with pytest.raises(InvalidRequestError, match="Malformed signed note"):
            open_note(message, [peter])
    with pytest.raises(InvalidRequestError, match="not valid UTF-8"):
        open_note(b"\xff" + note.encode("utf-8"), [peter])
    with pytest.raises(InvalidRequestError, match="not valid UTF-8"):
        open_note("\ud800" + note, [peter])
    with pytest.raises(InvalidRequestError, match="64 KiB"):
        open_note("a" * 70_000 + "\n\n" + signature, [peter])


def test_repeated_signatures_and_ambiguous_keys() -> None:
    peter = NoteVerifier.parse(GO["verifier_key"])
    signature = GO["signed_note"][len(GO["text"]) + 1 :]
    twice = GO["text"] + "\n" + signature + signature
    assert open_note(twice, [peter, peter]) == (GO["text"], ["PeterNeumann"])
    # A different key that claims the same name and key ID (forged collision) is ambiguous.
    impostor = NoteVerifier("PeterNeumann", peter.key_id, peter.public_key)
    assert impostor == peter
    with pytest.raises(ValueError, match="key ID does not match"):
        NoteVerifier("PeterNeumann", peter.key_id, bytes(32))


def test_verifier_key_manglings_are_refused() -> None:
    """As Go's TestNewVerifier: every proper substring and every one-byte change fails."""
    vkey = GO["verifier_key"]
    for start in range(len(vkey) + 1):
        for end in range(start + 1, len(vkey) + 1):
            if (start, end) != (0, len(vkey)):
                with pytest.raises(InvalidRequestError):
                    NoteVerifier.parse(vkey[start:end])
    for position in range(len(vkey)):
        changed = vkey[:position] + chr(ord(vkey[position]) + 1) + vkey[position + 1 :]
        with pytest.raises(InvalidRequestError):
            NoteVerifier.parse(changed)
    for bad in GO["bad_verifier_keys"]:
        with pytest.raises(InvalidRequestError):
            NoteVerifier.parse(bad)
    with pytest.raises(InvalidRequestError, match="Unsupported verifier key"):
        NoteVerifier.parse(GO["bad_verifier_keys"][1])


def test_real_go_sumdb_tree_heads_verify_and_parse() -> None:
    verifier = NoteVerifier.parse(SUMDB["verifier_key"])
    for vector in SUMDB["notes"]:
        text, names = open_note(vector["note"], [verifier])
        assert names == ["sum.golang.org"]
        checkpoint = Checkpoint.parse(text)
        assert checkpoint.origin == vector["origin"]
        assert checkpoint.tree_size == vector["tree_size"]
        assert checkpoint.root_hash == base64.b64decode(vector["root_hash"])
        assert checkpoint.body() == text
        tampered = vector["note"].replace(str(vector["tree_size"]), str(vector["tree_size"] + 1))
        with pytest.raises(InvalidRequestError, match="Invalid signature"):
            open_note(tampered, [verifier])


def test_spec_examples_split_and_parse_but_verify_under_no_key_of_ours() -> None:
    note, text = SPEC["signed_note"]["note"], SPEC["signed_note"]["text"]
    # The text keeps its own empty line: only the last blank line separates the signatures.
    with pytest.raises(InvalidRequestError, match="no signature from a known key"):
        open_note(note, [NoteVerifier.parse(GO["verifier_key"])])
    name = "quasimodo.example/salvatore"
    lookalike = signer_for(3, name)
    with pytest.raises(InvalidRequestError, match=r"quasimodo\.example/salvatore\+"):
        open_note(note, [lookalike.verifier()])
    assert lookalike.sign(text).startswith(text + "\n\u2014 " + name + " ")
    assert open_note(lookalike.sign(text), [lookalike.verifier()]) == (text, [name])
    vector = SPEC["checkpoint"]
    body = vector["note"][: vector["note"].rindex("\n\n") + 1]
    checkpoint = Checkpoint.parse(body)
    assert (checkpoint.origin, checkpoint.tree_size) == (vector["origin"], vector["tree_size"])
    assert checkpoint.root_hash == base64.b64decode(vector["root_hash"])


def test_checkpoint_round_trip_through_a_signed_note() -> None:
    signer = signer_for(7)
    root = merkle.root_hash([b"a", b"b", b"c"])
    checkpoint = Checkpoint(ORIGIN, 3, root, ("extension one", "two"))
    body = checkpoint.body()
    assert body == (f"{ORIGIN}\n3\n{base64.b64encode(root).decode()}\nextension one\ntwo\n")
    note = signer.sign(body)
    text, names = open_note(note, [signer.verifier()])
    assert Checkpoint.parse(text) == checkpoint and names == [ORIGIN]
    assert Checkpoint.parse(Checkpoint(ORIGIN, 0, merkle.EMPTY_ROOT_HASH).body()).tree_size == 0
    other = signer_for(8)
    assert other.key_id != signer.key_id and other.name == signer.name
    with pytest.raises(InvalidRequestError, match="no signature from a known key"):
        open_note(note, [other.verifier()])
    # Each restart brings a new key under the same name: a note verifies under its own key.
    assert open_note(other.sign(body), [signer.verifier(), other.verifier()])[1] == [ORIGIN]


ROOT_TEXT = base64.b64encode(bytes(32)).decode()
URLSAFE_ROOT_TEXT = base64.urlsafe_b64encode(bytes([0xFF]) * 32).decode()
SHORT_ROOT_TEXT = base64.b64encode(bytes(31)).decode()


@pytest.mark.parametrize(
    "body",
    [
        f"{ORIGIN}\n3\n{ROOT_TEXT}",  # no final newline
        f"{ORIGIN}\n3\n",  # no root line
        f"\n3\n{ROOT_TEXT}\n",  # empty origin
        f"{ORIGIN}\n03\n{ROOT_TEXT}\n",  # leading zero
        f"{ORIGIN}\n-3\n{ROOT_TEXT}\n",
        f"{ORIGIN}\n+3\n{ROOT_TEXT}\n",
        f"{ORIGIN}\n3.0\n{ROOT_TEXT}\n",
        f"{ORIGIN}\n\u0663\n{ROOT_TEXT}\n",  # ARABIC-INDIC DIGIT THREE is no ASCII decimal
        f"{ORIGIN}\n{1 << 64}\n{ROOT_TEXT}\n",
        f"{ORIGIN}\n3\n{ROOT_TEXT.rstrip('=')}\n",  # unpadded
        f"{ORIGIN}\n3\n{URLSAFE_ROOT_TEXT}\n",  # base64url
        f"{ORIGIN}\n3\n{SHORT_ROOT_TEXT}\n",  # 31 bytes
        f"{ORIGIN}\n3\n{ROOT_TEXT}\n\n",  # empty extension line
        f"{ORIGIN}\n3\n{ROOT_TEXT}\nbad\textension\n",
        "x" * 70_000 + f"\n3\n{ROOT_TEXT}\n",
    ],
)
def test_malformed_checkpoints_are_refused(body: str) -> None:
    with pytest.raises(InvalidRequestError, match="Malformed checkpoint"):
        Checkpoint.parse(body)


def test_checkpoint_and_signer_constructors_refuse_bad_values() -> None:
    with pytest.raises(ValueError, match="origin"):
        Checkpoint("two\nlines", 1, bytes(32))
    with pytest.raises(ValueError, match="uint64"):
        Checkpoint(ORIGIN, -1, bytes(32))
    with pytest.raises(ValueError, match="32 bytes"):
        Checkpoint(ORIGIN, 1, bytes(31))
    with pytest.raises(ValueError, match="extension"):
        Checkpoint(ORIGIN, 1, bytes(32), ("",))
    for name in ("", "a b", "a+b", "tab\there", "nbsp\u00a0x"):
        with pytest.raises(ValueError, match="key name"):
            NoteSigner(name, Ed25519PrivateKey.generate())
    signer = signer_for(1)
    for text in ("", "no newline", "bell\x07\n"):
        with pytest.raises(ValueError, match="note text"):
            signer.sign(text)
    assert ORIGIN in repr(signer) and "PRIVATE" not in repr(signer)


def test_open_note_never_raises_anything_but_invalid_request_on_garbage() -> None:
    rng = random.Random(2014)
    signer = signer_for(5)
    note = signer.sign(Checkpoint(ORIGIN, 9, bytes(32)).body()).encode("utf-8")
    verifiers = [signer.verifier()]
    for _ in range(2000):
        mutated = bytearray(note)
        for _ in range(rng.randrange(1, 4)):
            position = rng.randrange(len(mutated))
            mutated[position] = rng.randrange(256)
        candidates: list[Any] = [bytes(mutated), rng.randbytes(rng.randrange(0, 200))]
        for candidate in candidates:
            try:
                text, names = open_note(candidate, verifiers)
            except InvalidRequestError:
                continue
            # Whatever still opens must be the signed text, byte for byte.
            assert text.encode("utf-8") == note[: len(text.encode("utf-8"))] and names == [ORIGIN]
    for junk in (None, 42, ["note"]):
        with pytest.raises(InvalidRequestError, match="not text"):
            open_note(junk, verifiers)  # type: ignore[arg-type]
