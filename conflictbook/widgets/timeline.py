"""A filterable timeline of events (HTML and JavaScript from the package assets)."""

from __future__ import annotations

import pandas as pd

from .assets import render

__all__ = ["FilterableTimeline"]


class FilterableTimeline:
    """All events, filterable by period and source in the page (no server); text inserted with textContent."""

    def __init__(
        self,
        events: pd.DataFrame,
        periods: pd.DataFrame,
        period_of: pd.Series,
        uid: str = "cb-timeline-1",
    ):
        self.uid = uid
        frame = events.assign(period_id=period_of).sort_values(["date_start", "event_id"])
        self.data = {
            "periods": [
                {"id": r.period_id, "label": r.label}
                for r in periods.sort_values("order").itertuples(index=False)
            ],
            "events": [
                {
                    "id": r.event_id,
                    "start": str(r.date_start)[:10],
                    "end": str(r.date_end)[:10],
                    "precision": r.date_precision,
                    "type": r.event_type,
                    "period": r.period_id or "",
                    "summary": r.summary,
                    "source": r.source_id,
                }
                for r in frame.itertuples(index=False)
            ],
        }

    def __repr__(self) -> str:
        return f"FilterableTimeline: {len(self.data['events'])} events in {len(self.data['periods'])} periods"

    def _repr_html_(self) -> str:
        return render("timeline", self.uid, self.data)
