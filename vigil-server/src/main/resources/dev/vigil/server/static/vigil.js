// Vigil dashboard: the only script the pages load (the Content-Security-Policy allows no other).
// It never writes HTML: it toggles checkboxes and shows an element the server rendered.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("input.pick").forEach(function (box) { box.checked = all.checked; });
    });
  }
  var live = document.getElementById("live");
  if (live && window.EventSource) {
    var events = new EventSource("/events");
    events.addEventListener("open", function () { document.body.dataset.live = "open"; });
    events.addEventListener("alerts", function () { live.hidden = false; });
    var reload = document.getElementById("live-reload");
    if (reload) {
      reload.addEventListener("click", function (e) { e.preventDefault(); window.location.reload(); });
    }
  }
});
