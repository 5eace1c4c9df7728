"""A filterable timeline of events (HTML and JavaScript from the package assets)."""
from __future__ import annotations

import html

import pandas as pd

from .explorer import _safe_json


class FilterableTimeline:
    """All events, filterable by period and source in the page (no server); text inserted with textContent."""

    def __init__(self, events: pd.DataFrame, periods: pd.DataFrame, period_of: pd.Series, uid: str = "cb-timeline-1"):
        self.uid = uid
        frame = events.assign(period_id=period_of).sort_values(["date_start", "event_id"])
        self.data = {
            "periods": [{"id": r.period_id, "label": r.label} for r in periods.sort_values("order").itertuples(index=False)],
            "events": [{"id": r.event_id, "start": str(r.date_start)[:10], "end": str(r.date_end)[:10],
                        "precision": r.date_precision, "type": r.event_type, "period": r.period_id or "",
                        "summary": r.summary, "source": r.source_id} for r in frame.itertuples(index=False)],
        }

    def __repr__(self) -> str:
        return f"FilterableTimeline: {len(self.data['events'])} events in {len(self.data['periods'])} periods"

    def _repr_html_(self) -> str:
        uid = html.escape(self.uid)
        return f"""<div class="cb-timeline" id="{uid}" style="font:14px sans-serif">
<label>Period <select class="cb-tl-period"><option value="">all periods</option></select></label>
<label style="margin-left:1em">Source <select class="cb-tl-source"><option value="">all sources</option></select></label>
<span class="cb-tl-count" style="margin-left:1em" aria-live="polite"></span>
<table class="cb-tl-table" style="width:100%;border-collapse:collapse;margin-top:6px">
<thead><tr><th style="text-align:left">date</th><th style="text-align:left">type</th><th style="text-align:left">event</th><th style="text-align:left">source</th></tr></thead>
<tbody></tbody></table>
<script type="application/json" class="cb-tl-data">{_safe_json(self.data)}</script>
<script>
(function() {{
  var root = document.getElementById("{uid}");
  var data = JSON.parse(root.querySelector(".cb-tl-data").textContent);
  var period = root.querySelector(".cb-tl-period"), source = root.querySelector(".cb-tl-source");
  var body = root.querySelector("tbody"), count = root.querySelector(".cb-tl-count");
  data.periods.forEach(function(p) {{ var o = document.createElement("option"); o.value = p.id; o.textContent = p.label; period.appendChild(o); }});
  Array.from(new Set(data.events.map(function(e) {{ return e.source; }}))).sort().forEach(function(s) {{
    var o = document.createElement("option"); o.value = s; o.textContent = s; source.appendChild(o); }});
  function cell(tr, text) {{ var td = document.createElement("td"); td.textContent = text; td.style.padding = "2px 6px"; td.style.borderTop = "1px solid #ddd"; tr.appendChild(td); }}
  function draw() {{
    while (body.firstChild) body.removeChild(body.firstChild);
    var shown = data.events.filter(function(e) {{ return (!period.value || e.period === period.value) && (!source.value || e.source === source.value); }});
    shown.forEach(function(e) {{
      var tr = document.createElement("tr");
      cell(tr, e.start === e.end ? e.start : e.start + " \\u2013 " + e.end); cell(tr, e.type); cell(tr, e.summary); cell(tr, e.source);
      body.appendChild(tr);
    }});
    count.textContent = shown.length + " of " + data.events.length + " events";
  }}
  period.addEventListener("change", draw); source.addEventListener("change", draw);
  draw();
}})();
</script></div>"""
