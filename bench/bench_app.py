"""The benchmark server: the real LIGHTVIBES app plus bare FastAPI twins of its two routes.

The bare routes take the same request model and return a response of the same shape with no
key source, sealing or store behind them, so the ratio ours/bare measures what LIGHTVIBES adds
on top of FastAPI and uvicorn, under identical server settings in the same process.
"""

from __future__ import annotations

from fastapi import FastAPI, status

from lightvibes.api import create_app
from lightvibes.api._models import SessionCreate

_SESSION = {
    "session_id": "3f0c7a52-5d5e-4d1e-9b0a-6c1f1f3d2a11",
    "key_ref": "yq6m2cZ0a0Jv3N9Lr1c1mR6o2cVqJ3xF",
    "health": {"qber": None, "rate_bps": 0.0},
    "mode": "PQC",
}
_KEY = {"key_ref": "", "key_sealed": "A" * 107, "ttl_s": 120, "mode": "PQC"}


def create() -> FastAPI:
    app = create_app()

    @app.post("/bare/session", status_code=status.HTTP_201_CREATED)
    async def bare_session(body: SessionCreate) -> dict[str, object]:
        return _SESSION

    @app.get("/bare/key/{key_ref}")
    async def bare_key(key_ref: str) -> dict[str, object]:
        return {**_KEY, "key_ref": key_ref}

    return app
