"""Figures of the criticism chapter: verdict counts, and shares per source with their intervals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from .style import OKABE_ITO, SEQUENCE

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["verdict_colours", "draw_verdicts", "draw_reliability", "reliability_alt"]

_NAMED = {
    "agrees": OKABE_ITO["bluish_green"],
    "differs": OKABE_ITO["orange"],
    "contradicted": OKABE_ITO["vermillion"],
    "unverifiable": OKABE_ITO["grey"],
}


def verdict_colours(order: list[str]) -> dict[str, str]:
    """A colour per verdict of the rubric; a verdict the palette does not know takes the next
    colour of the book's sequence."""
    spare = iter(c for c in SEQUENCE if c not in _NAMED.values())
    return {v: _NAMED.get(v) or next(spare) for v in order}


def draw_verdicts(
    counts: pd.DataFrame,
    order: list[str],
    labels: Mapping[str, str],
    row_labels: Mapping[str, str] | None = None,
    title: str = "",
) -> Figure:
    """Stacked horizontal bars of verdicts (rubric order) per row of a verdict_counts table."""
    import matplotlib.pyplot as plt
    import numpy as np

    colours = verdict_colours(order)
    data = counts[[v for v in order if v in counts.columns]]
    fig, ax = plt.subplots(figsize=(7.5, 0.42 * len(data) + 1.6))
    left = np.zeros(len(data))
    y = np.arange(len(data))[::-1]
    for verdict in data.columns:
        ax.barh(
            y, data[verdict], left=left, color=colours[verdict], label=labels.get(verdict, verdict)
        )
        left += data[verdict].to_numpy()
    names = [str((row_labels or {}).get(i, i))[:40] for i in data.index]
    ax.set_yticks(y, names, fontsize=9)
    ax.set_xlabel("checks", fontsize=10)
    ax.tick_params(axis="x", labelsize=9)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(
        fontsize=9,
        ncol=len(data.columns),
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0 if not title else 1.08),
        frameon=False,
    )
    fig.tight_layout()
    return fig


def draw_reliability(
    table: pd.DataFrame, order: list[str], labels: Mapping[str, str], citations: Mapping[str, str]
) -> Figure:
    """Share of each source's checks per verdict, with its 95 % Wilson interval (a reliability
    table), one panel per verdict, one row per source."""
    import matplotlib.pyplot as plt

    colours = verdict_colours(order)
    sources = list(dict.fromkeys(table["source_id"]))
    fig, axes = plt.subplots(
        1, len(order), figsize=(7.8, 0.5 * len(sources) + 1.8), sharey=True, squeeze=False
    )
    for ax, verdict in zip(axes[0], order):
        part = table[table["verdict"] == verdict].set_index("source_id").reindex(sources)
        y = range(len(sources))[::-1]
        ax.hlines(list(y), part["lower"] * 100, part["upper"] * 100, color=colours[verdict], lw=3)
        ax.plot(part["share"] * 100, list(y), "o", color="#333333", ms=5)
        ax.set_xlim(0, 100)
        ax.set_ylim(-0.6, len(sources) - 0.4)
        ax.set_title(labels.get(verdict, verdict), fontsize=10)
        ax.tick_params(axis="both", labelsize=9)
        ax.set_xlabel("% of checks", fontsize=9)
    axes[0][0].set_yticks(
        list(range(len(sources))[::-1]), [citations.get(s, s) for s in sources], fontsize=9
    )
    fig.tight_layout()
    return fig


def reliability_alt(
    table: pd.DataFrame, labels: Mapping[str, str], citations: Mapping[str, str]
) -> str:
    """A caption / alt text that states what the reliability figure shows, from its data."""
    parts = []
    for source_id, rows in table.groupby("source_id", sort=False):
        shares = "; ".join(
            f"{labels.get(r.verdict, r.verdict).lower()} {100 * r.share:.0f} % "
            f"({100 * r.lower:.0f}–{100 * r.upper:.0f} %)"
            for r in rows.itertuples(index=False)
        )
        parts.append(
            f"{citations.get(source_id, source_id)}, {int(rows['total'].iloc[0])} checks: {shares}"
        )
    return (
        "Share of each source's checked claims by verdict, with 95 % Wilson intervals. "
        + ". ".join(parts)
        + "."
    )
