// Shapes of the engine's `Listing` (src/library.rs), as `kuni list --json` and the
// `list_reports` command return them.

export type Language = "ja" | "en";
export type Status = "draft" | "review" | "published";
export type Severity = "error" | "warning";

export interface ReportRow {
  id: string;
  country: string;
  language: Language;
  title: string;
  region: string;
  status: Status;
  version: number;
  updated: string;
  stale: boolean;
  errors: number;
  warnings: number;
  path: string;
}

export interface Problem {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  code: string;
  message: string;
}

export interface InvalidFile {
  id: string;
  path: string;
  problems: Problem[];
}

export interface Listing {
  library: string;
  reports: ReportRow[];
  invalid: InvalidFile[];
}

/** The error every command rejects with. */
export interface CommandError {
  code: string;
  message: string;
}

export interface TocEntry {
  level: number;
  id: string;
  text: string;
}

/** The engine's `ReportView` (src/view.rs). */
export interface ReportView {
  id: string;
  title: string;
  country: string;
  language: Language;
  region: string;
  status: Status;
  version: number;
  updated: string;
  html: string;
  toc: TocEntry[];
  problems: Problem[];
}

export interface Segment {
  text: string;
  hit: boolean;
}

export interface SectionHit {
  anchor: string;
  heading: string;
  path: string[];
  score: number;
  snippet: Segment[];
}

export interface ReportHit {
  id: string;
  country: string;
  language: string;
  title: string;
  region: string;
  status: string;
  updated: string;
  score: number;
  sections: SectionHit[];
}

/** The engine's `SearchResults` (src/search/results.rs). */
export interface SearchResults {
  query: string;
  warnings: string[];
  morphology: boolean;
  total_sections: number;
  reports: ReportHit[];
  took_ms: number;
}

export interface SourceRef {
  id: string;
  title: string;
  url: string;
}

/** The engine's comparison `Matrix` (src/compare.rs). */
export interface Matrix {
  columns: { id: string; country: string; title: string }[];
  rows: {
    field: string;
    label_ja: string;
    label_en: string;
    cells: { text: string; note: string | null; sources: SourceRef[] }[];
  }[];
}
