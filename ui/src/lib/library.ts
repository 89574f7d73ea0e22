// Pure helpers for the library table, tested with Vitest.
import type { ReportRow } from "./types";

/** Reports grouped in the order a reader scans them: region, then country, Japanese edition first. */
export function sortReports(rows: ReportRow[]): ReportRow[] {
  return [...rows].sort(
    (a, b) =>
      a.region.localeCompare(b.region, "ja") ||
      a.country.localeCompare(b.country) ||
      (a.language === b.language ? 0 : a.language === "ja" ? -1 : 1),
  );
}
