//! The report's front matter as typed data. docs/report-format.md describes every field;
//! `frontmatter.rs` fills these types from YAML and says where anything is wrong.

pub use super::indicators::{Indicator, IndicatorKey, Measure};
pub use super::language::Language;
pub use super::quote::{QUOTE_MAX_CHARS, Quote};
use chrono::NaiveDate;
use serde::Serialize;

/// A report not updated for this many days is stale.
pub const STALE_AFTER_DAYS: i64 = 365;

/// Where a report is in its yearly cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written or updated.
    Draft,
    /// Written, waiting for review.
    Review,
    /// Published: the text of the last published version.
    Published,
}

impl Status {
    /// The word used in front matter.
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Published => "published",
        }
    }

    /// Parses `draft`, `review` or `published`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "draft" => Some(Status::Draft),
            "review" => Some(Status::Review),
            "published" => Some(Status::Published),
            _ => None,
        }
    }
}

/// Whether a foreign manufacturer needs a local authorised representative (license holder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LocalRepresentative {
    /// Always required for foreign manufacturers.
    Required,
    /// Required for some classes or routes only (the note says which).
    Conditional,
    /// Not required.
    NotRequired,
}

impl LocalRepresentative {
    /// The word used in front matter.
    pub fn code(self) -> &'static str {
        match self {
            LocalRepresentative::Required => "required",
            LocalRepresentative::Conditional => "conditional",
            LocalRepresentative::NotRequired => "not_required",
        }
    }

    /// Parses `required`, `conditional` or `not_required`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "required" => Some(LocalRepresentative::Required),
            "conditional" => Some(LocalRepresentative::Conditional),
            "not_required" => Some(LocalRepresentative::NotRequired),
            _ => None,
        }
    }
}

/// A structured fact with the sources it rests on, as the comparison matrix shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Sourced<T> {
    /// The fact itself.
    pub value: T,
    /// Ids of entries in the report's `sources`.
    pub sources: Vec<String>,
    /// An optional qualification shown beside the value (e.g. 要確認 and what to check).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The sentences of the sources that state the fact, at most one per source.
    #[cfg_attr(test, ts(as = "Option<Vec<Quote>>", optional))]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
}

/// A structured field as source checks see it: its key, the sources it cites and the
/// quotations it keeps from them.
#[derive(Debug, Clone)]
pub struct Cited<'a> {
    /// `main_law` for a regulation field, `indicators.population` for an indicator.
    pub key: String,
    /// Ids of entries in the report's `sources`.
    pub sources: &'a [String],
    /// The quotations.
    pub quotes: &'a [Quote],
}

/// One registration route: which classes it covers and what it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Route {
    /// The risk class, as written in `risk_classes`.
    pub class: String,
    /// The route in plain words (e.g. "Registration (登録) by the MOH DMEC").
    pub route: String,
}

/// The structured regulatory fields compared across countries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Regulation {
    /// The regulator (authority and department).
    pub regulator: Sourced<String>,
    /// The main law or decree, with its number and year.
    pub main_law: Sourced<String>,
    /// The risk classes, lowest first.
    pub risk_classes: Sourced<Vec<String>>,
    /// The registration route for each class.
    pub routes: Sourced<Vec<Route>>,
    /// Whether a local authorised representative is required.
    pub local_representative: Sourced<LocalRepresentative>,
    /// The language(s) labels must use.
    pub label_language: Sourced<String>,
    /// Reliance on reference-country approvals (abridged routes).
    pub reliance: Sourced<String>,
    /// The typical review time.
    pub review_time: Sourced<String>,
    /// How long an approval is valid and how it is renewed.
    pub validity: Sourced<String>,
    /// How assistive products (福祉用具: wheelchairs, walking aids, care beds, hearing aids …)
    /// are treated: which are medical devices, in which class, by which route. Optional, so
    /// libraries written before the field still read; every bundled report gives it.
    #[cfg_attr(test, ts(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assistive_products: Option<Sourced<String>>,
}

/// The regulation fields' keys with their Japanese and English labels, in front-matter order.
pub const REGULATION_LABELS: [(&str, &str, &str); 10] = [
    ("regulator", "規制当局", "Regulator"),
    ("main_law", "主な法令", "Main law"),
    ("risk_classes", "リスク区分", "Risk classes"),
    ("routes", "区分ごとの登録経路", "Route per class"),
    ("local_representative", "現地代理人", "Local representative"),
    ("label_language", "表示言語", "Label language"),
    ("reliance", "参照国承認の活用", "Reliance"),
    ("review_time", "標準的な審査期間", "Typical review time"),
    ("validity", "有効期間", "Validity"),
    ("assistive_products", "福祉用具の扱い", "Assistive products"),
];

