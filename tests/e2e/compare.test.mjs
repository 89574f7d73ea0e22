// The comparison screen: the structured fields of the chosen countries side by side.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { Session } from "./webdriver.mjs";

const root = path.resolve(import.meta.dirname, "../..");

function cliListing() {
  const out = execFileSync(process.env.KUNI_CLI_BIN, ["--library", path.join(root, "reports"), "list", "--json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return JSON.parse(out).reports;
}

async function matrixShape(session) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const shape = await session.execute(
      "const m = document.querySelector('[data-testid=compare-matrix]'); return m ? { cols: [...m.querySelectorAll('thead th .code')].map(e => e.textContent), rows: m.querySelectorAll('tbody tr').length, cited: m.querySelectorAll('tbody td .cite a[href^=http]').length } : null",
    );
    if (shape) return shape;
    if (Date.now() > deadline) throw new Error("no comparison matrix");
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("the comparison shows the ten regulatory fields (福祉用具 among them) and the eight indicators per chosen country, each with its sources", async () => {
  const session = await Session.start(["--library", path.join(root, "reports")]);
  try {
    await session.waitFor("[data-testid=open-compare]");
    await session.execute("document.querySelector('[data-testid=open-compare]').click()");
    const first = await matrixShape(session);
    assert.equal(first.cols.length, 4);
    assert.equal(first.rows, 10 + 8, "ten regulatory fields and the eight `indicators.*` rows");
    assert.ok(first.cited >= 40, `every cell cites a source: ${first.cited}`);
    const labels = await session.execute(
      "return [...document.querySelectorAll('[data-testid=compare-matrix] tbody th')].map(th => th.textContent.trim())",
    );
    assert.ok(labels.some((l) => l.startsWith("福祉用具の扱い")), `the assistive-products row: ${labels}`);
    // Countries by name, the code beside it: ガーナ GH, not GH alone; in the picker too.
    const heads = await session.execute(
      "return [...document.querySelectorAll('[data-testid=compare-matrix] thead th')].slice(1).map(th => [th.querySelector('.country-name').textContent, th.querySelector('.code').textContent])",
    );
    const names = Object.fromEntries(cliListing().filter((r) => r.language === "ja").map((r) => [r.country, r.country_name]));
    assert.equal(heads.length, 4);
    for (const [name, code] of heads) {
      assert.equal(name, names[code], `the head of ${code} names the country`);
      assert.match(name, /^[\u30a0-\u30ff\u4e00-\u9fff]+$/, `${name} is Japanese`);
    }
    const ghana = await session.execute("return [...document.querySelectorAll('.choices label')].map(l => l.textContent.trim()).find(t => t.endsWith('GH'))");
    assert.equal(ghana, "ガーナ GH");
    // Choose one more country.
    await session.execute("const boxes = [...document.querySelectorAll('.choices input')]; boxes.find(b => !b.checked).click()");
    const deadline = Date.now() + 5000;
    let second = first;
    while (second.cols.length === 4 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      second = await matrixShape(session);
    }
    assert.equal(second.cols.length, 5);
    await session.screenshot(path.join(root, "target/e2e/compare.png"));
  } finally {
    await session.quit();
  }
});
