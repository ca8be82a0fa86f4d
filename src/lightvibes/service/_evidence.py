"""The evidence log as the service runs it: events, signed checkpoints and auditors' reads.

Entries are appended by the store in the same transaction as the change they record (see
:class:`KeyStore`); this module names the events, signs C2SP checkpoints of the store's tree
every N entries or T seconds and on demand, and assembles RFC 9162 proofs from the stored
perfect-subtree nodes (O(log n) reads, never the whole tree).

The checkpoint key is Ed25519 and lives in memory (a key-wrapper backend can hold it instead):
each process therefore writes a ``log.started`` entry naming its verifier key before anything
else, so an auditor can follow the chain of keys across restarts.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lightvibes.errors import InvalidRequestError, LightvibesError
from lightvibes.evidence import (
    Checkpoint,
    EntryType,
    NoteSigner,
    consistency_node_ids,
    consistency_proof_from_nodes,
    inclusion_node_ids,
    inclusion_proof_from_nodes,
    log_started_fields,
)
from lightvibes.quantum import EventSink, LinkState, LinkTransition
from lightvibes.service._clock import Clock
from lightvibes.service._periodic import PeriodicTask
from lightvibes.store import EvidenceEvent, EvidenceStore, StoredCheckpoint

__all__ = [
    "ACTOR_ANONYMOUS",
    "ACTOR_LINK",
    "ACTOR_SERVICE",
    "ACTOR_SWEEPER",
    "MAX_ENTRIES_PER_PAGE",
    "CheckpointSigner",
    "EvidenceLinkSink",
    "EvidenceLog",
    "FanoutEventSink",
    "Proof",
]

ACTOR_ANONYMOUS = "anonymous"  # HTTP callers, until the guard names them
ACTOR_SERVICE = "lightvibes"
ACTOR_SWEEPER = "sweeper"
ACTOR_LINK = "link-monitor"
MAX_ENTRIES_PER_PAGE = 1000

_log = structlog.get_logger("lightvibes.evidence")


class CheckpointSigner(Protocol):
    """Signs checkpoint bodies as C2SP signed notes (the key-wrapper port for the log key)."""

    @property
    def name(self) -> str: ...

    def verifier_key(self) -> str: ...

    def sign(self, body: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Proof:
    first: int  # leaf index (inclusion) or old tree size (consistency)
    tree_size: int
    hashes: list[bytes]


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise InvalidRequestError(f"{name} must be between {low} and {high} (got {value})")


class EvidenceLog:
    """Checkpoints and proofs over the evidence entries the store appends."""

    def __init__(
        self,
        *,
        store: EvidenceStore,
        clock: Clock,
        origin: str,
        signer: CheckpointSigner | None = None,
        checkpoint_entries: int = 256,
        checkpoint_interval_s: float = 10.0,
    ) -> None:
        self._store = store
        self._clock = clock
        self.origin = origin
        self._signer = signer or NoteSigner(origin, Ed25519PrivateKey.generate())
        self._checkpoint_entries = checkpoint_entries
        self._checkpoint_interval_s = checkpoint_interval_s
        self._signed_size = -1
        self._signed_at = 0.0
        # Polls the size; signs when enough entries or enough time have gone by.
        self._signer_task = PeriodicTask(
            "checkpoint", self._checkpoint_if_due, every_s=min(1.0, checkpoint_interval_s)
        )

    def verifier_key(self) -> str:
        """This process's checkpoint key in signed-note form: name+keyid+base64(0x01||pubkey)."""
        return self._signer.verifier_key()

    def event(self, kind: EntryType, actor: str, **fields: object) -> EvidenceEvent:
        return EvidenceEvent(type=kind.value, actor=actor, time=self._clock.now(), fields=fields)

    async def append(self, events: Sequence[EvidenceEvent]) -> int:
        """Append events that belong to no other change (link transitions)."""
        return await self._store.append_events(events)

    async def start(self) -> None:
        """Record this process's checkpoint key, sign a first checkpoint, start the signer."""
        started = self.event(
            EntryType.LOG_STARTED,
            ACTOR_SERVICE,
            **log_started_fields(self.origin, self.verifier_key()),
        )
        await self._store.append_events([started])
        await self.checkpoint()
        self._signer_task.start()

    async def stop(self) -> None:
        await self._signer_task.stop()
        with contextlib.suppress(LightvibesError):
            await self.checkpoint()  # leave the log covered by a signature

    async def checkpoint(self) -> StoredCheckpoint:
        """Sign and store a checkpoint of the tree as it is now (C2SP tlog-checkpoint)."""

        def sign(size: int, root: bytes) -> str:
            return self._signer.sign(Checkpoint(self.origin, size, root).body())

        stored = await self._store.sign_checkpoint(sign, self._clock.now())
        self._signed_size = max(self._signed_size, stored.tree_size)
        self._signed_at = asyncio.get_running_loop().time()
        return stored

    async def latest_checkpoint(self) -> StoredCheckpoint:
        latest = await self._store.latest_checkpoint()
        return latest if latest is not None else await self.checkpoint()

    async def checkpoints(self, start: int, limit: int) -> list[StoredCheckpoint]:
        _check_range("start", start, 0, 2**62)
        _check_range("limit", limit, 1, MAX_ENTRIES_PER_PAGE)
        return await self._store.checkpoints(start, limit)

    async def size(self) -> int:
        return await self._store.evidence_size()

    async def entries(self, start: int, end: int | None) -> tuple[int, list[bytes]]:
        """Entries ``start <= index < end`` (end clipped to the log and to one page)."""
        size = await self._store.evidence_size()
        _check_range("start", start, 0, size)
        stop = size if end is None else end
        _check_range("end", stop, start, 2**62)
        stop = min(stop, size, start + MAX_ENTRIES_PER_PAGE)
        return start, await self._store.evidence_entries(start, stop)

    async def inclusion_proof(self, index: int, tree_size: int) -> Proof:
        """RFC 9162 §2.1.3.1 audit path of entry ``index`` in the tree of ``tree_size``."""
        size = await self._store.evidence_size()
        _check_range("tree_size", tree_size, 1, size)
        _check_range("index", index, 0, tree_size - 1)
        nodes = await self._store.evidence_nodes(inclusion_node_ids(index, tree_size))
        return Proof(index, tree_size, inclusion_proof_from_nodes(index, tree_size, nodes))

    async def consistency_proof(self, first: int, second: int) -> Proof:
        """RFC 9162 §2.1.4.1 proof that the tree of ``second`` extends that of ``first``."""
        size = await self._store.evidence_size()
        _check_range("second", second, 1, size)
        _check_range("first", first, 1, second)
        nodes = await self._store.evidence_nodes(consistency_node_ids(first, second))
        return Proof(first, second, consistency_proof_from_nodes(first, second, nodes))

    async def _checkpoint_if_due(self) -> None:
        size = await self._store.evidence_size()
        waited = asyncio.get_running_loop().time() - self._signed_at
        if size > self._signed_size and (
            size - self._signed_size >= self._checkpoint_entries
            or waited >= self._checkpoint_interval_s
        ):
            await self.checkpoint()


