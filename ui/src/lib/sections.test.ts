import { describe, expect, it } from "vitest";
import { sectionAt } from "./sections";

const toc = [
  { level: 2, id: "概要", text: "概要", line: 20 },
  { level: 2, id: "規制当局", text: "規制当局", line: 40 },
  { level: 3, id: "所管", text: "所管", line: 52 },
];

describe("sectionAt", () => {
  it("gives the heading the cursor is under", () => {
    expect(sectionAt(toc, 5)).toBeNull();
    expect(sectionAt(toc, 20)).toBe("概要");
    expect(sectionAt(toc, 41)).toBe("規制当局");
    expect(sectionAt(toc, 900)).toBe("所管");
  });
});
