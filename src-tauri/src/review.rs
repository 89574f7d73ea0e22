//! The yearly update from the app: each report's progress for the overview, a report's items
//! with their sources' states, marking, and the source check (the one command of the app that
//! goes online, and only after the user confirmed the hosts). Each is one engine call.

use crate::error::CommandError;
use crate::state::{AppState, entry};
use kuni::publish::diff::Span;
use kuni::review::{self, Item, Mark, Progress};
use kuni::sources::{self, ReportSources, Store};

/// Every readable report's progress in its cycle (the overview's cards).
#[tauri::command(async)]
pub fn review_progress(state: tauri::State<'_, AppState>) -> Result<Vec<Progress>, CommandError> {
    let root = state.library_root()?;
    let library = state.open_library()?;
    let store = Store::of(&root);
    Ok(library
        .reports()
        .filter_map(|r| review::progress(r, &store).ok())
        .collect())
}

/// One report's update view: its progress, its items in working order and its sources.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReviewView {
    /// The progress.
    #[cfg_attr(test, ts(type = "ReviewProgress"))]
    pub progress: Progress,
    /// The items, changed or gone sources first.
    #[cfg_attr(test, ts(type = "ReviewItem[]"))]
    pub items: Vec<Item>,
    /// The sources and the fields citing them.
    #[cfg_attr(test, ts(type = "ReportSources"))]
    pub sources: ReportSources,
    /// The hosts a source check would contact, for the confirmation.
    pub hosts: Vec<String>,
    /// Milliseconds between two requests to one host (the settings' wait, at least 1000).
    pub delay_ms: u32,
}

/// The view of `r`; `outcomes`, when a check just ran, say what it found (a first snapshot
/// reads as such, not as unchanged).
fn view(
    root: &std::path::Path,
    r: &kuni::Report,
    outcomes: &[sources::Outcome],
) -> Result<ReviewView, CommandError> {
    let store = Store::of(root);
    let sheet = review::load(&r.path)?;
    let mut hosts: Vec<String> = r
        .meta
        .sources
        .iter()
        .filter_map(|s| kuni::net::host_of(&s.url))
        .collect();
    hosts.sort();
    hosts.dedup();
    Ok(ReviewView {
        progress: review::progress(r, &store)?,
        items: review::items(r, &sheet, &store),
        sources: sources::report_status(r, outcomes, &store),
        hosts,
        delay_ms: u32::try_from(
            kuni::settings::Settings::load()
                .0
                .source_check(kuni::today())
                .host_delay
                .as_millis(),
        )
        .unwrap_or(u32::MAX),
    })
}

/// The update view of report `id`.
#[tauri::command(async)]
pub fn review_view(id: String, state: tauri::State<'_, AppState>) -> Result<ReviewView, CommandError> {
    let root = state.library_root()?;
    let library = state.open_library()?;
    let r = report(&library, &id)?;
    view(&root, r, &[])
}

fn report<'a>(library: &'a kuni::Library, id: &str) -> Result<&'a kuni::Report, CommandError> {
    entry(library, id)?.report.as_ref().ok_or_else(|| {
        CommandError::new(
            "report-invalid",
            format!("`{id}` has errors: open it to see them"),
        )
    })
}

/// Who marks: as given, else the author named in the settings, else the system's user name.
fn who(by: String) -> String {
    if !by.trim().is_empty() {
        return by;
    }
    kuni::settings::Settings::load()
        .0
        .author
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "unknown".into())
}

fn refuse_sample(state: &AppState) -> Result<(), CommandError> {
    if state.sample_fallback.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(CommandError::new(
            "sample-library",
            "no library was named, so the app opened the bundled sample library, and this would write into it: choose the library to work on in the settings",
        ));
    }
    Ok(())
}

/// Opens the yearly cycle on `id` and returns its update view.
#[tauri::command(async)]
pub fn review_start(
    id: String,
    by: String,
    state: tauri::State<'_, AppState>,
) -> Result<ReviewView, CommandError> {
    refuse_sample(&state)?;
    let root = state.library_root()?;
    let library = state.open_library()?;
    review::start(report(&library, &id)?, &who(by), kuni::today())?;
    // Re-read: the status is now review.
    let library = state.open_library()?;
    view(&root, report(&library, &id)?, &[])
}

/// Marks item `key` of `id` and returns the update view.
#[tauri::command(async)]
pub fn review_mark(
    id: String,
    key: String,
    mark: Mark,
    by: String,
    state: tauri::State<'_, AppState>,
) -> Result<ReviewView, CommandError> {
    refuse_sample(&state)?;
    let root = state.library_root()?;
    let library = state.open_library()?;
    let r = report(&library, &id)?;
    let at = review::now();
    review::mark(r, &Store::of(&root), &key, mark, &who(by), at)?;
    // Re-read: confirming a field dates its sources' `accessed`.
    let library = state.open_library()?;
    view(&root, report(&library, &id)?, &[])
}

/// Fetches the sources of `id` (the user confirmed the hosts) and returns the update view.
#[tauri::command(async)]
pub fn check_sources(id: String, state: tauri::State<'_, AppState>) -> Result<ReviewView, CommandError> {
    refuse_sample(&state)?;
    let root = state.library_root()?;
    let library = state.open_library()?;
    let r = report(&library, &id)?;
    let targets = sources::targets([r]);
    let options = kuni::settings::Settings::load().0.source_check(kuni::today());
    let outcomes = sources::check::check(&Store::of(&root), &targets, &options, &mut |_| {});
    view(&root, r, &outcomes)
}

/// Gives the moved sources `sources` of `id` (all moved ones when empty) the addresses they
/// moved to, and returns the update view.
#[tauri::command(async)]
pub fn relink_sources(
    id: String,
    sources: Vec<String>,
    state: tauri::State<'_, AppState>,
) -> Result<ReviewView, CommandError> {
    refuse_sample(&state)?;
    let root = state.library_root()?;
    let library = state.open_library()?;
    sources::entries::relink(report(&library, &id)?, &Store::of(&root), &sources, kuni::today())?;
    // Re-read: the addresses are new.
    let library = state.open_library()?;
    view(&root, report(&library, &id)?, &[])
}

/// The revision note the open cycle of `id` offers for its publication, if any.
#[tauri::command(async)]
pub fn review_note(id: String, state: tauri::State<'_, AppState>) -> Result<Option<String>, CommandError> {
    let root = state.library_root()?;
    let library = state.open_library()?;
    Ok(review::changelog_note(report(&library, &id)?, &Store::of(&root))?)
}

/// What changed in source `source` of `id` since it was accepted.
#[tauri::command(async)]
pub fn source_diff(
    id: String,
    source: String,
    state: tauri::State<'_, AppState>,
) -> Result<Option<Vec<Span>>, CommandError> {
    let root = state.library_root()?;
    let library = state.open_library()?;
    let r = report(&library, &id)?;
    let s =
        r.meta.sources.iter().find(|s| s.id == source).ok_or_else(|| {
            CommandError::new("invalid-argument", format!("`{id}` has no source `{source}`"))
        })?;
    Ok(sources::diff(&Store::of(&root), &s.url))
}
