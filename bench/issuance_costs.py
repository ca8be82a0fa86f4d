"""Where an issuance's time goes, stage by stage, on one core (medians of repeated runs).

.venv/bin/python -m bench.issuance_costs [--repeat 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lightvibes.pqc import PqcKeySource
from lightvibes.sealing import HpkeSealer, SealSuite, generate_keypair
from lightvibes.store import SealedKeyRecord, SessionRecord, SessionState, SqlKeyStore


def _median_us(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


async def _store_costs(repeat: int) -> tuple[float, float]:
    directory = Path(tempfile.mkdtemp(prefix="lightvibes-bench-"))
    store = SqlKeyStore(f"sqlite+aiosqlite:///{directory / 'bench.db'}")
    await store.open()
    now = datetime.now(UTC)
    creates, takes = [], []
    for i in range(repeat):
        session_id = f"00000000-0000-4000-8000-{i:012d}"
        record = SessionRecord(
            session_id,
            "p",
            "PQC",
            256,
            120,
            now,
            now + timedelta(hours=1),
            SessionState.OPEN,
            None,
            0.0,
            "x25519",
            "k",
        )
        copy = SealedKeyRecord(
            f"{i:032d}",
            session_id,
            "initiator",
            b"\x00" * 80,
            "PQC",
            "x25519",
            "k",
            now + timedelta(hours=1),
        )
        start = time.perf_counter()
        await store.create_session(record, [copy])
        creates.append(time.perf_counter() - start)
    for i in range(repeat):
        start = time.perf_counter()
        await store.take_key(f"{i:032d}", now)
        takes.append(time.perf_counter() - start)
    await store.close()
    return statistics.median(creates) * 1e6, statistics.median(takes) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    repeat = parser.parse_args().repeat
    pqc = PqcKeySource()
    x25519 = HpkeSealer(generate_keypair(SealSuite.X25519).public_key())
    hybrid = HpkeSealer(generate_keypair(SealSuite.MLKEM768_X25519).public_key())
    key = bytes(32)
    rows = [
        (
            "ML-KEM-768 exchange + HKDF (PQC key source)",
            _median_us(lambda: pqc.derive_key(256, b"s"), repeat),
        ),
        ("HPKE seal, X25519 suite", _median_us(lambda: x25519.seal(key, "A" * 32), repeat)),
        (
            "HPKE seal, MLKEM768-X25519 suite",
            _median_us(lambda: hybrid.seal(key, "A" * 32), repeat),
        ),
    ]
    create_us, take_us = asyncio.run(_store_costs(min(repeat, 1000)))
    rows += [
        ("SQLite create_session (one transaction)", create_us),
        ("SQLite take_key (one transaction)", take_us),
    ]
    print(f"Issuance cost by stage, median of {repeat} runs, one core\n")
    print("| stage | median µs |")
    print("|---|---|")
    for name, micros in rows:
        print(f"| {name} | {micros:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
