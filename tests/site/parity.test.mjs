// One query language, one meaning: the website's search gives the same reports as
// `kuni search` (the engine the app uses) for the queries of tests/fixtures/query-parity.json,
// which exercise `-`, OR, quotes and filters. The site is built from a copy of the bundled
// reports with every one published unchanged, so the two search the same text.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const kuni = process.env.KUNI_CLI_BIN || join(process.env.CARGO_TARGET_DIR || join(root, "target"), "debug/kuni");
const chromiumPath = process.env.CHROMIUM_BIN || "/usr/bin/chromium";
const { queries } = JSON.parse(readFileSync(join(root, "tests/fixtures/query-parity.json"), "utf8"));

let work, lib, site, browser;

function run(args) {
  return execFileSync(kuni, ["--library", lib, ...args], {
    env: { ...process.env, KUNI_TODAY: "2026-12-07", KUNI_CONFIG_DIR: join(work, "config"), KUNI_CACHE_DIR: join(work, "cache") },
    encoding: "utf8",
  });
}

before(() => {
  work = mkdtempSync(join(tmpdir(), "kuni-parity-"));
  lib = join(work, "lib");
  cpSync(join(root, "reports"), lib, { recursive: true });
  const ids = readdirSync(lib).filter((f) => /^[a-z]{2}\.(ja|en)\.md$/.test(f)).map((f) => f.replace(/\.md$/, ""));
  assert.ok(ids.length >= 20, `the bundled reports: ${ids}`);
  for (const id of ids) run(["publish", id, "--note", "初版を公開"]);
  site = join(work, "site");
  run(["site", "--out", site]);
});

after(async () => {
  if (browser) await browser.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

// The engine's reports for `q`, all of them (the library has fewer than 100).
function engine(q) {
  return JSON.parse(run(["search", "--json", "--limit", "100", q])).reports.map((r) => r.id).sort();
}

test("the site and kuni search give the same reports for -, OR, quotes and filters", async () => {
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(join(site, "search.html")).href);
  await page.waitForFunction(() => window.KuniSearch && window.KuniSearch.store.meta);
  const rows = [];
  for (const { q, includes = [], excludes = [] } of queries) {
    const onSite = (await page.evaluate(async (q) => {
      const K = window.KuniSearch;
      return (await K.run(K.parse(q))).reports.map((g) => g.report[0]);
    }, q)).sort();
    const inEngine = engine(q);
    rows.push(`${q} → ${inEngine.length}`);
    assert.deepEqual(onSite, inEngine, `${q}: the site (left) and kuni search (right) differ`);
    assert.ok(inEngine.length > 0, `${q}: finds something`);
    for (const id of includes) assert.ok(inEngine.includes(id), `${q}: finds ${id}: ${inEngine}`);
    for (const id of excludes) assert.ok(!inEngine.includes(id), `${q}: leaves out ${id}: ${inEngine}`);
  }
  console.log("parity: " + rows.join("; "));
  assert.deepEqual(errors, []);
});
