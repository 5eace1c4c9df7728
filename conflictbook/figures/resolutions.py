"""Figures of the resolutions chapter: heatmaps, verb strength, occupations against adoption dates,
the parties' positions beside the international actors'."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..analysis.positions import PositionBlocks

__all__ = [
    "draw_heatmap",
    "draw_strength",
    "draw_occupations",
    "draw_position_blocks",
    "occupations_alt",
    "position_blocks_alt",
]


def draw_heatmap(
    matrix: pd.DataFrame,
    row_labels: dict | None = None,
    col_labels: dict | None = None,
    cmap: str = "cividis",
    value_format: str = "{:g}",
    center: float | None = None,
    colorbar_label: str = "",
) -> Figure:
    """A labelled heatmap with the value written in each cell (NaN cells left blank)."""
    import matplotlib.pyplot as plt

    values = matrix.to_numpy(dtype=float)
    width = min(8.0, 2.6 + 0.75 * matrix.shape[1])
    fig, ax = plt.subplots(figsize=(width, 1.4 + 0.4 * matrix.shape[0]))
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
        fontsize=9,
    )
    ax.set_yticks(
        range(matrix.shape[0]),
        [str((row_labels or {}).get(r, r)) for r in matrix.index],
        fontsize=9,
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
                    fontsize=9,
                    color="white" if dark else "black",
                )
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(colorbar_label, fontsize=9)
    bar.ax.tick_params(labelsize=9)
    fig.tight_layout()
    return fig


def draw_strength(clauses: pd.DataFrame, verb_labels: dict | None = None) -> Figure:
    """Each operative paragraph as a dot at its verb strength, by resolution date (jittered by
    paragraph); the red bar is the resolution's mean."""
    import matplotlib.pyplot as plt

    from .style import OKABE_ITO

    operative = clauses[clauses["part"] == "operative"].sort_values(["date_adopted", "paragraph"])
    numbers = sorted(operative["number"].unique())
    fig, ax = plt.subplots(figsize=(7.8, 4.5))
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
        fontsize=9,
    )
    ax.set_xticks(
        range(len(numbers)),
        [
            f"{n} ({str(operative.loc[operative['number'] == n, 'date_adopted'].iloc[0])[:10]})"
            for n in numbers
        ],
        fontsize=9,
    )
    ax.set_ylabel("verb strength (this book's scale)", fontsize=9)
    fig.tight_layout()
    return fig


