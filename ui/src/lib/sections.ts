// Which section of a report a file line belongs to, so the preview can follow the cursor.
import type { TocEntry } from "./types";

/** The anchor of the last heading at or above `line` (1-based), or null before the first one. */
export function sectionAt(toc: TocEntry[], line: number): string | null {
  let found: string | null = null;
  for (const h of toc) {
    if (h.line <= line) found = h.id;
    else break;
  }
  return found;
}
