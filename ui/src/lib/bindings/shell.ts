// Generated from the shell's Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit:
// run `KUNI_UPDATE_BINDINGS=1 cargo test -p kuni-desktop bindings` after changing a type.
import type { Settings } from "./settings";

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
