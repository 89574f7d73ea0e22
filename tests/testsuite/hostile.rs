//! Hostile and broken reports (tests/fixtures/hostile/, plus the big or special files made
//! here): each gives a located message or is handled, and the rest of the library still
//! checks, lists, searches and exports. Every command runs as a child process with a time
//! limit, so a hang fails the test like a panic would.

use crate::child::*;
use crate::common::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(120);

/// `version: 2` of the valid fixture replaced, so every readable file gets its own PDF name.
fn valid_as_version(n: u32) -> String {
    edit(&valid_text(), "version: 2\n", &format!("version: {n}\n"))
}

/// The committed corpus, the valid report, and the files too big or too special to commit.
fn hostile_library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path();
    for e in fs::read_dir(fixture("hostile")).expect("hostile fixtures") {
        let p = e.expect("entry").path();
        fs::copy(&p, lib.join(p.file_name().expect("name"))).expect("copy");
    }
    fs::write(lib.join("vn.ja.md"), valid_text()).expect("write");
    // 50 MB: a valid report with a pasted data dump.
    let mut huge = valid_as_version(30).into_bytes();
    let line = "| 2024 | 輸入額 | 12,345 | 前年比 +3.2% | 出典: 統計局 |\n".as_bytes();
    while huge.len() < 50 * 1024 * 1024 {
        huge.extend_from_slice(line);
    }
    fs::write(lib.join("huge.ja.md"), huge).expect("write");
    // 10,000 levels of lists, ordered lists, quotes, links and emphasis, then the template.
    let deep = format!(
        "{}{}x\n\n{}y\n\n{}z\n\n{}w{}\n\n{}v{}\n\n",
        "- ".repeat(10_000),
        "",
        "1. ".repeat(10_000),
        ">".repeat(10_000),
        "[".repeat(10_000),
        "]".repeat(10_000),
        "*".repeat(10_000),
        "*".repeat(10_000),
    );
    let text = valid_as_version(31);
    let body_at = text.find("## 要点").expect("body");
    fs::write(
        lib.join("deep-nesting.ja.md"),
        format!("{}{deep}{}", &text[..body_at], &text[body_at..]),
    )
    .expect("write");
    // A link to a report outside the library, a link to the library itself (a loop), an
    // image under a report's name, and a named pipe (reading it would block forever).
    std::os::unix::fs::symlink(fixture("valid/vn.ja.md"), lib.join("outside.ja.md")).expect("symlink");
    std::os::unix::fs::symlink(lib, lib.join("loop")).expect("symlink");
    fs::copy(fixture("images/chart.png"), lib.join("image.ja.md")).expect("copy");
    let fifo = std::process::Command::new("mkfifo")
        .arg(lib.join("pipe.ja.md"))
        .status()
        .expect("mkfifo");
    assert!(fifo.success());
    dir
}

/// Files that read as reports (some with warnings); all others must be refused.
const READABLE: &[&str] = &[
    "-leading-dash.ja",
    "active-content.ja",
    "bom.ja",
    "crlf.ja",
    "deep-nesting.ja",
    "dots..in..name.ja",
    "lone-cr.ja",
    "name with spaces.ja",
    "nul-body.ja",
    "vn.ja",
    "日本語の名前.ja",
];

