"""Settings: environment variables with the prefix ``LIGHTVIBES_`` and an optional ``.env`` file.

Every setting has a default and a description; ``.env.example`` is generated from this model
(``lightvibes config example``) and a test fails when the two drift apart. A bad value stops
start-up with one line naming the variable (:func:`load_settings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from lightvibes.errors import ConfigError

__all__ = ["ENV_PREFIX", "Settings", "env_example", "load_settings"]

ENV_PREFIX = "LIGHTVIBES_"
_DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./.lightvibes/lightvibes.db"


class Settings(BaseSettings):
    """Every knob of a LIGHTVIBES deployment; the field description is the documentation."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
        env_ignore_empty=True,
    )

    state_dir: Path = Field(
        Path("./.lightvibes"),
        description="Directory for local state: the SQLite database and the demo recipient keys.",
    )
    database_url: str = Field(
        _DEFAULT_DATABASE_URL,
        description=(
            "SQLAlchemy URL of the key store: sqlite+aiosqlite:///PATH (embedded) or "
            "postgresql+asyncpg://USER@HOST:PORT/DB (scale-out)."
        ),
    )
    sqlite_synchronous: Literal["FULL", "NORMAL"] = Field(
        "FULL",
        description=(
            "SQLite durability: FULL syncs every commit, so a delivered key stays delivered "
            "even across a power loss; NORMAL is faster but a power loss may undo the last "
            "commits (a key could then be delivered twice). Ignored for PostgreSQL."
        ),
    )
    recipient_public_key: Path | None = Field(
        None,
        description=(
            "File with the recipient public key every key is sealed to (PEM, from "
            "`lightvibes keygen`). Empty means STATE_DIR/recipient.pub."
        ),
    )
    qber_threshold: Annotated[float, Field(gt=0.0, lt=0.5)] = Field(
        0.08,
        description="QBER above which the QKD link is degraded and sessions fall back to PQC.",
    )
    default_ttl_s: Annotated[int, Field(ge=1, le=86400)] = Field(
        120, description="Validity of a session key, in seconds, when the request names none."
    )
    retry_after_s: Annotated[int, Field(ge=1, le=3600)] = Field(
        5,
        description="Retry-After (seconds) sent with 503 when no key source may serve a request.",
    )
    sweep_interval_s: Annotated[float, Field(gt=0.0, le=3600.0)] = Field(
        5.0, description="How often the sweeper destroys expired key material, in seconds."
    )
    host: str = Field("127.0.0.1", description="Address `lightvibes serve` binds to.")
    port: Annotated[int, Field(ge=1, le=65535)] = Field(
        8000, description="Port `lightvibes serve` listens on."
    )
    workers: Annotated[int, Field(ge=1, le=64)] = Field(
        1, description="Worker processes for `lightvibes serve`."
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="Log level of the JSON logs."
    )

    # The evidence log (RFC 9162 Merkle tree, C2SP signed checkpoints).
    evidence_enabled: bool = Field(
        True,
        description=(
            "Write every operation to the evidence log. Turn off only to measure its cost: "
            "without it nothing is auditable."
        ),
    )
    evidence_origin: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/:-]{0,127}$")] = Field(
        "lightvibes.localhost/evidence",
        description="Origin line of the checkpoints: a schema-less URL naming this log.",
    )
    evidence_checkpoint_entries: Annotated[int, Field(ge=1, le=10**6)] = Field(
        256, description="Sign a checkpoint once this many entries are newer than the last one."
    )
    evidence_checkpoint_interval_s: Annotated[float, Field(gt=0.0, le=86400.0)] = Field(
        10.0, description="Sign a checkpoint at least this often while new entries arrive, s."
    )

    # The simulated QKD link (decoy-state BB84). Physics defaults: the GYS experiment as used by
    # Lo, Ma & Chen (2005); see docs/PHYSICS.md.
    link_enabled: bool = Field(
        True, description="Run the simulated QKD link in the background (false: PQC only)."
    )
    link_distance_km: Annotated[float, Field(ge=0.0, le=500.0)] = Field(
        25.0, description="Fibre length between the two ends, km."
    )
    link_alpha_db_per_km: Annotated[float, Field(ge=0.0, le=2.0)] = Field(
        0.21, description="Fibre attenuation, dB/km."
    )
    link_mu: Annotated[float, Field(gt=0.0, le=10.0)] = Field(
        0.5, description="Signal-state mean photon number."
    )
    link_nu: Annotated[float, Field(gt=0.0, le=10.0)] = Field(
        0.1, description="Weak-decoy mean photon number (must be below mu)."
    )
    link_detector_efficiency: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        0.045, description="Bob's detection efficiency including his optics."
    )
    link_dark_count_probability: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        1.7e-6, description="Background click probability per gate (Y0)."
    )
    link_misalignment: Annotated[float, Field(ge=0.0, le=0.5)] = Field(
        0.033, description="Optical misalignment error e_d."
    )
    link_eve_fraction: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        0.0, description="Intercept-resend eavesdropper on this fraction of pulses (drills)."
    )
    link_repetition_rate_hz: Annotated[float, Field(gt=0.0, le=1e11)] = Field(
        1e8, description="Pulse repetition rate of the source, Hz."
    )
    link_pulses_per_block: Annotated[int, Field(ge=10**6, le=10**11)] = Field(
        2 * 10**8, description="Pulses per post-processing block (sets the block's light time)."
    )
    link_epsilon_sec: Annotated[float, Field(gt=0.0, lt=1.0)] = Field(
        1e-10, description="Secrecy parameter of the finite-key bound."
    )
    link_epsilon_cor: Annotated[float, Field(gt=0.0, lt=1.0)] = Field(
        1e-15, description="Correctness parameter (verification hash)."
    )
    link_pool_max_bits: Annotated[int, Field(ge=8, le=2**34)] = Field(
        2**23, description="Capacity of the in-memory QKD key pool, bits (oldest dropped)."
    )
    link_seed: int | None = Field(
        None, description="Seed of the simulator's random generator; empty means fresh entropy."
    )
    link_qber_hysteresis: Annotated[float, Field(ge=0.0, lt=0.5)] = Field(
        0.01, description="A degraded link recovers only at QBER <= threshold - hysteresis."
    )
    link_recover_blocks: Annotated[int, Field(ge=1, le=1000)] = Field(
        2, description="Consecutive good blocks before a degraded link is healthy again."
    )
    link_tamper_qber_jump: Annotated[float, Field(gt=0.0, lt=0.5)] = Field(
        0.025, description="A QBER rise above the running baseline that quarantines the link."
    )
    link_tamper_gain_ratio_change: Annotated[float, Field(gt=0.0, le=10.0)] = Field(
        0.25, description="Relative change of the decoy/signal gain ratio that quarantines."
    )
    link_restore_clean_blocks: Annotated[int, Field(ge=0, le=100000)] = Field(
        10, description="Clean blocks in a row that lift a quarantine (0: operator only)."
    )

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite:///", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:/// or postgresql+asyncpg://")
        return value

    @model_validator(mode="after")
    def _decoy_below_signal(self) -> Settings:
        if self.link_nu >= self.link_mu:
            raise ValueError(
                f"{ENV_PREFIX}LINK_NU ({self.link_nu}) must be below {ENV_PREFIX}LINK_MU "
                f"({self.link_mu})"
            )
        return self

    @property
    def recipient_public_key_path(self) -> Path:
        return self.recipient_public_key or self.state_dir / "recipient.pub"


def _one_line(error: ValidationError) -> str:
    first = error.errors()[0]
    if not first["loc"]:  # a rule across several settings names them in its message
        return str(first["msg"]).removeprefix("Value error, ")
    name = ENV_PREFIX + str(first["loc"][0]).upper() if first["loc"] else ENV_PREFIX
    value = first.get("input")
    shown = f" (got {value!r})" if isinstance(value, str | int | float) else ""
    more = f" and {error.error_count() - 1} more" if error.error_count() > 1 else ""
    return f"{name}: {first['msg']}{shown}{more}"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment; a bad value raises ConfigError naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ConfigError(_one_line(error)) from None


def env_example() -> str:
    """The text of ``.env.example``: every setting with its default and meaning."""
    lines = [
        "# LIGHTVIBES settings. Generated by `lightvibes config example`; do not edit by hand.",
        "# Every variable is optional; the value shown is the default.",
        "",
    ]
    for name, info in Settings.model_fields.items():
        default = info.default
        shown = "" if default is None else str(default)
        lines.append(f"# {info.description}")
        lines.append(f"{ENV_PREFIX}{name.upper()}={shown}")
        lines.append("")
    return "\n".join(lines)
