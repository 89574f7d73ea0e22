//! `kuni sync`: commit the saved changes, fetch, integrate, push — and stop cleanly at a real
//! conflict or a version published on both sides.
//!
//! Order and safety: (1) a move of the work tree a killed sync left is finished; (2) pending
//! conflicts are settled by the user's choices, or shown again; (3) the library's changes are
//! committed (git's own identity, hooks and signing apply); (4) the remote's branch and tags
//! are fetched (tags into `refs/kuni/<remote>/tags/`, so a colliding tag is seen, never
//! clobbered); (5) its commits are merged by `git merge-tree`, away from the work tree, and the
//! work tree is moved to the result file by file (`apply.rs`); (6) branch and new version tags
//! are pushed in one atomic push, which git refuses rather than overwrite a tag.

use super::apply;
pub use super::commit::Committed;
use super::commit::commit_changes;
use super::conflict::{self, Choice, Conflict};
use super::detect::{detect, remote_branch, remote_of};
use super::err;
use super::run::Repo;
use super::state::{self, Applying, Pending, State};
use super::version_tags::{adopt_remote_tags, collisions, ensure_tags, remote_tags_ns, tags, version_tag};
use crate::error::Result;
use crate::publish::DELIVERABLES_DIR;
use serde::Serialize;
use std::path::Path;

pub use super::version_tags::Collision;

/// What to do besides syncing.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Settle the conflicts of these reports (id) or files (path) this way: wholly, or only
    /// in the section named.
    pub resolve: Vec<Resolve>,
    /// Take the library's text of every conflicted file not otherwise settled (the user
    /// edited it) and finish the sync.
    pub continue_merge: bool,
    /// Withdraw this version (`<id>/v<N>`), published here only while the remote got its
    /// own: its local tag and snapshot go, the text stays as the draft.
    pub withdraw: Option<String>,
}

/// One choice for a conflicted report or file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolve {
    /// The report's id or the file's path.
    pub target: String,
    /// Only this section of the report (its title), else every conflicting section.
    pub section: Option<String>,
    /// Mine or theirs.
    pub choice: Choice,
}

/// What a sync did (or why it stopped).
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SyncReport {
    /// A sync killed earlier was finished first.
    pub recovered: bool,
    /// The commit of the library's saved changes, if there were any.
    pub committed: Option<Committed>,
    /// Tags made for published versions that had none (a publish killed before tagging).
    pub tagged: Vec<String>,
    /// The remote synced with; `None` when the repository has none (nothing to push to).
    pub remote: Option<String>,
    /// The remote could not be reached (git's words); the commit waits for the next sync.
    pub offline: Option<String>,
    /// Files of the work tree the remote's changes reached (paths inside the work tree).
    pub received: Vec<String>,
    /// Whether anything was pushed.
    pub pushed: bool,
    /// The version tags pushed.
    pub tags_pushed: Vec<String>,
    /// Conflicts waiting for a choice; the library is as before the sync.
    pub conflicts: Vec<Conflict>,
    /// Versions published on both sides; nothing was merged or pushed.
    pub collisions: Vec<Collision>,
}

impl SyncReport {
    /// Whether the sync stopped before finishing (conflicts, collisions, offline).
    pub fn stopped(&self) -> bool {
        !self.conflicts.is_empty() || !self.collisions.is_empty() || self.offline.is_some()
    }
}

/// The Git work tree of a library, or a clear error when it has none.
pub fn repo_of(root: &Path) -> Result<Repo> {
    detect(root).ok_or_else(|| {
        err(
            "not-git",
            format!(
                "the library {} is not kept in Git; `kuni init-git` makes it a repository (see docs/publishing.md)",
                root.display()
            ),
        )
    })
}

