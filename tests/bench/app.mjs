// The desktop app's benchmark: start-up, memory and search latency in the real window,
// driven through tauri-driver (run through tests/e2e/run.sh by `make bench-app`).
// Prints tables; docs/benchmarks.md records the figures.
import { cpSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Session } from "../e2e/webdriver.mjs";
import { click, root, waitUntil } from "../e2e/helpers.mjs";

const RUNS = Number(process.env.KUNI_BENCH_RUNS ?? 5);
const library = path.join(root, "reports");

/** Every process of the running app: kuni-desktop and its WebKit children. */
function appProcesses() {
  const procs = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return { pid: Number(pid), ppid, comm };
      } catch {
        return null;
      }
    })
    .filter(Boolean);
  const app = procs.filter((p) => p.comm === "kuni-desktop").sort((a, b) => b.pid - a.pid)[0];
  if (!app) throw new Error("kuni-desktop is not running");
  const tree = new Set([app.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (tree.has(p.ppid) && !tree.has(p.pid)) tree.add(p.pid), (grew = true);
  }
  return procs.filter((p) => tree.has(p.pid));
}

/** Resident and proportional set sizes of the app's processes, in MB. */
function memory() {
  let rss = 0;
  let pss = 0;
  const parts = [];
  for (const p of appProcesses()) {
    const rollup = readFileSync(`/proc/${p.pid}/smaps_rollup`, "utf8");
    const kb = (k) => Number((rollup.match(new RegExp(`^${k}:\\s+(\\d+)`, "m")) ?? [0, 0])[1]);
    rss += kb("Rss");
    pss += kb("Pss");
    parts.push(`${p.comm} ${(kb("Pss") / 1024).toFixed(0)}`);
  }
  return { rss: rss / 1024, pss: pss / 1024, parts: parts.join(", ") };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function startUntilLibrary(dir) {
  const t0 = performance.now();
  const session = await Session.start(["--library", dir]);
  // The first screen is the overview of countries (one card per country).
  await session.waitFor("body[data-ready=true] [data-testid=country-card]", 30000);
  const ms = performance.now() - t0;
  await click(session, "[data-testid=open-library]");
  await session.waitFor("[data-testid=library-table] tbody tr");
  return { session, ms };
}

// 1. Start-up: the first start on a library (no index yet) and later starts.
const starts = { first: [], later: [] };
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(path.join(tmpdir(), "kuni-bench-"));
  cpSync(library, dir, { recursive: true });
  for (const kind of ["first", "later"]) {
    const { session, ms } = await startUntilLibrary(dir);
    starts[kind].push(ms);
    await session.quit();
  }
}

// 2. Memory after the library shows, and after opening ten reports.
const { session } = await startUntilLibrary(library);
await new Promise((r) => setTimeout(r, 1500)); // let the background index open settle
const memLibrary = memory();
const ids = await session.execute("return [...document.querySelectorAll('[data-testid=library-table] tbody tr')].map(r => r.dataset.reportId)");
for (const id of ids.slice(0, 10)) {
  await click(session, `[data-testid=library-table] tr[data-report-id="${id}"] button`);
  await session.waitFor(`article.report[data-report-id="${id}"]`);
  await click(session, "[data-testid=open-library]");
  await session.waitFor("[data-testid=library-table] tbody tr");
}
const memTenNow = memory();
await new Promise((r) => setTimeout(r, 5000)); // and once the page has been idle for 5 s
const memTen = memory();

// 3. Keystroke to results: real key presses into the search box, one character at a time.
await click(session, "[data-testid=open-search]");
const [input] = await session.waitFor("[data-testid=search-input]");
const queries = ["医療機器 登録", "CDSCO", "迅速審査", "保健省", "ラベル 表示", "現地代理人", "registration", "有効期間"];
const latencies = [];
for (const q of queries) {
  await session.sendKeys(input, "\uE009a\uE009\uE003"); // Ctrl+A, Backspace
  for (const ch of q) {
    await session.sendKeys(input, ch);
    const typed = await session.execute("return document.querySelector('[data-testid=search-input]').value");
    if (typed.trim() === "") continue;
    const ms = await waitUntil(
      session,
      "const r = document.querySelector('[data-testid=search-results]'); return r && r.dataset.query === arguments[0] ? Number(r.dataset.latencyMs) : null",
      5000,
      typed,
    );
    latencies.push(ms);
  }
}
await session.quit();

const row = (cells) => console.log(`| ${cells.join(" | ")} |`);
console.log(`\nKuni desktop app, ${process.env.KUNI_DESKTOP_BIN}, ${ids.length} bundled reports, ${RUNS} runs\n`);
row(["measure", "median", "best", "worst", "target"]);
row(["---", "---:", "---:", "---:", "---:"]);
const ms = (x) => `${x.toFixed(0)} ms`;
row(["start to library visible, first start (index built)", ms(median(starts.first)), ms(Math.min(...starts.first)), ms(Math.max(...starts.first)), "< 1500 ms"]);
row(["start to library visible, later starts", ms(median(starts.later)), ms(Math.min(...starts.later)), ms(Math.max(...starts.later)), "< 1500 ms"]);
console.log("");
row(["memory (all app processes)", "PSS", "RSS", "target"]);
row(["---", "---:", "---:", "---:"]);
row(["library loaded", `${memLibrary.pss.toFixed(0)} MB`, `${memLibrary.rss.toFixed(0)} MB`, "< 250 MB"]);
row(["after opening 10 reports, at once", `${memTenNow.pss.toFixed(0)} MB`, `${memTenNow.rss.toFixed(0)} MB`, "< 250 MB"]);
row(["after opening 10 reports, 5 s later", `${memTen.pss.toFixed(0)} MB`, `${memTen.rss.toFixed(0)} MB`, "< 250 MB"]);
console.log(`\n(PSS by process after 10 reports, MB: ${memTen.parts})\n`);
row(["keystroke to results on screen", "p50", "p95", "max", "keystrokes", "target"]);
row(["---", "---:", "---:", "---:", "---:", "---:"]);
row(["search palette", `${median(latencies).toFixed(1)} ms`, `${pct(latencies, 95).toFixed(1)} ms`, `${Math.max(...latencies).toFixed(1)} ms`, String(latencies.length), "< 100 ms"]);
console.log("\n(Start-up is measured from the WebDriver request that launches the app, so it includes the driver's own start.)");
