"""Static timeline figure."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.timeline import events_in_range


def draw_timeline(events: pd.DataFrame, start: str, end: str, type_labels: dict[str, str]):
    """Events between start and end as dots (one row per event type), coloured by source."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from .style import colour_for

    frame = events_in_range(events, start, end)
    types = sorted(frame["event_type"].unique())
    sources = sorted(events["source_id"].unique())
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(types) + 1.6))
    for i, event_type in enumerate(types):
        part = frame[frame["event_type"] == event_type]
        middle = part["date_start"] + (part["date_end"] - part["date_start"]) / 2
        jitter = (np.arange(len(part)) % 5 - 2) * 0.08
        ax.scatter(
            middle,
            np.full(len(part), i) + jitter,
            s=22,
            c=[colour_for(s, sources) for s in part["source_id"]],
            edgecolors="#333333",
            linewidths=0.3,
        )
    ax.set_yticks(range(len(types)), [type_labels.get(t, t) for t in types], fontsize=8)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    from matplotlib.lines import Line2D

    ax.legend(
        handles=[
            Line2D([], [], marker="o", ls="", color=colour_for(s, sources), label=s)
            for s in sources
        ],
        fontsize=8,
        loc="upper left",
    )
    fig.tight_layout()
    return fig
