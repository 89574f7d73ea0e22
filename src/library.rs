//! A library: a folder of report files, read as a whole.
//!
//! One bad file never stops the others: every file becomes an [`Entry`] with its problems,
//! and only the files that read completely carry a [`Report`].

use crate::error::{Error, Result};
use crate::problem::{Location, Problem, Severity};
use crate::report::{self, Report};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Folders deeper than this below the library root are not scanned.
const MAX_DEPTH: usize = 8;

/// The library's folder of consultation records (crate::consult), which are not reports.
pub const CONSULTATIONS: &str = "consultations";

/// One report file of the library.
#[derive(Debug)]
pub struct Entry {
    /// The id (`vn.ja`).
    pub id: String,
    /// The file: the library root as given joined with its relative path.
    pub path: PathBuf,
    /// The report, when its front matter read completely.
    pub report: Option<Report>,
    /// Every problem found, in file order.
    pub problems: Vec<Problem>,
}

impl Entry {
    /// The number of problems of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.problems.iter().filter(|p| p.severity == severity).count()
    }
}

/// A library folder, read and checked.
#[derive(Debug)]
pub struct Library {
    /// The folder, as given.
    pub root: PathBuf,
    /// Every report file, sorted by id.
    pub entries: Vec<Entry>,
}

impl Library {
    /// Reads every report in `root` and checks it as of `today`.
    pub fn open(root: &Path, today: NaiveDate) -> Result<Library> {
        Self::open_with(root, today, Report::parse)
    }

    /// The library with only each report's front matter read (bodies and documents left
    /// empty, the body not checked): what ranks a report among the others (the summary page)
    /// needs, at a fraction of the cost of reading every body.
    pub fn open_front_matter(root: &Path, today: NaiveDate) -> Result<Library> {
        Self::open_with(root, today, Report::parse_front_matter)
    }

    fn open_with(root: &Path, today: NaiveDate, parse: Parse) -> Result<Library> {
        let entries = Scan::new(root, today, parse)?.collect();
        Ok(Library {
            root: root.to_path_buf(),
            entries,
        })
    }

    /// The library's files read one at a time, in id order, with the same checks and the same
    /// duplicate rule as [`Library::open`]: for work that must not hold every report at once
    /// (indexing thousands of them).
    pub fn scan(root: &Path, today: NaiveDate) -> Result<Scan> {
        Scan::new(root, today, Report::parse)
    }

    /// The reports that read completely.
    pub fn reports(&self) -> impl Iterator<Item = &Report> {
        self.entries.iter().filter_map(|e| e.report.as_ref())
    }

    /// All problems of all files.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.entries.iter().flat_map(|e| e.problems.iter())
    }

    /// The entry with this id, or whose file name or path is `key`.
    pub fn find(&self, key: &str) -> Option<&Entry> {
        let key_id = report::id_from_path(Path::new(key));
        self.entries
            .iter()
            .find(|e| e.id == key)
            .or_else(|| self.entries.iter().find(|e| e.path == Path::new(key)))
            .or_else(|| self.entries.iter().find(|e| e.id == key_id))
    }

    /// The report with this id, or an error naming why it cannot be used.
    pub fn report(&self, key: &str) -> Result<&Report> {
        let entry = self
            .find(key)
            .ok_or_else(|| Error::ReportNotFound(key.to_string()))?;
        entry.report.as_ref().ok_or_else(|| Error::ReportInvalid {
            id: entry.id.clone(),
            first: entry
                .problems
                .iter()
                .find(|p| p.severity == Severity::Error)
                .map(ToString::to_string)
                .unwrap_or_default(),
        })
    }
}

/// Report files are `*.md` other than README.md, outside hidden folders (`.history` keeps
/// published snapshots, which are not reports to check) and the `consultations/` folder.
fn is_report_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with(".md") && !name.starts_with('.') && !name.eq_ignore_ascii_case("readme.md")
}

/// The report files below `root` (unsorted); an unreadable folder gives what could be listed.
pub(crate) fn report_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let _ = collect_report_files(root, 0, &mut files);
    files
}

