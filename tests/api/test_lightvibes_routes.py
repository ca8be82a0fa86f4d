"""The seed's two endpoints and their companions, over HTTP, against the SQLite store."""

from __future__ import annotations

import asyncio
import base64
import re
import uuid

import httpx
import pytest

from lightvibes.client import unseal
from lightvibes.sealing import RecipientPrivateKey
from lightvibes.testing import FixedClock

PROBLEM = "application/problem+json"


async def _open(client: httpx.AsyncClient, **body: object) -> httpx.Response:
    return await client.post("/lightvibes/session", json={"peer_id": "node-b", **body})


async def test_open_session_answers_201_with_the_seed_fields(client: httpx.AsyncClient) -> None:
    response = await _open(client)
    assert response.status_code == 201
    body = response.json()
    assert {"session_id", "key_ref", "health", "mode"} <= body.keys()
    assert uuid.UUID(body["session_id"]).version == 4
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", body["key_ref"])
    assert body["health"] == {"qber": None, "rate_bps": 0.0}  # no QKD link yet
    assert body["mode"] == "PQC"
    assert body["ttl_s"] == 120 and body["key_bits"] == 256
    assert body["seal"]["suite"] == "x25519"


async def test_key_is_delivered_once_then_404(
    client: httpx.AsyncClient, recipient: RecipientPrivateKey
) -> None:
    opened = (await _open(client, policy={"min_keybits": 384})).json()
    first = await client.get(f"/lightvibes/key/{opened['key_ref']}")
    assert first.status_code == 200
    body = first.json()
    assert {"key_ref", "key_sealed", "ttl_s", "mode"} <= body.keys()
    assert body["key_ref"] == opened["key_ref"]
    assert body["mode"] == "PQC"
    assert 0 <= body["ttl_s"] <= 120
    assert "=" not in body["key_sealed"]
    base64.urlsafe_b64decode(body["key_sealed"] + "=" * (-len(body["key_sealed"]) % 4))
    assert body["seal"]["recipient_key_id"] == recipient.key_id
    assert len(unseal(body, recipient)) == 48

    second = await client.get(f"/lightvibes/key/{opened['key_ref']}")
    assert second.status_code == 404
    assert second.headers["content-type"] == PROBLEM


async def test_404_bodies_are_identical_for_delivered_expired_and_unknown(
    client: httpx.AsyncClient, clock: FixedClock
) -> None:
    delivered = (await _open(client)).json()["key_ref"]
    await client.get(f"/lightvibes/key/{delivered}")
    expired = (await _open(client, policy={"ttl_s": 1})).json()["key_ref"]
    clock.advance(1)
    revoked = (await _open(client)).json()
    await client.delete(f"/lightvibes/session/{revoked['session_id']}")
    unknown = "A" * 32
    answers = [
        await client.get(f"/lightvibes/key/{ref}")
        for ref in (delivered, expired, revoked["key_ref"], unknown, "not-a-ref")
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert answers[0].json()["title"] == "Key not found"


async def test_fifty_concurrent_fetches_deliver_exactly_once(client: httpx.AsyncClient) -> None:
    key_ref = (await _open(client)).json()["key_ref"]
    answers = await asyncio.gather(*(client.get(f"/lightvibes/key/{key_ref}") for _ in range(50)))
    codes = sorted(a.status_code for a in answers)
    assert codes == [200] + [404] * 49


async def test_session_view_and_revoke(client: httpx.AsyncClient) -> None:
    opened = (await _open(client, peer_id="node-c", policy={"ttl_s": 30})).json()
    view = await client.get(f"/lightvibes/session/{opened['session_id']}")
    assert view.status_code == 200
    body = view.json()
    assert body["state"] == "open" and body["peer_id"] == "node-c" and body["ttl_s"] == 30
    assert "key_sealed" not in body and "key_ref" not in body  # no secrets, no capability
    revoke = await client.delete(f"/lightvibes/session/{opened['session_id']}")
    assert revoke.status_code == 204 and revoke.content == b""
    assert (await client.get(f"/lightvibes/session/{opened['session_id']}")).json()[
        "state"
    ] == "revoked"
    assert (await client.get(f"/lightvibes/key/{opened['key_ref']}")).status_code == 404


@pytest.mark.parametrize("session_id", ["nope", str(uuid.uuid4())])
async def test_unknown_session_is_404_problem(client: httpx.AsyncClient, session_id: str) -> None:
    for response in (
        await client.get(f"/lightvibes/session/{session_id}"),
        await client.delete(f"/lightvibes/session/{session_id}"),
    ):
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["status"] == 404


async def test_fallback_none_without_link_is_503_with_retry_after(
    client: httpx.AsyncClient,
) -> None:
    response = await _open(client, fallback="NONE")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "7"
    assert response.headers["content-type"] == PROBLEM
    assert "fallback" in response.json()["detail"]


async def test_health_and_probes(client: httpx.AsyncClient) -> None:
    health = (await client.get("/lightvibes/health")).json()
    assert health == {
        "mode": "PQC",
        "link_state": "down",
        "qber": None,
        "rate_bps": 0.0,
        "pool_bits": 0,
        "qber_threshold": 0.08,
        "secret_fraction": None,
        "blocks": 0,
    }
    assert (await client.get("/healthz")).json() == {"status": "ok", "checks": {}}
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {"store": True}


async def test_unknown_route_and_method_are_problems(client: httpx.AsyncClient) -> None:
    missing = await client.get("/lightvibes/nothing-here")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    wrong = await client.put("/lightvibes/session")
    assert wrong.status_code == 405 and wrong.headers["content-type"] == PROBLEM
