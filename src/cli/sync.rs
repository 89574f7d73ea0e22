//! `kuni sync` and `kuni init-git`

use anyhow::Context;
use kuni::git::conflict::Choice;
use kuni::git::sync::Resolve;
use kuni::git::{SyncOptions, SyncReport};
use std::path::Path;
use std::process::ExitCode;

pub fn sync(library: &Path, opts: &SyncOptions, json: bool) -> anyhow::Result<ExitCode> {
    let r = kuni::git::sync(library, opts).context("kuni sync")?;
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print(&r);
    }
    Ok(if r.stopped() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print(r: &SyncReport) {
    if r.recovered {
        println!("finished the sync that was interrupted");
    }
    if let Some(c) = &r.committed {
        let short = &c.commit[..c.commit.len().min(8)];
        if c.reports.is_empty() {
            println!("committed {} library files ({short})", c.other_files);
        } else {
            println!("committed {} ({short})", c.reports.join(", "));
        }
    }
    for t in &r.tagged {
        println!("tagged {t} (a published version that had no tag)");
    }
    let Some(remote) = &r.remote else {
        if r.conflicts.is_empty() {
            println!("this repository has no remote: nothing to push to (the changes are committed here)");
        }
        print_conflicts(r);
        return;
    };
    if let Some(why) = &r.offline {
        eprintln!("kuni sync: {why}");
        return;
    }
    for c in &r.collisions {
        eprintln!(
            "kuni sync: {} was also published on `{remote}` by {}; yours was not pushed and no tag was overwritten",
            c.tag, c.remote_by
        );
    }
    if let Some(c) = r.collisions.first() {
        eprintln!(
            "  to keep your text as a draft and publish it as the next version: kuni sync --withdraw {}",
            c.tag
        );
        return;
    }
    if !r.received.is_empty() {
        println!("received from {remote}: {}", r.received.join(", "));
    }
    if print_conflicts(r) {
        return;
    }
    if r.pushed {
        let tags = if r.tags_pushed.is_empty() {
            String::new()
        } else {
            format!(" with {}", r.tags_pushed.join(", "))
        };
        println!("pushed to {remote}{tags}");
    } else {
        println!("up to date with {remote}");
    }
}

/// Prints the conflicts and what to run; whether there were any.
fn print_conflicts(r: &SyncReport) -> bool {
    if r.conflicts.is_empty() {
        return false;
    }
    eprintln!("kuni sync: stopped at a conflict; the library is as it was before the sync");
    for c in &r.conflicts {
        let what = match &c.report {
            Some(id) => format!("report {id} ({})", c.path),
            None => c.path.clone(),
        };
        if c.sections.is_empty() {
            eprintln!("  {what}: changed on both sides (deleted on one)");
        } else {
            eprintln!(
                "  {what}: the same passage changed on both sides in: {}",
                c.sections.join(", ")
            );
        }
        for (side, file) in [("mine", &c.mine), ("theirs", &c.theirs)] {
            match file {
                Some(f) => eprintln!("    {side:<6} {}", f.display()),
                None => eprintln!("    {side:<6} (deleted)"),
            }
        }
    }
    let first = r.conflicts[0].name();
    eprintln!(
        "  choose for each: kuni sync --resolve {first} --mine   (or --theirs; add --section TITLE for one section)"
    );
    eprintln!("  or edit the file in the library (theirs is kept above) and run: kuni sync --continue");
    true
}

/// The options from the command line's flags.
pub fn options(
    resolve: Option<String>,
    section: Option<String>,
    theirs: bool,
    continue_merge: bool,
    withdraw: Option<String>,
) -> SyncOptions {
    SyncOptions {
        resolve: resolve
            .map(|target| {
                vec![Resolve {
                    target,
                    section,
                    choice: if theirs { Choice::Theirs } else { Choice::Mine },
                }]
            })
            .unwrap_or_default(),
        continue_merge,
        withdraw,
    }
}

pub fn init_git(library: &Path) -> anyhow::Result<ExitCode> {
    let done =
        kuni::git::init::init(library).with_context(|| format!("kuni init-git {}", library.display()))?;
    if done.created {
        println!("made {} a Git repository", library.display());
    } else {
        println!("{} is already in a Git repository", library.display());
    }
    for f in &done.wrote {
        println!("  wrote {}", f.display());
    }
    println!(
        "next: `git remote add origin <shared folder or server>` (see docs/publishing.md), then `kuni sync`"
    );
    Ok(ExitCode::SUCCESS)
}
