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

/** The facet choices of the search palette; empty means "any". */
export type Facets = { region: string; lang: string; status: string };

/**
 * The query sent to the engine: what was typed plus the chosen facets as field filters
 * (`region:アフリカ lang:ja status:published`). Values with spaces cannot be filters, so they
 * are left out rather than breaking the query.
 */
export function withFacets(query: string, f: Facets): string {
  const filters = (
    [
      ["region", f.region],
      ["lang", f.lang],
      ["status", f.status],
    ] as const
  )
    .filter(([, v]) => v !== "" && !/\s/.test(v))
    .map(([k, v]) => `${k}:${v}`);
  return [query.trim(), ...filters].filter(Boolean).join(" ");
}
