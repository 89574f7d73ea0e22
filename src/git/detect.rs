//! Is the library kept in Git? Asked of git itself, so worktrees, `GIT_DIR` and libraries in a
//! sub-folder of a larger repository are all understood the way the user's git sees them.

use super::run::{Repo, command};
use crate::error::Result;
use serde::Serialize;
use std::path::Path;

/// What the status bar and `kuni list` say about a library kept in Git.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GitInfo {
    /// The work tree's top folder.
    pub top: String,
    /// The current branch (`None` when HEAD is detached).
    pub branch: Option<String>,
    /// The remote `kuni sync` talks to (`None`: sync only commits).
    pub remote: Option<String>,
    /// That remote's address.
    pub url: Option<String>,
    /// A sync is waiting for conflicts to be resolved.
    pub conflicts_pending: bool,
}

/// The Git work tree around `root`, or `None` when there is none (or no `git` on this
/// machine): then Kuni works exactly as without Git.
pub fn detect(root: &Path) -> Option<Repo> {
    let out = command(root)
        .args([
            "rev-parse",
            "--show-toplevel",
            "--show-prefix",
            "--absolute-git-dir",
        ])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let mut lines = text.lines();
    let top = lines.next()?.to_string();
    let prefix = lines.next()?.to_string();
    let git_dir = lines.next()?.to_string();
    // A library inside `.git` itself is no work tree.
    if top.is_empty() {
        return None;
    }
    Some(Repo {
        root: root.to_path_buf(),
        top: top.into(),
        prefix,
        git_dir: git_dir.into(),
    })
}

/// The remote a branch syncs with: its configured upstream's remote, else the only remote,
/// else `origin` if there is one.
pub(crate) fn remote_of(repo: &Repo, branch: &str) -> Result<Option<String>> {
    if let Ok(r) = repo.git(&["config", "--get", &format!("branch.{branch}.remote")]) {
        let r = r.trim();
        if !r.is_empty() && r != "." {
            return Ok(Some(r.to_string()));
        }
    }
    let remotes: Vec<String> = repo.git(&["remote"])?.lines().map(str::to_string).collect();
    Ok(match remotes.as_slice() {
        [only] => Some(only.clone()),
        _ => remotes.into_iter().find(|r| r == "origin"),
    })
}

/// The remote's branch that local `branch` syncs with (call after a fetch): its configured
/// upstream; else the same name, if the remote has it; else the remote's default branch (a
/// library made a repository on its own PC, on `master`, joining a shared `main`); else the
/// same name, which the first push creates.
pub(crate) fn remote_branch(repo: &Repo, remote: &str, branch: &str) -> Result<String> {
    if let Ok(m) = repo.git(&["config", "--get", &format!("branch.{branch}.merge")])
        && let Some(b) = m.trim().strip_prefix("refs/heads/")
    {
        return Ok(b.to_string());
    }
    if repo.rev(&format!("refs/remotes/{remote}/{branch}"))?.is_some() {
        return Ok(branch.to_string());
    }
    if let Ok(out) = repo.git(&["ls-remote", "--symref", remote, "HEAD"]) {
        for line in out.lines() {
            if let Some((b, _)) = line
                .strip_prefix("ref: refs/heads/")
                .and_then(|r| r.split_once('\t'))
                && repo.rev(&format!("refs/remotes/{remote}/{b}"))?.is_some()
            {
                return Ok(b.to_string());
            }
        }
    }
    Ok(branch.to_string())
}

/// Facts about the library's Git work tree for display.
pub fn info(repo: &Repo) -> Result<GitInfo> {
    let branch = repo.branch().ok();
    let remote = match &branch {
        Some(b) => remote_of(repo, b)?,
        None => None,
    };
    let url = match &remote {
        Some(r) => repo
            .git(&["remote", "get-url", r])
            .ok()
            .map(|u| u.trim().to_string()),
        None => None,
    };
    Ok(GitInfo {
        top: repo.top.display().to_string(),
        branch,
        remote,
        url,
        conflicts_pending: super::state::read(repo)?.is_some_and(|s| s.conflict.is_some()),
    })
}
