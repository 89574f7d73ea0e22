// Pure helpers for the overview screen and for naming countries, tested with Vitest.
import type { ReportRow } from "./types";

/** One country of the library: the edition the card opens, and all its editions. */
export type CountryCard = {
  country: string;
  /** The country's name, from the edition the card opens (Japanese in a Japanese interface). */
  name: string;
  /** The region as the Japanese edition writes it (an English edition's region is in English). */
  region: string;
  primary: ReportRow;
  /** Every edition, the primary one first. */
  editions: ReportRow[];
};

export type RegionGroup = { region: string; cards: CountryCard[] };

// The programme's own order of its regions; others follow in the Japanese collation. The same
// list as the engine's `kuni::site::REGION_ORDER` (a Rust test compares the two).
const REGION_ORDER = ["東南アジア", "南アジア", "東アジア", "中東", "アフリカ", "北米", "中南米", "欧州", "オセアニア"];

/** `ガーナ (GH)`: the name first, the code beside it (the code alone when there is no name). */
export function countryLabel(name: string, code: string): string {
  return name && name !== code ? `${name} (${code})` : code;
}

/**
 * One card per country, grouped by region; the card opens the edition in `lang` if there is
 * one. `names` (code → name in `lang`, from the engine's country list) names a country whose
 * reports are all in the other language.
 */
export function countryCards(rows: ReportRow[], lang: "ja" | "en", names: Record<string, string> = {}): RegionGroup[] {
  const byCountry = new Map<string, ReportRow[]>();
  for (const r of rows) byCountry.set(r.country, [...(byCountry.get(r.country) ?? []), r]);
  const cards: CountryCard[] = [...byCountry.entries()].map(([country, editions]) => {
    const rank = (r: ReportRow) => (r.language === lang ? 0 : r.language === "ja" ? 1 : 2);
    const sorted = [...editions].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
    const primary = sorted[0];
    const japanese = editions.find((r) => r.language === "ja");
    const name = primary.language === lang ? primary.country_name : (names[country] ?? primary.country_name);
    return { country, name, region: (japanese ?? primary).region, primary, editions: sorted };
  });
  const regions = [...new Set(cards.map((c) => c.region))].sort((a, b) => {
    const [i, j] = [REGION_ORDER.indexOf(a), REGION_ORDER.indexOf(b)];
    if (i >= 0 || j >= 0) return (i < 0 ? 99 : i) - (j < 0 ? 99 : j);
    return a.localeCompare(b, "ja");
  });
  return regions.map((region) => ({
    region,
    cards: cards
      .filter((c) => c.region === region)
      .sort((a, b) => a.name.localeCompare(b.name, lang) || a.country.localeCompare(b.country)),
  }));
}

/** How many countries are in each state, stale, and with check problems (by the cards' editions). */
export function tally(groups: RegionGroup[]) {
  const cards = groups.flatMap((g) => g.cards.map((c) => c.primary));
  const count = (f: (r: ReportRow) => boolean) => cards.filter(f).length;
  return {
    countries: cards.length,
    published: count((r) => r.status === "published"),
    review: count((r) => r.status === "review"),
    draft: count((r) => r.status === "draft"),
    stale: count((r) => r.stale),
    problems: count((r) => r.errors + r.warnings > 0),
  };
}
