//! What the window's commands share: the open library, its index, and running work.

use crate::error::CommandError;
use crate::index_slot::IndexSlot;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

/// The library folder the window shows, and its search index once it is ready.
pub struct AppState {
    /// The open library folder (absolute).
    pub library: Mutex<PathBuf>,
    /// True while that folder is the bundled sample library, opened because nobody named one
    /// (`kuni::settings::DefaultLibrary::is_bundled_fallback`): the app then refuses what the
    /// CLI refuses there (Sync), so neither writes into the reports that ship with Kuni.
    pub sample_fallback: AtomicBool,
    /// Its search index.
    pub index: Arc<IndexSlot>,
    /// Set to stop the indexing under way (when another library is opened).
    pub index_cancel: Mutex<Arc<AtomicBool>>,
    /// Set to stop the running export.
    pub export_cancel: Arc<AtomicBool>,
    /// True while an export runs (one at a time).
    pub exporting: AtomicBool,
}

impl AppState {
    /// The open library folder.
    pub fn library_root(&self) -> Result<PathBuf, CommandError> {
        self.library
            .lock()
            .map(|p| p.clone())
            .map_err(|_| CommandError::new("internal", "the library state is unavailable"))
    }

    /// Reads the open library.
    pub fn open_library(&self) -> Result<kuni::Library, CommandError> {
        Ok(kuni::Library::open(&self.library_root()?, kuni::today())?)
    }
}

/// Refuses anything but a plain report id: the UI addresses reports by id, never by path.
pub fn check_id(id: &str) -> Result<(), CommandError> {
    let plain = !id.is_empty()
        && id.len() <= 200
        && !id.starts_with('.')
        && !id.contains(['/', '\\', '\0'])
        && !id.contains("..");
    if plain {
        Ok(())
    } else {
        Err(CommandError::new(
            "invalid-argument",
            format!("`{id}` is not a report id"),
        ))
    }
}

/// The library entry with exactly this id.
pub fn entry<'a>(library: &'a kuni::Library, id: &str) -> Result<&'a kuni::Entry, CommandError> {
    check_id(id)?;
    library
        .find(id)
        .filter(|e| e.id == id)
        .ok_or_else(|| kuni::Error::ReportNotFound(id.to_string()).into())
}

/// The user's config folder, where settings and recovery copies live.
pub fn config_dir() -> Result<PathBuf, CommandError> {
    kuni::settings::config_dir()
        .ok_or_else(|| CommandError::new("io", "no config folder: set $HOME or $KUNI_CONFIG_DIR"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_ids_pass() {
        for ok in ["vn.ja", "ke.en", "ベトナム"] {
            assert!(check_id(ok).is_ok(), "{ok}");
        }
        for bad in ["", "../etc/passwd", "a/b", ".history", "a\\b", "x..y", "nul\0"] {
            assert_eq!(
                check_id(bad).map_err(|e| e.code),
                Err("invalid-argument"),
                "{bad:?}"
            );
        }
    }
}
