// Progressive enhancement only: every page reads fine without this file.
(function () {
  "use strict";

  // Topic pages: sort the paper list by the survey's order (default) or by year.
  function setupSort(list) {
    if (list.dataset.sortReady || list.hasAttribute("data-sorted")) return;  // data-sorted: already in a fixed order
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

  // The site's own exports (downloads/corpus.bib, corpus.csl.json), fetched once per page view and split by key.
  // Nothing leaves the browser but a request for those files, on this site.
  var exportsCache = Object.create(null);
  function siteRoot() {
    var home = document.querySelector("a.md-header__button.md-logo");
    return home ? home.href : location.origin + "/";
  }
  function loadExport(format) {
    var url = new URL(format === "bib" ? "downloads/corpus.bib" : "downloads/corpus.csl.json", siteRoot()).href;
    if (!exportsCache[url]) {
      exportsCache[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      }).then(function (text) {
        var byKey = Object.create(null);
        if (format === "bib") {
          text.split(/\n(?=@)/).forEach(function (entry) {
            var m = /^@\w+\{([^,\s]+),/.exec(entry);
            if (m) byKey[m[1]] = entry.replace(/\s*$/, "\n");
          });
        } else {
          JSON.parse(text).forEach(function (item) { byKey[item.id] = item; });
        }
        return byKey;
      });
      exportsCache[url].catch(function () { delete exportsCache[url]; });  // a later click tries again
    }
    return exportsCache[url];
  }
  // BibTeX or CSL-JSON text of these keys, in this order. Keys the export lacks (a paper since
  // removed from the site) are left out and named in `missing`; if none is found, it fails.
  function exportText(format, keys) {
    return loadExport(format).then(function (byKey) {
      var found = keys.filter(function (k) { return byKey[k]; });
      var missing = keys.filter(function (k) { return !byKey[k]; });
      if (keys.length && !found.length) throw new Error("none of these " + keys.length + " papers is in it");
      var entries = found.map(function (k) { return byKey[k]; });
      var text = format === "bib" ? entries.join("\n") : JSON.stringify(entries, null, 2) + "\n";
      return {text: text, missing: missing};
    });
  }
  function reportMissing(status, result) {
    if (!result.missing.length) return;
    status.classList.add("sv-error");
    status.textContent = result.missing.length + " not on the site any more, left out: " + result.missing.join(", ") + ".";
  }
  function saveFile(format, text, name) {
    var link = document.createElement("a");
    var type = format === "bib" ? "application/x-bibtex" : "application/vnd.citationstyles.csl+json";
    link.href = URL.createObjectURL(new Blob([text], {type: type}));
    link.download = name + (format === "bib" ? ".bib" : ".csl.json");
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }
  function failed(status, what) {
    return function (error) {
      status.textContent = "Could not " + what + ": the site's export did not load (" + error.message + "). Try again, or use Downloads.";
      status.classList.add("sv-error");
    };
  }

  // A file of these papers' entries (`name`.bib or .csl.json); `status` says what went wrong, if anything.
  function downloadKeys(format, keys, name, status) {
    status.textContent = "";
    status.classList.remove("sv-error");
    exportText(format, keys).then(function (result) {
      saveFile(format, result.text, name);
      reportMissing(status, result);
    }, failed(status, "download"));
  }

  // Browse page: filter the table by text and facets; the state lives in the URL query.
  var FIELDS = ["text", "from", "to", "venue", "topic", "origin", "sort"];

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
      var words = s.text.toLowerCase().split(/\s+/).filter(Boolean);
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
      var kept = new URLSearchParams(location.search).get(basket.PARAM);  // the basket rides along
      if (kept) params.set(basket.PARAM, kept);
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
    // Links made before the text filter was `text` said `q`, which is also the theme's search
    // parameter: take it as the filter, and close the search overlay the theme opened for it.
    var legacy = params.has("q") && !params.has("text");
    if (legacy) {
      params.set("text", params.get("q"));
      var search = document.getElementById("__search");
      if (search && search.checked) search.click();
    }
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
      var keys = matches.map(function (r) { return r.key; });
      if (format === "basket") basket.add(keys);
      // Browse: "Download these N", exactly the papers the filters match, in the order shown.
      else if (format) downloadKeys(format, keys, "papers", take.querySelector(".sv-take-status"));
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
    if (legacy) writeUrl(state());
  }

  // The citation basket: tick papers on any page, then copy or download their BibTeX together.
  // Its state is the page address's `basket=key,key` (so a link shares it) and a copy in this
  // browser's localStorage (so it follows the reader from page to page). Nothing is sent anywhere.
  var basket = (function () {
    var PARAM = "basket", STORE = "sv-basket", KEY = /^[A-Za-z0-9_:.+-]+$/;
    var keys = [];
    var bar = null, dialog = null;

    function parse(text) {
      var seen = Object.create(null);
      return (text || "").split(",").filter(function (k) {
        if (!KEY.test(k) || seen[k]) return false;
        seen[k] = true;
        return true;
      });
    }
    function store() {
      try { localStorage.setItem(STORE, keys.join(",")); } catch (e) { /* private mode: the address still holds it */ }
    }
    function stored() {
      try { return localStorage.getItem(STORE); } catch (e) { return null; }
    }
    function writeUrl() {
      var params = new URLSearchParams(location.search);
      if (keys.length) params.set(PARAM, keys.join(","));
      else params.delete(PARAM);
      var query = params.toString().replace(/%2C/g, ",");
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
    function changed() {
      store();
      writeUrl();
      sync();
    }
    function has(key) { return keys.indexOf(key) >= 0; }
    function add(more) {
      more.forEach(function (k) { if (KEY.test(k) && !has(k)) keys.push(k); });
      changed();
    }
    function remove(key) {
      keys = keys.filter(function (k) { return k !== key; });
      changed();
    }

    // A tick box for each paper on the page: list items carry their key as id, browse rows and the
    // /papers/ index as data-key, a paper page on its byline.
    function targets() {
      var found = [];
      document.querySelectorAll("li.sv-paper[id]").forEach(function (li) {
        found.push([li.id, li.querySelector(".sv-paper__title"), li.querySelector(".sv-paper__title").textContent]);
      });
      document.querySelectorAll("tr[data-key] td.sv-col-title, li[data-key]").forEach(function (el) {
        var key = el.dataset.key || el.parentElement.dataset.key;
        var link = el.querySelector("a");
        found.push([key, link, link.textContent]);
      });
      return found;
    }
    function tickBox(key, label) {
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "sv-pick";
      box.dataset.key = key;
      box.setAttribute("aria-label", label);
      box.title = "Add to the citation basket";
      box.addEventListener("change", function () { if (box.checked) add([key]); else remove(key); });
      return box;
    }
    function addBoxes() {
      targets().forEach(function (t) {
        var key = t[0], before = t[1];
        if (!before || before.parentNode.querySelector(".sv-pick")) return;
        before.parentNode.insertBefore(tickBox(key, "Citation basket: " + t[2].trim()), before);
      });
      // A paper page: a labelled box on the byline above the title.
      var kicker = document.querySelector(".sv-kicker[data-key]");
      if (kicker && !kicker.querySelector(".sv-pick")) {
        var label = document.createElement("label");
        label.className = "sv-pick-label";
        label.appendChild(tickBox(kicker.dataset.key, "In the citation basket"));
        label.appendChild(document.createTextNode(" Citation basket"));
        kicker.appendChild(label);
      }
    }

    function button(label, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.addEventListener("click", action);
      return b;
    }
    function build() {
      bar = document.createElement("div");
      bar.className = "sv-basket-bar";
      bar.hidden = true;
      bar.appendChild(button("", open));
      document.body.appendChild(bar);
      dialog = document.createElement("dialog");
      dialog.className = "sv-basket";
      dialog.setAttribute("aria-labelledby", "sv-basket-title");
      dialog.innerHTML = '<h2 id="sv-basket-title">Citation basket</h2>' +
        '<p class="sv-basket-note">Kept in this browser and in the page address: share the address to share the basket. Nothing is sent anywhere.</p>' +
        '<ol class="sv-basket-list"></ol><p class="sv-basket-actions"></p><p class="sv-basket-status" role="status"></p>';
      var actions = dialog.querySelector(".sv-basket-actions");
      var status = dialog.querySelector(".sv-basket-status");
      function say(text) { status.classList.remove("sv-error"); status.textContent = text; }
      actions.appendChild(button("Copy BibTeX", function () {
        say("");
        exportText("bib", keys).then(function (result) {
          return navigator.clipboard.writeText(result.text).then(function () {
            say("Copied " + (keys.length - result.missing.length) + " BibTeX entries.");
            reportMissing(status, result);
          });
        }).catch(failed(status, "copy"));
      }));
      actions.appendChild(button("Download BibTeX", function () { downloadKeys("bib", keys, "basket", status); }));
      actions.appendChild(button("Download CSL-JSON", function () { downloadKeys("csl", keys, "basket", status); }));
      actions.appendChild(button("Copy link", function () {
        navigator.clipboard.writeText(location.href).then(function () { say("Link copied."); }, function () { say(location.href); });
      }));
      actions.appendChild(button("Empty", function () { keys = []; changed(); say("The basket is empty."); }));
      actions.appendChild(button("Close", function () { dialog.close(); }));
      document.body.appendChild(dialog);
    }
    function open() {
      var list = dialog.querySelector("ol");
      list.textContent = "";
      var titles = Object.create(null);
      targets().forEach(function (t) { titles[t[0]] = t[2].trim(); });
      var here = document.querySelector(".sv-kicker[data-key]");
      if (here) titles[here.dataset.key] = document.title.split(" - ")[0];
      keys.forEach(function (key) {
        var li = document.createElement("li");
        li.dataset.key = key;
        var name = document.createElement("a");
        name.href = new URL("papers/" + key + "/", siteRoot()).href;
        name.textContent = titles[key] || key;
        li.appendChild(name);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(button("Remove", function () { remove(key); li.remove(); }));
        list.appendChild(li);
      });
      // Titles of papers ticked on other pages come from the site's CSL-JSON export.
      loadExport("csl").then(function (byKey) {
        list.querySelectorAll("li").forEach(function (li) {
          var item = byKey[li.dataset.key];
          if (item && item.title) li.firstChild.textContent = item.title;
        });
      }, function () { /* keys stay shown; the actions report a failed load */ });
      if (!dialog.open) dialog.showModal();
    }
    function sync() {
      document.querySelectorAll("input.sv-pick").forEach(function (box) { box.checked = has(box.dataset.key); });
      bar.hidden = keys.length === 0;
      bar.firstChild.textContent = "Citation basket (" + keys.length + ")";
    }
    function init() {
      if (!bar || !document.body.contains(bar)) build();
      var fromUrl = new URLSearchParams(location.search).get(PARAM);
      // An address with a basket is that basket (a shared link); otherwise the reader's own carries on.
      keys = parse(fromUrl !== null ? fromUrl : stored());
      store();
      writeUrl();
      addBoxes();
      sync();
    }
    return {PARAM: PARAM, add: add, init: init};
  })();

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
    basket.init();
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
