//! The commands the UI may invoke. Each validates, calls one engine function, maps errors.

use crate::AppState;
use crate::error::CommandError;
use kuni::library::Listing;
use kuni::search::SearchResults;
use kuni::view::ReportView;

fn library_root(state: &AppState) -> Result<std::path::PathBuf, CommandError> {
    state.library.lock().map(|p| p.clone()).map_err(|_| CommandError {
        code: "internal",
        message: "the library state is unavailable".into(),
    })
}

/// Every report of the open library with its check counts, and the files that could not be read.
#[tauri::command(async)]
pub fn list_reports(state: tauri::State<'_, AppState>) -> Result<Listing, CommandError> {
    let library = kuni::Library::open(&library_root(&state)?, kuni::today())?;
    Ok(library.listing())
}

/// One report for the reading view, addressed by id (never by a path from the UI).
#[tauri::command(async)]
pub fn get_report(id: String, state: tauri::State<'_, AppState>) -> Result<ReportView, CommandError> {
    if id.is_empty() || id.contains(['/', '\\']) || id.starts_with('.') {
        return Err(CommandError {
            code: "invalid-argument",
            message: format!("`{id}` is not a report id"),
        });
    }
    let library = kuni::Library::open(&library_root(&state)?, kuni::today())?;
    let entry = library
        .find(&id)
        .filter(|e| e.id == id)
        .ok_or_else(|| kuni::Error::ReportNotFound(id.clone()))?;
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
        .map_err(|message| CommandError {
            code: "index",
            message,
        })
}

/// The comparison matrix of the given reports (by id), in that order.
#[tauri::command(async)]
pub fn compare(
    ids: Vec<String>,
    state: tauri::State<'_, AppState>,
) -> Result<kuni::compare::Matrix, CommandError> {
    if ids.len() > 60 {
        return Err(CommandError {
            code: "invalid-argument",
            message: "compare at most 60 reports at once".into(),
        });
    }
    let library = kuni::Library::open(&library_root(&state)?, kuni::today())?;
    let reports = ids
        .iter()
        .map(|id| library.report(id))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(kuni::compare::matrix(&reports))
}
