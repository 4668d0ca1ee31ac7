// Floor plans that zoom and pan: the mouse wheel, dragging, pinching and the plan's buttons, or
// + - 0 and the arrow keys once the plan has focus (Panzoom 4.6.2, static/vendor/panzoom/).
// A click or tap on a stand shows its exhibitor and the e-booth's link beside the plan, from the
// stand list below it, which stays the text alternative; without this script each stand links
// to its row there. A drag that ends on a stand moves the plan and does not choose the stand.
(function () {
  "use strict";
  if (typeof window.Panzoom !== "function") {
    return;
  }
  var STEP = 60; // pixels an arrow key moves the plan (the buttons and keys zoom 1.5 times)
  var DRAG = 6; // pixels a pointer may move and still click
  // Without animation: Panzoom keeps the plan covering its frame by measuring the plan as drawn,
  // which, in the middle of an animated zoom, gave a second quick click the wrong size.
  var AT_ONCE = { animate: false };

  function setUp(figure) {
    var view = figure.querySelector(".plan-view");
    var svg = view.querySelector("svg");
    var tools = figure.querySelector(".plan-tools");
    var info = figure.querySelector(".plan-info > div");
    var panzoom = window.Panzoom(svg, {
      maxScale: 8, minScale: 1, contain: "outside", step: Math.log(1.5)
    });
    var start = null;
    var chosen = null;

    view.addEventListener("wheel", panzoom.zoomWithWheel);
    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-plan]");
      if (!button) {
        return;
      }
      var action = button.getAttribute("data-plan");
      if (action === "in") {
        panzoom.zoomIn(AT_ONCE);
      } else if (action === "out") {
        panzoom.zoomOut(AT_ONCE);
      } else {
        panzoom.reset(AT_ONCE);
      }
    });
    view.addEventListener("keydown", function (event) {
      var moves = {
        ArrowLeft: [STEP, 0], ArrowRight: [-STEP, 0], ArrowUp: [0, STEP], ArrowDown: [0, -STEP]
      };
      var scale = panzoom.getScale();
      if (event.key === "+" || event.key === "=") {
        panzoom.zoomIn(AT_ONCE);
      } else if (event.key === "-") {
        panzoom.zoomOut(AT_ONCE);
      } else if (event.key === "0") {
        panzoom.reset(AT_ONCE);
      } else if (moves[event.key]) {
        var move = moves[event.key];
        panzoom.pan(move[0] / scale, move[1] / scale, { relative: true, animate: false });
      } else {
        return;
      }
      event.preventDefault();
    });
    // Captured on the way down: Panzoom stops the event's propagation at the plan.
    view.addEventListener("pointerdown", function (event) {
      start = [event.clientX, event.clientY];
    }, true);
    svg.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-stand]");
      if (!link) {
        return;
      }
      event.preventDefault();
      var moved = start && Math.hypot(event.clientX - start[0], event.clientY - start[1]) > DRAG;
      start = null;
      if (!moved || event.detail === 0) {  // detail 0: Enter on a focused stand
        show(link);
      }
    });

    function show(link) {
      var code = link.getAttribute("data-stand");
      var row = document.getElementById("stand-" + code);
      if (!row || !info) {
        window.location.hash = "stand-" + code;
        return;
      }
      if (chosen) {
        chosen.classList.remove("plan-chosen");
      }
      chosen = link.querySelector(".plan-stand");
      chosen.classList.add("plan-chosen");
      info.querySelector(".plan-info-code").textContent = row.querySelector("th").textContent;
      info.querySelector(".plan-info-name").textContent = row.querySelector("td").textContent;
      var booth = row.querySelector("a");
      var open = info.querySelector(".plan-info-booth");
      open.hidden = !booth;
      if (booth) {
        open.href = booth.href;
      }
      info.querySelector(".plan-info-row").href = "#stand-" + code;
      info.hidden = false;
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll(".floor-plan"), setUp);
})();
