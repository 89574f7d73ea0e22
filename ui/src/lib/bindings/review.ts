// Generated from the engine's Rust types by ts-rs (src/bindings/). Do not edit:
// run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a type.

export type SourceState = "gone" | "moved" | "changed" | "unreachable" | "not-text" | "first" | "unchanged";

export type QuoteState = "found" | "changed" | "gone" | "unchecked";

export type QuoteStatus = { 
/**
 * The source quoted.
 */
source: string, 
/**
 * The quote as the report keeps it.
 */
quote: string, 
/**
 * Found, changed, gone or unchecked.
 */
state: QuoteState, 
/**
 * For a changed quote, the page's closest passage.
 */
closest: string | null, 
/**
 * How close that passage is, in per cent (100 when found).
 */
similarity: number, };

export type Relinked = { 
/**
 * The source's id.
 */
id: string, 
/**
 * The address it had.
 */
from: string, 
/**
 * The address it has now.
 */
to: string, };

export type SourceStatus = { 
/**
 * The source's id in the report.
 */
id: string, 
/**
 * Its address.
 */
url: string, 
/**
 * Its state (from this check, or the last stored one).
 */
state: SourceState, 
/**
 * What happened.
 */
detail: string, 
/**
 * The address to cite instead, after a permanent redirect.
 */
moved_to: string | null, };

export type FieldStatus = { 
/**
 * `regulation.main_law`, `indicators.population`.
 */
field: string, 
/**
 * Its sources' ids, in citation order.
 */
sources: Array<string>, 
/**
 * The sentences it quotes from them, each looked for in its page's latest text.
 */
quotes: Array<QuoteStatus>, 
/**
 * True when one of them changed, moved or is gone, or a quote is no longer on its page.
 */
needs_review: boolean, };

export type ReportSources = { 
/**
 * The report id.
 */
id: string, 
/**
 * Every source, in the report's order.
 */
sources: Array<SourceStatus>, 
/**
 * Every structured field that cites a source.
 */
fields: Array<FieldStatus>, };

export type Mark = "未確認" | "確認済" | "修正済" | "要確認";

export type ReviewItem = { 
/**
 * The key marks are kept under.
 */
key: string, 
/**
 * What a reader calls it: the field's label in the report's language (主な法令), or the
 * 要確認 item's place and words.
 */
label: string, 
/**
 * True for a structured field (false: a 要確認 item).
 */
field: boolean, 
/**
 * The sources it rests on (fields).
 */
sources: Array<string>, 
/**
 * Its mark.
 */
mark: Mark, 
/**
 * How many of its sources changed, moved or are gone (from the last source check).
 */
sources_to_review: number, 
/**
 * The sentences it quotes from its sources and whether the pages still say them.
 */
quotes: Array<QuoteStatus>, 
/**
 * Answered consultations (相談) resting on it: the field, or the 要確認 item's section.
 */
consultations: number, };

export type ReviewProgress = { 
/**
 * The report id.
 */
id: string, 
/**
 * The day the cycle was opened, if one is open.
 */
cycle_started: string | null, 
/**
 * Items in all.
 */
items: number, 
/**
 * 確認済 or 修正済.
 */
done: number, 
/**
 * 要確認.
 */
to_verify: number, 
/**
 * Sources whose text changed since accepted (or moved).
 */
sources_changed: number, 
/**
 * Sources gone.
 */
sources_gone: number, };
