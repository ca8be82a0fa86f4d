"""Bad input on every field of POST /lightvibes/session: a 4xx naming the field, never a 500."""

from __future__ import annotations

import httpx
import pytest

from lightvibes.api import create_app
from lightvibes.config import Settings
from lightvibes.testing import InMemoryKeyStore
from tests.conftest import ServiceFactory

PROBLEM = "application/problem+json"

BAD_BODIES: list[tuple[object, list[str | int]]] = [
    ({}, ["peer_id"]),
    ({"peer_id": ""}, ["peer_id"]),
    ({"peer_id": "x" * 129}, ["peer_id"]),
    ({"peer_id": "has space"}, ["peer_id"]),
    ({"peer_id": "slash/no"}, ["peer_id"]),
    ({"peer_id": "ünïcode"}, ["peer_id"]),
    ({"peer_id": 42}, ["peer_id"]),
    ({"peer_id": None}, ["peer_id"]),
    ({"peer_id": "a", "policy": {"min_keybits": 127}}, ["policy", "min_keybits"]),
    ({"peer_id": "a", "policy": {"min_keybits": 120}}, ["policy", "min_keybits"]),
    ({"peer_id": "a", "policy": {"min_keybits": 8200}}, ["policy", "min_keybits"]),
    ({"peer_id": "a", "policy": {"min_keybits": 260}}, ["policy", "min_keybits"]),
    ({"peer_id": "a", "policy": {"min_keybits": "256"}}, ["policy", "min_keybits"]),
    ({"peer_id": "a", "policy": {"min_keybits": 256.5}}, ["policy", "min_keybits"]),
    ({"peer_id": "a", "policy": {"min_keybits": True}}, ["policy", "min_keybits"]),
    ({"peer_id": "a", "policy": {"ttl_s": 0}}, ["policy", "ttl_s"]),
    ({"peer_id": "a", "policy": {"ttl_s": 86401}}, ["policy", "ttl_s"]),
    ({"peer_id": "a", "policy": {"ttl_s": -5}}, ["policy", "ttl_s"]),
    ({"peer_id": "a", "policy": {"ttl_s": "60"}}, ["policy", "ttl_s"]),
    ({"peer_id": "a", "policy": {"colour": "red"}}, ["policy", "colour"]),
    ({"peer_id": "a", "policy": []}, ["policy"]),
    ({"peer_id": "a", "fallback": "QMK"}, ["fallback"]),
    ({"peer_id": "a", "fallback": "pqc"}, ["fallback"]),
    ({"peer_id": "a", "fallback": None}, ["fallback"]),
    ({"peer_id": "a", "extra": 1}, ["extra"]),
    ([], []),
    ("just a string", []),
]


@pytest.mark.parametrize(("body", "path"), BAD_BODIES)
async def test_bad_field_is_422_naming_the_field(
    client: httpx.AsyncClient, body: object, path: list[str | int]
) -> None:
    response = await client.post("/lightvibes/session", json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 422 and problem["title"] == "Invalid request"
    locations = [error["loc"] for error in problem["errors"]]
    if path:
        assert path in locations, locations
        assert ".".join(str(p) for p in path) in problem["detail"]


@pytest.mark.parametrize(
    "raw", [b"{", b"{'peer_id': 'a'}", b"\xff\xfe", b'{"peer_id": "a",}', b"nul"]
)
async def test_malformed_json_is_400(client: httpx.AsyncClient, raw: bytes) -> None:
    response = await client.post(
        "/lightvibes/session", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "Malformed JSON"


async def test_empty_body_is_a_4xx(client: httpx.AsyncClient) -> None:
    response = await client.post("/lightvibes/session")
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == PROBLEM


async def test_boundary_values_are_accepted(client: httpx.AsyncClient) -> None:
    for body in (
        {"peer_id": "a", "policy": {"min_keybits": 128, "ttl_s": 1}},
        {"peer_id": "A.b_c:d-9" + "x" * 119, "policy": {"min_keybits": 8192, "ttl_s": 86400}},
        {"peer_id": "a", "fallback": "PQC", "policy": {}},
    ):
        response = await client.post("/lightvibes/session", json=body)
        assert response.status_code == 201, response.text


async def test_store_down_is_503_and_nothing_half_written(
    make_service: ServiceFactory, settings: Settings, memory_store: InMemoryKeyStore
) -> None:
    app = create_app(settings, service=make_service(store=memory_store))
    memory_store.available = False
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.post("/lightvibes/session", json={"peer_id": "a"})
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["retry-after"] == "2"
        assert (await client.get("/lightvibes/key/" + "A" * 32)).status_code == 503
        ready = await client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"] == {"store": False}
    assert memory_store.sessions == {} and memory_store.sealed_keys == {}
