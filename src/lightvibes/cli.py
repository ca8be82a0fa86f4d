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
    # Workers re-create the app from the environment, so pass the CLI overrides on that way.
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


if __name__ == "__main__":
    raise SystemExit(main())
