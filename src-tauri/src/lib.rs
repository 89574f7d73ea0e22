//! Kuni's desktop shell: window, state and thin commands over the `kuni` engine.

mod commands;
mod error;

use std::path::PathBuf;
use std::sync::Mutex;

/// The library folder the window shows.
pub struct AppState {
    library: Mutex<PathBuf>,
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
    let state = AppState {
        library: Mutex::new(library),
    };
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![commands::list_reports])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("kuni-desktop: could not start: {e}");
        std::process::exit(1);
    }
}
