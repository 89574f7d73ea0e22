// Kuni site search, the search page: reads ?q=, runs it with search-core.js over the index
// parts (assets/search/), and lists the results grouped by report, each with its matching
// sections and a snippet. A result links to the section with ?q= so the report page
// highlights the words (highlight.js).
"use strict";
(function () {
  var K = window.KuniSearch;
  var PAGE = 10;          // reports per batch: each costs its text file for the snippets
  var SECTIONS_SHOWN = 3; // matching sections listed per report

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Text with the ranges marked, cut to about 100 characters around the first.
  function marked(parent, text, rs, cut) {
    var lo = 0, hi = text.length;
    if (cut) {
      if (rs.length) {
        lo = Math.max(0, rs[0][0] - 30);
        hi = Math.min(text.length, rs[0][1] + 70);
      } else {
        hi = Math.min(text.length, 100);
      }
    }
    var at = lo;
    if (lo > 0) parent.appendChild(document.createTextNode("…"));
    rs.forEach(function (r) {
      var a = Math.max(r[0], lo), b = Math.min(r[1], hi);
      if (a >= b || a < at) return;
      parent.appendChild(document.createTextNode(text.slice(at, a)));
      parent.appendChild(el("mark", {}, text.slice(a, b)));
      at = b;
    });
    parent.appendChild(document.createTextNode(text.slice(at, hi)));
    if (hi < text.length) parent.appendChild(document.createTextNode("…"));
  }

  function sectionItem(g, s, q, terms) {
    var sections = K.store.texts[g.index], sec = sections[s.doc - g.report[6]];
    var anchor = sec[0], heading = sec[1], text = sec[2];
    var li = el("li", { "class": "result-section" });
    var href = g.report[2] + "?q=" + encodeURIComponent(q) + (anchor ? "#" + encodeURIComponent(anchor) : "");
    var a = el("a", { href: href });
    var h = el("span", { "class": "result-heading" });
    // The marks are found in the text with the index's own tokens (K.find), so they are
    // exactly what matched.
    marked(h, heading || "（冒頭）", K.find(heading, terms), false);
    a.appendChild(h);
    li.appendChild(a);
    var p = el("p", { "class": "snippet" });
    marked(p, text, K.find(text, terms), true);
    li.appendChild(p);
    return li;
  }

  function reportItem(g, q, terms) {
    var r = g.report;
    var li = el("li", { "class": "result", lang: r[3] });
    var h = el("h2", { "class": "result-report" });
    var best = K.store.texts[g.index][g.sections[0].doc - r[6]];
    h.appendChild(el("a", {
      href: r[2] + "?q=" + encodeURIComponent(q) + (best[0] ? "#" + encodeURIComponent(best[0]) : ""),
    }, r[1]));
    li.appendChild(h);
    var n = g.sections.length;
    li.appendChild(el("p", { "class": "result-meta", lang: "ja" },
      (r[3] === "ja" ? "日本語版" : "English edition") + "・一致した箇所 " + n + " か所" +
      (n > SECTIONS_SHOWN ? "（上位 " + SECTIONS_SHOWN + " か所を表示）" : "")));
    var ul = el("ul", { "class": "result-sections" });
    g.sections.slice(0, SECTIONS_SHOWN).forEach(function (s) { ul.appendChild(sectionItem(g, s, q, terms)); });
    li.appendChild(ul);
    return li;
  }

  var generation = 0;

  // Runs `q` and shows its results, replacing earlier ones; a newer query wins over a
  // slower older one.
  function show(q) {
    var list = document.getElementById("results");
    var status = document.getElementById("search-status");
    var notes = document.getElementById("search-warnings");
    var old = document.getElementById("results-more");
    var more = old.cloneNode(true); // drops the earlier query's click handler
    old.parentNode.replaceChild(more, old);
    var mine = ++generation;
    list.textContent = "";
    notes.textContent = "";
    notes.hidden = true;
    more.hidden = true;
    document.documentElement.removeAttribute("data-search");
    if (!K || !K.store.meta) { status.textContent = "検索索引を読み込めませんでした。"; return; }
    var parsed = K.parse(q);
    if (!parsed.must.length && !parsed.filters.length && !parsed.mustNot.length) {
      status.textContent = "検索語を入力してください。";
      return;
    }
    status.textContent = "検索しています…";
    var terms = [];
    parsed.must.forEach(function (alts) { alts.forEach(function (t) { terms.push(K.termKeys(t)); }); });
    var t0 = performance.now();
    K.run(parsed).then(function (res) {
      if (mine !== generation) return;
      res.warnings.forEach(function (w) { notes.appendChild(el("li", {}, w)); });
      notes.hidden = res.warnings.length === 0;
      var shown = 0;
      function batch(focusFirst) {
        var next = res.reports.slice(shown, shown + PAGE);
        return Promise.all(next.map(function (g) { return K.loadText(g.index); })).then(function () {
          if (mine !== generation) return;
          var first = null;
          next.forEach(function (g) {
            var item = reportItem(g, q, terms);
            list.appendChild(item);
            first = first || item.querySelector("a");
          });
          shown += next.length;
          more.hidden = shown >= res.reports.length;
          if (focusFirst && first) first.focus();
        });
      }
      return batch(false).then(function () {
        if (mine !== generation) return;
        window.KuniSearchLast = { reports: res.reports.length, sections: res.sections, ms: performance.now() - t0 };
        status.textContent = res.reports.length
          ? "「" + q + "」の検索結果：" + res.reports.length + " 件のレポート（" + res.sections + " か所）"
          : "「" + q + "」に一致する箇所はありませんでした。";
        document.documentElement.setAttribute("data-search", "done");
        more.addEventListener("click", function () { batch(true); });
      });
    }).catch(function (e) {
      if (mine !== generation) return;
      status.textContent = "検索できませんでした（" + e.message + "）。";
      document.documentElement.setAttribute("data-search", "failed");
    });
  }

  function start() {
    var input = document.getElementById("search-page-q");
    if (!input || !document.getElementById("results")) return;
    var q = new URLSearchParams(window.location.search).get("q") || "";
    input.value = q;
    show(q);
    // Search as you type, after a pause; the address follows, so Back and sharing work.
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = new URL(window.location.href);
        url.searchParams.set("q", input.value);
        try { history.replaceState(null, "", url.href); } catch (e) { /* file:// may refuse */ }
        show(input.value);
      }, 300);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
