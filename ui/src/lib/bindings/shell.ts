// Generated from the shell's Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit:
// run `KUNI_UPDATE_BINDINGS=1 cargo test -p kuni-desktop bindings` after changing a type.
import type { GitInfo } from "./git";
import type { ReportSources, ReviewItem, ReviewProgress } from "./review";
import type { Settings } from "./settings";
import type { IndicatorKey, BarChart, Summary } from "./summary";

export type CommandError = { 
/**
 * A stable kebab-case identifier (the engine's [`kuni::Error::code`], or `invalid-argument`,
 * `index`, `busy`, `internal` from the shell).
 */
code: string, 
/**
 * A plain-words description for people.
 */
message: string, };

export type ExportEvent = { "kind": "started", 
/**
 * How many files.
 */
total: number, } | { "kind": "progress", 
/**
 * Files through so far.
 */
done: number, 
/**
 * All files.
 */
total: number, 
/**
 * This report's id.
 */
id: string, 
/**
 * The file's name, when written.
 */
file: string | null, 
/**
 * Why it failed, when it did.
 */
error: string | null, };

export type ExportSummary = { 
/**
 * The folder the PDFs are in.
 */
dir: string, 
/**
 * The files written, by name.
 */
written: Array<string>, 
/**
 * `id: reason` of each report that failed.
 */
failed: Array<string>, 
/**
 * True when the user stopped it before the end.
 */
cancelled: boolean, };

export type SettingsView = { 
/**
 * What the settings file says. (Its TypeScript shape is generated with the engine's.)
 */
settings: Settings, 
/**
 * The library folder the window shows.
 */
library: string, 
/**
 * Where exports go.
 */
export_dir: string, 
/**
 * The settings file.
 */
file: string | null, 
/**
 * Why the settings file could not be read, if it could not.
 */
warning: string | null, };

export type IndexProgress = { 
/**
 * Reports indexed so far.
 */
done: number, 
/**
 * Reports to index (0 when the index was already up to date).
 */
total: number, 
/**
 * True once the index is ready (or failed: searches then say why).
 */
finished: boolean, };

export type SummaryView = { 
/**
 * The summary as the engine computes it for every medium.
 */
summary: Summary, 
/**
 * Per indicator line (same order), its strip as inline SVG, or null without a comparison.
 */
strips: Array<string | null>, };

export type IndicatorChoice = { 
/**
 * Its key.
 */
key: IndicatorKey, 
/**
 * Its label (`1人当たりGDP`).
 */
label: string, 
/**
 * What the label leaves implicit (`名目、米ドル`).
 */
explanation: string, 
/**
 * How many countries of the library give a figure.
 */
countries: number, };

export type CountryChoice = { 
/**
 * ISO 3166-1 alpha-2 code.
 */
code: string, 
/**
 * Its name in the interface language (`ガーナ`).
 */
name: string, };

export type ChartOptions = { 
/**
 * Every indicator, in display order.
 */
indicators: Array<IndicatorChoice>, 
/**
 * Every country of the library, once, by code.
 */
countries: Array<CountryChoice>, };

export type ChartView = { 
/**
 * The bars, largest first.
 */
chart: BarChart, 
/**
 * The SVG to put in the page (inherits the page's font).
 */
svg: string, 
/**
 * The same chart as a file of its own (what the SVG export writes and the PNG is drawn from).
 */
standalone: string, };

export type ChartFormat = "svg" | "png" | "csv";

export type GitBar = { 
/**
 * Branch, remote and pending conflicts.
 */
git: GitInfo, 
/**
 * The library is the bundled sample library, opened because none was named: Sync would
 * commit into the repository Kuni itself came from, so it is refused, as `kuni sync` is.
 */
sample_library: boolean, };

export type ReviewView = { 
/**
 * The progress.
 */
progress: ReviewProgress, 
/**
 * The items, changed or gone sources first.
 */
items: ReviewItem[], 
/**
 * The sources and the fields citing them.
 */
sources: ReportSources, 
/**
 * The hosts a source check would contact, for the confirmation.
 */
hosts: Array<string>, 
/**
 * Milliseconds between two requests to one host (the settings' wait, at least 1000).
 */
delay_ms: number, };
