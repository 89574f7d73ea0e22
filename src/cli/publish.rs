//! `kuni publish`, `kuni history`, `kuni deliver`, `kuni verify`

use anyhow::Context;
use kuni::publish::{self, Progress, PublishOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

/// A progress bar on stderr when it is a terminal; nothing otherwise.
pub fn progress_bar() -> impl Fn(&Progress) + Sync {
    let tty = std::io::stderr().is_terminal();
    move |p: &Progress| {
        if !tty {
            return;
        }
        let width = 30;
        let filled = p.done * width / p.total.max(1);
        eprint!(
            "\r\x1b[K[{}{}] {}/{} {}",
            "#".repeat(filled),
            " ".repeat(width - filled.min(width)),
            p.done,
            p.total,
            p.message
        );
        if p.done >= p.total {
            eprintln!();
        }
        let _ = std::io::stderr().flush();
    }
}

pub fn publish(
    library: &Path,
    id: &str,
    note: Option<&str>,
    out_dir: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let note = match note {
        Some(n) => n.to_string(),
        None => {
            // During an update cycle the note can say what the cycle did.
            let lib = super::open_library(library)?;
            let suggested = match lib.reports().find(|r| r.id == id) {
                Some(r) => kuni::review::changelog_note(r, &kuni::sources::Store::of(library))?,
                None => None,
            };
            if let Some(n) = &suggested {
                eprintln!("kuni publish: revision note from the update cycle: {n}");
            }
            suggested.unwrap_or_default()
        }
    };
    if note.trim().is_empty() {
        eprintln!(
            "kuni publish: --note must say what changed (it goes into the revision history); it can be left out only while an update cycle with marked items is open"
        );
        return Ok(ExitCode::from(2));
    }
    let opts = PublishOptions {
        note: note.trim().to_string(),
        out_dir,
        export: super::export::options(),
        date: None,
        fail_at: None,
    };
    let bar = progress_bar();
    let (done, git) = kuni::git::publish::publish(library, id, &opts, &bar, &AtomicBool::new(false))
        .with_context(|| format!("publishing `{id}`"))?;
    for w in &done.warnings {
        eprintln!("kuni: warning: {}: {w}", done.id);
    }
    println!("published {} v{} on {}", done.id, done.version, done.date);
    if !done.rechecks.is_empty() {
        println!(
            "  要再確認   {} consultation(s) cite a section this version changed: {} (`kuni consult stale`)",
            done.rechecks.len(),
            done.rechecks.join(", ")
        );
    }
    println!("  snapshot  {}", done.snapshot.display());
    for f in &done.files {
        println!("  {}", done.out_dir.join(&f.path).display());
    }
    println!(
        "  manifest  {}",
        done.out_dir.join(publish::manifest::MANIFEST_NAME).display()
    );
    if let Some(g) = git {
        if let (Some(tag), Some(commit)) = (&g.tag, &g.commit) {
            println!(
                "  git       commit {} tagged {tag}",
                &commit[..commit.len().min(8)]
            );
        }
        if let Some(why) = &g.offline {
            eprintln!(
                "kuni: warning: published here without checking the remote: {why}. The next `kuni sync` pushes it and refuses if someone else published v{} meanwhile",
                done.version
            );
        }
        if let Some(w) = &g.warning {
            eprintln!("kuni: warning: {w}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn history(library: &Path, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let library = super::open_library(library)?;
    let h = publish::history(&library, id)?;
    let path = library.report(id)?.path.clone();
    let git = kuni::git::log::report_log(&library.root, &h.id, &path)?;
    if json {
        let mut v = serde_json::to_value(&h)?;
        v["git"] = serde_json::to_value(&git)?;
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}  {}", h.id, h.title);
    if h.versions.is_empty() {
        println!("  never published");
    }
    for v in &h.versions {
        println!(
            "  v{:<3} {:<10}  {}{}",
            v.version,
            v.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            v.note.as_deref().unwrap_or(""),
            if v.snapshot { "" } else { "  (no snapshot)" }
        );
        if let Some(g) = git
            .as_ref()
            .and_then(|g| g.versions.iter().find(|g| g.version == v.version))
        {
            println!("        published by {} on {}", g.by, g.date);
            for c in &g.changes {
                println!("        {} {} {}: {}", c.commit, c.date, c.author, c.subject);
            }
        }
    }
    println!(
        "  draft: version {}, {}{}",
        h.draft.version,
        h.draft.status.code(),
        if h.draft.changed {
            ", changed since the last published version"
        } else {
            ", same as the last published version"
        }
    );
    if let Some(g) = &git {
        if !g.unpublished.is_empty() {
            println!("  changes since the last version:");
        }
        for c in &g.unpublished {
            println!("        {} {} {}: {}", c.commit, c.date, c.author, c.subject);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn deliver(
    library: &Path,
    out_dir: &Path,
    formats: &[kuni::formats::Format],
) -> anyhow::Result<ExitCode> {
    let library = super::open_library(library)?;
    let bar = progress_bar();
    let d = publish::deliver_formats(
        &library,
        out_dir,
        &super::export::options(),
        formats,
        &bar,
        &AtomicBool::new(false),
    )
    .with_context(|| format!("delivering into {}", out_dir.display()))?;
    for w in &d.warnings {
        eprintln!("kuni: warning: {w}");
    }
    for f in &d.files {
        println!(
            "  {}  {:>8} KB  {}",
            &f.sha256[..12],
            f.size.div_ceil(1024),
            f.path
        );
    }
    println!(
        "delivered {} files and {} to {}",
        d.files.len(),
        publish::manifest::MANIFEST_NAME,
        d.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
