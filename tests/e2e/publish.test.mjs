// Publishing from the app: the diff before publishing, publish, the history view, and the
// website built from the published version only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Session } from "./webdriver.mjs";
import { click, copyFixture, openReport, root, waitUntil } from "./helpers.mjs";

test("publish shows what changed, records the version, and the site carries it", async () => {
  const dir = copyFixture("valid");
  const session = await Session.start(["--library", dir]);
  try {
    await openReport(session, "vn.ja");
    await click(session, "[data-testid=publish]");
    // Never published with history: the whole text is new, shown as insertions.
    await waitUntil(session, "return document.querySelectorAll('[data-testid=diffview] ins').length > 0");
    await session.execute(
      "const el = document.querySelector('[data-testid=publish-note]'); el.value = '年次改訂（テスト）'; el.dispatchEvent(new Event('input', { bubbles: true }));",
    );
    await click(session, "[data-testid=publish-confirm]");
    const done = await waitUntil(session, "return document.querySelector('[data-testid=published]')?.textContent", 60000);
    assert.match(done, /v3/);
    const text = readFileSync(path.join(dir, "vn.ja.md"), "utf8");
    assert.match(text, /^status: published$/m);
    assert.match(text, /年次改訂（テスト）/);
    assert.ok(existsSync(path.join(dir, ".history/vn.ja/v3.md")), "the snapshot is kept");

    // History: v3 is listed and opens.
    await click(session, ".publish .back");
    await session.waitFor("article.report");
    await click(session, "[data-testid=history]");
    await session.waitFor("[data-testid=history-table] tr[data-version='3'] button");
    await click(session, "[data-testid=history-table] tr[data-version='3'] button");
    await waitUntil(session, "return document.querySelector('[data-testid=version-view]')?.textContent.includes('輸入依存が高い')");
    await session.screenshot(path.join(root, "target/e2e/history.png"));

    // The website, from published versions only.
    await click(session, "[data-testid=open-deliver]");
    await click(session, "[data-testid=build-site]");
    await waitUntil(session, "return document.querySelector('[data-testid=deliver-done]')", 60000);
    const site = path.join(process.env.KUNI_E2E_EXPORT_DIR, "site");
    assert.ok(existsSync(path.join(site, "index.html")), `a site in ${site}`);
    const top = readFileSync(path.join(site, "index.html"), "utf8");
    assert.match(top, /ベトナム/);
  } finally {
    await session.quit();
  }
});