/// (file, severity, code, line, column, words of the message): what `kuni check` must say.
const EXPECTED: &[(&str, &str, &str, u64, u64, &str)] = &[
    (
        "billion-laughs.ja.md",
        "error",
        "yaml-syntax",
        2,
        11,
        "anchors and aliases",
    ),
    (
        "deep-nesting.ja.md",
        "warning",
        "deep-nesting",
        34,
        1,
        "nest deeper than 32 levels",
    ),
    (
        "duplicate-keys.ja.md",
        "error",
        "yaml-syntax",
        8,
        1,
        "duplicate field `status` (first given on line 7)",
    ),
    (
        "empty.ja.md",
        "error",
        "missing-front-matter",
        1,
        1,
        "must start with front matter",
    ),
    (
        "huge-numbers.ja.md",
        "error",
        "wrong-type",
        6,
        10,
        "whole number from 1 to 4294967295",
    ),
    (
        "huge-numbers.ja.md",
        "error",
        "invalid-date",
        8,
        10,
        "YYYY-MM-DD (found `99999999-12-31`)",
    ),
    (
        "huge-numbers.ja.md",
        "error",
        "wrong-type",
        32,
        16,
        "(found `-1e400`)",
    ),
    (
        "huge.ja.md",
        "error",
        "too-large",
        1,
        1,
        "a report may be at most 2 MB",
    ),
    (
        "image.ja.md",
        "error",
        "binary-file",
        1,
        1,
        "binary file, not text",
    ),
    (
        "invalid-utf8.ja.md",
        "error",
        "invalid-utf8",
        43,
        3,
        "not valid UTF-8",
    ),
    ("nul-body.ja.md", "warning", "control-character", 53, 1, "U+0000"),
    (
        "nul-front-matter.ja.md",
        "error",
        "control-character",
        5,
        9,
        "U+0000, which YAML does not allow",
    ),
    (
        "outside.ja.md",
        "error",
        "outside-library",
        1,
        1,
        "outside the library folder",
    ),
    ("pipe.ja.md", "error", "not-a-file", 1, 1, "not a regular file"),
    (
        "unclosed.ja.md",
        "error",
        "unclosed-front-matter",
        1,
        1,
        "never closed",
    ),
    ("wrong-types.ja.md", "error", "wrong-type", 6, 10, "(found `two`)"),
    (
        "wrong-types.ja.md",
        "error",
        "wrong-type",
        10,
        10,
        "`authors` must be a list, found a mapping",
    ),
    (
        "wrong-types.ja.md",
        "error",
        "wrong-type",
        14,
        26,
        "must be a list, found a single value",
    ),
];

fn kuni_on(lib: &Path, cache: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = kuni_in(cache);
    cmd.arg("--library").arg(lib).args(args);
    let start = Instant::now();
    let out = run_within(cmd, LIMIT);
    eprintln!("kuni {} took {:?}", args.join(" "), start.elapsed());
    out
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", text(&out.stdout), text(&out.stderr)))
}

