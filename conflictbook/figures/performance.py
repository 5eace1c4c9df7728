"""Scaling chart of the performance appendix."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

__all__ = ["draw_scaling"]


def draw_scaling(
    series: pd.DataFrame, reference_s: float = 1.0, reference_n: float = 1e6
) -> Figure:
    """Log-log plot of time against rows, one line per task; hollow markers are extrapolated
    values. A dotted line shows linear growth through `reference_s` seconds at `reference_n`
    rows."""
    import matplotlib.pyplot as plt

    from .style import colour_for

    tasks = sorted(series["task"].unique())
    fig, ax = plt.subplots(figsize=(8, 5))
    for task in tasks:
        part = series[series["task"] == task]
        colour = colour_for(task, tasks)
        ax.plot(part["n"], part["seconds"], color=colour, lw=1.5, label=task)
        measured = part[~part["extrapolated"].astype(bool)]
        guessed = part[part["extrapolated"].astype(bool)]
        ax.scatter(measured["n"], measured["seconds"], color=colour, zorder=3)
        ax.scatter(guessed["n"], guessed["seconds"], facecolors="none", edgecolors=colour, zorder=3)
    n = np.array(sorted(series["n"].unique()), dtype=float)
    if len(n):
        ax.plot(
            n,
            reference_s * n / reference_n,
            color="#999999",
            ls=":",
            label=f"linear growth through {reference_s:g} s at {reference_n:.0e} rows",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("rows (synthetic interactions, events or figures)")
    ax.set_ylabel("seconds (best of repeats)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
