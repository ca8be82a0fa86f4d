"""Python SDK for LIGHTVIBES: open sessions, fetch keys once, and unseal them locally.

Errors come back as the :mod:`lightvibes.errors` tree: 404 → ``KeyNotFound`` /
``SessionNotFound``, 503 → ``KeySourceUnavailable`` (with ``retry_after_s``), other 4xx →
``InvalidRequestError`` carrying the server's problem detail. Pass ``transport=`` (e.g.
``httpx.ASGITransport`` or ``httpx.MockTransport``) to test without a network.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Literal

import httpx

from lightvibes.errors import (
    InvalidRequestError,
    KeyNotFound,
    KeySourceUnavailable,
    LightvibesError,
    ServiceUnreachable,
    SessionNotFound,
)
from lightvibes.sealing import RecipientPrivateKey, open_sealed

__all__ = ["DEFAULT_URL", "LightvibesClient", "unseal"]

DEFAULT_URL = "http://127.0.0.1:8000"


def unseal(delivery: Mapping[str, Any], private_key: RecipientPrivateKey) -> bytes:
    """Open a key delivery (the JSON of GET /lightvibes/key/{key_ref}) with the private key."""
    try:
        key_ref, key_sealed = delivery["key_ref"], delivery["key_sealed"]
    except KeyError as missing:
        raise InvalidRequestError(f"the key delivery has no {missing.args[0]!r} field") from None
    if not isinstance(key_ref, str) or not isinstance(key_sealed, str):
        raise InvalidRequestError("key_ref and key_sealed must be strings")
    return open_sealed(private_key, key_sealed, key_ref)


class LightvibesClient:
    """A small synchronous client over httpx."""

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout_s: float = 10.0,
    ) -> None:
        self._http = httpx.Client(base_url=base_url, transport=transport, timeout=timeout_s)

    def __enter__(self) -> LightvibesClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, json: object = None) -> httpx.Response:
        try:
            response = self._http.request(method, path, json=json)
        except httpx.TransportError as error:
            raise ServiceUnreachable(
                f"cannot reach LIGHTVIBES at {self._http.base_url}: {type(error).__name__}"
            ) from None
        if response.is_success:
            return response
        detail = _problem_detail(response)
        if response.status_code == 404:
            raise KeyNotFound() if path.startswith("/lightvibes/key/") else SessionNotFound()
        if response.status_code == 503:
            retry = response.headers.get("Retry-After", "1")
            raise KeySourceUnavailable(detail, retry_after_s=int(retry) if retry.isdigit() else 1)
        if 400 <= response.status_code < 500:
            raise InvalidRequestError(detail)
        raise LightvibesError(f"server error {response.status_code}: {detail}")

    def open_session(
        self,
        peer_id: str,
        *,
        min_keybits: int = 256,
        ttl_s: int | None = None,
        fallback: Literal["PQC", "NONE"] = "PQC",
    ) -> dict[str, Any]:
        policy: dict[str, int] = {"min_keybits": min_keybits}
        if ttl_s is not None:
            policy["ttl_s"] = ttl_s
        body = {"peer_id": peer_id, "policy": policy, "fallback": fallback}
        result: dict[str, Any] = self._call("POST", "/lightvibes/session", body).json()
        return result

    def fetch_key(self, key_ref: str) -> dict[str, Any]:
        """The sealed key, once; KeyNotFound afterwards."""
        result: dict[str, Any] = self._call("GET", f"/lightvibes/key/{key_ref}").json()
        return result

    def get_session(self, session_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", f"/lightvibes/session/{session_id}").json()
        return result

    def revoke(self, session_id: str) -> None:
        self._call("DELETE", f"/lightvibes/session/{session_id}")

    def health(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "/lightvibes/health").json()
        return result

    # -- the evidence log, for auditors ------------------------------------------------------

    def evidence_checkpoint(self) -> str:
        """The latest signed checkpoint note."""
        return self._call("GET", "/lightvibes/evidence/checkpoint").text

    def evidence_key(self) -> str:
        """The server's checkpoint verifier key (signed-note form)."""
        return self._call("GET", "/lightvibes/evidence/key").text.strip()

    def evidence_checkpoints(self) -> list[str]:
        """Every checkpoint note the log has signed, oldest first."""
        notes: list[str] = []
        while True:
            page = self._call("GET", f"/lightvibes/evidence/checkpoints?start={len(notes)}").json()
            batch = [item["note"] for item in page["checkpoints"]]
            if not batch:
                return notes
            notes.extend(batch)

    def evidence_entries(self, end: int | None = None) -> list[bytes]:
        """The exact bytes of entries 0 .. end-1 (default: the whole log as it is now)."""
        entries: list[bytes] = []
        while end is None or len(entries) < end:
            path = f"/lightvibes/evidence/entries?start={len(entries)}"
            if end is not None:
                path += f"&end={end}"
            page = self._call("GET", path).json()
            batch = [base64.b64decode(item["data"], validate=True) for item in page["entries"]]
            if not batch:
                break
            entries.extend(batch)
        return entries


def _problem_detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    if isinstance(body, dict):
        return str(body.get("detail") or body.get("message") or body.get("title") or body)
    return str(body)[:200]