fn file_name(v: &serde_json::Value) -> String {
    let path = v["file"].as_str().or(v["path"].as_str()).expect("path");
    Path::new(path)
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn check_locates_every_hostile_file_problem_and_still_checks_the_rest() {
    let lib = hostile_library();
    let cache = tempfile::tempdir().expect("cache");
    let out = kuni_on(lib.path(), cache.path(), &["check", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).is_empty(),
        "no panic or stray output: {}",
        text(&out.stderr)
    );
    let v = json(&out);
    let problems = v["problems"].as_array().expect("problems");
    for (file, severity, code, line, column, words) in EXPECTED {
        let found = problems.iter().any(|p| {
            file_name(p) == *file
                && p["severity"] == *severity
                && p["code"] == *code
                && p["line"] == *line
                && p["column"] == *column
                && p["message"].as_str().is_some_and(|m| m.contains(words))
        });
        assert!(
            found,
            "expected {file}:{line}:{column}: {severity} [{code}] …{words}…; got:\n{}",
            problems
                .iter()
                .filter(|p| file_name(p) == *file)
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // Every file is accounted for: readable ones have no errors, the others at least one.
    let readable: BTreeSet<&str> = READABLE.iter().copied().collect();
    for p in problems {
        let name = file_name(p);
        let id = name.strip_suffix(".md").unwrap_or(&name);
        if readable.contains(id) {
            assert_ne!(p["severity"], "error", "{id} should read cleanly: {p}");
        }
    }
    // BOM, CRLF and a lone CR change nothing: the only problem is the file name, located
    // on the same line and column as in the LF original.
    for id in ["bom.ja.md", "crlf.ja.md", "lone-cr.ja.md"] {
        let mine: Vec<_> = problems.iter().filter(|p| file_name(p) == id).collect();
        assert_eq!(mine.len(), 1, "{id}: {mine:?}");
        assert_eq!(
            (&mine[0]["code"], &mine[0]["line"], &mine[0]["column"]),
            (&"file-name".into(), &3.into(), &10.into())
        );
    }
}

#[test]
fn list_search_and_export_work_on_the_rest_of_a_hostile_library() {
    let lib = hostile_library();
    let cache = tempfile::tempdir().expect("cache");

    let out = kuni_on(lib.path(), cache.path(), &["list", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = json(&out);
    let listed: BTreeSet<String> = v["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect();
    let expected: BTreeSet<String> = READABLE.iter().map(|s| s.to_string()).collect();
    assert_eq!(listed, expected);
    let invalid = v["invalid"].as_array().expect("invalid").len();
    assert_eq!(invalid, 12, "every unreadable file is named: {}", v["invalid"]);

    // The text every report built from the fixture holds (active-content has its own body).
    let out = kuni_on(
        lib.path(),
        cache.path(),
        &["search", "--json", "--limit", "50", "公的医療保険"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let found: BTreeSet<String> = json(&out)["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect();
    let mut want = expected.clone();
    want.remove("active-content.ja");
    assert_eq!(found, want);

    let pdfs = tempfile::tempdir().expect("out");
    let out = kuni_on(
        lib.path(),
        cache.path(),
        &[
            "export",
            "--all",
            "--out-dir",
            pdfs.path().to_str().expect("utf-8"),
        ],
    );
    assert!(
        out.status.success(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains(&format!("exported {n} of {n} reports", n = READABLE.len())),
        "{}",
        text(&out.stdout)
    );
    let written: Vec<_> = fs::read_dir(pdfs.path())
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(written.len(), READABLE.len());
    for p in &written {
        assert!(
            fs::read(p).expect("read").starts_with(b"%PDF-"),
            "{}",
            p.display()
        );
    }

    // A report whose name starts with a dash is still reachable (after `--`).
    let one = pdfs.path().join("dash.pdf");
    let out = kuni_on(
        lib.path(),
        cache.path(),
        &[
            "export",
            "--out",
            one.to_str().expect("utf-8"),
            "--",
            "-leading-dash.ja",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(fs::read(&one).expect("pdf").starts_with(b"%PDF-"));
}

#[test]
fn a_huge_file_is_refused_before_it_is_parsed() {
    let mut bytes = valid_text().into_bytes();
    bytes.resize(50 * 1024 * 1024, b'a');
    let start = Instant::now();
    let (report, problems) = {
        let parsed = kuni::Report::parse(Path::new("vn.ja.md"), &bytes, today());
        (parsed.report, parsed.problems)
    };
    assert!(report.is_none());
    assert_eq!(
        brief(&problems),
        vec![
            "1:1: error: the file is 50.0 MB; a report may be at most 2 MB (reports are usually about 20 KB): split it or remove pasted data"
        ]
    );
    assert!(start.elapsed() < Duration::from_secs(1), "{:?}", start.elapsed());
}

#[test]
fn pathological_bodies_just_under_the_size_limit_parse_in_bounded_time() {
    // Inputs known to be slow in some Markdown parsers: unclosed brackets, emphasis runs,
    // backticks, HTML openers, table pipes, deep quotes, footnote references.
    let size = 1_900_000;
    let fill = |unit: &str| unit.repeat(size / unit.len());
    let cases = [
        ("[", fill("[")),
        ("*a", fill("*a")),
        ("_a ", fill("_a ")),
        ("`", fill("`")),
        ("<a", fill("<a ")),
        ("|", fill("| a ")),
        ("> ", fill("> ")),
        ("[^x]", fill("[^x]")),
        ("![", fill("![")),
        ("- [", fill("- [\n")),
    ];
    let text = valid_text();
    let body_at = text.find("## 要点").expect("body");
    for (name, body) in cases {
        let report = format!("{}{body}\n", &text[..body_at]);
        let start = Instant::now();
        let parsed = kuni::Report::parse(Path::new("vn.ja.md"), report.as_bytes(), today());
        let r = parsed
            .report
            .unwrap_or_else(|| panic!("{name}: {:?}", parsed.problems));
        let html = kuni::html::render(&r.doc);
        assert!(!html.is_empty());
        let took = start.elapsed();
        eprintln!(
            "{name:>6}: parse + HTML of {} KB in {took:?}",
            report.len() / 1024
        );
        assert!(took < Duration::from_secs(30), "{name}: {took:?}");
    }
}

#[test]
fn rendered_html_of_a_hostile_report_has_no_active_content() {
    let text = fs::read_to_string(fixture("hostile/active-content.ja.md")).expect("fixture");
    let (report, problems) = parse_named("active-content.ja.md", &text);
    let report = report.unwrap_or_else(|| panic!("{problems:?}"));
    let html = kuni::html::render(&report.doc);
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script",
        "<iframe",
        "<svg",
        "<math",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<style",
        "<img",
        "javascript:",
        "vbscript:",
        "data:",
        "xlink:",
        "style=",
        "srcdoc",
    ] {
        assert!(!lower.contains(bad), "`{bad}` survived in:\n{html}");
    }
    // No event handler attribute in any tag we emit.
    for tag in lower.split('<').skip(1) {
        let inside = tag.split('>').next().unwrap_or_default();
        for attr in inside.split_whitespace().skip(1) {
            assert!(!attr.starts_with("on"), "event handler `{attr}` in:\n{html}");
        }
    }
    // Every link left points to http(s), mailto or an anchor.
    for href in lower.split("href=\"").skip(1) {
        let url = href.split('"').next().unwrap_or_default();
        assert!(
            url.starts_with("https://")
                || url.starts_with("http://")
                || url.starts_with("mailto:")
                || url.starts_with('#'),
            "link to `{url}` in:\n{html}"
        );
    }
    // The same structural check the fuzz targets apply to every input.
    crate::fuzz_replay::targets::check_html(&html);
    // The text around the neutralised markup is kept (inline raw HTML is cleaned tag by tag).
    assert!(html.contains("<b></b>b</p>"), "{html}");
    assert!(
        html.contains("<span>j</span>"),
        "a dangerous link keeps its text: {html}"
    );
}

#[test]
fn export_all_never_lets_two_reports_overwrite_one_pdf() {
    // A copy of a report (same country, language, version and date) would get the same
    // deliverable name; the copy must be refused, not silently written over the original.
    let lib = tempfile::tempdir().expect("lib");
    let cache = tempfile::tempdir().expect("cache");
    let pdfs = tempfile::tempdir().expect("out");
    fs::write(lib.path().join("vn.ja.md"), valid_text()).expect("write");
    let copy = edit(&valid_text(), "輸入依存が高い。", "コピーの本文。");
    fs::write(lib.path().join("vn.ja (copy).md"), copy).expect("write");
    let out = kuni_on(
        lib.path(),
        cache.path(),
        &[
            "export",
            "--all",
            "--out-dir",
            pdfs.path().to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.contains("vn.ja (copy): not exported: its deliverable VN_ベトナム_v2_2026-10-01.pdf has the same name as vn.ja's"),
        "{err}"
    );
    assert!(
        text(&out.stdout).contains("exported 1 of 2 reports"),
        "{}",
        text(&out.stdout)
    );
    // The PDF is the original's: its text layer (read by poppler, as the other PDF tests do)
    // has the original's words, not the copy's.
    let pdf = pdfs.path().join("VN_ベトナム_v2_2026-10-01.pdf");
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by make setup)");
    let layer = text(&out.stdout);
    assert!(layer.contains("輸入依存"), "the original's text: {layer}");
    assert!(!layer.contains("コピー"), "not the copy's: {layer}");
}