fn collect_report_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<()> {
    let listing = std::fs::read_dir(dir).map_err(Error::io("listing", dir))?;
    for item in listing {
        let item = item.map_err(Error::io("listing", dir))?;
        let path = item.path();
        let name = item.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        // Consultation records are not reports (crate::consult reads them).
        if depth == 0 && name == CONSULTATIONS {
            continue;
        }
        let Ok(kind) = item.file_type() else { continue };
        if kind.is_dir() {
            if depth < MAX_DEPTH {
                collect_report_files(&path, depth + 1, out)?;
            }
        } else if is_report_file(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// How a file's bytes become a report: [`Report::parse`] or [`Report::parse_front_matter`].
type Parse = fn(&Path, &[u8], NaiveDate) -> report::Parsed;

fn read_entry(canonical_root: &Path, path: PathBuf, today: NaiveDate, parse: Parse) -> Entry {
    let id = report::id_from_path(&path);
    let failed = |code, message: String| Entry {
        id: id.clone(),
        path: path.clone(),
        report: None,
        problems: vec![Problem {
            file: path.clone(),
            location: Location::new(1, 1),
            severity: Severity::Error,
            code,
            message,
        }],
    };
    // A symlink may point anywhere; only files that really live inside the library are read.
    match path.canonicalize() {
        Ok(real) if !real.starts_with(canonical_root) => {
            return failed(
                "outside-library",
                format!(
                    "the file links to {}, outside the library folder; it is not read",
                    real.display()
                ),
            );
        }
        Ok(real) if !real.is_file() => return failed("not-a-file", "not a regular file".to_string()),
        // Checked before reading, so a huge file is never loaded into memory.
        Ok(real) => match std::fs::metadata(&real) {
            Ok(meta) if meta.len() > report::MAX_FILE_BYTES => {
                return failed("too-large", report::too_large_message(meta.len()));
            }
            _ => {}
        },
        Err(e) => return failed("unreadable", format!("cannot be read: {e}")),
    }
    match std::fs::read(&path) {
        Ok(bytes) => {
            let parsed = parse(&path, &bytes, today);
            Entry {
                id,
                path,
                report: parsed.report,
                problems: parsed.problems,
            }
        }
        Err(e) => failed("unreadable", format!("cannot be read: {e}")),
    }
}

/// A library's entries, read one file at a time as they are asked for ([`Library::scan`]).
pub struct Scan {
    canonical_root: PathBuf,
    today: NaiveDate,
    parse: Parse,
    /// The files in id order, each with the file that already has its id, if any.
    files: std::vec::IntoIter<(String, PathBuf, Option<PathBuf>)>,
}

impl Scan {
    fn new(root: &Path, today: NaiveDate, parse: Parse) -> Result<Scan> {
        if !root.is_dir() {
            return Err(Error::LibraryNotFound(root.to_path_buf()));
        }
        let canonical_root = root.canonicalize().map_err(Error::io("opening", root))?;
        let mut paths = Vec::new();
        collect_report_files(root, 0, &mut paths)?;
        let mut files: Vec<(String, PathBuf)> =
            paths.into_iter().map(|p| (report::id_from_path(&p), p)).collect();
        files.sort();
        // Ids are unique ignoring case (`VN.ja.md` and `vn.ja.md` would clash on some disks
        // and in URLs): the first in order keeps the id, the others are refused.
        let mut first: HashMap<String, PathBuf> = HashMap::new();
        let files: Vec<_> = files
            .into_iter()
            .map(|(id, path)| {
                let earlier = match first.get(&id.to_lowercase()) {
                    Some(other) => Some(other.clone()),
                    None => {
                        first.insert(id.to_lowercase(), path.clone());
                        None
                    }
                };
                (id, path, earlier)
            })
            .collect();
        Ok(Scan {
            canonical_root,
            today,
            parse,
            files: files.into_iter(),
        })
    }
}

impl Scan {
    /// The file of report `id` (exact id, the one that keeps it when ids clash), without
    /// reading any file: what a save needs to find its report in a large library.
    pub fn path_of(&self, id: &str) -> Option<PathBuf> {
        self.files
            .as_slice()
            .iter()
            .find(|(i, _, earlier)| i == id && earlier.is_none())
            .map(|(_, p, _)| p.clone())
    }
}

impl Iterator for Scan {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        let (id, path, earlier) = self.files.next()?;
        let mut entry = read_entry(&self.canonical_root, path, self.today, self.parse);
        if let Some(other) = earlier {
            entry.problems.insert(
                0,
                Problem {
                    file: entry.path.clone(),
                    location: Location::new(1, 1),
                    severity: Severity::Error,
                    code: "duplicate-id",
                    message: format!("duplicate report id `{id}`: {} has the same id", other.display()),
                },
            );
        }
        Some(entry)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.files.size_hint()
    }
}

impl ExactSizeIterator for Scan {}

/// One row of `kuni list` and of the app's library table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReportRow {
    /// `vn.ja`
    pub id: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// `ja` or `en`.
    pub language: report::Language,
    /// The report's title.
    pub title: String,
    /// The region, e.g. 東南アジア.
    pub region: String,
    /// `draft`, `review` or `published`.
    pub status: report::Status,
    /// The version number.
    pub version: u32,
    /// When the content was last updated.
    pub updated: NaiveDate,
    /// When the last version was published, if ever.
    pub published: Option<NaiveDate>,
    /// True when `updated` is more than 12 months ago.
    pub stale: bool,
    /// How many items the report marks 要確認.
    pub to_verify: usize,
    /// The country's name in the report's language (`タイ`, `Thailand`).
    pub country_name: String,
    /// Number of check errors.
    pub errors: usize,
    /// Number of check warnings.
    pub warnings: usize,
    /// The file.
    pub path: PathBuf,
}

/// A file that is in the library but could not be read as a report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct InvalidFile {
    /// The id from its file name.
    pub id: String,
    /// The file.
    pub path: PathBuf,
    /// Its problems (at least one error).
    pub problems: Vec<Problem>,
}

/// The library as listed: readable reports, and the files that are not.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Listing {
    /// The library folder.
    pub library: PathBuf,
    /// Reports, sorted by id.
    pub reports: Vec<ReportRow>,
    /// Files that could not be read as reports.
    pub invalid: Vec<InvalidFile>,
}

impl Library {
    /// The listing of this library.
    pub fn listing(&self) -> Listing {
        let mut reports = Vec::new();
        let mut invalid = Vec::new();
        for e in &self.entries {
            match &e.report {
                Some(r) => reports.push(ReportRow {
                    id: e.id.clone(),
                    country: r.meta.country.clone(),
                    language: r.meta.language,
                    title: r.meta.title.clone(),
                    region: r.meta.region.clone(),
                    status: r.meta.status,
                    version: r.meta.version,
                    updated: r.meta.updated,
                    published: r.meta.published,
                    stale: e.problems.iter().any(|p| p.code == "stale"),
                    to_verify: r.to_verify.len(),
                    country_name: report::countries::name(&r.meta.country, r.meta.language),
                    errors: e.count(Severity::Error),
                    warnings: e.count(Severity::Warning),
                    path: e.path.clone(),
                }),
                None => invalid.push(InvalidFile {
                    id: e.id.clone(),
                    path: e.path.clone(),
                    problems: e.problems.clone(),
                }),
            }
        }
        Listing {
            library: self.root.clone(),
            reports,
            invalid,
        }
    }
}
