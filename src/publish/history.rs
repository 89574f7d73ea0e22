//! The history of published versions: immutable snapshots in `<library>/.history/<id>/vN.md`.
//!
//! A snapshot is the report file exactly as it was published (front matter included), so any
//! version can be shown, compared or typeset again. Snapshots are never rewritten. A publish
//! first writes its snapshot under a pending name (`.vN.md.pending`) and renames it only after
//! the report itself was saved; [`recover`] settles a pending snapshot left by a crash: kept
//! when the report file holds exactly its text (the publish got that far), removed otherwise.

use crate::error::{Error, Result};
use crate::library::Library;
use crate::report::{Report, Status};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The history folder's name inside the library (hidden, so the library scan skips it).
pub const HISTORY_DIR: &str = ".history";

/// The folder of one report's snapshots.
pub fn dir(root: &Path, id: &str) -> PathBuf {
    root.join(HISTORY_DIR).join(id)
}

/// The snapshot file of version `version`.
pub fn snapshot_path(root: &Path, id: &str, version: u32) -> PathBuf {
    dir(root, id).join(format!("v{version}.md"))
}

/// Where a publish keeps its snapshot until the report is saved.
pub(crate) fn pending_path(root: &Path, id: &str, version: u32) -> PathBuf {
    dir(root, id).join(format!(".v{version}.md.pending"))
}

/// The version of a snapshot file name `vN.md`.
fn version_of(name: &str) -> Option<u32> {
    let n = name.strip_prefix('v')?.strip_suffix(".md")?;
    (!n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()))
        .then(|| n.parse().ok())
        .flatten()
}

/// The versions that have a snapshot, oldest first.
pub fn versions(root: &Path, id: &str) -> Result<Vec<u32>> {
    let d = dir(root, id);
    let listing = match std::fs::read_dir(&d) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("listing", &d)(e)),
    };
    let mut out = Vec::new();
    for item in listing {
        let item = item.map_err(Error::io("listing", &d))?;
        if let Some(v) = item.file_name().to_str().and_then(version_of) {
            out.push(v);
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// The text of version `version`'s snapshot.
pub fn read_snapshot(root: &Path, id: &str, version: u32) -> Result<String> {
    let path = snapshot_path(root, id, version);
    match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| Error::History {
            path,
            message: "the snapshot is not UTF-8".into(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::VersionNotFound {
            id: id.to_string(),
            version,
        }),
        Err(e) => Err(Error::io("reading", path)(e)),
    }
}

/// Reads a snapshot as a report. `report_path` is where the report lives in the library, so
/// its id and relative image paths are those of the live report.
pub fn snapshot_report(root: &Path, id: &str, version: u32, report_path: &Path) -> Result<Report> {
    let text = read_snapshot(root, id, version)?;
    let parsed = Report::parse(report_path, text.as_bytes(), crate::today());
    parsed.report.ok_or_else(|| Error::History {
        path: snapshot_path(root, id, version),
        message: format!(
            "the snapshot cannot be read as a report: {}",
            parsed
                .problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default()
        ),
    })
}

/// Settles the pending snapshots a crashed publish of `id` may have left (see the module
/// documentation). `report_path` is the report file.
pub fn recover(root: &Path, id: &str, report_path: &Path) -> Result<()> {
    let d = dir(root, id);
    crate::save::remove_stale_temporaries(&d);
    let Ok(listing) = std::fs::read_dir(&d) else {
        return Ok(());
    };
    let current = std::fs::read(report_path).unwrap_or_default();
    for item in listing.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        let Some(v) = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".pending"))
            .and_then(version_of)
        else {
            continue;
        };
        let pending = item.path();
        let target = snapshot_path(root, id, v);
        let text = std::fs::read(&pending).map_err(Error::io("reading", &pending))?;
        if text == current && !target.exists() {
            std::fs::rename(&pending, &target).map_err(Error::io("renaming", &pending))?;
        } else {
            std::fs::remove_file(&pending).map_err(Error::io("removing", &pending))?;
        }
    }
    Ok(())
}

/// One published version.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct VersionInfo {
    /// The version number.
    pub version: u32,
    /// When it was published.
    pub date: Option<NaiveDate>,
    /// The revision note.
    pub note: Option<String>,
    /// Whether `.history` holds its text (versions published before Kuni kept history only
    /// have their changelog entry).
    pub snapshot: bool,
    /// The SHA-256 of the snapshot file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// The state of the working file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DraftInfo {
    /// The front matter's version.
    pub version: u32,
    /// The front matter's status.
    pub status: Status,
    /// Whether the file differs from the last snapshot (true when there is none).
    pub changed: bool,
}

/// A report's revision history, as `kuni history` and the app's history view show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct History {
    /// The report id.
    pub id: String,
    /// The report's title.
    pub title: String,
    /// Published versions, oldest first.
    pub versions: Vec<VersionInfo>,
    /// The working file.
    pub draft: DraftInfo,
}

/// The revision history of report `key` of `library`.
pub fn history(library: &Library, key: &str) -> Result<History> {
    let report = library.report(key)?;
    let root = &library.root;
    let id = &report.id;
    recover(root, id, &report.path)?;
    let mut versions: Vec<VersionInfo> = Vec::new();
    for v in self::versions(root, id)? {
        let text = read_snapshot(root, id, v)?;
        let parsed = Report::parse(&report.path, text.as_bytes(), crate::today()).report;
        let entry = parsed
            .as_ref()
            .and_then(|r| r.meta.changelog.iter().find(|c| c.version == v));
        versions.push(VersionInfo {
            version: v,
            date: entry
                .map(|c| c.date)
                .or_else(|| parsed.as_ref().and_then(|r| r.meta.published)),
            note: entry.map(|c| c.note.clone()),
            snapshot: true,
            sha256: Some(crate::save::sha256_hex(text.as_bytes())),
        });
    }
    // Versions published before Kuni kept snapshots survive in the changelog.
    for c in &report.meta.changelog {
        if !versions.iter().any(|v| v.version == c.version) {
            versions.push(VersionInfo {
                version: c.version,
                date: Some(c.date),
                note: Some(c.note.clone()),
                snapshot: false,
                sha256: None,
            });
        }
    }
    versions.sort_by_key(|v| v.version);
    let current = std::fs::read(&report.path).map_err(Error::io("reading", &report.path))?;
    let changed = match versions.iter().rev().find(|v| v.snapshot) {
        Some(last) => last.sha256.as_deref() != Some(crate::save::sha256_hex(&current).as_str()),
        None => true,
    };
    Ok(History {
        id: id.clone(),
        title: report.meta.title.clone(),
        versions,
        draft: DraftInfo {
            version: report.meta.version,
            status: report.meta.status,
            changed,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_names() {
        assert_eq!(version_of("v3.md"), Some(3));
        assert_eq!(version_of("v12.md"), Some(12));
        for bad in ["v03.md", "v.md", "3.md", "v3.md.pending", "v3a.md"] {
            assert_eq!(version_of(bad), None, "{bad}");
        }
    }
}
