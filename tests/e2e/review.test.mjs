// The yearly update in the real window: a cycle opened on a report whose sources are served
// by a loopback mirror (each on its own 127.0.0.x host), a source check after the user agreed
// to the hosts, a moved page relinked, a changed page flagging exactly the fields that cite
// it (and a quote on it shown with what the page says now), every item worked through, the
// overview's card saying what `kuni update status` says, and the cycle closed by publishing
// with the revision note it offers.
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
  let moved = null;
  const server = createServer((req, res) => {
    const page = `${req.headers.host}${req.url}`;
    if (moved && `http://${page}` === moved) {
      res.writeHead(301, { location: `${req.url}-new` });
      res.end();
      return;
    }
    const edition = altered.has(page) ? 2 : 1;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><body><nav>Menu</nav><main><p>This page mirrors ${page}.</p><p>Edition ${edition} of its text.</p></main></body></html>`);
  });
  await new Promise((r) => server.listen(0, "0.0.0.0", r));
  const port = server.address().port;
  // Every cited address becomes a page of its own host on the loopback network.
  let n = 0;
  let text = readFileSync(path.join(root, "reports/vn.ja.md"), "utf8").replace(/url: "https?:\/\/[^"]+"/g, () => {
    n += 1;
    return `url: "http://127.0.0.${n + 1}:${port}/s${n}"`;
  });
  // The regulator quotes its first source, and the page of its second moves permanently.
  let quoted = null;
  let second = null;
  text = text.replace(/( {2}regulator:\n {4}value: .*\n {4}sources: \[(\w+), (\w+)[^\]]*\]\n)/, (_, block, first, next) => {
    quoted = first;
    second = next;
    return `${block}    quotes: { ${first}: "Edition 1 of its text." }\n`;
  });
  assert.ok(quoted, "the regulator field was found");
  moved = text.match(new RegExp(`id: ${second},[^}]*url: "([^"]+)"`))[1];
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
    const movedId = kuni(lib, "sources", "status", "vn.ja")[0].sources.find((s) => s.url === moved).id;
    for (const [id, state] of Object.entries(first)) assert.equal(state, id === movedId ? "moved" : "first", id);
    assert.equal(await session.execute("return document.querySelector(`[data-testid=quote][data-source=\"${arguments[0]}\"]`)?.dataset.state", quoted), "found");

    // The moved source takes its new address in one click; its snapshot goes with it.
    await click(session, `[data-testid=source-state][data-source="${movedId}"] ~ .moved-to [data-testid=relink]`);
    await waitUntil(session, "return document.querySelector(`[data-testid=source-state][data-source=\"${arguments[0]}\"]`)?.dataset.state === 'unchanged'", 10000, movedId);
    assert.ok(readFileSync(path.join(lib, "vn.ja.md"), "utf8").includes(`url: "${moved}-new"`), "the report cites the new address");

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
    // The quote on the changed page: no longer word for word, with what the page says now.
    const quote = `[data-testid=review-item][data-key="regulation.regulator"] [data-testid=quote][data-source="${quoted}"]`;
    assert.equal(await session.execute(`return document.querySelector('${quote}')?.dataset.state`), "changed");
    assert.equal(await session.execute(`return document.querySelector('${quote} [data-testid=quote-closest]')?.textContent`), "Edition 2 of its text.");
    assert.equal(order[0], "regulation.regulator", "a field whose quote changed comes first");
    await session.screenshot(path.join(root, "target/e2e/review.png"));

    // Confirming the first flagged field marks it and accepts its source's new text.
    const key = expected[0];
    await click(session, `[data-testid=review-item][data-key="${key}"] [data-testid=mark-確認済]`);
    await waitUntil(session, "return document.querySelector(`[data-testid=review-item][data-key=\"${arguments[0]}\"]`)?.dataset.mark === '確認済'", 10000, key);
    const status = kuni(lib, "update", "status", "vn.ja")[0];
    assert.equal(status.done, 1);
    assert.equal(status.sources_changed, 0, "confirming accepted the changed text");

    // Every other item worked through in the window: the regulator corrected, the rest confirmed.
    for (;;) {
      const next = await session.execute(
        "const rows = [...document.querySelectorAll('[data-testid=review-item]')];" +
          "const r = rows.find(r => r.dataset.key === 'regulation.regulator' ? r.dataset.mark !== '修正済' : r.dataset.mark === '未確認');" +
          "return r ? [r.dataset.key, r.dataset.key === 'regulation.regulator' ? '修正済' : '確認済'] : null",
      );
      if (!next) break;
      const [k, m] = next;
      await click(session, `[data-testid=review-item][data-key="${k}"] [data-testid=mark-${m}]`);
      await waitUntil(session, "return document.querySelector(`[data-testid=review-item][data-key=\"${arguments[0]}\"]`)?.dataset.mark === arguments[1]", 10000, k, m);
    }
    const all = kuni(lib, "update", "status", "vn.ja")[0];
    assert.equal(all.done, all.items, "every item is done, as the CLI sees it");
    assert.equal(await session.execute("return document.querySelector('[data-testid=review-progress] strong').textContent"), `${all.done}/${all.items} 確認済`);
    await session.execute("document.querySelector('[data-testid=review-publish]')?.scrollIntoView()");
    await session.screenshot(path.join(root, "target/e2e/review-done.png"));
    const reportText = readFileSync(path.join(lib, "vn.ja.md"), "utf8");
    const now = new Date();
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
    assert.equal(reportText.match(new RegExp(`id: ${quoted},[^}]*accessed: ([0-9-]+)`))?.[1], today, "confirming a field dated its sources' accessed");

    // The overview's card says the same as `kuni update status`.
    await click(session, "[data-testid=review] button.back");
    await session.waitFor("article.report[data-report-id='vn.ja']");
    await click(session, "[data-testid=open-overview]");
    const card = await waitUntil(session, "return document.querySelector(\"[data-testid=country-card][data-report-id='vn.ja'] [data-testid=card-cycle]\")?.textContent");
    assert.equal(card, `更新 ${all.done}/${all.items} 確認済`);

    // Publishing closes the cycle, with the revision note the cycle offers.
    await click(session, "[data-testid=country-card][data-report-id='vn.ja'] button.card-open");
    await click(session, "[data-testid=open-review]");
    await click(session, "[data-testid=review-publish]");
    const note = await waitUntil(session, "const v = document.querySelector('[data-testid=publish-note]')?.value; return v || null");
    assert.equal(note, `年次更新：規制当局を修正。${all.items - 1}項目を出典と照合して確認`);
    await waitUntil(session, "const b = document.querySelector('[data-testid=publish-confirm]'); return b && !b.disabled");
    await click(session, "[data-testid=publish-confirm]");
    await waitUntil(session, "return document.querySelector('[data-testid=published]')?.textContent", 60000);
    assert.equal(kuni(lib, "update", "status", "vn.ja")[0].cycle_started, null, "the cycle is closed");
    assert.ok(readFileSync(path.join(lib, "vn.ja.md"), "utf8").includes(`note: "${note}"`), "the note is in the revision history");
    await click(session, ".publish .back");
    await session.waitFor("article.report[data-report-id='vn.ja']");
    await click(session, "[data-testid=open-overview]");
    await session.waitFor("[data-testid=country-card][data-report-id='vn.ja']");
    assert.equal(await session.execute("return document.querySelector(\"[data-testid=country-card][data-report-id='vn.ja'] [data-testid=card-cycle]\")"), null, "the card no longer shows a cycle");
  } catch (e) {
    const page = await session.execute("return document.querySelector('main, body').innerText").catch(() => "");
    throw new Error(`${e.message}\n--- the window says:\n${page.slice(0, 2000)}`, { cause: e });
  } finally {
    await session.quit();
    server.close();
  }
});
