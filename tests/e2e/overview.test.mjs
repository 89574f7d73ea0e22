// The overview of the library (one card per country), the reading view's summary and the
// chart view with its SVG, PNG and CSV exports, in the real window.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Session } from "./webdriver.mjs";
import { click, root, waitUntil } from "./helpers.mjs";

const library = path.join(root, "reports");

function cliListing() {
  const out = execFileSync(process.env.KUNI_CLI_BIN, ["--library", library, "list", "--json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return JSON.parse(out).reports;
}

/** The Japanese name of each country of the library, from the `ja` editions. */
function japaneseNames(rows) {
  return Object.fromEntries(rows.filter((r) => r.language === "ja").map((r) => [r.country, r.country_name]));
}

test("the overview shows every bundled country by name and status, and a click or Enter opens its report", async () => {
  const rows = cliListing();
  const names = japaneseNames(rows);
  const countries = [...new Set(rows.map((r) => r.country))].sort();
  assert.ok(countries.length >= 15, `the bundled library has its countries: ${countries}`);
  const session = await Session.start(["--library", library]);
  try {
    await session.waitFor("[data-testid=country-card]", 30000);
    const cards = await session.execute(
      `return [...document.querySelectorAll('[data-testid=country-card]')].map(c => ({
         country: c.dataset.country, id: c.dataset.reportId,
         name: c.querySelector('.card-name').textContent, code: c.querySelector('.card-open .code').textContent,
         status: c.querySelector('.status').textContent, toVerify: c.querySelector('[data-testid=card-to-verify]').textContent }))`,
    );
    assert.deepEqual(cards.map((c) => c.country).sort(), countries, "one card per country, every country");
    const statusWords = { draft: "下書き", review: "確認中", published: "公開済み" };
    for (const card of cards) {
      const row = rows.find((r) => r.id === card.id);
      assert.equal(row.language, "ja", `${card.country} opens its Japanese edition`);
      assert.equal(card.name, names[card.country]);
      assert.notEqual(card.name, card.country, `${card.country} is named, not shown as its code`);
      assert.equal(card.code, card.country);
      assert.equal(card.status, statusWords[row.status], `${card.country} says its status in words`);
      assert.equal(card.toVerify, `${row.to_verify} 件`);
    }

    // A click anywhere on the card (here its centre, over the facts) opens the report.
    const [ghana] = await session.findAll("[data-testid=country-card][data-country=GH]");
    await session.click(ghana);
    await session.waitFor('article.report[data-report-id="gh.ja"]');
    // The summary opens the reading view: regulator, a route per class, indicators with strips.
    await session.waitFor("[data-testid=summary] [data-testid=summary-indicators] svg");
    const summary = await session.execute(
      `const s = document.querySelector('[data-testid=summary]');
       return { regulator: s.querySelector('[data-testid=summary-regulator]').textContent,
         routes: s.querySelectorAll('[data-testid=summary-routes] tbody tr').length,
         status: s.querySelector('[data-testid=summary-status]').textContent,
         strips: [...s.querySelectorAll('[data-testid=summary-indicators] svg')].map(g => ({
           title: g.querySelector('title')?.textContent ?? '', desc: g.querySelector('desc')?.textContent ?? '' })),
         first: s.compareDocumentPosition(document.querySelector('[data-testid=report-body]')) & Node.DOCUMENT_POSITION_FOLLOWING }`,
    );
    const gh = rows.find((r) => r.id === "gh.ja");
    assert.ok(summary.regulator.length > 0);
    assert.ok(summary.routes >= 2, `a route per class: ${summary.routes}`);
    assert.ok(summary.status.includes(`要確認 ${gh.to_verify}件`), summary.status);
    assert.ok(summary.strips.length > 0);
    for (const s of summary.strips) assert.ok(s.title && s.desc.includes("ガーナ"), JSON.stringify(s));
    assert.ok(summary.first, "the summary comes before the report's body");

    // The back button says where it goes, and goes there: the overview it came from.
    const backLabel = "return document.querySelector('.report-layout button.back')?.textContent.trim() ?? null";
    assert.equal(await session.execute(backLabel), "← 概要に戻る");
    await click(session, ".report-layout button.back");
    const [kenya] = await session.waitFor("[data-testid=country-card][data-country=KE] .card-open");
    // The keyboard opens a card too.
    await session.execute("document.querySelector('[data-testid=country-card][data-country=KE] .card-open').focus()");
    await session.sendKeys(kenya, "\uE007");
    await session.waitFor('article.report[data-report-id="ke.ja"]');

    // Opened from the table, the same button says 一覧 and returns to the table.
    await click(session, "[data-testid=open-library]");
    await click(session, '[data-testid=library-table] tr[data-report-id="th.ja"] button');
    await session.waitFor('article.report[data-report-id="th.ja"]');
    assert.equal(await session.execute(backLabel), "← 一覧に戻る");
    await click(session, ".report-layout button.back");
    await session.waitFor("[data-testid=library-table] tbody tr");
  } finally {
    await session.quit();
  }
});

/** The file the chart view says it saved, once it names one ending in `ext`. */
async function savedFile(session, ext) {
  const text = await waitUntil(
    session,
    "const s = document.querySelector('[data-testid=chart-saved]'); return s && s.textContent.trim().endsWith(arguments[0]) ? s.textContent : null",
    20000,
    ext,
  );
  return text.slice(text.indexOf(": ") + 2).trim();
}

test("the chart view ranks the chosen countries and exports an SVG that parses, a PNG and the CSV", async () => {
  const names = japaneseNames(cliListing());
  const chosen = ["GH", "KE", "NG", "TH"];
  const session = await Session.start(["--library", library]);
  try {
    await click(session, "[data-testid=open-charts]");
    await session.waitFor("[data-testid=chart-figure] svg");
    // Every country by default.
    const boxes = await session.execute("return [...document.querySelectorAll('[data-testid=chart-countries] input')].map(b => [b.value, b.checked])");
    assert.deepEqual(boxes.map(([, on]) => on), boxes.map(() => true));
    assert.equal(boxes.length, Object.keys(names).length);
    // The picker names the countries in Japanese with the code beside.
    const ghLabel = await session.execute("return document.querySelector('[data-testid=chart-countries] input[value=GH]').parentElement.textContent.trim()");
    assert.equal(ghLabel, "ガーナ GH");

    await session.execute(
      "const s = document.querySelector('[data-testid=chart-indicator]'); s.value = 'gdp_per_capita'; s.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    await click(session, "[data-testid=chart-none]");
    for (const code of chosen) await click(session, `[data-testid=chart-countries] input[value=${code}]`);
    const labels = await waitUntil(
      session,
      `const t = [...document.querySelectorAll('[data-testid=chart-figure] svg text')].map(e => e.textContent);
       return t.length > 0 && t[0].startsWith('1人当たりGDP') && t.length === 1 + 2 * arguments[0] ? t : null`,
      10000,
      chosen.length,
    );
    for (const code of chosen) assert.ok(labels.includes(names[code]), `${names[code]} in ${labels}`);

    await click(session, "[data-testid=chart-svg]");
    const svgFile = await savedFile(session, ".svg");
    assert.ok(svgFile.startsWith(process.env.KUNI_E2E_EXPORT_DIR), svgFile);
    const svg = readFileSync(svgFile, "utf8");
    const parsed = await session.execute(
      `const d = new DOMParser().parseFromString(arguments[0], 'image/svg+xml');
       return { error: d.querySelector('parsererror')?.textContent ?? null, root: d.documentElement.localName,
         ns: d.documentElement.namespaceURI, title: d.querySelector('title')?.textContent ?? '',
         desc: d.querySelector('desc')?.textContent ?? '', texts: [...d.querySelectorAll('text')].map(t => t.textContent) }`,
      svg,
    );
    assert.equal(parsed.error, null);
    assert.equal(parsed.root, "svg");
    assert.equal(parsed.ns, "http://www.w3.org/2000/svg");
    assert.ok(parsed.title.startsWith("1人当たりGDP"), parsed.title);
    for (const code of chosen) {
      assert.ok(parsed.texts.includes(names[code]), `the SVG names ${names[code]}`);
      assert.ok(parsed.desc.includes(names[code]), `its description names ${names[code]}`);
    }
    assert.ok(!parsed.texts.includes(names.VN), "and no country that was not chosen");

    await click(session, "[data-testid=chart-png]");
    const png = readFileSync(await savedFile(session, ".png"));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: twice the SVG's 720 px width, and a height.
    assert.equal(png.readUInt32BE(16), 1440);
    assert.ok(png.readUInt32BE(20) > 100);

    await click(session, "[data-testid=chart-csv]");
    const csv = readFileSync(await savedFile(session, ".csv"), "utf8").trim().split(/\r?\n/);
    assert.equal(csv.length, 1 + chosen.length);
    assert.deepEqual(csv.slice(1).map((l) => l.split(",")[1].replaceAll('"', "")).sort(), chosen);
  } finally {
    await session.quit();
  }
});
