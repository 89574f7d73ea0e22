// Pure helpers for the library table, tested with Vitest.
import type { ReportRow } from "./types";

/**
 * Reports in the order a reader scans them: by region, then country, the Japanese edition
 * before the English one. An English edition sorts under its Japanese edition's region
 * (its own region is written in English), so both editions of a country stay together.
 */
export function sortReports(rows: ReportRow[]): ReportRow[] {
  const regionOf = new Map<string, string>();
  for (const r of rows) {
    if (r.language === "ja" || !regionOf.has(r.country)) regionOf.set(r.country, r.region);
  }
  const region = (r: ReportRow) => regionOf.get(r.country) ?? r.region;
  return [...rows].sort(
    (a, b) =>
      region(a).localeCompare(region(b), "ja") ||
      a.country.localeCompare(b.country) ||
      (a.language === b.language ? 0 : a.language === "ja" ? -1 : 1),
  );
}
