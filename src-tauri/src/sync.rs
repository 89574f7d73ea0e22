//! A library kept in Git, from the app: its state for the status bar, and the Sync button with
//! the per-section conflict choice. Each command is one call of the engine's `kuni::git`; the
//! network is reached only by the user's own git, when the user presses Sync.

use crate::error::CommandError;
use crate::state::AppState;
use kuni::git::conflict::Choice;
use kuni::git::log::ReportLog;
use kuni::git::sync::Resolve;
use kuni::git::{GitInfo, SyncOptions, SyncReport};
use std::sync::atomic::Ordering;

/// The status bar's Git part: the library's repository, and whether Sync is refused there.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GitBar {
    /// Branch, remote and pending conflicts.
    #[cfg_attr(test, ts(type = "GitInfo"))]
    pub git: GitInfo,
    /// The library is the bundled sample library, opened because none was named: Sync would
    /// commit into the repository Kuni itself came from, so it is refused, as `kuni sync` is.
    pub sample_library: bool,
}

/// Whether the library is kept in Git, its branch and remote (`null`: it is not).
#[tauri::command(async)]
pub fn git_status(state: tauri::State<'_, AppState>) -> Result<Option<GitBar>, CommandError> {
    let root = state.library_root()?;
    match kuni::git::detect(&root) {
        Some(repo) => Ok(Some(GitBar {
            git: kuni::git::info(&repo)?,
            sample_library: state.sample_fallback.load(Ordering::SeqCst),
        })),
        None => Ok(None),
    }
}

/// Syncs the library; with `target` and `choice` (mine or theirs), first settles that
/// report's conflict — in `section` only, when given; with `continue_merge`, takes the
/// library's edited text of every conflict left.
#[tauri::command(async)]
pub fn sync_library(
    target: Option<String>,
    section: Option<String>,
    choice: Option<Choice>,
    continue_merge: bool,
    state: tauri::State<'_, AppState>,
) -> Result<SyncReport, CommandError> {
    let root = state.library_root()?;
    // Refused before anything runs, like `kuni sync` without --library.
    if state.sample_fallback.load(Ordering::SeqCst) {
        return Err(CommandError::new(
            "sample-library",
            format!(
                "no library was named, so the app opened the bundled sample library {}, and Sync \
                 would write into it: choose the library to work on in the settings",
                root.display()
            ),
        ));
    }
    let resolve = match (target, choice) {
        (Some(target), Some(choice @ (Choice::Mine | Choice::Theirs))) => vec![Resolve {
            target,
            section,
            choice,
        }],
        (None, None) => Vec::new(),
        _ => {
            return Err(CommandError::new(
                "invalid-argument",
                "a conflict choice needs the report and mine or theirs",
            ));
        }
    };
    let report = kuni::git::sync(
        &root,
        &SyncOptions {
            resolve,
            continue_merge,
            withdraw: None,
        },
    )?;
    if !report.received.is_empty() {
        crate::editing::reindex(&state, &root);
    }
    Ok(report)
}

/// Who published each version of `id` and who changed it between versions, from Git
/// (`null` when the library is not kept in Git).
#[tauri::command(async)]
pub fn report_changes(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<Option<ReportLog>, CommandError> {
    crate::state::check_id(&id)?;
    let library = state.open_library()?;
    let report = library.report(&id)?;
    Ok(kuni::git::log::report_log(
        &library.root,
        &report.id,
        &report.path,
    )?)
}
