// Progressive enhancement only: every page reads fine without this file.
(function () {
  "use strict";

  // Topic pages: sort the paper list by the survey's order (default) or by year.
  function setupSort(list) {
    if (list.dataset.sortReady) return;
    list.dataset.sortReady = "1";
    var bar = document.createElement("div");
    bar.className = "sv-sort";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Sort papers");
    var label = document.createElement("span");
    label.textContent = "Sort: ";
    bar.appendChild(label);
    var modes = [["order", "Survey order"], ["year-desc", "Newest first"], ["year-asc", "Oldest first"]];
    var buttons = modes.map(function (m) {
      var b = document.createElement("button");
      b.type = "button";
      b.dataset.mode = m[0];
      b.textContent = m[1];
      b.setAttribute("aria-pressed", m[0] === "order" ? "true" : "false");
      b.addEventListener("click", function () { apply(m[0]); });
      bar.appendChild(b);
      return b;
    });
    list.parentNode.insertBefore(bar, list);
    function apply(mode) {
      var items = Array.prototype.slice.call(list.children);
      items.sort(function (a, b) {
        var oa = +a.dataset.order, ob = +b.dataset.order;
        if (mode === "order") return oa - ob;
        var d = (+a.dataset.year) - (+b.dataset.year);
        if (d === 0) return oa - ob;
        return mode === "year-asc" ? d : -d;
      });
      items.forEach(function (li) { list.appendChild(li); });
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.dataset.mode === mode ? "true" : "false"); });
      list.classList.toggle("sv-sorted", mode !== "order");
    }
  }

  function init() {
    document.querySelectorAll("ol.sv-papers").forEach(setupSort);
  }

  // Material's instant navigation swaps pages without a reload; document$ fires on each.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
