//! Publishing from the app: the diff before publishing, publish itself, the history view
//! (open or compare any two versions), and the hand-over set and website. Each command calls
//! one engine function of `kuni::publish` or `kuni::site`.

use crate::error::CommandError;
use crate::state::{AppState, check_id};
use kuni::publish::{Delivery, Diff, History, Progress, Published, Version};
use kuni::site::SiteSummary;
use kuni::view::Preview;
use std::sync::atomic::Ordering;
use tauri::ipc::Channel;

/// `v3` → a published version, `draft` → the working file.
fn parse_version(s: &str) -> Result<Version, CommandError> {
    if s == "draft" {
        return Ok(Version::Draft);
    }
    s.strip_prefix('v')
        .and_then(|n| n.parse().ok())
        .map(Version::Published)
        .ok_or_else(|| {
            CommandError::new(
                "invalid-argument",
                format!("`{s}` is not a version (v1, v2, …, or draft)"),
            )
        })
}

/// What changed in `id` between two versions: by default the last published one and the
/// working file (what a publish would release).
#[tauri::command(async)]
pub fn diff_versions(
    id: String,
    from: Option<String>,
    to: Option<String>,
    state: tauri::State<'_, AppState>,
) -> Result<Diff, CommandError> {
    check_id(&id)?;
    let from = from.as_deref().map(parse_version).transpose()?;
    let to = to.as_deref().map(parse_version).transpose()?;
    Ok(kuni::publish::diff(&state.open_library()?, &id, from, to)?)
}

/// The published versions of `id`, with dates and notes, and the working file's state.
#[tauri::command(async)]
pub fn report_history(id: String, state: tauri::State<'_, AppState>) -> Result<History, CommandError> {
    check_id(&id)?;
    Ok(kuni::publish::history(&state.open_library()?, &id)?)
}

/// A published version of `id`, rendered like the preview.
#[tauri::command(async)]
pub fn open_version(
    id: String,
    version: u32,
    state: tauri::State<'_, AppState>,
) -> Result<Preview, CommandError> {
    check_id(&id)?;
    let root = state.library_root()?;
    let text = kuni::publish::history::read_snapshot(&root, &id, version)?;
    let path = root.join(format!("{id}.md"));
    Ok(kuni::view::preview(&path, &text, kuni::today()))
}

/// Publishes `id` with the revision note: version, changelog, snapshot, PDF and manifest,
/// all or nothing. The deliverables go to the library's `.deliverables` folder.
#[tauri::command(async)]
pub fn publish_report(
    id: String,
    note: String,
    events: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<Published, CommandError> {
    check_id(&id)?;
    if note.trim().is_empty() {
        return Err(CommandError::new(
            "invalid-argument",
            "a revision note is needed (it goes into the changelog)",
        ));
    }
    let root = state.library_root()?;
    let opts = kuni::publish::PublishOptions {
        note: note.trim().to_string(),
        export: kuni::settings::Settings::load().0.export_options(),
        ..Default::default()
    };
    let send = |p: &Progress| {
        let _ = events.send(p.clone());
    };
    // In a library kept in Git this also refuses a version the remote already has, and
    // commits and tags the new one.
    let (published, _git) = kuni::git::publish::publish(&root, &id, &opts, &send, &state.export_cancel)?;
    crate::editing::reindex(&state, &root);
    Ok(published)
}

/// Runs `work` as the one long job of the window (export, delivery and site share the cancel flag).
pub fn exclusive<T>(
    state: &AppState,
    work: impl FnOnce() -> Result<T, CommandError>,
) -> Result<T, CommandError> {
    if state.exporting.swap(true, Ordering::SeqCst) {
        return Err(CommandError::new("busy", "an export is already running"));
    }
    state.export_cancel.store(false, Ordering::SeqCst);
    let result = work();
    state.exporting.store(false, Ordering::SeqCst);
    result
}

/// The signature of the engine's library-wide jobs (delivery, site).
type LibraryJob<T> = fn(
    &kuni::Library,
    &std::path::Path,
    &kuni::pdf::ExportOptions,
    kuni::publish::OnProgress<'_>,
    &std::sync::atomic::AtomicBool,
) -> kuni::Result<T>;

/// Runs a library-wide job into `<export folder>/<folder>` with the settings' PDF options,
/// streaming its progress to the window.
fn run_library_job<T>(
    state: &AppState,
    events: &Channel<Progress>,
    folder: &str,
    job: LibraryJob<T>,
) -> Result<T, CommandError> {
    exclusive(state, || {
        let dir = crate::export::export_dir().join(folder);
        let options = kuni::settings::Settings::load().0.export_options();
        let send = |p: &Progress| {
            let _ = events.send(p.clone());
        };
        Ok(job(
            &state.open_library()?,
            &dir,
            &options,
            &send,
            &state.export_cancel,
        )?)
    })
}

/// The hand-over set of every published report (PDFs, index PDF, manifest) in
/// `<export folder>/delivery-DATE`.
#[tauri::command(async)]
pub fn deliver_all(
    events: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<Delivery, CommandError> {
    let folder = format!("delivery-{}", kuni::today());
    run_library_job(&state, &events, &folder, kuni::publish::deliver)
}

/// The static website of the published reports in `<export folder>/site`.
#[tauri::command(async)]
pub fn build_site(
    events: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<SiteSummary, CommandError> {
    run_library_job(&state, &events, "site", kuni::site::build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_v_numbers_or_draft() {
        assert_eq!(parse_version("v3").ok(), Some(Version::Published(3)));
        assert_eq!(parse_version("draft").ok(), Some(Version::Draft));
        for bad in ["3", "v", "vx", "latest", "v-1"] {
            assert_eq!(
                parse_version(bad).map_err(|e| e.code),
                Err("invalid-argument"),
                "{bad}"
            );
        }
    }
}
