//! The sync's state file, `.git/kuni/sync.json`: what a sync was doing when it stopped, so the
//! next `kuni sync` can finish it (a work tree half moved to the merged commit) or resume it
//! (conflicts waiting for the user's choice). Written atomically; absent when no sync is open.

use super::conflict::Conflict;
use super::run::Repo;
use crate::error::{Error, Result};
use crate::save::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What an unfinished sync was doing.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    /// The work tree is being moved from one commit to another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applying: Option<Applying>,
    /// A merge stopped at conflicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Pending>,
}

/// The work tree is moving from `from` to `to` (both commits); the branch moves last.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Applying {
    /// The commit the branch was on.
    pub from: String,
    /// The commit it is moving to.
    pub to: String,
}

/// A merge waiting for the user.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    /// The local commit (mine).
    pub ours: String,
    /// The remote's commit (theirs).
    pub theirs: String,
    /// The tree git merged, conflicted files with markers; resolutions replace them.
    pub tree: String,
    /// The files in conflict.
    pub files: Vec<Conflict>,
}

fn path(repo: &Repo) -> PathBuf {
    repo.kuni_dir().join("sync.json")
}

/// The state of an unfinished sync, if any.
pub fn read(repo: &Repo) -> Result<Option<State>> {
    let p = path(repo);
    match std::fs::read(&p) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Error::History {
                path: p,
                message: format!("the sync state cannot be read ({e}); remove it to start over"),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("reading", p)(e)),
    }
}

/// Records the state (atomically).
pub fn write(repo: &Repo, state: &State) -> Result<()> {
    let d = repo.kuni_dir();
    std::fs::create_dir_all(&d).map_err(Error::io("creating", &d))?;
    let bytes = serde_json::to_vec_pretty(state).map_err(|e| Error::History {
        path: path(repo),
        message: e.to_string(),
    })?;
    write_atomic(&path(repo), &bytes)
}

/// Forgets the state: the sync is finished.
pub fn clear(repo: &Repo) -> Result<()> {
    match std::fs::remove_file(path(repo)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("removing", path(repo))(e)),
    }
}
