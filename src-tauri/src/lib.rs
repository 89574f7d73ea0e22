//! Kuni's desktop shell: window, state and thin commands over the `kuni` engine.

mod bindings;
// The engine's helper for writing and checking generated TypeScript, shared with its tests.
#[cfg(test)]
#[path = "../../src/bindings/support.rs"]
mod binding_support;
mod charts;
mod commands;
mod editing;
mod error;
mod export;
mod index_slot;
mod jobs;
mod links;
mod publishing;
mod review;
mod settings;
mod state;
mod sync;
mod watcher;

use state::AppState;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

/// The library to open: `--library DIR` on the command line (named), else the engine's default
/// (named when it comes from `$KUNI_LIBRARY` or the settings).
fn library_from_args() -> kuni::settings::DefaultLibrary {
    let named = |dir: String| kuni::settings::DefaultLibrary {
        dir: PathBuf::from(dir),
        named: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--library"
            && let Some(dir) = args.next()
        {
            return named(dir);
        }
        if let Some(dir) = arg.strip_prefix("--library=") {
            return named(dir.to_string());
        }
    }
    let (settings, _) = kuni::settings::Settings::load();
    kuni::settings::resolve_library(&settings)
}

/// Starts the app.
pub fn run() {
    let chosen = library_from_args();
    let sample = chosen.is_bundled_fallback();
    // Show and use an absolute path: the window is not tied to the folder it was started from.
    let library = std::fs::canonicalize(&chosen.dir).unwrap_or(chosen.dir);
    let state = AppState {
        library: Mutex::new(library),
        sample_fallback: AtomicBool::new(sample),
        index: Arc::new(index_slot::IndexSlot::default()),
        index_cancel: Mutex::new(Arc::new(AtomicBool::new(false))),
        export_cancel: Arc::new(AtomicBool::new(false)),
        exporting: AtomicBool::new(false),
    };
    let result = tauri::Builder::default()
        .manage(state)
        .setup(|app| {
            tune_webview(app);
            open_index_in_background(app.handle().clone());
            watcher::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_reports,
            commands::get_report,
            commands::search,
            commands::compare,
            charts::report_summary,
            charts::chart_options,
            charts::indicator_chart,
            charts::export_chart,
            editing::get_source,
            editing::preview,
            editing::save_report,
            editing::store_recovery,
            editing::list_recovery,
            editing::discard_recovery,
            export::export_pdf,
            export::cancel_export,
            export::export_compare_csv,
            export::open_export_folder,
            links::open_external,
            publishing::diff_versions,
            publishing::report_history,
            publishing::open_version,
            publishing::publish_report,
            publishing::deliver_all,
            publishing::build_site,
            publishing::verify_delivery,
            settings::get_settings,
            settings::save_settings,
            sync::git_status,
            sync::sync_library,
            sync::report_changes,
            review::review_progress,
            review::review_view,
            review::review_start,
            review::review_mark,
            review::check_sources,
            review::source_diff,
            review::relink_sources,
            review::review_note,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("kuni-desktop: could not start: {e}");
        std::process::exit(1);
    }
}

/// Kuni shows one document at a time and never navigates: WebKit's "document viewer" cache
/// model keeps no page cache and small memory caches, which saves memory (see
/// docs/benchmarks.md) and costs nothing here.
fn tune_webview(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.with_webview(|webview| {
                if let Some(context) = webview.inner().context() {
                    context.set_cache_model(CacheModel::DocumentViewer);
                }
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

/// Where indexing is, as the window shows it.
#[derive(Debug, Clone, Copy, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IndexProgress {
    /// Reports indexed so far.
    pub done: usize,
    /// Reports to index (0 when the index was already up to date).
    pub total: usize,
    /// True once the index is ready (or failed: searches then say why).
    pub finished: bool,
}

/// Opens (and if needed builds or refreshes) the open library's search index off the UI
/// thread, streaming `index-progress` events to the window; searches wait for it. Opening
/// another library cancels an indexing still under way.
pub(crate) fn open_index_in_background(app: tauri::AppHandle) {
    use tauri::{Emitter, Manager};
    let state = app.state::<AppState>();
    let Ok(library) = state.library_root() else { return };
    let cancel = Arc::new(AtomicBool::new(false));
    if let Ok(mut current) = state.index_cancel.lock() {
        current.store(true, std::sync::atomic::Ordering::SeqCst);
        *current = Arc::clone(&cancel);
    }
    state.index.clear();
    let slot = Arc::clone(&state.index);
    let app = app.clone();
    std::thread::spawn(move || {
        let emit = |done, total, finished| {
            let _ = app.emit(
                "index-progress",
                IndexProgress {
                    done,
                    total,
                    finished,
                },
            );
        };
        let result = (|| {
            let (morph, warning) = kuni::search::load_morphology();
            if let Some(w) = warning {
                eprintln!("kuni-desktop: {w}");
            }
            let mut index = kuni::search::SearchIndex::open(&library, &kuni::search::cache_root(), morph)
                .map_err(|e| e.to_string())?;
            index
                .refresh_folder(
                    &library,
                    kuni::today(),
                    &|p| emit(p.done, p.total, false),
                    &cancel,
                )
                .map_err(|e| e.to_string())?;
            Ok(index)
        })();
        if !cancel.load(std::sync::atomic::Ordering::SeqCst) {
            slot.set(result);
            emit(0, 0, true);
        }
    });
}
