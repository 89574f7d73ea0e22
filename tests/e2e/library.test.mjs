// The app opens a real window on a library and lists exactly what the engine lists.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { Session } from "./webdriver.mjs";
import { showTable } from "./helpers.mjs";

const root = path.resolve(import.meta.dirname, "../..");

function cliListing(library) {
  const out = execFileSync(process.env.KUNI_CLI_BIN, ["--library", library, "list", "--json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return JSON.parse(out);
}

async function rowsShown(session) {
  await showTable(session);
  return session.execute(
    "return [...document.querySelectorAll('[data-testid=library-table] tbody tr')].map(r => r.dataset.reportId)",
  );
}

test("the window lists every bundled report", async () => {
  const library = path.join(root, "reports");
  const expected = cliListing(library).reports.map((r) => r.id).sort();
  assert.ok(expected.length > 0, "the bundled library has reports");
  const session = await Session.start(["--library", library]);
  try {
    const shown = await rowsShown(session);
    assert.deepEqual([...shown].sort(), expected);
    const title = await session.execute("return document.title");
    assert.equal(title, "Kuni");
    mkdirSync(path.join(root, "target/e2e"), { recursive: true });
    await session.screenshot(path.join(root, "target/e2e/library.png"));
  } finally {
    await session.quit();
  }
});

test("a broken library lists its valid reports and names the unreadable files", async () => {
  const library = path.join(root, "tests/fixtures/broken");
  const session = await Session.start(["--library", library]);
  try {
    const shown = await rowsShown(session);
    assert.deepEqual([...shown].sort(), ["ke.ja", "vn.ja"]);
    const invalid = await session.execute(
      "return [...document.querySelectorAll('.alert li code')].map(c => c.textContent)",
    );
    assert.deepEqual(
      invalid.map((p) => path.basename(p)),
      ["id.ja.md", "th.ja.md"],
    );
    const stale = await session.execute(
      "return document.querySelector('tr[data-report-id=\"ke.ja\"] .badge.stale')?.textContent ?? null",
    );
    assert.equal(stale, "要更新");
  } finally {
    await session.quit();
  }
});
