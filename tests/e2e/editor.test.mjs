// Editing in the real window: typing, saving to disk, the saved word found by search, the
// conflict choice when another program changes the file, and a PDF of the edited report.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Session } from "./webdriver.mjs";
import { click, copyFixture, openReport, root, typeAtEndOfLine, waitUntil } from "./helpers.mjs";

const dirty = "return document.querySelector('[data-testid=save-state]')?.dataset.dirty === 'true'";
const clean = "return document.querySelector('[data-testid=save-state]')?.dataset.dirty === 'false'";

test("an edit is saved to disk, found by search, and in the exported PDF's text", async () => {
  const dir = copyFixture("valid");
  const file = path.join(dir, "vn.ja.md");
  const session = await Session.start(["--library", dir]);
  try {
    await openReport(session, "vn.ja");
    await click(session, "[data-testid=edit]");
    await session.waitFor(".cm-line");
    await typeAtEndOfLine(session, "輸入依存が高い。", "港湾経由の輸入手続きは煩雑。");
    await waitUntil(session, dirty);
    // The preview follows the text as typed.
    await waitUntil(session, "return document.querySelector('[data-testid=preview]').textContent.includes('港湾経由の輸入手続きは煩雑')");
    await session.screenshot(path.join(root, "target/e2e/editor.png"));
    // Ctrl+S saves.
    const [content] = await session.findAll(".cm-content");
    await session.sendKeys(content, "\uE009s\uE009");
    await waitUntil(session, clean);
    const saved = readFileSync(file, "utf8");
    assert.ok(saved.includes("輸入依存が高い。港湾経由の輸入手続きは煩雑。"), "the file on disk has the edit");
    assert.ok(saved.startsWith("---\ntitle: ベトナム"), "the rest of the file is intact");

    // Search finds the new word.
    await click(session, "[data-testid=close-editor]");
    await session.waitFor("article.report");
    await click(session, "[data-testid=open-search]");
    await session.waitFor("[data-testid=search-input]");
    await session.execute(
      "const el = document.querySelector('[data-testid=search-input]'); el.value = '港湾経由'; el.dispatchEvent(new Event('input', { bubbles: true }));",
    );
    const hit = await waitUntil(
      session,
      "const r = document.querySelector('[data-testid=search-results] .result-report'); return r && r.querySelector('mark') ? r.dataset.reportId : null",
    );
    assert.equal(hit, "vn.ja");
    await session.execute("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })); document.querySelector('[data-testid=search-input]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))");

    // Export this report as PDF and Word; the PDF's text layer has the new sentence, and so
    // has the .docx.
    await click(session, "[data-testid=export-one]");
    await click(session, "[data-testid=format-both]");
    await session.screenshot(path.join(root, "target/e2e/export-formats.png"));
    await click(session, "[data-testid=start-export]");
    await session.waitFor("[data-testid=export-done]", 60000);
    const exportDir = process.env.KUNI_E2E_EXPORT_DIR;
    const pdf = readdirSync(exportDir).find((f) => f.startsWith("VN_") && f.endsWith(".pdf"));
    assert.ok(pdf, `a PDF in ${exportDir}`);
    const docx = readdirSync(exportDir).find((f) => f.startsWith("VN_") && f.endsWith(".docx"));
    assert.equal(docx, pdf.replace(/\.pdf$/, ".docx"), "the .docx is named like the PDF");
    const xml = execFileSync("python3", ["-c", "import sys,zipfile;sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())", path.join(exportDir, docx)], { encoding: "utf8" });
    assert.ok(xml.includes("港湾経由の輸入手続きは煩雑"), "the .docx has the edit");
    const text = execFileSync("pdftotext", ["-layout", path.join(exportDir, pdf), "-"], { encoding: "utf8" });
    assert.ok(text.replace(/\s+/g, "").includes("港湾経由の輸入手続きは煩雑"), "the PDF text layer has the edit");
    await session.screenshot(path.join(root, "target/e2e/export.png"));
  } finally {
    await session.quit();
  }
});

test("a report changed on disk while open with edits raises the conflict choice", async () => {
  const dir = copyFixture("valid");
  const file = path.join(dir, "vn.ja.md");
  const session = await Session.start(["--library", dir]);
  try {
    await openReport(session, "vn.ja");
    await click(session, "[data-testid=edit]");
    await session.waitFor(".cm-line");
    await typeAtEndOfLine(session, "輸入依存が高い。", "自分の追記。");
    await waitUntil(session, dirty);
    // Another program rewrites the file.
    const theirs = readFileSync(file, "utf8").replace("輸入依存が高い。", "輸入依存が高い。他人の追記。");
    writeFileSync(file, theirs);
    await session.waitFor("[data-testid=dialog]", 10000);
    const title = await session.execute("return document.getElementById('dialog-title').textContent");
    assert.match(title, /ほかのプログラム/);
    // The difference shows both versions of the changed line.
    await click(session, "[data-testid=dialog-diff-toggle]");
    const diff = await waitUntil(session, "const d = document.querySelector('[data-testid=dialog-diff]'); return d && { mine: d.querySelector('.diff-mine')?.textContent, theirs: d.querySelector('.diff-theirs')?.textContent }");
    assert.match(diff.mine, /自分の追記/);
    assert.match(diff.theirs, /他人の追記/);
    await session.screenshot(path.join(root, "target/e2e/conflict.png"));
    // Keep mine: nothing was overwritten yet; the next save replaces the file on purpose.
    await click(session, "[data-testid=dialog] [data-action=mine]");
    assert.equal(readFileSync(file, "utf8"), theirs, "the other program's file is untouched until I save");
    await click(session, "[data-testid=save]");
    await waitUntil(session, clean);
    const after = readFileSync(file, "utf8");
    assert.ok(after.includes("自分の追記。") && !after.includes("他人の追記。"), "my version was saved");
  } finally {
    await session.quit();
  }
});

test("closing the editor with unsaved edits asks first; a recovery copy is offered after a restart", async () => {
  const dir = copyFixture("valid");
  const file = path.join(dir, "vn.ja.md");
  const before = readFileSync(file, "utf8");
  let session = await Session.start(["--library", dir]);
  try {
    await openReport(session, "vn.ja");
    await click(session, "[data-testid=edit]");
    await session.waitFor(".cm-line");
    await typeAtEndOfLine(session, "輸入依存が高い。", "未保存の一文。");
    await waitUntil(session, dirty);
    await click(session, "[data-testid=close-editor]");
    await session.waitFor("[data-testid=dialog] [data-action=discard]");
    await click(session, "[data-testid=dialog] [data-action=cancel]");
    // Still in the editor with the text; wait for the recovery copy (written ~1.5 s after typing).
    await waitUntil(session, dirty);
    await new Promise((r) => setTimeout(r, 2500));
  } finally {
    // Quitting the session kills the app as a crash would: no chance to save.
    await session.quit();
  }
  assert.equal(readFileSync(file, "utf8"), before, "nothing was written to the report");
  session = await Session.start(["--library", dir]);
  try {
    await session.waitFor("[data-testid=dialog] [data-action=recover]");
    await click(session, "[data-testid=dialog] [data-action=recover]");
    await waitUntil(session, dirty);
    // (The editor draws only the lines in view; the preview shows the whole text.)
    await waitUntil(session, "return document.querySelector('[data-testid=preview]').textContent.includes('未保存の一文。')");
    await click(session, "[data-testid=save]");
    await waitUntil(session, clean);
    assert.ok(readFileSync(file, "utf8").includes("輸入依存が高い。未保存の一文。"));
  } finally {
    await session.quit();
  }
});
