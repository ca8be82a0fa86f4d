"""The app factory: wires settings to a KeyService and mounts the routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from lightvibes import __version__
from lightvibes.api._errors import PROBLEM_MEDIA_TYPE, install_error_handlers
from lightvibes.api._evidence_routes import evidence_router
from lightvibes.api._routes import lightvibes_router, probes_router
from lightvibes.config import Settings, load_settings
from lightvibes.service import KeyService, Sweeper

__all__ = ["create_app"]

_DESCRIPTION = (
    "Quantum-safe key delivery. Open a session with a peer, then fetch its key exactly once, "
    "sealed (RFC 9180 HPKE) to your recipient public key. Keys come from the QKD link when it is "
    "healthy (mode `QMK`) and from ML-KEM-768 otherwise (mode `PQC`). Errors are RFC 9457 "
    "problem documents (`application/problem+json`)."
)


def _problems_as_problem_json(document: dict[str, Any]) -> dict[str, Any]:
    """FastAPI files every response model under application/json; error answers are really
    application/problem+json (RFC 9457 §3), so move their schema there."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            default_422 = responses.get("422", {}).get("content", {}).get("application/json", {})
            if default_422.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                # A plain string path parameter cannot fail validation; this 422 never happens.
                del responses["422"]
            for response in responses.values():
                content = response.get("content", {})
                if PROBLEM_MEDIA_TYPE in content and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = {
                        **content.pop("application/json"),
                        **content[PROBLEM_MEDIA_TYPE],
                    }
    schemas = document.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return document


def create_app(settings: Settings | None = None, *, service: KeyService | None = None) -> FastAPI:
    """Build the ASGI app. Without a ``service`` one is made from ``settings`` (or the env).

    Configuration errors (a bad setting, a missing recipient key) raise ConfigError or
    RecipientKeyError here, before the server starts listening.
    """
    settings = settings or load_settings()
    service = service or KeyService.from_settings(settings)
    sweeper = Sweeper(service, interval_s=settings.sweep_interval_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await service.start()
        sweeper.start()
        try:
            yield
        finally:
            await sweeper.stop()
            await service.stop()

    app = FastAPI(
        title="LIGHTVIBES",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
    )

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _problems_as_problem_json(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    openapi_version=app.openapi_version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.state.service = service
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(lightvibes_router)
    app.include_router(evidence_router)
    app.include_router(probes_router)
    return app
