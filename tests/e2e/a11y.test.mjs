// axe-core on the desktop app's screens, in the real window (WebKitGTK through tauri-driver),
// with the same WCAG 2.1 A/AA rules as the website's test (tests/site/). axe-core comes from
// tests/site/node_modules (pinned in tests/site/package.json, installed by scripts/setup.sh)
// and is injected through WebDriver; violations fail the test, "incomplete" items (for a
// person to check) are printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Session } from "./webdriver.mjs";
import { root, waitUntil, click, openReport, showTable } from "./helpers.mjs";

const AXE = readFileSync(path.join(root, "tests/site/node_modules/axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function axe(session, screen) {
  await session.execute(`${AXE}\n;window.__kuniAxe = null;
    axe.run(document, { runOnly: { type: "tag", values: arguments[0] } }).then((r) => {
      const brief = (list) => list.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
      window.__kuniAxe = { violations: brief(r.violations), incomplete: brief(r.incomplete), passes: r.passes.length };
    }, (e) => { window.__kuniAxe = { error: String(e) }; });`, TAGS);
  const result = await waitUntil(session, "return window.__kuniAxe", 30000);
  assert.equal(result.error, undefined, `${screen}: ${result.error}`);
  console.log(`axe ${screen}: ${result.passes} rules passed, ${result.violations.length} violations, ${result.incomplete.length} to check by hand` +
    result.incomplete.map((i) => `\n  incomplete ${i.id} (${i.help}): ${i.nodes.join(", ")}`).join(""));
  return result;
}

test("axe-core finds no WCAG 2.1 A/AA violation on the app's screens", async () => {
  const session = await Session.start(["--library", path.join(root, "reports")]);
  const found = {};
  try {
    await session.waitFor("[data-testid=country-card]", 30000);
    found.overview = (await axe(session, "overview")).violations;
    await showTable(session);
    found.library = (await axe(session, "library")).violations;

    await openReport(session, "vn.ja");
    await session.waitFor("[data-testid=summary] [data-testid=summary-indicators]");
    found.report = (await axe(session, "report vn.ja")).violations;

    await session.execute("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true })); window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }));");
    await session.waitFor("[data-testid=search-input]");
    await session.execute(
      `const el = document.querySelector('[data-testid=search-input]'); el.focus(); el.value = arguments[0];
       el.dispatchEvent(new Event('input', { bubbles: true }));`,
      "現地代理人",
    );
    await waitUntil(session, "return document.querySelector('[data-testid=search-results] .result-report mark')");
    found.search = (await axe(session, "search results")).violations;
    await session.execute("document.querySelector('[data-testid=search-input]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))");

    await click(session, "[data-testid=open-compare]");
    await session.waitFor("[data-testid=compare-matrix]");
    found.compare = (await axe(session, "comparison")).violations;

    await click(session, "[data-testid=open-charts]");
    await session.waitFor("[data-testid=chart-figure] svg");
    found.charts = (await axe(session, "charts")).violations;

    await click(session, "[data-testid=open-settings]");
    await session.waitFor("[data-testid=settings-form]");
    found.settings = (await axe(session, "settings")).violations;
  } finally {
    await session.quit();
  }
  for (const [screen, v] of Object.entries(found)) {
    assert.deepEqual(v, [], `${screen}: ${JSON.stringify(v, null, 1)}`);
  }
});
