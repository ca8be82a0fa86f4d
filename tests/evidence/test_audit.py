"""The offline auditor against an honest log and against every kind of tampering.

The honest log restarts once: entry 0 introduces key A, entry 10 key B, and checkpoints are
signed at sizes 4, 8, 10 (by A) and 12, 16, 20, 22 (by B). Each mutation must fail the audit and
name the first bad entry or checkpoint: every single-bit flip of every entry, a reordering, a
truncation, a rewritten entry, a dropped entry, a checkpoint forged with another key or with the
retired key, an older checkpoint replayed as newer, a checkpoint of a forked tree, a rollback
under a saved checkpoint.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lightvibes.errors import InvalidRequestError
from lightvibes.evidence import (
    AuditReport,
    Checkpoint,
    EntryType,
    MerkleLog,
    NoteSigner,
    audit_log,
    encode_entry,
    log_started_fields,
    merkle,
)

ORIGIN = "lv.test/log"
T0 = datetime(2025, 1, 1, tzinfo=UTC)
CHECKPOINT_SIZES = (4, 8, 10, 12, 16, 20, 22)


def signer_for(seed: int) -> NoteSigner:
    return NoteSigner(ORIGIN, Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32))


def event(seq: int, *, note: str = "", origin: str = ORIGIN, **fields: Any) -> bytes:
    return encode_entry(
        seq=seq,
        time=T0 + timedelta(seconds=seq),
        type=EntryType.KEY_ISSUED,
        actor="peer-a",
        fields={"key_ref": f"kr{seq}{note}", "bits": 256, **fields},
    )


def started(seq: int, signer: NoteSigner, origin: str = ORIGIN) -> bytes:
    return encode_entry(
        seq=seq,
        time=T0 + timedelta(seconds=seq),
        type=EntryType.LOG_STARTED,
        actor="lightvibes",
        fields=log_started_fields(origin, signer.verifier_key()),
    )


@dataclass
class Story:
    entries: list[bytes]
    checkpoints: list[str]
    signers: dict[int, NoteSigner] = field(default_factory=dict)  # restart index -> signer

    def sign(self, size: int, signer: NoteSigner, entries: list[bytes] | None = None) -> str:
        """A checkpoint of the first ``size`` entries (of ``entries``, default the story's)."""
        root = merkle.root_hash((entries or self.entries)[:size])
        return signer.sign(Checkpoint(ORIGIN, size, root).body())


def write(size: int, restarts: dict[int, int], checkpoint_sizes: tuple[int, ...]) -> Story:
    """An honest log: ``restarts`` maps entry index to the key seed of the process started."""
    log, notes, signers = MerkleLog(), [], {}
    signer = None
    for seq in range(size):
        if seq in restarts:
            signer = signers[seq] = signer_for(restarts[seq])
            log.append(started(seq, signer))
        else:
            log.append(event(seq))
        if log.size in checkpoint_sizes:
            assert signer is not None
            notes.append(signer.sign(Checkpoint(ORIGIN, log.size, log.root()).body()))
    return Story([log.entry(i) for i in range(log.size)], notes, signers)


@pytest.fixture
def story() -> Story:
    return write(22, {0: 1, 10: 2}, CHECKPOINT_SIZES)


def failed_at(report: AuditReport, where: str, reason: str = "") -> None:
    assert not report.ok, report.verdict
    assert report.first_bad == where, report.verdict
    assert report.verdict.startswith(f"FAIL at {where}: "), report.verdict
    assert reason in report.verdict


def test_honest_log_passes_on_first_use(story: Story) -> None:
    report = audit_log(story.entries, story.checkpoints)
    assert report.ok and report.first_bad is None
    assert (report.entries, report.checkpoints) == (22, 7)
    assert report.keys == [story.signers[0].verifier_key(), story.signers[10].verifier_key()]
    assert report.trust == "first-use"
    assert report.verdict.startswith("OK: 22 entries, 7 checkpoints verified up to size 22")
    assert f"first key trusted on first use ({story.signers[0].verifier_key()})" in report.verdict
    assert "\n" not in report.verdict


def test_pinned_first_key(story: Story) -> None:
    first, second = story.signers[0].verifier_key(), story.signers[10].verifier_key()
    report = audit_log(
        story.entries, story.checkpoints, trusted_keys=[signer_for(9).verifier_key(), first]
    )
    assert report.ok and report.trust == "pinned" and "first key pinned" in report.verdict
    report = audit_log(story.entries, story.checkpoints, trusted_keys=[second])
    assert report.ok and report.trust == "pinned-later"
    assert "a later key pinned" in report.verdict
    report = audit_log(
        story.entries, story.checkpoints, trusted_keys=[signer_for(9).verifier_key()]
    )
    failed_at(report, "keys", "none of the log's signing keys is a trusted key")
    with pytest.raises(InvalidRequestError, match="Malformed verifier key"):
        audit_log(story.entries, story.checkpoints, trusted_keys=["not a key"])


def test_since_a_saved_checkpoint(story: Story) -> None:
    report = audit_log(story.entries, story.checkpoints, since=story.checkpoints[3])
    assert report.ok and "consistent with the saved checkpoint of size 12" in report.verdict
    # A saved checkpoint newer than every checkpoint the log still shows.
    report = audit_log(story.entries, story.checkpoints[:4], since=story.checkpoints[6])
    assert report.ok, report.verdict
    assert "2 newest" not in report.verdict
    report = audit_log(story.entries, story.checkpoints[:5])
    assert report.ok and "6 newest entries not yet in a checkpoint" in report.verdict


def test_empty_log_and_missing_checkpoints() -> None:
    assert audit_log([], []).ok
    story = write(5, {0: 1}, ())
    failed_at(audit_log(story.entries, []), "checkpoints", "no signed checkpoint vouches")


def bit_flip_story() -> Story:
    return write(8, {0: 1, 4: 2}, (2, 4, 6, 8))


BIT_FLIP_STORY = bit_flip_story()


@pytest.mark.parametrize("index", range(len(BIT_FLIP_STORY.entries)))
def test_every_single_bit_flip_of_an_entry_is_caught(index: int) -> None:
    story = BIT_FLIP_STORY
    covering = next(
        f"checkpoint {position} (size {size})"
        for position, size in enumerate((2, 4, 6, 8))
        if size > index
    )
    # The entry itself, the next one (if a flipped time now runs ahead of it), or the first
    # checkpoint that covers it (if the flipped entry still decodes and keeps the order).
    allowed = {f"entry {index}", f"entry {index + 1}", covering}
    original = story.entries[index]
    for position in range(len(original)):
        for bit in range(8):
            flipped = bytearray(original)
            flipped[position] ^= 1 << bit
            entries = list(story.entries)
            entries[index] = bytes(flipped)
            report = audit_log(entries, story.checkpoints)
            assert not report.ok, (position, bit)
            assert report.first_bad in allowed, (position, bit, report.verdict)


def test_reordered_entries(story: Story) -> None:
    entries = list(story.entries)
    entries[5], entries[6] = entries[6], entries[5]
    failed_at(audit_log(entries, story.checkpoints), "entry 5", "seq is 6, expected 5")


def test_truncated_log(story: Story) -> None:
    report = audit_log(story.entries[:15], story.checkpoints)
    failed_at(report, "checkpoint 4 (size 16)", "entries were removed")
    assert (report.entries, report.checkpoints) == (15, 4)


def test_truncation_with_its_checkpoints_needs_a_saved_checkpoint(story: Story) -> None:
    # The honest limit: entries and checkpoints removed together leave a consistent log...
    assert audit_log(story.entries[:15], story.checkpoints[:4]).ok
    # ...that an auditor who saved a later checkpoint catches.
    report = audit_log(story.entries[:15], story.checkpoints[:4], since=story.checkpoints[5])
    failed_at(report, "since (size 20)", "covers 20 entries but the log holds 15")


def test_rewritten_entry(story: Story) -> None:
    entries = list(story.entries)
    entries[7] = event(7, note="-rewritten")
    failed_at(audit_log(entries, story.checkpoints), "checkpoint 1 (size 8)", "root hash")


def test_dropped_entry(story: Story) -> None:
    entries = story.entries[:7] + story.entries[8:]
    failed_at(audit_log(entries, story.checkpoints), "entry 7", "seq is 8, expected 7")


def test_dropped_entry_with_the_rest_renumbered(story: Story) -> None:
    signer_b = story.signers[10]
    entries = story.entries[:7] + [
        # Each later event moves down one place, keeping what it said.
        started(seq, signer_b) if seq == 9 else event(seq, note=f"-was{seq + 1}")
        for seq in range(7, 21)
    ]
    failed_at(audit_log(entries, story.checkpoints), "checkpoint 1 (size 8)", "root hash")


def test_checkpoint_forged_with_another_key(story: Story) -> None:
    checkpoints = list(story.checkpoints)
    checkpoints[3] = story.sign(12, signer_for(66))
    report = audit_log(story.entries, checkpoints)
    failed_at(report, "checkpoint 3 (size 12)", "not signed by a key in force")
    assert report.checkpoints == 3


def test_every_introduced_key_may_sign_later_checkpoints(story: Story) -> None:
    """Several processes share a log: key A may still sign after entry 10 introduced key B."""
    checkpoints = list(story.checkpoints)
    checkpoints.insert(3, story.sign(11, story.signers[0]))
    assert audit_log(story.entries, checkpoints).ok
    checkpoints[3] = story.sign(11, story.signers[10])
    assert audit_log(story.entries, [*checkpoints, checkpoints[-1]]).ok


def test_a_key_cannot_sign_before_it_was_introduced(story: Story) -> None:
    """Key B (introduced at entry 10) cannot vouch for a tree of 10 or fewer entries."""
    checkpoints = list(story.checkpoints)
    position = next(i for i, note in enumerate(checkpoints) if "\n8\n" in note)
    checkpoints[position] = story.sign(8, story.signers[10])
    failed_at(audit_log(story.entries, checkpoints), f"checkpoint {position} (size 8)", "key")


def test_checkpoint_with_both_keys_is_judged_by_the_key_in_force(story: Story) -> None:
    body_note = story.sign(12, signer_for(66))
    extra = body_note[body_note.rindex("\n\n") + 2 :]
    checkpoints = list(story.checkpoints)
    checkpoints[3] = checkpoints[3] + extra  # B's signature plus an unknown one: fine
    assert audit_log(story.entries, checkpoints).ok


def test_replayed_older_checkpoint(story: Story) -> None:
    report = audit_log(story.entries, [*story.checkpoints, story.checkpoints[1]])
    failed_at(report, "checkpoint 7 (size 8)", "older checkpoint replayed")
    swapped = list(story.checkpoints)
    swapped[2], swapped[3] = swapped[3], swapped[2]
    failed_at(audit_log(story.entries, swapped), "checkpoint 3 (size 10)", "out of order")


def test_rolled_back_log_under_a_saved_checkpoint(story: Story) -> None:
    report = audit_log(story.entries[:12], story.checkpoints[:4], since=story.checkpoints[6])
    failed_at(report, "since (size 22)", "entries were removed")


def test_checkpoint_of_a_forked_tree(story: Story) -> None:
    fork = list(story.entries)
    fork[13] = event(13, note="-fork")
    checkpoints = list(story.checkpoints)
    checkpoints[4] = story.sign(16, story.signers[10], fork)
    failed_at(audit_log(story.entries, checkpoints), "checkpoint 4 (size 16)", "root hash")
    # An auditor who saved the fork's checkpoint sees the log is not the one it was shown.
    report = audit_log(story.entries, story.checkpoints, since=checkpoints[4])
    failed_at(report, "since (size 16)", "root hash")


def test_checkpoint_for_another_origin(story: Story) -> None:
    checkpoints = list(story.checkpoints)
    root = merkle.root_hash(story.entries[:8])
    checkpoints[1] = story.signers[0].sign(Checkpoint("other.example/log", 8, root).body())
    failed_at(audit_log(story.entries, checkpoints), "checkpoint 1 (size 8)", "origin")


def test_garbage_checkpoints(story: Story) -> None:
    for junk in (
        "",
        "hello\n\n\u2014 x AAAAAAAA\n",
        story.checkpoints[0].replace("\n4\n", "\n04\n"),
    ):
        checkpoints = [junk, *story.checkpoints]
        failed_at(audit_log(story.entries, checkpoints), "checkpoint 0")
    failed_at(audit_log(story.entries, story.checkpoints, since="not a note"), "since", "Malformed")


def test_log_must_open_with_log_started(story: Story) -> None:
    entries = [event(0), *story.entries[1:]]
    failed_at(audit_log(entries, story.checkpoints), "entry 0", "must open with log.started")


def test_time_running_backwards(story: Story) -> None:
    entries = list(story.entries)
    entries[6] = encode_entry(
        seq=6, time=T0, type=EntryType.KEY_ISSUED, actor="peer-a", fields={"key_ref": "kr6"}
    )
    failed_at(audit_log(entries, story.checkpoints), "entry 6", "before the previous entry")
    # Equal times are fine (several events in one microsecond).
    same_time = [
        encode_entry(seq=i, time=T0, type=EntryType.KEY_ISSUED, actor="a", fields={})
        for i in range(1, 4)
    ]
    entries = [story.entries[0], *same_time]
    assert audit_log(entries, [story.sign(4, story.signers[0], entries)]).ok


def test_restart_claiming_another_origin(story: Story) -> None:
    entries = list(story.entries)
    entries[10] = started(10, story.signers[10], origin="other.example/log")
    failed_at(audit_log(entries, story.checkpoints), "entry 10", "origin")


def test_log_started_without_a_usable_key(story: Story) -> None:
    entries = list(story.entries)
    entries[10] = encode_entry(
        seq=10,
        time=T0 + timedelta(seconds=10),
        type=EntryType.LOG_STARTED,
        actor="lightvibes",
        fields={"origin": ORIGIN, "verifier": "nonsense"},
    )
    failed_at(audit_log(entries, story.checkpoints), "entry 10", "Malformed verifier key")
    entries[10] = encode_entry(
        seq=10,
        time=T0 + timedelta(seconds=10),
        type=EntryType.LOG_STARTED,
        actor="lightvibes",
        fields={"origin": ORIGIN},
    )
    failed_at(audit_log(entries, story.checkpoints), "entry 10", "needs string fields")


def test_audit_never_raises_on_garbage(story: Story) -> None:
    rng = random.Random(6962)
    for _ in range(150):
        entries: list[Any] = [
            rng.choice([rng.randbytes(rng.randrange(0, 60)), rng.choice(story.entries), "text"])
            for _ in range(rng.randrange(0, 6))
        ]
        checkpoints: list[Any] = [
            rng.choice([rng.randbytes(20).hex(), rng.choice(story.checkpoints), b"\xff", None])
            for _ in range(rng.randrange(0, 4))
        ]
        report = audit_log(entries, checkpoints)
        assert isinstance(report, AuditReport)
        assert report.ok is (not entries and not checkpoints)
