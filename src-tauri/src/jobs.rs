//! What the app's long jobs share: the one-job-at-a-time guard (export, delivery and site
//! share the cancel flag) and the folder they write to. Below `export.rs`, `publishing.rs`
//! and `charts.rs`, which all use it.

use crate::error::CommandError;
use crate::state::AppState;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

/// The folder exports, deliveries and the site go to.
pub fn export_dir() -> PathBuf {
    kuni::settings::default_export_dir(&kuni::settings::Settings::load().0)
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
