// The static website in a real browser: headless Chromium (Debian's package) driven by
// playwright-core, the site opened from disk (file://) with no server. The test builds the
// site itself from a copy of the bundled reports with a few published, and fails on any
// request that leaves the site folder and on any console error (a CSP violation included).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, cpSync, readFileSync, readdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { ACTIVE_CONTENT as ACTIVE } from "../fixtures/active-content.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const kuni = process.env.KUNI_CLI_BIN || join(process.env.CARGO_TARGET_DIR || join(root, "target"), "debug/kuni");
const chromiumPath = process.env.CHROMIUM_BIN || "/usr/bin/chromium";
const SECRET = "下書きにだけある秘密の文";

const AXE = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
const AXE_VERSION = JSON.parse(readFileSync(join(here, "node_modules/axe-core/package.json"), "utf8")).version;
const BASE_URL = "https://reports.example.go.jp/kuni/";

let work, site, siteWithBase, browser;

function run(args) {
  return execFileSync(kuni, args, {
    env: { ...process.env, KUNI_TODAY: "2026-12-07", KUNI_CONFIG_DIR: join(work, "config") },
    encoding: "utf8",
  });
}

before(() => {
  work = mkdtempSync(join(tmpdir(), "kuni-site-test-"));
  const lib = join(work, "lib");
  cpSync(join(root, "reports"), lib, { recursive: true });
  // Kenya's published text carries active content; the site must keep it inert.
  const ke = join(lib, "ke.ja.md");
  writeFileSync(ke, readFileSync(ke, "utf8").replace("## 留意点\n", `## 留意点\n\n${ACTIVE}\n`));
  // English text with a hyphenated term, for the missing space or hyphen rule.
  const vnEn = join(lib, "vn.en.md");
  writeFileSync(vnEn, readFileSync(vnEn, "utf8").replace(/\n## /, "\n\nDevices with CE marking are registered faster.\n\n## "));
  for (const id of ["vn.ja", "vn.en", "th.ja", "ke.ja"]) {
    run(["--library", lib, "publish", id, "--note", "初版を公開"]);
  }
  // A later draft edit that must never reach the site.
  const vn = join(lib, "vn.ja.md");
  writeFileSync(vn, readFileSync(vn, "utf8").replace("## 留意点\n", `## 留意点\n\n${SECRET}。\n`));
  site = join(work, "site");
  run(["--library", lib, "site", "--out", site]);
  siteWithBase = join(work, "site-base");
  run(["--library", lib, "site", "--out", siteWithBase, "--base-url", BASE_URL.replace(/\/$/, "")]);
});

after(async () => {
  if (browser) await browser.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function launch() {
  browser ??= await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  return browser;
}

async function openPage(width = 1280, height = 900, root = site, bypassCSP = false) {
  await launch();
  const context = await browser.newContext({ viewport: { width, height }, bypassCSP });
  const outside = [];
  const errors = [];
  const siteUrl = pathToFileURL(root).href + "/";
  // Anything that is not a file of the site is recorded and refused.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(siteUrl)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(siteUrl)) outside.push(r.url());
  });
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  const url = (path) => siteUrl + path;
  const loaded = [];
  page.on("requestfinished", (r) => loaded.push(r.url().slice(siteUrl.length)));
  return { page, context, outside, errors, url, loaded };
}

// Waits until the search page has run its query (search.js marks the document).
async function searched(page) {
  await page.waitForSelector("html[data-search]");
  assert.equal(await page.getAttribute("html", "data-search"), "done", await page.textContent("#search-status"));
}

// Runs a query on the search page: the reports and sections found (ids "report#anchor").
async function query(page, url, q) {
  await page.goto(url("search.html?q=" + encodeURIComponent(q)));
  await searched(page);
  return page.evaluate(async (q) => {
    const K = window.KuniSearch;
    const res = await K.run(K.parse(q));
    const out = [];
    for (const g of res.reports) {
      await K.loadText(g.index);
      for (const s of g.sections) out.push(g.report[0] + "#" + K.store.texts[g.index][s.doc - g.report[6]][0]);
    }
    return { reports: res.reports.map((g) => g.report[0]), sections: out.sort(), warnings: res.warnings };
  }, q);
}

test("search a Japanese word from the top page and follow the result to its section", async () => {
  const { page, context, outside, errors, url } = await openPage();
  await page.goto(url("index.html"));
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  assert.equal(await page.locator("main h1").count(), 1);
  assert.ok((await page.locator("h2").allTextContents()).includes("東南アジア"));

  // Half-width katakana: found through the same normalisation as the app (ﾗﾍﾞﾙ = ラベル).
  await page.fill("#site-q", "補助ﾗﾍﾞﾙ");
  await page.press("#site-q", "Enter");
  await page.waitForURL(/search\.html\?q=/);
  await searched(page);
  assert.match(await page.textContent("#search-status"), /1 件のレポート（1 か所）/);
  const report = page.locator("#results > li").first();
  assert.equal(await report.locator("h2").textContent(), "ベトナム 医療機器・ヘルスケア市場 カントリーレポート");
  const first = report.locator(".result-section a").first();
  assert.equal(await first.locator(".result-heading").textContent(), "薬事制度 › 表示（ラベル）");
  assert.equal(await page.locator("#results .snippet mark").first().textContent(), "補助ラベル");

  await first.click();
  await page.waitForURL(/reports\/vn\.ja\.html\?q=.*#/);
  await page.waitForSelector("html[data-highlight]");
  const target = await page.evaluate(() => {
    const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const mark = document.querySelector("mark.search-hit-first");
    const box = mark.getBoundingClientRect();
    return {
      tag: el.tagName, text: el.textContent, mark: mark.textContent,
      inView: box.top >= 0 && box.bottom <= innerHeight,
      after: !!(el.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING),
      note: document.querySelector(".search-note").textContent,
    };
  });
  assert.deepEqual(target, {
    tag: "H3", text: "表示（ラベル）", mark: "補助ラベル", inView: true, after: true,
    note: "検索語「補助ﾗﾍﾞﾙ」を 1 か所強調表示しています。 強調を解除",
  });

  assert.deepEqual(outside, [], "no request outside the site folder");
  assert.deepEqual(errors, [], "no console errors (CSP allows the site's own scripts on file://)");
  await context.close();
});

test("drafts never appear: their text is not found and unpublished reports have no page", async () => {
  const { page, context, outside, errors, url } = await openPage();
  await page.goto(url("search.html?q=" + encodeURIComponent(SECRET)));
  await searched(page);
  assert.match(await page.textContent("#search-status"), /ありませんでした/);
  assert.equal(await page.locator("#results li").count(), 0);
  const links = await page.evaluate(() => window.KuniSearch.store.meta.reports.map((r) => r[0]));
  assert.deepEqual(links.sort(), ["ke.ja", "th.ja", "vn.en", "vn.ja"]);
  const missing = await page.goto(url("reports/in.ja.html")).catch(() => null);
  assert.ok(!missing || !missing.ok(), "no page for a report that was never published");
  assert.deepEqual(outside, []);
  assert.deepEqual(errors.filter((e) => !e.includes("in.ja.html")), []);
  await context.close();
});

test("the search script normalises like the engine", async () => {
  const { page, context, url } = await openPage();
  await page.goto(url("search.html"));
  const cases = JSON.parse(readFileSync(join(here, "normalize-cases.json"), "utf8"));
  const got = await page.evaluate((cs) => cs.map(([input]) => window.KuniSearch.normalize(input)), cases);
  assert.deepEqual(got, cases.map(([, expected]) => expected));
  // Tokens as src/site/keys.rs makes them (the same file is checked against the Rust side).
  const keyCases = JSON.parse(readFileSync(join(here, "key-cases.json"), "utf8"));
  const keys = await page.evaluate(
    (cs) => cs.map(([input]) => window.KuniSearch.tokens(input, 0).map((t) => [t.key, t.pos])),
    keyCases,
  );
  assert.deepEqual(keys, keyCases.map(([, expected]) => expected));
  await context.close();
});

test("each report page opens with the summary, its strips SVGs with a title and a description; the top page shows every published country", async () => {
  const { page, context, outside, errors, url } = await openPage();
  const published = ["vn.ja", "vn.en", "th.ja", "ke.ja"];
  for (const id of published) {
    await page.goto(url(`reports/${id}.html`));
    const summary = page.locator("section.summary");
    assert.equal(await summary.count(), 1, `${id} has one summary`);
    // Before the body: the summary is what a reader meets first.
    const first = await page.evaluate(() => {
      const s = document.querySelector("section.summary");
      const b = document.querySelector("article.report-body");
      return Boolean(s.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert.ok(first, `${id}: the summary comes before the body`);
    const heading = await summary.locator("h2").textContent();
    assert.equal(heading, id.endsWith(".en") ? "Summary" : "概要");
    assert.ok((await summary.locator("table.summary-routes tbody tr").count()) >= 1, `${id}: routes per class`);
    const svgs = await summary.locator("svg").evaluateAll((all) =>
      all.map((s) => ({
        title: s.querySelector("title")?.textContent ?? "",
        desc: s.querySelector("desc")?.textContent ?? "",
        role: s.getAttribute("role"),
        labelledby: (s.getAttribute("aria-labelledby") ?? "").split(" ").every((i) => document.getElementById(i)),
      })),
    );
    assert.ok(svgs.length >= 1, `${id}: the indicators have strips`);
    for (const s of svgs) {
      assert.ok(s.title.trim() && s.desc.trim(), `${id}: an SVG without a title or description: ${JSON.stringify(s)}`);
      assert.equal(s.role, "img");
      assert.ok(s.labelledby, `${id}: aria-labelledby names the title and desc`);
    }
  }
  await page.goto(url("index.html"));
  const cards = await page.locator(".overview-cards li").evaluateAll((all) => all.map((li) => li.textContent));
  for (const [code, name] of [["VN", "ベトナム"], ["TH", "タイ"], ["KE", "ケニア"]]) {
    const card = cards.find((c) => c.includes(code) && c.includes(name));
    assert.ok(card, `the overview shows ${name} (${code}): ${JSON.stringify(cards)}`);
    assert.match(card, /第 \d+ 版/);
    assert.match(card, /要確認 \d+ 件/);
  }
  assert.equal(cards.length, 3, "one card per published country, editions together");
  const chart = page.locator(".overview-chart svg");
  assert.equal(await chart.count(), 1);
  assert.ok((await chart.locator("title").textContent()).trim());
  const labels = await chart.locator("text").allTextContents();
  for (const name of ["ベトナム", "タイ", "ケニア"]) assert.ok(labels.includes(name), `the chart names ${name}`);
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("pages fit a phone screen and the comparison matrix scrolls inside its box", async () => {
  const { page, context, outside, errors, url } = await openPage(390, 844);
  for (const path of ["index.html", "reports/th.ja.html", "compare.html", "search.html?q=%E7%99%BB%E9%8C%B2"]) {
    await page.goto(url(path));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone`);
    assert.equal(await page.locator("main").count(), 1, `${path} has one main landmark`);
    assert.equal(await page.locator("img:not([alt])").count(), 0, `${path}: every image has alt text`);
  }
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("active content in a published report stays inert on the site, even when clicked", async () => {
  const { page, context, outside, errors, url } = await openPage();
  try {
    const pages = readdirSync(site, { recursive: true }).filter((f) => String(f).includes("ke") && String(f).endsWith(".html"));
    assert.ok(pages.length > 0, "Kenya has a page");
    await page.goto(url(String(pages[0])));
    // The hostile links (texts x, d, click) are clicked; the page's own links are left alone.
    await page.evaluate(() =>
      document.querySelectorAll("main a").forEach((a) => ["x", "d", "click"].includes(a.textContent.trim()) && a.click()),
    );
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => {
      const main = document.querySelector("main");
      const html = main.innerHTML.toLowerCase();
      return {
        pwned: window.__pwned ?? null,
        // The summary's charts are the site's own SVG (checked for handlers below); none
        // may come from the report's text.
        active:
          main.querySelectorAll("script, iframe, object, embed").length +
          [...main.querySelectorAll("svg")].filter((s) => !s.closest("section.summary, .overview-chart")).length,
        handlers: /\son[a-z]+=/.test(html),
        js: html.includes("javascript:"),
        data: html.includes("data:text"),
      };
    });
    assert.deepEqual(state, { pwned: null, active: 0, handlers: false, js: false, data: false });
    assert.deepEqual(outside, [], "no request left the site folder");
  } finally {
    await context.close();
  }
  assert.ok(errors.every((e) => !/pwned/.test(e)), errors.join("\n"));
});

test("no file of the site loads anything from an absolute http(s) address", () => {
  const resource = [
    /<(?:script|img|iframe|audio|video|source|embed)\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?\/\//i,
    /<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?\/\//i,
    /url\(\s*["']?\s*(?:https?:)?\/\//i,
    /@import\s+["']?(?:https?:)?\/\//i,
    /\b(?:fetch|import)\s*\(\s*["'`](?:https?:)?\/\//i,
  ];
  const files = readdirSync(site, { recursive: true }).map(String).filter((f) => /\.(html|js|css)$/.test(f));
  assert.ok(files.length > 3, "the site has pages, a script and a style sheet");
  for (const f of files) {
    const text = readFileSync(join(site, f), "utf8");
    for (const re of resource) assert.doesNotMatch(text, re, `${f} loads a remote resource`);
  }
});

test(
  "the site test runs with networking cut off",
  { skip: process.env.KUNI_SITE_OFFLINE === "1" ? false : "run.sh could not create a network namespace on this machine (see its message)" },
  () => {
    const interfaces = readFileSync("/proc/net/dev", "utf8")
      .split("\n")
      .slice(2)
      .map((l) => l.split(":")[0].trim())
      .filter(Boolean);
    assert.deepEqual(interfaces, ["lo"], "only loopback exists, so every page above worked offline");
  },
);

test("the query language of kuni search: phrases, OR, exclusions, filters, Latin terms split or joined", async () => {
  const { page, context, errors, url } = await openPage();
  const reportsOf = async (q) => (await query(page, url, q)).reports.sort();
  // ISO13485 typed without the space finds ISO 13485; so does ISO-13485.
  const iso = await reportsOf("ISO 13485");
  assert.deepEqual(iso, ["ke.ja", "th.ja", "vn.en", "vn.ja"]);
  assert.deepEqual(await reportsOf("ISO13485"), iso);
  assert.deepEqual(await reportsOf("iso-13485"), iso);
  assert.deepEqual(await reportsOf("CE-marking"), ["vn.en"]);
  assert.deepEqual(await reportsOf("CE marking"), ["vn.en"]);
  // A Latin word typed in part finds its endings; a phrase does not.
  assert.ok((await reportsOf("regist")).includes("vn.en"));
  assert.deepEqual(await reportsOf('"regist"'), []);
  // Filters and exclusions.
  assert.deepEqual(await reportsOf("ISO13485 country:VN"), ["vn.en", "vn.ja"]);
  assert.deepEqual(await reportsOf("ISO13485 lang:en"), ["vn.en"]);
  assert.deepEqual(await reportsOf("ISO13485 -country:VN"), ["ke.ja", "th.ja"]);
  assert.deepEqual(await reportsOf("ISO13485 region:アフリカ"), ["ke.ja"]);
  // OR: either word; AND: both in one section; -word removes sections.
  const a = await query(page, url, "ケニア");
  const b = await query(page, url, "タイ");
  const either = await query(page, url, "ケニア OR タイ");
  assert.deepEqual(either.sections, [...new Set([...a.sections, ...b.sections])].sort());
  const without = await query(page, url, "ISO13485 -ケニア");
  const iso13485 = await query(page, url, "ISO13485");
  assert.ok(without.sections.length < iso13485.sections.length);
  assert.ok(without.sections.every((s) => iso13485.sections.includes(s) && !a.sections.includes(s)));
  // One Japanese character is found inside words, as in the app, and marked alone.
  const one = await query(page, url, "薬");
  assert.deepEqual(one.reports.sort(), ["ke.ja", "th.ja", "vn.ja"]);
  assert.deepEqual(one.warnings, []);
  assert.equal(await page.locator("#results .snippet mark").first().textContent(), "薬");
  // 「…」 and "…" are phrases; an unbalanced quote is explained.
  assert.deepEqual((await query(page, url, "「医療機器」")).sections, (await query(page, url, '"医療機器"')).sections);
  assert.match((await query(page, url, "「医療機器")).warnings.join(), /閉じていない/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("recall: every section whose text holds a Japanese query is found (exact substring truth)", async () => {
  const { page, context, url } = await openPage();
  await page.goto(url("search.html"));
  const queries = ["登録", "医療機器", "現地代理人", "補助ﾗﾍﾞﾙ", "輸入", "ライセンス", "保険", "代理人", "期間", "メーカー", "ガイドライン",
    "薬事", "認証", "申請", "ISO 13485", "病院", "市場", "価格", "薬", "器", "ー"];
  const result = await page.evaluate(async (queries) => {
    const K = window.KuniSearch, meta = K.store.meta;
    await Promise.all(meta.reports.map((_, i) => K.loadText(i)));
    const out = [];
    for (const q of queries) {
      const term = K.normalize(q);
      const truth = [];
      meta.reports.forEach((r, i) => K.store.texts[i].forEach((s, j) => {
        // A section's own heading is searched (s[1] is its path, shown in the results).
        if (K.normalize(s[1].split(" › ").pop()).includes(term) || K.normalize(s[2]).includes(term)) truth.push(r[6] + j);
      }));
      const res = await K.run(K.parse(q));
      const got = new Set();
      res.reports.forEach((g) => g.sections.forEach((s) => got.add(s.doc)));
      out.push({ q, truth: truth.length, missed: truth.filter((d) => !got.has(d)).length, extra: got.size - truth.filter((d) => got.has(d)).length });
    }
    return out;
  }, queries);
  for (const r of result) {
    assert.ok(r.truth > 0, `${r.q} occurs on the site`);
    assert.equal(r.missed, 0, `${r.q}: ${r.missed} of ${r.truth} sections missed`);
  }
  console.log("recall: " + result.map((r) => `${r.q} ${r.truth}/${r.truth} (+${r.extra})`).join(", "));
  await context.close();
});

test("a query loads only the search page, its own index shards and the shown reports' texts", async () => {
  const { page, context, url, loaded } = await openPage();
  await page.goto(url("search.html?q=" + encodeURIComponent("現地代理人 登録")));
  await searched(page);
  const meta = await page.evaluate(() => window.KuniSearch.store.meta);
  const shards = loaded.filter((f) => f.startsWith("assets/search/k/"));
  const texts = loaded.filter((f) => f.startsWith("assets/search/t/"));
  const keys = await page.evaluate(() => ["現地代理人", "登録"].flatMap((t) => window.KuniSearch.keys(t)));
  const want = [...new Set(keys.map((k) => page.evaluate(([k, n]) => window.KuniSearch.shardOf(k, n), [k, meta.shards])))];
  const wanted = new Set(await Promise.all(want));
  assert.ok(meta.shards > 1, "the index is split");
  assert.equal(shards.length, wanted.size, `shards loaded: ${shards.join(" ")}`);
  assert.ok(texts.length <= Math.min(10, meta.reports.length));
  assert.ok(!loaded.some((f) => f.includes("search-index")), "no whole-index file");
  await context.close();
});

test("axe-core finds no WCAG 2.1 A/AA violation on any kind of page", async () => {
  // The pages' CSP would refuse the injected axe script; the other tests run under it.
  const { page, context, errors, url } = await openPage(1280, 900, site, true);
  const pages = [
    "index.html", "reports/vn.ja.html", "reports/vn.en.html", "compare.html",
    "search.html?q=" + encodeURIComponent("登録"), "updates.html", "accessibility.html",
    "reports/vn.ja.html?q=" + encodeURIComponent("登録") + "#" + encodeURIComponent("薬事制度"),
  ];
  const ja = JSON.parse(readFileSync(join(here, "node_modules/axe-core/locales/ja.json"), "utf8"));
  for (const path of pages) {
    await page.goto(url(path));
    if (path.startsWith("search")) await searched(page);
    if (path.includes("?q=") && path.startsWith("reports")) await page.waitForSelector("html[data-highlight]");
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(async (locale) => {
      window.axe.configure({ locale });
      const r = await window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      });
      const brief = (list) => list.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
      return { violations: brief(r.violations), incomplete: brief(r.incomplete), passes: r.passes.length };
    }, ja);
    console.log(`axe ${path}: ${result.passes} rules passed, ${result.violations.length} violations, ${result.incomplete.length} to check by hand` +
      result.incomplete.map((i) => `\n  incomplete ${i.id} (${i.help}): ${i.nodes.join(", ")}`).join(""));
    assert.deepEqual(result.violations, [], `${path}: ${JSON.stringify(result.violations, null, 1)}`);
    assert.ok(result.passes > 10, `${path}: axe ran`);
  }
  // axe itself tries to read the style sheet with XMLHttpRequest, which file:// refuses; any
  // other error counts.
  const axeOwn = errors.filter((e) => e.includes("Access to XMLHttpRequest at") && e.endsWith("isolated-app.")).length;
  const failed = errors.filter((e) => e === "Failed to load resource: net::ERR_FAILED").length;
  assert.equal(failed, axeOwn, errors.join("\n"));
  assert.deepEqual(errors.filter((e) => !e.includes("Access to XMLHttpRequest at") && e !== "Failed to load resource: net::ERR_FAILED"), []);
  await context.close();
});

test("keyboard only: skip link, visible focus, search typed and its results opened, no focus trap", async () => {
  const { page, context, errors, url } = await openPage();
  await page.goto(url("index.html"));
  // The first Tab reaches the skip link, which becomes visible and moves to the main content.
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const a = document.activeElement, box = a.getBoundingClientRect();
    return { text: a.textContent, visible: box.left >= 0 && box.width > 0 };
  });
  assert.deepEqual(skip, { text: "本文へ移動", visible: true });
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => location.hash), "#main");
  // Every focused control shows a focus ring (outline or halo) that differs from its resting look.
  const focusStyles = await page.evaluate(() => {
    const seen = [];
    for (const el of document.querySelectorAll("a[href], input, button")) {
      el.focus({ focusVisible: true });
      const s = getComputedStyle(el);
      seen.push(s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2);
    }
    return seen;
  });
  assert.ok(focusStyles.length > 5 && focusStyles.every(Boolean), "every control has a visible focus indicator");
  // Search from the header box with the keyboard alone.
  await page.focus("body");
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement.id === "site-q");
  }
  assert.ok(reached, "the search box is reachable with Tab");
  await page.keyboard.type("現地代理人");
  await page.keyboard.press("Enter");
  await page.waitForURL(/search\.html/);
  await searched(page);
  // Tab from the search box walks to the first result link; Enter opens it.
  await page.focus("#search-page-q");
  let onResult = false;
  for (let i = 0; i < 20 && !onResult; i++) {
    await page.keyboard.press("Tab");
    onResult = await page.evaluate(() => !!document.activeElement.closest("#results"));
  }
  assert.ok(onResult, "a result is reachable with Tab");
  const href = await page.evaluate(() => document.activeElement.getAttribute("href"));
  assert.match(href, /^reports\/.+\?q=/);
  await page.keyboard.press("Enter");
  await page.waitForURL(/reports\//);
  await page.waitForSelector("html[data-highlight]");
  // No trap: Tab goes through every focusable element of the report page and out the end.
  const count = await page.evaluate(() => document.querySelectorAll("a[href], input, button, [tabindex='0']").length);
  const visited = new Set();
  for (let i = 0; i < count + 5; i++) {
    await page.keyboard.press("Tab");
    visited.add(await page.evaluate(() =>
      [...document.querySelectorAll("a[href], input, button, [tabindex='0']")].indexOf(document.activeElement),
    ));
  }
  visited.delete(-1);
  assert.equal(visited.size, count, `Tab visited ${visited.size} of ${count} focusable elements`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the accessibility page states the target level, the tests and the date", () => {
  const html = readFileSync(join(site, "accessibility.html"), "utf8");
  assert.match(html, /<h1>アクセシビリティ方針<\/h1>/);
  assert.match(html, /JIS X 8341-3:2016/);
  assert.match(html, /適合レベル AA/);
  assert.ok(html.includes(`axe-core ${AXE_VERSION}`), "names the axe-core version the test runs");
  assert.match(html, /試験日<\/dt><dd><time datetime="\d{4}-\d\d-\d\d">/);
  assert.match(readFileSync(join(site, "index.html"), "utf8"), /href="accessibility.html">アクセシビリティ方針</);
});

test("feeds and discovery: Atom feed, sitemap, hreflang, canonical and OpenGraph with --base-url", async () => {
  const { page, context, url } = await openPage(1280, 900, siteWithBase);
  await page.goto(url("index.html"));
  const parsed = await page.evaluate(async (files) => {
    const out = {};
    for (const [name, text] of Object.entries(files)) {
      const doc = new DOMParser().parseFromString(text, "application/xml");
      out[name] = doc.querySelector("parsererror") ? "invalid" : doc;
    }
    const feed = out.feed, map = out.sitemap;
    if (feed === "invalid" || map === "invalid") return out;
    const entries = [...feed.querySelectorAll("entry")].map((e) => ({
      title: e.querySelector("title").textContent,
      updated: e.querySelector("updated").textContent,
      page: e.querySelector("link[rel=alternate]").getAttribute("href"),
      pdf: e.querySelector("link[rel=enclosure]")?.getAttribute("href") ?? null,
      summary: e.querySelector("summary").textContent,
    }));
    return { entries, feedId: feed.querySelector("feed > id").textContent, locs: [...map.querySelectorAll("loc")].map((l) => l.textContent) };
  }, {
    feed: readFileSync(join(siteWithBase, "feed.xml"), "utf8"),
    sitemap: readFileSync(join(siteWithBase, "sitemap.xml"), "utf8"),
  });
  assert.notEqual(parsed.feed, "invalid");
  assert.equal(parsed.feedId, BASE_URL + "feed.xml");
  const vn = parsed.entries.find((e) => e.page === BASE_URL + "reports/vn.ja.html");
  assert.ok(vn, JSON.stringify(parsed.entries));
  assert.match(vn.title, /^ベトナム .* 第 \d+ 版$/);
  assert.equal(vn.summary, "初版を公開");
  assert.match(vn.updated, /^2026-12-07T00:00:00Z$/);
  assert.match(vn.pdf, new RegExp("^" + BASE_URL + "pdf/.+\\.pdf$"));
  assert.ok(parsed.locs.includes(BASE_URL + "reports/vn.en.html") && parsed.locs.includes(BASE_URL + "index.html"));
  assert.match(readFileSync(join(siteWithBase, "robots.txt"), "utf8"), new RegExp("Sitemap: " + BASE_URL + "sitemap.xml"));
  // Every feed link and sitemap address is a file of the site.
  for (const e of parsed.entries) for (const l of [e.page, e.pdf].filter(Boolean)) {
    assert.ok(readFileSync(join(siteWithBase, decodeURIComponent(l.slice(BASE_URL.length)))), l);
  }

  await page.goto(url("reports/vn.ja.html"));
  const head = await page.evaluate(() => ({
    canonical: document.querySelector("link[rel=canonical]").href,
    alternates: [...document.querySelectorAll("link[hreflang]")].map((l) => [l.hreflang, l.href]),
    og: Object.fromEntries([...document.querySelectorAll("meta[property^='og:']")].map((m) => [m.getAttribute("property"), m.content])),
  }));
  assert.deepEqual(head.canonical, BASE_URL + "reports/vn.ja.html");
  assert.deepEqual(head.alternates, [["ja", BASE_URL + "reports/vn.ja.html"], ["en", BASE_URL + "reports/vn.en.html"]]);
  assert.equal(head.og["og:type"], "article");
  assert.equal(head.og["og:url"], BASE_URL + "reports/vn.ja.html");
  assert.equal(head.og["og:locale"], "ja_JP");
  // Without a base URL: hreflang links are relative, no canonical or OpenGraph, no sitemap.
  const plain = readFileSync(join(site, "reports/vn.en.html"), "utf8");
  assert.match(plain, /<link rel="alternate" hreflang="ja" href="..\/reports\/vn.ja.html">/);
  assert.doesNotMatch(plain, /rel="canonical"|og:/);
  assert.throws(() => readFileSync(join(site, "sitemap.xml")));
  await context.close();
});

test("the server configurations send the security headers", () => {
  for (const f of ["server/nginx.conf", "server/apache.conf"]) {
    const conf = readFileSync(join(site, f), "utf8");
    for (const h of ["Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Strict-Transport-Security"]) {
      assert.ok(conf.includes(h), `${f} sets ${h}`);
    }
    assert.ok(conf.includes("frame-ancestors 'none'") && conf.includes('"DENY"') && conf.includes('"nosniff"'), f);
    // The header policy is the pages' own plus frame-ancestors.
    const page = readFileSync(join(site, "index.html"), "utf8").match(/Content-Security-Policy" content="([^"]+)"/)[1];
    assert.ok(conf.includes(`"${page}; frame-ancestors 'none'"`), f);
  }
});

test("the search page searches as you type and the address follows", async () => {
  const { page, context, errors, url } = await openPage();
  await page.goto(url("search.html?q=" + encodeURIComponent("ISO13485")));
  await searched(page);
  assert.match(await page.textContent("#search-status"), /4 件のレポート/);
  await page.fill("#search-page-q", "");
  await page.locator("#search-page-q").pressSequentially("現地代理人 country:KE", { delay: 20 });
  await page.waitForFunction(() => document.getElementById("search-status").textContent.includes("現地代理人 country:KE"));
  await searched(page);
  assert.match(await page.textContent("#search-status"), /1 件のレポート/);
  assert.deepEqual(await page.locator("#results > li").evaluateAll((ls) => ls.map((l) => l.querySelector("h2 a").getAttribute("href").split("?")[0])), ["reports/ke.ja.html"]);
  assert.equal(new URL(page.url()).searchParams.get("q"), "現地代理人 country:KE");
  assert.deepEqual(errors, []);
  await context.close();
});

test("served over HTTP with the configurations' headers, search and highlighting work under the CSP", async () => {
  const conf = readFileSync(join(site, "server/nginx.conf"), "utf8");
  const headers = Object.fromEntries([...conf.matchAll(/add_header (\S+) "([^"]+)" always;/g)].map((m) => [m[1], m[2]]));
  assert.match(headers["Content-Security-Policy"], /frame-ancestors 'none'/);
  const missing = [];
  const types = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };
  const server = createServer((req, res) => {
    const path = join(site, decodeURIComponent(new URL(req.url, "http://x").pathname));
    let body;
    try { body = readFileSync(path); } catch { missing.push(req.url); res.writeHead(404, headers); res.end(); return; }
    res.writeHead(200, { ...headers, "content-type": types[path.split(".").pop()] || "application/octet-stream" });
    res.end(body);
  });
  const context = await (await launch()).newContext();
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.goto(base + "search.html?q=" + encodeURIComponent("現地代理人"));
    await searched(page);
    assert.match(await page.textContent("#search-status"), /件のレポート/);
    await page.locator("#results .result-section a").first().click();
    await page.waitForSelector("html[data-highlight]");
    // The browser asks for /favicon.ico on its own; the site has none (nothing else may be missing).
    assert.ok(missing.every((u) => u === "/favicon.ico"), missing.join(" "));
    assert.deepEqual(errors.filter((e) => !e.includes("404 (Not Found)")), [], "no CSP violation with the header policy");
  } finally {
    await context.close();
    server.closeAllConnections();
    server.close();
  }
});
