//! The one-page summary (概要) of a report: its key points, the registration path per risk
//! class, the indicators set against the library's other countries, the first caveat, the
//! updated date and the number of 要確認 items. One function computes it; the PDF, the app's
//! reading view and the website lay the same [`Summary`] out for their medium.

use crate::chart::{Bar, BarChart};
use crate::compare;
use crate::doc::{Block, BlockKind, Inline, inline_text};
use crate::report::countries;
use crate::report::{IndicatorKey, Language, Report, sections};
use chrono::NaiveDate;
use serde::Serialize;

/// Everything the summary page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Summary {
    /// The report id (`th.ja`).
    pub id: String,
    /// The country's ISO code.
    pub country: String,
    /// The country's name in the report's language.
    pub country_name: String,
    /// The report's language.
    pub language: Language,
    /// The regulator.
    pub regulator: String,
    /// The key points (要点), in order; each medium shows as many as fit.
    pub key_points: Vec<KeyPoint>,
    /// The registration route per risk class, lowest class first.
    pub routes: Vec<RouteLine>,
    /// Whether a local representative is needed, in words.
    pub local_representative: String,
    /// The typical review time.
    pub review_time: String,
    /// How long an approval is valid.
    pub validity: String,
    /// How assistive products (福祉用具) are treated; empty when the report does not say.
    pub assistive_products: String,
    /// One line per indicator the report gives, in display order.
    pub indicators: Vec<IndicatorLine>,
    /// The first caveat (留意点), if the report has one.
    pub first_caveat: Option<String>,
    /// When the report was last updated.
    pub updated: NaiveDate,
    /// The report's version.
    pub version: u32,
    /// How many items the report marks 要確認.
    pub to_verify: u32,
    /// The section headings and words the media print, in the report's language.
    pub labels: Labels,
}

/// A key point: its bold lead sentence (when the item starts with one) and the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KeyPoint {
    /// The lead, e.g. `区分判定が出発点。`; empty when the item has none.
    pub lead: String,
    /// The rest of the item's first paragraph.
    pub text: String,
}

/// One class's route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RouteLine {
    /// The risk class.
    pub class: String,
    /// The route.
    pub route: String,
}

/// One indicator as the summary shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IndicatorLine {
    /// Which indicator.
    pub key: IndicatorKey,
    /// Its label.
    pub label: String,
    /// The value as written for a reader, `None` when the report has no figure.
    pub value: Option<String>,
    /// The data year.
    pub year: Option<i32>,
    /// The note (why a value is missing, or what to check).
    pub note: Option<String>,
    /// Where the country ranks among the compared ones: (rank, of how many).
    pub rank: Option<(u32, u32)>,
    /// Who the country is compared with (`東南アジア`, or the whole library).
    pub group: String,
    /// Why the comparison is not within the region, when it is not (`中南米は2か国のみのため、
    /// ライブラリ全体と比較`; the rank says of how many): a rank among 2 would say nothing, so
    /// every medium prints this under its indicator table.
    pub group_note: Option<String>,
    /// The comparison: one bar per country with a figure, this one highlighted. `None`
    /// when no other country of the library has the figure.
    pub chart: Option<BarChart>,
}

/// Words the summary's media print, so every medium says the same thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Labels {
    /// `概要`
    pub heading: String,
    /// `要点`
    pub key_points: String,
    /// `登録の流れ`
    pub registration: String,
    /// `規制当局`
    pub regulator: String,
    /// `リスク区分`
    pub class: String,
    /// `登録経路`
    pub route: String,
    /// `現地代理人`
    pub local_representative: String,
    /// `標準的な審査期間`
    pub review_time: String,
    /// `有効期間`
    pub validity: String,
    /// `福祉用具`
    pub assistive_products: String,
    /// `市場指標`
    pub indicators: String,
    /// `留意点`
    pub caveat: String,
    /// `更新日 2026-12-01・第1版・要確認 12件`
    pub status_line: String,
}

