//! Publishing: versions, the history of published texts, diffs and deliverables.
//!
//! [`publish`] turns the working file of a report into a published version: it bumps the
//! version, marks the front matter published, adds the revision note, stores an immutable
//! snapshot in `<library>/.history/<id>/vN.md` (`history.rs`) and writes the PDF and the
//! folder's `manifest.json` (`deliverables.rs`, `manifest.rs`). It is all-or-nothing: every
//! file is first made in memory, then written with [`crate::save::write_atomic`] in an order
//! whose last step, the report itself, is the commit point; a failure before it undoes what was
//! written. `diff.rs` compares any two versions, `deliverables.rs` also makes the hand-over
//! set of every published report.

pub mod deliverables;
pub mod diff;
pub mod edit;
pub mod history;
pub mod manifest;
pub mod signing;

pub use deliverables::{Delivery, deliver, deliver_formats};
pub use diff::{Diff, Side, diff_texts};
pub use history::{History, history};
pub use manifest::{Manifest, ManifestFile, Verification, verify};

use crate::error::{Error, Result};
use crate::library::Library;
use crate::pdf::{self, ExportOptions};
use crate::problem::Severity;
use crate::report::{Report, Status};
use crate::save::{sha256_hex, write_atomic};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where a long operation is, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Progress {
    /// Steps done.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
    /// What is being done, in plain words.
    pub message: String,
}

/// The progress callback of long operations (called from worker threads too).
pub type OnProgress<'a> = &'a (dyn Fn(&Progress) + Sync);

/// A progress callback that ignores everything.
pub fn no_progress(_: &Progress) {}

/// The default deliverables folder inside a library (hidden, so the library scan skips it).
pub const DELIVERABLES_DIR: &str = ".deliverables";

/// A point in [`publish`] where a test can make it fail, to prove nothing is left half-done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailAt {
    /// After the pending snapshot is written.
    AfterSnapshot,
    /// After the PDF and the manifest are written.
    AfterDeliverables,
    /// After the report is saved, before the snapshot is made final.
    AfterReport,
}

/// How to publish.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions {
    /// The revision note for the changelog (改訂履歴).
    pub note: String,
    /// The deliverables folder [default: `<library>/.deliverables`].
    pub out_dir: Option<PathBuf>,
    /// Fonts and cover particulars of the PDF (its timestamp is the publication date).
    pub export: ExportOptions,
    /// The publication date, also the date the report is checked as of [default:
    /// [`crate::today`]].
    pub date: Option<NaiveDate>,
    /// Testing only: fail at this point as if the disk had failed.
    #[doc(hidden)]
    pub fail_at: Option<FailAt>,
}

/// What a publish did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Published {
    /// The report id.
    pub id: String,
    /// The new version.
    pub version: u32,
    /// The publication date.
    pub date: NaiveDate,
    /// The snapshot file.
    pub snapshot: PathBuf,
    /// The deliverables folder.
    pub out_dir: PathBuf,
    /// The deliverables written (the PDF), as listed in the folder's manifest.
    pub files: Vec<ManifestFile>,
    /// Typesetting warnings.
    pub warnings: Vec<String>,
    /// The signer's subject, when the deliverables were signed afterwards (by the caller).
    pub signed_by: Option<String>,
    /// Consultations set to 要再確認 because this version changed a section they cite (filled
    /// by `git::publish`, which runs after the engine's publish).
    pub rechecks: Vec<String>,
}

/// Seconds since the epoch of a date's midnight (UTC): the PDF timestamp of a version, so
/// typesetting the same version again gives the same bytes.
pub fn timestamp_of(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp())
}

/// The highest version published so far: in the history or, for versions from before Kuni
/// kept history, in the changelog. 0 when never published.
fn last_published(report: &Report, snapshots: &[u32]) -> u32 {
    let logged = report.meta.changelog.iter().map(|c| c.version).max();
    snapshots.last().copied().max(logged).unwrap_or(0)
}

/// The version a publish gives: the front matter's `version`, or one more than the last
/// published version when that is higher. A report drafted as `version: 1` is published as v1;
/// each later publish adds one.
pub fn next_version(report: &Report, snapshots: &[u32]) -> u32 {
    report.meta.version.max(last_published(report, snapshots) + 1)
}

fn check_cancel(cancel: &AtomicBool) -> Result<()> {
    if cancel.load(Ordering::Relaxed) {
        Err(Error::Cancelled)
    } else {
        Ok(())
    }
}

