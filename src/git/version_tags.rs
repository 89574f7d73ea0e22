//! Version tags shared through the remote: the remote's tags kept under Kuni's own namespace,
//! adopted where they agree with ours, reported as collisions where the same version was
//! published twice, and created for the versions this library published (a colliding one is
//! withdrawn by the sync, `sync.rs`). Below `sync.rs` and `publish.rs`.

use super::run::Repo;
use crate::error::Result;
use crate::publish::history::HISTORY_DIR;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A version published both here and on the remote, differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Collision {
    /// The tag, `<id>/v<N>`.
    pub tag: String,
    /// Who published the remote's, and when.
    pub remote_by: String,
}

pub(super) fn remote_tags_ns(remote: &str) -> String {
    format!("refs/kuni/{remote}/tags/")
}

/// Whether a tag name is a Kuni version tag, `<id>/v<N>`.
pub(crate) fn version_tag(name: &str) -> Option<(&str, u32)> {
    let (id, v) = name.rsplit_once("/v")?;
    let n: u32 = v.parse().ok()?;
    (!id.is_empty() && v == n.to_string()).then_some((id, n))
}

/// Copies the remote's version tags this clone lacks into `refs/tags/` (never replacing one).
pub(super) fn adopt_remote_tags(repo: &Repo, remote: &str) -> Result<()> {
    let ns = remote_tags_ns(remote);
    let local = tags(repo, "refs/tags/")?;
    for name in tags(repo, &ns)?.keys() {
        if version_tag(name).is_some() && !local.contains_key(name) {
            let obj = repo.git(&["rev-parse", &format!("{ns}{name}")])?;
            repo.git(&["update-ref", &format!("refs/tags/{name}"), obj.trim(), ""])?;
        }
    }
    Ok(())
}

/// Version tags here that the remote has on another commit.
pub(super) fn collisions(repo: &Repo, remote: &str) -> Result<Vec<Collision>> {
    let ns = remote_tags_ns(remote);
    let theirs = tags(repo, &ns)?;
    let mut out = Vec::new();
    for (name, commit) in tags(repo, "refs/tags/")? {
        if let Some(other) = theirs.get(&name)
            && *other != commit
            && version_tag(&name).is_some()
        {
            let by = repo.git(&[
                "for-each-ref",
                "--format=%(taggername) %(taggeremail) on %(taggerdate:short)",
                &format!("{ns}{name}"),
            ])?;
            out.push(Collision {
                tag: name,
                remote_by: by.trim().to_string(),
            });
        }
    }
    Ok(out)
}

/// Tags, at the commit that added it, every published snapshot in HEAD that has no tag here
/// or on the remote: a publish killed between its commit and its tag, or history kept before
/// the library was in Git.
pub(super) fn ensure_tags(repo: &Repo, remote: Option<&str>) -> Result<Vec<String>> {
    if repo.rev("HEAD")?.is_none() {
        return Ok(Vec::new());
    }
    let local = tags(repo, "refs/tags/")?;
    let theirs = match remote {
        Some(r) => tags(repo, &remote_tags_ns(r))?,
        None => BTreeMap::new(),
    };
    let history = repo.path_of(HISTORY_DIR);
    let listing = repo.git(&["ls-tree", "-r", "-z", "--name-only", "HEAD", "--", &history])?;
    let mut made = Vec::new();
    for path in listing.split('\0').filter(|p| !p.is_empty()) {
        let Some(rest) = path.strip_prefix(&format!("{history}/")) else {
            continue;
        };
        let Some((id, file)) = rest.split_once('/') else {
            continue;
        };
        let Some(v) = file.strip_suffix(".md").and_then(|f| f.strip_prefix('v')) else {
            continue;
        };
        let name = format!("{id}/v{v}");
        if version_tag(&name).is_none() || local.contains_key(&name) || theirs.contains_key(&name) {
            continue;
        }
        let commit = repo.git(&["log", "-1", "--format=%H", "--diff-filter=A", "HEAD", "--", path])?;
        let commit = commit.trim();
        if commit.is_empty() {
            continue;
        }
        let text = repo.git(&["show", &format!("{commit}:{path}")])?;
        let note = note_of(&text, v.parse().unwrap_or(0));
        tag(repo, &name, commit, &note)?;
        made.push(name);
    }
    Ok(made)
}

/// Makes the annotated tag `name` at `commit` with the revision note (never replacing one).
pub(crate) fn tag(repo: &Repo, name: &str, commit: &str, note: &str) -> Result<()> {
    let (id, v) = version_tag(name).unwrap_or((name, 0));
    let msg = if note.is_empty() {
        format!("{id} v{v}")
    } else {
        format!("{id} v{v}\n\n{note}")
    };
    repo.git(&["tag", "-a", "-m", &msg, name, commit]).map(|_| ())
}

/// The revision note of `version` in a report's text (its changelog), "" when it has none.
pub(crate) fn note_of(text: &str, version: u32) -> String {
    crate::report::Report::parse(Path::new("snapshot.md"), text.as_bytes(), crate::today())
        .report
        .and_then(|r| r.meta.changelog.into_iter().find(|c| c.version == version))
        .map(|c| c.note)
        .unwrap_or_default()
}

/// Tags under `namespace` (`refs/tags/`…) by name, with the commit each points to.
pub(crate) fn tags(repo: &Repo, namespace: &str) -> Result<BTreeMap<String, String>> {
    let out = repo.git(&[
        "for-each-ref",
        "--format=%(refname)\t%(objectname)\t%(*objectname)",
        namespace,
    ])?;
    Ok(out
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let name = f.next()?.strip_prefix(namespace)?.to_string();
            let obj = f.next()?;
            let peeled = f.next().filter(|p| !p.is_empty()).unwrap_or(obj);
            Some((name, peeled.to_string()))
        })
        .collect())
}
