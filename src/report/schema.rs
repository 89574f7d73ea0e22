//! The report's front matter as typed data. docs/report-format.md describes every field;
//! `frontmatter.rs` fills these types from YAML and says where anything is wrong.

pub use super::indicators::{Indicator, IndicatorKey, Measure};
pub use super::language::Language;
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
    /// Every structured field that cites sources, as (key, source ids): the regulation fields
    /// by their key (`reliance`), the indicators by their full name (`indicators.population`),
    /// the keys `citations::FieldAt` records.
    pub fn cited_fields(&self) -> Vec<(String, &[String])> {
        let reg = &self.regulation;
        let mut out: Vec<(String, &[String])> = [
            ("regulator", &reg.regulator.sources),
            ("main_law", &reg.main_law.sources),
            ("risk_classes", &reg.risk_classes.sources),
            ("routes", &reg.routes.sources),
            ("local_representative", &reg.local_representative.sources),
            ("label_language", &reg.label_language.sources),
            ("reliance", &reg.reliance.sources),
            ("review_time", &reg.review_time.sources),
            ("validity", &reg.validity.sources),
        ]
        .into_iter()
        .map(|(k, s)| (k.to_string(), s.as_slice()))
        .collect();
        if let Some(a) = &reg.assistive_products {
            out.push(("assistive_products".to_string(), a.sources.as_slice()));
        }
        for i in &self.indicators {
            out.push((format!("indicators.{}", i.key.code()), i.sources.as_slice()));
        }
        out
    }
}
