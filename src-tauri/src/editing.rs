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
    let root = state.library_root()?;
    let path = {
        let library = state.open_library()?;
        entry(&library, &id)?.path.clone()
    };
    let new_version = kuni::save::save_if_unchanged(&path, &text, &version)?;
    if let Ok(dir) = config_dir() {
        let _ = kuni::recovery::discard(&dir, &root, &id);
    }
    reindex(&state, &root);
    Ok(new_version)
}

/// Brings the index up to date with the files (only changed reports are re-read). A failure
/// is not the save's failure: the text is safe on disk, and the next start rebuilds.
pub fn reindex(state: &AppState, root: &std::path::Path) {
    let Ok(library) = kuni::Library::open(root, kuni::today()) else {
        return;
    };
    let never = std::sync::atomic::AtomicBool::new(false);
    let outcome = state
        .index
        .with(|index| {
            index
                .refresh(&library, &|_| {}, &never)
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
