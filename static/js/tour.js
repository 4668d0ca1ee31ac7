// "My tour" for visitors who are not signed in: the booth ids live in this browser's
// localStorage, never in a cookie, so public pages stay cacheable. Signed-in visitors' tours
// live in their account; this script then only offers to move the browser's list there.
(function () {
  "use strict";
  var KEY = "eexpo.tour";

  function load() {
    try {
      var ids = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (id) { return /^\d+$/.test(id); }) : [];
    } catch (error) {
      return [];
    }
  }

  function save(ids) {
    try {
      if (ids.length) {
        localStorage.setItem(KEY, JSON.stringify(ids));
      } else {
        localStorage.removeItem(KEY);
      }
    } catch (error) {
      // Storage is off (private mode): the tour simply is not kept.
    }
  }

  function tourUrl(base, ids) {
    return ids.length ? base + "?booths=" + ids.join(",") : base;
  }

  var ids = load();

  document.querySelectorAll("a[data-tour-link]").forEach(function (link) {
    link.href = tourUrl(link.pathname, ids);
  });

  document.querySelectorAll("button[data-tour-booth]").forEach(function (button) {
    var id = button.dataset.tourBooth;
    function show() {
      var on = load().indexOf(id) !== -1;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      if (button.dataset.labelAdd) {
        button.textContent = on ? button.dataset.labelRemove : button.dataset.labelAdd;
        button.classList.toggle("button-secondary", on);
      }
    }
    button.addEventListener("click", function () {
      var current = load();
      var at = current.indexOf(id);
      if (at === -1) {
        current.push(id);
      } else {
        current.splice(at, 1);
      }
      save(current);
      if (button.hasAttribute("data-tour-remove")) {
        window.location.replace(tourUrl(window.location.pathname, current));
        return;
      }
      show();
      document.querySelectorAll("a[data-tour-link]").forEach(function (link) {
        link.href = tourUrl(link.pathname, current);
      });
    });
    show();
    button.hidden = false;
  });

  var page = document.querySelector("[data-tour-page]");
  if (page && ids.length && !new URLSearchParams(window.location.search).has("booths")) {
    window.location.replace(tourUrl(page.dataset.url, ids));
  }

  var importForm = document.querySelector("form[data-tour-import]");
  if (importForm && ids.length) {
    importForm.elements.booths.value = ids.join(",");
    importForm.addEventListener("submit", function () { save([]); });
    importForm.hidden = false;
  }

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
    button.hidden = false;
  });
})();
