"""`lightvibes simulate`: JSON points with the issue's fields, reproducible, plots, bad flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lightvibes.cli import main

FIELDS = {
    "distance_km", "pulses", "detections", "sifted_bits", "qber", "qber_estimate",
    "gain_signal", "error_rate_signal", "y1_lower", "e1_upper", "leaked_bits",
    "ec_efficiency", "secret_bits", "secret_key_rate_per_pulse", "bound_key_rate_per_pulse",
    "plob_bound_per_pulse",
}  # fmt: skip


def _points(capsys: pytest.CaptureFixture[str], *flags: str) -> list[dict[str, object]]:
    assert main(["simulate", "--json", "--pulses", "100000000", *flags]) == 0
    points: list[dict[str, object]] = json.loads(capsys.readouterr().out)["points"]
    return points


def test_json_points_have_every_field_and_are_reproducible(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = _points(capsys, "--distance-km", "0,25", "--seed", "4")
    assert [p["distance_km"] for p in first] == [0.0, 25.0]
    for point in first:
        assert set(point) >= FIELDS
        assert point["pulses"] == 100_000_000
    assert first[0]["detections"] > first[1]["detections"]  # type: ignore[operator]
    assert _points(capsys, "--distance-km", "0,25", "--seed", "4") == first
    assert _points(capsys, "--distance-km", "0,25", "--seed", "5") != first


def test_flags_reach_the_physics(capsys: pytest.CaptureFixture[str]) -> None:
    clean, attacked = (
        _points(capsys, "--eve-fraction", str(p), "--asymptotic")[0] for p in (0.0, 0.4)
    )
    assert attacked["qber"] - clean["qber"] == pytest.approx(0.1, abs=0.02)  # type: ignore[operator]
    lossy = _points(capsys, "--alpha-db-per-km", "0.3")[0]
    assert lossy["detections"] < clean["detections"]  # type: ignore[operator]


def test_plot_writes_a_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rate.png"
    assert (
        main(["simulate", "--pulses", "100000000", "--distance-km", "0,50", "--plot", str(out)])
        == 0
    )
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Decoy-state BB84" in capsys.readouterr().out


@pytest.mark.parametrize("distances", ["a,b", "-5", ","])
def test_bad_distances_are_a_usage_error(
    distances: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["simulate", "--distance-km", distances])
    assert raised.value.code == 2
    assert "--distance-km" in capsys.readouterr().err


def test_inconsistent_physics_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--mu", "0.1", "--nu", "0.2"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("lightvibes: invalid link parameters")
    assert err.count("\n") == 1
