// Adaptive streaming for every video on a page (marked data-stream, its HLS master playlist):
// the browser's own HLS where it has it (Safari, iOS), else hls.js (static/vendor/hls.js,
// 1.7.4, loaded only when needed), else the <source> MP4 the element already holds. The
// quality follows the connection; captions are the element's own <track>s.
"use strict";

(function () {
  const script = document.currentScript;
  const videos = Array.from(document.querySelectorAll("video[data-stream]"));
  const wanting = videos.filter((video) => {
    if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = video.dataset.stream;
      return false;
    }
    return true;
  });
  if (!wanting.length || !window.MediaSource) return;

  const library = document.createElement("script");
  library.src = script.dataset.hls;
  library.onload = () => {
    if (!window.Hls || !window.Hls.isSupported()) return;
    for (const video of wanting) {
      // No worker: it would start from a blob: URL, which the site's CSP does not allow.
      const hls = new window.Hls({ enableWorker: false, capLevelToPlayerSize: true });
      hls.loadSource(video.dataset.stream);
      hls.attachMedia(video);
    }
  };
  document.head.appendChild(library);
})();
