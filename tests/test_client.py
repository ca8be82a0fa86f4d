"""The Python SDK maps HTTP answers onto the error tree and unseals deliveries."""

from __future__ import annotations

import json

import httpx
import pytest

from lightvibes.client import LightvibesClient, unseal
from lightvibes.errors import (
    InvalidRequestError,
    KeyNotFound,
    KeySourceUnavailable,
    LightvibesError,
    ServiceUnreachable,
    SessionNotFound,
    UnsealError,
)
from lightvibes.sealing import HpkeSealer, RecipientPrivateKey, encode_sealed


def _client(status: int, body: object, headers: dict[str, str] | None = None) -> LightvibesClient:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json=body, headers=headers)

    return LightvibesClient("http://lightvibes.test", transport=httpx.MockTransport(handler))


def test_open_session_sends_the_seed_body() -> None:
    captured: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        captured.append(json.loads(request.content))
        return httpx.Response(201, json={"session_id": "s", "key_ref": "k"})

    transport = httpx.MockTransport(handler)
    with LightvibesClient("http://t", transport=transport) as client:
        assert client.open_session("peer", min_keybits=512, ttl_s=30)["key_ref"] == "k"
        client.open_session("peer", fallback="NONE")
    assert captured == [
        {"peer_id": "peer", "policy": {"min_keybits": 512, "ttl_s": 30}, "fallback": "PQC"},
        {"peer_id": "peer", "policy": {"min_keybits": 256}, "fallback": "NONE"},
    ]


def test_error_answers_become_the_error_tree() -> None:
    problem = {"title": "x", "status": 0, "detail": "why it failed"}
    with pytest.raises(KeyNotFound):
        _client(404, problem).fetch_key("A" * 32)
    with pytest.raises(SessionNotFound):
        _client(404, problem).get_session("s")
    with pytest.raises(KeySourceUnavailable) as unavailable:
        _client(503, problem, {"Retry-After": "9"}).open_session("p")
    assert unavailable.value.retry_after_s == 9
    with pytest.raises(InvalidRequestError, match="why it failed"):
        _client(422, problem).open_session("p")
    with pytest.raises(LightvibesError, match="500"):
        _client(500, problem).health()


def test_unreachable_server_is_one_clear_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = LightvibesClient("http://127.0.0.1:9", transport=httpx.MockTransport(handler))
    with pytest.raises(ServiceUnreachable, match="cannot reach"):
        client.health()


def test_unseal_checks_the_delivery_and_binds_the_key_ref(recipient: RecipientPrivateKey) -> None:
    sealed = encode_sealed(HpkeSealer(recipient.public_key()).seal(b"k" * 32, "R" * 32))
    assert unseal({"key_ref": "R" * 32, "key_sealed": sealed}, recipient) == b"k" * 32
    with pytest.raises(UnsealError):
        unseal({"key_ref": "S" * 32, "key_sealed": sealed}, recipient)
    with pytest.raises(InvalidRequestError, match="key_sealed"):
        unseal({"key_ref": "R" * 32}, recipient)
    with pytest.raises(InvalidRequestError):
        unseal({"key_ref": 1, "key_sealed": sealed}, recipient)
