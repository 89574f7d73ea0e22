// Signing from the app: with a PKCS#12 certificate in the settings, publishing and the
// hand-over set ask for its password and sign the PDFs and manifest; the delivery screen
// verifies a folder and shows each signature, and a changed PDF shows as invalid.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "./webdriver.mjs";
import { click, copyFixture, openReport, root, waitUntil } from "./helpers.mjs";

const setValue = (session, css, value) =>
  session.execute(
    `const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('input', { bubbles: true }));`,
    css,
    value,
  );

test("publish and deliver sign with the settings' certificate, and verification shows the result", async () => {
  const certs = mkdtempSync(path.join(os.tmpdir(), "kuni-e2e-certs-"));
  execFileSync(path.join(root, "tests/sign/make-certs.sh"), [certs]);
  const settingsFile = path.join(process.env.KUNI_CONFIG_DIR, "settings.json");
  const before = readFileSync(settingsFile, "utf8");
  writeFileSync(
    settingsFile,
    JSON.stringify({
      ...JSON.parse(before),
      signing_certificate: path.join(certs, "ec.p12"),
      trust_certificates: path.join(certs, "ca.pem"),
    }),
  );
  const dir = copyFixture("valid");
  const session = await Session.start(["--library", dir]);
  try {
    await openReport(session, "vn.ja");
    await click(session, "[data-testid=publish]");
    await session.waitFor("[data-testid=sign-password]");
    await setValue(session, "[data-testid=publish-note]", "署名付きの公開（テスト）");
    await setValue(session, "[data-testid=sign-password]", "secret");
    await click(session, "[data-testid=publish-confirm]");
    const signed = await waitUntil(session, "return document.querySelector('[data-testid=signed-by]')?.textContent", 60000);
    assert.match(signed, /ECDSA Signer/);
    const deliverables = path.join(dir, ".deliverables");
    assert.ok(existsSync(path.join(deliverables, "manifest.json.p7s")), "the manifest is signed");

    await click(session, ".publish .back");
    await session.waitFor("article.report");
    await click(session, "[data-testid=open-deliver]");
    await setValue(session, "[data-testid=deliver-password]", "secret");
    await click(session, "[data-testid=deliver-all]");
    await waitUntil(session, "return document.querySelector('[data-testid=delivery-signed-by]')", 60000);
    await click(session, "[data-testid=verify-delivery]");
    const ok = await waitUntil(session, "return document.querySelector('[data-testid=verify-result]')?.textContent", 30000);
    assert.match(ok, /すべて一致し、署名は有効で信頼できます/);
    const rows = await session.execute("return document.querySelectorAll('[data-testid=verify-row]').length");
    assert.equal(rows, 3, "manifest.json.p7s, the report's PDF and the index PDF");

    // One byte of a delivered PDF changed: the same screen says so.
    const delivery = path.join(process.env.KUNI_E2E_EXPORT_DIR, readdirSync(process.env.KUNI_E2E_EXPORT_DIR).find((n) => n.startsWith("delivery-")));
    const pdf = path.join(delivery, readdirSync(delivery).find((n) => n.startsWith("VN_")));
    const bytes = readFileSync(pdf);
    bytes[Math.floor(bytes.length / 3)] ^= 1;
    writeFileSync(pdf, bytes);
    await click(session, "[data-testid=verify-delivery]");
    const bad = await waitUntil(
      session,
      "const t = document.querySelector('[data-testid=verify-result]')?.textContent; return t && t.includes('問題があります') ? t : null",
      30000,
    );
    assert.match(bad, /digest mismatch/);
  } finally {
    writeFileSync(settingsFile, before);
    await session.quit();
  }
});
