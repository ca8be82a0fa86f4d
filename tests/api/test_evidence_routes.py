"""/lightvibes/evidence over HTTP: checkpoints verify, proofs check against signed roots."""

from __future__ import annotations

import base64

import httpx
import pytest
from sqlalchemy import text

from lightvibes.evidence import Checkpoint, NoteVerifier, audit_log, merkle, open_note
from lightvibes.service import KeyService

PROBLEM = "application/problem+json"


async def _sessions(client: httpx.AsyncClient, count: int) -> None:
    for i in range(count):
        opened = await client.post("/lightvibes/session", json={"peer_id": f"p{i}"})
        await client.get(f"/lightvibes/key/{opened.json()['key_ref']}")


async def _checkpoint(client: httpx.AsyncClient, *, fresh: bool = False) -> tuple[str, Checkpoint]:
    response = (
        await client.post("/lightvibes/evidence/checkpoint")
        if fresh
        else await client.get("/lightvibes/evidence/checkpoint")
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    key = NoteVerifier.parse((await client.get("/lightvibes/evidence/key")).text.strip())
    body, names = open_note(response.text, [key])
    assert names == [key.name]
    return response.text, Checkpoint.parse(body)


async def _entries(client: httpx.AsyncClient) -> list[bytes]:
    page = (await client.get("/lightvibes/evidence/entries")).json()
    assert len(page["entries"]) == page["tree_size"]
    assert [item["index"] for item in page["entries"]] == list(range(page["tree_size"]))
    return [base64.b64decode(item["data"]) for item in page["entries"]]


async def test_checkpoint_is_a_signed_note_over_the_served_entries(
    client: httpx.AsyncClient,
) -> None:
    await _sessions(client, 3)
    _, checkpoint = await _checkpoint(client, fresh=True)
    leaves = await _entries(client)
    assert checkpoint.origin == "lightvibes.test/evidence"
    assert checkpoint.tree_size == len(leaves) == 1 + 3 * 3
    assert checkpoint.root_hash == merkle.root_hash(leaves)
    key = (await client.get("/lightvibes/evidence/key")).text
    assert key.startswith("lightvibes.test/evidence+")


async def test_inclusion_and_consistency_proofs_verify(client: httpx.AsyncClient) -> None:
    await _sessions(client, 2)
    _, old = await _checkpoint(client, fresh=True)
    await _sessions(client, 3)
    _, new = await _checkpoint(client, fresh=True)
    leaves = await _entries(client)
    for index in (0, 3, new.tree_size - 1):
        proof = (
            await client.get(
                "/lightvibes/evidence/proof/inclusion",
                params={"index": index, "tree_size": new.tree_size},
            )
        ).json()
        hashes = [base64.b64decode(h) for h in proof["proof"]]
        assert merkle.verify_inclusion(
            merkle.leaf_hash(leaves[index]), index, new.tree_size, hashes, new.root_hash
        )
    consistency = (
        await client.get(
            "/lightvibes/evidence/proof/consistency",
            params={"first": old.tree_size, "second": new.tree_size},
        )
    ).json()
    assert merkle.verify_consistency(
        old.tree_size,
        new.tree_size,
        old.root_hash,
        new.root_hash,
        [base64.b64decode(h) for h in consistency["proof"]],
    )


async def test_the_served_log_audits_clean(client: httpx.AsyncClient) -> None:
    await _sessions(client, 4)
    await client.post("/lightvibes/evidence/checkpoint")
    notes = [
        item["note"]
        for item in (await client.get("/lightvibes/evidence/checkpoints")).json()["checkpoints"]
    ]
    key = (await client.get("/lightvibes/evidence/key")).text.strip()
    report = audit_log(await _entries(client), notes, trusted_keys=[key])
    assert report.ok, report.verdict


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/lightvibes/evidence/proof/inclusion", {"index": 99, "tree_size": 1}),
        ("/lightvibes/evidence/proof/inclusion", {"index": 0, "tree_size": 10_000}),
        ("/lightvibes/evidence/proof/inclusion", {"index": -1, "tree_size": 1}),
        ("/lightvibes/evidence/proof/inclusion", {"index": "x", "tree_size": 1}),
        ("/lightvibes/evidence/proof/inclusion", {"tree_size": 1}),
        ("/lightvibes/evidence/proof/consistency", {"first": 2, "second": 1}),
        ("/lightvibes/evidence/proof/consistency", {"first": 0, "second": 1}),
        ("/lightvibes/evidence/entries", {"start": 10_000}),
        ("/lightvibes/evidence/entries", {"start": 1, "end": 0}),
        ("/lightvibes/evidence/checkpoints", {"limit": 0}),
    ],
)
async def test_bad_evidence_queries_are_422(
    client: httpx.AsyncClient, path: str, params: dict[str, object]
) -> None:
    response = await client.get(path, params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM


async def test_issuance_is_refused_when_the_log_cannot_be_written(
    client: httpx.AsyncClient, sqlite_service: KeyService
) -> None:
    store = sqlite_service.store
    engine = store.engine  # type: ignore[attr-defined]
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON evidence_entries "
                "BEGIN SELECT RAISE(ABORT, 'evidence log refuses writes'); END"
            )
        )
    response = await client.post("/lightvibes/session", json={"peer_id": "p"})
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == PROBLEM
    sessions = await engine.connect()
    try:
        count = (await sessions.execute(text("SELECT count(*) FROM sessions"))).scalar_one()
    finally:
        await sessions.close()
    assert count == 0
