//! Moving the work tree from one commit to another without `git merge` or `git checkout`
//! touching the files: each changed file is replaced whole with [`crate::save::write_atomic`],
//! so a report is always either its old or its new text, never half-written or marked up.
//! The state file records the move first and the branch moves last, so a sync killed in
//! between is finished by the next one ([`finish`]).

use super::err;
use super::run::Repo;
use super::state::{self, Applying};
use crate::error::{Error, Result};
use crate::save::write_atomic;
use std::path::Path;

/// Moves the work tree, the index and the branch from commit `from` to `to`; returns the
/// paths (relative to the top) whose files changed.
pub(crate) fn move_to(repo: &Repo, from: &str, to: &str) -> Result<Vec<String>> {
    let mut st = state::read(repo)?.unwrap_or_default();
    st.applying = Some(Applying {
        from: from.to_string(),
        to: to.to_string(),
    });
    state::write(repo, &st)?;
    finish(repo, from, to)
}

/// Completes a move recorded in the state file (idempotent: files already moved are skipped).
pub(crate) fn finish(repo: &Repo, from: &str, to: &str) -> Result<Vec<String>> {
    let listing = repo.git(&["diff", "--no-renames", "--name-only", "-z", from, to])?;
    let paths: Vec<String> = listing
        .split('\0')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    for path in &paths {
        let old = read_blob(repo, from, path)?;
        let new = read_blob(repo, to, path)?;
        let file = repo.top.join(path);
        let current = match std::fs::read(&file) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io("reading", &file)(e)),
        };
        if current == new {
            continue;
        }
        if current != old {
            return Err(err(
                "changed-during-sync",
                format!(
                    "{} was changed while the sync was running; nothing more was changed — save your work and run `kuni sync` again",
                    file.display()
                ),
            ));
        }
        match new {
            Some(bytes) => {
                if let Some(dir) = file.parent() {
                    std::fs::create_dir_all(dir).map_err(Error::io("creating", dir))?;
                }
                write_atomic(&file, &bytes)?;
            }
            None => {
                std::fs::remove_file(&file).map_err(Error::io("removing", &file))?;
                remove_empty_parents(&file, &repo.top);
            }
        }
    }
    // The branch moves last: until here the state file says how to finish.
    repo.wait_for_index()?;
    let head = repo.rev("HEAD")?;
    if head.as_deref() != Some(to) {
        repo.git(&["update-ref", "-m", "kuni sync", "HEAD", to, from])?;
    }
    // The index follows the branch; the files already match it.
    repo.git(&["reset", "-q", "--mixed", to])?;
    let mut st = state::read(repo)?.unwrap_or_default();
    st.applying = None;
    if st.conflict.is_none() {
        state::clear(repo)?;
    } else {
        state::write(repo, &st)?;
    }
    Ok(paths)
}

fn read_blob(repo: &Repo, commit: &str, path: &str) -> Result<Option<Vec<u8>>> {
    match repo.blob(commit, path)? {
        Some((id, _)) => Ok(Some(repo.cat(&id)?)),
        None => Ok(None),
    }
}

/// A report's folder in `.history` goes when its last file goes, as git would leave it.
fn remove_empty_parents(file: &Path, top: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == top || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
