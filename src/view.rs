//! What a face shows of one report: its particulars, rendered body, contents and problems.

use crate::library::Entry;
use crate::problem::Problem;
use crate::report::{Language, Status};
use serde::Serialize;

/// One entry of a report's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// Heading level (2 = a template section).
    pub level: u8,
    /// The heading's anchor.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// A report as the app's reading view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportView {
    /// Report id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Country code.
    pub country: String,
    /// Language.
    pub language: Language,
    /// Region.
    pub region: String,
    /// Status.
    pub status: Status,
    /// Version.
    pub version: u32,
    /// Last update, YYYY-MM-DD.
    pub updated: String,
    /// The body as sanitised HTML (see [`crate::html`]).
    pub html: String,
    /// Headings down to level 4.
    pub toc: Vec<TocEntry>,
    /// This report's check problems.
    pub problems: Vec<Problem>,
}

/// The view of a library entry whose front matter reads; `None` for a broken file.
pub fn report_view(entry: &Entry) -> Option<ReportView> {
    let r = entry.report.as_ref()?;
    Some(ReportView {
        id: r.id.clone(),
        title: r.meta.title.clone(),
        country: r.meta.country.clone(),
        language: r.meta.language,
        region: r.meta.region.clone(),
        status: r.meta.status,
        version: r.meta.version,
        updated: r.meta.updated.to_string(),
        html: crate::html::render(&r.doc),
        toc: r
            .doc
            .headings()
            .into_iter()
            .filter(|h| h.level <= 4)
            .map(|h| TocEntry {
                level: h.level,
                id: h.id,
                text: h.text,
            })
            .collect(),
        problems: entry.problems.clone(),
    })
}
