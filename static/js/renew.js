// Pages that show unpublished media (the editor, the preview, the review) get signed links that
// expire after a few minutes. Before they do, this fetches the page again and takes the new
// links of the same objects (matched by address, so reordered or added blocks do not matter);
// a playing video carries on from where it was.
(function () {
  "use strict";
  const seconds = Number(document.currentScript.dataset.seconds) || 900;
  const every = Math.max(5, seconds * 0.75) * 1000;
  const SELECTOR = "img, video, source";

  function object(url) {
    try {
      const parsed = new URL(url, location.href);
      return parsed.origin + parsed.pathname;
    } catch (error) {
      return null;
    }
  }

  function candidates(srcset) {
    return srcset.split(",").map((part) => part.trim().split(/\s+/));
  }

  function links(doc) {
    const found = new Map();
    for (const element of doc.querySelectorAll(SELECTOR)) {
      for (const name of ["src", "poster"]) {
        const value = element.getAttribute(name);
        if (value) found.set(object(value), value);
      }
      const srcset = element.getAttribute("srcset");
      if (srcset) for (const [url] of candidates(srcset)) found.set(object(url), url);
    }
    return found;
  }

  // Gives `element` the fresh links; true when any changed.
  function refresh(element, fresh) {
    let changed = false;
    for (const name of ["src", "poster"]) {
      const value = element.getAttribute(name);
      const renewed = value && fresh.get(object(value));
      if (renewed && renewed !== value) {
        element.setAttribute(name, renewed);
        changed = true;
      }
    }
    const srcset = element.getAttribute("srcset");
    if (srcset) {
      const renewed = candidates(srcset)
        .map(([url, ...rest]) => [fresh.get(object(url)) || url, ...rest].join(" "))
        .join(", ");
      if (renewed !== srcset) {
        element.setAttribute("srcset", renewed);
        changed = true;
      }
    }
    return changed;
  }

  function refreshVideo(video, fresh) {
    const at = video.currentTime;
    const playing = !video.paused;
    let changed = refresh(video, fresh);
    for (const source of video.querySelectorAll("source")) changed = refresh(source, fresh) || changed;
    if (!changed) return;
    video.load();
    video.addEventListener("loadedmetadata", () => {
      video.currentTime = at;
      if (playing) video.play().catch(() => {});
    }, { once: true });
  }

  async function renew() {
    let html;
    try {
      const response = await fetch(location.href, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      html = await response.text();
    } catch (error) {
      return; // offline for a moment: the next round tries again
    }
    const fresh = links(new DOMParser().parseFromString(html, "text/html"));
    for (const element of document.querySelectorAll(SELECTOR)) {
      if (element.tagName === "VIDEO") refreshVideo(element, fresh);
      else if (!(element.tagName === "SOURCE" && element.closest("video"))) refresh(element, fresh);
    }
  }

  setInterval(renew, every);
})();