fn injected(point: FailAt, path: &Path) -> Error {
    Error::Io {
        op: "publishing",
        path: path.to_path_buf(),
        source: std::io::Error::other(format!("injected failure ({point:?})")),
    }
}

/// What to undo if a later step fails.
enum Undo {
    Remove(PathBuf),
    Restore(PathBuf, Vec<u8>),
}

/// Writes files, remembering how to put each back.
#[derive(Default)]
struct Journal(Vec<Undo>);

impl Journal {
    fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        let undo = match std::fs::read(path) {
            Ok(old) => Undo::Restore(path.to_path_buf(), old),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Undo::Remove(path.to_path_buf()),
            Err(e) => return Err(Error::io("reading", path)(e)),
        };
        write_atomic(path, bytes)?;
        self.0.push(undo);
        Ok(())
    }

    /// Undoes every write, newest first. Best effort: the error that caused the rollback is
    /// what the caller reports.
    fn roll_back(self) {
        for undo in self.0.into_iter().rev() {
            match undo {
                Undo::Remove(p) => {
                    let _ = std::fs::remove_file(p);
                }
                Undo::Restore(p, bytes) => {
                    let _ = write_atomic(&p, &bytes);
                }
            }
        }
    }
}

/// Publishes report `key` of the library at `root` (see the module documentation).
///
/// The library is read afresh, so the check that gates publishing sees the file as it is now.
/// Refuses with [`Error::CheckErrors`] while the report has errors and with
/// [`Error::Unchanged`] when the file is exactly the last published text.
pub fn publish(
    root: &Path,
    key: &str,
    opts: &PublishOptions,
    on_progress: OnProgress<'_>,
    cancel: &AtomicBool,
) -> Result<Published> {
    let total = 4;
    let step = |done: usize, message: &str| {
        on_progress(&Progress {
            done,
            total,
            message: message.to_string(),
        })
    };
    step(0, "checking the report");
    check_cancel(cancel)?;
    let today = opts.date.unwrap_or_else(crate::today);
    let library = Library::open(root, today)?;
    let entry = library
        .find(key)
        .ok_or_else(|| Error::ReportNotFound(key.to_string()))?;
    let errors: Vec<_> = entry
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    if let Some(first) = errors.first() {
        return Err(Error::CheckErrors {
            id: entry.id.clone(),
            count: errors.len(),
            first: first.to_string(),
        });
    }
    let report = library.report(key)?;
    let id = report.id.clone();
    history::recover(root, &id, &report.path)?;

    let bytes = std::fs::read(&report.path).map_err(Error::io("reading", &report.path))?;
    let loaded = sha256_hex(&bytes);
    let text = String::from_utf8(bytes).map_err(|_| Error::ReportInvalid {
        id: id.clone(),
        first: "the file is not UTF-8".into(),
    })?;
    let snapshots = history::versions(root, &id)?;
    if let Some(&last) = snapshots.last()
        && history::read_snapshot(root, &id, last)? == text
    {
        return Err(Error::Unchanged { id, version: last });
    }
    let version = next_version(report, &snapshots);
    let snapshot = history::snapshot_path(root, &id, version);
    if snapshot.exists() {
        return Err(Error::History {
            path: snapshot,
            message: format!(
                "v{version} is already in the history, and published versions are never replaced; set `version:` above {version}"
            ),
        });
    }
    let edit_error = |message: String| Error::FrontMatterEdit {
        id: id.clone(),
        message,
    };
    let new_text = edit::apply(
        &text,
        &edit::Publication {
            version,
            date: today,
            note: &opts.note,
        },
    )
    .map_err(edit_error)?;
    let published = verified(&report.path, &new_text, version, today, &opts.note).map_err(edit_error)?;

    step(1, "typesetting the PDF");
    check_cancel(cancel)?;
    // The summary page ranks the report among the library's published versions, with this
    // one in place of its previous version: the set a delivery made now typesets with.
    let others = deliverables::published_reports(&library).map_or_else(|_| Vec::new(), |(p, _)| p);
    let peers = others
        .iter()
        .map(|p| &p.report)
        .filter(|r| r.id != id)
        .chain(std::iter::once(&published));
    let mut export = opts.export.clone().with_peers(peers);
    export.timestamp = Some(timestamp_of(today));
    let pdf = pdf::export(&published, &export)?;
    let pdf_name = pdf::file_name(&published);
    let out_dir = opts
        .out_dir
        .clone()
        .unwrap_or_else(|| root.join(DELIVERABLES_DIR));
    std::fs::create_dir_all(&out_dir).map_err(Error::io("creating", &out_dir))?;
    let mut manifest = Manifest::read(&out_dir)?.unwrap_or_default();
    let file = ManifestFile::new(&pdf_name, &pdf.bytes, Some((&id, version)), today);
    manifest.upsert(file.clone());

    step(2, "writing the snapshot and the deliverables");
    check_cancel(cancel)?;
    let history_dir = history::dir(root, &id);
    std::fs::create_dir_all(&history_dir).map_err(Error::io("creating", &history_dir))?;
    let pending = history::pending_path(root, &id, version);
    let mut journal = Journal::default();
    let result = (|| {
        journal.write(&pending, new_text.as_bytes())?;
        if opts.fail_at == Some(FailAt::AfterSnapshot) {
            return Err(injected(FailAt::AfterSnapshot, &pending));
        }
        journal.write(&out_dir.join(&pdf_name), &pdf.bytes)?;
        journal.write(&out_dir.join(manifest::MANIFEST_NAME), &manifest.to_bytes())?;
        if opts.fail_at == Some(FailAt::AfterDeliverables) {
            return Err(injected(FailAt::AfterDeliverables, &out_dir));
        }
        check_cancel(cancel)?;
        step(3, "saving the report");
        // The commit point: the report changes only if nobody changed it meanwhile.
        crate::save::save_if_unchanged(&report.path, &new_text, &loaded)?;
        journal
            .0
            .push(Undo::Restore(report.path.clone(), text.clone().into_bytes()));
        if opts.fail_at == Some(FailAt::AfterReport) {
            return Err(injected(FailAt::AfterReport, &report.path));
        }
        std::fs::rename(&pending, &snapshot).map_err(Error::io("renaming", &pending))?;
        Ok(())
    })();
    if let Err(e) = result {
        journal.roll_back();
        return Err(e);
    }
    step(4, "published");
    Ok(Published {
        id,
        version,
        date: today,
        snapshot,
        out_dir,
        files: vec![file],
        warnings: pdf.warnings,
        signed_by: None,
        rechecks: Vec::new(),
    })
}

