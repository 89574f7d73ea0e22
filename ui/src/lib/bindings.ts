// Generated from the engine's Rust types by ts-rs (src/bindings.rs). Do not edit:
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
 * True when `updated` is more than 12 months ago.
 */
stale: boolean, 
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

export type SourceRef = { 
/**
 * Source id in the report.
 */
id: string, 
/**
 * Title.
 */
title: string, 
/**
 * Address.
 */
url: string, };

export type Cell = { 
/**
 * The value as text.
 */
text: string, 
/**
 * The field's note, if any.
 */
note: string | null, 
/**
 * Its sources.
 */
sources: Array<SourceRef>, };

export type Column = { 
/**
 * Report id.
 */
id: string, 
/**
 * Country code.
 */
country: string, 
/**
 * Report title.
 */
title: string, };

export type Row = { 
/**
 * The front-matter name (`regulator`, …).
 */
field: string, 
/**
 * Label in Japanese.
 */
label_ja: string, 
/**
 * Label in English.
 */
label_en: string, 
/**
 * One cell per column.
 */
cells: Array<Cell>, };

export type Matrix = { 
/**
 * The compared reports.
 */
columns: Array<Column>, 
/**
 * The fields.
 */
rows: Array<Row>, };

export type FontConfig = { 
/**
 * Body face.
 */
body: string | null, 
/**
 * Sans face.
 */
sans: string | null, 
/**
 * Bold face.
 */
bold: string | null, 
/**
 * Code face.
 */
mono: string | null, 
/**
 * Faces tried, in order, for characters the role's face lacks.
 */
fallbacks: Array<string> | null, };

export type Settings = { 
/**
 * The library folder to open.
 */
library: string | null, 
/**
 * Organisation named on PDF cover pages.
 */
organisation: string | null, 
/**
 * Author named on PDF cover pages.
 */
author: string | null, 
/**
 * Interface language (`ja` or `en`).
 */
language: string | null, 
/**
 * Fonts for PDF deliverables.
 */
fonts: FontConfig | null, 
/**
 * Where the app writes exported PDFs.
 */
export_dir: string | null, };

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

export type Changes = { 
/**
 * Ids of new or changed files.
 */
changed: Array<string>, 
/**
 * Ids of removed files.
 */
removed: Array<string>, };

export type Progress = { 
/**
 * Steps done.
 */
done: number, 
/**
 * Steps in all.
 */
total: number, 
/**
 * What is being done, in plain words.
 */
message: string, };

export type ManifestFile = { 
/**
 * Path relative to the folder, `/`-separated.
 */
path: string, 
/**
 * Lowercase hex SHA-256 of the file.
 */
sha256: string, 
/**
 * Size in bytes.
 */
size: bigint, 
/**
 * The report it was made from (none for the index).
 */
report?: string | null, 
/**
 * The report's version (none for the index).
 */
version?: number | null, 
/**
 * The publication date of that version (the delivery date for the index).
 */
date: string, 
/**
 * The Kuni version that made the file.
 */
kuni: string, };

export type Published = { 
/**
 * The report id.
 */
id: string, 
/**
 * The new version.
 */
version: number, 
/**
 * The publication date.
 */
date: string, 
/**
 * The snapshot file.
 */
snapshot: string, 
/**
 * The deliverables folder.
 */
out_dir: string, 
/**
 * The deliverables written (the PDF), as listed in the folder's manifest.
 */
files: Array<ManifestFile>, 
/**
 * Typesetting warnings.
 */
warnings: Array<string>, };

export type Op = "equal" | "insert" | "delete";

export type Span = { 
/**
 * equal, insert or delete.
 */
op: Op, 
/**
 * The text, newlines included.
 */
text: string, };

export type SectionChange = "unchanged" | "modified" | "added" | "removed";

export type SectionDiff = { 
/**
 * The heading text (newer version's), `front matter` for the YAML, "" for text before
 * the first heading.
 */
title: string, 
/**
 * How it changed.
 */
change: SectionChange, 
/**
 * Characters inserted.
 */
inserted: number, 
/**
 * Characters deleted.
 */
deleted: number, 
/**
 * The whole section as runs; concatenating the equal and delete runs gives the older
 * text, the equal and insert runs the newer.
 */
ops: Array<Span>, };

export type Diff = { 
/**
 * The report id.
 */
id: string, 
/**
 * The older side (`v2`, `none`).
 */
from: string, 
/**
 * The newer side (`v3`, `draft`).
 */
to: string, 
/**
 * Characters inserted in all sections.
 */
inserted: number, 
/**
 * Characters deleted in all sections.
 */
deleted: number, 
/**
 * Every section of both versions, in the newer version's order.
 */
sections: Array<SectionDiff>, };

export type VersionInfo = { 
/**
 * The version number.
 */
version: number, 
/**
 * When it was published.
 */
date: string | null, 
/**
 * The revision note.
 */
note: string | null, 
/**
 * Whether `.history` holds its text (versions published before Kuni kept history only
 * have their changelog entry).
 */
snapshot: boolean, 
/**
 * The SHA-256 of the snapshot file.
 */
sha256: string | null, };

export type DraftInfo = { 
/**
 * The front matter's version.
 */
version: number, 
/**
 * The front matter's status.
 */
status: Status, 
/**
 * Whether the file differs from the last snapshot (true when there is none).
 */
changed: boolean, };

export type History = { 
/**
 * The report id.
 */
id: string, 
/**
 * The report's title.
 */
title: string, 
/**
 * Published versions, oldest first.
 */
versions: Array<VersionInfo>, 
/**
 * The working file.
 */
draft: DraftInfo, };

export type Delivery = { 
/**
 * The folder.
 */
dir: string, 
/**
 * The files, as in the manifest.
 */
files: Array<ManifestFile>, 
/**
 * Typesetting warnings and reports left out.
 */
warnings: Array<string>, };

export type SiteSummary = { 
/**
 * The site folder.
 */
dir: string, 
/**
 * Ids of the reports on the site.
 */
reports: Array<string>, 
/**
 * Files written.
 */
files: number, 
/**
 * Typesetting warnings and reports left out.
 */
warnings: Array<string>, };
