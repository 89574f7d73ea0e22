// Search as you type: only the answer to the latest query is shown, whatever order answers
// arrive in.
import type { SearchResults } from "./types";

export class LatestOnly {
  private seq = 0;

  /** Runs `fetch` for a new query; resolves to its result, or null if a newer query started. */
  async run(fetch: () => Promise<SearchResults>): Promise<SearchResults | null> {
    const mine = ++this.seq;
    const result = await fetch();
    return mine === this.seq ? result : null;
  }
}

/** The flat list of (report, section) a keyboard moves through, in display order. */
export function flatHits(r: SearchResults | null): { report: string; anchor: string }[] {
  if (!r) return [];
  return r.reports.flatMap((rep) => rep.sections.map((s) => ({ report: rep.id, anchor: s.anchor })));
}
