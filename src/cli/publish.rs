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

pub fn publish(library: &Path, id: &str, note: &str, out_dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    if note.trim().is_empty() {
        eprintln!("kuni publish: --note must say what changed (it goes into the revision history)");
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
    let done = publish::publish(library, id, &opts, &bar, &AtomicBool::new(false))
        .with_context(|| format!("publishing `{id}`"))?;
    for w in &done.warnings {
        eprintln!("kuni: warning: {}: {w}", done.id);
    }
    println!("published {} v{} on {}", done.id, done.version, done.date);
    println!("  snapshot  {}", done.snapshot.display());
    for f in &done.files {
        println!("  {}", done.out_dir.join(&f.path).display());
    }
    println!(
        "  manifest  {}",
        done.out_dir.join(publish::manifest::MANIFEST_NAME).display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn history(library: &Path, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let library = super::open_library(library)?;
    let h = publish::history(&library, id)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&h)?);
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
