//! Handing things to the desktop: a web link the user agreed to open, the export folder.
//! The app itself never connects anywhere; the user's browser does, after they confirm.

use crate::error::CommandError;
use std::ffi::OsStr;

/// Opens `url` in the user's browser. Only `http`, `https` and `mailto` pass: a report's link
/// could otherwise name a local program or file.
#[tauri::command(async)]
pub fn open_external(url: String) -> Result<(), CommandError> {
    if !is_openable(&url) {
        return Err(CommandError::new(
            "invalid-argument",
            format!("not a web link: {url}"),
        ));
    }
    open_with_desktop(OsStr::new(&url))
}

/// True for an absolute http(s) or mailto link with nothing that could be read as an option.
pub fn is_openable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let scheme_ok = ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s));
    scheme_ok && url.len() <= 4096 && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Runs the desktop's opener (xdg-open) on `target` without waiting for it.
pub fn open_with_desktop(target: &OsStr) -> Result<(), CommandError> {
    std::process::Command::new("xdg-open")
        .arg(target)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|e| CommandError::new("io", format!("cannot start xdg-open: {e}")))
}

#[cfg(test)]
mod tests {
    use super::is_openable;

    #[test]
    fn only_web_links_open() {
        assert!(is_openable("https://www.moh.gov.vn/"));
        assert!(is_openable("HTTP://example.org/a?b=c"));
        assert!(is_openable("mailto:someone@example.org"));
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "/usr/bin/xterm",
            "--help",
            "https://a b",
            "data:text/html,x",
        ] {
            assert!(!is_openable(bad), "{bad}");
        }
    }
}
