"""Offline sweeps for `lightvibes simulate`: points, the theory curve and the plot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lightvibes.quantum import (
    POINT_FIELDS,
    LinkParameters,
    plot_key_rate,
    simulate_points,
    theory_curve,
)

PARAMS = LinkParameters(pulses_per_block=5_000_000)


def test_sweep_returns_one_point_per_distance_reproducibly() -> None:
    seen: list[int] = []
    distances = [0.0, 50.0, 180.0]
    points = simulate_points(PARAMS, distances, 7, asymptotic=True, progress=seen.append)
    assert [p["distance_km"] for p in points] == distances
    assert all(tuple(p) == POINT_FIELDS for p in points)
    assert seen == [1, 2, 3]
    assert points == simulate_points(PARAMS, distances, np.random.default_rng(7), asymptotic=True)
    first, _, last = points
    assert isinstance(first["secret_bits"], int) and first["secret_bits"] > 0
    assert last["secret_bits"] == 0


def test_theory_curve_falls_with_distance_and_stays_below_plob() -> None:
    curve = theory_curve(LinkParameters(), np.arange(0.0, 201.0, 5.0).tolist())
    rates = curve.key_rate_per_pulse
    positive = [r for r in rates if r > 0]
    assert positive == sorted(positive, reverse=True)
    assert rates[-1] == 0.0
    assert all(r <= b for r, b in zip(rates, curve.plob_bound_per_pulse, strict=True))


def test_plot_writes_a_png(tmp_path: Path) -> None:
    points = simulate_points(PARAMS, [0.0, 25.0, 180.0], 3, asymptotic=True)
    path = tmp_path / "rate.png"
    plot_key_rate(points, theory_curve(PARAMS, np.linspace(0, 200, 41).tolist()), path, title="t")
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000


def test_plot_copes_with_a_sweep_without_key(tmp_path: Path) -> None:
    far = LinkParameters(pulses_per_block=1_000_000, distance_km=300.0)
    points = simulate_points(far, [300.0], 1)
    assert points[0]["secret_bits"] == 0
    plot_key_rate(points, theory_curve(far, [250.0, 300.0]), tmp_path / "none.png")
    assert (tmp_path / "none.png").stat().st_size > 0


@pytest.mark.parametrize("distances", [[], [25.0]])
def test_sweep_sizes(distances: list[float]) -> None:
    assert len(simulate_points(PARAMS, distances, 1, asymptotic=True)) == len(distances)
