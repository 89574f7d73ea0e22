// The only place the UI talks to the shell. Each function is one command.
import { invoke } from "@tauri-apps/api/core";
import type { CommandError, Listing, Matrix, ReportView, SearchResults } from "./types";

export function listReports(): Promise<Listing> {
  return invoke<Listing>("list_reports");
}

export function getReport(id: string): Promise<ReportView> {
  return invoke<ReportView>("get_report", { id });
}

export function compare(ids: string[]): Promise<Matrix> {
  return invoke<Matrix>("compare", { ids });
}

export function search(query: string, limit = 20): Promise<SearchResults> {
  return invoke<SearchResults>("search", { query, limit });
}

/** Normalises whatever a rejected invoke gives into `{code, message}`. */
export function asCommandError(e: unknown): CommandError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    return { code: String((e as CommandError).code), message: String((e as CommandError).message) };
  }
  return { code: "internal", message: String(e) };
}
