//! The comparison matrix: the structured regulatory fields of several reports side by side,
//! each cell with the sources it rests on. The app shows it; CSV export and the website reuse it.

use crate::report::{IndicatorKey, Language, LocalRepresentative, Report, Sourced};
use serde::Serialize;

/// A source a cell rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SourceRef {
    /// Source id in the report.
    pub id: String,
    /// Title.
    pub title: String,
    /// Address.
    pub url: String,
}

/// One cell: the value, its note (要確認 …) and its sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Cell {
    /// The value as text.
    pub text: String,
    /// The field's note, if any.
    pub note: Option<String>,
    /// Its sources.
    pub sources: Vec<SourceRef>,
}

/// One report's column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Column {
    /// Report id.
    pub id: String,
    /// Country code.
    pub country: String,
    /// The country's name in the report's language (`ベトナム`).
    pub country_name: String,
    /// Report title.
    pub title: String,
}

/// One field's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Row {
    /// The front-matter name (`regulator`, …, `indicators.population`, …).
    pub field: String,
    /// Label in Japanese.
    pub label_ja: &'static str,
    /// Label in English.
    pub label_en: &'static str,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// Fields by rows, reports by columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Matrix {
    /// The compared reports.
    pub columns: Vec<Column>,
    /// The fields.
    pub rows: Vec<Row>,
}

fn cell<T>(r: &Report, f: &Sourced<T>, text: String) -> Cell {
    Cell {
        text,
        note: f.note.clone(),
        sources: source_refs(r, &f.sources),
    }
}

/// The report's sources named by `ids`, in that order.
fn source_refs(r: &Report, ids: &[String]) -> Vec<SourceRef> {
    ids.iter()
        .filter_map(|id| r.meta.sources.iter().find(|s| &s.id == id))
        .map(|s| SourceRef {
            id: s.id.clone(),
            title: s.title.clone(),
            url: s.url.clone(),
        })
        .collect()
}

/// A text-valued field's cell.
fn text(r: &Report, f: &Sourced<String>) -> Cell {
    cell(r, f, f.value.clone())
}

/// Whether a local representative is needed, in the words of `language`.
pub fn local_representative_words(v: LocalRepresentative, language: Language) -> String {
    match (v, language == Language::Ja) {
        (LocalRepresentative::Required, true) => "必要",
        (LocalRepresentative::Conditional, true) => "条件付きで必要",
        (LocalRepresentative::NotRequired, true) => "不要",
        (LocalRepresentative::Required, false) => "Required",
        (LocalRepresentative::Conditional, false) => "Conditional",
        (LocalRepresentative::NotRequired, false) => "Not required",
    }
    .to_string()
}

/// The cell of a report that does not give the field: a dash, no note, no source.
fn no_value() -> Cell {
    Cell {
        text: "—".to_string(),
        note: None,
        sources: Vec::new(),
    }
}

/// The matrix of `reports`, in the given order.
pub fn matrix(reports: &[&Report]) -> Matrix {
    type Get = fn(&Report) -> Cell;
    let fields: [(&'static str, &'static str, &'static str, Get); 10] = [
        ("regulator", "規制当局", "Regulator", |r| {
            text(r, &r.meta.regulation.regulator)
        }),
        ("main_law", "主な法令", "Main law", |r| {
            text(r, &r.meta.regulation.main_law)
        }),
        ("risk_classes", "リスク区分", "Risk classes", |r| {
            let f = &r.meta.regulation.risk_classes;
            cell(r, f, f.value.join(" / "))
        }),
        ("routes", "区分ごとの登録経路", "Route per class", |r| {
            let f = &r.meta.regulation.routes;
            cell(
                r,
                f,
                f.value
                    .iter()
                    .map(|x| format!("{}: {}", x.class, x.route))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        }),
        (
            "local_representative",
            "現地代理人",
            "Local representative",
            |r| {
                let f = &r.meta.regulation.local_representative;
                cell(r, f, local_representative_words(f.value, r.meta.language))
            },
        ),
        ("label_language", "表示言語", "Label language", |r| {
            text(r, &r.meta.regulation.label_language)
        }),
        ("reliance", "参照国承認の活用", "Reliance", |r| {
            text(r, &r.meta.regulation.reliance)
        }),
        (
            "review_time",
            "標準的な審査期間",
            "Typical review time",
            |r| text(r, &r.meta.regulation.review_time),
        ),
        ("validity", "有効期間", "Validity", |r| {
            text(r, &r.meta.regulation.validity)
        }),
        (
            "assistive_products",
            "福祉用具の扱い",
            "Assistive products",
            |r| match &r.meta.regulation.assistive_products {
                Some(f) => text(r, f),
                // A library written before the field: an empty cell, not a made-up value.
                None => no_value(),
            },
        ),
    ];
    Matrix {
        columns: reports
            .iter()
            .map(|r| Column {
                id: r.id.clone(),
                country: r.meta.country.clone(),
                country_name: crate::report::countries::name(&r.meta.country, r.meta.language),
                title: r.meta.title.clone(),
            })
            .collect(),
        rows: fields
            .iter()
            .map(|(field, ja, en, get)| Row {
                field: field.to_string(),
                label_ja: ja,
                label_en: en,
                cells: reports.iter().map(|r| get(r)).collect(),
            })
            .chain(
                IndicatorKey::ALL
                    .into_iter()
                    .map(|key| indicator_row(reports, key)),
            )
            .collect(),
    }
}

/// An indicator's row: `7,180万人（2024年）` per column, or `—` where the report gives no figure
/// (the note then says why).
fn indicator_row(reports: &[&Report], key: IndicatorKey) -> Row {
    let cells = reports
        .iter()
        .map(|r| {
            let lang = r.meta.language;
            let Some(i) = r.meta.indicators.iter().find(|i| i.key == key) else {
                return no_value();
            };
            let text = match (i.display(lang), i.year) {
                (Some(v), Some(y)) if lang == Language::Ja => format!("{v}（{y}年）"),
                (Some(v), Some(y)) => format!("{v} ({y})"),
                (Some(v), None) => v,
                (None, _) => "—".to_string(),
            };
            Cell {
                text,
                note: i.note.clone(),
                sources: source_refs(r, &i.sources),
            }
        })
        .collect();
    Row {
        field: format!("indicators.{}", key.code()),
        label_ja: key.label(Language::Ja),
        label_en: key.label(Language::En),
        cells,
    }
}

/// The matrix as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read the
/// Japanese correctly): a header of countries, one row per field; notes and source addresses
/// follow the value in the same cell.
pub fn to_csv(m: &Matrix, japanese: bool) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("\u{feff}");
    let corner = if japanese { "項目" } else { "Field" };
    let header: Vec<String> = std::iter::once(quote(corner))
        .chain(m.columns.iter().map(|c| {
            // A reader looks for the name; the code stays beside it for sorting and lookups.
            if japanese {
                quote(&format!("{}（{}）", c.country_name, c.country))
            } else {
                quote(&format!("{} ({})", c.country_name, c.country))
            }
        }))
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in &m.rows {
        let label = if japanese { row.label_ja } else { row.label_en };
        let mut cells = vec![quote(label)];
        for c in &row.cells {
            let mut text = c.text.clone();
            if let Some(note) = &c.note {
                text.push_str(&format!("\n（{note}）"));
            }
            for s in &c.sources {
                text.push_str(&format!("\n[{}] {}", s.id, s.url));
            }
            cells.push(quote(&text));
        }
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
