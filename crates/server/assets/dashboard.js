// Draws each chart of the dashboard from the table under it (table.chart-data):
// the rows are the categories, the columns named in data-series the series.
// ECharts is embedded (/assets/echarts.min.js); tooltips render as rich text so no
// inline style is needed under the content security policy.
(function () {
  "use strict";
  var COLOURS = ["#c0392b", "#e67e22", "#2e86c1", "#27ae60", "#8e44ad", "#7f8c8d", "#16a085", "#d4ac0d"];
  var SEVERITY = ["#c0392b", "#e67e22", "#2e86c1"];

  function read(table) {
    var head = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    }).slice(1);
    var rows = [];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      if (tr.classList.contains("empty")) { return; }
      var name = tr.querySelector("th").textContent.trim();
      var cells = Array.prototype.map.call(tr.querySelectorAll("td"), function (td) {
        return Number(td.textContent.trim()) || 0;
      });
      rows.push({ name: name, cells: cells });
    });
    return { head: head, rows: rows };
  }

  function draw(div, table) {
    if (typeof echarts === "undefined") { return; }
    var data = read(table);
    if (data.rows.length === 0) { div.classList.add("chart-empty"); return; }
    var kind = table.dataset.kind;
    var series = (table.dataset.series || "").split(",").map(Number);
    var names = data.rows.map(function (r) { return r.name; });
    var colours = table.id === "table-by-rule" ? SEVERITY : COLOURS;
    var option = {
      color: colours,
      animation: false,
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 64, containLabel: true },
      xAxis: { type: "category", data: names, axisLabel: { rotate: names.length > 8 ? 40 : 0, interval: 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: series.map(function (i) {
        return {
          name: data.head[i],
          type: kind === "line" ? "line" : "bar",
          stack: kind === "stack" ? "all" : undefined,
          barMaxWidth: 56,
          data: data.rows.map(function (r) { return r.cells[i]; })
        };
      })
    };
    var chart = echarts.init(div, null, { renderer: "canvas" });
    chart.setOption(option);
    div.classList.add("chart-drawn");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    document.querySelectorAll(".chart[data-for]").forEach(function (div) {
      var table = document.getElementById(div.dataset.for);
      if (table) { draw(div, table); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
