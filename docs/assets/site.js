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
    var modes = [["order", list.dataset.orderLabel || "Survey order"], ["year-desc", "Newest first"], ["year-asc", "Oldest first"]];
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

  // Browse: "Download these N". The entries come from the site's own exports, in the order shown;
  // nothing leaves the browser but a request for those two files.
  function downloadMatches(take, format, keys) {
    var url = format === "bib" ? take.dataset.bib : take.dataset.csl;
    fetch(url).then(function (response) { return response.text(); }).then(function (text) {
      var body, type, name;
      if (format === "bib") {
        var entries = Object.create(null);
        text.split(/\n(?=@)/).forEach(function (entry) {
          var m = /^@\w+\{([^,\s]+),/.exec(entry);
          if (m) entries[m[1]] = entry.replace(/\s*$/, "\n");
        });
        body = keys.map(function (k) { return entries[k]; }).filter(Boolean).join("\n");
        type = "application/x-bibtex"; name = "papers.bib";
      } else {
        var items = Object.create(null);
        JSON.parse(text).forEach(function (item) { items[item.id] = item; });
        body = JSON.stringify(keys.map(function (k) { return items[k]; }).filter(Boolean), null, 2) + "\n";
        type = "application/vnd.citationstyles.csl+json"; name = "papers.csl.json";
      }
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([body], {type: type}));
      link.download = name;
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    });
  }

  // Browse page: filter the table by text and facets; the state lives in the URL query.
  var FIELDS = ["q", "from", "to", "venue", "topic", "origin", "sort"];

  // Only the first PAGE matches are laid out; a table of thousands of visible rows takes
  // the browser seconds to lay out, a table of hundreds a few milliseconds.
  var PAGE = 100;

  function setupBrowse(form, table) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows).map(function (tr, index) {
      var title = tr.querySelector("td a");
      return {
        el: tr,
        index: index,
        title: title ? title.textContent.toLowerCase() : "",
        text: (tr.textContent + " " + (tr.dataset.text || "")).toLowerCase(),
        year: parseInt(tr.dataset.year, 10) || 0,
        venue: tr.dataset.venue || "",
        topics: " " + (tr.dataset.topics || "") + " ",
        origin: tr.dataset.origin || "",
        key: tr.dataset.key || ""
      };
    });
    var output = form.querySelector("output");
    var take = form.querySelector(".sv-take");
    var takeCount = take.querySelector(".sv-take-count");
    var more = document.createElement("button");
    more.type = "button";
    more.className = "sv-more";
    more.hidden = true;
    var after = table.closest(".sv-table-wrap") || table;
    after.parentNode.insertBefore(more, after.nextSibling);
    var shown = [], matches = [], limit = PAGE, order = "";

    // Sorting moves the rows once; filtering then keeps that order.
    var COMPARE = {
      "": function (a, b) { return a.index - b.index; },
      "year-desc": function (a, b) { return (b.year - a.year) || (a.index - b.index); },
      "year-asc": function (a, b) { return ((a.year || 9999) - (b.year || 9999)) || (a.index - b.index); },  // undated last
      "title": function (a, b) { return a.title < b.title ? -1 : a.title > b.title ? 1 : a.index - b.index; },
      "venue": function (a, b) { return a.venue < b.venue ? -1 : a.venue > b.venue ? 1 : a.index - b.index; }
    };
    function sortRows(mode) {
      if (!COMPARE[mode]) mode = "";
      if (mode === order) return;
      order = mode;
      rows.sort(COMPARE[mode]);
      var body = table.tBodies[0];
      rows.forEach(function (r) { body.appendChild(r.el); });
    }
    table.classList.add("sv-paged");  // CSS: rows are hidden unless marked sv-show

    function state() {
      var s = {};
      FIELDS.forEach(function (name) { s[name] = (form.elements[name].value || "").trim(); });
      return s;
    }

    function match(s) {
      var words = s.q.toLowerCase().split(/\s+/).filter(Boolean);
      var from = parseInt(s.from, 10) || 0, to = parseInt(s.to, 10) || 9999;
      var topic = s.topic ? " " + s.topic + " " : "";
      var found = [];
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i], ok = (!s.from && !s.to) || (r.year >= from && r.year <= to);
        if (ok && s.venue && r.venue !== s.venue) ok = false;
        if (ok && s.origin && r.origin !== s.origin) ok = false;
        if (ok && topic && r.topics.indexOf(topic) < 0) ok = false;
        for (var w = 0; ok && w < words.length; w++) if (r.text.indexOf(words[w]) < 0) ok = false;
        if (ok) found.push(r);
      }
      return found;
    }

    function render() {
      var next = matches.slice(0, limit);
      // Touch only the rows whose visibility changes.
      shown.forEach(function (r) { r.mark = false; });
      next.forEach(function (r) { r.mark = true; });
      shown.forEach(function (r) { if (!r.mark) r.el.classList.remove("sv-show"); });
      next.forEach(function (r) { if (!r.el.classList.contains("sv-show")) r.el.classList.add("sv-show"); });
      shown = next;
      output.textContent = (matches.length > next.length ? "Showing " + next.length + " of " : "") +
        matches.length + " matching paper" + (matches.length === 1 ? "" : "s") + " (" + rows.length + " in all)";
      takeCount.textContent = matches.length;
      more.hidden = matches.length <= next.length;
      more.textContent = "Show " + Math.min(PAGE, matches.length - next.length) + " more";
    }

    function writeUrl(s) {
      var params = new URLSearchParams();
      FIELDS.forEach(function (name) { if (s[name]) params.set(name, s[name]); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    function update() {
      var s = state();
      var t0 = performance.now();
      sortRows(s.sort);
      matches = match(s);
      limit = PAGE;
      render();
      table.dataset.filterMs = (performance.now() - t0).toFixed(1);
      writeUrl(s);
    }

    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) {
      var value = params.get(name);
      if (value !== null) form.elements[name].value = value;
    });
    var timer = null;
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 60); });
    form.addEventListener("change", update);
    form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
    form.addEventListener("reset", function () { setTimeout(update, 0); });
    more.addEventListener("click", function () { limit += PAGE; render(); });
    take.addEventListener("click", function (e) {
      var format = e.target.dataset && e.target.dataset.format;
      if (format) downloadMatches(take, format, matches.map(function (r) { return r.key; }));
    });
    // Column headers sort too: title, year and venue (again on year flips newest/oldest).
    var HEADS = {"sv-col-title": "title", "sv-col-year": "year-desc", "sv-col-venue": "venue"};
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var mode = HEADS[th.className];
      if (!mode) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sv-sort-head";
      button.textContent = th.textContent;
      button.addEventListener("click", function () {
        var select = form.elements.sort;
        select.value = (mode === "year-desc" && select.value === "year-desc") ? "year-asc" : mode;
        update();
      });
      th.textContent = "";
      th.appendChild(button);
    });
    sortRows(state().sort);
    matches = match(state());
    render();
  }

  // "Cite this section": a web page's citation carries the day it was read, which only the reader's browser knows.
  function addAccessDate(box) {
    if (box.dataset.accessReady) return;
    box.dataset.accessReady = "1";
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var day = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    box.querySelectorAll("code.sv-cite-bibtex").forEach(function (code) {
      code.textContent = code.textContent.replace(/\n\}\s*$/, "\n  urldate = {" + day + "},\n}\n");
    });
    box.querySelectorAll("code.sv-cite-plain").forEach(function (code) {
      code.textContent = code.textContent.replace(/\s*$/, " Accessed " + day + ".");
    });
  }

  function init() {
    document.querySelectorAll(".sv-cite[data-access-date]").forEach(addAccessDate);
    document.querySelectorAll("ol.sv-papers").forEach(setupSort);
    var form = document.getElementById("sv-filters"), table = document.getElementById("sv-browse");
    if (form && table) setupBrowse(form, table);
  }

  // Material's instant navigation swaps pages without a reload; document$ fires on each.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
