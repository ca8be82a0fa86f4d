"""The OpenAPI 3.1 document of the app, as committed in ``openapi.yaml``."""

from __future__ import annotations

from typing import Any

import yaml

from lightvibes.api._app import create_app
from lightvibes.config import Settings
from lightvibes.pqc import PqcKeySource
from lightvibes.quantum._link import AbsentLink
from lightvibes.sealing import HpkeSealer, SealSuite, generate_keypair
from lightvibes.service import KeyService, ModeController, SystemClock
from lightvibes.testing import InMemoryKeyStore

__all__ = ["openapi_document", "openapi_yaml"]


def openapi_document() -> dict[str, Any]:
    """The schema depends on the routes only, so it is built with in-memory collaborators."""
    settings = Settings(_env_file=None)
    service = KeyService(
        store=InMemoryKeyStore(),
        modes=ModeController(
            link=AbsentLink(), pqc=PqcKeySource(), qber_threshold=0.08, retry_after_s=5
        ),
        sealer=HpkeSealer(generate_keypair(SealSuite.X25519).public_key()),
        clock=SystemClock(),
        default_ttl_s=settings.default_ttl_s,
    )
    document: dict[str, Any] = create_app(settings, service=service).openapi()
    return document


def openapi_yaml() -> str:
    return yaml.safe_dump(openapi_document(), sort_keys=False, allow_unicode=True, width=100)
