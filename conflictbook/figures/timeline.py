"""Static timeline figure, coloured by source (each keeps its colour: style.source_colours)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..analysis.timeline import events_in_range

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["draw_timeline", "timeline_alt"]


def draw_timeline(
    events: pd.DataFrame,
    start: str,
    end: str,
    type_labels: Mapping[str, str],
    colours: Mapping[str, str],
    citations: Mapping[str, str],
) -> Figure:
    """Events between start and end as dots at the middle of their date range (one row per event
    type), coloured by source with `colours`; the legend, below the axes, names the sources by
    short citation in the order of `colours`."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    frame = events_in_range(events, start, end)
    types = sorted(frame["event_type"].unique(), key=lambda t: str(type_labels.get(t, t)))
    fig, ax = plt.subplots(figsize=(7.8, 0.32 * len(types) + 2.2))
    for i, event_type in enumerate(types):
        part = frame[frame["event_type"] == event_type]
        middle = part["date_start"] + (part["date_end"] - part["date_start"]) / 2
        jitter = (np.arange(len(part)) % 5 - 2) * 0.08
        ax.scatter(
            middle,
            np.full(len(part), i) + jitter,
            s=22,
            c=[colours.get(s, "#999999") for s in part["source_id"]],
            edgecolors="#333333",
            linewidths=0.3,
        )
    ax.set_yticks(range(len(types)), [type_labels.get(t, t) for t in types], fontsize=9)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", labelsize=9)
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    shown = [s for s in colours if s in set(frame["source_id"])]
    ax.legend(
        handles=[
            Line2D([], [], marker="o", ls="", color=colours[s], label=citations.get(s, s))
            for s in shown
        ],
        fontsize=9,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.06 - 0.9 / max(len(types), 1)),
        ncol=min(3, len(shown) or 1),
        frameon=False,
    )
    fig.tight_layout()
    return fig


def timeline_alt(events: pd.DataFrame, start: str, end: str, citations: Mapping[str, str]) -> str:
    """A caption for draw_timeline, from the data it shows."""
    frame = events_in_range(events, start, end)
    counts = frame["source_id"].value_counts()
    per_source = "; ".join(f"{citations.get(s, s)} {counts[s]}" for s in citations if s in counts)
    return (
        f"{len(frame)} events dated between {start[:4]} and {end[:4]}, one dot per event at "
        f"the middle of the date range its source gives, one row per kind of event "
        f"({per_source})."
    )