class FanoutEventSink:
    """Hands each link transition to several sinks (the log and the evidence log)."""

    def __init__(self, sinks: Sequence[EventSink]) -> None:
        self._sinks = tuple(sinks)

    def emit(self, transition: LinkTransition) -> None:
        for sink in self._sinks:
            sink.emit(transition)


class EvidenceLinkSink:
    """Writes the link monitor's transitions to the evidence log (from the link's thread).

    A transition that crosses ``healthy`` also changes the mode new sessions get, so it is
    recorded as ``mode.changed`` as well. Appends run on the service's event loop; if the store
    cannot take them, the failure is logged (the link's state changes regardless).
    """

    def __init__(self, evidence: EvidenceLog) -> None:
        self._evidence = evidence
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            self._loop = loop

    def events_for(self, transition: LinkTransition) -> Sequence[EvidenceEvent]:
        fields: dict[str, object] = {
            "from": transition.from_state.value,
            "to": transition.to_state.value,
            "cause": transition.cause,
            "qber": transition.qber,
            "block": transition.block,
        }
        # The monitor's transition kinds are entry types: link.quarantined, link.restored, ...
        events = [self._evidence.event(EntryType(transition.kind), ACTOR_LINK, **fields)]
        serving_before = transition.from_state is LinkState.HEALTHY
        serving_after = transition.to_state is LinkState.HEALTHY
        if serving_before != serving_after:
            events.append(
                self._evidence.event(
                    EntryType.MODE_CHANGED,
                    ACTOR_LINK,
                    **{
                        "from": "QMK" if serving_before else "PQC",
                        "to": "QMK" if serving_after else "PQC",
                        "cause": transition.cause,
                    },
                )
            )
        return events

    def emit(self, transition: LinkTransition) -> None:
        with self._lock:
            loop = self._loop
        if loop is None or loop.is_closed():
            _log.warning("link_transition_not_logged", kind=transition.kind)
            return
        future = asyncio.run_coroutine_threadsafe(
            self._evidence.append(self.events_for(transition)), loop
        )
        future.add_done_callback(_report_failure)


def _report_failure(future: concurrent.futures.Future[int]) -> None:
    if not future.cancelled() and future.exception() is not None:
        _log.error("link_transition_not_logged", error=type(future.exception()).__name__)
