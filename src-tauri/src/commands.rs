//! The commands the UI may invoke. Each validates, calls one engine function, maps errors.

use crate::AppState;
use crate::error::CommandError;
use kuni::library::Listing;

/// Every report of the open library with its check counts, and the files that could not be read.
#[tauri::command(async)]
pub fn list_reports(state: tauri::State<'_, AppState>) -> Result<Listing, CommandError> {
    let root = state
        .library
        .lock()
        .map_err(|_| CommandError {
            code: "internal",
            message: "the library state is unavailable".into(),
        })?
        .clone();
    let library = kuni::Library::open(&root, kuni::today())?;
    Ok(library.listing())
}
