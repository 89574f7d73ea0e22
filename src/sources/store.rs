//! Snapshots of the cited pages, kept in the library's `.sources/` folder so that they sync
//! through Git with the reports and the whole team sees what changed:
//!
//! - `.sources/pages/<key>.json`: one record per address (key: the first 16 hex digits of the
//!   address's SHA-256), with the last answer, its validators and two text hashes: the text
//!   the team last accepted and the text last fetched;
//! - `.sources/text/<hash>.txt`: extracted texts, one paragraph per line, named by the hash
//!   of their comparable form, so an unchanged page is stored once however often it is
//!   checked; texts no record refers to any more are removed.
//!
//! Every file is written atomically (crate::save), so a crash mid-check leaves each record
//! either as it was or as it became.

use crate::error::{Error, Result};
use crate::net::Hop;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The folder's name inside the library.
pub const FOLDER: &str = ".sources";

/// What a record's hashes are of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Content {
    /// Extracted text (a stored `.txt`).
    #[default]
    Text,
    /// The bytes themselves (an image, a scanned PDF): hash only.
    NotText,
}

/// A failed answer that may mean the page is gone (404, 410, a "not found" page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// When.
    pub date: NaiveDate,
    /// The status (200 for a page that says it was not found).
    pub status: u16,
}

/// What is known of one cited address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Record {
    /// The address as cited.
    pub url: String,
    /// The last day the page answered with content.
    pub checked: Option<NaiveDate>,
    /// The address that answered, after redirects.
    pub final_url: Option<String>,
    /// The redirects of the last answer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<Hop>,
    /// The last answer's status.
    pub status: Option<u16>,
    /// The last answer's `Content-Type`.
    pub content_type: Option<String>,
    /// Sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// Sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// Text or hash only.
    pub content: Content,
    /// The content the team last accepted (first snapshot, or confirmed since).
    pub accepted: Option<String>,
    /// The content last fetched.
    pub latest: Option<String>,
    /// True when the last body was longer than the size limit and was cut.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
    /// True when the last snapshot was imported from a saved file, not fetched.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub imported: bool,
    /// Gone-like answers since the last good one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<Failure>,
}

impl Record {
    /// A first record for `url`.
    pub fn new(url: &str) -> Record {
        Record {
            url: url.to_string(),
            ..Record::default()
        }
    }

    /// The number of different days with a gone-like answer.
    pub fn failure_days(&self) -> usize {
        let mut days: Vec<NaiveDate> = self.failures.iter().map(|f| f.date).collect();
        days.sort();
        days.dedup();
        days.len()
    }
}

/// The `.sources/` folder of one library.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

pub use crate::save::sha256_hex as hash;

impl Store {
    /// The store of the library at `library`.
    pub fn of(library: &Path) -> Store {
        Store {
            root: library.join(FOLDER),
        }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn record_path(&self, url: &str) -> PathBuf {
        self.root
            .join("pages")
            .join(format!("{}.json", &hash(url.as_bytes())[..16]))
    }

    fn text_path(&self, content: &str) -> PathBuf {
        self.root.join("text").join(format!("{content}.txt"))
    }

    /// The record of `url`, if it was ever checked. A damaged record reads as none, with the
    /// reason, so one bad file never stops a check (the next check rewrites it).
    pub fn record(&self, url: &str) -> Result<Option<Record>, String> {
        let path = self.record_path(url);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Writes `record` atomically.
    pub fn put(&self, record: &Record) -> Result<()> {
        let path = self.record_path(&record.url);
        let mut json = serde_json::to_string_pretty(record).map_err(|e| Error::Io {
            op: "writing",
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        json.push('\n');
        write_file(&path, json.as_bytes())
    }

    /// Keeps `text` under `content` (its hash) unless it is already there.
    pub fn put_text(&self, content: &str, text: &str) -> Result<()> {
        let path = self.text_path(content);
        if path.exists() {
            return Ok(());
        }
        write_file(&path, text.as_bytes())
    }

    /// The text stored under `content`.
    pub fn text(&self, content: &str) -> Option<String> {
        std::fs::read_to_string(self.text_path(content)).ok()
    }

    /// Every record (unreadable ones left out).
    pub fn records(&self) -> Vec<Record> {
        let Ok(dir) = std::fs::read_dir(self.root.join("pages")) else {
            return Vec::new();
        };
        let mut out: Vec<Record> = dir
            .flatten()
            .filter_map(|e| std::fs::read(e.path()).ok())
            .filter_map(|b| serde_json::from_slice(&b).ok())
            .collect();
        out.sort_by(|a: &Record, b: &Record| a.url.cmp(&b.url));
        out
    }

    /// Removes texts no record refers to (an accepted or latest text replaced since).
    pub fn prune(&self) -> Result<usize> {
        let keep: std::collections::HashSet<String> = self
            .records()
            .into_iter()
            .flat_map(|r| [r.accepted, r.latest])
            .flatten()
            .collect();
        let Ok(dir) = std::fs::read_dir(self.root.join("text")) else {
            return Ok(0);
        };
        let mut removed = 0;
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if let Some(stem) = name.strip_suffix(".txt")
                && !keep.contains(stem)
            {
                std::fs::remove_file(entry.path()).map_err(|source| Error::Io {
                    op: "removing",
                    path: entry.path(),
                    source,
                })?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            op: "creating",
            path: dir.to_path_buf(),
            source,
        })?;
    }
    crate::save::write_atomic(path, bytes)
}
