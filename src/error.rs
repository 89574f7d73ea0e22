//! The engine's error type. Faces map it: the CLI prints it, the desktop shell turns it into `{code, message}`.

use std::path::PathBuf;

/// What can go wrong in the engine, beyond problems *in* reports (those are [`crate::Problem`]s).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file or folder failed.
    #[error("{op} {}: {source}", path.display())]
    Io {
        /// What was being done ("reading", "writing", …).
        op: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The library folder does not exist or is not a folder.
    #[error("library folder {} does not exist or is not a folder", .0.display())]
    LibraryNotFound(PathBuf),
    /// No report has this id (or file name).
    #[error("no report `{0}` in the library")]
    ReportNotFound(String),
    /// The search index could not be opened, written or read.
    #[error("search index {}: {op}: {message}", dir.display())]
    Index {
        /// What was being done.
        op: &'static str,
        /// The index folder.
        dir: PathBuf,
        /// tantivy's description.
        message: String,
    },
    /// A PDF could not be made.
    #[error("PDF of `{id}`: {message}")]
    Pdf {
        /// The report id.
        id: String,
        /// What went wrong.
        message: String,
    },
    /// A Word document could not be made.
    #[error("Word document of `{id}`: {message}")]
    Docx {
        /// The report id.
        id: String,
        /// What went wrong.
        message: String,
    },
    /// The file changed on disk since it was loaded; nothing was written.
    #[error("{} was changed by someone else since it was opened; not overwritten", .0.display())]
    Conflict(PathBuf),
    /// The report exists but could not be read as a report.
    #[error("report `{id}` has errors: {first}")]
    ReportInvalid {
        /// The report id.
        id: String,
        /// The first error, as `file:line:column: error: message`.
        first: String,
    },
    /// `kuni check` finds errors in the report, so it may not be published.
    #[error("`{id}` cannot be published while it has errors ({count}); the first: {first}")]
    CheckErrors {
        /// The report id.
        id: String,
        /// How many errors.
        count: usize,
        /// The first error, as `file:line:column: error: message`.
        first: String,
    },
    /// Nothing changed since the last published version.
    #[error("`{id}` has not changed since v{version} was published; edit it before publishing again")]
    Unchanged {
        /// The report id.
        id: String,
        /// The last published version.
        version: u32,
    },
    /// No snapshot of this version is in the library's history.
    #[error("`{id}` has no published version v{version} in the history (see `kuni history {id}`)")]
    VersionNotFound {
        /// The report id.
        id: String,
        /// The version asked for.
        version: u32,
    },
    /// The front matter could not be updated for publishing; the file was not changed.
    #[error("cannot update the front matter of `{id}` for publishing: {message}")]
    FrontMatterEdit {
        /// The report id.
        id: String,
        /// Why, in plain words.
        message: String,
    },
    /// The history folder holds something that contradicts the operation.
    #[error("history {}: {message}", path.display())]
    History {
        /// The file or folder in `.history`.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A delivery manifest could not be read.
    #[error("manifest {}: {message}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The output folder cannot be used (it holds files Kuni did not make).
    #[error("{}: {message}", path.display())]
    OutputFolder {
        /// The folder.
        path: PathBuf,
        /// Why it cannot be used.
        message: String,
    },
    /// The user cancelled a long operation; nothing was changed.
    #[error("cancelled; nothing was changed")]
    Cancelled,
    /// Signing a file failed (key, certificate, time-stamp service or the PDF itself).
    #[error("signing {}: {source}", path.display())]
    Sign {
        /// The file being signed.
        path: PathBuf,
        /// What went wrong.
        source: crate::sign::SignError,
    },
    /// An update-cycle action was refused (no open cycle, no such item).
    #[error("{message}")]
    Review {
        /// What happened and what to do, in plain words.
        message: String,
    },
    /// A Git operation of a library kept in Git failed or was refused (see `crate::git`).
    #[error("{message}")]
    Git {
        /// A stable code: `git-failed`, `not-git`, `sync-conflict`, `tag-collision`,
        /// `sync-first`, …
        code: &'static str,
        /// What happened and what to do, in plain words.
        message: String,
    },
}

impl Error {
    /// A stable identifier for the kind of error, for the UI and scripts to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::LibraryNotFound(_) => "library-not-found",
            Error::ReportNotFound(_) => "report-not-found",
            Error::ReportInvalid { .. } => "report-invalid",
            Error::Index { .. } => "index",
            Error::Pdf { .. } => "pdf",
            Error::Docx { .. } => "docx",
            Error::Conflict(_) => "conflict",
            Error::CheckErrors { .. } => "check-errors",
            Error::Unchanged { .. } => "unchanged",
            Error::VersionNotFound { .. } => "version-not-found",
            Error::FrontMatterEdit { .. } => "front-matter-edit",
            Error::History { .. } => "history",
            Error::Manifest { .. } => "manifest",
            Error::OutputFolder { .. } => "output-folder",
            Error::Cancelled => "cancelled",
            Error::Review { .. } => "review",
            Error::Sign { .. } => "sign",
            Error::Git { code, .. } => code,
        }
    }

    /// An [`Error::Io`] for `op` on `path`.
    pub fn io(op: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { op, path, source }
    }
}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
