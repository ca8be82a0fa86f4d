"""The real thing: `lightvibes serve` and the seed's uvicorn run line as processes over TCP.

Also checks, on the SQLite file the server wrote, that no plaintext key byte string ever
reached the database (main file and WAL).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from lightvibes.client import LightvibesClient, unseal
from lightvibes.errors import KeyNotFound
from lightvibes.sealing import load_private_key

ROOT = Path(__file__).resolve().parents[2]
LIGHTVIBES = Path(sys.executable).with_name("lightvibes")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/readyz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("server did not become ready")


def _environment(state_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTVIBES_")}
    env["LIGHTVIBES_STATE_DIR"] = str(state_dir)
    env["LIGHTVIBES_DATABASE_URL"] = f"sqlite+aiosqlite:///{state_dir / 'lightvibes.db'}"
    env["LIGHTVIBES_LINK_ENABLED"] = "false"  # PQC only, unless a test turns the link on
    return env


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    subprocess.run([LIGHTVIBES, "keygen", "--out", str(tmp_path)], check=True, capture_output=True)
    return tmp_path


def _serve(state_dir: Path, *flags: str, **settings: str) -> Iterator[str]:
    port = _free_port()
    env = _environment(state_dir)
    env.update({f"LIGHTVIBES_{name.upper()}": value for name, value in settings.items()})
    process = subprocess.Popen(
        [LIGHTVIBES, "serve", "--port", str(port), *flags],
        env=env,
        cwd=state_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def served(state_dir: Path) -> Iterator[str]:
    yield from _serve(state_dir)


def test_served_link_turns_healthy_and_issues_qmk_keys(state_dir: Path) -> None:
    # 10^8 pulses at 1 GHz: a block every 0.1 s of light, healthy after two good blocks.
    for url in _serve(
        state_dir,
        link_enabled="true",
        link_pulses_per_block="100000000",
        link_repetition_rate_hz="1e9",
        link_seed="5",
    ):
        deadline = time.monotonic() + 60
        health = httpx.get(f"{url}/lightvibes/health").json()
        while health["mode"] != "QMK" and time.monotonic() < deadline:
            time.sleep(0.2)
            health = httpx.get(f"{url}/lightvibes/health").json()
        assert health["link_state"] == "healthy"
        private_key = load_private_key(state_dir / "recipient.key")
        with LightvibesClient(url) as client:
            opened = client.open_session("qkd-peer", fallback="NONE")
            assert opened["mode"] == "QMK"
            assert 0 < opened["health"]["qber"] < 0.08
            assert opened["health"]["rate_bps"] > 0
            delivery = client.fetch_key(opened["key_ref"])
            assert delivery["mode"] == "QMK"
            assert len(unseal(delivery, private_key)) == 32


def test_demo_against_a_running_server(served: str, state_dir: Path) -> None:
    result = subprocess.run(
        [LIGHTVIBES, "demo", "--url", served, "--key", str(state_dir / "recipient.key")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "mode PQC" in result.stdout
    assert "404, the key is delivered exactly once" in result.stdout


def test_fifty_concurrent_fetches_over_tcp_deliver_once(served: str) -> None:
    with LightvibesClient(served) as client:
        key_ref = client.open_session("race-peer")["key_ref"]

    async def race() -> list[int]:
        async with httpx.AsyncClient(base_url=served, timeout=30.0) as http:
            answers = await asyncio.gather(
                *(http.get(f"/lightvibes/key/{key_ref}") for _ in range(50))
            )
            return [answer.status_code for answer in answers]

    codes = asyncio.run(race())
    assert sorted(codes) == [200] + [404] * 49


def test_no_plaintext_key_reaches_the_database_file(served: str, state_dir: Path) -> None:
    private_key = load_private_key(state_dir / "recipient.key")
    keys = []
    with LightvibesClient(served) as client:
        refs = [client.open_session("p", min_keybits=512)["key_ref"] for _ in range(20)]
        for key_ref in refs:
            keys.append(unseal(client.fetch_key(key_ref), private_key))
        with pytest.raises(KeyNotFound):
            client.fetch_key(refs[0])
    stored = b"".join(
        path.read_bytes() for path in state_dir.iterdir() if path.name.startswith("lightvibes.db")
    )
    assert len(stored) > 0
    for key in keys:
        for needle in (key, key[:16], key[16:32], key.hex().encode()):
            assert needle not in stored


def test_evidence_verify_against_the_server_and_a_tampered_database(
    served: str, state_dir: Path
) -> None:
    with LightvibesClient(served) as client:
        for _ in range(3):
            client.fetch_key(client.open_session("audited")["key_ref"])
        key = client.evidence_key()
    httpx.post(f"{served}/lightvibes/evidence/checkpoint")
    saved = state_dir / "saved.checkpoint"
    saved.write_text(httpx.get(f"{served}/lightvibes/evidence/checkpoint").text)

    def verify(*flags: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [LIGHTVIBES, "evidence", "verify", *flags],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    ok = verify("--url", served, "--trusted-key", key, "--since", str(saved))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("OK: ") and "first key pinned" in ok.stdout
    assert ok.stdout.count("\n") == 1

    database = f"sqlite+aiosqlite:///{state_dir / 'lightvibes.db'}"
    assert verify("--database-url", database).returncode == 0
    # Rewrite history behind the server's back: the audit names the entry.
    import sqlite3

    with sqlite3.connect(state_dir / "lightvibes.db") as db:
        db.execute(
            "UPDATE evidence_entries SET data = replace(data, 'audited', 'rewrite') WHERE seq = 1"
        )
    bad = verify("--database-url", database)
    assert bad.returncode == 3
    assert bad.stdout.startswith("FAIL at checkpoint")
    assert "root hash" in bad.stdout


def test_two_workers_share_one_log_that_audits_clean(state_dir: Path) -> None:
    """Each worker has its own checkpoint key; concurrent appends and checkpoints stay sound."""
    for url in _serve(state_dir, "--workers", "2"):

        async def burst(url: str) -> None:
            async with httpx.AsyncClient(base_url=url, timeout=30.0) as http:
                await asyncio.gather(
                    *(http.post("/lightvibes/session", json={"peer_id": "w"}) for _ in range(60)),
                    *(http.post("/lightvibes/evidence/checkpoint") for _ in range(6)),
                )

        asyncio.run(burst(url))
        result = subprocess.run(
            [LIGHTVIBES, "evidence", "verify", "--url", url],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "2 signing keys" in result.stdout


def test_seed_run_line_serves_the_same_app(state_dir: Path) -> None:
    port = _free_port()
    env = _environment(state_dir)
    env["LIGHTVIBES_RECIPIENT_PUBLIC_KEY"] = str(state_dir / "recipient.pub")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "LIGHTVIBES.api.server:app", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process)
        created = httpx.post(f"{url}/lightvibes/session", json={"peer_id": "seed"})
        assert created.status_code == 201
        key_ref = created.json()["key_ref"]
        assert httpx.get(f"{url}/lightvibes/key/{key_ref}").status_code == 200
        assert httpx.get(f"{url}/lightvibes/key/{key_ref}").status_code == 404
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_seed_run_line_with_a_bad_setting_fails_in_one_line(state_dir: Path) -> None:
    env = _environment(state_dir)
    env["LIGHTVIBES_QBER_THRESHOLD"] = "high"
    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "LIGHTVIBES.api.server:app", "--port", "1"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "lightvibes: LIGHTVIBES_QBER_THRESHOLD: " in result.stderr
