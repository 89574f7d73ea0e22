// Settings: stored in the user's config folder, and the interface switches language.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Session } from "./webdriver.mjs";
import { click, copyFixture, root, waitUntil } from "./helpers.mjs";

const settingsFile = path.join(process.env.KUNI_CONFIG_DIR ?? "", "settings.json");

async function setField(session, name, value) {
  await session.execute(
    `const el = document.querySelector('[data-testid=settings-form] [name="' + arguments[0] + '"]');
     el.value = arguments[1]; el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));`,
    name,
    value,
  );
}

test("settings are saved to the config folder and English can be chosen", async () => {
  const dir = copyFixture("valid");
  const before = readFileSync(settingsFile, "utf8");
  const session = await Session.start(["--library", dir]);
  try {
    await click(session, "[data-testid=open-settings]");
    await session.waitFor("[data-testid=settings-form] [name=organisation]");
    await waitUntil(session, "return document.querySelector('[name=library]').value !== ''");
    await setField(session, "organisation", "国際展開支援機構");
    await setField(session, "author", "山田 花子");
    await setField(session, "language", "en");
    await click(session, "[data-testid=save-settings]");
    await waitUntil(session, "return document.querySelector('[data-testid=open-library]').textContent.trim() === 'List'");
    assert.equal(await session.execute("return document.documentElement.lang"), "en");
    const stored = JSON.parse(readFileSync(settingsFile, "utf8"));
    assert.equal(stored.language, "en");
    assert.equal(stored.organisation, "国際展開支援機構");
    assert.equal(stored.author, "山田 花子");
    assert.equal(stored.export_dir, process.env.KUNI_E2E_EXPORT_DIR, "untouched fields keep their values");
    await session.screenshot(path.join(root, "target/e2e/settings-en.png"));
    // A library folder that does not exist is refused with a message; nothing is stored.
    await setField(session, "library", "/no/such/folder");
    await click(session, "[data-testid=save-settings]");
    const message = await waitUntil(session, "const m = document.querySelector('[data-testid=settings-message]'); return m && m.classList.contains('error') ? m.textContent : null");
    assert.match(message, /no\/such\/folder/);
    assert.equal(JSON.parse(readFileSync(settingsFile, "utf8")).library, stored.library);

    // Another library: the window lists it and its index is rebuilt for search.
    const other = copyFixture("broken");
    await setField(session, "library", other);
    await click(session, "[data-testid=save-settings]");
    await waitUntil(session, "const m = document.querySelector('[data-testid=settings-message]'); return m && !m.classList.contains('error')");
    await click(session, "[data-testid=open-library]");
    const ids = await waitUntil(session, "const rows = [...document.querySelectorAll('[data-testid=library-table] tbody tr')].map(r => r.dataset.reportId); return rows.includes('ke.ja') ? rows : null");
    assert.deepEqual(ids.sort(), ["ke.ja", "vn.ja"]);
    await click(session, "[data-testid=open-search]");
    await session.execute(
      "const el = document.querySelector('[data-testid=search-input]'); el.value = 'ケニア'; el.dispatchEvent(new Event('input', { bubbles: true }));",
    );
    const hit = await waitUntil(session, "const r = document.querySelector('[data-testid=search-results] .result-report'); return r ? r.dataset.reportId : null");
    assert.equal(hit, "ke.ja");
  } finally {
    await session.quit();
    // Later tests expect the Japanese interface.
    const { writeFileSync } = await import("node:fs");
    writeFileSync(settingsFile, before);
  }
});
