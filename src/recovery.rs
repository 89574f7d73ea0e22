//! Recovery copies: the editor's unsaved text, kept outside the library so a crash or a
//! power cut loses at most a few seconds of typing. The next start offers them back.

use crate::error::{Error, Result};
use crate::save::{sha256_hex, write_atomic};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One unsaved text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Recovery {
    /// The library folder (canonical) the report belongs to.
    pub library: PathBuf,
    /// Report id.
    pub id: String,
    /// The version of the file the edits started from ([`sha256_hex`] of its bytes).
    pub base_version: String,
    /// The unsaved text.
    pub text: String,
    /// When the copy was written (RFC 3339).
    pub written: String,
}

/// Where recovery copies live: a `recovery` folder in the config folder.
pub fn folder(config_dir: &Path) -> PathBuf {
    config_dir.join("recovery")
}

fn file(config_dir: &Path, library: &Path, id: &str) -> PathBuf {
    // The library path is hashed so copies of reports with the same id in different
    // libraries do not collide, and the id is kept readable for someone looking by hand.
    let key = &sha256_hex(library.to_string_lossy().as_bytes())[..12];
    folder(config_dir).join(format!("{key}-{id}.json"))
}

/// Writes (or replaces) the recovery copy of `id`.
pub fn store(config_dir: &Path, library: &Path, id: &str, base_version: &str, text: &str) -> Result<()> {
    let dir = folder(config_dir);
    std::fs::create_dir_all(&dir).map_err(Error::io("creating", &dir))?;
    let copy = Recovery {
        library: library.to_path_buf(),
        id: id.to_string(),
        base_version: base_version.to_string(),
        text: text.to_string(),
        written: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    let bytes = serde_json::to_vec(&copy).unwrap_or_default();
    write_atomic(&file(config_dir, library, id), &bytes)
}

/// Removes the recovery copy of `id` (after a save, or when the user discards it).
pub fn discard(config_dir: &Path, library: &Path, id: &str) -> Result<()> {
    let path = file(config_dir, library, id);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io("removing", &path)(e)),
        _ => Ok(()),
    }
}

/// The recovery copies for `library`, oldest first. Unreadable copies are skipped (they are
/// never deleted here: a person may still want them).
pub fn list(config_dir: &Path, library: &Path) -> Vec<Recovery> {
    let Ok(dir) = std::fs::read_dir(folder(config_dir)) else {
        return Vec::new();
    };
    let mut out: Vec<Recovery> = dir
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter_map(|b| serde_json::from_slice::<Recovery>(&b).ok())
        .filter(|r| r.library == library)
        .collect();
    out.sort_by(|a, b| a.written.cmp(&b.written).then_with(|| a.id.cmp(&b.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_list_and_discard() {
        let config = tempfile::tempdir().expect("tempdir");
        let lib = Path::new("/library/one");
        store(config.path(), lib, "vn.ja", "abc", "未保存の本文").expect("store");
        store(config.path(), Path::new("/library/two"), "vn.ja", "abc", "other").expect("store");
        let copies = list(config.path(), lib);
        assert_eq!(copies.len(), 1);
        assert_eq!(copies[0].text, "未保存の本文");
        assert_eq!(copies[0].base_version, "abc");
        store(config.path(), lib, "vn.ja", "abc", "更新").expect("replace");
        assert_eq!(list(config.path(), lib)[0].text, "更新");
        discard(config.path(), lib, "vn.ja").expect("discard");
        assert!(list(config.path(), lib).is_empty());
        discard(config.path(), lib, "vn.ja").expect("discarding twice is fine");
    }
}
