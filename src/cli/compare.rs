//! `kuni compare`

use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path, ids: &[String], csv: bool) -> anyhow::Result<ExitCode> {
    let library = super::open_library(dir)?;
    let reports: Vec<&kuni::Report> = if ids.is_empty() {
        library
            .reports()
            .filter(|r| r.meta.language == kuni::report::Language::Ja)
            .collect()
    } else {
        ids.iter()
            .map(|id| library.report(id))
            .collect::<Result<_, _>>()?
    };
    let m = kuni::compare::matrix(&reports);
    if csv {
        let japanese = reports
            .first()
            .is_none_or(|r| r.meta.language == kuni::report::Language::Ja);
        print!("{}", kuni::compare::to_csv(&m, japanese));
    } else {
        println!("{}", serde_json::to_string_pretty(&m)?);
    }
    Ok(ExitCode::SUCCESS)
}
