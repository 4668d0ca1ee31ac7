// Counting without tracking: tell the server this page was seen, when a video first plays and
// when a document is downloaded.
// No cookie, no identifier: see eexpo/visit/counting.py.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon) {
    return;
  }
  var url = script.dataset.url;
  var booth = script.dataset.booth || "";

  function report(kind) {
    var data = new URLSearchParams({ kind: kind });
    if (booth) {
      data.set("booth", booth);
    }
    navigator.sendBeacon(url, data);
  }

  report("view");
  document.querySelectorAll("video").forEach(function (video) {
    video.addEventListener("play", function () { report("play"); }, { once: true });
  });
  document.querySelectorAll("a[data-count-download]").forEach(function (link) {
    link.addEventListener("click", function () { report("download"); });
  });
})();
