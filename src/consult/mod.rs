//! Consultations (相談対応): questions answered from the reports, kept as Markdown files in the
//! library's `consultations/` folder (`consultations/2026/2026-0042.md`), each tied to the
//! report sections, and versions, its answer rests on.
//!
//! Because a citation names a section at a published version, the engine can tell when the
//! text an answer relied on has changed: publishing a report marks every answered record
//! citing a changed section 要再確認 ([`stale`]). Records never reach the website, a PDF or a
//! hand-over set (the report scan skips the folder); docs/consultations.md says why contact
//! details are kept outside the library altogether.

pub mod cited;
pub mod privacy;
pub mod record;
pub mod stats;

pub use record::{Cite, Enquirer, Meta, Status, TOPICS};

use crate::library::Library;
use crate::problem::{Location, Problem, Problems, Severity};
use crate::publish::diff::{Span, text_ops};
use crate::publish::history;
use crate::report::Report;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The folder of the library that holds the records (the library scan skips it).
pub const FOLDER: &str = crate::library::CONSULTATIONS;

/// One record file as read.
#[derive(Debug, Clone)]
pub struct Record {
    /// The file.
    pub path: PathBuf,
    /// Its front matter, when it read.
    pub meta: Option<Meta>,
    /// The Markdown body (question and answer).
    pub body: String,
    /// What is wrong with it.
    pub problems: Vec<Problem>,
}

/// Every record below `<root>/consultations/`, in path order; a broken one is kept with its
/// problems (it never stops the others).
pub fn load(root: &Path) -> Vec<Record> {
    let mut files = Vec::new();
    collect(&root.join(FOLDER), 0, &mut files);
    files.sort();
    files.into_iter().map(read_file).collect()
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    for item in listing.flatten() {
        let path = item.path();
        let name = item.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        match item.file_type() {
            Ok(t) if t.is_dir() && depth < 3 => collect(&path, depth + 1, out),
            Ok(t) if t.is_file() && name.ends_with(".md") && !name.eq_ignore_ascii_case("readme.md") => {
                out.push(path)
            }
            _ => {}
        }
    }
}

/// Reads one record file.
pub fn read_file(path: PathBuf) -> Record {
    let mut p = Problems::new(&path);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            p.error(
                Location::new(1, 1),
                "unreadable",
                format!("cannot read the file: {e}"),
            );
            return Record {
                path,
                meta: None,
                body: String::new(),
                problems: p.into_sorted(),
            };
        }
    };
    let text = crate::report::normalise(&String::from_utf8_lossy(&bytes));
    let (meta, body) = match crate::report::split_front_matter(&text, &mut p) {
        Some((yaml, body, _)) => (record::read(yaml, 2, &mut p), body.to_string()),
        None => (None, String::new()),
    };
    for f in privacy::find(&text) {
        p.error(
            f.at,
            "personal-data",
            format!(
                "this looks like {} (`{}`): a record keeps no name, address, mail or telephone number of the enquirer; describe the company by its profile and keep contact details outside the library (docs/consultations.md)",
                f.what, f.text
            ),
        );
    }
    if let Some(m) = &meta {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if stem != m.id {
            p.warning(
                Location::new(2, 1),
                "file-name",
                format!(
                    "the file is named `{stem}.md` but holds consultation {}: name it `{}.md`",
                    m.id, m.id
                ),
            );
        }
    }
    Record {
        path,
        meta,
        body,
        problems: p.into_sorted(),
    }
}

/// The published versions of report `id` and the highest (the working file's version when it
/// was never published).
fn latest_version(root: &Path, report: &Report) -> u32 {
    latest_published(root, &report.id).unwrap_or(report.meta.version)
}

/// The highest published version of report `id`, if it was ever published.
fn latest_published(root: &Path, id: &str) -> Option<u32> {
    history::versions(root, id).ok().and_then(|v| v.into_iter().max())
}

/// The text of section `anchor` of `report`, its subsections included; `None` when it has no
/// such section.
pub fn section_text(report: &Report, anchor: &str) -> Option<String> {
    let sections = crate::doc::sections(&report.doc);
    let start = sections.iter().position(|s| s.id == anchor)?;
    let level = sections[start].level;
    let mut text = String::new();
    for s in &sections[start..] {
        if s.level <= level && s.id != anchor {
            break;
        }
        text.push_str(&s.title);
        text.push('\n');
        text.push_str(&s.text);
        text.push('\n');
    }
    Some(text)
}

/// Report `id` at `version`: its published snapshot, or the working file when that version
/// was never published (a draft's own version).
fn at_version(library: &Library, report: &Report, version: u32) -> Option<Report> {
    match history::snapshot_report(&library.root, &report.id, version, &report.path) {
        Ok(r) => Some(r),
        Err(_) if version == report.meta.version => Some(report.clone()),
        Err(_) => None,
    }
}

