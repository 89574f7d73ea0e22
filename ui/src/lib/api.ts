// The only place the UI talks to the shell. Each function is one command.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  CommandError,
  Delivery,
  Diff,
  FolderCheck,
  History,
  Progress,
  Published,
  SiteSummary,
  ExportEvent,
  ExportSummary,
  Format,
  Listing,
  Matrix,
  Preview,
  Recovery,
  ReportView,
  SearchResults,
  Settings,
  SettingsView,
  Source,
  GitBar,
  ReportLog,
  SyncReport,
  SummaryView,
  ChartOptions,
  ChartView,
  ChartFormat,
  IndicatorKey,
  Mark,
  ReviewProgress,
  ReviewView,
  Span,
} from "./types";

export const listReports = () => invoke<Listing>("list_reports");
export const getReport = (id: string) => invoke<ReportView>("get_report", { id });
export const compare = (ids: string[]) => invoke<Matrix>("compare", { ids });
/** The report's summary (概要) for the top of the reading view, with the engine's strip SVGs. */
export const reportSummary = (id: string) => invoke<SummaryView>("report_summary", { id });
/** The chart view's indicators and countries, named in `language`. */
export const chartOptions = (language: string) => invoke<ChartOptions>("chart_options", { language });
/** The engine's ranked bar chart of `key` over `countries` (every country when empty). */
export const indicatorChart = (key: IndicatorKey, countries: string[], language: string) =>
  invoke<ChartView>("indicator_chart", { key, countries, language });
/** Writes the chart (SVG; PNG from `png`) or its data (CSV) into the export folder; resolves to the file. */
export const exportChart = (
  key: IndicatorKey,
  countries: string[],
  language: string,
  format: ChartFormat,
  png: Uint8Array | null = null,
) => invoke<string>("export_chart", { key, countries, language, format, png: png ? Array.from(png) : null });
export const search = (query: string, limit = 20) => invoke<SearchResults>("search", { query, limit });

export const getSource = (id: string) => invoke<Source>("get_source", { id });
export const preview = (id: string, text: string) => invoke<Preview>("preview", { id, text });
/** Saves if the file is still `version`; rejects with code `conflict` otherwise. Resolves to the new version. */
export const saveReport = (id: string, text: string, version: string) =>
  invoke<string>("save_report", { id, text, version });
export const storeRecovery = (id: string, baseVersion: string, text: string) =>
  invoke<void>("store_recovery", { id, baseVersion, text });
export const listRecovery = () => invoke<Recovery[]>("list_recovery");
export const discardRecovery = (id: string) => invoke<void>("discard_recovery", { id });

/** Exports the reports in `formats` (PDF, Word or both), calling `onEvent` as each file finishes. */
export function exportPdf(ids: string[], formats: Format[], onEvent: (e: ExportEvent) => void): Promise<ExportSummary> {
  const events = new Channel<ExportEvent>();
  events.onmessage = onEvent;
  return invoke<ExportSummary>("export_pdf", { ids, formats, events });
}
export const cancelExport = () => invoke<void>("cancel_export");
export const exportCompareCsv = (ids: string[], japanese: boolean) =>
  invoke<string>("export_compare_csv", { ids, japanese });
export const openExportFolder = () => invoke<void>("open_export_folder");
export const openExternal = (url: string) => invoke<void>("open_external", { url });

/** What changed between two versions ("v3", "draft"); by default the last published one and the working file. */
export const diffVersions = (id: string, from: string | null = null, to: string | null = null) =>
  invoke<Diff>("diff_versions", { id, from, to });
export const reportHistory = (id: string) => invoke<History>("report_history", { id });
export const openVersion = (id: string, version: number) => invoke<Preview>("open_version", { id, version });

function progressChannel(onProgress: (p: Progress) => void): Channel<Progress> {
  const events = new Channel<Progress>();
  events.onmessage = onProgress;
  return events;
}
/** `password` opens the settings' signing certificate (null when none is set); it is not kept. */
export const publishReport = (id: string, note: string, onProgress: (p: Progress) => void, password: string | null = null) =>
  invoke<Published>("publish_report", { id, note, password, events: progressChannel(onProgress) });
export const deliverAll = (formats: Format[], onProgress: (p: Progress) => void, password: string | null = null) =>
  invoke<Delivery>("deliver_all", { formats, password, events: progressChannel(onProgress) });
/** The manifest, its signature and every PDF's signatures of a delivered folder. */
export const verifyDelivery = (dir: string) => invoke<FolderCheck>("verify_delivery", { dir });
export const buildSite = (onProgress: (p: Progress) => void) =>
  invoke<SiteSummary>("build_site", { events: progressChannel(onProgress) });

/** The library's Git state, or null when it is not kept in Git. */
export const gitStatus = () => invoke<GitBar | null>("git_status");
/** Syncs; with a report and "mine"/"theirs" (and a section), settles that conflict first. */
export const syncLibrary = (
  target: string | null = null,
  section: string | null = null,
  choice: "mine" | "theirs" | null = null,
  continueMerge = false,
) => invoke<SyncReport>("sync_library", { target, section, choice, continueMerge });

/** Who published each version and who changed what between versions (null outside Git). */
export const reportChanges = (id: string) => invoke<ReportLog | null>("report_changes", { id });

export const getSettings = () => invoke<SettingsView>("get_settings");
export const saveSettings = (settings: Settings) => invoke<SettingsView>("save_settings", { settings });

/** Normalises whatever a rejected invoke gives into `{code, message}`. */
export function asCommandError(e: unknown): CommandError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    return { code: String((e as CommandError).code), message: String((e as CommandError).message) };
  }
  return { code: "internal", message: String(e) };
}

/** Every report's progress in its yearly update (the overview's cards). */
export const reviewProgress = () => invoke<ReviewProgress[]>("review_progress");
/** One report's yearly-update view: items in working order, their sources' states. */
export const reviewView = (id: string) => invoke<ReviewView>("review_view", { id });
export const reviewStart = (id: string, by: string) => invoke<ReviewView>("review_start", { id, by });
export const reviewMark = (id: string, key: string, mark: Mark, by: string) =>
  invoke<ReviewView>("review_mark", { id, key, mark, by });
/** Goes online: fetches the report's cited pages (after the user confirmed the hosts). */
export const checkSources = (id: string) => invoke<ReviewView>("check_sources", { id });
/** Gives moved sources (all moved ones when `sources` is empty) their new addresses. */
export const relinkSources = (id: string, sources: string[]) => invoke<ReviewView>("relink_sources", { id, sources });
/** The revision note an open update cycle offers for the next publication. */
export const reviewNote = (id: string) => invoke<string | null>("review_note", { id });
export const sourceDiff = (id: string, source: string) => invoke<Span[] | null>("source_diff", { id, source });
