// Generated from the engine's Rust types by ts-rs (src/bindings/). Do not edit:
// run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a type.

export type Segment = { 
/**
 * The text of the piece.
 */
text: string, 
/**
 * True for a match.
 */
hit: boolean, };

export type SectionHit = { 
/**
 * Anchor of the section's heading (`""` for text before the first heading).
 */
anchor: string, 
/**
 * The section's heading.
 */
heading: string, 
/**
 * Headings from the outermost down to this one.
 */
path: Array<string>, 
/**
 * Relevance score.
 */
score: number, 
/**
 * A window of the section's text with the matches marked.
 */
snippet: Array<Segment>, };

export type ReportHit = { 
/**
 * Report id.
 */
id: string, 
/**
 * Country code.
 */
country: string, 
/**
 * `ja` / `en`.
 */
language: string, 
/**
 * Report title.
 */
title: string, 
/**
 * Region.
 */
region: string, 
/**
 * Status.
 */
status: string, 
/**
 * When the report was last updated (YYYY-MM-DD).
 */
updated: string, 
/**
 * The best section's score.
 */
score: number, 
/**
 * Its best sections, best first.
 */
sections: Array<SectionHit>, };

export type SearchResults = { 
/**
 * The query as given.
 */
query: string, 
/**
 * How odd input was understood (unbalanced quote, unknown field, …).
 */
warnings: Array<string>, 
/**
 * Whether morphological analysis took part.
 */
morphology: boolean, 
/**
 * Number of matching sections in the whole library.
 */
total_sections: number, 
/**
 * Matching reports, best first.
 */
reports: Array<ReportHit>, 
/**
 * Time spent, in milliseconds.
 */
took_ms: number, };
