//! Committing the library's saved changes: the first step of a sync, and how a withdrawn
//! version is recorded. Below `sync.rs`, which runs it.

use super::conflict;
use super::run::Repo;
use crate::error::Result;
use serde::Serialize;

/// The local commit a sync made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Committed {
    /// The commit.
    pub commit: String,
    /// The reports it changes.
    pub reports: Vec<String>,
    /// Other files it changes (snapshots, the manifest…).
    pub other_files: usize,
}

/// The library as git's pathspec names it (from the top).
fn library_spec(repo: &Repo) -> String {
    if repo.prefix.is_empty() {
        ".".into()
    } else {
        repo.prefix.trim_end_matches('/').to_string()
    }
}

/// Commits every saved change inside the library (untracked files too, as `.gitignore`
/// allows); the message lists the reports changed, or is `message` when given.
pub(crate) fn commit_changes(repo: &Repo, message: Option<&str>) -> Result<Option<Committed>> {
    let spec = library_spec(repo);
    repo.wait_for_index()?;
    repo.git(&["add", "-A", "--", &spec])?;
    let staged = repo.git(&["diff", "--cached", "--name-only", "-z", "--", &spec])?;
    let paths: Vec<&str> = staged.split('\0').filter(|p| !p.is_empty()).collect();
    if paths.is_empty() {
        return Ok(None);
    }
    let mut reports: Vec<String> = paths
        .iter()
        .filter_map(|p| conflict::report_id(repo, p))
        .collect();
    reports.sort();
    reports.dedup();
    let others: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| conflict::report_id(repo, p).is_none())
        .collect();
    let other_files = others.len();
    let msg = match message {
        Some(m) => m.to_string(),
        None => commit_message(&reports, &others),
    };
    repo.git(&["commit", "-q", "-m", &msg, "--", &spec])?;
    Ok(Some(Committed {
        commit: repo.rev("HEAD")?.unwrap_or_default(),
        reports,
        other_files,
    }))
}

fn commit_message(reports: &[String], others: &[&str]) -> String {
    let subject = match reports.len() {
        0 => "Kuni sync: library files".to_string(),
        1..=4 => format!("Kuni sync: {}", reports.join(", ")),
        n => format!("Kuni sync: {n} reports"),
    };
    let mut body = String::new();
    if !reports.is_empty() {
        body.push_str("\n\nReports changed:\n");
        for r in reports {
            body.push_str(&format!("- {r}\n"));
        }
    }
    if !others.is_empty() {
        body.push_str(if reports.is_empty() { "\n\n" } else { "\n" });
        body.push_str("Other files:\n");
        for p in others.iter().take(20) {
            body.push_str(&format!("- {p}\n"));
        }
    }
    format!("{subject}{}", body.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commit_message_lists_the_reports() {
        let m = commit_message(&["th.ja".into(), "vn.ja".into()], &[".history/vn.ja/v3.md"]);
        assert!(
            m.starts_with("Kuni sync: th.ja, vn.ja\n\nReports changed:\n- th.ja\n- vn.ja\n"),
            "{m}"
        );
        assert!(m.contains("Other files:\n- .history/vn.ja/v3.md"), "{m}");
        let many: Vec<String> = (0..6).map(|i| format!("r{i}.ja")).collect();
        assert!(commit_message(&many, &[]).starts_with("Kuni sync: 6 reports"));
    }
}
