//! `kuni export`

use anyhow::{Context, bail};
use kuni::pdf::{self, ExportOptions};
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

fn find(library_dir: &Path, key: &str) -> anyhow::Result<Report> {
    let path = Path::new(key);
    if key.ends_with(".md") && path.is_file() {
        let bytes = std::fs::read(path).with_context(|| format!("reading {key}"))?;
        let parsed = Report::parse(path, &bytes, kuni::today());
        return match parsed.report {
            Some(r) => Ok(r),
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
    Ok(library.report(key)?.clone())
}

pub fn one(library_dir: &Path, key: &str, out: &Path) -> anyhow::Result<ExitCode> {
    let report = find(library_dir, key)?;
    let start = std::time::Instant::now();
    let pdf = pdf::export(&report, &options())?;
    for w in &pdf.warnings {
        eprintln!("kuni: warning: {}: {w}", report.id);
    }
    write_atomic(out, &pdf.bytes)?;
    println!(
        "wrote {} ({} pages, {:.0} KB, {:.2} s)",
        out.display(),
        pdf.pages,
        pdf.bytes.len() as f64 / 1024.0,
        start.elapsed().as_secs_f64()
    );
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
        let name = pdf::file_name(r);
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

pub fn all(library_dir: &Path, out_dir: &Path) -> anyhow::Result<ExitCode> {
    let library: Library = super::open_library(library_dir)?;
    let (reports, clashes) = unique_deliverables(library.reports());
    let total = reports.len() + clashes.len();
    let failures = Mutex::new(clashes);
    let tty = std::io::stderr().is_terminal();
    let start = std::time::Instant::now();
    let on_done = |n: usize, r: &Report, result: kuni::Result<pdf::Exported>| {
        let written = result.map_err(anyhow::Error::from).and_then(|pdf| {
            for w in &pdf.warnings {
                eprintln!("\rkuni: warning: {}: {w}", r.id);
            }
            write_atomic(&out_dir.join(pdf::file_name(r)), &pdf.bytes)
        });
        if let Err(e) = written {
            failures
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(format!("{}: {e:#}", r.id));
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
    pdf::export_many(&reports, &options(), &AtomicBool::new(false), &on_done);
    if tty {
        eprintln!();
    }
    let failures = failures.into_inner().unwrap_or_default();
    for f in &failures {
        eprintln!("kuni: error: {f}");
    }
    println!(
        "exported {} of {total} reports to {} in {:.1} s",
        total - failures.len(),
        out_dir.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
