//! `kuni site`

use std::path::Path;
use std::process::ExitCode;

pub fn run(_library: &Path, _out: &Path) -> anyhow::Result<ExitCode> {
    eprintln!("kuni site: the static website is not available in this version of Kuni yet");
    Ok(ExitCode::from(2))
}
