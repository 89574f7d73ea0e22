//! `kuni list`

use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let library = super::open_library(dir)?;
    let listing = library.listing();
    if json {
        println!("{}", serde_json::to_string_pretty(&listing)?);
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
    for bad in &listing.invalid {
        let first = bad.problems.first().map(ToString::to_string).unwrap_or_default();
        eprintln!(
            "kuni: {} is not listed: it could not be read as a report ({first})",
            bad.path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
