//! What a face shows of one report: its particulars, rendered body, contents and problems.

use crate::library::Entry;
use crate::problem::Problem;
use crate::report::{Language, Status};
use serde::Serialize;

/// One entry of a report's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TocEntry {
    /// Heading level (2 = a template section).
    pub level: u8,
    /// The heading's anchor.
    pub id: String,
    /// The heading's text.
    pub text: String,
    /// The file line of the heading, so the editor's preview can follow the cursor.
    pub line: usize,
}

/// A report as the app's reading view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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
            .map(toc_entry)
            .collect(),
        problems: entry.problems.clone(),
    })
}

fn toc_entry(h: crate::doc::Heading) -> TocEntry {
    TocEntry {
        level: h.level,
        id: h.id,
        text: h.text,
        line: h.line,
    }
}

/// A report's text as the editor loads it, with the version a save must match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Source {
    /// Report id.
    pub id: String,
    /// The file's text, exactly as on disk (a file that is not UTF-8 cannot be edited).
    pub text: String,
    /// [`crate::save::sha256_hex`] of the file's bytes.
    pub version: String,
}

/// Reads a library entry's file for editing.
pub fn source(entry: &Entry) -> crate::Result<Source> {
    let bytes = std::fs::read(&entry.path).map_err(crate::Error::io("reading", &entry.path))?;
    let version = crate::save::sha256_hex(&bytes);
    let text = String::from_utf8(bytes).map_err(|_| crate::Error::ReportInvalid {
        id: entry.id.clone(),
        first: format!("{}:1:1: error: the file is not valid UTF-8", entry.path.display()),
    })?;
    Ok(Source {
        id: entry.id.clone(),
        text,
        version,
    })
}

/// The editor's live preview of unsaved text: rendered body, contents and problems.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Preview {
    /// The body as sanitised HTML.
    pub html: String,
    /// Headings down to level 4, with their lines.
    pub toc: Vec<TocEntry>,
    /// Problems of the text as it stands, front matter included.
    pub problems: Vec<Problem>,
}

/// Renders unsaved `text` of the report at `path` exactly as a save would be read. When
/// the front matter is too broken to read, the body is still shown (from the line after the
/// closing `---`, or the whole text), so the author never loses sight of their work.
pub fn preview(path: &std::path::Path, text: &str, today: chrono::NaiveDate) -> Preview {
    let parsed = crate::Report::parse(path, text.as_bytes(), today);
    let doc = match &parsed.report {
        Some(r) => r.doc.clone(),
        None => {
            let normalised = crate::report::normalise(text);
            let (body, line) = body_after_front_matter(&normalised);
            crate::doc::build(body, line)
        }
    };
    Preview {
        html: crate::html::render(&doc),
        toc: doc
            .headings()
            .into_iter()
            .filter(|h| h.level <= 4)
            .map(toc_entry)
            .collect(),
        problems: parsed.problems,
    }
}

/// The body of a text whose front matter may be broken, and the line it starts on.
fn body_after_front_matter(text: &str) -> (&str, usize) {
    if let Some(rest) = text.strip_prefix("---\n") {
        let mut offset = 4;
        for (i, line) in rest.split_inclusive('\n').enumerate() {
            offset += line.len();
            if line.trim_end() == "---" {
                return (&text[offset..], i + 3);
            }
        }
    }
    (text, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\nid: x\n---\n# タイトル\n\n## 規制当局\n\n本文<script>alert(1)</script>\n";

    #[test]
    fn preview_of_broken_front_matter_still_shows_the_body() {
        let p = preview(std::path::Path::new("xx.ja.md"), GOOD, chrono::NaiveDate::MIN);
        assert!(p.problems.iter().any(|p| p.severity == crate::Severity::Error));
        assert!(p.html.contains("規制当局"), "{}", p.html);
        assert!(!p.html.contains("<script"), "sanitised: {}", p.html);
        let h = p.toc.iter().find(|t| t.text == "規制当局").expect("heading");
        assert_eq!(h.line, 6);
    }

    #[test]
    fn body_starts_after_the_closing_rule() {
        assert_eq!(
            body_after_front_matter(GOOD),
            ("# タイトル\n\n## 規制当局\n\n本文<script>alert(1)</script>\n", 4)
        );
        assert_eq!(body_after_front_matter("no front\n"), ("no front\n", 1));
    }
}
