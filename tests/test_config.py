"""Settings: defaults, the LIGHTVIBES_ prefix, and one line naming a bad variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from lightvibes.config import load_settings
from lightvibes.errors import ConfigError


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    settings = load_settings()
    assert settings.qber_threshold == 0.08
    assert settings.default_ttl_s == 120
    assert settings.database_url == "sqlite+aiosqlite:///./.lightvibes/lightvibes.db"
    assert settings.recipient_public_key_path == Path(".lightvibes/recipient.pub")


def test_environment_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("LIGHTVIBES_DEFAULT_TTL_S=30\nLIGHTVIBES_QBER_THRESHOLD=0.05\n")
    monkeypatch.setenv("LIGHTVIBES_QBER_THRESHOLD", "0.06")  # the environment wins over .env
    monkeypatch.setenv("LIGHTVIBES_RECIPIENT_PUBLIC_KEY", "/keys/r.pub")
    settings = load_settings()
    assert settings.default_ttl_s == 30
    assert settings.qber_threshold == 0.06
    assert settings.recipient_public_key_path == Path("/keys/r.pub")


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("LIGHTVIBES_QBER_THRESHOLD", "abc"),
        ("LIGHTVIBES_QBER_THRESHOLD", "0.7"),
        ("LIGHTVIBES_DEFAULT_TTL_S", "0"),
        ("LIGHTVIBES_DEFAULT_TTL_S", "1.5"),
        ("LIGHTVIBES_PORT", "70000"),
        ("LIGHTVIBES_DATABASE_URL", "mysql://x"),
        ("LIGHTVIBES_LOG_LEVEL", "loud"),
        ("LIGHTVIBES_LINK_NU", "0.9"),
        ("LIGHTVIBES_LINK_EVE_FRACTION", "2"),
    ],
)
def test_bad_value_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = raised.value.detail
    assert message.startswith(variable + " ") or message.startswith(variable + ": ")
    assert "\n" not in message
