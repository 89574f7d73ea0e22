//! `manifest.json`: what a delivery folder holds, so the receiver (or `kuni verify`) can prove
//! every file arrived whole.
//!
//! The manifest lists each deliverable by its path relative to the folder, with its SHA-256,
//! size, report, version, date and the Kuni version that made it. Files are kept sorted by
//! path, so the same folder always gives the same manifest bytes.

use crate::error::{Error, Result};
use crate::save::{sha256_hex, write_atomic};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};

/// The manifest's file name inside a delivery folder.
pub const MANIFEST_NAME: &str = "manifest.json";

/// The manifest format this Kuni writes.
pub const FORMAT: u32 = 1;

/// The version of Kuni writing deliverables.
pub const KUNI_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One delivered file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ManifestFile {
    /// Path relative to the folder, `/`-separated.
    pub path: String,
    /// Lowercase hex SHA-256 of the file.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The report it was made from (none for the index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    /// The report's version (none for the index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The publication date of that version (the delivery date for the index).
    pub date: NaiveDate,
    /// The Kuni version that made the file.
    pub kuni: String,
}

impl ManifestFile {
    /// The entry for `bytes` delivered as `path`.
    pub fn new(path: &str, bytes: &[u8], report: Option<(&str, u32)>, date: NaiveDate) -> Self {
        ManifestFile {
            path: path.to_string(),
            sha256: sha256_hex(bytes),
            size: bytes.len() as u64,
            report: report.map(|(id, _)| id.to_string()),
            version: report.map(|(_, v)| v),
            date,
            kuni: KUNI_VERSION.to_string(),
        }
    }
}

/// A delivery folder's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The manifest format (1).
    pub format: u32,
    /// Every deliverable, sorted by path.
    pub files: Vec<ManifestFile>,
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            format: FORMAT,
            files: Vec::new(),
        }
    }
}

impl Manifest {
    /// Reads `dir/manifest.json`; `None` when there is none.
    pub fn read(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(MANIFEST_NAME);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io("reading", path)(e)),
        };
        let m: Manifest = serde_json::from_slice(&bytes).map_err(|e| Error::Manifest {
            path: path.clone(),
            message: format!("not a Kuni manifest: {e}"),
        })?;
        if m.format != FORMAT {
            return Err(Error::Manifest {
                path,
                message: format!(
                    "format {} is not one this Kuni reads (it reads {FORMAT})",
                    m.format
                ),
            });
        }
        Ok(Some(m))
    }

    /// Adds `file`, replacing an entry with the same path.
    pub fn upsert(&mut self, file: ManifestFile) {
        self.files.retain(|f| f.path != file.path);
        self.files.push(file);
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
    }

    /// The manifest as pretty JSON with a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut m = self.clone();
        m.files.sort_by(|a, b| a.path.cmp(&b.path));
        // A struct of strings and numbers always serialises.
        let mut out = serde_json::to_vec_pretty(&m).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Writes `dir/manifest.json` atomically.
    pub fn write(&self, dir: &Path) -> Result<()> {
        write_atomic(&dir.join(MANIFEST_NAME), &self.to_bytes())
    }
}

/// What is wrong with one file of a delivered folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum VerifyKind {
    /// Listed but not there.
    Missing,
    /// There, but its bytes differ from the manifest's SHA-256 or size.
    Changed,
    /// There but not listed.
    Extra,
    /// The manifest names a path outside the folder (or an absolute one); not opened.
    UnsafePath,
}

/// One finding of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct VerifyProblem {
    /// The file, relative to the folder.
    pub path: String,
    /// What is wrong.
    pub kind: VerifyKind,
    /// The same in plain words.
    pub message: String,
}

/// The result of checking a folder against its manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Verification {
    /// The folder.
    pub dir: PathBuf,
    /// Files listed in the manifest.
    pub listed: usize,
    /// Listed files present with the right bytes.
    pub ok: usize,
    /// Everything wrong, sorted by path.
    pub problems: Vec<VerifyProblem>,
}

/// A manifest path is a plain relative path inside the folder.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let plain =
        !path.is_empty() && !path.contains('\\') && p.components().all(|c| matches!(c, Component::Normal(_)));
    plain.then(|| p.to_path_buf())
}

/// Re-checks `dir` against its `manifest.json`: every listed file must be there with the
/// listed size and SHA-256, and nothing else may be there. An error only when the manifest
/// itself is missing or unreadable; findings about files are in the result.
pub fn verify(dir: &Path) -> Result<Verification> {
    let manifest = Manifest::read(dir)?.ok_or_else(|| Error::Manifest {
        path: dir.join(MANIFEST_NAME),
        message: "there is no manifest.json in this folder, so there is nothing to verify against".into(),
    })?;
    let mut problems = Vec::new();
    let mut ok = 0;
    let mut listed = std::collections::BTreeSet::new();
    for f in &manifest.files {
        let Some(rel) = safe_relative(&f.path) else {
            problems.push(VerifyProblem {
                path: f.path.clone(),
                kind: VerifyKind::UnsafePath,
                message: "the manifest names a path outside the folder; not checked".into(),
            });
            continue;
        };
        listed.insert(rel.clone());
        let bytes = match std::fs::read(dir.join(&rel)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                problems.push(VerifyProblem {
                    path: f.path.clone(),
                    kind: VerifyKind::Missing,
                    message: "listed in the manifest but missing".into(),
                });
                continue;
            }
            Err(e) => return Err(Error::io("reading", dir.join(&rel))(e)),
        };
        let sha = sha256_hex(&bytes);
        if sha != f.sha256 || bytes.len() as u64 != f.size {
            problems.push(VerifyProblem {
                path: f.path.clone(),
                kind: VerifyKind::Changed,
                message: format!(
                    "changed since delivery: {} bytes with SHA-256 {sha}, the manifest says {} bytes with SHA-256 {}",
                    bytes.len(),
                    f.size,
                    f.sha256
                ),
            });
        } else {
            ok += 1;
        }
    }
    let mut present = Vec::new();
    walk(dir, Path::new(""), 0, &mut present)?;
    for rel in present {
        if rel == Path::new(MANIFEST_NAME)
            || rel == Path::new(crate::sign::MANIFEST_SIGNATURE_NAME)
            || listed.contains(&rel)
        {
            continue;
        }
        problems.push(VerifyProblem {
            path: rel.to_string_lossy().replace('\\', "/"),
            kind: VerifyKind::Extra,
            message: "not listed in the manifest".into(),
        });
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Verification {
        dir: dir.to_path_buf(),
        listed: manifest.files.len(),
        ok,
        problems,
    })
}

/// Every file below `dir` (relative to it), not following links out.
fn walk(root: &Path, rel: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<()> {
    let here = root.join(rel);
    let listing = std::fs::read_dir(&here).map_err(Error::io("listing", &here))?;
    for item in listing {
        let item = item.map_err(Error::io("listing", &here))?;
        let path = rel.join(item.file_name());
        let kind = item.file_type().map_err(Error::io("listing", item.path()))?;
        if kind.is_dir() && depth < 16 {
            walk(root, &path, depth + 1, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}