def draw_occupations(
    events: pd.DataFrame,
    resolutions: pd.DataFrame,
    place_names: Mapping[str, str],
    start: str,
    end: str,
    colours: Mapping[str, str],
    citations: Mapping[str, str],
) -> Figure:
    """Timeline of occupation events (each source's date range as a bar, coloured by source with
    `colours`, e.g. style.source_colours) with the resolutions as vertical lines."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from .style import OKABE_ITO

    frame = _in_window(events, start, end)
    fig, ax = plt.subplots(figsize=(7.8, 0.3 * len(frame) + 2.0))
    y = np.arange(len(frame))[::-1]
    for yi, row in zip(y, frame.itertuples(index=False)):
        width = max((row.date_end - row.date_start).days, 4)
        ax.barh(
            yi, width, left=row.date_start, height=0.6, color=colours.get(row.source_id), alpha=0.9
        )
    ax.set_yticks(
        y, [str(place_names.get(p, p))[:26] for p in frame["place_id"].fillna("?")], fontsize=9
    )
    for i, row in enumerate(resolutions.itertuples(index=False)):
        ax.axvline(row.date_adopted, color=OKABE_ITO["black"], lw=1, ls="--")
        ax.text(row.date_adopted, len(frame) - 0.3 + 0.9 * (i % 2), f" {row.number}", fontsize=9)
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    ax.set_ylim(-0.8, len(frame) + 1.4)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.tick_params(axis="x", labelsize=9)
    ax.set_xlabel("date range each source gives (dashed lines: resolutions adopted)", fontsize=9)
    shown = [s for s in colours if s in set(frame["source_id"])]
    ax.legend(
        handles=[Patch(color=colours[s], label=citations.get(s, s)) for s in shown],
        fontsize=9,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08 - 1.2 / len(frame)),
        ncol=min(3, len(shown) or 1),
        frameon=False,
    )
    fig.tight_layout()
    return fig


def _in_window(events: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    frame = events[
        (events["date_end"] >= pd.Timestamp(start)) & (events["date_start"] <= pd.Timestamp(end))
    ]
    return frame.sort_values(["date_end", "event_id"]).reset_index(drop=True)


def occupations_alt(
    events: pd.DataFrame,
    resolutions: pd.DataFrame,
    start: str,
    end: str,
    citations: Mapping[str, str],
) -> str:
    """A caption for draw_occupations, from the data it shows."""
    frame = _in_window(events, start, end)
    counts = frame["source_id"].value_counts()
    per_source = "; ".join(f"{citations.get(s, s)}: {counts[s]}" for s in citations if s in counts)
    numbers = ", ".join(str(n) for n in resolutions["number"])
    return (
        f"Occupations dated between {start[:4]} and {end[:4]}, one bar per event and source, "
        f"from the start to the end of the date range the source gives ({per_source}). "
        f"Dashed lines: resolutions {numbers} adopted."
    )


def draw_position_blocks(
    blocks: PositionBlocks,
    actor_names: Mapping[str, str],
    issue_labels: Mapping[str, str],
    title: str = "",
) -> Figure:
    """The parties' stances (top block) above the other actors' (bottom block), issue by issue,
    from -2 (strongly opposes) to +2 (strongly supports), for one source and period."""
    import matplotlib.pyplot as plt

    matrix = blocks.matrix
    values = matrix.to_numpy(dtype=float)
    rows, cols = matrix.shape
    fig, ax = plt.subplots(figsize=(7.8, 2.2 + 0.3 * rows))
    image = ax.imshow(np.ma.masked_invalid(values), cmap="PuOr", vmin=-2, vmax=2, aspect="auto")
    ax.set_xticks(
        range(cols),
        [
            textwrap.shorten(str(issue_labels.get(c, c)), 36, placeholder="…")
            for c in matrix.columns
        ],
        rotation=40,
        ha="right",
        rotation_mode="anchor",
        fontsize=9,
    )
    ax.set_yticks(
        range(rows),
        [textwrap.shorten(str(actor_names.get(a, a)), 32, placeholder="…") for a in matrix.index],
        fontsize=9,
    )
    for i in range(rows):
        for j in range(cols):
            if np.isfinite(values[i, j]):
                text = "0" if values[i, j] == 0 else f"{values[i, j]:+.0f}"
                ax.text(
                    j,
                    i,
                    text,
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if abs(values[i, j]) >= 1.5 else "black",
                )
    if 0 < blocks.n_parties < rows:
        ax.axhline(blocks.n_parties - 0.5, color="black", lw=2)
    ax.set_xticks(np.arange(cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", lw=0.8)
    ax.tick_params(which="minor", length=0)
    if title:
        ax.set_title(title, fontsize=10)
    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, ticks=[-2, -1, 0, 1, 2])
    bar.set_label("stance (-2 strongly opposes … +2 strongly supports)", fontsize=9)
    bar.ax.tick_params(labelsize=9)
    fig.tight_layout()
    return fig


def position_blocks_alt(
    blocks: PositionBlocks,
    actor_names: Mapping[str, str],
    issue_labels: Mapping[str, str],
    citation: str,
    period: str,
) -> str:
    """A caption for draw_position_blocks, from the data it shows."""
    matrix = blocks.matrix
    given = int(np.isfinite(matrix.to_numpy(dtype=float)).sum())
    parties = ", ".join(actor_names.get(a, a) for a in blocks.parties) or "none"
    return (
        f"Stances in {period} as {citation} states them: {given} stances of "
        f"{len(matrix.index)} actors on {len(matrix.columns)} issues. Above the line, the "
        f"parties ({parties}); below it, {len(blocks.others)} other actors. Blank cells: the "
        "source gives no stance."
    )
