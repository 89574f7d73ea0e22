// Checks an installed Kuni package as a user meets it: the installed app, started with no
// arguments from an unrelated folder, opens the packaged reports and searches them.
// `make deb-smoke` runs it through tests/e2e/run.sh with KUNI_DESKTOP_BIN=/usr/bin/kuni-desktop.
import assert from "node:assert/strict";
import { Session } from "../tests/e2e/webdriver.mjs";
import { click, waitUntil } from "../tests/e2e/helpers.mjs";

const s = await Session.start([]);
try {
  // The app opens on the overview of countries; the table is the 一覧 tab.
  await s.waitFor("body[data-ready=true] [data-testid=country-card]", 30000);
  await click(s, "[data-testid=open-library]");
  await s.waitFor("[data-testid=library-table] tbody tr");
  const where = await s.execute("return document.querySelector('.where code').textContent");
  const rows = await s.execute("return document.querySelectorAll('[data-testid=library-table] tbody tr').length");
  assert.equal(where, "/usr/share/kuni/reports");
  assert.equal(rows, 18);
  await click(s, "[data-testid=open-search]");
  await s.execute(
    "const el = document.querySelector('[data-testid=search-input]'); el.value = '現地代理人'; el.dispatchEvent(new Event('input', { bubbles: true }));",
  );
  await waitUntil(s, "return document.querySelectorAll('[data-testid=search-results] mark').length > 0", 20000);
  console.log(`deb-smoke: ${where}, ${rows} reports, search works`);
} finally {
  await s.quit();
}
