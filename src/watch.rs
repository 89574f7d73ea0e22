//! Noticing that report files changed on disk (another editor, a sync tool, `git pull`).
//!
//! A poll of the files' sizes and modification times: a library is tens to a few thousand
//! small files, so a scan costs well under a millisecond per hundred files, works on every
//! file system (network and FUSE mounts included, where inotify stays silent) and needs no
//! extra dependency.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What the last scan saw of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

/// The library's report files as last seen.
#[derive(Debug, Default)]
pub struct Watcher {
    root: PathBuf,
    seen: BTreeMap<PathBuf, Stamp>,
}

/// The report ids whose files appeared, changed or disappeared since the last scan.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Changes {
    /// Ids of new or changed files.
    pub changed: Vec<String>,
    /// Ids of removed files.
    pub removed: Vec<String>,
}

impl Changes {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

impl Watcher {
    /// Starts watching `root`, taking the files as they are now as the baseline.
    pub fn new(root: &Path) -> Watcher {
        let mut w = Watcher {
            root: root.to_path_buf(),
            seen: BTreeMap::new(),
        };
        w.seen = w.scan();
        w
    }

    fn scan(&self) -> BTreeMap<PathBuf, Stamp> {
        crate::library::report_files(&self.root)
            .into_iter()
            .filter_map(|p| {
                let meta = std::fs::metadata(&p).ok()?;
                Some((
                    p,
                    Stamp {
                        len: meta.len(),
                        modified: meta.modified().ok(),
                    },
                ))
            })
            .collect()
    }

    /// Scans again and says what changed since the previous call.
    pub fn poll(&mut self) -> Changes {
        let now = self.scan();
        let id = |p: &PathBuf| crate::report::id_from_path(p);
        let mut changes = Changes::default();
        for (path, stamp) in &now {
            if self.seen.get(path) != Some(stamp) {
                changes.changed.push(id(path));
            }
        }
        for path in self.seen.keys() {
            if !now.contains_key(path) {
                changes.removed.push(id(path));
            }
        }
        self.seen = now;
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_changed_new_and_removed_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("vn.ja.md"), "a").expect("write");
        std::fs::write(dir.path().join("th.ja.md"), "b").expect("write");
        let mut w = Watcher::new(dir.path());
        assert!(w.poll().is_empty());
        std::fs::write(dir.path().join("vn.ja.md"), "changed").expect("write");
        std::fs::write(dir.path().join("my.ja.md"), "new").expect("write");
        std::fs::remove_file(dir.path().join("th.ja.md")).expect("remove");
        std::fs::write(dir.path().join("notes.txt"), "not a report").expect("write");
        let c = w.poll();
        assert_eq!(c.changed, vec!["my.ja".to_string(), "vn.ja".to_string()]);
        assert_eq!(c.removed, vec!["th.ja".to_string()]);
        assert!(w.poll().is_empty());
    }
}
