//! Kuni's desktop shell: window, state and thin commands over the `kuni` engine.

mod commands;
mod error;
mod index_slot;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The library folder the window shows, and its search index once it is ready.
pub struct AppState {
    library: Mutex<PathBuf>,
    index: Arc<index_slot::IndexSlot>,
}

/// The library to open: `--library DIR` on the command line, else the engine's default.
fn library_from_args() -> PathBuf {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--library"
            && let Some(dir) = args.next()
        {
            return PathBuf::from(dir);
        }
        if let Some(dir) = arg.strip_prefix("--library=") {
            return PathBuf::from(dir);
        }
    }
    let (settings, _) = kuni::settings::Settings::load();
    kuni::settings::default_library(&settings)
}

/// Starts the app.
pub fn run() {
    let library = library_from_args();
    // Show and use an absolute path: the window is not tied to the folder it was started from.
    let library = std::fs::canonicalize(&library).unwrap_or(library);
    let index = Arc::new(index_slot::IndexSlot::default());
    open_index_in_background(library.clone(), Arc::clone(&index));
    let state = AppState {
        library: Mutex::new(library),
        index,
    };
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::list_reports,
            commands::get_report,
            commands::search,
            commands::compare
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("kuni-desktop: could not start: {e}");
        std::process::exit(1);
    }
}

/// Opens (and if needed builds or refreshes) the library's search index off the UI thread;
/// searches wait for it.
fn open_index_in_background(library: PathBuf, slot: Arc<index_slot::IndexSlot>) {
    std::thread::spawn(move || {
        let result = (|| {
            let lib = kuni::Library::open(&library, kuni::today()).map_err(|e| e.to_string())?;
            let (morph, warning) = kuni::search::load_morphology();
            if let Some(w) = warning {
                eprintln!("kuni-desktop: {w}");
            }
            let mut index = kuni::search::SearchIndex::open(&library, &kuni::search::cache_root(), morph)
                .map_err(|e| e.to_string())?;
            index
                .refresh(&lib, &|_| {}, &std::sync::atomic::AtomicBool::new(false))
                .map_err(|e| e.to_string())?;
            Ok(index)
        })();
        slot.set(result);
    });
}
