// Generated from the engine's Rust types by ts-rs (src/bindings/). Do not edit:
// run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a type.

export type GitInfo = { 
/**
 * The work tree's top folder.
 */
top: string, 
/**
 * The current branch (`None` when HEAD is detached).
 */
branch: string | null, 
/**
 * The remote `kuni sync` talks to (`None`: sync only commits).
 */
remote: string | null, 
/**
 * That remote's address.
 */
url: string | null, 
/**
 * A sync is waiting for conflicts to be resolved.
 */
conflicts_pending: boolean, };

export type Choice = "mine" | "theirs" | "edited" | "automatic";

export type Passage = { 
/**
 * The section it is in.
 */
section: string, 
/**
 * My text of the passage.
 */
mine: string, 
/**
 * Their text.
 */
theirs: string, };

export type Conflict = { 
/**
 * The path inside the work tree (`/`-separated, from its top).
 */
path: string, 
/**
 * The report's id when the file is a report of the library.
 */
report: string | null, 
/**
 * The report's sections that conflict (`front matter`, headings); empty when the file
 * was deleted on one side or is not a report.
 */
sections: Array<string>, 
/**
 * The conflicting passages, both texts of each.
 */
passages: Array<Passage>, 
/**
 * Where my text is kept (absent when I deleted the file).
 */
mine: string | null, 
/**
 * Where their text is kept (absent when they deleted it).
 */
theirs: string | null, 
/**
 * The blobs: common ancestor, mine, theirs.
 */
base_blob: string | null, 
/**
 * Mine.
 */
ours_blob: string | null, 
/**
 * Theirs.
 */
theirs_blob: string | null, 
/**
 * The file's mode.
 */
mode: string, 
/**
 * Choices made so far for single sections (title, choice), until every conflicting
 * section has one.
 */
chosen: Array<[string, Choice]>, 
/**
 * The choice made, and the resulting blob (`None`: the file is deleted).
 */
resolved: [Choice, string | null] | null, };

export type Committed = { 
/**
 * The commit.
 */
commit: string, 
/**
 * The reports it changes.
 */
reports: Array<string>, 
/**
 * Other files it changes (snapshots, the manifest…).
 */
other_files: number, };

export type Collision = { 
/**
 * The tag, `<id>/v<N>`.
 */
tag: string, 
/**
 * Who published the remote's, and when.
 */
remote_by: string, };

export type SyncReport = { 
/**
 * A sync killed earlier was finished first.
 */
recovered: boolean, 
/**
 * The commit of the library's saved changes, if there were any.
 */
committed: Committed | null, 
/**
 * Tags made for published versions that had none (a publish killed before tagging).
 */
tagged: Array<string>, 
/**
 * The remote synced with; `None` when the repository has none (nothing to push to).
 */
remote: string | null, 
/**
 * The remote could not be reached (git's words); the commit waits for the next sync.
 */
offline: string | null, 
/**
 * Files of the work tree the remote's changes reached (paths inside the work tree).
 */
received: Array<string>, 
/**
 * Whether anything was pushed.
 */
pushed: boolean, 
/**
 * The version tags pushed.
 */
tags_pushed: Array<string>, 
/**
 * Conflicts waiting for a choice; the library is as before the sync.
 */
conflicts: Array<Conflict>, 
/**
 * Versions published on both sides; nothing was merged or pushed.
 */
collisions: Array<Collision>, };

export type Change = { 
/**
 * The short commit id.
 */
commit: string, 
/**
 * Its author's name.
 */
author: string, 
/**
 * Its date (YYYY-MM-DD).
 */
date: string, 
/**
 * Its message's first line.
 */
subject: string, };

export type VersionLog = { 
/**
 * The version.
 */
version: number, 
/**
 * Who tagged it (published it).
 */
by: string, 
/**
 * When (YYYY-MM-DD).
 */
date: string, 
/**
 * The commits since the previous version, newest first (the publish commit excluded).
 */
changes: Array<Change>, };

export type ReportLog = { 
/**
 * Changes since the last version, newest first (saved and synced, not yet published).
 */
unpublished: Array<Change>, 
/**
 * Published versions, newest first.
 */
versions: Array<VersionLog>, };
