"""The offline auditor: recompute the tree from the entries and check every signed checkpoint.

An auditor trusts nothing but, at best, one public key. From the entries alone it rebuilds the
RFC 9162 tree, checks each entry decodes, that ``seq`` counts 0, 1, 2, ... and that time never
runs backwards, and follows the chain of checkpoint keys the ``log.started`` entries introduce.
Each checkpoint must be signed by the key in force at its size (the one introduced by the last
``log.started`` entry before it), name this log's origin, and carry the root of the first
``size`` entries; each must also be consistent with the one before it, checked with a real RFC
9162 consistency proof as an auditor holding only the older checkpoint would check it.

Entries and checkpoints are walked together in log order (each checkpoint once the entries it
covers are checked), so the first failure is the earliest the log shows. It stops the audit and
is named: ``entry 7``, ``checkpoint 3 (size 40)``,
``since (size 12)`` or ``checkpoints`` (entries that no checkpoint vouches for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from lightvibes.errors import InvalidRequestError
from lightvibes.evidence import merkle
from lightvibes.evidence._entry import (
    LOG_STARTED_ORIGIN_FIELD,
    LOG_STARTED_VERIFIER_FIELD,
    Entry,
    EntryType,
    decode_entry,
    format_time,
)
from lightvibes.evidence._note import Checkpoint, NoteVerifier, _split_note, open_note
from lightvibes.evidence._tree import MerkleLog

Trust = Literal["pinned", "pinned-later", "first-use"]


@dataclass(frozen=True)
class AuditReport:
    """What an audit found: a verdict in one line, and where it first failed, if it did."""

    ok: bool
    verdict: str
    entries: int  # entries that passed every check
    checkpoints: int  # checkpoints that passed every check
    first_bad: str | None
    keys: list[str] = field(default_factory=list)  # checkpoint verifier keys, in log order
    trust: Trust = "first-use"


class _AuditFailure(Exception):
    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


@dataclass
class _Walk:
    """What the audit has established so far."""

    tree: MerkleLog = field(default_factory=MerkleLog)
    keys: list[tuple[int, NoteVerifier]] = field(default_factory=list)
    origin: str | None = None
    checkpoints: int = 0
    latest: Checkpoint | None = None
    previous_time: datetime | None = None


def audit_log(
    entries: Sequence[bytes],
    checkpoints: Sequence[str],
    *,
    trusted_keys: Sequence[str] = (),
    since: str | None = None,
) -> AuditReport:
    """Audit a whole log offline: its entries' exact bytes and its signed checkpoint notes.

    ``checkpoints`` are signed notes in the order the log issued them. A checkpoint of size N
    may be signed by any key a ``log.started`` entry before index N introduced: several
    processes (workers, replicas) append to one log, each with its own key, and an older one
    may still be running. ``trusted_keys`` are verifier keys the auditor pinned; when given,
    one of the log's keys must be among them (trust is "pinned" when it is the first key,
    "pinned-later" when it is a later one: the keys before it are then only trusted on first
    use); without them the first key is trusted on first use and the report says so. ``since`` is a
    checkpoint note the auditor saved earlier: it must verify and the log must still extend it.
    A malformed ``trusted_keys`` item raises :class:`InvalidRequestError` (the auditor's input,
    not the log's, is wrong); everything wrong with the log is a failed report.
    """
    pinned = [NoteVerifier.parse(text) for text in trusted_keys]
    trust: Trust = "pinned" if pinned else "first-use"
    walk = _Walk()
    saved: Checkpoint | None = None
    try:
        _check_checkpoints(entries, pinned, checkpoints, walk)
        _walk_entries(entries, len(entries), pinned, walk)
        if pinned:
            trust = _pinned_trust(walk, pinned)
        if walk.tree.size and walk.latest is None:
            raise _AuditFailure(
                "checkpoints", f"no signed checkpoint vouches for the {walk.tree.size} entries"
            )
        if since is not None:
            saved = _check_since(since, walk)
    except _AuditFailure as failure:
        return AuditReport(
            ok=False,
            verdict=f"FAIL at {failure.where}: {failure.reason}",
            entries=walk.tree.size,
            checkpoints=walk.checkpoints,
            first_bad=failure.where,
            keys=_key_texts(walk),
            trust=trust,
        )
    return AuditReport(
        ok=True,
        verdict=_success_verdict(walk, trust, saved),
        entries=walk.tree.size,
        checkpoints=walk.checkpoints,
        first_bad=None,
        keys=_key_texts(walk),
        trust=trust,
    )


def _walk_entries(
    entries: Sequence[bytes], end: int, pinned: list[NoteVerifier], walk: _Walk
) -> None:
    """Check and append the entries up to index ``end`` (exclusive) not walked yet."""
    for index in range(walk.tree.size, end):
        data = entries[index]
        where = f"entry {index}"
        try:
            entry = decode_entry(data)
        except ValueError as error:
            raise _AuditFailure(where, f"does not decode: {error}") from None
        if entry.seq != index:
            raise _AuditFailure(
                where, f"seq is {entry.seq}, expected {index} (an entry dropped or reordered)"
            )
        if walk.previous_time is not None and entry.time < walk.previous_time:
            raise _AuditFailure(
                where,
                f"time {format_time(entry.time)} is before the previous entry's "
                f"{format_time(walk.previous_time)}",
            )
        if index == 0 and entry.type != EntryType.LOG_STARTED:
            raise _AuditFailure(where, f"the log must open with {EntryType.LOG_STARTED}")
        if entry.type == EntryType.LOG_STARTED:
            _add_key(index, entry, pinned, walk)
        walk.tree.append(bytes(data))
        walk.previous_time = entry.time


def _add_key(index: int, entry: Entry, pinned: list[NoteVerifier], walk: _Walk) -> None:
    """Record the checkpoint key a ``log.started`` entry introduces."""
    where = f"entry {index}"
    origin = entry.fields.get(LOG_STARTED_ORIGIN_FIELD)
    key_text = entry.fields.get(LOG_STARTED_VERIFIER_FIELD)
    if not isinstance(origin, str) or not isinstance(key_text, str):
        raise _AuditFailure(
            where,
            f"{EntryType.LOG_STARTED} needs string fields '{LOG_STARTED_ORIGIN_FIELD}' "
            f"and '{LOG_STARTED_VERIFIER_FIELD}'",
        )
    try:
        verifier = NoteVerifier.parse(key_text)
    except InvalidRequestError as error:
        raise _AuditFailure(where, str(error)) from None
    if walk.origin is None:
        walk.origin = origin
    elif origin != walk.origin:
        raise _AuditFailure(where, f"origin {origin!r} is not this log's {walk.origin!r}")
    walk.keys.append((index, verifier))


def _pinned_trust(walk: _Walk, pinned: list[NoteVerifier]) -> Trust:
    keys = [verifier for _, verifier in walk.keys]
    if keys and keys[0] in pinned:
        return "pinned"
    if any(key in pinned for key in keys):
        return "pinned-later"
    raise _AuditFailure(
        "keys", "none of the log's signing keys is a trusted key: " + ", ".join(_key_texts(walk))
    )


def _check_checkpoints(
    entries: Sequence[bytes], pinned: list[NoteVerifier], checkpoints: Sequence[str], walk: _Walk
) -> None:
    """Check each checkpoint once the entries it covers are walked, so failures come in order."""
    for position, note in enumerate(checkpoints):
        label = f"checkpoint {position}"
        _walk_entries(entries, min(_claimed_size(note, label), len(entries)), pinned, walk)
        checkpoint, where = _open_checkpoint(note, label, walk)
        previous = walk.latest
        if previous is not None:
            if checkpoint.tree_size < previous.tree_size:
                raise _AuditFailure(
                    where,
                    f"comes after a checkpoint of size {previous.tree_size}: an older "
                    "checkpoint replayed, or checkpoints out of order",
                )
            _check_consistent(previous, checkpoint, where, walk, "the previous checkpoint")
        walk.latest = checkpoint
        walk.checkpoints += 1


def _check_since(note: str, walk: _Walk) -> Checkpoint:
    """The auditor's saved checkpoint must verify and be extended by the log as it is now."""
    saved, where = _open_checkpoint(note, "since", walk)
    latest = walk.latest
    if latest is not None and latest.tree_size >= saved.tree_size:
        _check_consistent(saved, latest, where, walk, "the latest checkpoint", forward=True)
    elif latest is not None:
        _check_consistent(latest, saved, where, walk, "the latest checkpoint")
    return saved


def _open_checkpoint(note: str, label: str, walk: _Walk) -> tuple[Checkpoint, str]:
    """Verify one checkpoint note against the recomputed log; returns it and its name."""
    claimed = _claimed_checkpoint(note, label)
    size = claimed.tree_size
    where = f"{label} (size {size})"
    if size > walk.tree.size:
        signers = _keys_in_force(walk, walk.tree.size + 1)
        signed = bool(signers) and _signed_by(note, signers)
        raise _AuditFailure(
            where,
            f"covers {size} entries but the log holds {walk.tree.size}: "
            + (
                "entries were removed (truncated or rolled back)"
                if signed
                else "and no key of the log signed it"
            ),
        )
    keys = _keys_in_force(walk, size)
    if not keys:
        raise _AuditFailure(where, "no log.started entry precedes it, so no key may sign it")
    try:
        open_note(note, keys)
    except InvalidRequestError as error:
        raise _AuditFailure(
            where, f"not signed by a key in force (one the log introduced): {error.detail}"
        ) from None
    if claimed.origin != walk.origin:
        raise _AuditFailure(where, f"origin {claimed.origin!r} is not this log's {walk.origin!r}")
    if claimed.root_hash != walk.tree.root(size):
        raise _AuditFailure(
            where,
            f"root hash does not match the first {size} entries (an entry was changed, or "
            "the log signed a forked tree)",
        )
    return claimed, where


def _check_consistent(
    older: Checkpoint,
    newer: Checkpoint,
    where: str,
    walk: _Walk,
    other: str,
    *,
    forward: bool = False,
) -> None:
    """Check with an RFC 9162 §2.1.4 proof, built from the stored nodes, that newer extends older.

    The auditor holding only ``older`` would ask the log for this proof; here the proof comes
    from the recomputed tree and is checked against the two signed roots alone.
    """
    if older.tree_size == 0:
        return  # every tree extends the empty tree
    proof = walk.tree.consistency_proof(older.tree_size, newer.tree_size)
    if not merkle.verify_consistency(
        older.tree_size, newer.tree_size, older.root_hash, newer.root_hash, proof
    ):
        direction = f"is not extended by {other}" if forward else f"does not extend {other}"
        raise _AuditFailure(where, direction)


def _claimed_checkpoint(note: str, label: str) -> Checkpoint:
    """The checkpoint a note carries, before its signature is checked."""
    try:
        text, _ = _split_note(note)
        return Checkpoint.parse(text)
    except InvalidRequestError as error:
        raise _AuditFailure(label, error.detail) from None


def _claimed_size(note: str, label: str) -> int:
    return _claimed_checkpoint(note, label).tree_size


def _keys_in_force(walk: _Walk, size: int) -> list[NoteVerifier]:
    """The keys that may sign a checkpoint of ``size`` entries: those introduced before it."""
    return [verifier for index, verifier in walk.keys if index < size]


def _signed_by(note: str, verifiers: list[NoteVerifier]) -> bool:
    try:
        open_note(note, verifiers)
    except InvalidRequestError:
        return False
    return True


def _key_texts(walk: _Walk) -> list[str]:
    return list(dict.fromkeys(verifier.verifier_key() for _, verifier in walk.keys))


def _success_verdict(walk: _Walk, trust: Trust, saved: Checkpoint | None) -> str:
    size = walk.tree.size
    if size == 0:
        return "OK: the log is empty and no checkpoint was given"
    latest = walk.latest
    assert latest is not None  # a non-empty log without checkpoints fails the audit
    keys = _key_texts(walk)
    parts = [
        f"OK: {size} entries, {walk.checkpoints} checkpoints verified up to size "
        f"{latest.tree_size}, {len(keys)} signing key{'s' if len(keys) != 1 else ''}",
        {
            "pinned": "first key pinned",
            "pinned-later": f"a later key pinned, first key trusted on first use ({keys[0]})",
            "first-use": f"first key trusted on first use ({keys[0]})",
        }[trust],
    ]
    if saved is not None:
        parts.append(f"consistent with the saved checkpoint of size {saved.tree_size}")
    if latest.tree_size < size:
        parts.append(f"{size - latest.tree_size} newest entries not yet in a checkpoint")
    return "; ".join(parts)
