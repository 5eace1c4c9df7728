"""A filterable timeline of events (HTML and JavaScript from the package assets)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..analysis.timeline import date_label
from ..figures.style import source_colours
from ..figures.tables import short_citations
from .assets import render

__all__ = ["FilterableTimeline"]


class FilterableTimeline:
    """All events, filterable by period and source in the page (no server); text inserted with
    textContent. Sources are offered by short citation, in the order of `sources` (sources.csv
    order), each with the colour it has in the book's figures."""

    def __init__(
        self,
        events: pd.DataFrame,
        periods: pd.DataFrame,
        period_of: pd.Series,
        sources: pd.DataFrame | None = None,
        type_labels: Mapping[str, str] | None = None,
        uid: str = "cb-timeline-1",
    ):
        self.uid = uid
        frame = events.assign(period_id=period_of).sort_values(["date_start", "event_id"])
        if sources is None:
            sources = pd.DataFrame({"source_id": sorted(frame["source_id"].unique())})
        known = set(frame["source_id"])
        citations = short_citations(sources) if "citation" in sources else {}
        colours = source_colours(sources)
        types = dict(type_labels or {})
        self.data = {
            "periods": [
                {"id": r.period_id, "label": r.label}
                for r in periods.sort_values("order").itertuples(index=False)
            ],
            "sources": [
                {"id": s, "label": citations.get(s, s), "colour": colours[s]}
                for s in sources["source_id"]
                if s in known
            ],
            "events": [
                {
                    "id": r.event_id,
                    "start": str(r.date_start)[:10],
                    "end": str(r.date_end)[:10],
                    "date": date_label(r.date_start, r.date_end, r.date_precision),
                    "precision": r.date_precision,
                    "type": types.get(r.event_type, r.event_type),
                    "period": r.period_id if isinstance(r.period_id, str) else "",
                    "summary": r.summary,
                    "source": r.source_id,
                }
                for r in frame.itertuples(index=False)
            ],
        }

    def __repr__(self) -> str:
        return (
            f"FilterableTimeline: {len(self.data['events'])} events in "
            f"{len(self.data['periods'])} periods from {len(self.data['sources'])} sources"
        )

    def _repr_html_(self) -> str:
        return render("timeline", self.uid, self.data)
