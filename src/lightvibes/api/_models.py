"""Request and response bodies of the HTTP API (the contract in DESIGN.md §4).

The seed's field names are a contract: fields may be added here, never renamed or removed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from lightvibes.service import LinkState, Mode, SessionState

__all__ = [
    "CheckpointItem",
    "CheckpointList",
    "ConsistencyProofBody",
    "EntryItem",
    "EntryPage",
    "Health",
    "InclusionProofBody",
    "KeyDelivery",
    "LinkControlBody",
    "LinkControlRequest",
    "LinkHealthBody",
    "LinkParametersBody",
    "Policy",
    "Problem",
    "ProblemField",
    "Seal",
    "ServiceHealthBody",
    "SessionCreate",
    "SessionCreated",
    "SessionView",
    "Status",
]

PEER_ID_PATTERN = r"^[A-Za-z0-9._:-]{1,128}$"


class _Request(BaseModel):
    # Unknown fields are an error, and numbers are not coerced from strings or booleans.
    model_config = ConfigDict(extra="forbid", strict=True)


class Policy(_Request):
    min_keybits: int = Field(
        256, ge=128, le=8192, multiple_of=8, description="Key length in bits (multiple of 8)."
    )
    ttl_s: int | None = Field(
        None,
        ge=1,
        le=86400,
        description="Seconds the key may wait for delivery; default LIGHTVIBES_DEFAULT_TTL_S.",
    )


class SessionCreate(_Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"peer_id": "node-b.example", "policy": {"min_keybits": 256, "ttl_s": 120}}
            ]
        }
    )

    peer_id: str = Field(
        pattern=PEER_ID_PATTERN,
        description="The other party: 1-128 characters of A-Z a-z 0-9 . _ : -",
    )
    policy: Policy = Field(default_factory=Policy)
    fallback: Literal["PQC", "NONE"] = Field(
        "PQC",
        description='"PQC": use ML-KEM-768 when the QKD link cannot serve; "NONE": answer 503.',
    )


class Health(BaseModel):
    qber: float | None = Field(description="Quantum bit error rate of the link; null if no link.")
    rate_bps: float = Field(description="Secret key bits per second the link produces.")


class Seal(BaseModel):
    suite: str = Field(description="Sealing suite: x25519 or mlkem768-x25519.")
    recipient_key_id: str = Field(description="Fingerprint of the recipient public key used.")


class SessionCreated(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "session_id": "3f0c7a52-5d5e-4d1e-9b0a-6c1f1f3d2a11",
                    "key_ref": "yq6m2cZ0a0Jv3N9Lr1c1mR6o2cVqJ3xF",
                    "health": {"qber": None, "rate_bps": 0.0},
                    "mode": "PQC",
                    "ttl_s": 120,
                    "expires_at": "2026-11-28T10:02:00Z",
                    "key_bits": 256,
                    "seal": {
                        "suite": "x25519",
                        "recipient_key_id": "9c1d7e0f3a2b4c5d6e7f8091a2b3c4d5",
                    },
                }
            ]
        }
    )

    session_id: str
    key_ref: str = Field(description="Fetch the key once with GET /lightvibes/key/{key_ref}.")
    health: Health
    mode: Mode
    ttl_s: int
    expires_at: datetime
    key_bits: int
    seal: Seal


class KeyDelivery(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "key_ref": "yq6m2cZ0a0Jv3N9Lr1c1mR6o2cVqJ3xF",
                    "key_sealed": "base64url(enc || ciphertext), no padding",
                    "ttl_s": 117,
                    "mode": "PQC",
                    "seal": {
                        "suite": "x25519",
                        "recipient_key_id": "9c1d7e0f3a2b4c5d6e7f8091a2b3c4d5",
                    },
                }
            ]
        }
    )

    key_ref: str
    key_sealed: str = Field(
        description=(
            "base64url (no padding) of the RFC 9180 base-mode single-shot output enc || "
            'ciphertext, info = "lightvibes/v1:" + key_ref.'
        )
    )
    ttl_s: int = Field(description="Whole seconds of validity left.")
    mode: Mode
    seal: Seal


class SessionView(BaseModel):
    session_id: str
    peer_id: str
    state: SessionState
    mode: Mode
    key_bits: int
    ttl_s: int
    created_at: datetime
    expires_at: datetime
    closed_at: datetime | None
    health: Health
    seal: Seal


class ServiceHealthBody(BaseModel):
    mode: Mode = Field(description="The mode a new session would get now.")
    link_state: LinkState
    qber: float | None
    rate_bps: float = Field(description="Secret bits per wall-clock second the link produces.")
    pool_bits: int
    qber_threshold: float
    secret_fraction: float | None = Field(description="Secret bits per sifted bit, last block.")
    blocks: int = Field(description="Blocks the link has distilled since start.")


class LinkControlRequest(_Request):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"eve_fraction": 0.5}, {"restore": True}]}
    )

    eve_fraction: float | None = Field(
        None, ge=0.0, le=1.0, description="Intercept-resend eavesdropper on this pulse fraction."
    )
    distance_km: float | None = Field(None, ge=0.0, le=500.0, description="Fibre length, km.")
    restore: bool = Field(False, description="Lift a quarantine now.")


class LinkParametersBody(BaseModel):
    distance_km: float
    eve_fraction: float
    mu: float
    nu: float
    alpha_db_per_km: float
    detector_efficiency: float
    dark_count_probability: float
    misalignment: float
    repetition_rate_hz: float
    pulses_per_block: int


class LinkHealthBody(BaseModel):
    state: LinkState
    qber: float | None
    rate_bps: float
    pool_bits: int
    secret_fraction: float | None
    blocks: int
    last_block: dict[str, float | int | None] | None = Field(
        description="The last block's statistics (the fields of `lightvibes simulate --json`)."
    )


class LinkControlBody(BaseModel):
    link: LinkHealthBody
    parameters: LinkParametersBody | None = Field(description="null when no simulated link runs.")


class CheckpointItem(BaseModel):
    tree_size: int
    note: str = Field(description="The signed note, byte for byte as served at /checkpoint.")
    created_at: datetime


class CheckpointList(BaseModel):
    start: int
    checkpoints: list[CheckpointItem]


class EntryItem(BaseModel):
    index: int
    data: str = Field(description="base64 of the entry's exact bytes (RFC 8785 JSON): the leaf.")


class EntryPage(BaseModel):
    tree_size: int = Field(description="The log's size when this page was read.")
    entries: list[EntryItem]


class InclusionProofBody(BaseModel):
    index: int
    tree_size: int
    proof: list[str] = Field(description="RFC 9162 §2.1.3 audit path, base64 hashes in order.")


class ConsistencyProofBody(BaseModel):
    first: int
    second: int
    proof: list[str] = Field(description="RFC 9162 §2.1.4 proof, base64 hashes in order.")


class Status(BaseModel):
    status: str
    checks: dict[str, bool] = Field(default_factory=dict)


class ProblemField(BaseModel):
    loc: list[str | int] = Field(description="Path of the offending field, e.g. [policy, ttl_s].")
    msg: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[ProblemField] | None = None


_PROBLEM_EXAMPLES: dict[int, dict[str, Any]] = {
    403: {
        "type": "urn:lightvibes:problem:access-denied",
        "title": "Access denied",
        "status": 403,
        "detail": "Link administration is only accepted from the loopback interface.",
    },
    400: {
        "type": "urn:lightvibes:problem:malformed-json",
        "title": "Malformed JSON",
        "status": 400,
        "detail": "The request body is not valid JSON.",
    },
    404: {
        "type": "urn:lightvibes:problem:key-not-found",
        "title": "Key not found",
        "status": 404,
        "detail": "No key is available for this key_ref.",
    },
    422: {
        "type": "urn:lightvibes:problem:invalid-request",
        "title": "Invalid request",
        "status": 422,
        "detail": "policy.ttl_s: Input should be less than or equal to 86400",
        "errors": [
            {"loc": ["policy", "ttl_s"], "msg": "Input should be less than or equal to 86400"}
        ],
    },
    503: {
        "type": "urn:lightvibes:problem:key-source-unavailable",
        "title": "Key source unavailable",
        "status": 503,
        "detail": "The QKD link cannot serve 256 bits now (state down, pool 0 bits) and the "
        'request allows no fallback. Retry later or send "fallback": "PQC".',
    },
}
_PROBLEM_MEANINGS = {
    403: "The caller may not use this operation.",
    400: "The body is not valid JSON.",
    404: "Not found (for keys: delivered, expired, revoked and unknown look alike).",
    422: "A field is missing, unknown or out of range; `errors` lists the field paths.",
    503: "No key source or the store cannot serve now; retry after `Retry-After` seconds.",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the RFC 9457 problem answers a route can give."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entry: dict[str, Any] = {
            "model": Problem,
            "description": _PROBLEM_MEANINGS[status],
            "content": {"application/problem+json": {"example": _PROBLEM_EXAMPLES[status]}},
        }
        if status == 503:
            entry["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before retrying.",
                    "schema": {"type": "integer"},
                }
            }
        responses[status] = entry
    return responses