/// Syncs the library at `root` with its remote (see the module documentation).
pub fn sync(root: &Path, opts: &SyncOptions) -> Result<SyncReport> {
    let repo = repo_of(root)?;
    repo.wait_for_index()?;
    let mut report = SyncReport {
        recovered: recover(&repo)?,
        ..SyncReport::default()
    };
    let branch = repo.branch()?;
    match state::read(&repo)?.and_then(|s| s.conflict) {
        Some(pending) => {
            let still = resume(&repo, pending, opts)?;
            if !still.is_empty() {
                report.conflicts = still;
                return Ok(report);
            }
        }
        None if !opts.resolve.is_empty() || opts.continue_merge => {
            return Err(err(
                "no-conflict",
                "no sync is waiting for a conflict to be resolved",
            ));
        }
        None => {}
    }
    report.committed = commit_changes(&repo, None)?;
    let Some(remote) = remote_of(&repo, &branch)? else {
        report.tagged = ensure_tags(&repo, None)?;
        return Ok(report);
    };
    report.remote = Some(remote.clone());
    let mut theirs_branch: Option<String> = None;
    for attempt in 0..3 {
        if let Err(e) = fetch(&repo, &remote) {
            report.offline = Some(e.to_string());
            return Ok(report);
        }
        adopt_remote_tags(&repo, &remote)?;
        let remote_branch = match &theirs_branch {
            Some(b) => b.clone(),
            None => remote_branch(&repo, &remote, &branch)?,
        };
        theirs_branch = Some(remote_branch.clone());
        let upstream = format!("refs/remotes/{remote}/{remote_branch}");
        if attempt == 0
            && let Some(tag) = &opts.withdraw
        {
            withdraw(&repo, &remote, &upstream, tag)?;
        }
        report.tagged.extend(ensure_tags(&repo, Some(&remote))?);
        report.collisions = collisions(&repo, &remote)?;
        if !report.collisions.is_empty() {
            return Ok(report);
        }
        let Some(head) = repo.rev("HEAD")? else {
            // An empty clone of an empty remote, and nothing saved yet.
            return Ok(report);
        };
        let mut head = head;
        if let Some(up) = repo.rev(&upstream)?
            && !repo.succeeds(&["merge-base", "--is-ancestor", &up, &head])?
        {
            if repo.succeeds(&["merge-base", "--is-ancestor", &head, &up])? {
                report.received.extend(apply::move_to(&repo, &head, &up)?);
            } else {
                let merged = conflict::merge(&repo, &head, &up)?;
                if merged.files.iter().any(|c| c.resolved.is_none()) {
                    state::write(
                        &repo,
                        &State {
                            applying: None,
                            conflict: Some(Pending {
                                ours: head.clone(),
                                theirs: up.clone(),
                                tree: merged.tree,
                                files: merged.files.clone(),
                            }),
                        },
                    )?;
                    report.conflicts = merged
                        .files
                        .into_iter()
                        .filter(|c| c.resolved.is_none())
                        .collect();
                    return Ok(report);
                }
                let tree = conflict::settled_tree(&repo, &merged.tree, &merged.files)?;
                let commit = merge_commit(&repo, &tree, &head, &up, &remote, &remote_branch, &[])?;
                report.received.extend(apply::move_to(&repo, &head, &commit)?);
            }
            head = repo.rev("HEAD")?.unwrap_or(head);
        }
        match push(&repo, &remote, (&branch, &remote_branch), &head, &upstream)? {
            Pushed::Done { branch: moved, tags } => {
                report.pushed = moved || !tags.is_empty();
                report.tags_pushed = tags;
                return Ok(report);
            }
            Pushed::Behind => continue,
            Pushed::TagTaken(tags) => {
                report.collisions = tags
                    .into_iter()
                    .map(|tag| Collision {
                        tag,
                        remote_by: "someone (pushed just now)".into(),
                    })
                    .collect();
                return Ok(report);
            }
        }
    }
    Err(err(
        "remote-busy",
        "the remote kept changing while syncing (three tries); run `kuni sync` again",
    ))
}

