(function() {
  var root = document.getElementById("$uid");
  var data = JSON.parse(root.querySelector(".cb-tl-data").textContent);
  var period = root.querySelector(".cb-tl-period");
  var source = root.querySelector(".cb-tl-source");
  var body = root.querySelector("tbody"), count = root.querySelector(".cb-tl-count");
  var sources = {};
  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value; o.textContent = text; select.appendChild(o);
  }
  data.periods.forEach(function(p) { option(period, p.id, p.label); });
  data.sources.forEach(function(s) { sources[s.id] = s; option(source, s.id, s.label); });
  function cell(tr, text) {
    var td = document.createElement("td");
    td.textContent = text; td.style.padding = "2px 6px"; td.style.borderTop = "1px solid #ddd";
    tr.appendChild(td); return td;
  }
  function sourceCell(tr, id) {
    var s = sources[id] || {label: id, colour: "#999999"};
    var td = cell(tr, "");
    var swatch = document.createElement("span");
    swatch.style.display = "inline-block"; swatch.style.width = "0.8em";
    swatch.style.height = "0.8em"; swatch.style.marginRight = "0.4em";
    swatch.style.background = s.colour; swatch.setAttribute("aria-hidden", "true");
    td.appendChild(swatch); td.appendChild(document.createTextNode(s.label));
  }
  function draw() {
    while (body.firstChild) body.removeChild(body.firstChild);
    var shown = data.events.filter(function(e) {
      return (!period.value || e.period === period.value) &&
             (!source.value || e.source === source.value);
    });
    shown.forEach(function(e) {
      var tr = document.createElement("tr");
      cell(tr, e.date); cell(tr, e.type); cell(tr, e.summary); sourceCell(tr, e.source);
      body.appendChild(tr);
    });
    count.textContent = shown.length + " of " + data.events.length + " events";
  }
  period.addEventListener("change", draw); source.addEventListener("change", draw);
  draw();
})();
