"""``/lightvibes/evidence``: the signed checkpoint, the verifier key, entries and RFC 9162 proofs.

Everything an auditor needs to verify the log offline (``lightvibes evidence verify``).
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse

from lightvibes.api._models import (
    CheckpointItem,
    CheckpointList,
    ConsistencyProofBody,
    EntryItem,
    EntryPage,
    InclusionProofBody,
    problem_responses,
)
from lightvibes.errors import NotFoundError
from lightvibes.service import EvidenceLog, KeyService

__all__ = ["evidence_router"]

evidence_router = APIRouter(prefix="/lightvibes/evidence", tags=["evidence"])

_TEXT: dict[int | str, dict[str, Any]] = {200: {"content": {"text/plain": {}}}}


async def _evidence(request: Request) -> EvidenceLog:
    service: KeyService = request.app.state.service
    if service.evidence is None:
        raise NotFoundError(
            "The evidence log is turned off on this server (LIGHTVIBES_EVIDENCE_ENABLED=false)."
        )
    return service.evidence


EvidenceDep = Annotated[EvidenceLog, Depends(_evidence)]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@evidence_router.get(
    "/checkpoint",
    response_class=PlainTextResponse,
    responses={**_TEXT, **problem_responses(404, 503)},
    summary="The latest signed checkpoint (C2SP signed note, text/plain)",
)
async def latest_checkpoint(evidence: EvidenceDep) -> PlainTextResponse:
    return PlainTextResponse((await evidence.latest_checkpoint()).note)


@evidence_router.post(
    "/checkpoint",
    response_class=PlainTextResponse,
    responses={**_TEXT, **problem_responses(404, 503)},
    summary="Sign a checkpoint of the log as it is now (on demand)",
)
async def new_checkpoint(evidence: EvidenceDep) -> PlainTextResponse:
    return PlainTextResponse((await evidence.checkpoint()).note)


@evidence_router.get(
    "/checkpoints",
    response_model=CheckpointList,
    responses=problem_responses(404, 422, 503),
    summary="Every checkpoint signed so far, oldest first, a page at a time",
)
async def list_checkpoints(
    evidence: EvidenceDep,
    start: Annotated[int, Query(ge=0, description="Index of the first checkpoint.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
) -> CheckpointList:
    stored = await evidence.checkpoints(start, limit)
    return CheckpointList(
        start=start,
        checkpoints=[
            CheckpointItem(tree_size=c.tree_size, note=c.note, created_at=c.created_at)
            for c in stored
        ],
    )


@evidence_router.get(
    "/key",
    response_class=PlainTextResponse,
    responses={**_TEXT, **problem_responses(404)},
    summary="This server's checkpoint verifier key: name+keyid+base64(0x01||pubkey)",
)
async def verifier_key(evidence: EvidenceDep) -> PlainTextResponse:
    return PlainTextResponse(evidence.verifier_key() + "\n")


@evidence_router.get(
    "/entries",
    response_model=EntryPage,
    responses=problem_responses(404, 422, 503),
    summary="Entries start <= index < end, as the exact leaf bytes (base64), 1000 at most",
)
async def entries(
    evidence: EvidenceDep,
    start: Annotated[int, Query(ge=0)] = 0,
    end: Annotated[int | None, Query(ge=0, description="Default: the log's size.")] = None,
) -> EntryPage:
    first, leaves = await evidence.entries(start, end)
    return EntryPage(
        tree_size=await evidence.size(),
        entries=[EntryItem(index=first + i, data=_b64(leaf)) for i, leaf in enumerate(leaves)],
    )


@evidence_router.get(
    "/proof/inclusion",
    response_model=InclusionProofBody,
    responses=problem_responses(404, 422, 503),
    summary="RFC 9162 inclusion proof of entry `index` in the tree of `tree_size`",
)
async def inclusion_proof(
    evidence: EvidenceDep,
    index: Annotated[int, Query(ge=0)],
    tree_size: Annotated[int, Query(ge=1)],
) -> InclusionProofBody:
    proof = await evidence.inclusion_proof(index, tree_size)
    return InclusionProofBody(
        index=proof.first, tree_size=proof.tree_size, proof=[_b64(h) for h in proof.hashes]
    )


@evidence_router.get(
    "/proof/consistency",
    response_model=ConsistencyProofBody,
    responses=problem_responses(404, 422, 503),
    summary="RFC 9162 consistency proof between the trees of `first` and `second` entries",
)
async def consistency_proof(
    evidence: EvidenceDep,
    first: Annotated[int, Query(ge=1)],
    second: Annotated[int, Query(ge=1)],
) -> ConsistencyProofBody:
    proof = await evidence.consistency_proof(first, second)
    return ConsistencyProofBody(
        first=proof.first, second=proof.tree_size, proof=[_b64(h) for h in proof.hashes]
    )
