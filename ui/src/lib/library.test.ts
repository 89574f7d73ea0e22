import { describe, expect, it } from "vitest";
import { sortReports } from "./library";
import type { ReportRow } from "./types";

function row(id: string, region: string, country: string, language: "ja" | "en"): ReportRow {
  return {
    id, region, country, language, title: id, status: "draft", version: 1,
    updated: "2026-01-01", stale: false, errors: 0, warnings: 0, path: `${id}.md`,
  };
}

describe("sortReports", () => {
  it("orders by region, then country, Japanese edition before English", () => {
    const rows = [
      row("vn.en", "東南アジア", "VN", "en"),
      row("ke.ja", "アフリカ", "KE", "ja"),
      row("vn.ja", "東南アジア", "VN", "ja"),
      row("th.ja", "東南アジア", "TH", "ja"),
    ];
    expect(sortReports(rows).map((r) => r.id)).toEqual(["ke.ja", "th.ja", "vn.ja", "vn.en"]);
  });

  it("does not modify its input", () => {
    const rows = [row("vn.ja", "東南アジア", "VN", "ja"), row("ke.ja", "アフリカ", "KE", "ja")];
    sortReports(rows);
    expect(rows[0].id).toBe("vn.ja");
  });
});