/// The summary of `report`; its indicators are compared with the other reports in `library`
/// (one per country, the report's own language preferred).
pub fn summary(report: &Report, library: &[&Report]) -> Summary {
    let m = &report.meta;
    let lang = m.language;
    let reg = &m.regulation;
    let ja = lang == Language::Ja;
    let to_verify = report.to_verify.len() as u32;
    Summary {
        id: report.id.clone(),
        country: m.country.clone(),
        country_name: countries::name(&m.country, lang),
        language: lang,
        regulator: reg.regulator.value.clone(),
        key_points: key_points(report),
        routes: reg
            .routes
            .value
            .iter()
            .map(|r| RouteLine {
                class: r.class.clone(),
                route: r.route.clone(),
            })
            .collect(),
        local_representative: compare::local_representative_words(reg.local_representative.value, lang),
        review_time: reg.review_time.value.clone(),
        validity: reg.validity.value.clone(),
        assistive_products: reg
            .assistive_products
            .as_ref()
            .map(|a| a.value.clone())
            .unwrap_or_default(),
        indicators: m
            .indicators
            .iter()
            .map(|i| indicator_line(report, i.key, library))
            .collect(),
        first_caveat: first_caveat(report),
        updated: m.updated,
        version: m.version,
        to_verify,
        labels: if ja {
            Labels {
                heading: "概要".into(),
                key_points: "要点".into(),
                registration: "登録の流れ".into(),
                regulator: "規制当局".into(),
                class: "リスク区分".into(),
                route: "登録経路".into(),
                local_representative: "現地代理人".into(),
                review_time: "標準的な審査期間".into(),
                validity: "有効期間".into(),
                assistive_products: "福祉用具".into(),
                indicators: "市場指標".into(),
                caveat: "留意点".into(),
                status_line: format!("更新日 {}・第{}版・要確認 {}件", m.updated, m.version, to_verify),
            }
        } else {
            Labels {
                heading: "Summary".into(),
                key_points: "Key points".into(),
                registration: "Registration".into(),
                regulator: "Regulator".into(),
                class: "Class".into(),
                route: "Route".into(),
                local_representative: "Local representative".into(),
                review_time: "Typical review time".into(),
                validity: "Validity".into(),
                assistive_products: "Assistive products".into(),
                indicators: "Indicators".into(),
                caveat: "Caveat".into(),
                status_line: format!(
                    "Updated {} · version {} · {} item{} to verify",
                    m.updated,
                    m.version,
                    to_verify,
                    if to_verify == 1 { "" } else { "s" }
                ),
            }
        },
    }
}

/// The blocks of the level-2 section `name`, without its heading.
fn section<'a>(report: &'a Report, name: &str) -> &'a [Block] {
    let blocks = &report.doc.blocks;
    let is_h2 = |b: &Block| matches!(&b.kind, BlockKind::Heading { level, .. } if *level <= 2);
    let Some(start) = blocks.iter().position(|b| {
        matches!(&b.kind, BlockKind::Heading { level: 2, content, .. } if inline_text(content).trim() == name)
    }) else {
        return &[];
    };
    let end = blocks[start + 1..]
        .iter()
        .position(is_h2)
        .map_or(blocks.len(), |n| start + 1 + n);
    &blocks[start + 1..end]
}

/// The items of the first list of the 要点 section.
fn key_points(report: &Report) -> Vec<KeyPoint> {
    let name = sections::required(report.meta.language)[0];
    let Some(items) = section(report, name).iter().find_map(|b| match &b.kind {
        BlockKind::List { items, .. } => Some(items),
        _ => None,
    }) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let content = item.blocks.iter().find_map(|b| match &b.kind {
                BlockKind::Paragraph { content } => Some(content),
                _ => None,
            })?;
            Some(match content.split_first() {
                Some((Inline::Strong { content: lead }, rest)) => KeyPoint {
                    lead: inline_text(lead).trim().to_string(),
                    text: inline_text(rest).trim().to_string(),
                },
                _ => KeyPoint {
                    lead: String::new(),
                    text: inline_text(content).trim().to_string(),
                },
            })
        })
        .collect()
}

/// The first item of the 留意点 section's first list, else its first callout or paragraph.
fn first_caveat(report: &Report) -> Option<String> {
    let name = sections::required(report.meta.language)[1];
    let blocks = section(report, name);
    let first_paragraph = |blocks: &[Block]| {
        blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Paragraph { content } => Some(inline_text(content).trim().to_string()),
            _ => None,
        })
    };
    blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::List { items, .. } => items.first().and_then(|i| first_paragraph(&i.blocks)),
            _ => None,
        })
        .or_else(|| {
            blocks.iter().find_map(|b| match &b.kind {
                BlockKind::Quote { blocks, .. } => first_paragraph(blocks),
                BlockKind::Paragraph { content } => Some(inline_text(content).trim().to_string()),
                _ => None,
            })
        })
        .filter(|t| !t.is_empty())
}

