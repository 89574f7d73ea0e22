// Search and reading in the real window: a Japanese query shows highlighted hits in the
// expected report; Enter opens it scrolled to the section; scripts in a report never run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, copyFileSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { Session } from "./webdriver.mjs";
import { root, waitUntil, showTable } from "./helpers.mjs";
import { ACTIVE_CONTENT as ACTIVE } from "../fixtures/active-content.mjs";

async function typeInto(session, css, text) {
  // WebDriver's sendKeys cannot type Japanese through an IME; set the value and fire input,
  // as an IME commit does.
  await session.execute(
    `const el = document.querySelector(arguments[0]); el.focus(); el.value = arguments[1];
     el.dispatchEvent(new Event('input', { bubbles: true }));`,
    css,
    text,
  );
}


test("a Japanese query shows a highlighted hit and Enter opens the report at its section", async () => {
  const session = await Session.start(["--library", path.join(root, "reports")]);
  try {
    await showTable(session);
    await session.execute("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true })); window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }));");
    await session.waitFor("[data-testid=search-input]");
    await typeInto(session, "[data-testid=search-input]", "迅速審査 参照国");
    const first = await waitUntil(
      session,
      "const r = document.querySelector('[data-testid=search-results] .result-report'); return r && r.querySelector('mark') ? { id: r.dataset.reportId, marks: [...r.querySelectorAll('mark')].map(m => m.textContent), anchor: r.querySelector('.result-section').dataset.anchor } : null",
    );
    assert.ok(first.marks.some((m) => m.includes("参照国") || m.includes("迅速審査")), JSON.stringify(first));
    mkdirSync(path.join(root, "target/e2e"), { recursive: true });
    await session.screenshot(path.join(root, "target/e2e/search.png"));
    await session.execute(
      "document.querySelector('[data-testid=search-input]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))",
    );
    const where =
      "const a = document.querySelector('article.report'); const h = a && document.getElementById(arguments[0]); return h ? { id: a.dataset.reportId, top: h.getBoundingClientRect().top, height: window.innerHeight } : null";
    await waitUntil(session, where, 10000, first.anchor);
    // Within a moment the section's heading sits at the top of the window.
    let opened = null;
    const deadline = Date.now() + 3000;
    do {
      opened = await session.execute(where, first.anchor);
      if (opened.top >= -5 && opened.top < opened.height / 3) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    assert.equal(opened.id, first.id);
    assert.ok(opened.top >= -5 && opened.top < opened.height / 3, `the section is scrolled into view: ${JSON.stringify(opened)}`);
    await session.screenshot(path.join(root, "target/e2e/report.png"));
  } finally {
    await session.quit();
  }
});


// What a page shows of active content: counts that must all be zero.
const INERT = `const b = document.querySelector(arguments[0]);
  const html = b.innerHTML.toLowerCase();
  return { pwned: window.__pwned ?? null, scripts: b.querySelectorAll('script, iframe, object, embed, svg').length,
    handlers: /\\son[a-z]+=/.test(html), js: html.includes('javascript:'), data: html.includes('data:text') };`;
const CLEAN = { pwned: null, scripts: 0, handlers: false, js: false, data: false };

test("scripts, handlers, javascript: and data: links, SVG and frames in a report stay inert in the reading view and the editor preview", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "kuni-e2e-"));
  const source = readFileSync(path.join(root, "tests/fixtures/valid/vn.ja.md"), "utf8");
  writeFileSync(path.join(dir, "vn.ja.md"), source.replace("輸入依存が高い。", `輸入依存が高い。\n\n${ACTIVE}`));
  const session = await Session.start(["--library", dir]);
  try {
    await showTable(session);
    await session.execute("document.querySelector('[data-testid=library-table] tbody button').click()");
    await session.waitFor("[data-testid=report-body]");
    await new Promise((r) => setTimeout(r, 500));
    // Clicking every link must not run anything either (links only ever ask before opening).
    await session.execute("document.querySelectorAll('[data-testid=report-body] a').forEach(a => a.click())");
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await session.execute(INERT, "[data-testid=report-body]"), CLEAN);
    // The same text in the editor's live preview.
    await session.execute("document.querySelector('[data-testid=edit]').click()");
    await session.waitFor("[data-testid=preview] h2");
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await session.execute(INERT, "[data-testid=preview]"), CLEAN);
  } finally {
    await session.quit();
  }
});

test("a facet narrows the results to one region", async () => {
  const session = await Session.start(["--library", path.join(root, "reports")]);
  try {
    await showTable(session);
    await session.execute("document.querySelector('[data-testid=open-search]').click()");
    await session.waitFor("[data-testid=facet-region]");
    await session.execute(
      "const s = document.querySelector('[data-testid=facet-region]'); s.value = 'アフリカ'; s.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    await typeInto(session, "[data-testid=search-input]", "登録");
    const ids = await waitUntil(
      session,
      "const r = document.querySelector('[data-testid=search-results]'); return r && r.dataset.query === '登録' ? [...r.querySelectorAll('.result-report')].map(e => e.dataset.reportId) : null",
    );
    assert.ok(ids.length > 0);
    assert.deepEqual(ids.filter((id) => !["ke.ja", "gh.ja", "ng.ja", "za.ja"].includes(id)), [], `only African reports: ${ids}`);
  } finally {
    await session.quit();
  }
});

// One query language, one meaning: the palette shows the reports `kuni search` gives for the
// queries of tests/fixtures/query-parity.json (the website test checks the site against the
// same CLI). The palette shows at most 20 reports: where more match, it shows 20 of the CLI's
// (which 20 may differ where scores tie at the cut, as the two indexes' segments differ).
test("the palette gives the same reports as kuni search for -, OR, quotes and filters", async () => {
  const library = path.join(root, "reports");
  const { queries } = JSON.parse(readFileSync(path.join(root, "tests/fixtures/query-parity.json"), "utf8"));
  const cache = mkdtempSync(path.join(tmpdir(), "kuni-e2e-cache-"));
  const cli = (q) =>
    JSON.parse(
      execFileSync(process.env.KUNI_CLI_BIN, ["--library", library, "search", "--json", "--limit", "100", q], {
        encoding: "utf8",
        env: { ...process.env, KUNI_TODAY: "2026-12-07", KUNI_CACHE_DIR: cache },
        stdio: ["ignore", "pipe", "ignore"],
      }),
    ).reports.map((r) => r.id);
  const session = await Session.start(["--library", library]);
  try {
    await showTable(session);
    await session.execute("document.querySelector('[data-testid=open-search]').click()");
    await session.waitFor("[data-testid=search-input]");
    for (const { q, excludes = [] } of queries) {
      await typeInto(session, "[data-testid=search-input]", q);
      const shown = await waitUntil(
        session,
        "const r = document.querySelector('[data-testid=search-results]'); return r && r.dataset.query === arguments[0] ? [...r.querySelectorAll('.result-report')].map(e => e.dataset.reportId) : null",
        10000,
        q,
      );
      const all = cli(q).sort();
      if (all.length <= 20) {
        assert.deepEqual(shown.slice().sort(), all, `${q}: the palette (left) and kuni search (right) differ`);
      } else {
        assert.equal(shown.length, 20, `${q}: a full palette`);
        assert.deepEqual(shown.filter((id) => !all.includes(id)), [], `${q}: only reports kuni search finds`);
      }
      for (const id of excludes) assert.ok(!shown.includes(id), `${q}: leaves out ${id}`);
    }
  } finally {
    await session.quit();
  }
});
