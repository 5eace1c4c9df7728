"""A self-contained interactive network explorer (SVG + a little JavaScript, no CDN, no server).

Pan by dragging, zoom with the wheel or the buttons, pick a period, hover (or tap) an edge or a node to
read the interactions and quotes behind it. All text from the data is inserted with textContent, and the
embedded JSON escapes <, > and &, so names containing markup are shown as text, never run.
"""
from __future__ import annotations

import html
import json

import pandas as pd

from ..data import short_names
from ..figures.style import KIND_COLOURS, POLARITY_COLOURS


def _safe_json(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def explorer_data(interactions: pd.DataFrame, actors: pd.DataFrame, positions: dict, period_of: pd.Series,
                  periods: pd.DataFrame) -> dict:
    """Nodes with fixed positions, and per period the aggregated edges with the quotes behind them."""

    full = dict(zip(actors["actor_id"], actors["name"]))
    names = short_names(actors)
    kinds = dict(zip(actors["actor_id"], actors["kind"]))
    frame = interactions.assign(period_id=period_of).dropna(subset=["period_id"])
    edges = []
    for (pid, u, v), group in frame.groupby(["period_id", "actor_from", "actor_to"], sort=True):
        group = group.sort_values(["date_start", "interaction_id"])
        net = int(group["polarity"].sum())
        edges.append({"p": pid, "s": u, "t": v, "w": len(group), "sign": (net > 0) - (net < 0),
                      "items": [{"d": str(r.date_start)[:10], "l": r.label, "src": r.source_id, "q": r.quote,
                                 "id": r.interaction_id} for r in group.itertuples(index=False)]})
    used = sorted({e["s"] for e in edges} | {e["t"] for e in edges})
    nodes = [{"id": n, "name": names.get(n, n), "full": full.get(n, n), "kind": kinds.get(n, "other"),
              "x": positions[n][0], "y": positions[n][1]} for n in used if n in positions]
    order = periods.sort_values("order")
    return {"nodes": nodes, "edges": edges,
            "periods": [{"id": r.period_id, "label": r.label} for r in order.itertuples(index=False)
                        if any(e["p"] == r.period_id for e in edges)],
            "kinds": KIND_COLOURS, "polarity": {str(k): v for k, v in POLARITY_COLOURS.items()}}


_TEMPLATE = """<div class="cb-explorer" id="{uid}" style="font:14px sans-serif;border:1px solid #ccc;padding:6px;position:relative">
<div style="display:flex;gap:8px;align-items:center;flex-wrap:wrap">
<label>Period <select class="cb-period"></select></label>
<button type="button" class="cb-zoom-in" aria-label="Zoom in">+</button>
<button type="button" class="cb-zoom-out" aria-label="Zoom out">&minus;</button>
<button type="button" class="cb-reset">Reset view</button>
<span class="cb-status" aria-live="polite"></span>
</div>
<svg class="cb-svg" role="img" aria-label="{label}" viewBox="-1.15 -1.15 2.3 2.3" style="width:100%;height:560px;background:#fff;cursor:grab;touch-action:none"></svg>
<div class="cb-tip" style="position:absolute;display:none;max-width:420px;background:#fffff0;border:1px solid #999;padding:6px;font-size:12px;pointer-events:none;z-index:10"></div>
<script type="application/json" class="cb-data">{data}</script>
<script>
(function() {{
  var root = document.getElementById("{uid}");
  var data = JSON.parse(root.querySelector(".cb-data").textContent);
  var svg = root.querySelector(".cb-svg"), tip = root.querySelector(".cb-tip");
  var select = root.querySelector(".cb-period"), status = root.querySelector(".cb-status");
  var NS = "http://www.w3.org/2000/svg";
  var view = [-1.15, -1.15, 2.3, 2.3];
  var byId = {{}};
  data.nodes.forEach(function(n) {{ byId[n.id] = n; }});
  data.periods.forEach(function(p) {{
    var o = document.createElement("option"); o.value = p.id; o.textContent = p.label; select.appendChild(o);
  }});
  function setView() {{ svg.setAttribute("viewBox", view.join(" ")); }}
  function el(name, attrs) {{
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }}
  function showTip(evt, lines) {{
    tip.textContent = "";
    lines.forEach(function(line, i) {{
      var d = document.createElement("div");
      if (i === 0) d.style.fontWeight = "bold";
      d.textContent = line; tip.appendChild(d);
    }});
    var box = root.getBoundingClientRect();
    tip.style.left = Math.min(evt.clientX - box.left + 12, box.width - 300) + "px";
    tip.style.top = (evt.clientY - box.top + 12) + "px";
    tip.style.display = "block";
  }}
  function hideTip() {{ tip.style.display = "none"; }}
  function draw() {{
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var pid = select.value;
    var edges = data.edges.filter(function(e) {{ return e.p === pid; }});
    var active = {{}};
    edges.forEach(function(e) {{
      active[e.s] = (active[e.s] || 0) + e.w; active[e.t] = (active[e.t] || 0) + e.w;
      var a = byId[e.s], b = byId[e.t];
      if (!a || !b) return;
      var line = el("line", {{x1: a.x, y1: -a.y, x2: b.x, y2: -b.y, "stroke": data.polarity[String(e.sign)],
        "stroke-width": Math.min(0.004 + 0.003 * e.w, 0.03), "stroke-opacity": 0.75, "class": "cb-edge"}});
      line.addEventListener("mousemove", function(evt) {{
        var lines = [byId[e.s].name + " \\u2192 " + byId[e.t].name + " (" + e.w + ")"];
        e.items.slice(0, 8).forEach(function(it) {{ lines.push(it.d + " " + it.l + " [" + it.src + "]: \\u201c" + it.q + "\\u201d"); }});
        if (e.items.length > 8) lines.push("\\u2026 and " + (e.items.length - 8) + " more");
        showTip(evt, lines);
      }});
      line.addEventListener("mouseleave", hideTip);
      svg.appendChild(line);
    }});
    data.nodes.forEach(function(n) {{
      if (!active[n.id]) return;
      var r = 0.012 + 0.004 * Math.sqrt(active[n.id]);
      var c = el("circle", {{cx: n.x, cy: -n.y, r: r, fill: data.kinds[n.kind] || "#999", stroke: "#333",
        "stroke-width": 0.003, "class": "cb-node", tabindex: 0}});
      var label = el("text", {{x: n.x + r + 0.005, y: -n.y + 0.01, "font-size": 0.032, fill: "#222"}});
      label.textContent = n.name.length > 28 ? n.name.slice(0, 27) + "\\u2026" : n.name;
      c.addEventListener("mousemove", function(evt) {{
        showTip(evt, [n.full, "kind: " + n.kind, "interactions in this period: " + active[n.id]]);
      }});
      c.addEventListener("mouseleave", hideTip);
      svg.appendChild(c); svg.appendChild(label);
    }});
    status.textContent = Object.keys(active).length + " actors, " + edges.length + " ties";
  }}
  function zoom(f, cx, cy) {{
    cx = cx === undefined ? view[0] + view[2] / 2 : cx; cy = cy === undefined ? view[1] + view[3] / 2 : cy;
    view = [cx - (cx - view[0]) * f, cy - (cy - view[1]) * f, view[2] * f, view[3] * f]; setView();
  }}
  svg.addEventListener("wheel", function(evt) {{
    evt.preventDefault();
    var box = svg.getBoundingClientRect();
    var cx = view[0] + view[2] * (evt.clientX - box.left) / box.width;
    var cy = view[1] + view[3] * (evt.clientY - box.top) / box.height;
    zoom(evt.deltaY < 0 ? 0.85 : 1 / 0.85, cx, cy);
  }}, {{passive: false}});
  var drag = null;
  svg.addEventListener("pointerdown", function(evt) {{ drag = [evt.clientX, evt.clientY]; svg.style.cursor = "grabbing"; }});
  window.addEventListener("pointerup", function() {{ drag = null; svg.style.cursor = "grab"; }});
  svg.addEventListener("pointermove", function(evt) {{
    if (!drag) return;
    var box = svg.getBoundingClientRect();
    view[0] -= (evt.clientX - drag[0]) * view[2] / box.width; view[1] -= (evt.clientY - drag[1]) * view[3] / box.height;
    drag = [evt.clientX, evt.clientY]; setView();
  }});
  root.querySelector(".cb-zoom-in").addEventListener("click", function() {{ zoom(0.8); }});
  root.querySelector(".cb-zoom-out").addEventListener("click", function() {{ zoom(1.25); }});
  root.querySelector(".cb-reset").addEventListener("click", function() {{ view = [-1.15, -1.15, 2.3, 2.3]; setView(); }});
  select.addEventListener("change", draw);
  select.value = data.periods.length ? data.periods[data.periods.length > 2 ? 3 : 0].id : "";
  draw();
}})();
</script>
</div>"""


def explorer_html(data: dict, uid: str = "cb-explorer-1", label: str = "Interactive actor network") -> str:
    """The explorer as one HTML fragment (for a notebook output or a standalone page)."""
    return _TEMPLATE.format(uid=html.escape(uid), label=html.escape(label), data=_safe_json(data))


class Explorer:
    """Notebook display wrapper: shows the explorer as HTML and a short text summary (which nbval compares)."""

    def __init__(self, data: dict, uid: str = "cb-explorer-1"):
        self.data, self.uid = data, uid

    def _repr_html_(self) -> str:
        return explorer_html(self.data, self.uid)

    def __repr__(self) -> str:
        return (f"Explorer: {len(self.data['nodes'])} actors, {len(self.data['edges'])} period ties, "
                f"{len(self.data['periods'])} periods")
