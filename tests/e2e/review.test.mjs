// The yearly update in the real window: a cycle opened on a report whose sources are served
// by a loopback mirror (each on its own 127.0.0.x host), a source check after the user agreed
// to the hosts, a changed page flagging exactly the fields that cite it, a field marked, and
// the overview's card saying what `kuni update status` says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Session } from "./webdriver.mjs";
import { click, root, waitUntil } from "./helpers.mjs";

const kuni = (lib, ...args) => JSON.parse(execFileSync(process.env.KUNI_CLI_BIN, ["--library", lib, ...args, "--json"], { encoding: "utf8" }));

/** Confirms the source check's dialog (it lists the hosts) and waits for the check to end. */
async function checkSources(session, hosts) {
  await click(session, "[data-testid=check-sources]");
  await session.waitFor("[data-testid=dialog]");
  const detail = await session.execute("return document.querySelector('[data-testid=dialog]').textContent");
  for (const h of hosts) assert.ok(detail.includes(h), `the dialog names ${h}`);
  await click(session, "[data-testid=dialog] button[data-action=go]");
  await waitUntil(session, "const b = document.querySelector('[data-testid=check-sources]'); return b && !b.disabled", 60000);
}

const states = (session) =>
  session.execute("return Object.fromEntries([...document.querySelectorAll('[data-testid=source-state]')].map(s => [s.dataset.source, s.dataset.state]))");

test("a yearly update: cycle opened, sources checked against a mirror, changed page flags its fields, progress on the card", async () => {
  const lib = mkdtempSync(path.join(tmpdir(), "kuni-e2e-review-"));
  const altered = new Set();
  const server = createServer((req, res) => {
    const page = `${req.headers.host}${req.url}`;
    const edition = altered.has(page) ? 2 : 1;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><body><nav>Menu</nav><main><p>This page mirrors ${page}.</p><p>Edition ${edition} of its text.</p></main></body></html>`);
  });
  await new Promise((r) => server.listen(0, "0.0.0.0", r));
  const port = server.address().port;
  // Every cited address becomes a page of its own host on the loopback network.
  let n = 0;
  const text = readFileSync(path.join(root, "reports/vn.ja.md"), "utf8").replace(/url: "https?:\/\/[^"]+"/g, () => {
    n += 1;
    return `url: "http://127.0.0.${n + 1}:${port}/s${n}"`;
  });
  writeFileSync(path.join(lib, "vn.ja.md"), text);
  const session = await Session.start(["--library", lib]);
  try {
    await click(session, "[data-testid=country-card][data-report-id='vn.ja'] button.card-open");
    await click(session, "[data-testid=open-review]");
    await click(session, "[data-testid=review-start]");
    await waitUntil(session, "return document.querySelector('[data-testid=mark-確認済]')");
    const view0 = kuni(lib, "update", "status", "vn.ja")[0];
    assert.equal(view0.done, 0);
    assert.ok(view0.cycle_started, "the cycle is open, as the CLI sees it");

    const hosts = [...new Set([...text.matchAll(/url: "http:\/\/([^/]+)\//g)].map((m) => m[1]))];
    await checkSources(session, hosts.slice(0, 3));
    const first = await states(session);
    assert.ok(Object.values(first).length > 5);
    assert.ok(Object.values(first).every((s) => s === "first"), JSON.stringify(first));

    // Alter the page behind one source cited by a structured field; check again.
    const items = kuni(lib, "update", "items", "vn.ja");
    const source = items.find((i) => i.field && i.sources.length).sources[0];
    const sourceUrl = kuni(lib, "sources", "status", "vn.ja")[0].sources.find((s) => s.id === source).url;
    altered.add(sourceUrl.replace("http://", ""));
    await checkSources(session, []);
    const second = await states(session);
    for (const [id, state] of Object.entries(second)) assert.equal(state, id === source ? "changed" : "unchanged", id);
    const flagged = await session.execute("return [...document.querySelectorAll('[data-testid=review-item].flagged')].map(r => r.dataset.key).sort()");
    const expected = kuni(lib, "update", "items", "vn.ja").filter((i) => i.sources_to_review > 0).map((i) => i.key).sort();
    assert.deepEqual(flagged, expected);
    assert.ok(expected.length > 0 && expected.every((k) => items.find((i) => i.key === k).sources.includes(source)));
    // Flagged fields come first, and the diff names the changed words.
    const order = await session.execute("return [...document.querySelectorAll('[data-testid=review-item]')].map(r => r.dataset.key)");
    assert.deepEqual(order.slice(0, expected.length).sort(), expected);
    await click(session, "[data-testid=review-item].flagged [data-testid=show-diff]");
    const diff = await waitUntil(session, "return document.querySelector('[data-testid=source-diff]')?.innerHTML");
    assert.match(diff, /<del>1<\/del>/);
    assert.match(diff, /<ins>2<\/ins>/);
    await session.screenshot(path.join(root, "target/e2e/review.png"));

    // Confirming the first flagged field marks it and accepts its source's new text.
    const key = expected[0];
    await click(session, `[data-testid=review-item][data-key="${key}"] [data-testid=mark-確認済]`);
    await waitUntil(session, "return document.querySelector(`[data-testid=review-item][data-key=\"${arguments[0]}\"]`)?.dataset.mark === '確認済'", 10000, key);
    const status = kuni(lib, "update", "status", "vn.ja")[0];
    assert.equal(status.done, 1);
    assert.equal(status.sources_changed, 0, "confirming accepted the changed text");

    // The overview's card says the same as `kuni update status`.
    await click(session, "[data-testid=review] button.back");
    await session.waitFor("article.report[data-report-id='vn.ja']");
    await click(session, "[data-testid=open-overview]");
    const card = await waitUntil(session, "return document.querySelector(\"[data-testid=country-card][data-report-id='vn.ja'] [data-testid=card-cycle]\")?.textContent");
    assert.equal(card, `更新 ${status.done}/${status.items} 確認済`);
  } catch (e) {
    const page = await session.execute("return document.querySelector('main, body').innerText").catch(() => "");
    throw new Error(`${e.message}\n--- the window says:\n${page.slice(0, 2000)}`, { cause: e });
  } finally {
    await session.quit();
    server.close();
  }
});
