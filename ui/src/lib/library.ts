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

export type SortKey = "country" | "title" | "region" | "language" | "status" | "version" | "updated" | "problems";

/** Sorted by one column (ties keep the reading order of [`sortReports`]). */
export function sortBy(rows: ReportRow[], key: SortKey | null, descending: boolean): ReportRow[] {
  const base = sortReports(rows);
  if (!key) return base;
  const value = (r: ReportRow): string | number =>
    key === "problems" ? r.errors * 1000 + r.warnings : key === "version" ? r.version : String(r[key]);
  const sign = descending ? -1 : 1;
  return base
    .map((r, i) => ({ r, i }))
    .sort((x, y) => {
      const a = value(x.r);
      const b = value(y.r);
      const c = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), "ja");
      return c * sign || x.i - y.i;
    })
    .map((x) => x.r);
}

export type Filter = { text: string; status: "" | ReportRow["status"]; staleOnly: boolean; problemsOnly: boolean };

/** The rows matching every part of the filter; text matches id, country, title or region. */
export function filterReports(rows: ReportRow[], f: Filter): ReportRow[] {
  const needle = f.text.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!needle || [r.id, r.country, r.title, r.region].some((v) => v.toLowerCase().includes(needle))) &&
      (!f.status || r.status === f.status) &&
      (!f.staleOnly || r.stale) &&
      (!f.problemsOnly || r.errors + r.warnings > 0),
  );
}
