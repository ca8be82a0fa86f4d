"""docs/EVIDENCE.md's offline-verification recipe runs as written against a real log."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lightvibes.evidence import (
    Checkpoint,
    EntryType,
    MerkleLog,
    NoteSigner,
    encode_entry,
    log_started_fields,
)

DOC = Path(__file__).parents[2] / "docs" / "EVIDENCE.md"
ORIGIN = "lightvibes.example/evidence"


def recipe() -> str:
    section = DOC.read_text().split("## Verifying with `lightvibes.evidence.merkle` alone")[1]
    return section.split("```python")[1].split("```")[0]


def scope(tamper: bool = False) -> dict[str, Any]:
    """The names the recipe expects: what an auditor fetched from the service."""
    signer = NoteSigner(ORIGIN, Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
    time = datetime(2025, 1, 1, tzinfo=UTC)
    log = MerkleLog()
    fields = log_started_fields(ORIGIN, signer.verifier_key())
    log.append(
        encode_entry(seq=0, time=time, type=EntryType.LOG_STARTED, actor="lv", fields=fields)
    )
    for seq in range(1, 12):
        log.append(
            encode_entry(
                seq=seq, time=time, type=EntryType.KEY_ISSUED, actor="a", fields={"n": seq}
            )
        )
    note = signer.sign(Checkpoint(ORIGIN, 12, log.root()).body())
    if tamper:
        note = note.replace("\n12\n", "\n11\n")
    return {
        "PINNED_KEY": signer.verifier_key(),
        "note": note,
        "entries": [{"data": base64.b64encode(log.entry(i)).decode()} for i in range(12)],
        "old_size": 5,
        "old_root": log.root(5),
        "proof": log.consistency_proof(5),
        "i": 3,
        "path": log.inclusion_proof(3),
    }


def test_recipe_verifies_an_honest_log() -> None:
    names = scope()
    exec(recipe(), names)
    assert names["size"] == 12 and names["origin"] == ORIGIN


def test_recipe_rejects_a_tampered_checkpoint() -> None:
    with pytest.raises(InvalidSignature):
        exec(recipe(), scope(tamper=True))
