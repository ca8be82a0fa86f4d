"""Offline runs for ``lightvibes simulate``: distance sweeps, the theory curve and the plot."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from lightvibes.quantum._block import run_block
from lightvibes.quantum._keyrate import plob_bound, theory_key_rate
from lightvibes.quantum._params import LinkParameters

__all__ = ["TheoryCurve", "plot_key_rate", "simulate_points", "theory_curve"]

Point = dict[str, float | int | None]


def simulate_points(
    params: LinkParameters,
    distances_km: Sequence[float],
    rng: np.random.Generator | int,
    *,
    asymptotic: bool = False,
    progress: Callable[[int], None] | None = None,
) -> list[Point]:
    """Run one block per distance and return the ``simulate --json`` points, in order.

    ``rng`` is a generator or a seed; one seed reproduces the whole sweep. ``progress`` is
    called with the number of finished blocks after each one (for a progress bar).
    """
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    points: list[Point] = []
    for done, distance_km in enumerate(distances_km, start=1):
        result = run_block(
            replace(params, distance_km=float(distance_km)), generator, asymptotic=asymptotic
        )
        points.append(result.to_point())
        if progress is not None:
            progress(done)
    return points


@dataclass(frozen=True, slots=True)
class TheoryCurve:
    """Asymptotic infinite-decoy key rate and the PLOB bound, per pulse, against distance."""

    distance_km: tuple[float, ...]
    key_rate_per_pulse: tuple[float, ...]
    plob_bound_per_pulse: tuple[float, ...]


def theory_curve(params: LinkParameters, distances_km: Sequence[float]) -> TheoryCurve:
    """Evaluate :func:`theory_key_rate` and the PLOB bound at each distance."""
    distances = tuple(float(d) for d in distances_km)
    return TheoryCurve(
        distance_km=distances,
        key_rate_per_pulse=tuple(theory_key_rate(params, d) for d in distances),
        plob_bound_per_pulse=tuple(
            plob_bound(replace(params, distance_km=d).transmittance) for d in distances
        ),
    )


def _positive(
    xs: Sequence[float], ys: Sequence[float | int | None]
) -> tuple[list[float], list[float]]:
    kept = [(x, float(y)) for x, y in zip(xs, ys, strict=True) if y is not None and y > 0]
    return [x for x, _ in kept], [y for _, y in kept]


def plot_key_rate(
    points: Sequence[Point], theory: TheoryCurve, path: str | Path, *, title: str | None = None
) -> None:
    """Draw secret key rate per pulse against distance (log scale) into a PNG at ``path``.

    Simulated blocks are markers (blocks without key are marked on the axis), the decoy-state
    theory is a line and the PLOB bound a dashed line. Uses matplotlib's Agg canvas directly,
    so no global backend or pyplot state is touched.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.0, 4.5), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_yscale("log")

    x, y = _positive(theory.distance_km, theory.key_rate_per_pulse)
    axes.plot(x, y, "-", color="tab:blue", label="decoy-state theory (asymptotic, infinite decoys)")
    x, y = _positive(theory.distance_km, theory.plob_bound_per_pulse)
    axes.plot(x, y, "--", color="tab:gray", label="PLOB bound -log2(1-η)")

    distances = [float(p["distance_km"] or 0.0) for p in points]
    rates = [p["secret_key_rate_per_pulse"] for p in points]
    x, y = _positive(distances, rates)
    axes.plot(x, y, "o", color="tab:red", label="simulated blocks")
    all_rates = [r for r in (*y, *theory.key_rate_per_pulse) if r > 0]
    floor = min(all_rates) / 10 if all_rates else 1e-9
    empty = [d for d, r in zip(distances, rates, strict=True) if not (r is not None and r > 0)]
    if empty:
        axes.plot(empty, [floor] * len(empty), "x", color="tab:red", label="simulated: no key")
    axes.set_ylim(bottom=floor / 2)

    axes.set_xlabel("fibre length (km)")
    axes.set_ylabel("secret key rate (bits per pulse)")
    if title:
        axes.set_title(title)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(loc="upper right", fontsize="small")
    figure.savefig(Path(path), dpi=120)
