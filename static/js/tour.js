// "My tour" (booths) and "my agenda" (programme sessions) for visitors who are not signed in:
// the ids live in this browser's localStorage, never in a cookie, so public pages stay
// cacheable. Signed-in visitors keep both in their account; this script then only offers to
// move the browser's lists there. Each list works through its own data attributes:
// data-<name>-link, data-<name>-<item>, data-<name>-remove, data-<name>-page, data-<name>-import.
(function () {
  "use strict";

  function keptList(name, item, param) {
    var key = "eexpo." + name;

    function load() {
      try {
        var ids = JSON.parse(localStorage.getItem(key) || "[]");
        return Array.isArray(ids) ? ids.filter(function (id) { return /^\d+$/.test(id); }) : [];
      } catch (error) {
        return [];
      }
    }

    function save(ids) {
      try {
        if (ids.length) {
          localStorage.setItem(key, JSON.stringify(ids));
        } else {
          localStorage.removeItem(key);
        }
      } catch (error) {
        // Storage is off (private mode): the list simply is not kept.
      }
    }

    function listUrl(base, ids) {
      return ids.length ? base + "?" + param + "=" + ids.join(",") : base;
    }

    function relink(ids) {
      document.querySelectorAll("a[data-" + name + "-link]").forEach(function (link) {
        link.href = listUrl(link.pathname, ids);
      });
    }

    var ids = load();
    relink(ids);

    var itemAttribute = "data-" + name + "-" + item;
    document.querySelectorAll("button[" + itemAttribute + "]").forEach(function (button) {
      var id = button.getAttribute(itemAttribute);
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
        if (button.hasAttribute("data-" + name + "-remove")) {
          window.location.replace(listUrl(window.location.pathname, current));
          return;
        }
        show();
        relink(current);
      });
      show();
      button.hidden = false;
    });

    var page = document.querySelector("[data-" + name + "-page]");
    if (page && ids.length && !new URLSearchParams(window.location.search).has(param)) {
      window.location.replace(listUrl(page.dataset.url, ids));
    }

    var importForm = document.querySelector("form[data-" + name + "-import]");
    if (importForm && ids.length) {
      importForm.elements[param].value = ids.join(",");
      importForm.addEventListener("submit", function () { save([]); });
      importForm.hidden = false;
    }
  }

  keptList("tour", "booth", "booths");
  keptList("agenda", "session", "sessions");

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
    button.hidden = false;
  });
})();