/// Finishes a move of the work tree that a killed sync left; whether there was one.
fn recover(repo: &Repo) -> Result<bool> {
    match state::read(repo)?.and_then(|s| s.applying) {
        Some(Applying { from, to }) => {
            apply::finish(repo, &from, &to)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Applies the user's choices to a pending merge; the conflicts still open (none: the merge
/// was committed and the work tree moved to it).
fn resume(repo: &Repo, mut p: Pending, opts: &SyncOptions) -> Result<Vec<Conflict>> {
    for r in &opts.resolve {
        let key = &r.target;
        let mut found = false;
        for c in p.files.iter_mut() {
            if c.report.as_deref() == Some(key.as_str())
                || c.path == *key
                || repo.in_library(&c.path) == Some(key.as_str())
            {
                found = true;
                let Some(section) = &r.section else {
                    let blob = conflict::settle(repo, c, r.choice)?;
                    c.resolved = Some((r.choice, blob));
                    continue;
                };
                if !c.sections.contains(section) {
                    return Err(err(
                        "no-such-conflict",
                        format!(
                            "{} has no conflict in the section `{section}`; its conflicting sections: {}",
                            c.name(),
                            c.sections.join(", ")
                        ),
                    ));
                }
                c.chosen.retain(|(s, _)| s != section);
                c.chosen.push((section.clone(), r.choice));
                if let Some(blob) = conflict::settle_chosen(repo, &p.tree, c)? {
                    c.resolved = Some((r.choice, blob));
                }
            }
        }
        if !found {
            let open: Vec<&str> = p
                .files
                .iter()
                .filter(|c| c.resolved.is_none())
                .map(Conflict::name)
                .collect();
            return Err(err(
                "no-such-conflict",
                format!(
                    "`{key}` is not in conflict; the conflicts are: {}",
                    open.join(", ")
                ),
            ));
        }
    }
    if opts.continue_merge {
        for c in p.files.iter_mut().filter(|c| c.resolved.is_none()) {
            let blob = conflict::settle(repo, c, Choice::Edited)?;
            c.resolved = Some((Choice::Edited, blob));
        }
    }
    let open: Vec<Conflict> = p.files.iter().filter(|c| c.resolved.is_none()).cloned().collect();
    if !open.is_empty() {
        state::write(
            repo,
            &State {
                applying: None,
                conflict: Some(p),
            },
        )?;
        return Ok(open);
    }
    let head = repo.rev("HEAD")?;
    if head.as_deref() != Some(p.ours.as_str()) {
        return Err(err(
            "sync-moved",
            "the branch moved since the sync stopped at its conflicts (a commit made outside Kuni?); run `kuni sync` again after removing .git/kuni/sync.json",
        ));
    }
    let tree = conflict::settled_tree(repo, &p.tree, &p.files)?;
    let settled: Vec<String> = p
        .files
        .iter()
        .map(|c| format!("{}: {}", c.name(), choice_word(c.resolved.as_ref().map(|r| r.0))))
        .collect();
    let commit = merge_commit(repo, &tree, &p.ours, &p.theirs, "the remote", "", &settled)?;
    // One write: the conflict is closed and the move recorded, so a kill cannot lose both.
    state::write(
        repo,
        &State {
            applying: Some(Applying {
                from: p.ours.clone(),
                to: commit.clone(),
            }),
            conflict: None,
        },
    )?;
    apply::finish(repo, &p.ours, &commit)?;
    let _ = std::fs::remove_dir_all(repo.kuni_dir().join("conflicts"));
    Ok(Vec::new())
}

fn choice_word(c: Option<Choice>) -> &'static str {
    match c {
        Some(Choice::Mine) => "kept mine",
        Some(Choice::Theirs) => "took theirs",
        Some(Choice::Edited) => "edited by hand",
        Some(Choice::Automatic) => "merged by Kuni",
        None => "open",
    }
}

/// Withdraws a version published here while the remote got its own (see [`SyncOptions`]).
fn withdraw(repo: &Repo, remote: &str, upstream: &str, tag: &str) -> Result<()> {
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

/// Fetches the remote's branches, and its tags into Kuni's own namespace.
pub(crate) fn fetch(repo: &Repo, remote: &str) -> Result<()> {
    repo.git(&[
        "fetch",
        "-q",
        "--no-tags",
        "--prune",
        remote,
        &format!("+refs/heads/*:refs/remotes/{remote}/*"),
        &format!("+refs/tags/*:refs/kuni/{remote}/tags/*"),
    ])
    .map(|_| ())
    .map_err(|e| {
        err(
            "offline",
            format!("the remote `{remote}` cannot be reached ({e}); your changes are committed here and go out at the next `kuni sync`"),
        )
    })
}

/// A merge commit of `tree` with parents `ours` and `theirs` (git's identity applies).
fn merge_commit(
    repo: &Repo,
    tree: &str,
    ours: &str,
    theirs: &str,
    remote: &str,
    branch: &str,
    settled: &[String],
) -> Result<String> {
    let mut msg = if branch.is_empty() {
        format!("Kuni sync: merge {remote}'s changes")
    } else {
        format!("Kuni sync: merge {remote}/{branch}")
    };
    if !settled.is_empty() {
        msg.push_str("\n\nConflicts settled:\n");
        for s in settled {
            msg.push_str(&format!("- {s}\n"));
        }
    }
    repo.git(&[
        "commit-tree",
        tree,
        "-p",
        ours,
        "-p",
        theirs,
        "-m",
        msg.trim_end(),
    ])
    .map(|s| s.trim().to_string())
}

enum Pushed {
    /// Pushed (whether the branch moved) and these tags.
    Done { branch: bool, tags: Vec<String> },
    /// The remote's branch moved since the fetch: fetch and merge again.
    Behind,
    /// The remote refused these tags: they exist there already.
    TagTaken(Vec<String>),
}

/// Pushes the branch and the version tags the remote lacks, all or nothing.
/// `branches` is (local, the remote's).
fn push(repo: &Repo, remote: &str, branches: (&str, &str), head: &str, upstream: &str) -> Result<Pushed> {
    let (branch, theirs_branch) = branches;
    let theirs = tags(repo, &remote_tags_ns(remote))?;
    let new_tags: Vec<String> = tags(repo, "refs/tags/")?
        .into_keys()
        .filter(|t| version_tag(t).is_some() && !theirs.contains_key(t))
        .collect();
    let branch_moves = repo.rev(upstream)?.as_deref() != Some(head);
    if !branch_moves && new_tags.is_empty() {
        return Ok(Pushed::Done {
            branch: false,
            tags: Vec::new(),
        });
    }
    let mut args: Vec<String> = vec![
        "push".into(),
        "--atomic".into(),
        "--porcelain".into(),
        remote.into(),
        format!("{head}:refs/heads/{theirs_branch}"),
    ];
    args.extend(new_tags.iter().map(|t| format!("refs/tags/{t}:refs/tags/{t}")));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = repo.output(&argv)?;
    let said = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        if repo
            .git(&["config", "--get", &format!("branch.{branch}.remote")])
            .is_err()
        {
            repo.git(&["config", &format!("branch.{branch}.remote"), remote])?;
            repo.git(&[
                "config",
                &format!("branch.{branch}.merge"),
                &format!("refs/heads/{theirs_branch}"),
            ])?;
        }
        // Remember what the remote now has, for the next collision check.
        repo.git(&["update-ref", upstream, head])?;
        for t in &new_tags {
            let obj = repo.git(&["rev-parse", &format!("refs/tags/{t}")])?;
            repo.git(&[
                "update-ref",
                &format!("{}{t}", remote_tags_ns(remote)),
                obj.trim(),
            ])?;
        }
        return Ok(Pushed::Done {
            branch: branch_moves,
            tags: new_tags,
        });
    }
    let taken: Vec<String> = said
        .lines()
        .filter(|l| l.starts_with('!') && l.contains("refs/tags/") && l.contains("already exists"))
        .filter_map(|l| {
            l.split("refs/tags/")
                .nth(1)
                .map(|t| t.split(':').next().unwrap_or(t).to_string())
        })
        .collect();
    if !taken.is_empty() {
        return Ok(Pushed::TagTaken(taken));
    }
    if said.contains("fetch first") || said.contains("non-fast-forward") {
        return Ok(Pushed::Behind);
    }
    Err(err(
        "push-refused",
        format!("the remote `{remote}` refused the push: {}", said.trim()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_tags_are_id_slash_v_number() {
        assert_eq!(version_tag("vn.ja/v3"), Some(("vn.ja", 3)));
        assert_eq!(version_tag("th.en/v12"), Some(("th.en", 12)));
        for bad in ["v3", "/v3", "vn.ja/v03", "vn.ja/v", "vn.ja/v3a", "release-1"] {
            assert_eq!(version_tag(bad), None, "{bad}");
        }
    }
}
