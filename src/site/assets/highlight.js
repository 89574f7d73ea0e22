// Kuni site, report pages: when opened from a search result (?q=…), marks the query's words
// in the report's text with the tokens the index uses (search-core.js), says so at the top
// with a link to turn it off, and scrolls to the first mark in the section the result named.
"use strict";
(function () {
  var K = window.KuniSearch;

  function start() {
    var q = new URLSearchParams(window.location.search).get("q") || "";
    var body = document.querySelector(".report-body");
    if (!K || !q.trim() || !body) return;
    var parsed = K.parse(q);
    var terms = [];
    parsed.must.forEach(function (alts) { alts.forEach(function (t) { terms.push(K.termKeys(t)); }); });
    if (!terms.length) return;
    var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var marks = [];
    nodes.forEach(function (node) {
      var text = node.data, rs = K.find(text, terms);
      if (!rs.length) return;
      var frag = document.createDocumentFragment(), at = 0;
      rs.forEach(function (r) {
        frag.appendChild(document.createTextNode(text.slice(at, r[0])));
        var m = document.createElement("mark");
        m.className = "search-hit";
        m.textContent = text.slice(r[0], r[1]);
        frag.appendChild(m);
        marks.push(m);
        at = r[1];
      });
      frag.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(frag, node);
    });
    var note = document.createElement("p");
    note.className = "search-note";
    note.setAttribute("role", "status");
    note.setAttribute("lang", "ja");
    note.appendChild(document.createTextNode("検索語「" + q + "」を " + marks.length + " か所強調表示しています。"));
    var off = document.createElement("a");
    off.href = location.pathname.replace(/^.*\//, "") + location.hash;
    off.textContent = "強調を解除";
    note.appendChild(document.createTextNode(" "));
    note.appendChild(off);
    var h1 = document.querySelector("main h1");
    if (h1) h1.insertAdjacentElement("afterend", note);
    if (!marks.length) return;
    // The first mark at or after the section the result pointed to, else the first of all.
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var first = marks[0];
    if (target) {
      for (var i = 0; i < marks.length; i++) {
        if (target.contains(marks[i]) ||
            (target.compareDocumentPosition(marks[i]) & Node.DOCUMENT_POSITION_FOLLOWING)) {
          first = marks[i];
          break;
        }
      }
    }
    first.classList.add("search-hit-first");
    first.scrollIntoView({ block: "center" });
    document.documentElement.setAttribute("data-highlight", String(marks.length));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
