"""Scaling chart of the performance appendix."""

from __future__ import annotations

import numpy as np
import pandas as pd


def draw_scaling(series: pd.DataFrame):
    """Log-log plot of time against rows, one line per task; hollow markers are extrapolated values."""
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
            2.0 * n / n.max(),
            color="#999999",
            ls=":",
            label="linear growth reaching 2 s at the largest size",
        )
    ax.axhline(2.0, color="#999999", lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("rows (synthetic interactions or figures)")
    ax.set_ylabel("seconds (best of repeats)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
