//! A country report: one Markdown file with YAML front matter.
//!
//! [`Report::parse`] splits and reads the file; [`check`] finds what is wrong with it.
//! A file that cannot be read as a report still yields its problems, never a panic.

pub mod check;
pub mod citations;
pub mod countries;
mod frontmatter;
pub mod indicators;
mod language;
mod quote;
pub mod schema;
pub mod sections;
mod spacing;
pub mod to_verify;

pub use schema::*;

use crate::doc::{self, Document};
use crate::problem::{Location, Problem, Problems};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// A report whose front matter was read completely.
#[derive(Debug, Clone)]
pub struct Report {
    /// `vn.ja` for `vn.ja.md`: the file name without `.md`.
    pub id: String,
    /// The file, as found in the library.
    pub path: PathBuf,
    /// The front matter.
    pub meta: FrontMatter,
    /// The Markdown body (line endings normalised to `\n`).
    pub body: String,
    /// The file line the body starts on.
    pub body_line: usize,
    /// The parsed body; when the report marks anything 要確認, it ends with the generated
    /// section listing those items ([`to_verify::append_section`]).
    pub doc: Document,
    /// What the report marks 要確認 (to verify), fields first, then the body in order.
    pub to_verify: Vec<to_verify::ToVerify>,
}

/// What reading a file gives: the report when the front matter is complete, and the
/// problems found on the way (the check's problems are added by [`check::check`]).
#[derive(Debug)]
pub struct Parsed {
    /// The report, unless the front matter is too broken.
    pub report: Option<Report>,
    /// Problems found while reading.
    pub problems: Vec<Problem>,
}

/// The largest report file that is read, in bytes. Real reports are about 20 KB; a file a
/// hundred times bigger is a mistake (a pasted data dump) or hostile, and indexing or
/// typesetting it would take minutes, so it is refused with a problem instead.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// The problem message for a file of `len` bytes over [`MAX_FILE_BYTES`].
pub fn too_large_message(len: u64) -> String {
    format!(
        "the file is {:.1} MB; a report may be at most {} MB (reports are usually about 20 KB): split it or remove pasted data",
        len as f64 / 1_048_576.0,
        MAX_FILE_BYTES / 1_048_576
    )
}

/// The first character of `text` that is a control character other than tab and line
/// breaks (NUL, escape, …), with its 1-based line and column.
pub fn first_control_char(text: &str) -> Option<(char, Location)> {
    text.split('\n').enumerate().find_map(|(n, line)| {
        line.chars()
            .enumerate()
            .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\r'))
            .map(|(col, c)| (c, Location::new(n + 1, col + 1)))
    })
}

/// The report id for a file: its name without the `.md` extension.
pub fn id_from_path(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.strip_suffix(".md").unwrap_or(&name).to_string()
}

impl Report {
    /// Reads a report from the bytes of `path` and checks it as of `today`
    /// (front matter values and types, dates, sections, internal links).
    pub fn parse(path: &Path, bytes: &[u8], today: NaiveDate) -> Parsed {
        let mut problems = Problems::new(path);
        let mut report = Self::parse_into(path, bytes, today, &mut problems, true);
        if let Some(r) = &mut report {
            check::check_body(r, &mut problems);
            // After the checks, which are about what the author wrote.
            let end = r.body_line + r.body.lines().count();
            to_verify::append_section(&mut r.doc, &r.to_verify, r.meta.language, end);
        }
        Parsed {
            report,
            problems: problems.into_sorted(),
        }
    }

    /// A copy with the front matter only (as [`Report::parse_front_matter`] gives): what a
    /// comparison keeps of the other reports.
    pub fn front_matter_only(&self) -> Report {
        Report {
            id: self.id.clone(),
            path: self.path.clone(),
            meta: self.meta.clone(),
            body: String::new(),
            body_line: self.body_line,
            doc: Document::default(),
            to_verify: Vec::new(),
        }
    }

    /// Reads only the front matter of `path`: the report has an empty body and document and
    /// nothing to verify, and the problems are the front matter's. For comparisons by front
    /// matter (the summary's ranks), which must not pay for parsing every body.
    pub fn parse_front_matter(path: &Path, bytes: &[u8], today: NaiveDate) -> Parsed {
        let mut problems = Problems::new(path);
        let report = Self::parse_into(path, bytes, today, &mut problems, false);
        Parsed {
            report,
            problems: problems.into_sorted(),
        }
    }

    fn parse_into(
        path: &Path,
        bytes: &[u8],
        today: NaiveDate,
        problems: &mut Problems,
        with_body: bool,
    ) -> Option<Report> {
        let len = bytes.len() as u64;
        if len > MAX_FILE_BYTES {
            problems.error(Location::new(1, 1), "too-large", too_large_message(len));
            return None;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            // Git's test for binary content: a NUL among the first 8000 bytes.
            Err(_) if bytes.iter().take(8000).any(|&b| b == 0) => {
                problems.error(
                    Location::new(1, 1),
                    "binary-file",
                    "this is a binary file, not text (an image or a document saved under a `.md` name?); only Markdown reports belong in the library",
                );
                return None;
            }
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                // The prefix is valid UTF-8 by construction.
                let prefix = std::str::from_utf8(valid).unwrap_or_default();
                let line = prefix.matches('\n').count() + 1;
                let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                problems.error(
                    Location::new(line, column),
                    "invalid-utf8",
                    format!("the file is not valid UTF-8 (byte {} is not part of a UTF-8 character); save it as UTF-8", e.valid_up_to()),
                );
                return None;
            }
        };
        let text = normalise(text);
        let (yaml, body, body_line) = split_front_matter(&text, problems)?;
        let id = id_from_path(path);
        let cx = frontmatter::Context {
            first_line: 2,
            today,
            id: &id,
        };
        let (meta, positions) = frontmatter::parse(yaml, &cx, problems);
        let meta = meta?;
        if !with_body {
            return Some(Report {
                id,
                path: path.to_path_buf(),
                meta,
                body: String::new(),
                body_line,
                doc: Document::default(),
                to_verify: Vec::new(),
            });
        }
        citations::check(&meta, &positions, body, problems);
        let doc = doc::build(body, body_line);
        let to_verify = to_verify::collect(&meta, &positions, &doc, body, body_line);
        Some(Report {
            id,
            path: path.to_path_buf(),
            meta,
            body: body.to_string(),
            body_line,
            doc,
            to_verify,
        })
    }
}

/// Strips a UTF-8 byte-order mark and turns CRLF and lone CR into LF, so line numbers
/// mean the same thing whatever editor saved the file.
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// Splits `---\nYAML\n---\nbody` into the YAML, the body and the body's first line.
pub(crate) fn split_front_matter<'a>(
    text: &'a str,
    problems: &mut Problems,
) -> Option<(&'a str, &'a str, usize)> {
    let Some(rest) = text.strip_prefix("---\n") else {
        problems.error(
            Location::new(1, 1),
            "missing-front-matter",
            "a report must start with front matter: a line `---`, the YAML fields, and another `---`",
        );
        return None;
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            // Line 1 is the opening `---`, YAML starts on line 2, closing `---` on line i + 2.
            return Some((yaml, body, i + 3));
        }
        offset += line.len();
    }
    problems.error(
        Location::new(1, 1),
        "unclosed-front-matter",
        "the front matter opened on line 1 is never closed: add a line `---` after the last field",
    );
    None
}
