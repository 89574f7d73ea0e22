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
