// Generated from the engine's Rust types by ts-rs (src/bindings/). Do not edit:
// run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a type.
import type { Language } from "./library";

export type IndicatorKey = "population" | "gdp_per_capita" | "health_expenditure_per_capita" | "health_expenditure_gdp_share" | "out_of_pocket_share" | "aged_65_share" | "device_market" | "device_import_share";

export type Bar = { 
/**
 * What the bar is labelled with (`タイ`).
 */
label: string, 
/**
 * The ISO code of the country, for links and data.
 */
code: string, 
/**
 * The value, in the chart's unit.
 */
value: number, 
/**
 * The value as written beside the bar (`383.6ドル`).
 */
value_label: string, 
/**
 * Drawn in the accent colour: the report's own country.
 */
highlight: boolean, };

export type BarChart = { 
/**
 * The heading a reader sees (`1人当たり医療費（米ドル）`).
 */
title: string, 
/**
 * What the chart shows in words, for screen readers (SVG `<desc>`, PDF Figure /Alt).
 */
description: string, 
/**
 * The bars, in the order they are drawn.
 */
bars: Array<Bar>, };

export type KeyPoint = { 
/**
 * The lead, e.g. `区分判定が出発点。`; empty when the item has none.
 */
lead: string, 
/**
 * The rest of the item's first paragraph.
 */
text: string, };

export type RouteLine = { 
/**
 * The risk class.
 */
class: string, 
/**
 * The route.
 */
route: string, };

export type IndicatorLine = { 
/**
 * Which indicator.
 */
key: IndicatorKey, 
/**
 * Its label.
 */
label: string, 
/**
 * The value as written for a reader, `None` when the report has no figure.
 */
value: string | null, 
/**
 * The data year.
 */
year: number | null, 
/**
 * The note (why a value is missing, or what to check).
 */
note: string | null, 
/**
 * Where the country ranks among the compared ones: (rank, of how many).
 */
rank: [number, number] | null, 
/**
 * Who the country is compared with (`東南アジア`, or the whole library).
 */
group: string, 
/**
 * Why the comparison is not within the region, when it is not (`中南米は2か国のみのため、
 * ライブラリ全体と比較`; the rank says of how many): a rank among 2 would say nothing, so
 * every medium prints this under its indicator table.
 */
group_note: string | null, 
/**
 * The comparison: one bar per country with a figure, this one highlighted. `None`
 * when no other country of the library has the figure.
 */
chart: BarChart | null, };

export type Labels = { 
/**
 * `概要`
 */
heading: string, 
/**
 * `要点`
 */
key_points: string, 
/**
 * `登録の流れ`
 */
registration: string, 
/**
 * `規制当局`
 */
regulator: string, 
/**
 * `リスク区分`
 */
class: string, 
/**
 * `登録経路`
 */
route: string, 
/**
 * `現地代理人`
 */
local_representative: string, 
/**
 * `標準的な審査期間`
 */
review_time: string, 
/**
 * `有効期間`
 */
validity: string, 
/**
 * `福祉用具`
 */
assistive_products: string, 
/**
 * `市場指標`
 */
indicators: string, 
/**
 * `留意点`
 */
caveat: string, 
/**
 * `更新日 2026-12-01・第1版・要確認 12件`
 */
status_line: string, };

export type Summary = { 
/**
 * The report id (`th.ja`).
 */
id: string, 
/**
 * The country's ISO code.
 */
country: string, 
/**
 * The country's name in the report's language.
 */
country_name: string, 
/**
 * The report's language.
 */
language: Language, 
/**
 * The regulator.
 */
regulator: string, 
/**
 * The key points (要点), in order; each medium shows as many as fit.
 */
key_points: Array<KeyPoint>, 
/**
 * The registration route per risk class, lowest class first.
 */
routes: Array<RouteLine>, 
/**
 * Whether a local representative is needed, in words.
 */
local_representative: string, 
/**
 * The typical review time.
 */
review_time: string, 
/**
 * How long an approval is valid.
 */
validity: string, 
/**
 * How assistive products (福祉用具) are treated; empty when the report does not say.
 */
assistive_products: string, 
/**
 * One line per indicator the report gives, in display order.
 */
indicators: Array<IndicatorLine>, 
/**
 * The first caveat (留意点), if the report has one.
 */
first_caveat: string | null, 
/**
 * When the report was last updated.
 */
updated: string, 
/**
 * The report's version.
 */
version: number, 
/**
 * How many items the report marks 要確認.
 */
to_verify: number, 
/**
 * The section headings and words the media print, in the report's language.
 */
labels: Labels, };
