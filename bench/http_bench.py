"""Issuance and retrieval throughput and latency: LIGHTVIBES vs bare FastAPI, side by side.

One uvicorn server (one worker, pinned to CPU 0) serves both the real routes and their bare
twins (bench/bench_app.py); wrk (pinned to CPU 1) drives them in interleaved rounds so both see
the same machine state. Reports medians over rounds and the ratio ours/bare.

    .venv/bin/python -m bench.http_bench [--rounds 3] [--seconds 5] [--connections 16]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _pin(cpu: int) -> list[str]:
    return ["taskset", "-c", str(cpu)] if shutil.which("taskset") and os.cpu_count() else []


def _wrk(
    url: str, script: Path, args: list[str], seconds: float, connections: int, record: bool = False
) -> dict[str, float]:
    env = dict(os.environ, WRK_RECORD="1" if record else "0")
    command = [
        *_pin(1),
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
        "--",
        *args,
    ]
    run = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if run.returncode != 0:
        raise RuntimeError(f"wrk failed: {run.stderr.strip() or run.stdout.strip()}")
    out = run.stdout
    line = next(row for row in out.splitlines() if row.startswith("WRKJSON "))
    result: dict[str, float] = json.loads(line.removeprefix("WRKJSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument(
        "--link", action="store_true", help="run the simulated QKD link in the server too"
    )
    parser.add_argument("--sqlite-synchronous", choices=["FULL", "NORMAL"], default="FULL")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (bench/run.sh installs it)", file=sys.stderr)
        return 2

    state = Path(tempfile.mkdtemp(prefix="lightvibes-bench-"))
    lightvibes = Path(sys.executable).with_name("lightvibes")
    subprocess.run([lightvibes, "keygen", "--out", str(state)], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTVIBES_")}
    env.update(
        LIGHTVIBES_STATE_DIR=str(state),
        LIGHTVIBES_DATABASE_URL=f"sqlite+aiosqlite:///{state / 'lightvibes.db'}",
        LIGHTVIBES_LOG_LEVEL="warning",
        LIGHTVIBES_SWEEP_INTERVAL_S="3600",
        LIGHTVIBES_LINK_ENABLED="true" if options.link else "false",
        LIGHTVIBES_SQLITE_SYNCHRONOUS=options.sqlite_synchronous,
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            *_pin(0),
            sys.executable,
            "-m",
            "uvicorn",
            "bench.bench_app:create",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    results: dict[str, list[dict[str, float]]] = {
        "issue_bare": [],
        "issue_ours": [],
        "fetch_bare": [],
        "fetch_ours": [],
    }
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        session_lua, key_lua = HERE / "wrk_session.lua", HERE / "wrk_key.lua"
        for round_no in range(options.rounds):
            refs = state / f"refs-{round_no}.txt"
            refs.unlink(missing_ok=True)
            results["issue_bare"].append(
                _wrk(f"{url}/bare/session", session_lua, [], options.seconds, options.connections)
            )
            results["issue_ours"].append(
                _wrk(
                    f"{url}/lightvibes/session",
                    session_lua,
                    [str(refs)],
                    options.seconds,
                    options.connections,
                    record=True,
                )
            )
            results["fetch_bare"].append(
                _wrk(url, key_lua, [str(refs), "bare"], options.seconds, options.connections)
            )
            # Retrieval is faster than issuance: top the refs up (unmeasured) so the measured
            # fetch run never runs out, whatever rate it reaches (bare is the ceiling).
            needed = results["fetch_bare"][-1]["rps"] * options.seconds * 1.1
            for _ in range(20):
                if sum(1 for _ in refs.open()) >= needed:
                    break
                _wrk(
                    f"{url}/lightvibes/session",
                    session_lua,
                    [str(refs)],
                    options.seconds,
                    options.connections,
                    record=True,
                )
            results["fetch_ours"].append(
                _wrk(url, key_lua, [str(refs), "lightvibes"], options.seconds, options.connections)
            )
            issued = sum(1 for _ in refs.open())
            results["fetch_ours"][-1]["refs_available"] = issued
    finally:
        server.terminate()
        server.wait(timeout=15)
        shutil.rmtree(state, ignore_errors=True)

    def med(name: str, field: str) -> float:
        return statistics.median(r[field] for r in results[name])

    print(
        f"HTTP benchmark: {options.rounds} rounds x {options.seconds:g} s per endpoint, "
        f"wrk -t1 -c{options.connections} on CPU 1, uvicorn 1 worker on CPU 0, SQLite store "
        f"(synchronous={options.sqlite_synchronous}), QKD link {'on' if options.link else 'off'}\n"
    )
    print(
        "| endpoint | bare FastAPI req/s | LIGHTVIBES req/s | ratio | bare p50 / p99 ms "
        "| LIGHTVIBES p50 / p99 ms | non-2xx |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, bare, ours in (
        ("issuance POST /session", "issue_bare", "issue_ours"),
        ("retrieval GET /key/{ref}", "fetch_bare", "fetch_ours"),
    ):
        ratio = med(ours, "rps") / med(bare, "rps")
        print(
            f"| {label} | {med(bare, 'rps'):.0f} | {med(ours, 'rps'):.0f} | {ratio:.2f}x | "
            f"{med(bare, 'p50_us') / 1e3:.2f} / {med(bare, 'p99_us') / 1e3:.2f} | "
            f"{med(ours, 'p50_us') / 1e3:.2f} / {med(ours, 'p99_us') / 1e3:.2f} | "
            f"{sum(r['non2xx'] for r in results[ours]):.0f} |"
        )
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
