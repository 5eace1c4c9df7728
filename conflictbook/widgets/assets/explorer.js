(function() {
  var root = document.getElementById("$uid");
  var data = JSON.parse(root.querySelector(".cb-data").textContent);
  var svg = root.querySelector(".cb-svg"), tip = root.querySelector(".cb-tip");
  var select = root.querySelector(".cb-period"), status = root.querySelector(".cb-status");
  var NS = "http://www.w3.org/2000/svg";
  var view = [-1.15, -1.15, 2.3, 2.3];
  var byId = {};
  data.nodes.forEach(function(n) { byId[n.id] = n; });
  data.periods.forEach(function(p) {
    var o = document.createElement("option"); o.value = p.id; o.textContent = p.label; select.appendChild(o);
  });
  function setView() { svg.setAttribute("viewBox", view.join(" ")); }
  function el(name, attrs) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function showTip(evt, lines) {
    tip.textContent = "";
    lines.forEach(function(line, i) {
      var d = document.createElement("div");
      if (i === 0) d.style.fontWeight = "bold";
      d.textContent = line; tip.appendChild(d);
    });
    var box = root.getBoundingClientRect();
    tip.style.left = Math.min(evt.clientX - box.left + 12, box.width - 300) + "px";
    tip.style.top = (evt.clientY - box.top + 12) + "px";
    tip.style.display = "block";
  }
  function hideTip() { tip.style.display = "none"; }
  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var pid = select.value;
    var edges = data.edges.filter(function(e) { return e.p === pid; });
    var active = {};
    edges.forEach(function(e) {
      active[e.s] = (active[e.s] || 0) + e.w; active[e.t] = (active[e.t] || 0) + e.w;
      var a = byId[e.s], b = byId[e.t];
      if (!a || !b) return;
      var line = el("line", {x1: a.x, y1: -a.y, x2: b.x, y2: -b.y, "stroke": data.polarity[String(e.sign)],
        "stroke-width": Math.min(0.004 + 0.003 * e.w, 0.03), "stroke-opacity": 0.75, "class": "cb-edge"});
      line.addEventListener("mousemove", function(evt) {
        var lines = [byId[e.s].name + " \u2192 " + byId[e.t].name + " (" + e.w + (e.w === 1 ? " act)" : " acts)")];
        e.items.slice(0, 8).forEach(function(it) { lines.push(it.d + " " + it.l + " [" + it.src + "]: \u201c" + it.q + "\u201d"); });
        if (e.items.length > 8) lines.push("\u2026 and " + (e.items.length - 8) + " more");
        showTip(evt, lines);
      });
      line.addEventListener("mouseleave", hideTip);
      svg.appendChild(line);
    });
    data.nodes.forEach(function(n) {
      if (!active[n.id]) return;
      var r = 0.012 + 0.004 * Math.sqrt(active[n.id]);
      var c = el("circle", {cx: n.x, cy: -n.y, r: r, fill: data.kinds[n.kind] || "#999", stroke: "#333",
        "stroke-width": 0.003, "class": "cb-node", tabindex: 0});
      var label = el("text", {x: n.x + r + 0.005, y: -n.y + 0.01, "font-size": 0.032, fill: "#222"});
      label.textContent = n.name.length > 28 ? n.name.slice(0, 27) + "\u2026" : n.name;
      c.addEventListener("mousemove", function(evt) {
        showTip(evt, [n.full, "kind: " + n.kind, "acts on its ties in this period: " + active[n.id]]);
      });
      c.addEventListener("mouseleave", hideTip);
      svg.appendChild(c); svg.appendChild(label);
    });
    status.textContent = Object.keys(active).length + " actors, " + edges.length + " ties";
  }
  function zoom(f, cx, cy) {
    cx = cx === undefined ? view[0] + view[2] / 2 : cx; cy = cy === undefined ? view[1] + view[3] / 2 : cy;
    view = [cx - (cx - view[0]) * f, cy - (cy - view[1]) * f, view[2] * f, view[3] * f]; setView();
  }
  svg.addEventListener("wheel", function(evt) {
    evt.preventDefault();
    var box = svg.getBoundingClientRect();
    var cx = view[0] + view[2] * (evt.clientX - box.left) / box.width;
    var cy = view[1] + view[3] * (evt.clientY - box.top) / box.height;
    zoom(evt.deltaY < 0 ? 0.85 : 1 / 0.85, cx, cy);
  }, {passive: false});
  var drag = null;
  svg.addEventListener("pointerdown", function(evt) { drag = [evt.clientX, evt.clientY]; svg.style.cursor = "grabbing"; });
  window.addEventListener("pointerup", function() { drag = null; svg.style.cursor = "grab"; });
  svg.addEventListener("pointermove", function(evt) {
    if (!drag) return;
    var box = svg.getBoundingClientRect();
    view[0] -= (evt.clientX - drag[0]) * view[2] / box.width; view[1] -= (evt.clientY - drag[1]) * view[3] / box.height;
    drag = [evt.clientX, evt.clientY]; setView();
  });
  root.querySelector(".cb-zoom-in").addEventListener("click", function() { zoom(0.8); });
  root.querySelector(".cb-zoom-out").addEventListener("click", function() { zoom(1.25); });
  root.querySelector(".cb-reset").addEventListener("click", function() { view = [-1.15, -1.15, 2.3, 2.3]; setView(); });
  select.addEventListener("change", draw);
  select.value = data.defaultPeriod || (data.periods.length ? data.periods[0].id : "");
  draw();
})();
