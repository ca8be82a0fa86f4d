"""The service follows the link: QMK when healthy, PQC under an eavesdropper, QMK after restore."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import numpy as np
import pytest

from lightvibes.api import create_app
from lightvibes.client import unseal
from lightvibes.config import Settings
from lightvibes.quantum import (
    KeyPool,
    LinkMonitor,
    LinkParameters,
    LoggingEventSink,
    MonitorPolicy,
    SimulatedLink,
)
from lightvibes.sealing import RecipientPrivateKey
from tests.conftest import ServiceFactory


@pytest.fixture
def link() -> SimulatedLink:
    return SimulatedLink(
        LinkParameters(pulses_per_block=10**8, repetition_rate_hz=1e8),
        monitor=LinkMonitor(MonitorPolicy(restore_clean_blocks=0), LoggingEventSink()),
        pool=KeyPool(1 << 20),
        rng=np.random.default_rng(11),
    )


@pytest.fixture
async def client(
    link: SimulatedLink, make_service: ServiceFactory, settings: Settings
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, service=make_service(link=link))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        yield http


async def _session(client: httpx.AsyncClient, **body: object) -> httpx.Response:
    return await client.post("/lightvibes/session", json={"peer_id": "b", **body})


async def test_qmk_then_pqc_under_eve_then_qmk_after_restore(
    client: httpx.AsyncClient, link: SimulatedLink, recipient: RecipientPrivateKey
) -> None:
    assert (await _session(client)).json()["mode"] == "PQC"  # no block measured yet
    link.step()
    link.step()
    health = (await client.get("/lightvibes/health")).json()
    assert health["mode"] == "QMK"
    assert health["link_state"] == "healthy"
    assert health["pool_bits"] > 0 and health["blocks"] == 2
    opened = (await _session(client, fallback="NONE")).json()
    assert opened["mode"] == "QMK"
    assert opened["health"]["qber"] == health["qber"]
    assert opened["health"]["rate_bps"] > 0
    delivery = (await client.get(f"/lightvibes/key/{opened['key_ref']}")).json()
    assert delivery["mode"] == "QMK"
    assert len(unseal(delivery, recipient)) == 32

    drill = await client.post("/lightvibes/admin/link", json={"eve_fraction": 0.5})
    assert drill.status_code == 200
    assert drill.json()["parameters"]["eve_fraction"] == 0.5
    link.step()
    health = (await client.get("/lightvibes/health")).json()
    assert health["link_state"] == "quarantined"
    assert health["mode"] == "PQC"
    assert health["pool_bits"] == 0
    assert (await _session(client)).json()["mode"] == "PQC"
    refused = await _session(client, fallback="NONE")
    assert refused.status_code == 503
    assert "quarantined" in refused.json()["detail"]

    restored = await client.post(
        "/lightvibes/admin/link", json={"eve_fraction": 0.0, "restore": True}
    )
    assert restored.json()["link"]["state"] == "degraded"
    link.step()
    link.step()
    assert (await _session(client, fallback="NONE")).json()["mode"] == "QMK"


async def test_admin_is_loopback_only(
    link: SimulatedLink, make_service: ServiceFactory, settings: Settings
) -> None:
    app = create_app(settings, service=make_service(link=link))
    transport = httpx.ASGITransport(app=app, client=("192.0.2.7", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        response = await http.post("/lightvibes/admin/link", json={"restore": True})
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert link.parameters.eve_fraction == 0.0


@pytest.mark.parametrize(
    "body",
    [
        {"eve_fraction": 1.5},
        {"eve_fraction": -0.1},
        {"eve_fraction": "0.5"},
        {"distance_km": -3},
        {"distance_km": 501},
        {"restore": "yes"},
        {"colour": "red"},
    ],
)
async def test_admin_bad_input_is_422(client: httpx.AsyncClient, body: object) -> None:
    response = await client.post("/lightvibes/admin/link", json=body)
    assert response.status_code == 422
    assert response.json()["errors"]


async def test_drills_without_a_simulated_link_are_refused(
    make_service: ServiceFactory, settings: Settings
) -> None:
    app = create_app(settings, service=make_service())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        drill = await http.post("/lightvibes/admin/link", json={"eve_fraction": 0.2})
        assert drill.status_code == 422
        assert "LIGHTVIBES_LINK_ENABLED" in drill.json()["detail"]
        restore = await http.post("/lightvibes/admin/link", json={"restore": True})
        assert restore.status_code == 200
        assert restore.json() == {
            "link": {
                "state": "down",
                "qber": None,
                "rate_bps": 0.0,
                "pool_bits": 0,
                "secret_fraction": None,
                "blocks": 0,
                "last_block": None,
            },
            "parameters": None,
        }
