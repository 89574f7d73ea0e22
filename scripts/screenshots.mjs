// Takes the README's screenshots from the real app under Xvfb: `make screenshots` runs this
// through tests/e2e/run.sh (tauri-driver), on a copy of the bundled library, and saves PNGs of
// the X screen (ImageMagick's import) into docs/screenshots/.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Session } from "../tests/e2e/webdriver.mjs";
import { click, openReport, root, typeAtEndOfLine, waitUntil } from "../tests/e2e/helpers.mjs";

const out = path.join(root, "docs/screenshots");
// `KUNI_SHOTS=overview,charts` retakes only those pictures (the walk through the app is the same).
const only = process.env.KUNI_SHOTS ? process.env.KUNI_SHOTS.split(",") : null;
const shot = (name) => {
  if (only && !only.includes(name)) return;
  execFileSync("import", ["-window", "root", "-crop", "1200x800+0+0", "+repage", path.join(out, `${name}.png`)]);
  console.log(`docs/screenshots/${name}.png`);
};
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const type = (s, css, text) =>
  s.execute(
    "const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('input', { bubbles: true }));",
    css,
    text,
  );

const dir = mkdtempSync(path.join(tmpdir(), "kuni-shots-"));
cpSync(path.join(root, "reports"), dir, { recursive: true });
// Vietnam is published once first, so the publish screen shows this session's edits only.
execFileSync(process.env.KUNI_CLI_BIN, ["--library", dir, "publish", "vn.ja", "--note", "初版"], { stdio: "ignore" });
const s = await Session.start(["--library", dir]);
try {
  await s.waitFor("body[data-ready=true] [data-testid=country-card]");
  await pause(500);
  shot("overview");
  await click(s, "[data-testid=open-library]");
  await s.waitFor("[data-testid=library-table] tbody tr");
  await pause(300);
  shot("library");

  await click(s, "[data-testid=open-search]");
  await type(s, "[data-testid=search-input]", "迅速審査 参照国");
  await waitUntil(s, "return document.querySelectorAll('[data-testid=search-results] mark').length > 0");
  await pause(300);
  shot("search");
  await s.execute("document.querySelector('[data-testid=search-input]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))");
  await s.waitFor("article.report");
  await pause(800);
  shot("report");

  await click(s, "[data-testid=open-compare]");
  await s.waitFor("[data-testid=compare-matrix]");
  await pause(500);
  shot("compare");

  await click(s, "[data-testid=open-charts]");
  await s.waitFor("[data-testid=chart-figure] svg");
  await pause(500);
  shot("charts");

  // The reading view opens with the report's summary (概要).
  await click(s, "[data-testid=open-overview]");
  await click(s, "[data-testid=country-card][data-country=TH] .card-open");
  await s.waitFor("[data-testid=summary] [data-testid=summary-indicators] svg");
  // Past the key points, to the routes and the indicators with their strips.
  await s.execute("const h = document.querySelector('.summary-routes'); window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 16)");
  await pause(500);
  shot("summary");

  await click(s, "[data-testid=open-library]");
  await openReport(s, "vn.ja");
  await click(s, "[data-testid=edit]");
  await s.waitFor(".cm-line");
  // A new paragraph before the next heading (End on a wrapped line stops at the visual line's end).
  await typeAtEndOfLine(s, "### リスク区分と登録経路", "\uE011改正法令の施行状況は四半期ごとに確認する。\uE007\uE007");
  await pause(800);
  shot("editor");
  // Another program changes the file: the conflict choice.
  const file = path.join(dir, "vn.ja.md");
  writeFileSync(file, readFileSync(file, "utf8").replace("旧 医療機器・建設局、DMEC", "旧称: 医療機器・建設局、DMEC"));
  await s.waitFor("[data-testid=dialog]", 10000);
  await click(s, "[data-testid=dialog-diff-toggle]");
  await pause(400);
  shot("conflict");
  await click(s, "[data-testid=dialog] [data-action=mine]");
  await click(s, "[data-testid=save]");
  await waitUntil(s, "return document.querySelector('[data-testid=save-state]').dataset.dirty === 'false'");

  await click(s, "[data-testid=close-editor]");
  await s.waitFor("article.report");
  await click(s, "[data-testid=publish]");
  await waitUntil(s, "return document.querySelectorAll('[data-testid=diffview] .diff-section').length > 0");
  await type(s, "[data-testid=publish-note]", "2026 年度の年次更新");
  await pause(400);
  shot("publish");

  await click(s, ".publish .back");
  await s.waitFor("article.report");
  await click(s, "[data-testid=export-one]");
  await click(s, "[data-testid=start-export]");
  await s.waitFor("[data-testid=export-done]", 60000);
  await pause(300);
  shot("export");
  await click(s, "[data-testid=close-export]");

  await click(s, "[data-testid=open-settings]");
  await waitUntil(s, "return document.querySelector('[name=library]')?.value");
  await pause(300);
  shot("settings");
} finally {
  await s.quit();
}