/// Reads the edited text back and checks that it says what publishing meant to write, with
/// no error: a textual edit that went wrong is refused here instead of being saved.
fn verified(path: &Path, text: &str, version: u32, date: NaiveDate, note: &str) -> Result<Report, String> {
    let parsed = Report::parse(path, text.as_bytes(), date);
    if let Some(p) = parsed.problems.iter().find(|p| p.severity == Severity::Error) {
        return Err(format!("the edited front matter would have an error: {p}"));
    }
    let r = parsed
        .report
        .ok_or_else(|| "the edited file cannot be read as a report".to_string())?;
    let m = &r.meta;
    let logged = m
        .changelog
        .iter()
        .any(|c| c.version == version && c.date == date && c.note == note);
    if m.version != version || m.status != Status::Published || m.published != Some(date) || !logged {
        return Err("the edited front matter does not read back as intended; edit `version`, `status`, `published` and `changelog` by hand".into());
    }
    Ok(r)
}

/// Which text of a report to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// A published version from the history.
    Published(u32),
    /// The working file.
    Draft,
}

/// Compares two versions of report `key`: by default the last published version (or nothing,
/// if it was never published) with the working file.
pub fn diff(library: &Library, key: &str, from: Option<Version>, to: Option<Version>) -> Result<Diff> {
    let report = library.report(key)?;
    let root = &library.root;
    let id = &report.id;
    history::recover(root, id, &report.path)?;
    let text_of = |v: Version| -> Result<(Side, String)> {
        match v {
            Version::Published(n) => Ok((Side::Version(n), history::read_snapshot(root, id, n)?)),
            Version::Draft => {
                let bytes = std::fs::read(&report.path).map_err(Error::io("reading", &report.path))?;
                Ok((Side::Draft, String::from_utf8_lossy(&bytes).into_owned()))
            }
        }
    };
    let (from_side, old) = match from {
        Some(v) => text_of(v)?,
        None => match history::versions(root, id)?.last() {
            Some(&v) => text_of(Version::Published(v))?,
            None => (Side::Empty, String::new()),
        },
    };
    let (to_side, new) = text_of(to.unwrap_or(Version::Draft))?;
    Ok(diff_texts(id, from_side, &old, to_side, &new))
}
