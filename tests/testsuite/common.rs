//! Helpers shared by the tests.

use chrono::NaiveDate;
use kuni::{Problem, Report};
use std::path::{Path, PathBuf};

/// The fixed "today" of every test, so staleness and future-date checks never drift.
pub const TODAY: &str = "2026-12-07";

pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("valid date")
}

pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

pub fn valid_text() -> String {
    std::fs::read_to_string(fixture("valid/vn.ja.md")).expect("fixture readable")
}

/// Parses `text` as the file `name` and returns the report (if any) and its problems.
pub fn parse_named(name: &str, text: &str) -> (Option<Report>, Vec<Problem>) {
    let parsed = Report::parse(Path::new(name), text.as_bytes(), today());
    (parsed.report, parsed.problems)
}

pub fn parse(text: &str) -> (Option<Report>, Vec<Problem>) {
    parse_named("vn.ja.md", text)
}

/// `line:column: severity: message` of each problem, for compact assertions.
pub fn brief(problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| {
            format!(
                "{}:{}: {}: {}",
                p.location.line, p.location.column, p.severity, p.message
            )
        })
        .collect()
}

/// 1-based line and column of `needle` in `text` (columns in characters).
pub fn at(text: &str, needle: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(n, l)| l.find(needle).map(|b| (n + 1, l[..b].chars().count() + 1)))
        .expect("needle in text")
}

/// Replaces exactly one occurrence of `from`, so a fixture edit cannot silently miss.
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` must occur exactly once in the fixture"
    );
    text.replacen(from, to, 1)
}

/// A cache folder for this test run, so tests never touch the user's search indexes.
pub fn test_cache_dir() -> PathBuf {
    std::env::temp_dir().join(format!("kuni-test-cache-{}", std::process::id()))
}

/// Every file below `dir` with its bytes, by path relative to `dir`, sorted: to compare a
/// folder before and after, or two builds.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = files_below(dir)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&p).expect("read");
            (rel, bytes)
        })
        .collect();
    out.sort();
    out
}

/// Every file below `dir` (any order).
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("list") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// How many characters of `source` appear in `pdf` in order (whitespace ignored): a greedy
/// subsequence match that skips a character it cannot find nearby instead of losing sync.
pub fn matched_in_order(source: &str, pdf: &str) -> (usize, usize, Vec<String>) {
    let src: Vec<char> = source.chars().filter(|c| !c.is_whitespace()).collect();
    let out: Vec<char> = pdf.chars().filter(|c| !c.is_whitespace()).collect();
    let (mut j, mut found) = (0usize, 0usize);
    let mut lost = Vec::new();
    for (i, c) in src.iter().enumerate() {
        match out[j..].iter().take(4000).position(|o| o == c) {
            Some(k) => {
                found += 1;
                j += k + 1;
            }
            None => lost.push(
                src[i.saturating_sub(10)..(i + 10).min(src.len())]
                    .iter()
                    .collect(),
            ),
        }
    }
    (found, src.len(), lost)
}

/// Runs a checking tool (poppler, qpdf, LibreOffice, python) and gives its standard output;
/// fails the test when it cannot start, fails, or complains of a malformed object on standard
/// error (poppler goes on after one but says `Syntax Error` or `Syntax Warning`, and a
/// deliverable must give it nothing to complain about).
pub fn run_tool(cmd: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} runs (make setup installs it): {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        !stderr.contains("Syntax Error") && !stderr.contains("Syntax Warning"),
        "{cmd} {args:?} complained: {stderr}"
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The first line a test server started as `child` prints (its port), trimmed.
pub fn first_line(child: &mut std::process::Child) -> String {
    use std::io::BufRead;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("the server's stdout is piped"))
        .read_line(&mut line)
        .expect("the server prints its port");
    line.trim().to_string()
}
