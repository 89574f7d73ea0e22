// A small W3C WebDriver client over fetch: enough to drive the app through tauri-driver
// without pulling a WebDriver framework into the project.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const base = process.env.KUNI_WEBDRIVER_URL ?? "http://127.0.0.1:4444";

async function call(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) {
    const v = json.value ?? {};
    throw new Error(`WebDriver ${method} ${path}: ${v.error ?? res.status}: ${v.message ?? ""}`);
  }
  return json.value;
}

export class Session {
  static async start(args = []) {
    const value = await call("POST", "/session", {
      capabilities: {
        alwaysMatch: {
          "tauri:options": { application: process.env.KUNI_DESKTOP_BIN, args },
        },
      },
    });
    return new Session(value.sessionId);
  }

  constructor(id) {
    this.id = id;
  }

  async quit() {
    await call("DELETE", `/session/${this.id}`);
  }

  /** Runs `script` (a function body) in the page and returns its result. */
  async execute(script, ...args) {
    return call("POST", `/session/${this.id}/execute/sync`, { script, args });
  }

  async findAll(css) {
    const els = await call("POST", `/session/${this.id}/elements`, { using: "css selector", value: css });
    return els.map((e) => e[ELEMENT]);
  }

  async click(elementId) {
    await call("POST", `/session/${this.id}/element/${elementId}/click`, {});
  }

  /** Types `text` into an element as key presses (WebDriver's special keys, e.g. \uE010 End, work too). */
  async sendKeys(elementId, text) {
    await call("POST", `/session/${this.id}/element/${elementId}/value`, { text });
  }

  async text(elementId) {
    return call("GET", `/session/${this.id}/element/${elementId}/text`);
  }

  /** Waits until `css` matches at least one element; returns their ids. */
  async waitFor(css, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await this.findAll(css);
      if (found.length > 0) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${css}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async screenshot(path) {
    const png = await call("GET", `/session/${this.id}/screenshot`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.from(png, "base64"));
  }
}
