"""Shared fixtures: recipient keys, fakes and a KeyService wired from them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lightvibes.pqc import PqcKeySource
from lightvibes.quantum._link import AbsentLink, Link
from lightvibes.sealing import HpkeSealer, RecipientPrivateKey, SealSuite, generate_keypair
from lightvibes.service import EvidenceLog, KeyService, ModeController
from lightvibes.store import KeyStore
from lightvibes.testing import FixedClock, InMemoryKeyStore

ServiceFactory = Callable[..., KeyService]


@pytest.fixture(scope="session")
def recipient() -> RecipientPrivateKey:
    return generate_keypair(SealSuite.X25519)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def memory_store() -> InMemoryKeyStore:
    return InMemoryKeyStore()


@pytest.fixture
def make_service(
    recipient: RecipientPrivateKey, clock: FixedClock, memory_store: InMemoryKeyStore
) -> ServiceFactory:
    def make(
        *,
        store: KeyStore | None = None,
        link: Link | None = None,
        recipient_key: RecipientPrivateKey | None = None,
        qber_threshold: float = 0.08,
        default_ttl_s: int = 120,
        evidence: bool = True,
    ) -> KeyService:
        modes = ModeController(
            link=link or AbsentLink(),
            pqc=PqcKeySource(),
            qber_threshold=qber_threshold,
            retry_after_s=7,
        )
        chosen = store or memory_store
        log = (
            EvidenceLog(store=chosen, clock=clock, origin="lightvibes.test/evidence")  # type: ignore[arg-type]
            if evidence
            else None
        )
        return KeyService(
            store=chosen,
            modes=modes,
            sealer=HpkeSealer((recipient_key or recipient).public_key()),
            clock=clock,
            default_ttl_s=default_ttl_s,
            evidence=log,
        )

    return make
