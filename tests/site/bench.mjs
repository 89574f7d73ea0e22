// The site search at scale (make bench-site): a website of N generated published reports
// (`kuni bench site`), served with gzip on 127.0.0.1, searched cold in Debian's Chromium; the
// same HTML indexed by Pagefind (npm, pinned in package.json) and searched through its browser
// runtime side by side. Prints a Markdown table for docs/benchmarks.md.
//
// Measured per engine: bytes (as sent, gzipped) the search page loads before the first query;
// for each query, in a fresh browser context with the page loaded, the bytes and time from
// starting the query until the first 10 results are shown (Kuni: results and snippets of the
// first 10 reports; Pagefind: search() and data() of the first 10). Recall is against exact
// truth computed from the sections' text: for one word, the pages containing it; for three
// words, the pages with a section containing all three (the app's rule; Pagefind's own rule is
// per page, which can only find more).
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join, resolve, dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const kuni = process.env.KUNI_CLI_BIN || join(root, "target/debug/kuni");
const N = Number(process.env.KUNI_BENCH_REPORTS || 1000);
const ONE = ["登録", "医療機器", "現地代理人", "審査期間", "輸入許可", "保険", "自由販売証明書", "品質マネジメント", "ラベル", "公立病院"];
const THREE = ["登録 期間 更新", "医療機器 輸入 許可", "ラベル 言語 表示", "現地代理人 登録 責任", "保険 病院 公立",
  "審査 期間 迅速", "価格 入札 公立", "品質 マネジメント 認証", "販売 代理店 契約", "市販後 有害事象 報告"];

const work = mkdtempSync(join(tmpdir(), "kuni-bench-site-"));
const site = join(work, "site");
const pf = join(work, "pagefind-site");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css",
  ".json": "application/json", ".wasm": "application/wasm", ".pdf": "application/pdf" };

function serve(dir) {
  const cache = new Map();
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!path.startsWith(dir) || !existsSync(path) || statSync(path).isDirectory()) { res.writeHead(404); res.end(); return; }
    let body = cache.get(path);
    if (!body) {
      const raw = readFileSync(path);
      const type = TYPES[extname(path)] || "application/octet-stream";
      // Pagefind's fragments and index parts are gzipped already (pf_* files); text is gzipped here.
      const zip = /^(text|application\/(json|javascript))/.test(type);
      body = { type, data: zip ? gzipSync(raw, { level: 6 }) : raw, zip };
      cache.set(path, body);
    }
    const headers = { "content-type": body.type, "content-length": body.data.length, "cache-control": "no-store" };
    if (body.zip) headers["content-encoding"] = "gzip";
    res.writeHead(200, headers);
    res.end(body.data);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

