//! `kuni export`

use anyhow::{Context, bail};
use kuni::formats::{self, Format, Output};
use kuni::pdf::ExportOptions;
use kuni::{Library, Report};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

pub fn options() -> ExportOptions {
    kuni::settings::Settings::load().0.export_options()
}

/// Writes `bytes` to `path` atomically (creating its folder), so a failed export never leaves
/// a truncated PDF behind.
fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(kuni::save::write_atomic(path, bytes)?)
}

/// The report `key` names, and the library it is ranked among on its summary page.
fn find(library_dir: &Path, key: &str) -> anyhow::Result<(Report, Vec<Report>)> {
    let path = Path::new(key);
    if key.ends_with(".md") && path.is_file() {
        // The other reports' front matter (for the summary's ranks) is read on a second
        // thread while this one parses the report.
        let (parsed, peers) = std::thread::scope(|s| {
            let peers = s.spawn(|| {
                kuni::Library::open_front_matter(library_dir, kuni::today())
                    .map(|l| l.reports().cloned().collect::<Vec<_>>())
                    .unwrap_or_default()
            });
            let parsed = std::fs::read(path)
                .with_context(|| format!("reading {key}"))
                .map(|bytes| Report::parse(path, &bytes, kuni::today()));
            (parsed, peers.join().unwrap_or_default())
        });
        let parsed = parsed?;
        return match parsed.report {
            Some(r) => Ok((r, peers)),
            None => bail!(
                "{key} cannot be read as a report:\n{}",
                parsed
                    .problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
    }
    let library = super::open_library(library_dir)?;
    let report = library.report(key)?.clone();
    Ok((report, library.reports().cloned().collect()))
}

/// Where format `f` of a one-report export goes: `out` itself for a single format, else
/// `out` with each format's extension.
fn out_path(out: &Path, f: Format, several: bool) -> std::path::PathBuf {
    if several {
        out.with_extension(f.extension())
    } else {
        out.to_path_buf()
    }
}

pub fn one(library_dir: &Path, key: &str, out: &Path, formats: &[Format]) -> anyhow::Result<ExitCode> {
    let (report, peers) = find(library_dir, key)?;
    let mut opts = options().with_peers(&peers);
    // One time stamp for all formats, so the PDF and the .docx carry the same dates.
    opts.timestamp = Some(chrono::Utc::now().timestamp());
    for &f in formats {
        let start = std::time::Instant::now();
        let made: Output = f.export(&report, &opts)?;
        for w in &made.warnings {
            eprintln!("kuni: warning: {}: {w}", report.id);
        }
        let path = out_path(out, f, formats.len() > 1);
        write_atomic(&path, &made.bytes)?;
        let pages = made.pages.map(|n| format!("{n} pages, ")).unwrap_or_default();
        println!(
            "wrote {} ({pages}{:.0} KB, {:.2} s)",
            path.display(),
            made.bytes.len() as f64 / 1024.0,
            start.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Splits the reports into those whose deliverable file name is free and, for the others, an
/// error each: two reports with the same country, language, version and date would otherwise
/// silently overwrite one another's PDF (the first by id is exported).
fn unique_deliverables<'a>(reports: impl Iterator<Item = &'a Report>) -> (Vec<&'a Report>, Vec<String>) {
    let mut claimed: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    let mut unique = Vec::new();
    let mut clashes = Vec::new();
    for r in reports {
        let name = Format::Pdf.file_name(r);
        match claimed.get(&name) {
            Some(first) => clashes.push(format!(
                "{}: not exported: its deliverable {name} has the same name as {first}'s (same country, language, version and date)",
                r.id
            )),
            None => {
                claimed.insert(name, &r.id);
                unique.push(r);
            }
        }
    }
    (unique, clashes)
}

pub fn all(library_dir: &Path, out_dir: &Path, formats: &[Format]) -> anyhow::Result<ExitCode> {
    let library: Library = super::open_library(library_dir)?;
    let (reports, clashes) = unique_deliverables(library.reports());
    let total = reports.len() * formats.len() + clashes.len();
    let failures = Mutex::new(clashes);
    let tty = std::io::stderr().is_terminal();
    let start = std::time::Instant::now();
    let on_done = |n: usize, r: &Report, f: Format, result: kuni::Result<Output>| {
        let written = result.map_err(anyhow::Error::from).and_then(|made| {
            for w in &made.warnings {
                eprintln!("\rkuni: warning: {}: {w}", r.id);
            }
            write_atomic(&out_dir.join(f.file_name(r)), &made.bytes)
        });
        if let Err(e) = written {
            failures.lock().unwrap_or_else(|p| p.into_inner()).push(format!(
                "{} ({}): {e:#}",
                r.id,
                f.extension()
            ));
        }
        if tty {
            let width = 30;
            let filled = n * width / total.max(1);
            eprint!(
                "\r[{}{}] {n}/{total}",
                "#".repeat(filled),
                " ".repeat(width - filled)
            );
            let _ = std::io::stderr().flush();
        }
    };
    let opts = options().with_peers(library.reports());
    formats::export_many(&reports, formats, &opts, &AtomicBool::new(false), &on_done);
    if tty {
        eprintln!();
    }
    let failures = failures.into_inner().unwrap_or_default();
    for f in &failures {
        eprintln!("kuni: error: {f}");
    }
    println!(
        "exported {} of {total} {} to {} in {:.1} s",
        total - failures.len(),
        if formats.len() == 1 { "reports" } else { "files" },
        out_dir.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
