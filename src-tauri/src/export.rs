//! Exporting PDFs and Word documents (and the comparison CSV) from the app, with progress
//! and cancel.

use crate::error::CommandError;
use crate::state::AppState;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use tauri::ipc::Channel;

/// What the export streams to the window while it runs.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ExportEvent {
    /// Work begins on `total` files (reports × formats).
    Started {
        /// How many files.
        total: usize,
    },
    /// One file finished (written or failed); `done` of `total` are through.
    Progress {
        /// Files through so far.
        done: usize,
        /// All files.
        total: usize,
        /// This report's id.
        id: String,
        /// The file's name, when written.
        file: Option<String>,
        /// Why it failed, when it did.
        error: Option<String>,
    },
}

/// What an export made.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ExportSummary {
    /// The folder the PDFs are in.
    pub dir: PathBuf,
    /// The files written, by name.
    pub written: Vec<String>,
    /// `id: reason` of each report that failed.
    pub failed: Vec<String>,
    /// True when the user stopped it before the end.
    pub cancelled: bool,
}

/// Exports the given reports (by id) in `formats` (PDF, Word or both) to the export folder,
/// streaming progress on `events`. One export runs at a time; [`cancel_export`] stops it
/// between files.
#[tauri::command(async)]
pub fn export_pdf(
    ids: Vec<String>,
    formats: Vec<kuni::formats::Format>,
    events: Channel<ExportEvent>,
    state: tauri::State<'_, AppState>,
) -> Result<ExportSummary, CommandError> {
    if formats.is_empty() {
        return Err(CommandError::new(
            "invalid-argument",
            "choose at least one format",
        ));
    }
    crate::jobs::exclusive(&state, || run_export(&ids, &formats, &events, &state))
}

fn run_export(
    ids: &[String],
    formats: &[kuni::formats::Format],
    events: &Channel<ExportEvent>,
    state: &AppState,
) -> Result<ExportSummary, CommandError> {
    let library = state.open_library()?;
    let reports = ids
        .iter()
        .map(|id| crate::state::check_id(id).and_then(|()| Ok(library.report(id)?)))
        .collect::<Result<Vec<_>, _>>()?;
    let dir = crate::jobs::export_dir();
    std::fs::create_dir_all(&dir).map_err(kuni::Error::io("creating", &dir))?;
    let total = reports.len() * formats.len();
    let cancel = &state.export_cancel;
    let _ = events.send(ExportEvent::Started { total });
    let outcome = Mutex::new((Vec::new(), Vec::new()));
    let options = kuni::settings::Settings::load()
        .0
        .export_options()
        .with_peers(library.reports());
    kuni::formats::export_many(
        &reports,
        formats,
        &options,
        cancel,
        &|done, report, format, result| {
            let name = format.file_name(report);
            let written = result.and_then(|file| kuni::save::write_atomic(&dir.join(&name), &file.bytes));
            let error = written.err().map(|e| e.to_string());
            {
                let mut o = outcome.lock().unwrap_or_else(|p| p.into_inner());
                match &error {
                    None => o.0.push(name.clone()),
                    Some(e) => o.1.push(format!("{} ({}): {e}", report.id, format.extension())),
                }
            }
            let _ = events.send(ExportEvent::Progress {
                done,
                total,
                id: report.id.clone(),
                file: error.is_none().then_some(name),
                error,
            });
        },
    );
    let (mut written, failed) = outcome.into_inner().unwrap_or_else(|p| p.into_inner());
    written.sort();
    let cancelled = cancel.load(Ordering::SeqCst) && written.len() + failed.len() < total;
    Ok(ExportSummary {
        dir,
        written,
        failed,
        cancelled,
    })
}

/// Stops the running export after the reports already being typeset.
#[tauri::command]
pub fn cancel_export(state: tauri::State<'_, AppState>) {
    state.export_cancel.store(true, Ordering::SeqCst);
}

/// Writes the comparison of `ids` as CSV into the export folder; returns the file.
#[tauri::command(async)]
pub fn export_compare_csv(
    ids: Vec<String>,
    japanese: bool,
    state: tauri::State<'_, AppState>,
) -> Result<PathBuf, CommandError> {
    let matrix = crate::commands::compare(ids, state)?;
    let dir = crate::jobs::export_dir();
    std::fs::create_dir_all(&dir).map_err(kuni::Error::io("creating", &dir))?;
    let name = if japanese { "比較" } else { "comparison" };
    let path = dir.join(format!("{name}_{}.csv", kuni::today()));
    kuni::save::write_atomic(&path, kuni::compare::to_csv(&matrix, japanese).as_bytes())?;
    Ok(path)
}

/// Opens the export folder in the desktop's file manager.
#[tauri::command(async)]
pub fn open_export_folder() -> Result<(), CommandError> {
    let dir = crate::jobs::export_dir();
    std::fs::create_dir_all(&dir).map_err(kuni::Error::io("creating", &dir))?;
    crate::links::open_with_desktop(dir.as_os_str())
}
