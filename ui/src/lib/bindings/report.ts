// Generated from the engine's Rust types by ts-rs (src/bindings/). Do not edit:
// run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a type.
import type { Problem, Language, Status } from "./library";

export type TocEntry = { 
/**
 * Heading level (2 = a template section).
 */
level: number, 
/**
 * The heading's anchor.
 */
id: string, 
/**
 * The heading's text.
 */
text: string, 
/**
 * The file line of the heading, so the editor's preview can follow the cursor.
 */
line: number, };

export type ReportView = { 
/**
 * Report id.
 */
id: string, 
/**
 * Title.
 */
title: string, 
/**
 * Country code.
 */
country: string, 
/**
 * Language.
 */
language: Language, 
/**
 * Region.
 */
region: string, 
/**
 * Status.
 */
status: Status, 
/**
 * Version.
 */
version: number, 
/**
 * Last update, YYYY-MM-DD.
 */
updated: string, 
/**
 * The body as sanitised HTML (see [`crate::html`]).
 */
html: string, 
/**
 * Headings down to level 4.
 */
toc: Array<TocEntry>, 
/**
 * This report's check problems.
 */
problems: Array<Problem>, };

export type Source = { 
/**
 * Report id.
 */
id: string, 
/**
 * The file's text, exactly as on disk (a file that is not UTF-8 cannot be edited).
 */
text: string, 
/**
 * [`crate::save::sha256_hex`] of the file's bytes.
 */
version: string, };

export type Preview = { 
/**
 * The body as sanitised HTML.
 */
html: string, 
/**
 * Headings down to level 4, with their lines.
 */
toc: Array<TocEntry>, 
/**
 * Problems of the text as it stands, front matter included.
 */
problems: Array<Problem>, };

export type Recovery = { 
/**
 * The library folder (canonical) the report belongs to.
 */
library: string, 
/**
 * Report id.
 */
id: string, 
/**
 * The version of the file the edits started from ([`sha256_hex`] of its bytes).
 */
base_version: string, 
/**
 * The unsaved text.
 */
text: string, 
/**
 * When the copy was written (RFC 3339).
 */
written: string, };
