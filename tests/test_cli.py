"""The lightvibes command in-process: keygen, unseal, config, openapi and its error lines."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest

from lightvibes.cli import main
from lightvibes.sealing import HpkeSealer, encode_sealed, load_private_key, load_public_key


@pytest.mark.parametrize("kem", ["x25519", "mlkem768-x25519"])
def test_keygen_then_unseal_roundtrip(
    kem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["keygen", "--kem", kem, "--out", str(tmp_path)]) == 0
    private_path, public_path = tmp_path / "recipient.key", tmp_path / "recipient.pub"
    assert stat.S_IMODE(private_path.stat().st_mode) == 0o600
    public_key = load_public_key(public_path)
    assert public_key.suite.value == kem
    assert load_private_key(private_path).key_id == public_key.key_id
    assert public_key.key_id in capsys.readouterr().out

    key = bytes(range(32))
    key_ref = "Q" * 32
    sealed = encode_sealed(HpkeSealer(public_key).seal(key, key_ref))
    monkeypatch.setattr(
        "sys.stdin", io.StringIO(json.dumps({"key_ref": key_ref, "key_sealed": sealed}))
    )
    assert main(["unseal", "--key", str(private_path)]) == 0
    assert capsys.readouterr().out.strip() == key.hex()


def test_keygen_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keygen", "--out", str(tmp_path)]) == 0
    before = (tmp_path / "recipient.key").read_bytes()
    assert main(["keygen", "--out", str(tmp_path)]) != 0
    assert "recipient.key" in capsys.readouterr().err
    assert (tmp_path / "recipient.key").read_bytes() == before
    assert main(["keygen", "--out", str(tmp_path), "--force"]) == 0
    assert (tmp_path / "recipient.key").read_bytes() != before


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        ('{"key_ref": "x"}', "key_sealed"),
        ('{"key_ref": "' + "Q" * 32 + '", "key_sealed": "AAAA"}', "cannot be opened"),
    ],
)
def test_unseal_bad_input_is_one_line(
    stdin: str,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main(["keygen", "--out", str(tmp_path)])
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(["unseal", "--key", str(tmp_path / "recipient.key")]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_unseal_with_a_missing_key_file_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["unseal", "--key", str(tmp_path / "nope.key")]) == 2
    assert "nope.key" in capsys.readouterr().err


def test_config_example_and_openapi(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "example"]) == 0
    assert "LIGHTVIBES_QBER_THRESHOLD=0.08" in capsys.readouterr().out
    out = tmp_path / "openapi.yaml"
    assert main(["openapi", "--out", str(out)]) == 0
    assert "/lightvibes/key/{key_ref}" in out.read_text()


def test_serve_with_a_bad_setting_fails_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LIGHTVIBES_DEFAULT_TTL_S", "forever")
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("lightvibes: LIGHTVIBES_DEFAULT_TTL_S: ")
    assert err.count("\n") == 1


def test_serve_without_a_recipient_key_says_how_to_make_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "recipient.pub" in err
    assert err.count("\n") == 1
