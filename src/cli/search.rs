//! `kuni index` and `kuni search`

use anyhow::Context;
use kuni::search::{self, Progress, SearchIndex, SearchResults};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

/// Opens the library's index and brings it up to date, reading the reports one at a time.
fn open(dir: &Path, show_progress: bool) -> anyhow::Result<(SearchIndex, search::RefreshStats)> {
    if !dir.is_dir() {
        // The same message as every other command's.
        super::open_library(dir)?;
    }
    let (morph, warning) = search::load_morphology();
    if let Some(w) = warning {
        eprintln!("kuni: note: {w}");
    }
    let mut index = SearchIndex::open(dir, &search::cache_root(), morph)
        .with_context(|| format!("cannot open the search index of {}", dir.display()))?;
    let tty = show_progress && std::io::stderr().is_terminal();
    let progress = |p: Progress| {
        if tty {
            eprint!("\rindexing {}/{}", p.done, p.total);
            let _ = std::io::stderr().flush();
        }
    };
    let stats = index
        .refresh_folder(dir, kuni::today(), &progress, &AtomicBool::new(false))
        .context("indexing failed")?;
    if tty && stats.indexed > 0 {
        eprintln!();
    }
    Ok((index, stats))
}

pub fn index(dir: &Path) -> anyhow::Result<ExitCode> {
    let (index, stats) = open(dir, true)?;
    if let Some(reason) = &stats.rebuild_reason {
        println!("rebuilt the index: {reason}");
    }
    println!(
        "{} reports indexed, {} removed, {} unchanged; {} sections in {:.2} s ({:.1} MB of text)",
        stats.indexed,
        stats.removed,
        stats.unchanged,
        stats.sections,
        stats.elapsed.as_secs_f64(),
        stats.bytes as f64 / 1e6
    );
    println!(
        "index: {} (morphological analysis {})",
        index.dir().display(),
        if index.morphology() { "on" } else { "off" }
    );
    Ok(ExitCode::SUCCESS)
}

pub fn search(dir: &Path, query: &str, limit: usize, json: bool) -> anyhow::Result<ExitCode> {
    let (index, _) = open(dir, false)?;
    let results = index.search(query, limit);
    if json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    } else {
        print_results(&results, std::io::stdout().is_terminal());
    }
    Ok(ExitCode::SUCCESS)
}

fn print_results(r: &SearchResults, color: bool) {
    for w in &r.warnings {
        eprintln!("kuni: note: {w}");
    }
    if r.reports.is_empty() {
        println!("no results for {}", r.query);
        return;
    }
    let (on, off) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("【", "】")
    };
    for hit in &r.reports {
        println!("{}  ({}, {}, {})", hit.title, hit.id, hit.country, hit.region);
        for s in &hit.sections {
            println!("  {}  #{}", s.path.join(" › "), s.anchor);
            let text: String = s
                .snippet
                .iter()
                .map(|seg| {
                    if seg.hit {
                        format!("{on}{}{off}", seg.text)
                    } else {
                        seg.text.clone()
                    }
                })
                .collect();
            println!("    {text}");
        }
    }
    println!(
        "{} reports, {} matching sections ({:.1} ms)",
        r.reports.len(),
        r.total_sections,
        r.took_ms
    );
}

pub fn build_dictionary(source: &Path, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let out = match out {
        Some(o) => o.to_path_buf(),
        None => search::morph::dictionary_dir()
            .context("no data directory to put the dictionary in: give --out")?,
    };
    let start = std::time::Instant::now();
    search::morph::build_dictionary(source, &out).map_err(anyhow::Error::msg)?;
    println!(
        "built the IPADIC dictionary in {} ({:.1} s)",
        out.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
