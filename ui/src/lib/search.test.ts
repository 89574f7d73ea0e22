import { describe, expect, it } from "vitest";
import { LatestOnly, flatHits, withFacets } from "./search";
import type { SearchResults } from "./types";

function results(query: string): SearchResults {
  return {
    query, warnings: [], morphology: true, total_sections: 2, took_ms: 1,
    reports: [
      { id: "vn.ja", country: "VN", language: "ja", title: "VN", region: "東南アジア", status: "draft", updated: "2026-11-22", score: 2,
        sections: [
          { anchor: "薬事制度", heading: "薬事制度", path: ["薬事制度"], score: 2, snippet: [] },
          { anchor: "要点", heading: "要点", path: ["要点"], score: 1, snippet: [] },
        ] },
    ],
  };
}

describe("LatestOnly", () => {
  it("drops an answer that arrives after a newer query started", async () => {
    const latest = new LatestOnly();
    let releaseSlow!: (r: SearchResults) => void;
    const slow = latest.run(() => new Promise((res) => { releaseSlow = res; }));
    const fast = latest.run(async () => results("登録"));
    releaseSlow(results("登"));
    expect(await slow).toBeNull();
    expect((await fast)?.query).toBe("登録");
  });
});

describe("flatHits", () => {
  it("lists sections in display order for keyboard moves", () => {
    expect(flatHits(results("x"))).toEqual([
      { report: "vn.ja", anchor: "薬事制度" },
      { report: "vn.ja", anchor: "要点" },
    ]);
    expect(flatHits(null)).toEqual([]);
  });
});

describe("withFacets", () => {
  it("adds the chosen facets as field filters", () => {
    const none = { region: "", lang: "", status: "" };
    expect(withFacets("登録 期間", none)).toBe("登録 期間");
    expect(withFacets(" 登録 ", { region: "アフリカ", lang: "ja", status: "" })).toBe("登録 region:アフリカ lang:ja");
    expect(withFacets("CDSCO", { ...none, status: "published" })).toBe("CDSCO status:published");
    expect(withFacets("x", { ...none, region: "Southeast Asia" })).toBe("x");
  });
});
