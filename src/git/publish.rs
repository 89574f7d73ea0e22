//! Publishing in a library kept in Git: a published version is a commit (the report, its
//! `.history` snapshot, the deliverables' manifest and, unless ignored, its PDF) with an
//! annotated tag `<id>/v<N>` carrying the revision note.
//!
//! Two people must never both publish v3. Before publishing, the remote is fetched when it can
//! be reached, and the publish is refused when the remote already has this version (or a later
//! one) or a commit of this report that is not here yet. Offline, the version is made here;
//! the next sync's push then refuses a colliding tag instead of overwriting it (`sync.rs`).

use super::detect::{detect, remote_branch, remote_of};
use super::err;
use super::run::Repo;
use super::state;
use super::sync::fetch;
use super::version_tags::{tag, tags, version_tag};
use crate::error::Result;
use crate::library::Library;
use crate::publish::{self as engine, OnProgress, PublishOptions, Published, history};
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// What a publish did in Git, besides the publication itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Recorded {
    /// The commit of the version.
    pub commit: Option<String>,
    /// Its tag, `<id>/v<N>`.
    pub tag: Option<String>,
    /// The remote could not be reached, so the check against it was not made (git's words).
    pub offline: Option<String>,
    /// The version was published but could not be committed or tagged (`kuni sync` will).
    pub warning: Option<String>,
}

/// Publishes report `key` like [`crate::publish::publish`]; in a Git library it first makes
/// sure nobody else published it, then commits and tags the new version.
pub fn publish(
    root: &Path,
    key: &str,
    opts: &PublishOptions,
    on_progress: OnProgress<'_>,
    cancel: &AtomicBool,
) -> Result<(Published, Option<Recorded>)> {
    let Some(repo) = detect(root) else {
        let mut published = engine::publish(root, key, opts, on_progress, cancel)?;
        close_cycle(root, &mut published);
        return Ok((published, None));
    };
    repo.wait_for_index()?;
    if let Some(s) = state::read(&repo)? {
        return Err(err(
            "sync-first",
            if s.conflict.is_some() {
                "a sync is waiting for conflicts to be resolved; finish it (`kuni sync`) before publishing"
            } else {
                "a sync was interrupted; run `kuni sync` to finish it before publishing"
            },
        ));
    }
    let today = opts.date.unwrap_or_else(crate::today);
    let library = Library::open(root, today)?;
    let report = library.report(key)?;
    let id = report.id.clone();
    let version = engine::next_version(report, &history::versions(root, &id)?);
    let git_path = git_path(&repo, &report.path);
    let mut recorded = Recorded::default();
    let branch = repo.branch()?;
    if let Some(remote) = remote_of(&repo, &branch)? {
        match fetch(&repo, &remote) {
            Err(e) => recorded.offline = Some(e.to_string()),
            Ok(()) => check_remote(&repo, &remote, &branch, &id, version, git_path.as_deref())?,
        }
    }
    let tag_name = format!("{id}/v{version}");
    if tags(&repo, "refs/tags/")?.contains_key(&tag_name) {
        return Err(err(
            "sync-first",
            format!(
                "the tag {tag_name} already exists here; run `kuni sync` and look at `kuni history {id}`"
            ),
        ));
    }
    let mut published = engine::publish(root, key, opts, on_progress, cancel)?;
    close_cycle(root, &mut published);
    match commit_and_tag(&repo, &published, &report.path, &tag_name, &opts.note) {
        Ok(commit) => {
            recorded.commit = Some(commit);
            recorded.tag = Some(tag_name);
        }
        Err(e) => {
            recorded.warning = Some(format!(
                "published, but not recorded in Git ({e}); the next `kuni sync` commits and tags it"
            ))
        }
    }
    Ok((published, Some(recorded)))
}

