//! Replays the fuzz targets' inputs on stable Rust: the seeds (fuzz/seeds/TARGET), every
//! input that once crashed a target (fuzz/regressions/TARGET) and the hostile fixtures, run
//! through the same functions the cargo-fuzz binaries call (fuzz/targets.rs). Fuzzing
//! itself needs nightly and runs outside CI (scripts/fuzz.sh).

use crate::common::*;
use std::path::{Path, PathBuf};

#[path = "../../fuzz/targets.rs"]
pub mod targets;

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for dir in ["seeds", "regressions"] {
        let Ok(listing) = std::fs::read_dir(fuzz.join(dir).join(target)) else {
            continue;
        };
        files.extend(listing.map(|e| e.expect("entry").path()).filter(|p| p.is_file()));
    }
    files.sort();
    assert!(!files.is_empty(), "no seeds for {target}");
    files
}

fn replay(target: &str, extra: Vec<PathBuf>, run: impl Fn(&[u8])) {
    for file in inputs(target).into_iter().chain(extra) {
        let bytes = std::fs::read(&file).expect("read input");
        // Named before running, so a panic's output says which input it was.
        eprintln!("{target}: {}", file.display());
        run(&bytes);
    }
}

fn hostile_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("hostile"))
        .expect("hostile")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn front_matter_target_replays_its_corpus() {
    replay("front_matter", hostile_fixtures(), targets::front_matter);
}

#[test]
fn pdf_target_replays_its_corpus() {
    replay("pdf", Vec::new(), targets::pdf);
}

#[test]
fn docx_target_replays_its_corpus() {
    replay("docx", Vec::new(), targets::docx);
}

#[test]
fn search_query_target_replays_its_corpus() {
    let cache = tempfile::tempdir().expect("cache");
    let index = targets::query_index(&fixture("valid"), cache.path());
    replay("search_query", Vec::new(), |data| {
        targets::search_query(&index, data)
    });
}

/// The HTML check must itself catch what it is meant to catch.
#[test]
fn the_html_check_rejects_active_content() {
    for bad in [
        "<script>x</script>",
        "<p onclick=\"x\">a</p>",
        "<a href=\"javascript:alert(1)\">a</a>",
        "<a href=\" JavaScript&#58;alert(1)\">a</a>",
        "<img src=\"data:image/svg+xml,x\">",
        "<IFRAME src=\"https://x\">",
        "<p style=\"x\">a</p>",
        "<svg/onload=alert(1)>",
        "<input type=\"text\">",
        "<a href=\"java\tscript:alert(1)\">a</a>",
        "<a href=\" \u{1}vbscript:x\">a</a>",
    ] {
        let caught = std::panic::catch_unwind(|| targets::check_html(bad)).is_err();
        assert!(caught, "not caught: {bad}");
    }
    targets::check_html(
        "<input type=\"checkbox\" disabled><p data-line=\"1\">&lt;script&gt; javascript:alert(1) onclick=x</p><a href=\"https://example.org/\" class=\"external\">a</a><a href=\"#x\">b</a><a href=\"a/b:c\">c</a>",
    );
}