/// The label a reader sees for a structured field's key (`main_law`, `regulation.main_law`,
/// `indicators.population`), in `language`.
pub fn field_label(key: &str, language: Language) -> Option<&'static str> {
    if let Some(code) = key.strip_prefix("indicators.") {
        return IndicatorKey::ALL
            .iter()
            .find(|k| k.code() == code)
            .map(|k| k.label(language));
    }
    let key = key.strip_prefix("regulation.").unwrap_or(key);
    REGULATION_LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, ja, en)| if language == Language::Ja { *ja } else { *en })
}

/// A source the report relies on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Source {
    /// Short id used by `sources:` lists of the structured fields.
    pub id: String,
    /// Title of the page or document.
    pub title: String,
    /// Where it is (http or https).
    pub url: String,
    /// When the author last read it.
    pub accessed: NaiveDate,
    /// What of the page is not a change when its sources are checked (a regular expression:
    /// a visitor counter, a news ticker), besides the built-in "last updated" dates.
    #[cfg_attr(test, ts(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore: Option<String>,
}

/// One entry of the revision history (改訂履歴).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChangeEntry {
    /// The version this entry describes.
    pub version: u32,
    /// The publication date of that version.
    pub date: NaiveDate,
    /// What changed, in plain words.
    pub note: String,
}

/// Everything in a report's YAML front matter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FrontMatter {
    /// Title of the report.
    pub title: String,
    /// ISO 3166-1 alpha-2 code, upper case.
    pub country: String,
    /// Language of this edition.
    pub language: Language,
    /// Region, e.g. 東南アジア.
    pub region: String,
    /// Version number; the next publish makes it one higher.
    pub version: u32,
    /// Draft, review or published.
    pub status: Status,
    /// When the content was last updated.
    pub updated: NaiveDate,
    /// When the last version was published, if ever.
    pub published: Option<NaiveDate>,
    /// Authors (people or teams).
    pub authors: Vec<String>,
    /// Structured regulatory fields.
    pub regulation: Regulation,
    /// Market indicators that are given, in [`IndicatorKey::ALL`] order (the block is optional).
    pub indicators: Vec<Indicator>,
    /// Sources.
    pub sources: Vec<Source>,
    /// Revision history, oldest first.
    pub changelog: Vec<ChangeEntry>,
}

impl FrontMatter {
    /// Every structured field that cites sources: the regulation fields by their key
    /// (`reliance`), the indicators by their full name (`indicators.population`), the keys
    /// `citations::FieldAt` records.
    pub fn cited_fields(&self) -> Vec<Cited<'_>> {
        let reg = &self.regulation;
        fn cited<'a>(key: &str, sources: &'a [String], quotes: &'a [Quote]) -> Cited<'a> {
            Cited {
                key: key.to_string(),
                sources,
                quotes,
            }
        }
        let mut out = vec![
            cited("regulator", &reg.regulator.sources, &reg.regulator.quotes),
            cited("main_law", &reg.main_law.sources, &reg.main_law.quotes),
            cited(
                "risk_classes",
                &reg.risk_classes.sources,
                &reg.risk_classes.quotes,
            ),
            cited("routes", &reg.routes.sources, &reg.routes.quotes),
            cited(
                "local_representative",
                &reg.local_representative.sources,
                &reg.local_representative.quotes,
            ),
            cited(
                "label_language",
                &reg.label_language.sources,
                &reg.label_language.quotes,
            ),
            cited("reliance", &reg.reliance.sources, &reg.reliance.quotes),
            cited("review_time", &reg.review_time.sources, &reg.review_time.quotes),
            cited("validity", &reg.validity.sources, &reg.validity.quotes),
        ];
        if let Some(a) = &reg.assistive_products {
            out.push(cited("assistive_products", &a.sources, &a.quotes));
        }
        for i in &self.indicators {
            out.push(Cited {
                key: format!("indicators.{}", i.key.code()),
                sources: &i.sources,
                quotes: &i.quotes,
            });
        }
        out
    }
}
