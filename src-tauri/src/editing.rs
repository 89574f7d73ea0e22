//! The editor's commands: load, preview, save, and recovery copies of unsaved text.

use crate::error::CommandError;
use crate::state::{AppState, config_dir, entry};
use kuni::recovery::Recovery;
use kuni::view::{Preview, Source};

/// A report's text and the version a save must match.
#[tauri::command(async)]
pub fn get_source(id: String, state: tauri::State<'_, AppState>) -> Result<Source, CommandError> {
    let library = state.open_library()?;
    Ok(kuni::view::source(entry(&library, &id)?)?)
}

/// The live preview of unsaved text: rendered as a save would be read, with its problems.
#[tauri::command(async)]
pub fn preview(id: String, text: String, state: tauri::State<'_, AppState>) -> Result<Preview, CommandError> {
    crate::state::check_id(&id)?;
    let path = state.library_root()?.join(format!("{id}.md"));
    Ok(kuni::view::preview(&path, &text, kuni::today()))
}

/// Saves the editor's text if the file is still the version it loaded (else `conflict`),
/// then drops the recovery copy and brings the search index up to date. Returns the new version.
#[tauri::command(async)]
pub fn save_report(
    id: String,
    text: String,
    version: String,
    state: tauri::State<'_, AppState>,
) -> Result<String, CommandError> {
    crate::state::check_id(&id)?;
    let root = state.library_root()?;
    // Found by its name alone: a save reads no other report, however large the library.
    let path = kuni::Library::scan(&root, kuni::today())?
        .path_of(&id)
        .ok_or_else(|| CommandError::from(kuni::Error::ReportNotFound(id.clone())))?;
    let new_version = kuni::save::save_if_unchanged(&path, &text, &version)?;
    if let Ok(dir) = config_dir() {
        let _ = kuni::recovery::discard(&dir, &root, &id);
    }
    reindex_saved(&state, &path, &text);
    Ok(new_version)
}

/// Re-indexes the report just saved, and nothing else, so its new words are found at once
/// (the file watcher then sees the file changed and finds it up to date).
fn reindex_saved(state: &AppState, path: &std::path::Path, text: &str) {
    reindex_file(state, path, Some(text.as_bytes()));
}

/// Re-indexes one report file from `bytes` (or, without them, from the disk; a file that is
/// gone or no longer reads as a report leaves the index).
fn reindex_file(state: &AppState, path: &std::path::Path, bytes: Option<&[u8]>) {
    let read;
    let bytes = match bytes {
        Some(b) => Some(b),
        None => {
            read = std::fs::read(path).ok();
            read.as_deref()
        }
    };
    let report = bytes.and_then(|b| kuni::Report::parse(path, b, kuni::today()).report);
    let id = kuni::report::id_from_path(path);
    let outcome = state
        .index
        .with(|index| match &report {
            Some(report) => index.update_report(report),
            None => index.remove_report(&id),
        })
        .and_then(|r| r.map_err(|e| e.to_string()));
    if let Err(e) = outcome {
        eprintln!("kuni-desktop: search index not updated: {e}");
    }
}

/// Up to this many changed files are re-indexed one by one; more (a pull, a copied folder)
/// are left to one refresh of the folder.
const FEW_CHANGES: usize = 20;

/// Re-indexes what the file watcher saw change, without reading the other reports.
pub fn reindex_changes(state: &AppState, root: &std::path::Path, changes: &kuni::watch::Changes) {
    if changes.changed.len() + changes.removed.len() > FEW_CHANGES {
        return reindex(state, root);
    }
    let Ok(scan) = kuni::Library::scan(root, kuni::today()) else {
        return;
    };
    for id in changes.changed.iter().chain(&changes.removed) {
        match scan.path_of(id) {
            Some(path) => reindex_file(state, &path, None),
            None => {
                let _ = state.index.with(|index| index.remove_report(id));
            }
        }
    }
}

/// Brings the index up to date with the files (only changed reports are re-read). A failure
/// is not the save's failure: the text is safe on disk, and the next start rebuilds.
pub fn reindex(state: &AppState, root: &std::path::Path) {
    let never = std::sync::atomic::AtomicBool::new(false);
    let outcome = state
        .index
        .with(|index| {
            index
                .refresh_folder(root, kuni::today(), &|_| {}, &never)
                .map_err(|e| e.to_string())
        })
        .and_then(|r| r);
    if let Err(e) = outcome {
        eprintln!("kuni-desktop: search index not updated: {e}");
    }
}

/// Keeps a copy of unsaved text outside the library, for recovery after a crash.
#[tauri::command(async)]
pub fn store_recovery(
    id: String,
    base_version: String,
    text: String,
    state: tauri::State<'_, AppState>,
) -> Result<(), CommandError> {
    crate::state::check_id(&id)?;
    Ok(kuni::recovery::store(
        &config_dir()?,
        &state.library_root()?,
        &id,
        &base_version,
        &text,
    )?)
}

/// The recovery copies left for the open library (by a crash, or a window closed unsaved).
#[tauri::command(async)]
pub fn list_recovery(state: tauri::State<'_, AppState>) -> Result<Vec<Recovery>, CommandError> {
    Ok(kuni::recovery::list(&config_dir()?, &state.library_root()?))
}

/// Drops the recovery copy of `id`.
#[tauri::command(async)]
pub fn discard_recovery(id: String, state: tauri::State<'_, AppState>) -> Result<(), CommandError> {
    crate::state::check_id(&id)?;
    Ok(kuni::recovery::discard(
        &config_dir()?,
        &state.library_root()?,
        &id,
    )?)
}
