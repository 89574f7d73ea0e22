import { describe, expect, it } from "vitest";
import { diffLines, withContext } from "./diff";

describe("diffLines", () => {
  it("marks my lines and theirs around the common ones", () => {
    const d = diffLines("a\n審査期間は6か月\nc", "a\n審査期間は9か月\nc\nd");
    expect(d).toEqual([
      { kind: "same", text: "a" },
      { kind: "theirs", text: "審査期間は9か月" },
      { kind: "mine", text: "審査期間は6か月" },
      { kind: "same", text: "c" },
      { kind: "theirs", text: "d" },
    ]);
  });

  it("finds no change in equal texts", () => {
    expect(diffLines("x\ny", "x\ny").every((l) => l.kind === "same")).toBe(true);
  });
});

describe("withContext", () => {
  it("keeps changes with their neighbours and folds the rest", () => {
    const lines = diffLines(["1", "2", "3", "4", "5", "6", "7"].join("\n"), ["1", "2", "3", "X", "5", "6", "7"].join("\n"));
    const shown = withContext(lines, 1);
    expect(shown[0]).toBeNull();
    expect(shown.filter((l) => l && l.kind !== "same").map((l) => l?.text)).toEqual(["X", "4"]);
    expect(shown[shown.length - 1]).toBeNull();
  });
});
