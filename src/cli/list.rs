//! `kuni list`

use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let library = super::open_library(dir)?;
    let listing = library.listing();
    let git = match kuni::git::detect(dir) {
        Some(repo) => Some(kuni::git::info(&repo)?),
        None => None,
    };
    if json {
        let mut v = serde_json::to_value(&listing)?;
        v["git"] = serde_json::to_value(&git)?;
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!(
            "{:<8} {:<7} {:<4} {:<9} {:>3} {:<10} {:>8}  TITLE",
            "ID", "COUNTRY", "LANG", "STATUS", "VER", "UPDATED", "PROBLEMS"
        );
        for r in &listing.reports {
            let problems = match (r.errors, r.warnings) {
                (0, 0) => "-".to_string(),
                (e, 0) => format!("{e}E"),
                (0, w) => format!("{w}W"),
                (e, w) => format!("{e}E {w}W"),
            };
            println!(
                "{:<8} {:<7} {:<4} {:<9} {:>3} {:<10} {:>8}  {}{}",
                r.id,
                r.country,
                r.language.code(),
                r.status.code(),
                r.version,
                r.updated,
                problems,
                r.title,
                if r.stale { "  [stale]" } else { "" }
            );
        }
    }
    if let (Some(g), false) = (&git, json) {
        // On stderr, like the notes below: the table on stdout stays one report a line.
        let remote = match (&g.remote, &g.url) {
            (Some(r), Some(u)) => format!("syncs with {r} ({u})"),
            (Some(r), None) => format!("syncs with {r}"),
            _ => "no remote".to_string(),
        };
        eprintln!(
            "kuni: the library is kept in Git (work tree {}, branch {}, {remote}){}",
            g.top,
            g.branch.as_deref().unwrap_or("detached"),
            if g.conflicts_pending {
                "; a sync is waiting for conflicts to be resolved"
            } else {
                ""
            }
        );
    }
    for bad in &listing.invalid {
        let first = bad.problems.first().map(ToString::to_string).unwrap_or_default();
        eprintln!(
            "kuni: {} is not listed: it could not be read as a report ({first})",
            bad.path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
