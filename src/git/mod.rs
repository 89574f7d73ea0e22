//! Git underneath a library: detection, `kuni sync`, publishing that cannot collide, and who
//! changed what.
//!
//! Kuni drives the `git` command rather than a Git library: the user's own `git` already
//! knows their configuration (name, e-mail, signing), credentials helpers, hooks, remotes on
//! file servers or Git servers, and proxies, and what Kuni does stays visible to and
//! repairable with the same tool (see docs/architecture.md). A library that is not inside a
//! Git work tree — or a machine without `git` — works exactly as before: nothing here runs.
//!
//! Files: `run.rs` runs git; `detect.rs` finds the work tree; `sync.rs` is `kuni sync`;
//! `apply.rs` moves the work tree to a new commit one file at a time, crash-safely;
//! `conflict.rs` finds conflicting sections and keeps both texts; `state.rs` is the sync's
//! state file under `.git/kuni/`; `publish.rs` commits and tags a publication; `log.rs`
//! reads who made each version and change; `init.rs` writes `.gitignore`/`.gitattributes`.

mod apply;
mod commit;
pub mod conflict;
pub mod detect;
pub mod init;
pub mod log;
pub mod publish;
mod run;
pub mod state;
pub mod sync;
mod version_tags;

pub use detect::{GitInfo, detect, info};
pub use run::Repo;
pub use sync::{SyncOptions, SyncReport, sync};

use crate::error::Error;

/// A Git error with a stable code, for the faces to branch on.
pub(crate) fn err(code: &'static str, message: impl Into<String>) -> Error {
    Error::Git {
        code,
        message: message.into(),
    }
}
