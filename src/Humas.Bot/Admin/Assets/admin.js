// Humas Bot dashboard: live progress bars (server-sent events), confirmations, print. No libraries.
(function () {
  "use strict";

  function connectProgress() {
    var bars = document.querySelectorAll("[data-progress-article]");
    if (bars.length === 0 || !window.EventSource) { return; }
    var ids = Array.prototype.map.call(bars, function (b) { return b.getAttribute("data-progress-article"); });
    var unique = ids.filter(function (id, i) { return ids.indexOf(id) === i; });
    var source = new EventSource("/admin/live/progress?ids=" + encodeURIComponent(unique.join(",")));
    source.addEventListener("progress", function (e) {
      var p = JSON.parse(e.data);
      document.querySelectorAll('[data-progress-article="' + p.articleId + '"]').forEach(function (box) {
        var bar = box.querySelector("progress");
        bar.value = p.percent;
        bar.textContent = p.percent + "%";
        box.setAttribute("data-percent", String(p.percent));
        box.setAttribute("data-done", String(p.done));
        box.querySelector(".percent").textContent = p.percent + "% (" + p.sent + "/" + p.planned + ")";
      });
      document.querySelectorAll('[data-progress-numbers="' + p.articleId + '"] [data-field]').forEach(function (dd) {
        dd.textContent = String(p[dd.getAttribute("data-field")]);
      });
    });
    // The server ends the stream when every broadcast is done; stop the browser from reconnecting.
    source.addEventListener("done", function () { source.close(); });
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-confirm"))) { e.preventDefault(); }
    var print = e.target.closest ? e.target.closest("[data-print]") : null;
    if (print) { window.print(); }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", connectProgress);
  } else {
    connectProgress();
  }
})();
