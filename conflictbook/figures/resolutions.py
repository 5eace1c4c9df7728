"""Figures of the resolutions chapter: heatmaps, verb strength, occupations against adoption dates."""

from __future__ import annotations

import numpy as np
import pandas as pd


def draw_heatmap(
    matrix: pd.DataFrame,
    row_labels: dict | None = None,
    col_labels: dict | None = None,
    cmap: str = "cividis",
    value_format: str = "{:g}",
    center: float | None = None,
    colorbar_label: str = "",
):
    """A labelled heatmap with the value written in each cell (NaN cells left blank)."""
    import matplotlib.pyplot as plt

    values = matrix.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(1.2 + 0.9 * matrix.shape[1], 0.9 + 0.38 * matrix.shape[0]))
    kwargs = {}
    if center is not None:
        span = np.nanmax(np.abs(values - center)) if np.isfinite(values).any() else 1
        kwargs = {"vmin": center - span, "vmax": center + span}
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, aspect="auto", **kwargs)
    ax.set_xticks(
        range(matrix.shape[1]),
        [str((col_labels or {}).get(c, c)) for c in matrix.columns],
        rotation=30,
        ha="right",
        fontsize=8,
    )
    ax.set_yticks(
        range(matrix.shape[0]),
        [str((row_labels or {}).get(r, r)) for r in matrix.index],
        fontsize=8,
    )
    lo, hi = (
        np.nanmin(values) if np.isfinite(values).any() else 0,
        np.nanmax(values) if np.isfinite(values).any() else 1,
    )
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            v = values[i, j]
            if np.isfinite(v):
                dark = (v - lo) / (hi - lo + 1e-12) < 0.5
                ax.text(
                    j,
                    i,
                    value_format.format(v),
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color="white" if dark else "black",
                )
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label=colorbar_label)
    fig.tight_layout()
    return fig


def draw_strength(clauses: pd.DataFrame, verb_labels: dict | None = None):
    """Each operative paragraph as a dot at its verb strength, by resolution date (jittered by paragraph)."""
    import matplotlib.pyplot as plt

    from .style import OKABE_ITO

    operative = clauses[clauses["part"] == "operative"].sort_values(["date_adopted", "paragraph"])
    numbers = sorted(operative["number"].unique())
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i, number in enumerate(numbers):
        part = operative[operative["number"] == number]
        offsets = np.linspace(-0.25, 0.25, len(part)) if len(part) > 1 else np.zeros(1)
        ax.scatter(i + offsets, part["strength"], color=OKABE_ITO["blue"], s=30, zorder=3)
        ax.plot(
            [i - 0.3, i + 0.3], [part["strength"].mean()] * 2, color=OKABE_ITO["vermillion"], lw=2
        )
    scale = sorted(set(zip(clauses["strength"], clauses["verb"])))
    ax.set_yticks(
        sorted({s for s, _ in scale}),
        [
            " / ".join(sorted({(verb_labels or {}).get(v, v) for s2, v in scale if s2 == s}))[:40]
            for s in sorted({s for s, _ in scale})
        ],
        fontsize=7.5,
    )
    ax.set_xticks(
        range(len(numbers)),
        [
            f"{n} ({str(operative.loc[operative['number'] == n, 'date_adopted'].iloc[0])[:10]})"
            for n in numbers
        ],
    )
    ax.set_ylabel("verb strength (this book's scale)")
    fig.tight_layout()
    return fig


def draw_occupations(
    events: pd.DataFrame, resolutions: pd.DataFrame, place_names: dict, start: str, end: str
):
    """Timeline of occupation events (each source's date range as a bar) with the resolutions as vertical lines."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from .style import OKABE_ITO, colour_for

    frame = events[
        (events["date_end"] >= pd.Timestamp(start)) & (events["date_start"] <= pd.Timestamp(end))
    ]
    frame = frame.sort_values(["date_end", "event_id"]).reset_index(drop=True)
    sources = sorted(frame["source_id"].unique())
    fig, ax = plt.subplots(figsize=(10, 0.36 * len(frame) + 1.8))
    y = np.arange(len(frame))[::-1]
    for yi, row in zip(y, frame.itertuples(index=False)):
        width = max((row.date_end - row.date_start).days, 4)
        ax.barh(
            yi,
            width,
            left=row.date_start,
            height=0.6,
            color=colour_for(row.source_id, sources),
            alpha=0.85,
        )
    ax.set_yticks(
        y,
        [
            f"{place_names.get(p, p)[:30]} ({s})"
            for p, s in zip(frame["place_id"].fillna("?"), frame["source_id"])
        ],
        fontsize=7.5,
    )
    for row in resolutions.itertuples(index=False):
        ax.axvline(row.date_adopted, color=OKABE_ITO["black"], lw=1, ls="--")
        ax.text(row.date_adopted, len(frame) - 0.3, f" {row.number}", fontsize=8)
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.set_xlabel("date range each source gives (dashed lines: resolutions adopted)")
    fig.tight_layout()
    return fig
