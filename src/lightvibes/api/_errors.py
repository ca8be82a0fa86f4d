"""The one place that turns errors into RFC 9457 ``application/problem+json`` answers."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from lightvibes.errors import (
    AccessDenied,
    InvalidRequestError,
    KeySourceUnavailable,
    LightvibesError,
    NotFoundError,
    StoreError,
)

__all__ = ["PROBLEM_MEDIA_TYPE", "install_error_handlers", "problem_response"]

# RFC 9457 §3: the media type of a problem details document.
PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_PREFIX = "urn:lightvibes:problem:"
_STORE_RETRY_AFTER_S = 2

_log = structlog.get_logger("lightvibes.api")


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    kind: str | None = None,
    headers: Mapping[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        # RFC 9457 §4.2.1: "about:blank" means the title is the HTTP status phrase.
        "type": _TYPE_PREFIX + kind if kind else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def _kind(error: LightvibesError) -> str:
    name = type(error).__name__
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


async def _lightvibes_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, LightvibesError)
    if isinstance(error, NotFoundError):
        return problem_response(404, error.title, error.detail, kind=_kind(error))
    if isinstance(error, AccessDenied):
        return problem_response(403, error.title, error.detail, kind=_kind(error))
    if isinstance(error, InvalidRequestError):
        return problem_response(422, error.title, error.detail, kind=_kind(error))
    if isinstance(error, KeySourceUnavailable):
        headers = {"Retry-After": str(error.retry_after_s)}
        return problem_response(503, error.title, error.detail, kind=_kind(error), headers=headers)
    if isinstance(error, StoreError):
        # Unavailable or refusing writes (e.g. the evidence log): either way nothing was
        # committed, the request itself was fine, and the answer is to retry (fail-closed).
        _log.error("store_failed", error=type(error).__name__, detail=error.detail)
        return problem_response(
            503,
            error.title,
            "The key store could not complete this operation; nothing was changed. Retry shortly.",
            kind=_kind(error),
            headers={"Retry-After": str(_STORE_RETRY_AFTER_S)},
        )
    # Anything else reaching here is a defect; say so without echoing internals.
    _log.error("internal_error", error=type(error).__name__, detail=error.detail)
    return problem_response(500, "Internal error", "The server failed; this is a bug.")


def _field_path(loc: tuple[Any, ...]) -> list[str | int]:
    # FastAPI prefixes the location with where it came from ("body", "path", "query").
    return [part for part in loc[1:] if isinstance(part, str | int)] or [str(loc[0])]


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    issues = list(error.errors())
    if any(issue.get("type") == "json_invalid" for issue in issues):
        return problem_response(
            400,
            "Malformed JSON",
            "The request body is not valid JSON.",
            kind="malformed-json",
        )
    fields = [{"loc": _field_path(tuple(issue["loc"])), "msg": issue["msg"]} for issue in issues]
    summary = "; ".join(
        f"{'.'.join(str(p) for p in field['loc'])}: {field['msg']}" for field in fields
    )
    return problem_response(422, "Invalid request", summary, kind="invalid-request", errors=fields)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    phrase = HTTPStatus(error.status_code).phrase
    detail = error.detail if isinstance(error.detail, str) else phrase
    return problem_response(error.status_code, phrase, detail, headers=error.headers)


async def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    _log.exception("unhandled_exception", error=type(error).__name__)
    return problem_response(500, "Internal error", "The server failed; this is a bug.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(LightvibesError, _lightvibes_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
