//! Kuni's engine: country reports as Markdown files, checked, searched, typeset and published.
//!
//! Data flows `library` → `report` → `markdown` → `doc`, and from the document model to every
//! output. See docs/architecture.md. The engine has no GUI dependency; the CLI
//! (`src/main.rs`) and the desktop shell (`src-tauri/`) are thin faces over it.

mod bindings;
pub mod chart;
pub mod compare;
pub mod consult;
pub mod doc;
pub mod docx;
pub mod error;
pub mod formats;
pub mod git;
pub mod html;
pub mod library;
pub mod markdown;
pub mod net;
pub mod pdf;
pub mod problem;
pub mod publish;
pub mod recovery;
pub mod report;
pub mod review;
pub mod save;
pub mod search;
pub mod settings;
pub mod sign;
pub mod site;
pub mod sources;
pub mod summary;
pub mod view;
pub mod watch;

pub use error::{Error, Result};
pub use library::{Entry, Library};
pub use problem::{Location, Problem, Severity};
pub use report::Report;

/// The date checks (future dates, staleness) compare against: `$KUNI_TODAY` (YYYY-MM-DD) when
/// set, so tests and reproducible builds do not age, else today in local time.
pub fn today() -> chrono::NaiveDate {
    std::env::var("KUNI_TODAY")
        .ok()
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}
