//! Watches the open library for files changed by other programs: re-indexes them and tells
//! the window, which reloads what is open or, with unsaved edits, asks the user.

use crate::state::AppState;
use std::time::Duration;
use tauri::{Emitter, Manager};

/// How often the folder is scanned. A second is quick enough to feel immediate and costs
/// a few hundred `stat` calls.
const INTERVAL: Duration = Duration::from_millis(1000);

/// Starts the watching thread for the app's lifetime.
pub fn start(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let Ok(mut root) = state.library_root() else {
            return;
        };
        let mut watcher = kuni::watch::Watcher::new(&root);
        loop {
            std::thread::sleep(INTERVAL);
            let Ok(current) = state.library_root() else {
                continue;
            };
            if current != root {
                // Another library was opened in the settings: start over from its files.
                root = current;
                watcher = kuni::watch::Watcher::new(&root);
                continue;
            }
            let changes = watcher.poll();
            if changes.is_empty() {
                continue;
            }
            crate::editing::reindex_changes(&state, &root, &changes);
            if let Err(e) = app.emit("library-changed", &changes) {
                eprintln!("kuni-desktop: cannot notify the window: {e}");
            }
        }
    });
}
