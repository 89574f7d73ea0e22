//! Version tags shared through the remote: the remote's tags kept under Kuni's own namespace,
//! adopted where they agree with ours, reported as collisions where the same version was
//! published twice, and created or withdrawn for the versions this library published.

use super::err;
use super::run::Repo;
use super::sync::{Collision, commit_changes};
use crate::error::Result;
use crate::publish::DELIVERABLES_DIR;
use crate::publish::history::HISTORY_DIR;
use std::collections::BTreeMap;

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
        let note = super::publish::note_of(&text, v.parse().unwrap_or(0));
        super::publish::tag(repo, &name, commit, &note)?;
        made.push(name);
    }
    Ok(made)
}

/// Withdraws a version published here while the remote got its own (see [`SyncOptions`]).
pub(super) fn withdraw(repo: &Repo, remote: &str, upstream: &str, tag: &str) -> Result<()> {
    let Some((id, version)) = version_tag(tag) else {
        return Err(err("bad-tag", format!("`{tag}` is not a version like vn.ja/v3")));
    };
    let local = tags(repo, "refs/tags/")?;
    let theirs = tags(repo, &remote_tags_ns(remote))?;
    let Some(mine) = local.get(tag) else {
        return Err(err("bad-tag", format!("there is no version {tag} here")));
    };
    if theirs.get(tag) == Some(mine) {
        return Err(err(
            "already-shared",
            format!("{tag} is already on the remote as it is here; a shared version is never withdrawn"),
        ));
    }
    if repo.succeeds(&["merge-base", "--is-ancestor", mine, upstream])? {
        return Err(err(
            "already-shared",
            format!("the commit of {tag} is already on the remote; a shared version is never withdrawn"),
        ));
    }
    repo.git(&["tag", "-d", tag])?;
    let snapshot = crate::publish::history::snapshot_path(&repo.root, id, version);
    match std::fs::remove_file(&snapshot) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(crate::Error::io("removing", &snapshot)(e)),
    }
    let out_dir = repo.root.join(DELIVERABLES_DIR);
    if let Some(mut m) = crate::publish::Manifest::read(&out_dir)? {
        let (gone, kept): (Vec<_>, Vec<_>) = m
            .files
            .into_iter()
            .partition(|f| f.report.as_deref() == Some(id) && f.version == Some(version));
        m.files = kept;
        for f in gone {
            let _ = std::fs::remove_file(out_dir.join(&f.path));
        }
        m.write(&out_dir)?;
    }
    commit_changes(
        repo,
        Some(&format!(
            "Withdraw {id} v{version}, published here only\n\nThe remote has its own v{version}; this text stays as the draft and is published again as the next version."
        )),
    )?;
    Ok(())
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
