//! The reading commands. Each validates, calls one engine function, maps errors.

use crate::error::CommandError;
use crate::state::{AppState, entry};
use kuni::library::Listing;
use kuni::search::SearchResults;
use kuni::view::ReportView;

/// Every report of the open library with its check counts, and the files that could not be read.
#[tauri::command(async)]
pub fn list_reports(state: tauri::State<'_, AppState>) -> Result<Listing, CommandError> {
    Ok(state.open_library()?.listing())
}

/// One report for the reading view, addressed by id (never by a path from the UI).
#[tauri::command(async)]
pub fn get_report(id: String, state: tauri::State<'_, AppState>) -> Result<ReportView, CommandError> {
    let library = state.open_library()?;
    let entry = entry(&library, &id)?;
    kuni::view::report_view(entry).ok_or_else(|| {
        kuni::Error::ReportInvalid {
            id: id.clone(),
            first: entry
                .problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default(),
        }
        .into()
    })
}

/// Full-text search; waits for the index the app opens at start.
#[tauri::command(async)]
pub fn search(
    query: String,
    limit: Option<usize>,
    state: tauri::State<'_, AppState>,
) -> Result<SearchResults, CommandError> {
    let limit = limit.unwrap_or(20).clamp(1, 100);
    state
        .index
        .with(|index| index.search(&query, limit))
        .map_err(|message| CommandError::new("index", message))
}

/// The comparison matrix of the given reports (by id), in that order.
#[tauri::command(async)]
pub fn compare(
    ids: Vec<String>,
    state: tauri::State<'_, AppState>,
) -> Result<kuni::compare::Matrix, CommandError> {
    if ids.len() > 60 {
        return Err(CommandError::new(
            "invalid-argument",
            "compare at most 60 reports at once",
        ));
    }
    let library = state.open_library()?;
    let reports = ids
        .iter()
        .map(|id| library.report(id))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(kuni::compare::matrix(&reports))
}