function time(label, f) {
  const t = Date.now();
  const r = f();
  console.error(`bench-site: ${label} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return r;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : 0; };
const kb = (b) => (b / 1024).toFixed(0) + " KB";

async function main() {
  time(`kuni bench site (${N} reports)`, () =>
    execFileSync(kuni, ["--library", join(root, "reports"), "bench", "site", "--out", site, "--reports", String(N)], { stdio: "inherit" }));
  cpSync(site, pf, { recursive: true });
  const pagefindBin = join(here, "node_modules/pagefind/lib/runner/bin.cjs");
  const pfVersion = JSON.parse(readFileSync(join(here, "node_modules/pagefind/package.json"), "utf8")).version;
  time("pagefind index", () => execFileSync(process.execPath, [pagefindBin, "--site", pf, "--glob", "reports/**/*.html", "--root-selector", "main"], { stdio: ["ignore", "ignore", "inherit"] }));
  writeFileSync(join(pf, "pf-search.html"), `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>Pagefind</title>
<script type="module">import * as pagefind from "./pagefind/pagefind.js"; await pagefind.options({ baseUrl: "/" }); await pagefind.init(); window.pf = pagefind; document.documentElement.dataset.ready = "1";</script></head><body></body></html>`);

  const kuniServer = await serve(site), pfServer = await serve(pf);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });

  async function fresh(base) {
    const context = await browser.newContext();
    const page = await context.newPage();
    let bytes = 0, requests = 0;
    page.on("response", async (r) => { requests++; bytes += Number(r.headers()["content-length"] || 0); });
    const counter = { get bytes() { return bytes; }, get requests() { return requests; }, reset() { bytes = 0; requests = 0; } };
    return { context, page, counter, base };
  }

  // Truth from the sections' text (the Kuni site's text files), normalised as the engine does.
  const truthPage = await fresh(kuniServer.url);
  await truthPage.page.goto(kuniServer.url + "search.html");
  await truthPage.page.waitForFunction(() => window.KuniSearch && window.KuniSearch.store.meta);
  const truth = await truthPage.page.evaluate(async (queries) => {
    const K = window.KuniSearch, meta = K.store.meta;
    for (let i = 0; i < meta.reports.length; i += 50) {
      await Promise.all(meta.reports.slice(i, i + 50).map((_, j) => K.loadText(i + j)));
    }
    const norm = meta.reports.map((_, i) => K.store.texts[i].map((s) => [K.normalize(s[1]), K.normalize(s[2])]));
    const out = {};
    for (const q of queries) {
      const words = q.split(" ").map((w) => K.normalize(w));
      out[q] = meta.reports.map((r, i) => norm[i].some(([h, t]) => words.every((w) => h.includes(w) || t.includes(w))) ? r[2] : null).filter(Boolean);
    }
    return out;
  }, [...ONE, ...THREE]);
  await truthPage.context.close();

  const rows = { kuni: { page: 0, pageReq: 0, one: [], three: [] }, pagefind: { page: 0, pageReq: 0, one: [], three: [] } };

  for (const [name, q] of [...ONE.map((q) => ["one", q]), ...THREE.map((q) => ["three", q])]) {
    // Kuni: load the search page, then run the query and render the first 10 reports.
    {
      const s = await fresh(kuniServer.url);
      await s.page.goto(s.base + "search.html");
      await s.page.waitForFunction(() => window.KuniSearch && window.KuniSearch.store.meta);
      rows.kuni.page = s.counter.bytes; rows.kuni.pageReq = s.counter.requests;
      s.counter.reset();
      const r = await s.page.evaluate(async (q) => {
        const K = window.KuniSearch, t0 = performance.now();
        const res = await K.run(K.parse(q));
        await Promise.all(res.reports.slice(0, 10).map((g) => K.loadText(g.index)));
        const ms = performance.now() - t0;
        return { ms, urls: res.reports.map((g) => g.report[2]) };
      }, q);
      const expected = new Set(truth[q]);
      const found = r.urls.filter((u) => expected.has(u)).length;
      rows.kuni[name].push({ q, ms: r.ms, bytes: s.counter.bytes, requests: s.counter.requests, recall: expected.size ? found / expected.size : 1, wrong: r.urls.length - found, truth: expected.size });
      await s.context.close();
    }
    // Pagefind: load its runtime (init), then search and load the first 10 results' data.
    {
      const s = await fresh(pfServer.url);
      await s.page.goto(s.base + "pf-search.html");
      await s.page.waitForSelector("html[data-ready]");
      rows.pagefind.page = s.counter.bytes; rows.pagefind.pageReq = s.counter.requests;
      s.counter.reset();
      const r = await s.page.evaluate(async (q) => {
        const t0 = performance.now();
        const res = await window.pf.search(q);
        await Promise.all(res.results.slice(0, 10).map((x) => x.data()));
        const ms = performance.now() - t0;
        return { ms, n: res.results.length };
      }, q);
      const bytes = s.counter.bytes, requests = s.counter.requests;
      // All results' addresses for recall (not timed).
      const urls = await s.page.evaluate(async (q) => {
        const res = await window.pf.search(q);
        const all = await Promise.all(res.results.map((x) => x.data()));
        return all.map((d) => d.url.replace(/^\//, ""));
      }, q);
      const expected = new Set(truth[q]);
      const found = urls.filter((u) => expected.has(u)).length;
      rows.pagefind[name].push({ q, ms: r.ms, bytes, requests, recall: expected.size ? found / expected.size : 1, wrong: urls.length - found, truth: expected.size });
      await s.context.close();
    }
  }
  await browser.close();
  kuniServer.server.close();
  pfServer.server.close();

  const line = (label, r, kind) => {
    const xs = r[kind];
    return `| ${label} | ${kind === "one" ? "one word" : "three words"} | ${kb(median(xs.map((x) => x.bytes)))} (max ${kb(Math.max(...xs.map((x) => x.bytes)))}) | ${median(xs.map((x) => x.requests))} | ${median(xs.map((x) => x.ms)).toFixed(0)} ms (max ${Math.max(...xs.map((x) => x.ms)).toFixed(0)}) | ${Math.min(...xs.map((x) => x.recall)).toFixed(2)} (mean ${(xs.reduce((a, x) => a + x.recall, 0) / xs.length).toFixed(3)}) | ${xs.reduce((a, x) => a + x.wrong, 0)} |`;
  };
  console.log(`\nSite search at ${N} reports, served gzipped on 127.0.0.1, cold queries in Chromium (${ONE.length} one-word and ${THREE.length} three-word queries)\n`);
  console.log(`| engine | search page before the first query |\n|---|---|`);
  console.log(`| Kuni | ${kb(rows.kuni.page)} in ${rows.kuni.pageReq} requests |`);
  console.log(`| Pagefind ${pfVersion} | ${kb(rows.pagefind.page)} in ${rows.pagefind.pageReq} requests |\n`);
  console.log(`| engine | query | bytes per cold query, median | requests | time to first 10 results, median | recall, worst query | wrong pages, total |\n|---|---|---|---|---|---|---|`);
  for (const kind of ["one", "three"]) {
    console.log(line("Kuni", rows.kuni, kind));
    console.log(line(`Pagefind ${pfVersion}`, rows.pagefind, kind));
  }
  console.log("\nPer query (Kuni bytes/ms/recall | Pagefind bytes/ms/recall; truth = pages):");
  for (const kind of ["one", "three"]) rows.kuni[kind].forEach((k, i) => {
    const p = rows.pagefind[kind][i];
    console.log(`  ${k.q}: ${kb(k.bytes)} ${k.ms.toFixed(0)} ms ${k.recall.toFixed(2)} | ${kb(p.bytes)} ${p.ms.toFixed(0)} ms ${p.recall.toFixed(2)}; truth ${k.truth}`);
  });
  if (!process.env.KUNI_BENCH_KEEP) rmSync(work, { recursive: true, force: true });
  else console.error("bench-site: kept " + work);
}

main().catch((e) => { console.error(e); process.exit(1); });
