// A library shared through Git, from the app: two app instances on two clones of one bare
// repository (the shared folder). An edit in one, Sync in both, and the other shows it; then
// the same sentence changed on both sides, and the per-section choice settles it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Session } from "./webdriver.mjs";
import { click, openReport, root, waitUntil } from "./helpers.mjs";

const git = (cwd, ...args) => execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });
const kuni = (lib, ...args) => execFileSync(process.env.KUNI_CLI_BIN, ["--library", lib, ...args], { encoding: "utf8", env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });

/** A clone whose identity is its own (local config), so the machine's does not matter. */
function clone(team, who) {
  git(team, "clone", "-q", "shared.git", who);
  const dir = path.join(team, who);
  git(dir, "config", "user.name", who);
  git(dir, "config", "user.email", `${who}@example.org`);
  return dir;
}

function replaceOnce(file, from, to) {
  const text = readFileSync(file, "utf8");
  assert.equal(text.split(from).length, 2, `${from} once in ${file}`);
  writeFileSync(file, text.replace(from, to));
}

/** Presses Sync and waits for the result line to say `what`. */
async function sync(session, what, timeoutMs = 30000) {
  const runs = await waitUntil(session, "return document.querySelector('[data-testid=git-status]')?.dataset.runs");
  await click(session, "[data-testid=sync]");
  try {
    await waitUntil(session, "return document.querySelector('[data-testid=git-status]').dataset.runs !== arguments[0]", timeoutMs, runs);
    return await waitUntil(session, "const r = document.querySelector('[data-testid=sync-result]')?.textContent; return r && r.includes(arguments[0]) && r;", 2000, what);
  } catch (e) {
    const said = await session.execute("return document.querySelector('[data-testid=sync-result]')?.textContent ?? '(nothing)'");
    throw new Error(`Sync did not say ${what}; it says: ${said}`, { cause: e });
  }
}

test("two app instances on two clones: an edit reaches the other, and a conflict is chosen per section", async () => {
  const team = mkdtempSync(path.join(tmpdir(), "kuni-e2e-team-"));
  git(team, "init", "-q", "--bare", "-b", "main", "shared.git");
  const seed = clone(team, "seed");
  copyFileSync(path.join(root, "tests/fixtures/valid/vn.ja.md"), path.join(seed, "vn.ja.md"));
  kuni(seed, "init-git");
  kuni(seed, "sync");
  const alice = clone(team, "alice");
  const bob = clone(team, "bob");

  // Alice's app: the status bar says Git; her edit goes out with Sync.
  const a = await Session.start(["--library", alice]);
  try {
    const status = await waitUntil(a, "return document.querySelector('[data-testid=git-status]')?.textContent");
    assert.match(status, /main ⇄ origin/);
    replaceOnce(path.join(alice, "vn.ja.md"), "輸入依存が高い。", "輸入依存が高い。国内生産は少ない。");
    await sync(a, "同期しました");
  } finally {
    await a.quit();
  }
  assert.match(git(path.join(team, "shared.git"), "log", "-1", "--format=%an %s", "main"), /alice Kuni sync: vn.ja/);

  // Bob's app: Sync brings Alice's edit into the reading view.
  const b = await Session.start(["--library", bob]);
  try {
    await sync(b, "同期しました");
    await openReport(b, "vn.ja");
    await waitUntil(b, "return document.querySelector('article.report')?.textContent.includes('国内生産は少ない。')");

    // The same sentence changed on both sides: Alice (from her clone) first, then Bob.
    replaceOnce(path.join(alice, "vn.ja.md"), "国内生産は少ない。", "国内生産はごく少ない（アリス）。");
    kuni(alice, "sync");
    replaceOnce(path.join(bob, "vn.ja.md"), "国内生産は少ない。", "国内生産は増えている（ボブ）。");
    const before = readFileSync(path.join(bob, "vn.ja.md"), "utf8");
    await sync(b, "同じ箇所");
    await b.waitFor("[data-testid=sync-conflicts] [data-testid=conflict-passage][data-section='市場動向']");
    const shown = await b.execute("return document.querySelector('[data-testid=sync-conflicts]').textContent");
    assert.match(shown, /国内生産は増えている（ボブ）/);
    assert.match(shown, /国内生産はごく少ない（アリス）/);
    await b.screenshot(path.join(root, "target/e2e/sync-conflict.png"));
    assert.equal(readFileSync(path.join(bob, "vn.ja.md"), "utf8"), before, "the library is as before the sync");

    // Take theirs for that section: the sync completes.
    await click(b, "[data-testid=conflict-passage][data-section='市場動向'] [data-testid=take-theirs]");
    await waitUntil(b, "const r = document.querySelector('[data-testid=sync-result]')?.textContent; return r && r.includes('同期しました') && !document.querySelector('[data-testid=sync-conflicts]');", 30000);
    // The reading view follows the library.
    await waitUntil(b, "return document.querySelector('article.report')?.textContent.includes('国内生産はごく少ない（アリス）')", 10000);
    const text = readFileSync(path.join(bob, "vn.ja.md"), "utf8");
    assert.match(text, /国内生産はごく少ない（アリス）/);
    assert.doesNotMatch(text, /^(<<<<<<<|=======|>>>>>>>)/m);
    assert.equal(git(bob, "rev-parse", "HEAD"), git(path.join(team, "shared.git"), "rev-parse", "main"), "pushed");

    // Bob publishes (from the command line); the history view says who published and who
    // changed what.
    kuni(bob, "publish", "vn.ja", "--note", "ボブの公開");
    await click(b, "[data-testid=history]");
    const by = await waitUntil(b, "return document.querySelector('[data-testid=history-table] tr[data-version=\"3\"] [data-testid=published-by]')?.textContent");
    assert.equal(by, "bob");
    const changes = await waitUntil(b, "return document.querySelector('[data-testid=git-changes]')?.textContent");
    assert.match(changes, /alice — Kuni sync: vn.ja/);
  } finally {
    await b.quit();
  }
});

// Started with no library named, the app opens the bundled sample library, which lives in
// Kuni's own checkout: Sync would commit there. The bar says why Sync is off, the button does
// nothing, and the command refuses as `kuni sync` does, before any git runs.
test("on the bundled sample library opened by fallback, Sync is refused with the reason and nothing is written", async () => {
  const before = { head: git(root, "rev-parse", "HEAD"), status: git(root, "status", "--porcelain") };
  const s = await Session.start([]);
  try {
    const refused = await waitUntil(s, "return document.querySelector('[data-testid=sync-refused]')?.textContent");
    assert.match(refused, /同梱のサンプルライブラリ/);
    assert.match(refused, /設定で選んで/);
    assert.equal(await s.execute("return document.querySelector('[data-testid=sync]').disabled"), true);
    // The command itself, called as the button would: refused with its own code.
    await s.execute(
      `window.__TAURI_INTERNALS__.invoke('sync_library', { target: null, section: null, choice: null, continueMerge: false })
         .then((r) => (window.__syncOutcome = { ok: r }), (e) => (window.__syncOutcome = { err: e }))`,
    );
    const outcome = await waitUntil(s, "return window.__syncOutcome");
    assert.equal(outcome.err?.code, "sample-library", JSON.stringify(outcome));
    assert.match(outcome.err.message, /bundled sample library/);
  } finally {
    await s.quit();
  }
  assert.deepEqual({ head: git(root, "rev-parse", "HEAD"), status: git(root, "status", "--porcelain") }, before, "the checkout is as it was");
});
