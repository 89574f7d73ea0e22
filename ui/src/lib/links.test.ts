import { describe, expect, it } from "vitest";
import { linkKind } from "./links";

describe("linkKind", () => {
  it("opens only web links, after asking; never scripts or files", () => {
    expect(linkKind("#規制当局")).toBe("anchor");
    expect(linkKind("https://www.moh.gov.vn/")).toBe("web");
    expect(linkKind("mailto:a@example.org")).toBe("web");
    for (const bad of ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "vn.ja.md", ""]) {
      expect(linkKind(bad)).toBe("none");
    }
  });
});
