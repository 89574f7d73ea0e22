// Generated from the engine's Rust types by ts-rs (src/bindings/). Do not edit:
// run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a type.

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
 * The country's name in the report's language (`ベトナム`).
 */
country_name: string, 
/**
 * Report title.
 */
title: string, };

export type Row = { 
/**
 * The front-matter name (`regulator`, …, `indicators.population`, …).
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
