"""Evidence log costs: append throughput, proof latency at 10^3 vs 10^6 entries, issuance
with the log on vs off (side by side, interleaved rounds, medians).

    .venv/bin/python -m bench.bench_evidence [--entries 1000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from lightvibes.evidence import (
    consistency_node_ids,
    consistency_proof_from_nodes,
    inclusion_node_ids,
    inclusion_proof_from_nodes,
)
from lightvibes.pqc import PqcKeySource
from lightvibes.quantum import AbsentLink
from lightvibes.sealing import HpkeSealer, SealSuite, generate_keypair
from lightvibes.service import EvidenceLog, KeyService, ModeController, SessionRequest, SystemClock
from lightvibes.store import EvidenceEvent, SqlKeyStore

_NOW = datetime(2026, 11, 28, tzinfo=UTC)


def _event(i: int) -> EvidenceEvent:
    return EvidenceEvent(
        type="key.delivered",
        actor="bench",
        time=_NOW,
        fields={"session_id": f"00000000-0000-4000-8000-{i:012d}", "party": "initiator"},
    )


async def _append_rates(store: SqlKeyStore, count: int) -> tuple[float, float]:
    """Entries/s appended one per transaction: sequentially, and by 64 concurrent writers."""
    start = time.perf_counter()
    for i in range(count):
        await store.append_events([_event(i)])
    sequential = count / (time.perf_counter() - start)

    async def writer(offset: int) -> None:
        for i in range(count // 64):
            await store.append_events([_event(offset + i)])

    start = time.perf_counter()
    await asyncio.gather(*(writer(k * count) for k in range(64)))
    concurrent = (count // 64) * 64 / (time.perf_counter() - start)
    return sequential, concurrent


async def _fill(store: SqlKeyStore, target: int) -> float:
    """Grow the log to ``target`` entries in batches of 1000 per transaction; entries/s."""
    start = time.perf_counter()
    size = await store.evidence_size()
    while size < target:
        batch = min(1000, target - size)
        size = await store.append_events([_event(size + i) for i in range(batch)])
    return target / (time.perf_counter() - start)


async def _proof_latency_us(
    store: SqlKeyStore, tree_size: int, samples: int
) -> tuple[float, float]:
    rng = random.Random(tree_size)
    inclusion, consistency = [], []
    for _ in range(samples):
        index = rng.randrange(tree_size)
        start = time.perf_counter()
        nodes = await store.evidence_nodes(inclusion_node_ids(index, tree_size))
        inclusion_proof_from_nodes(index, tree_size, nodes)
        inclusion.append(time.perf_counter() - start)
        old = rng.randrange(1, tree_size)
        start = time.perf_counter()
        nodes = await store.evidence_nodes(consistency_node_ids(old, tree_size))
        consistency_proof_from_nodes(old, tree_size, nodes)
        consistency.append(time.perf_counter() - start)
    return statistics.median(inclusion) * 1e6, statistics.median(consistency) * 1e6


async def _issuance_rate(directory: Path, evidence: bool, sessions: int) -> float:
    store = SqlKeyStore(
        f"sqlite+aiosqlite:///{directory / f'issue-{evidence}-{time.time_ns()}.db'}",
        sqlite_synchronous="FULL",
    )
    clock = SystemClock()
    log = EvidenceLog(store=store, clock=clock, origin="bench/evidence") if evidence else None
    service = KeyService(
        store=store,
        modes=ModeController(
            link=AbsentLink(), pqc=PqcKeySource(), qber_threshold=0.08, retry_after_s=5
        ),
        sealer=HpkeSealer(generate_keypair(SealSuite.X25519).public_key()),
        clock=clock,
        default_ttl_s=120,
        evidence=log,
    )
    await service.start()

    async def client(n: int) -> None:
        for _ in range(n):
            await service.open_session(SessionRequest(peer_id="bench"))

    start = time.perf_counter()
    await asyncio.gather(*(client(sessions // 16) for _ in range(16)))
    rate = (sessions // 16) * 16 / (time.perf_counter() - start)
    await service.stop()
    return rate


async def main_async(entries: int, rounds: int) -> None:
    directory = Path(tempfile.mkdtemp(prefix="lightvibes-bench-evidence-"))
    store = SqlKeyStore(f"sqlite+aiosqlite:///{directory / 'log.db'}", sqlite_synchronous="FULL")
    await store.open()
    sequential, concurrent = await _append_rates(store, 2048)
    filled = await _fill(store, entries)
    small = await _proof_latency_us(store, 1000, 2000)
    large = await _proof_latency_us(store, entries, 2000)
    await store.close()

    on, off = [], []
    for _ in range(rounds):
        off.append(await _issuance_rate(directory, False, 2000))
        on.append(await _issuance_rate(directory, True, 2000))

    print("Evidence log, SQLite (synchronous=FULL), one process; medians\n")
    print("| measurement | value |")
    print("|---|---|")
    print(f"| append, 1 entry per transaction, sequential | {sequential:,.0f} entries/s |")
    print(
        f"| append, 1 entry per transaction, 64 concurrent writers | {concurrent:,.0f} entries/s |"
    )
    print(f"| append, 1000 entries per transaction (to {entries:,}) | {filled:,.0f} entries/s |")
    print(f"| inclusion proof at 10^3 entries (median of 2000) | {small[0]:.0f} µs |")
    print(f"| inclusion proof at {entries:,} entries (median of 2000) | {large[0]:.0f} µs |")
    print(f"| consistency proof at 10^3 entries | {small[1]:.0f} µs |")
    print(f"| consistency proof at {entries:,} entries | {large[1]:.0f} µs |")
    print(
        f"| issuance, 16 concurrent callers, log off | {statistics.median(off):,.0f} sessions/s |"
    )
    print(f"| issuance, 16 concurrent callers, log on | {statistics.median(on):,.0f} sessions/s |")
    print(f"| issuance ratio on/off | {statistics.median(on) / statistics.median(off):.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    asyncio.run(main_async(options.entries, options.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
