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
import { ACTIVE_CONTENT as ACTIVE } from "../fixtures/active-content.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const kuni = process.env.KUNI_CLI_BIN || join(process.env.CARGO_TARGET_DIR || join(root, "target"), "debug/kuni");
const chromiumPath = process.env.CHROMIUM_BIN || "/usr/bin/chromium";
const SECRET = "下書きにだけある秘密の文";

let work, site, browser;

function run(args) {
  return execFileSync(kuni, args, {
    env: { ...process.env, KUNI_TODAY: "2026-11-22", KUNI_CONFIG_DIR: join(work, "config") },
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
  for (const id of ["vn.ja", "vn.en", "th.ja", "ke.ja"]) {
    run(["--library", lib, "publish", id, "--note", "初版を公開"]);
  }
  // A later draft edit that must never reach the site.
  const vn = join(lib, "vn.ja.md");
  writeFileSync(vn, readFileSync(vn, "utf8").replace("## 留意点\n", `## 留意点\n\n${SECRET}。\n`));
  site = join(work, "site");
  run(["--library", lib, "site", "--out", site]);
});

after(async () => {
  if (browser) await browser.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function openPage(width = 1280, height = 900) {
  browser ??= await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const context = await browser.newContext({ viewport: { width, height } });
  const outside = [];
  const errors = [];
  const siteUrl = pathToFileURL(site).href + "/";
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
  return { page, context, outside, errors, url };
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
  await page.waitForSelector("#results li");
  const status = await page.textContent("#search-status");
  assert.match(status, /1 件/);
  const first = page.locator("#results li a").first();
  assert.equal(await first.locator(".result-heading").textContent(), "薬事制度 › 表示（ラベル）");
  assert.equal(await page.locator("#results mark").first().textContent(), "補助ラベル");

  await first.click();
  await page.waitForURL(/reports\/vn\.ja\.html#/);
  const target = await page.evaluate(() => {
    const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el) return null;
    const box = el.getBoundingClientRect();
    return { tag: el.tagName, text: el.textContent, top: box.top, inView: box.top >= 0 && box.top < innerHeight };
  });
  assert.deepEqual({ tag: target.tag, text: target.text, inView: target.inView }, {
    tag: "H3", text: "表示（ラベル）", inView: true,
  });

  assert.deepEqual(outside, [], "no request outside the site folder");
  assert.deepEqual(errors, [], "no console errors (CSP allows the site's own scripts on file://)");
  await context.close();
});

test("drafts never appear: their text is not found and unpublished reports have no page", async () => {
  const { page, context, outside, errors, url } = await openPage();
  await page.goto(url("search.html?q=" + encodeURIComponent(SECRET)));
  await page.waitForFunction(() => document.getElementById("search-status").textContent.includes("ありませんでした"));
  assert.equal(await page.locator("#results li").count(), 0);
  const links = await page.evaluate(() => window.KUNI_SEARCH_INDEX.reports.map((r) => r.id));
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
        active: main.querySelectorAll("script, iframe, object, embed, svg").length,
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
