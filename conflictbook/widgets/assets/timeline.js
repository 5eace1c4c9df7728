(function() {
  var root = document.getElementById("$uid");
  var data = JSON.parse(root.querySelector(".cb-tl-data").textContent);
  var period = root.querySelector(".cb-tl-period"), source = root.querySelector(".cb-tl-source");
  var body = root.querySelector("tbody"), count = root.querySelector(".cb-tl-count");
  data.periods.forEach(function(p) { var o = document.createElement("option"); o.value = p.id; o.textContent = p.label; period.appendChild(o); });
  Array.from(new Set(data.events.map(function(e) { return e.source; }))).sort().forEach(function(s) {
    var o = document.createElement("option"); o.value = s; o.textContent = s; source.appendChild(o); });
  function cell(tr, text) { var td = document.createElement("td"); td.textContent = text; td.style.padding = "2px 6px"; td.style.borderTop = "1px solid #ddd"; tr.appendChild(td); }
  function draw() {
    while (body.firstChild) body.removeChild(body.firstChild);
    var shown = data.events.filter(function(e) { return (!period.value || e.period === period.value) && (!source.value || e.source === source.value); });
    shown.forEach(function(e) {
      var tr = document.createElement("tr");
      cell(tr, e.start === e.end ? e.start : e.start + " \u2013 " + e.end); cell(tr, e.type); cell(tr, e.summary); cell(tr, e.source);
      body.appendChild(tr);
    });
    count.textContent = shown.length + " of " + data.events.length + " events";
  }
  period.addEventListener("change", draw); source.addEventListener("change", draw);
  draw();
})();
