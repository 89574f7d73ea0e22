// Generated from the engine's Rust types by ts-rs (src/bindings/). Do not edit:
// run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a type.

export type Severity = "error" | "warning";

export type Location = { 
/**
 * Line number, starting at 1.
 */
line: number, 
/**
 * Column number in characters, starting at 1.
 */
column: number, };

export type Problem = { 
/**
 * The file, as found in the library folder.
 */
file: string, 
/**
 * Error or warning.
 */
severity: Severity, 
/**
 * A stable, kebab-case identifier of the kind of problem, e.g. `missing-field`.
 */
code: string, 
/**
 * A plain-words description naming the field or section concerned.
 */
message: string, 
/**
 * Line number, starting at 1.
 */
line: number, 
/**
 * Column number in characters, starting at 1.
 */
column: number, };

export type Language = "ja" | "en";

export type Status = "draft" | "review" | "published";

export type ReportRow = { 
/**
 * `vn.ja`
 */
id: string, 
/**
 * ISO 3166-1 alpha-2 code.
 */
country: string, 
/**
 * `ja` or `en`.
 */
language: Language, 
/**
 * The report's title.
 */
title: string, 
/**
 * The region, e.g. 東南アジア.
 */
region: string, 
/**
 * `draft`, `review` or `published`.
 */
status: Status, 
/**
 * The version number.
 */
version: number, 
/**
 * When the content was last updated.
 */
updated: string, 
/**
 * When the last version was published, if ever.
 */
published: string | null, 
/**
 * True when `updated` is more than 12 months ago.
 */
stale: boolean, 
/**
 * How many items the report marks 要確認.
 */
to_verify: number, 
/**
 * The country's name in the report's language (`タイ`, `Thailand`).
 */
country_name: string, 
/**
 * Number of check errors.
 */
errors: number, 
/**
 * Number of check warnings.
 */
warnings: number, 
/**
 * The file.
 */
path: string, };

export type InvalidFile = { 
/**
 * The id from its file name.
 */
id: string, 
/**
 * The file.
 */
path: string, 
/**
 * Its problems (at least one error).
 */
problems: Array<Problem>, };

export type Listing = { 
/**
 * The library folder.
 */
library: string, 
/**
 * Reports, sorted by id.
 */
reports: Array<ReportRow>, 
/**
 * Files that could not be read as reports.
 */
invalid: Array<InvalidFile>, };

export type Changes = { 
/**
 * Ids of new or changed files.
 */
changed: Array<string>, 
/**
 * Ids of removed files.
 */
removed: Array<string>, };
