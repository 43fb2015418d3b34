/* Draws every monitoring chart with the vendored Chart.js: each <canvas data-chart="{…}"> carries its data as
   JSON in that attribute (escaped by the template). No inline script or style: the CSP forbids them. */
(function () {
  "use strict";
  var PALETTE = ["#1f5f8b", "#e0a526", "#5a9e6f", "#b5525c", "#7d6aa8", "#8c8c8c", "#3f9fb5", "#c46f2e"];

  function draw(canvas) {
    if (typeof window.Chart === "undefined") { return; }
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var stacked = spec.kind === "stacked";
    var line = spec.kind === "line";
    var datasets = spec.datasets.map(function (set, index) {
      var colour = PALETTE[index % PALETTE.length];
      return { label: set.label, data: set.data, backgroundColor: colour, borderColor: colour,
               borderWidth: line ? 2 : 0, pointRadius: line ? 2 : 0, spanGaps: true, fill: false };
    });
    var chart = new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } },
        plugins: { legend: { display: datasets.length > 1 } }
      }
    });
    canvas.setAttribute("data-drawn", "true");
    return chart;
  }

  function drawAll() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
}());
