"""The domain: sessions, the mode decision, issuance and one-time delivery. Knows no HTTP."""

from lightvibes.quantum._link import LinkState
from lightvibes.service._clock import Clock, SystemClock
from lightvibes.service._evidence import (
    ACTOR_ANONYMOUS,
    ACTOR_LINK,
    ACTOR_SERVICE,
    ACTOR_SWEEPER,
    EvidenceLinkSink,
    EvidenceLog,
    FanoutEventSink,
    Proof,
)
from lightvibes.service._keys import (
    DeliveredKey,
    IssuedSession,
    KeyService,
    LinkControl,
    SealInfo,
    ServiceHealth,
    SessionRequest,
)
from lightvibes.service._mode import Fallback, Mode, ModeController, SourcedKey
from lightvibes.service._sweeper import Sweeper
from lightvibes.store import SessionState

__all__ = [
    "ACTOR_ANONYMOUS",
    "ACTOR_LINK",
    "ACTOR_SERVICE",
    "ACTOR_SWEEPER",
    "Clock",
    "DeliveredKey",
    "EvidenceLinkSink",
    "EvidenceLog",
    "Fallback",
    "FanoutEventSink",
    "IssuedSession",
    "KeyService",
    "LinkControl",
    "LinkState",
    "Mode",
    "ModeController",
    "Proof",
    "SealInfo",
    "ServiceHealth",
    "SessionRequest",
    "SessionState",
    "SourcedKey",
    "Sweeper",
    "SystemClock",
]
