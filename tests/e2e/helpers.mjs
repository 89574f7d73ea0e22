// What the end-to-end tests share: a copy of a fixture library, waiting on the page, typing.
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");

/** A fresh copy of tests/fixtures/NAME in a temporary folder (tests never touch the project's files). */
export function copyFixture(name) {
  const dir = mkdtempSync(path.join(tmpdir(), "kuni-e2e-"));
  cpSync(path.join(root, "tests/fixtures", name), dir, { recursive: true });
  return dir;
}

/** Runs `script` until it returns something truthy; returns that. */
export async function waitUntil(session, script, timeoutMs = 10000, ...args) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await session.execute(script, ...args);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${script}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Clicks the element matching `css` (through the page, which also reaches covered elements). */
export async function click(session, css) {
  await session.waitFor(css);
  await session.execute("document.querySelector(arguments[0]).click()", css);
}

/**
 * Shows the library table (the app starts on the overview of countries; the table is the
 * 一覧 tab) and waits for its rows.
 */
export async function showTable(session) {
  await session.waitFor("body[data-ready=true]", 30000);
  await click(session, "[data-testid=open-library]");
  await session.waitFor("[data-testid=library-table] tbody tr");
}

/** Opens report `id` from the library table and waits for the reading view. */
export async function openReport(session, id) {
  if ((await session.findAll("[data-testid=library-table]")).length === 0) await showTable(session);
  await click(session, `[data-testid=library-table] tr[data-report-id="${id}"] button`);
  await session.waitFor(`article.report[data-report-id="${id}"]`);
}

/**
 * Types `text` at the end of the editor line containing `lineText`, as a person does: a click
 * on the line, End, then the keys (WebKitWebDriver delivers Japanese characters as committed
 * text, like an IME).
 */
export async function typeAtEndOfLine(session, lineText, text) {
  // The editor draws only the lines in view, and redraws them as it scrolls: scroll until the
  // line is drawn, let the scrolling settle, then click it.
  const mark = `const line = [...document.querySelectorAll('.cm-line')].find(l => l.textContent.includes(arguments[0]));
     if (line) { line.scrollIntoView({ block: 'center' }); line.dataset.e2eTarget = '1'; return true; }
     const s = document.querySelector('.cm-scroller'); s.scrollTop += s.clientHeight / 2; return false;`;
  for (let attempt = 0; attempt < 20; attempt++) {
    await waitUntil(session, mark, 10000, lineText);
    await new Promise((r) => setTimeout(r, 200));
    await session.execute(mark, lineText);
    const [line] = await session.findAll(".cm-line[data-e2e-target]");
    if (!line) continue;
    try {
      await session.click(line);
    } catch {
      continue; // redrawn between finding and clicking
    }
    // Keys go to the editable area (the line's own node is redrawn as the cursor moves in).
    const [content] = await session.findAll(".cm-content");
    await session.sendKeys(content, "\uE010" + text);
    return;
  }
  throw new Error(`could not click the editor line containing ${lineText}`);
}
