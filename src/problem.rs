//! Problems found in a report: what `kuni check` prints and what the app shows inline.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// How bad a problem is. Errors make `kuni check` fail; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The report is wrong and must be fixed before it can be published.
    Error,
    /// Worth attention (for example a stale report) but not blocking.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A 1-based line and column inside a report file (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Location {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

impl Location {
    /// A location at `line`, `column` (both 1-based).
    pub fn new(line: usize, column: usize) -> Self {
        Location { line, column }
    }
}

/// One finding about one file. `code` is stable (the UI and tests branch on it); `message` is for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Problem {
    /// The file, as found in the library folder.
    pub file: PathBuf,
    /// Where in the file.
    #[serde(flatten)]
    pub location: Location,
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case identifier of the kind of problem, e.g. `missing-field`.
    pub code: &'static str,
    /// A plain-words description naming the field or section concerned.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file.display(),
            self.location.line,
            self.location.column,
            self.severity,
            self.message
        )
    }
}

/// Collects problems for one file while it is read and checked.
#[derive(Debug, Default)]
pub struct Problems {
    file: PathBuf,
    items: Vec<Problem>,
}

impl Problems {
    /// An empty collector for `file`.
    pub fn new(file: impl Into<PathBuf>) -> Self {
        Problems {
            file: file.into(),
            items: Vec::new(),
        }
    }

    /// Records an error.
    pub fn error(&mut self, at: Location, code: &'static str, message: impl Into<String>) {
        self.push(at, Severity::Error, code, message.into());
    }

    /// Records a warning.
    pub fn warning(&mut self, at: Location, code: &'static str, message: impl Into<String>) {
        self.push(at, Severity::Warning, code, message.into());
    }

    fn push(&mut self, location: Location, severity: Severity, code: &'static str, message: String) {
        self.items.push(Problem {
            file: self.file.clone(),
            location,
            severity,
            code,
            message,
        });
    }

    /// True when at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|p| p.severity == Severity::Error)
    }

    /// The problems in file order.
    pub fn into_sorted(mut self) -> Vec<Problem> {
        self.items.sort_by_key(|p| p.location);
        self.items
    }
}