/// The checks that need the library: each citation names a readable report, a section it has
/// at the cited version, and a version the report has reached.
pub fn check(library: &Library, record: &Record) -> Vec<Problem> {
    let mut out = Vec::new();
    let Some(meta) = &record.meta else {
        return out;
    };
    let error = |at: Location, code: &'static str, message: String| Problem {
        file: record.path.clone(),
        location: at,
        severity: Severity::Error,
        code,
        message,
    };
    for c in &meta.cites {
        let Some(report) = library.reports().find(|r| r.id == c.report) else {
            out.push(error(
                c.at,
                "unknown-report",
                format!(
                    "`{}` is not a readable report of the library (cited as `{}#{}`)",
                    c.report, c.report, c.section
                ),
            ));
            continue;
        };
        let latest = latest_version(&library.root, report);
        if c.version > latest {
            out.push(error(
                c.at,
                "version-not-reached",
                format!(
                    "`{}` cites version {} of `{}`, which is at version {latest}",
                    meta.id, c.version, c.report
                ),
            ));
            continue;
        }
        let Some(cited) = at_version(library, report, c.version) else {
            out.push(error(
                c.at,
                "unknown-version",
                format!(
                    "`{}` has no published version {} (`kuni history {}` lists them)",
                    c.report, c.version, c.report
                ),
            ));
            continue;
        };
        if let Some(field) = &c.field
            && !cited.meta.cited_fields().iter().any(|f| &f.key == field)
        {
            out.push(error(
                c.at,
                "unknown-field",
                format!(
                    "`{}` v{} has no structured field `{field}` with sources",
                    c.report, c.version
                ),
            ));
        }
        if section_text(&cited, &c.section).is_none() {
            let anchors: Vec<String> = crate::doc::sections(&cited.doc)
                .into_iter()
                .filter(|s| s.level == 2)
                .map(|s| s.id)
                .collect();
            out.push(error(
                c.at,
                "unknown-section",
                format!(
                    "`{}` v{} has no section `#{}` (its sections: {})",
                    c.report,
                    c.version,
                    c.section,
                    anchors.join(", ")
                ),
            ));
        }
    }
    out
}

/// An answered record whose cited section changed since the version it was answered against.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Stale {
    /// The record's id.
    pub id: String,
    /// Its file, relative to the library.
    pub path: String,
    /// Its status.
    pub status: Status,
    /// The report cited.
    pub report: String,
    /// The section cited.
    pub section: String,
    /// The version the answer read.
    pub cited: u32,
    /// The version that changed it (the latest published).
    pub current: u32,
    /// The section's changes from the cited to the current version.
    pub changes: Vec<Span>,
}

/// Every answered record of `records` whose cited sections changed in a later published
/// version, one entry per changed citation.
pub fn stale(library: &Library, records: &[Record]) -> Vec<Stale> {
    let mut out = Vec::new();
    for r in records {
        let Some(meta) = &r.meta else { continue };
        if !meta.status.answered() {
            continue;
        }
        for c in &meta.cites {
            let Some(report) = library.reports().find(|x| x.id == c.report) else {
                continue;
            };
            let Some(current) = latest_published(&library.root, &report.id) else {
                continue;
            };
            if current <= c.version {
                continue;
            }
            let (Some(old), Some(new)) = (
                at_version(library, report, c.version),
                at_version(library, report, current),
            ) else {
                continue;
            };
            let before = section_text(&old, &c.section).unwrap_or_default();
            let after = section_text(&new, &c.section).unwrap_or_default();
            if before == after {
                continue;
            }
            out.push(Stale {
                id: meta.id.clone(),
                path: r
                    .path
                    .strip_prefix(&library.root)
                    .unwrap_or(&r.path)
                    .to_string_lossy()
                    .replace('\\', "/"),
                status: meta.status,
                report: c.report.clone(),
                section: c.section.clone(),
                cited: c.version,
                current,
                changes: text_ops(&before, &after),
            });
        }
    }
    out
}

/// After report `report_id` was published: every answered record (回答済 or 終了) citing a
/// section that changed is set to 要再確認 in its file. Returns the ids changed.
pub fn mark_stale(root: &Path, report_id: &str, today: chrono::NaiveDate) -> crate::Result<Vec<String>> {
    let records = load(root);
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let library = Library::open(root, today)?;
    let mut changed = Vec::new();
    for s in stale(&library, &records)
        .into_iter()
        .filter(|s| s.report == report_id)
    {
        if s.status == Status::Recheck || changed.contains(&s.id) {
            continue;
        }
        let path = root.join(&s.path);
        let text = std::fs::read_to_string(&path).map_err(crate::Error::io("reading", &path))?;
        let edited = crate::publish::edit::set_status(&text, Status::Recheck.label()).map_err(|m| {
            crate::Error::Io {
                op: "setting the status of",
                path: path.clone(),
                source: std::io::Error::other(m),
            }
        })?;
        if edited != text {
            crate::save::write_atomic(&path, edited.as_bytes())?;
            changed.push(s.id);
        }
    }
    Ok(changed)
}
