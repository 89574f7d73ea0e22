// Kuni site search, the shared part: normalisation, tokens, the query language and the index
// loader. Used by the search page (search.js) and by report pages (highlight.js). Runs offline
// from file:// or any web server, under the site's CSP 'self': the index parts are scripts
// added with <script> tags, no fetch, eval, WebAssembly or workers.
//
// It mirrors the engine: normalisation as src/search/normalize.rs normalize_for_substrings
// (NFKC, lower case, iteration marks expanded, long vowels of katakana words folded), tokens
// as src/site/keys.rs (Japanese bigrams, Latin letters and digits as separate pieces, each one
// position), and the query language as src/search/query.rs (`kuni search`).
"use strict";
(function () {
  var BODY_START = 1 << 14;
  var PREFIX_CHARS = 3;

  function isKatakana(c) {
    return (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc || c === 0x30fd || c === 0x30fe ||
      (c >= 0x31f0 && c <= 0x31ff);
  }
  function isKanji(c) { return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf); }
  function isHiragana(c) { return c >= 0x3041 && c <= 0x3096; }
  function isCombining(ch) {
    return /\p{M}/u.test(ch) || ch === "\uff9e" || ch === "\uff9f" || ch === "\u3099" || ch === "\u309a";
  }
  // Japanese script, as src/search/bigram.rs is_cjk.
  function isCjk(c) {
    return c === 0x3005 || c === 0x3006 || c === 0x3007 ||
      (c >= 0x3041 && c <= 0x309f) || (c >= 0x30a0 && c <= 0x30fa) || (c >= 0x30fc && c <= 0x30ff) ||
      (c >= 0x31f0 && c <= 0x31ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ffff);
  }
  var LETTER = /\p{Alphabetic}/u, DIGIT = /\p{N}/u;
  // 1 Japanese, 2 letter, 3 digit, 0 other (src/site/keys.rs Class).
  function classOf(ch) {
    var c = ch.codePointAt(0);
    if (isCjk(c)) return 1;
    if (LETTER.test(ch)) return 2;
    if (DIGIT.test(ch)) return 3;
    return 0;
  }
  function voiced(ch) {
    var v = (ch + "\u3099").normalize("NFC");
    return Array.from(v).length === 1 ? v : null;
  }

  // Normalised code points and, for each, the original [start, end) in UTF-16 units.
  function normalizeWithMap(input) {
    var chars = [], spans = [];
    var cps = Array.from(input);
    var offsets = [], at = 0;
    for (var i = 0; i < cps.length; i++) { offsets.push(at); at += cps[i].length; }
    offsets.push(at);
    var k = 0;
    while (k < cps.length) {
      var start = offsets[k];
      var cluster = cps[k];
      k++;
      while (k < cps.length && isCombining(cps[k])) { cluster += cps[k]; k++; }
      var end = offsets[k];
      var out = Array.from(cluster.normalize("NFKC"));
      for (var j = 0; j < out.length; j++) {
        var n = out[j];
        var prev = chars.length ? chars[chars.length - 1] : null;
        var pc = prev ? prev.codePointAt(0) : 0;
        if (n === "々" || n === "ゝ" || n === "ヽ") {
          if (prev && ((n === "々" && isKanji(pc)) || (n === "ゝ" && isHiragana(pc)) ||
              (n === "ヽ" && pc >= 0x30a1 && pc <= 0x30fa))) n = prev;
        } else if (n === "ゞ" || n === "ヾ") {
          var ok = prev && ((n === "ゞ" && isHiragana(pc)) || (n === "ヾ" && pc >= 0x30a1 && pc <= 0x30fa));
          if (ok && voiced(prev)) n = voiced(prev);
        }
        var lower = Array.from(n.toLowerCase());
        for (var l = 0; l < lower.length; l++) { chars.push(lower[l]); spans.push([start, end]); }
      }
    }
    fold(chars, spans, false);
    fold(chars, spans, true);
    return { chars: chars, spans: spans, text: chars.join("") };
  }

  // Drops ー from katakana runs of 4+ characters: the last one only, or (inner) every one.
  function fold(chars, spans, inner) {
    var n = chars.length, runOf = new Array(n).fill(0), i = 0;
    while (i < n) {
      var j = i;
      while (j < n && isKatakana(chars[j].codePointAt(0))) j++;
      for (var r = i; r < j; r++) runOf[r] = j - i;
      i = Math.max(j, i + 1);
    }
    var keepC = [], keepS = [];
    for (var x = 0; x < n; x++) {
      var runEnds = x + 1 >= n || !isKatakana(chars[x + 1].codePointAt(0));
      if (chars[x] === "ー" && runOf[x] >= 4 && (inner || runEnds)) continue;
      keepC.push(chars[x]); keepS.push(spans[x]);
    }
    chars.length = 0; spans.length = 0;
    Array.prototype.push.apply(chars, keepC);
    Array.prototype.push.apply(spans, keepS);
  }

  function normalize(s) { return normalizeWithMap(s).text; }

  // Tokens of `text` as src/site/keys.rs makes them: [{key, pos, kind, from, to}], from/to in
  // the original text's UTF-16 units, positions counted from `start`.
  function tokens(text, start) {
    var n = normalizeWithMap(text), cs = n.chars, out = [], pos = start || 0, i = 0;
    while (i < cs.length) {
      var kind = classOf(cs[i]), j = i + 1;
      while (j < cs.length && classOf(cs[j]) === kind) j++;
      if (kind === 2 || kind === 3 || (kind === 1 && j - i === 1)) {
        out.push({ key: cs.slice(i, j).join(""), pos: pos++, kind: kind, from: n.spans[i][0], to: n.spans[j - 1][1] });
      } else if (kind === 1) {
        for (var k = i; k < j - 1; k++) {
          out.push({ key: cs[k] + cs[k + 1], pos: pos++, kind: 1, from: n.spans[k][0], to: n.spans[k + 1][1] });
        }
      }
      i = j;
    }
    return out;
  }
  function keys(text) { return tokens(text, 0).map(function (t) { return t.key; }); }

  // The shard of a key: FNV-1a over its first three code points (src/site/keys.rs shard_of).
  function shardOf(key, shards) {
    var h = 0x811c9dc5, cps = Array.from(key).slice(0, PREFIX_CHARS);
    for (var i = 0; i < cps.length; i++) {
      h = (h ^ cps[i].codePointAt(0)) >>> 0;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % Math.max(1, shards);
  }

  // ---- The query language (src/search/query.rs) ----
  var QUOTES = { '"': '"', "＂": '"', "“": "”", "「": "」", "『": "』" };
  function isClosing(open, c) {
    if (open === '"' || open === "＂") return c === '"' || c === "＂";
    return QUOTES[open] === c;
  }
  var FIELDS = { country: "country", region: "region", status: "status", lang: "lang", language: "lang" };
  function fieldOf(name) { return FIELDS[name.toLowerCase()] || null; }
  var MAX_QUERY_CHARS = 1000;

  // A term is {text, phrase}; the result {must: [[term]], mustNot: [term], filters, warnings}.
  function parse(input) {
    var parsed = { must: [], mustNot: [], filters: [], warnings: [] };
    var chars = Array.from(input || "");
    if (chars.length > MAX_QUERY_CHARS) {
      parsed.warnings.push("検索語が長すぎるため、最初の " + MAX_QUERY_CHARS + " 文字で検索しました。");
      chars = chars.slice(0, MAX_QUERY_CHARS);
    }
    var toks = [], i = 0, ws = /\s/u;
    while (i < chars.length) {
      if (ws.test(chars[i])) { i++; continue; }
      var negated = chars[i] === "-" && i + 1 < chars.length && !ws.test(chars[i + 1]);
      if (negated) i++;
      var field = null, j = i;
      while (j < chars.length && /[A-Za-z]/.test(chars[j])) j++;
      if (j > i && j < chars.length && (chars[j] === ":" || chars[j] === "：") && j + 1 < chars.length) {
        field = chars.slice(i, j).join("");
        i = j + 1;
      }
      var open = chars[i];
      if (open !== undefined && QUOTES[open]) {
        var s = i + 1, e = s;
        while (e < chars.length && !isClosing(open, chars[e])) e++;
        if (e >= chars.length) parsed.warnings.push("引用符 " + open + " が閉じていないため、残りを一つの語句として検索しました。");
        var phrase = chars.slice(s, Math.min(e, chars.length)).join("").trim();
        i = e + 1;
        if (phrase) toks.push({ term: { text: phrase, phrase: true }, negated: negated, field: field });
        continue;
      }
      var ws0 = i;
      while (i < chars.length && !ws.test(chars[i])) i++;
      var word = chars.slice(ws0, i).join("");
      var bare = word.replace(/[:：]$/, "");
      if (field === null && bare !== word && fieldOf(bare)) {
        parsed.warnings.push("「" + word + "」に値がないため無視しました（例：country:VN）。");
      } else if (word === "OR" && !negated && field === null) {
        toks.push({ or: true });
      } else if (word) {
        toks.push({ term: { text: word, phrase: false }, negated: negated, field: field });
      } else if (field !== null) {
        toks.push({ term: { text: field + ":", phrase: false }, negated: negated, field: null });
      }
    }
    var pendingOr = false;
    toks.forEach(function (t) {
      if (t.or) { pendingOr = parsed.must.length > 0; return; }
      var term = t.term;
      if (t.field !== null) {
        var f = fieldOf(t.field);
        if (f) {
          var v = term.text.trim();
          v = f === "country" ? v.toUpperCase() : f === "region" ? v : v.toLowerCase();
          parsed.filters.push({ field: f, value: v, negated: t.negated });
          pendingOr = false;
          return;
        }
        parsed.warnings.push("「" + t.field + ":」は検索条件の項目ではないため（country、region、status、lang）、文字列として検索しました。");
        term = { text: t.field + ":" + term.text, phrase: term.phrase };
      }
      if (t.negated) parsed.mustNot.push(term);
      else if (pendingOr && parsed.must.length) parsed.must[parsed.must.length - 1].push(term);
      else parsed.must.push([term]);
      pendingOr = false;
    });
    return parsed;
  }

  // A term's tokens; `prefix` when its last token is a Latin word typed in part (3+ letters):
  // `regist` finds registration. Phrases match whole words only.
  // A lone Japanese character (`uni`) is looked up in the `u:` keys: every section holding it,
  // inside words too, as the app's search does.
  function termKeys(term) {
    var ts = tokens(term.text, 0);
    var last = ts[ts.length - 1];
    return {
      keys: ts.map(function (t) { return t.key; }),
      prefix: !term.phrase && !!last && last.kind === 2 && Array.from(last.key).length >= PREFIX_CHARS,
      uni: ts.length === 1 && last.kind === 1 && Array.from(last.key).length === 1,
    };
  }
  // The keys whose shards a term needs.
  function lookupKeys(tk) { return tk.uni ? [CHAR_PREFIX + tk.keys[0]] : tk.keys; }
  var CHAR_PREFIX = "u:";

  // ---- The index, loaded in parts ----
  var base = (function () {
    var s = document.currentScript && document.currentScript.src;
    return s ? s.replace(/[^/]*$/, "") + "search/" : "assets/search/";
  })();
  var store = { meta: null, shards: {}, texts: {} };
  var loading = {};
  var loadedBytes = 0;

  function load(path, ready) {
    if (ready()) return Promise.resolve();
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + path;
        s.async = true;
        s.onload = function () { ready() ? resolve() : reject(new Error(path + " did not register")); };
        s.onerror = function () { delete loading[path]; reject(new Error("could not load " + path)); };
        document.head.appendChild(s);
      });
    }
    return loading[path];
  }
  function loadShard(n) { return load("k/" + n + ".js", function () { return !!store.shards[n]; }); }
  function loadText(r) { return load("t/" + r + ".js", function () { return !!store.texts[r]; }); }

  // Postings of one key: Map section → ascending positions. Decoded once per shard key.
  var decoded = {};
  function postingsOf(shard, key) {
    var id = shard + "\u0000" + key;
    if (decoded[id]) return decoded[id];
    var flat = store.shards[shard][key], m = new Map(), doc = 0, i = 0;
    if (key.indexOf(CHAR_PREFIX) === 0) {
      // [doc delta, count, …]
      for (; flat && i < flat.length; i += 2) { doc += flat[i]; m.set(doc, flat[i + 1]); }
      decoded[id] = m;
      return m;
    }
    while (flat && i < flat.length) {
      doc += flat[i];
      var n = flat[i + 1], ps = new Array(n), p = 0;
      for (var k = 0; k < n; k++) { p += flat[i + 2 + k]; ps[k] = p; }
      m.set(doc, ps);
      i += 2 + n;
    }
    decoded[id] = m;
    return m;
  }
  function lookup(key, prefix) {
    var shard = shardOf(key, store.meta.shards), data = store.shards[shard];
    if (!prefix) return postingsOf(shard, key);
    var merged = new Map();
    Object.keys(data).forEach(function (k) {
      if (k.indexOf(key) !== 0) return;
      postingsOf(shard, k).forEach(function (ps, d) {
        var have = merged.get(d);
        merged.set(d, have ? have.concat(ps).sort(function (a, b) { return a - b; }) : ps);
      });
    });
    return merged;
  }

  function hasPos(ps, p) {
    var lo = 0, hi = ps.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (ps[mid] === p) return true;
      if (ps[mid] < p) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }

  // Sections where the term's tokens sit at consecutive positions: Map section → [start, len].
  function matchTerm(tk) {
    var out = new Map(), n = tk.keys.length;
    if (n === 0) return out;
    if (tk.uni) {
      lookup(CHAR_PREFIX + tk.keys[0], false).forEach(function (count, d) {
        out.set(d, { starts: [], len: 1, count: count });
      });
      return out;
    }
    var lists = tk.keys.map(function (k, i) { return lookup(k, tk.prefix && i === n - 1); });
    lists[0].forEach(function (ps, d) {
      var rest = [];
      for (var i = 1; i < n; i++) {
        var q = lists[i].get(d);
        if (!q) return;
        rest.push(q);
      }
      var starts = ps.filter(function (p) {
        for (var i = 0; i < rest.length; i++) if (!hasPos(rest[i], p + i + 1)) return false;
        return true;
      });
      if (starts.length) out.set(d, { starts: starts, len: n });
    });
    return out;
  }

  function reportOf(doc) {
    var rs = store.meta.reports, lo = 0, hi = rs.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (rs[mid][6] <= doc) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // A filter compares a report's own field exactly, as the engine's keyword fields do: the
  // region is the report's own (r[7]), not the region it is listed under on the top page.
  function filterOk(f, r) {
    var v = f.field === "country" ? r[4] : f.field === "region" ? r[7] : f.field === "lang" ? r[3] : "published";
    var ok = v === f.value;
    return f.negated ? !ok : ok;
  }

  // The engine searches every section together with its report's title (src/search/index.rs),
  // so a word of the title matches every section of the report, and `-word` drops them all:
  // `輸入 -ベトナム` leaves out the Vietnamese report, in the app and here alike.
  var TITLE_SCORE = 5;
  var titleTokens = {};
  function inTitle(ri, tk) {
    var title = store.meta.reports[ri][1];
    titleTokens[ri] = titleTokens[ri] || tokens(title, 0);
    return find(title, [tk], titleTokens[ri]).length > 0;
  }
  // matchTerm with the title matches added: Map section → {starts, len, count, title}.
  function matchWithTitles(tk) {
    var out = matchTerm(tk), rs = store.meta.reports;
    for (var ri = 0; ri < rs.length; ri++) {
      if (!tk.keys.length || !inTitle(ri, tk)) continue;
      var end = ri + 1 < rs.length ? rs[ri + 1][6] : store.meta.sections;
      for (var d = rs[ri][6]; d < end; d++) {
        var m = out.get(d) || { starts: [], len: tk.keys.length, count: 0 };
        m.title = true;
        out.set(d, m);
      }
    }
    return out;
  }

  // Runs a parsed query: {reports: [{report, index, score, sections: [{doc, score, hits}]}],
  // sections, warnings}. `hits` are [start, len] pairs of positions. Loads the shards it needs.
  function run(parsed) {
    var meta = store.meta;
    var positives = [], negatives = parsed.mustNot.map(termKeys);
    var groups = parsed.must.map(function (alts) { return alts.map(termKeys); });
    groups.forEach(function (g) { positives = positives.concat(g); });
    var warnings = parsed.warnings.slice();
    var need = {};
    positives.concat(negatives).forEach(function (tk) {
      lookupKeys(tk).forEach(function (k) { need[shardOf(k, meta.shards)] = true; });
    });
    return Promise.all(Object.keys(need).map(function (n) { return loadShard(Number(n)); })).then(function () {
      var scores = null; // section → {score, hits}
      groups.forEach(function (alts) {
        var any = new Map();
        alts.forEach(function (tk) {
          matchWithTitles(tk).forEach(function (m, d) {
            var inHead = m.starts.length > 0 && m.starts[0] < BODY_START;
            var s = any.get(d) || { score: 0, hits: [] };
            s.score += (m.count || m.starts.length) + (inHead ? 20 : 0) + (m.title ? TITLE_SCORE : 0);
            m.starts.forEach(function (p) { s.hits.push([p, m.len]); });
            any.set(d, s);
          });
        });
        if (scores === null) { scores = any; return; }
        var both = new Map();
        scores.forEach(function (s, d) {
          var t = any.get(d);
          if (t) both.set(d, { score: s.score + t.score, hits: s.hits.concat(t.hits) });
        });
        scores = both;
      });
      if (scores === null) {
        scores = new Map();
        if (parsed.filters.length || negatives.length) {
          for (var d = 0; d < meta.sections; d++) scores.set(d, { score: 0, hits: [] });
        }
      }
      negatives.forEach(function (tk) { matchWithTitles(tk).forEach(function (_, d) { scores.delete(d); }); });
      var byReport = new Map();
      scores.forEach(function (s, d) {
        var ri = reportOf(d), r = meta.reports[ri];
        if (!parsed.filters.every(function (f) { return filterOk(f, r); })) return;
        var g = byReport.get(ri);
        if (!g) { g = { index: ri, report: r, score: 0, sections: [] }; byReport.set(ri, g); }
        g.sections.push({ doc: d, score: s.score, hits: s.hits });
        g.score = Math.max(g.score, s.score);
      });
      var reports = Array.from(byReport.values());
      reports.forEach(function (g) {
        g.sections.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      });
      reports.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
      var count = 0;
      reports.forEach(function (g) { count += g.sections.length; });
      return { reports: reports, sections: count, warnings: warnings };
    });
  }

  // Original ranges [from, to) of `text` where a position run [start, len] lies, given the
  // text's tokens.
  function ranges(toks, hits) {
    var at = new Map();
    toks.forEach(function (t) { at.set(t.pos, t); });
    var out = [];
    hits.forEach(function (h) {
      var a = at.get(h[0]), b = at.get(h[0] + h[1] - 1);
      if (a && b) out.push([a.from, b.to]);
    });
    return merge(out);
  }
  function merge(out) {
    out = out.slice().sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  // Where the terms of a query occur in a piece of text (for highlighting a page): the
  // original ranges, found with the same tokens as the index.
  // `toks`, when given, are the text's tokens already made.
  function find(text, termList, toks) {
    toks = toks || tokens(text, 0);
    var hits = [], extra = [];
    termList.forEach(function (tk) {
      var n = tk.keys.length;
      if (!n) return;
      if (tk.uni) {
        var norm = normalizeWithMap(text);
        norm.chars.forEach(function (c, i) { if (c === tk.keys[0]) extra.push(norm.spans[i]); });
        return;
      }
      for (var i = 0; i + n <= toks.length; i++) {
        var ok = true;
        for (var j = 0; j < n && ok; j++) {
          var t = toks[i + j], k = tk.keys[j];
          ok = t.pos === toks[i].pos + j &&
            (t.key === k || (tk.prefix && j === n - 1 && t.key.indexOf(k) === 0));
        }
        if (ok) hits.push([toks[i].pos, n]);
      }
    });
    return extra.length ? merge(ranges(toks, hits).concat(extra)) : ranges(toks, hits);
  }

  window.KuniSearch = {
    BODY_START: BODY_START,
    normalize: normalize,
    keys: keys,
    tokens: tokens,
    shardOf: shardOf,
    parse: parse,
    termKeys: termKeys,
    run: run,
    ranges: ranges,
    find: find,
    loadText: loadText,
    store: store,
    // The index parts call these when they load.
    meta: function (m) { store.meta = m; },
    shard: function (n, data) { store.shards[n] = data; },
    text: function (r, sections) { store.texts[r] = sections; },
  };
})();
