// The booth page's photo lightbox: each photo is a link to its largest JPEG (which works without
// JavaScript); with it, the link opens a modal <dialog>. Arrow keys and the buttons move between
// photos, Escape (native to <dialog>) or Close shuts it, and focus returns to the photo's link.
(function () {
  "use strict";
  var dialog = document.getElementById("lightbox");
  var links = Array.prototype.slice.call(document.querySelectorAll("[data-lightbox]"));
  if (!dialog || !links.length || typeof dialog.showModal !== "function") {
    return;
  }
  var image = dialog.querySelector("img");
  var caption = dialog.querySelector(".lightbox-caption");
  var current = 0;

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var figure = link.closest("figure");
    var photo = link.querySelector("img");
    var text = figure && figure.querySelector("figcaption");
    image.src = link.href;
    image.alt = photo ? photo.alt : "";
    caption.textContent = text ? text.textContent : "";
    dialog.querySelector("[data-lightbox-prev]").hidden = links.length < 2;
    dialog.querySelector("[data-lightbox-next]").hidden = links.length < 2;
  }

  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      show(index);
      dialog.showModal();
      dialog.querySelector("[data-lightbox-close]").focus();
    });
  });
  dialog.querySelector("[data-lightbox-prev]").addEventListener("click", function () { show(current - 1); });
  dialog.querySelector("[data-lightbox-next]").addEventListener("click", function () { show(current + 1); });
  dialog.querySelector("[data-lightbox-close]").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowLeft") { show(current - 1); }
    if (event.key === "ArrowRight") { show(current + 1); }
  });
  dialog.addEventListener("close", function () { links[current].focus(); });
}());
