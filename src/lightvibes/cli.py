"""The ``lightvibes`` command: serve, keygen, unseal, demo, config and openapi.

Every failure the package expects is a LightvibesError; main() catches the root once, prints one
line to stderr and exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lightvibes.errors import (
    InvalidRequestError,
    KeyNotFound,
    LightvibesError,
    RecipientKeyError,
)

__all__ = ["main"]

_EXIT_ERROR = 1
_EXIT_USAGE = 2
_EXIT_AUDIT_FAILED = 3


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from lightvibes._logging import configure_logging
    from lightvibes.config import load_settings
    from lightvibes.service import KeyService

    overrides = {
        name: value
        for name, value in (("host", args.host), ("port", args.port), ("workers", args.workers))
        if value is not None
    }
    settings = load_settings(**overrides)
    KeyService.from_settings(settings)  # fail here, in one line, on a bad setting or key file
    configure_logging(settings.log_level)
    # Host, port and workers are uvicorn's; each worker builds the app from the environment.
    uvicorn.run(
        "lightvibes.api:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        proxy_headers=False,
        server_header=False,
    )
    return 0


def _keygen(args: argparse.Namespace) -> int:
    from lightvibes.sealing import SealSuite, generate_keypair, write_keypair

    private_key = generate_keypair(SealSuite(args.kem))
    private_path, public_path = write_keypair(private_key, Path(args.out), overwrite=args.force)
    print(f"wrote {private_path} (private, mode 0600) and {public_path}")
    print(f"suite {private_key.suite.value}, key id {private_key.key_id}")
    return 0


def _read_delivery(text: str) -> dict[str, object]:
    try:
        delivery = json.loads(text)
    except json.JSONDecodeError:
        raise InvalidRequestError(
            "standard input is not JSON; pipe in the body of GET /lightvibes/key/{key_ref}"
        ) from None
    if not isinstance(delivery, dict):
        raise InvalidRequestError(
            "standard input must be a JSON object with key_ref and key_sealed"
        )
    return delivery


def _unseal(args: argparse.Namespace) -> int:
    from lightvibes.client import unseal
    from lightvibes.sealing import load_private_key

    private_key = load_private_key(args.key)
    key = unseal(_read_delivery(sys.stdin.read()), private_key)
    print(key.hex())
    return 0


def _demo(args: argparse.Namespace) -> int:
    from lightvibes.client import LightvibesClient, unseal
    from lightvibes.sealing import load_private_key

    private_key = load_private_key(args.key)
    with LightvibesClient(args.url) as client:
        session = client.open_session(args.peer_id, min_keybits=args.bits)
        health = session["health"]
        print(f"1. opened session {session['session_id']} with peer {args.peer_id!r}")
        print(
            f"   mode {session['mode']}, link qber {health['qber']}, rate {health['rate_bps']} bps"
        )
        delivery = client.fetch_key(session["key_ref"])
        seal = delivery.get("seal", {})
        print(f"2. fetched key_ref {delivery['key_ref']} ({delivery['ttl_s']} s left)")
        print(f"   sealed with {seal.get('suite')} to recipient key {seal.get('recipient_key_id')}")
        key = unseal(delivery, private_key)
        print(f"3. unsealed {len(key) * 8}-bit key: {key.hex()}")
        try:
            client.fetch_key(session["key_ref"])
        except KeyNotFound:
            print("4. fetched again: 404, the key is delivered exactly once")
        else:
            print("4. fetched again and got a key: one-time delivery is BROKEN", file=sys.stderr)
            return _EXIT_ERROR
    return 0


def _distances(text: str) -> list[float]:
    try:
        distances = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--distance-km takes comma-separated numbers, e.g. 0,25,50 (got {text!r})"
        ) from None
    if not distances or any(d < 0 or d != d for d in distances):
        raise argparse.ArgumentTypeError("--distance-km needs one or more distances >= 0")
    return distances


def _simulate(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from lightvibes.errors import ConfigError
    from lightvibes.quantum import LinkParameters, plot_key_rate, simulate_points, theory_curve

    overrides = {
        "mu": args.mu,
        "nu": args.nu,
        "alpha_db_per_km": args.alpha_db_per_km,
        "detector_efficiency": args.detector_efficiency,
        "dark_count_probability": args.dark_count_probability,
        "misalignment": args.misalignment,
        "eve_fraction": args.eve_fraction,
        "pulses_per_block": args.pulses,
    }
    try:
        params = replace(LinkParameters(), **{k: v for k, v in overrides.items() if v is not None})
    except ConfigError as error:
        raise InvalidRequestError(error.detail) from None
    distances: list[float] = args.distance_km
    if len(distances) > 1 and not args.json:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("simulating blocks", total=len(distances))
            points = simulate_points(
                params,
                distances,
                args.seed,
                asymptotic=args.asymptotic,
                progress=lambda done: bar.update(task, completed=done),
            )
    else:
        points = simulate_points(params, distances, args.seed, asymptotic=args.asymptotic)
    if args.plot:
        lo, hi = min(distances), max(max(distances), 1.0)
        grid = [lo + (hi - lo) * i / 200 for i in range(201)]
        plot_key_rate(points, theory_curve(params, grid), Path(args.plot))
    if args.json:
        print(json.dumps({"points": points}, indent=2))
        return 0
    _print_points(points)
    if args.plot:
        print(f"wrote {args.plot}")
    return 0


def _print_points(points: list[dict[str, float | int | None]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Decoy-state BB84, one block per distance")
    columns = [
        ("distance_km", "km", "{:g}"),
        ("detections", "detections", "{:,}"),
        ("sifted_bits", "sifted", "{:,}"),
        ("qber", "QBER", "{:.4f}"),
        ("y1_lower", "Y1 ≥", "{:.3e}"),
        ("e1_upper", "e1 ≤", "{:.4f}"),
        ("leaked_bits", "leaked", "{:,}"),
        ("ec_efficiency", "f", "{:.3f}"),
        ("secret_bits", "secret", "{:,}"),
        ("secret_key_rate_per_pulse", "R/pulse", "{:.3e}"),
        ("bound_key_rate_per_pulse", "theory", "{:.3e}"),
        ("plob_bound_per_pulse", "PLOB", "{:.3e}"),
    ]
    for _, header, _ in columns:
        table.add_column(header, justify="right")
    for point in points:
        table.add_row(
            *("-" if point[name] is None else fmt.format(point[name]) for name, _, fmt in columns)
        )
    # Piped output is not wrapped at 80 columns; a terminal keeps its own width.
    Console(width=None if sys.stdout.isatty() else 200).print(table)


def _read_log_over_http(url: str) -> tuple[list[bytes], list[str]]:
    from lightvibes.client import LightvibesClient

    with LightvibesClient(url, timeout_s=60.0) as client:
        # Checkpoints first: the entries read afterwards then cover every one of them.
        checkpoints = client.evidence_checkpoints()
        return client.evidence_entries(), checkpoints


async def _read_log_from_database(url: str) -> tuple[list[bytes], list[str]]:
    from lightvibes.store import SqlKeyStore

    store = SqlKeyStore(url)  # not opened: an audit reads, it never migrates
    try:
        checkpoints: list[str] = []
        while page := await store.checkpoints(len(checkpoints), 1000):
            checkpoints.extend(c.note for c in page)
        size = await store.evidence_size()
        entries: list[bytes] = []
        while len(entries) < size:
            entries.extend(await store.evidence_entries(len(entries), len(entries) + 10_000))
        return entries, checkpoints
    finally:
        await store.close()


def _evidence_verify(args: argparse.Namespace) -> int:
    import asyncio

    from lightvibes.evidence import audit_log

    since = None
    if args.since:
        try:
            since = Path(args.since).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidRequestError(f"cannot read --since {args.since}: {error}") from None
    if args.url:
        entries, checkpoints = _read_log_over_http(args.url)
    else:
        entries, checkpoints = asyncio.run(_read_log_from_database(args.database_url))
    report = audit_log(entries, checkpoints, trusted_keys=args.trusted_key or (), since=since)
    print(report.verdict)
    return 0 if report.ok else _EXIT_AUDIT_FAILED


def _config(args: argparse.Namespace) -> int:
    from lightvibes.config import env_example

    sys.stdout.write(env_example())
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from lightvibes.api._openapi import openapi_yaml

    text = openapi_yaml()
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lightvibes", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    serve = command("serve", _serve, "Run the key service (settings from LIGHTVIBES_* and .env).")
    serve.add_argument("--host", help="bind address (default LIGHTVIBES_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default LIGHTVIBES_PORT, 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default 1)")

    keygen = command("keygen", _keygen, "Create a recipient key pair (recipient.key/.pub).")
    keygen.add_argument("--kem", choices=["x25519", "mlkem768-x25519"], default="x25519")
    keygen.add_argument("--out", required=True, help="directory to write the two files into")
    keygen.add_argument("--force", action="store_true", help="overwrite existing key files")

    unseal = command("unseal", _unseal, "Read a key response (JSON) on stdin, print the key hex.")
    unseal.add_argument("--key", required=True, help="recipient private key file")

    demo = command("demo", _demo, "Open a session, fetch and unseal its key, fetch again (404).")
    demo.add_argument("--url", default="http://127.0.0.1:8000")
    demo.add_argument("--key", default=".lightvibes/recipient.key", help="recipient private key")
    demo.add_argument("--peer-id", default="demo-peer")
    demo.add_argument("--bits", type=int, default=256)

    simulate = command(
        "simulate", _simulate, "Run decoy-state BB84 blocks offline, one per distance."
    )
    simulate.add_argument(
        "--distance-km", type=_distances, default=[25.0], help="one distance or a sweep: 0,25,50"
    )
    for flag, what in (
        ("--mu", "signal mean photon number"),
        ("--nu", "weak-decoy mean photon number"),
        ("--alpha-db-per-km", "fibre attenuation, dB/km"),
        ("--detector-efficiency", "Bob's detection efficiency"),
        ("--dark-count-probability", "background click probability per gate"),
        ("--misalignment", "optical misalignment error e_d"),
        ("--eve-fraction", "intercept-resend on this fraction of pulses"),
    ):
        simulate.add_argument(flag, type=float, help=what)
    simulate.add_argument("--pulses", type=int, help="pulses per block (default 10^9)")
    simulate.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    simulate.add_argument(
        "--asymptotic", action="store_true", help="key length from the asymptotic bound"
    )
    simulate.add_argument("--json", action="store_true", help='print {"points": [...]}')
    simulate.add_argument("--plot", metavar="FILE.png", help="draw key rate vs distance")

    evidence = commands.add_parser("evidence", help="Audit the evidence log.")
    evidence_commands = evidence.add_subparsers(dest="evidence_command", required=True)
    verify = evidence_commands.add_parser(
        "verify",
        help="Fetch the whole log, recompute the tree, check every checkpoint (exit 0 if sound).",
        description=(
            "Fetch every entry and checkpoint, recompute the RFC 9162 tree, check each "
            "checkpoint's signature and root and the consistency between successive "
            "checkpoints. Prints one verdict line; exits 0 when the log is sound and 3 naming "
            "the first bad entry or checkpoint."
        ),
    )
    verify.set_defaults(handler=_evidence_verify)
    source = verify.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", help="a running LIGHTVIBES, e.g. http://127.0.0.1:8000")
    source.add_argument("--database-url", help="read the store directly (SQLAlchemy URL)")
    verify.add_argument(
        "--trusted-key",
        action="append",
        metavar="KEY",
        help="a verifier key you trust (name+keyid+base64); repeatable",
    )
    verify.add_argument("--since", metavar="CHECKPOINT_FILE", help="a checkpoint you saved earlier")

    config = command("config", _config, "Print .env.example: every setting, default and meaning.")
    config.add_argument("what", choices=["example"])

    openapi = command("openapi", _openapi, "Write the OpenAPI 3.1 document as YAML.")
    openapi.add_argument("--out", default="-", help="file to write (default: standard output)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except RecipientKeyError as error:
        print(f"lightvibes: {error.detail}", file=sys.stderr)
        return _EXIT_USAGE
    except LightvibesError as error:
        print(f"lightvibes: {error.detail}", file=sys.stderr)
        return _EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `lightvibes demo | head`: the reader left, not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