/// The reports to compare `report` with: one per country, the report's own language first,
/// `report` itself for its own country.
pub fn peers<'a>(report: &'a Report, library: &[&'a Report]) -> Vec<&'a Report> {
    let mut out: Vec<&Report> = vec![report];
    for r in library {
        if out.iter().any(|o| o.meta.country == r.meta.country) {
            continue;
        }
        let same_language = library
            .iter()
            .filter(|o| o.meta.country == r.meta.country)
            .find(|o| o.meta.language == report.meta.language);
        out.push(same_language.copied().unwrap_or(r));
    }
    out
}

fn indicator_line(report: &Report, key: IndicatorKey, library: &[&Report]) -> IndicatorLine {
    let lang = report.meta.language;
    let own = report.meta.indicators.iter().find(|i| i.key == key);
    let all: Vec<(&Report, f64)> = peers(report, library)
        .into_iter()
        .filter_map(|r| {
            let v = r.meta.indicators.iter().find(|i| i.key == key)?.value?;
            Some((r, v))
        })
        .collect();
    // Compare within the region when it has at least three countries with the figure, as a
    // reader weighs a market against its neighbours; otherwise against the whole library.
    let region = &report.meta.region;
    let in_region: Vec<(&Report, f64)> = all
        .iter()
        .copied()
        .filter(|(r, _)| &r.meta.region == region)
        .collect();
    let (compared, group, group_note) = if in_region.len() >= 3 {
        (in_region, region.clone(), None)
    } else {
        let n = in_region.len().max(1);
        let note = if lang == Language::Ja {
            format!("{region}は{n}か国のみのため、ライブラリ全体と比較")
        } else {
            format!(
                "only {n} countr{} in {region}: compared with the whole library",
                if n == 1 { "y" } else { "ies" }
            )
        };
        let group = if lang == Language::Ja {
            "ライブラリ全体".to_string()
        } else {
            "the library".to_string()
        };
        // Nothing to say when the whole library is the region (or the figure is missing).
        let differs = all.len() > in_region.len() && own.and_then(|i| i.value).is_some();
        (all, group, differs.then_some(note))
    };
    let label = key.label(lang).to_string();
    let own_value = own.and_then(|i| i.value);
    let chart = (own_value.is_some() && compared.len() >= 2).then(|| {
        let chart = BarChart {
            title: label.clone(),
            description: String::new(),
            bars: compared
                .iter()
                .map(|(r, v)| Bar {
                    label: countries::name(&r.meta.country, lang),
                    code: r.meta.country.clone(),
                    value: *v,
                    value_label: crate::report::indicators::format_value(key.measure(), *v, lang),
                    highlight: r.meta.country == report.meta.country,
                })
                .collect(),
        }
        .sorted();
        let description = describe(&chart, key, lang, &group, own.and_then(|i| i.year));
        BarChart { description, ..chart }
    });
    let rank = chart.as_ref().and_then(|c| {
        let at = c.bars.iter().position(|b| b.highlight)?;
        Some((at as u32 + 1, c.bars.len() as u32))
    });
    IndicatorLine {
        key,
        label,
        value: own.and_then(|i| i.display(lang)),
        year: own.and_then(|i| i.year),
        note: own.and_then(|i| i.note.clone()),
        rank,
        group,
        group_note,
        chart,
    }
}

/// The chart in words: the country's value and rank, then every compared value in order.
fn describe(chart: &BarChart, key: IndicatorKey, lang: Language, group: &str, year: Option<i32>) -> String {
    let Some((at, own)) = chart.bars.iter().enumerate().find(|(_, b)| b.highlight) else {
        return String::new();
    };
    let n = chart.bars.len();
    let list: Vec<String> = chart
        .bars
        .iter()
        .map(|b| format!("{} {}", b.label, b.value_label))
        .collect();
    match lang {
        Language::Ja => {
            let year = year.map(|y| format!("（{y}年）")).unwrap_or_default();
            format!(
                "{}（{}）の比較。{}は{}{}で、{}の{}か国中{}位。各国の値：{}。",
                key.label(lang),
                key.explanation(lang),
                own.label,
                own.value_label,
                year,
                group,
                n,
                at + 1,
                list.join("、")
            )
        }
        Language::En => {
            let year = year.map(|y| format!(" ({y})")).unwrap_or_default();
            format!(
                "{} ({}) compared. {}: {}{}, ranked {} of {} in {}. Values: {}.",
                key.label(lang),
                key.explanation(lang),
                own.label,
                own.value_label,
                year,
                at + 1,
                n,
                group,
                list.join("; ")
            )
        }
    }
}

/// The distinct reasons why indicators are compared beyond the region, in order: what the
/// media print under the indicator table (usually one line, or none).
pub fn group_notes(s: &Summary) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for n in s.indicators.iter().filter_map(|i| i.group_note.as_deref()) {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// The strip of each indicator line as inline SVG (`None` where the line has no chart), with
/// element ids prefixed by `id_prefix`: what the app's reading view and the site's report
/// page put beside each indicator. Width and height in CSS pixels.
pub fn strip_svgs(s: &Summary, id_prefix: &str, width: f32, height: f32) -> Vec<Option<String>> {
    s.indicators
        .iter()
        .map(|line| {
            let chart = line.chart.as_ref()?;
            let drawing = crate::chart::strip(chart, width, height);
            let id = format!("{id_prefix}-{}", line.key.code());
            Some(crate::chart::svg::render(
                &drawing,
                &crate::chart::svg::SvgOptions {
                    id: &id,
                    standalone: false,
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    fn bundled() -> Library {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
        Library::open(&root, NaiveDate::from_ymd_opt(2026, 12, 7).expect("date")).expect("bundled library")
    }

    #[test]
    fn the_thai_summary_has_its_routes_points_indicators_and_ranks() {
        let lib = bundled();
        let all: Vec<&Report> = lib.reports().collect();
        let th = lib.report("th.ja").expect("th.ja");
        let s = summary(th, &all);
        assert_eq!(s.country_name, "タイ");
        assert_eq!(s.routes.len(), th.meta.regulation.risk_classes.value.len());
        assert_eq!(
            s.key_points.first().map(|k| k.lead.as_str()),
            Some("区分判定が出発点。")
        );
        assert!(
            s.first_caveat
                .as_deref()
                .is_some_and(|c| c.starts_with("ライセンス保有者への依存。")),
            "{:?}",
            s.first_caveat
        );
        let pop = s
            .indicators
            .iter()
            .find(|i| i.key == IndicatorKey::Population)
            .expect("population");
        let chart = pop.chart.as_ref().expect("compared with other countries");
        // One bar per country, never two editions of one country; Thailand highlighted once.
        let mut codes: Vec<&str> = chart.bars.iter().map(|b| b.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), chart.bars.len());
        assert_eq!(chart.bars.iter().filter(|b| b.highlight).count(), 1);
        let (rank, of) = pop.rank.expect("ranked");
        assert_eq!(of as usize, chart.bars.len());
        assert_eq!(chart.bars[rank as usize - 1].code, "TH");
        assert!(
            chart.description.contains("タイは")
                && chart.description.contains(&format!("{of}か国中{rank}位")),
            "{}",
            chart.description
        );
        assert_eq!(s.to_verify as usize, th.to_verify.len());
        assert!(
            s.labels
                .status_line
                .contains(&format!("要確認 {}件", th.to_verify.len()))
        );
    }

    #[test]
    fn the_chart_view_ranks_the_chosen_countries_once_each() {
        let lib = bundled();
        let all: Vec<&Report> = lib.reports().collect();
        let chosen = ["TH".to_string(), "VN".to_string(), "SG".to_string()];
        let c = crate::chart::indicator_chart(&all, IndicatorKey::GdpPerCapita, &chosen, Language::Ja);
        let labels: Vec<&str> = c.bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["シンガポール", "タイ", "ベトナム"]);
        assert!(c.bars.windows(2).all(|w| w[0].value >= w[1].value));
        assert!(
            c.description.starts_with("1人当たりGDPを3か国について"),
            "{}",
            c.description
        );
        let svg = crate::chart::svg::render(
            &crate::chart::bar_chart(&c, 480.0, 11.0),
            &crate::chart::svg::SvgOptions {
                id: "gdp",
                standalone: true,
            },
        );
        for name in labels {
            assert!(svg.contains(&format!(">{name}</text>")), "{svg}");
        }
        // No filter: every country of the library that gives the figure, once.
        let every = crate::chart::indicator_chart(&all, IndicatorKey::Population, &[], Language::En);
        let countries: std::collections::BTreeSet<&str> =
            all.iter().map(|r| r.meta.country.as_str()).collect();
        assert_eq!(every.bars.len(), countries.len());
    }

    #[test]
    fn an_english_edition_compares_with_english_names_and_words() {
        let lib = bundled();
        let all: Vec<&Report> = lib.reports().collect();
        let s = summary(lib.report("th.en").expect("th.en"), &all);
        assert_eq!(s.country_name, "Thailand");
        let line = s
            .indicators
            .iter()
            .find(|i| i.chart.is_some())
            .expect("a compared indicator");
        let chart = line.chart.as_ref().expect("chart");
        assert!(
            chart.bars.iter().any(|b| b.label == "Vietnam"),
            "{:?}",
            chart.bars
        );
        assert!(chart.description.contains("Thailand: "), "{}", chart.description);
    }
}
