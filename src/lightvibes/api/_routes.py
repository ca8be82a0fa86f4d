"""The ``/lightvibes`` routes and the probes. Each route reads the request, calls one service
method and returns a model; no SQL, crypto or physics here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from lightvibes.api._models import (
    Health,
    KeyDelivery,
    LinkControlBody,
    LinkControlRequest,
    LinkHealthBody,
    LinkParametersBody,
    Seal,
    ServiceHealthBody,
    SessionCreate,
    SessionCreated,
    SessionView,
    Status,
    problem_responses,
)
from lightvibes.errors import AccessDenied
from lightvibes.service import Fallback, KeyService, Mode, SealInfo, SessionRequest

__all__ = ["lightvibes_router", "probes_router"]

lightvibes_router = APIRouter(prefix="/lightvibes", tags=["lightvibes"])
probes_router = APIRouter(tags=["probes"])


async def _service(request: Request) -> KeyService:
    service: KeyService = request.app.state.service
    return service


ServiceDep = Annotated[KeyService, Depends(_service)]


def _seal(info: SealInfo) -> Seal:
    return Seal(suite=info.suite, recipient_key_id=info.recipient_key_id)


@lightvibes_router.post(
    "/session",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionCreated,
    responses=problem_responses(400, 422, 503),
    summary="Open a key session with a peer",
)
async def open_session(body: SessionCreate, service: ServiceDep) -> SessionCreated:
    issued = await service.open_session(
        SessionRequest(
            peer_id=body.peer_id,
            min_keybits=body.policy.min_keybits,
            ttl_s=body.policy.ttl_s,
            fallback=Fallback(body.fallback),
        )
    )
    return SessionCreated(
        session_id=issued.session_id,
        key_ref=issued.key_ref,
        health=Health(qber=issued.health.qber, rate_bps=issued.health.rate_bps),
        mode=issued.mode,
        ttl_s=issued.ttl_s,
        expires_at=issued.expires_at,
        key_bits=issued.key_bits,
        seal=_seal(issued.seal),
    )


@lightvibes_router.get(
    "/key/{key_ref}",
    response_model=KeyDelivery,
    responses=problem_responses(404, 503),
    summary="Fetch a session key, sealed to the recipient key, exactly once",
)
async def fetch_key(key_ref: str, service: ServiceDep) -> KeyDelivery:
    delivered = await service.deliver(key_ref)
    return KeyDelivery(
        key_ref=delivered.key_ref,
        key_sealed=delivered.key_sealed,
        ttl_s=delivered.ttl_s,
        mode=delivered.mode,
        seal=_seal(delivered.seal),
    )


@lightvibes_router.get(
    "/session/{session_id}",
    response_model=SessionView,
    responses=problem_responses(404, 503),
    summary="Show a session's state (never key material)",
)
async def show_session(session_id: str, service: ServiceDep) -> SessionView:
    record = await service.get_session(session_id)
    return SessionView(
        session_id=record.session_id,
        peer_id=record.peer_id,
        state=record.state,
        mode=Mode(record.mode),
        key_bits=record.key_bits,
        ttl_s=record.ttl_s,
        created_at=record.created_at,
        expires_at=record.expires_at,
        closed_at=record.closed_at,
        health=Health(qber=record.qber, rate_bps=record.rate_bps),
        seal=Seal(suite=record.seal_suite, recipient_key_id=record.recipient_key_id),
    )


@lightvibes_router.delete(
    "/session/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(404, 503),
    summary="Revoke a session: destroy its undelivered key material now",
)
async def revoke_session(session_id: str, service: ServiceDep) -> Response:
    await service.revoke(session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@lightvibes_router.get(
    "/health",
    response_model=ServiceHealthBody,
    summary="Link health and the mode a new session would get now",
)
async def service_health(service: ServiceDep) -> ServiceHealthBody:
    health = service.health()
    return ServiceHealthBody(
        mode=health.mode,
        link_state=health.link_state,
        qber=health.qber,
        rate_bps=health.rate_bps,
        pool_bits=health.pool_bits,
        qber_threshold=health.qber_threshold,
        secret_fraction=health.secret_fraction,
        blocks=health.blocks,
    )


_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


async def _loopback_only(request: Request) -> None:
    # Until the guard secures it, link administration is for someone on the machine itself.
    host = request.client.host if request.client else None
    if host not in _LOOPBACK:
        raise AccessDenied("Link administration is only accepted from the loopback interface.")


@lightvibes_router.post(
    "/admin/link",
    response_model=LinkControlBody,
    responses=problem_responses(400, 403, 422),
    dependencies=[Depends(_loopback_only)],
    summary="Drills and operations on the running link (loopback only)",
)
async def control_link(body: LinkControlRequest, service: ServiceDep) -> LinkControlBody:
    control = service.control_link(
        eve_fraction=body.eve_fraction, distance_km=body.distance_km, restore=body.restore
    )
    health, params = control.health, control.parameters
    return LinkControlBody(
        link=LinkHealthBody(
            state=health.state,
            qber=health.qber,
            rate_bps=health.rate_bps,
            pool_bits=health.pool_bits,
            secret_fraction=health.secret_fraction,
            blocks=health.blocks,
            last_block=dict(health.last_block) if health.last_block else None,
        ),
        parameters=None
        if params is None
        else LinkParametersBody(
            distance_km=params.distance_km,
            eve_fraction=params.eve_fraction,
            mu=params.mu,
            nu=params.nu,
            alpha_db_per_km=params.alpha_db_per_km,
            detector_efficiency=params.detector_efficiency,
            dark_count_probability=params.dark_count_probability,
            misalignment=params.misalignment,
            repetition_rate_hz=params.repetition_rate_hz,
            pulses_per_block=params.pulses_per_block,
        ),
    )


@probes_router.get("/healthz", response_model=Status, summary="Liveness: the process answers")
async def healthz() -> Status:
    return Status(status="ok")


@probes_router.get(
    "/readyz",
    response_model=Status,
    responses={
        503: {
            "model": Status,
            "description": "A dependency is not ready.",
            "content": {
                "application/json": {"example": {"status": "not ready", "checks": {"store": False}}}
            },
        }
    },
    summary="Readiness: the key store answers",
)
async def readyz(service: ServiceDep, response: Response) -> Status:
    checks = {"store": await service.store.ping()}
    ready = all(checks.values())
    if not ready:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return Status(status="ready" if ready else "not ready", checks=checks)
