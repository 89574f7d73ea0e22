//! `kuni check`

use kuni::Severity;
use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let library = super::open_library(dir)?;
    // Characters no configured font has: the PDF would show a stand-in for them.
    let fonts = kuni::settings::Settings::load().0.export_options().fonts;
    let mut glyphs = Vec::new();
    for r in library.reports() {
        match kuni::pdf::fonts::uncovered(r, &fonts) {
            Ok(found) => glyphs.extend(found),
            Err(e) => eprintln!("kuni: fonts not checked: {e}"),
        }
    }
    let mut problems: Vec<_> = library.problems().cloned().collect();
    problems.extend(glyphs);
    // What the last source check and an open update cycle say (offline: read from the library).
    let store = kuni::sources::Store::of(dir);
    for r in library.reports() {
        problems.extend(kuni::review::problems(r, &store));
    }
    // Consultation records: their own checks, and their citations against the reports.
    let records = kuni::consult::load(dir);
    for r in &records {
        problems.extend(r.problems.iter().cloned());
        problems.extend(kuni::consult::check(&library, r));
    }
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let warnings = problems.len() - errors;
    if json {
        let out = serde_json::json!({
            "library": library.root,
            "files": library.entries.len(),
            "consultations": records.len(),
            "errors": errors,
            "warnings": warnings,
            "problems": problems,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for p in &problems {
            println!("{p}");
        }
        let bad = library.entries.iter().filter(|e| e.report.is_none()).count();
        eprintln!(
            "{} {} checked: {errors} {}, {warnings} {}{}",
            library.entries.len(),
            plural(library.entries.len(), "file", "files"),
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
            if bad > 0 {
                format!(" ({bad} could not be read as reports)")
            } else {
                String::new()
            }
        );
        if !records.is_empty() {
            eprintln!(
                "{} {} checked with them",
                records.len(),
                plural(records.len(), "consultation", "consultations")
            );
        }
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `kuni check --to-verify`: every report's 要確認 items, report by report, in file order.
pub fn to_verify(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let library = super::open_library(dir)?;
    let reports: Vec<_> = library.reports().collect();
    let total: usize = reports.iter().map(|r| r.to_verify.len()).sum();
    if json {
        let out = serde_json::json!({
            "library": library.root,
            "items": total,
            "reports": reports
                .iter()
                .map(|r| serde_json::json!({ "id": r.id, "file": r.path, "to_verify": r.to_verify }))
                .collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for r in &reports {
            for item in &r.to_verify {
                println!(
                    "{}:{}:{}: 要確認: [{}] {}",
                    r.path.display(),
                    item.location.line,
                    item.location.column,
                    item.place,
                    item.text
                );
            }
        }
        eprintln!(
            "{total} {} to verify in {} {}",
            plural(total, "item", "items"),
            reports.len(),
            plural(reports.len(), "report", "reports")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
