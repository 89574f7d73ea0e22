// The whole end-to-end suite runs inside a network namespace with nothing but loopback
// (run.sh), so every other test also proves the app works offline. This test proves the cut
// is real, and that the app, started here, still lists, searches and renders.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Session } from "./webdriver.mjs";
import { click, root, waitUntil, showTable } from "./helpers.mjs";

const offline = process.env.KUNI_E2E_OFFLINE === "1";

test(
  "the app works with networking cut off",
  { skip: offline ? false : "run.sh could not create a network namespace on this machine (see its message)" },
  async () => {
    const interfaces = readFileSync("/proc/net/dev", "utf8")
      .split("\n")
      .slice(2)
      .map((l) => l.split(":")[0].trim())
      .filter(Boolean);
    assert.deepEqual(interfaces, ["lo"], "only loopback exists");
    const session = await Session.start(["--library", path.join(root, "reports")]);
    try {
      await showTable(session);
      await click(session, "[data-testid=open-search]");
      await session.execute(
        "const el = document.querySelector('[data-testid=search-input]'); el.value = '医療機器'; el.dispatchEvent(new Event('input', { bubbles: true }));",
      );
      await waitUntil(session, "return document.querySelectorAll('[data-testid=search-results] mark').length > 0");
      // Nothing in the page came from anywhere but the app itself.
      const foreign = await session.execute(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !/^(tauri|ipc|asset):|^https?:\\/\\/(tauri|ipc)\\.localhost\\//.test(n))",
      );
      assert.deepEqual(foreign, []);
    } finally {
      await session.quit();
    }
  },
);
