//! `kuni site`

use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

pub fn run(library: &Path, out: &Path, base_url: Option<&str>) -> anyhow::Result<ExitCode> {
    let base = base_url
        .map(kuni::site::BaseUrl::parse)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let library = super::open_library(library)?;
    let bar = super::publish::progress_bar();
    let site = kuni::site::build_with(
        &library,
        out,
        &super::export::options(),
        base.as_ref(),
        &bar,
        &AtomicBool::new(false),
    )
    .with_context(|| format!("building the site in {}", out.display()))?;
    for w in &site.warnings {
        eprintln!("kuni: warning: {w}");
    }
    println!(
        "wrote {} files for {} published {} to {}; open {}",
        site.files,
        site.reports.len(),
        if site.reports.len() == 1 {
            "report"
        } else {
            "reports"
        },
        site.dir.display(),
        site.dir.join("index.html").display()
    );
    Ok(ExitCode::SUCCESS)
}
