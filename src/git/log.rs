//! Who made each version of a report and each change between versions, read from Git: the
//! version tags' taggers and the commits that touched the report's file.

use super::detect::detect;
use super::run::Repo;
use crate::error::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One commit that changed the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Change {
    /// The short commit id.
    pub commit: String,
    /// Its author's name.
    pub author: String,
    /// Its date (YYYY-MM-DD).
    pub date: String,
    /// Its message's first line.
    pub subject: String,
}

/// Who published one version, and the changes that went into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct VersionLog {
    /// The version.
    pub version: u32,
    /// Who tagged it (published it).
    pub by: String,
    /// When (YYYY-MM-DD).
    pub date: String,
    /// The commits since the previous version, newest first (the publish commit excluded).
    pub changes: Vec<Change>,
}

/// A report's history as Git knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReportLog {
    /// Changes since the last version, newest first (saved and synced, not yet published).
    pub unpublished: Vec<Change>,
    /// Published versions, newest first.
    pub versions: Vec<VersionLog>,
}

/// The Git history of report `id` (file `path`) of the library at `root`; `None` when the
/// library is not kept in Git.
pub fn report_log(root: &Path, id: &str, path: &Path) -> Result<Option<ReportLog>> {
    let Some(repo) = detect(root) else {
        return Ok(None);
    };
    if repo.rev("HEAD")?.is_none() {
        return Ok(Some(ReportLog::default()));
    }
    let taggers = taggers(&repo, id)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = repo.path_of(&name);
    let out = repo.git(&[
        "log",
        "--date=short",
        "--format=%h%x09%an%x09%ad%x09%D%x09%s",
        &format!("--decorate-refs=refs/tags/{id}/v*"),
        "HEAD",
        "--",
        &file,
    ])?;
    let mut log = ReportLog::default();
    for line in out.lines() {
        let f: Vec<&str> = line.splitn(5, '\t').collect();
        let [commit, author, date, refs, subject] = f.as_slice() else {
            continue;
        };
        let version = refs
            .split(", ")
            .filter_map(|r| r.strip_prefix("tag: "))
            .filter_map(|t| super::version_tags::version_tag(t).filter(|(i, _)| *i == id))
            .map(|(_, v)| v)
            .max();
        if let Some(v) = version {
            let (by, when) = taggers
                .get(&v)
                .cloned()
                .unwrap_or_else(|| ((*author).to_string(), (*date).to_string()));
            log.versions.push(VersionLog {
                version: v,
                by,
                date: when,
                changes: Vec::new(),
            });
            continue;
        }
        let change = Change {
            commit: (*commit).to_string(),
            author: (*author).to_string(),
            date: (*date).to_string(),
            subject: (*subject).to_string(),
        };
        match log.versions.last_mut() {
            Some(v) => v.changes.push(change),
            None => log.unpublished.push(change),
        }
    }
    Ok(Some(log))
}

/// Version → (tagger, date) of `id`'s version tags.
fn taggers(repo: &Repo, id: &str) -> Result<BTreeMap<u32, (String, String)>> {
    let out = repo.git(&[
        "for-each-ref",
        "--format=%(refname:strip=2)\t%(taggername)\t%(taggerdate:short)",
        &format!("refs/tags/{id}/"),
    ])?;
    Ok(out
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (_, v) = super::version_tags::version_tag(f.next()?)?;
            Some((v, (f.next()?.to_string(), f.next()?.to_string())))
        })
        .collect())
}
