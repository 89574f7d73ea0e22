//! `kuni init-git`: makes a library a Git repository (unless it is in one) and writes the
//! `.gitignore` and `.gitattributes` a Kuni library wants, adding only the lines missing.

use super::detect::detect;
use super::err;
use super::run::command;
use crate::error::{Error, Result};
use crate::save::write_atomic;
use std::path::{Path, PathBuf};

/// `.gitignore`: deliverable PDFs are build outputs (made again from `.history` by
/// `kuni deliver`); the manifest stays, as the record of what was delivered.
pub const GITIGNORE: &str = "\
# Kuni: the PDFs in .deliverables are build outputs, made again from .history with
# `kuni deliver`; manifest.json stays in the repository as the record of what was
# delivered. Delete the next line to keep the PDFs in the repository as well.
/.deliverables/*.pdf
# Temporary files of Kuni's atomic saves and unfinished publications
.*.kuni-*.tmp
/.history/*/.*.pending
";

/// `.gitattributes`: reports and the manifest are text with LF endings (diffable, mergeable);
/// PDFs are binary (never merged, never converted).
pub const GITATTRIBUTES: &str = "\
# Kuni: reports and manifests are text; PDFs are binary.
*.md text eol=lf
*.json text eol=lf
*.pdf binary
";

/// What `kuni init-git` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initialised {
    /// A new repository was made (the library was not in one).
    pub created: bool,
    /// The files written or extended.
    pub wrote: Vec<PathBuf>,
}

/// Makes the library at `root` ready for Git (see the module documentation).
pub fn init(root: &Path) -> Result<Initialised> {
    if !root.is_dir() {
        return Err(Error::LibraryNotFound(root.to_path_buf()));
    }
    let created = detect(root).is_none();
    if created {
        let out = command(root)
            .args(["init", "-q"])
            .output()
            .map_err(|e| err("git-missing", format!("cannot run git: {e}")))?;
        if !out.status.success() {
            return Err(err(
                "git-failed",
                format!("git init failed: {}", String::from_utf8_lossy(&out.stderr).trim()),
            ));
        }
    }
    let mut wrote = Vec::new();
    for (name, wanted) in [(".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)] {
        let path = root.join(name);
        if extend(&path, wanted)? {
            wrote.push(path);
        }
    }
    Ok(Initialised { created, wrote })
}

/// Adds to `path` the lines of `wanted` it lacks (comments only with their rule); whether
/// the file changed.
fn extend(path: &Path, wanted: &str) -> Result<bool> {
    let current = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io("reading", path)(e)),
    };
    let have: Vec<&str> = current.lines().map(str::trim).collect();
    let missing = wanted
        .lines()
        .any(|l| !l.starts_with('#') && !have.contains(&l.trim()));
    if !missing {
        return Ok(false);
    }
    let mut text = current.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.is_empty() {
        text.push('\n');
    }
    let mut comments = String::new();
    for l in wanted.lines() {
        if l.starts_with('#') {
            comments.push_str(l);
            comments.push('\n');
        } else if !have.contains(&l.trim()) {
            text.push_str(&comments);
            comments.clear();
            text.push_str(l);
            text.push('\n');
        } else {
            comments.clear();
        }
    }
    write_atomic(path, text.as_bytes())?;
    Ok(true)
}
