import { describe, expect, it } from "vitest";
import { countryCards, countryLabel, tally } from "./overview";
import type { ReportRow } from "./types";

function row(id: string, country: string, name: string, region: string, extra: Partial<ReportRow> = {}): ReportRow {
  return {
    id, country, country_name: name, region, language: id.endsWith(".en") ? "en" : "ja", title: id,
    status: "draft", version: 1, updated: "2026-01-01", published: null, stale: false, to_verify: 0,
    errors: 0, warnings: 0, path: `${id}.md`, ...extra,
  };
}

const rows = [
  row("vn.en", "VN", "Vietnam", "Southeast Asia"),
  row("ke.ja", "KE", "ケニア", "アフリカ", { status: "published", published: "2026-03-01" }),
  row("vn.ja", "VN", "ベトナム", "東南アジア", { stale: true }),
  row("th.ja", "TH", "タイ", "東南アジア", { status: "review", errors: 1 }),
  row("ae.ja", "AE", "アラブ首長国連邦", "中東"),
  row("in.ja", "IN", "インド", "南アジア"),
];

describe("countryCards", () => {
  it("gives one card per country, grouped in the programme's order of regions", () => {
    const groups = countryCards(rows, "ja");
    // The site's order (kuni::site::REGION_ORDER): 欧米等 after the emerging markets.
    expect(groups.map((g) => g.region)).toEqual(["東南アジア", "南アジア", "中東", "アフリカ"]);
    expect(groups[0].cards.map((c) => c.country)).toEqual(["TH", "VN"]);
    expect(groups.flatMap((g) => g.cards).length).toBe(5);
  });

  it("opens the edition in the interface language, keeping the others on the card", () => {
    const vnJa = countryCards(rows, "ja")[0].cards.find((c) => c.country === "VN");
    expect(vnJa?.primary.id).toBe("vn.ja");
    expect(vnJa?.name).toBe("ベトナム");
    expect(vnJa?.editions.map((e) => e.id)).toEqual(["vn.ja", "vn.en"]);
    const vnEn = countryCards(rows, "en")[0].cards.find((c) => c.country === "VN");
    expect(vnEn?.primary.id).toBe("vn.en");
    // Still under the Japanese edition's region, not a group of its own.
    expect(countryCards(rows, "en").map((g) => g.region)).not.toContain("Southeast Asia");
  });

  it("names a country with no edition in the interface language from the engine's names", () => {
    const ke = countryCards(rows, "en", { KE: "Kenya" }).flatMap((g) => g.cards).find((c) => c.country === "KE");
    expect(ke?.name).toBe("Kenya");
    expect(ke?.primary.id).toBe("ke.ja");
    // Without a name for it, the edition's own.
    expect(countryCards(rows, "en").flatMap((g) => g.cards).find((c) => c.country === "KE")?.name).toBe("ケニア");
  });

  it("puts an unknown region after the known ones", () => {
    const groups = countryCards([...rows, row("xx.ja", "BR", "ブラジル", "南米")], "ja");
    expect(groups.map((g) => g.region).at(-1)).toBe("南米");
  });
});

describe("tally", () => {
  it("counts countries by state, staleness and problems", () => {
    expect(tally(countryCards(rows, "ja"))).toEqual({ countries: 5, published: 1, review: 1, draft: 3, stale: 1, problems: 1 });
  });
});

describe("countryLabel", () => {
  it("puts the name first and the code beside it", () => {
    expect(countryLabel("ガーナ", "GH")).toBe("ガーナ (GH)");
    expect(countryLabel("", "ZZ")).toBe("ZZ");
    expect(countryLabel("ZZ", "ZZ")).toBe("ZZ");
  });
});
