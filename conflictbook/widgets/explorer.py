"""A self-contained interactive network explorer (SVG + a little JavaScript, no CDN, no server).

Pan by dragging, zoom with the wheel or the buttons, pick a period, hover (or tap) an edge or a
node to read the acts and quotes behind it. All text from the data is inserted with textContent,
and the embedded JSON escapes <, > and &, so names containing markup are shown as text, never run.
"""

from __future__ import annotations

import pandas as pd

from ..analysis.networks import act_keys
from ..figures.networks import display_names
from ..figures.style import KIND_COLOURS, POLARITY_COLOURS
from .assets import render

__all__ = ["Explorer", "explorer_data", "explorer_html"]


def explorer_data(
    interactions: pd.DataFrame,
    actors: pd.DataFrame,
    positions: dict,
    period_of: pd.Series,
    periods: pd.DataFrame,
    default_period: str | None = None,
) -> dict:
    """Nodes with fixed positions, and per period the aggregated edges with the acts behind them.

    Counted as in the chapter: an edge's weight is the number of acts on the dyad (an act with k
    dyads adds 1 to each), each act listed once with its quote; `period_of` is the placement of
    :func:`conflictbook.analysis.periodise.period_of` (unplaced acts are in no period).

    `default_period` is the period shown first (the first period with ties if not given); it must
    be a period that has ties, or a ValueError says which ones do.
    """

    full = dict(zip(actors["actor_id"], actors["name"]))
    names = display_names(actors)
    kinds = dict(zip(actors["actor_id"], actors["kind"]))
    frame = interactions.assign(period_id=period_of, act_key=act_keys(interactions))
    frame = frame.dropna(subset=["period_id"])
    edges = []
    for (pid, u, v), group in frame.groupby(["period_id", "actor_from", "actor_to"], sort=True):
        acts = group.sort_values(["date_start", "act_key", "interaction_id"]).drop_duplicates(
            "act_key"
        )
        net = int(acts["polarity"].sum())
        edges.append(
            {
                "p": pid,
                "s": u,
                "t": v,
                "w": len(acts),  # acts on the dyad, as in the chapter's graphs
                "sign": (net > 0) - (net < 0),
                "items": [
                    {
                        "d": str(r.date_start)[:10],
                        "l": r.label,
                        "src": r.source_id,
                        "q": r.quote,
                        "id": r.act_key,
                    }
                    for r in acts.itertuples(index=False)
                ],
            }
        )
    used = sorted({e["s"] for e in edges} | {e["t"] for e in edges})
    nodes = [
        {
            "id": n,
            "name": names.get(n, n),
            "full": full.get(n, n),
            "kind": kinds.get(n, "other"),
            "x": positions[n][0],
            "y": positions[n][1],
        }
        for n in used
        if n in positions
    ]
    order = periods.sort_values("order")
    shown = [
        {"id": r.period_id, "label": r.label}
        for r in order.itertuples(index=False)
        if any(e["p"] == r.period_id for e in edges)
    ]
    if default_period is not None and default_period not in {p["id"] for p in shown}:
        raise ValueError(
            f"default_period {default_period!r} has no ties; choose one of: "
            + ", ".join(p["id"] for p in shown)
        )
    return {
        "nodes": nodes,
        "edges": edges,
        "periods": shown,
        "defaultPeriod": default_period or (shown[0]["id"] if shown else ""),
        "kinds": KIND_COLOURS,
        "polarity": {str(k): v for k, v in POLARITY_COLOURS.items()},
    }


def explorer_html(
    data: dict, uid: str = "cb-explorer-1", label: str = "Interactive actor network"
) -> str:
    """The explorer as one HTML fragment (for a notebook output or a standalone page)."""
    return render("explorer", uid, data, label=label)


class Explorer:
    """Notebook display wrapper: the explorer as HTML, and a short text summary (for nbval)."""

    def __init__(self, data: dict, uid: str = "cb-explorer-1"):
        self.data, self.uid = data, uid

    def _repr_html_(self) -> str:
        return explorer_html(self.data, self.uid)

    def __repr__(self) -> str:
        return (
            f"Explorer: {len(self.data['nodes'])} actors, {len(self.data['edges'])} period ties "
            f"({sum(e['w'] for e in self.data['edges'])} acts on them), "
            f"{len(self.data['periods'])} periods"
        )
