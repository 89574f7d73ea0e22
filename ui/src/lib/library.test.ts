import { describe, expect, it } from "vitest";
import { filterReports, sortBy, sortReports } from "./library";
import type { ReportRow } from "./types";

function row(id: string, region: string, country: string, language: "ja" | "en"): ReportRow {
  return {
    id, region, country, language, title: id, status: "draft", version: 1,
    updated: "2026-01-01", published: null, stale: false, to_verify: 0, country_name: country, errors: 0, warnings: 0, path: `${id}.md`,
  };
}

describe("sortReports", () => {
  it("orders by region, then country, Japanese edition before English", () => {
    const rows = [
      row("vn.en", "Southeast Asia", "VN", "en"),
      row("ke.ja", "アフリカ", "KE", "ja"),
      row("vn.ja", "東南アジア", "VN", "ja"),
      row("th.ja", "東南アジア", "TH", "ja"),
    ];
    expect(sortReports(rows).map((r) => r.id)).toEqual(["ke.ja", "th.ja", "vn.ja", "vn.en"]);
  });

  it("keeps an English edition beside its Japanese one even without one of its own region", () => {
    const rows = [row("in.en", "South Asia", "IN", "en"), row("ke.ja", "アフリカ", "KE", "ja")];
    expect(sortReports(rows).map((r) => r.id)).toEqual(["in.en", "ke.ja"]);
    const both = [...rows, row("in.ja", "南アジア", "IN", "ja")];
    expect(sortReports(both).map((r) => r.id)).toEqual(["ke.ja", "in.ja", "in.en"]);
  });

  it("does not modify its input", () => {
    const rows = [row("vn.ja", "東南アジア", "VN", "ja"), row("ke.ja", "アフリカ", "KE", "ja")];
    sortReports(rows);
    expect(rows[0].id).toBe("vn.ja");
  });
});

describe("sortBy and filterReports", () => {
  const rows = [
    { ...row("vn.ja", "東南アジア", "VN", "ja"), version: 3, errors: 1, status: "published" as const },
    { ...row("ke.ja", "アフリカ", "KE", "ja"), version: 1, stale: true },
    { ...row("th.ja", "東南アジア", "TH", "ja"), version: 2, title: "タイ王国", warnings: 2 },
  ];

  it("sorts by a column either way", () => {
    expect(sortBy(rows, "version", false).map((r) => r.id)).toEqual(["ke.ja", "th.ja", "vn.ja"]);
    expect(sortBy(rows, "version", true).map((r) => r.id)).toEqual(["vn.ja", "th.ja", "ke.ja"]);
    expect(sortBy(rows, null, false).map((r) => r.id)).toEqual(["ke.ja", "th.ja", "vn.ja"]);
  });

  it("filters by text, status, staleness and problems", () => {
    const none = { text: "", status: "" as const, staleOnly: false, problemsOnly: false };
    expect(filterReports(rows, { ...none, text: "タイ" }).map((r) => r.id)).toEqual(["th.ja"]);
    expect(filterReports(rows, { ...none, text: "ke" }).map((r) => r.id)).toEqual(["ke.ja"]);
    expect(filterReports(rows, { ...none, status: "published" }).map((r) => r.id)).toEqual(["vn.ja"]);
    expect(filterReports(rows, { ...none, staleOnly: true }).map((r) => r.id)).toEqual(["ke.ja"]);
    expect(filterReports(rows, { ...none, problemsOnly: true }).map((r) => r.id)).toEqual(["vn.ja", "th.ja"]);
  });
});