/// Publishing ends the report's yearly update cycle, if one is open. The publication stands
/// even if the cycle file cannot be written: the cycle then shows as still open, which
/// `kuni update status` makes visible, and nothing is lost. Here rather than in the engine's
/// publish, which the cycle (through its front-matter edit) builds on.
/// What a publication ends: the report's update cycle, and the currency of the answered
/// consultations citing a section this version changed (set to 要再確認).
fn close_cycle(root: &Path, published: &mut Published) {
    if let Some(path) = Library::scan(root, published.date)
        .ok()
        .and_then(|scan| scan.path_of(&published.id))
    {
        let _ = crate::review::close(&path, published.date);
    }
    match crate::consult::mark_stale(root, &published.id, published.date) {
        Ok(ids) => published.rechecks = ids,
        Err(e) => published.warnings.push(format!(
            "the consultations citing this report could not be re-checked: {e}"
        )),
    }
}

/// Refuses when the remote already has version `version` (or later) of `id`, or a commit of
/// its file this clone has not merged.
fn check_remote(
    repo: &Repo,
    remote: &str,
    branch: &str,
    id: &str,
    version: u32,
    path: Option<&str>,
) -> Result<()> {
    let ns = format!("refs/kuni/{remote}/tags/");
    let newest = tags(repo, &ns)?
        .keys()
        .filter_map(|t| version_tag(t))
        .filter(|(i, _)| *i == id)
        .map(|(_, v)| v)
        .max();
    if let Some(n) = newest
        && n >= version
    {
        let by = repo.git(&[
            "for-each-ref",
            "--format=%(taggername) on %(taggerdate:short)",
            &format!("{ns}{id}/v{n}"),
        ])?;
        return Err(err(
            "sync-first",
            format!(
                "the remote already has {id} v{n} (published by {}); run `kuni sync` first, then publish the next version",
                by.trim()
            ),
        ));
    }
    let upstream = format!("refs/remotes/{remote}/{}", remote_branch(repo, remote, branch)?);
    if let (Some(path), Some(_)) = (path, repo.rev(&upstream)?) {
        let newer = repo.git(&[
            "log",
            "-1",
            "--format=%an: %s",
            &format!("HEAD..{upstream}"),
            "--",
            path,
        ])?;
        if !newer.trim().is_empty() {
            return Err(err(
                "sync-first",
                format!(
                    "the remote has changes to {id} that are not here yet ({}); run `kuni sync` first, then publish",
                    newer.trim()
                ),
            ));
        }
    }
    Ok(())
}

/// `path` (a file of the library) as git names it, when it is inside the work tree.
fn git_path(repo: &Repo, path: &Path) -> Option<String> {
    let abs = std::fs::canonicalize(path).ok()?;
    let top = std::fs::canonicalize(&repo.top).ok()?;
    let rel = abs.strip_prefix(top).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// Commits the version's files and tags the commit; returns the commit.
fn commit_and_tag(
    repo: &Repo,
    p: &Published,
    report_path: &Path,
    tag_name: &str,
    note: &str,
) -> Result<String> {
    let mut files = vec![report_path.to_path_buf(), p.snapshot.clone()];
    files.push(p.out_dir.join(engine::manifest::MANIFEST_NAME));
    files.extend(p.files.iter().map(|f| p.out_dir.join(&f.path)));
    let mut paths = Vec::new();
    for f in files {
        let Some(gp) = git_path(repo, &f) else { continue };
        // A PDF the team chose to ignore (`.gitignore`) stays out of the commit.
        if repo.succeeds(&["check-ignore", "-q", "--", &gp])? {
            continue;
        }
        paths.push(gp);
    }
    let mut add = vec!["add", "--"];
    add.extend(paths.iter().map(String::as_str));
    repo.git(&add)?;
    let msg = format!("Publish {} v{}\n\n{note}", p.id, p.version);
    let mut commit = vec!["commit", "-q", "-m", msg.as_str(), "--only", "--"];
    commit.extend(paths.iter().map(String::as_str));
    repo.git(&commit)?;
    tag(repo, tag_name, "HEAD", note)?;
    Ok(repo.rev("HEAD")?.unwrap_or_default())
}
