// Draws population charts with Chart.js from JSON data islands (Django's json_script).
// <canvas data-chart-source="ID"> reads <script id="ID" type="application/json">, shaped
// {series: [{label, points: [{year, value, min, max}]}], labels: {value, range, year, count}}.
// A value is drawn as a point (joined by a line); a min–max range as a floating bar.
(function () {
  "use strict";
  var COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"];

  function draw(canvas) {
    var island = document.getElementById(canvas.dataset.chartSource);
    if (!island || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(island.textContent);
    var years = [];
    data.series.forEach(function (series) {
      series.points.forEach(function (point) {
        if (years.indexOf(point.year) === -1) {
          years.push(point.year);
        }
      });
    });
    years.sort(function (a, b) { return a - b; });

    var datasets = [];
    data.series.forEach(function (series, index) {
      var colour = COLOURS[index % COLOURS.length];
      var hasRange = series.points.some(function (p) { return p.min !== null && p.max !== null; });
      datasets.push({
        type: "line",
        label: series.label + " — " + data.labels.value,
        data: series.points
          .filter(function (p) { return p.value !== null; })
          .map(function (p) { return { x: p.year, y: p.value }; }),
        borderColor: colour,
        backgroundColor: colour,
        pointRadius: 5,
        pointHoverRadius: 7,
        spanGaps: true,
        order: 1
      });
      if (hasRange) {
        datasets.push({
          type: "bar",
          label: series.label + " — " + data.labels.range,
          data: series.points
            .filter(function (p) { return p.min !== null && p.max !== null; })
            .map(function (p) { return { x: p.year, y: [p.min, p.max] }; }),
          backgroundColor: colour + "55",
          borderColor: colour,
          borderWidth: 1,
          barThickness: 14,
          order: 2
        });
      }
    });

    new window.Chart(canvas, {
      data: { datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : undefined,
        plugins: { legend: { position: "bottom" } },
        scales: {
          // A linear year axis keeps the gaps between surveys honest.
          x: {
            type: "linear",
            min: years[0] - 1,
            max: years[years.length - 1] + 1,
            title: { display: true, text: data.labels.year },
            ticks: { precision: 0, callback: function (value) { return String(value); } }
          },
          y: { beginAtZero: true, title: { display: true, text: data.labels.count } }
        }
      }
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
