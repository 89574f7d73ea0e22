//! The bodies of the fuzz targets, as plain functions.
//!
//! Included by the cargo-fuzz binaries (`fuzz_targets/*.rs`, nightly) and by the stable
//! test suite (`tests/testsuite/fuzz_replay.rs`), which replays the committed seeds and every
//! input that once crashed. Each function panics exactly when an invariant is broken, so
//! libFuzzer reports it as a crash and the replay test fails.

use kuni::Report;
use kuni::search::SearchIndex;
use std::path::Path;

/// The date the checks compare against, fixed so an input behaves the same on any day.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
}

/// Elements that must never come out of `kuni::html`, whatever the report says.
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "frame", "object", "embed", "svg", "math", "form", "style", "link", "meta", "base",
];

/// Checks the markup of `html` (the text between tags is escaped, so every `<` opens markup
/// that Kuni or ammonia wrote): no forbidden element, no event-handler attribute, no
/// `style` or `srcdoc`, and every URL-valued attribute is http(s), mailto, an anchor or a
/// relative path. Panics with the offending tag otherwise. Public for the HTML tests.
pub fn check_html(html: &str) {
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        if tag.starts_with('/') || tag.starts_with('!') {
            continue;
        }
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        assert!(
            !FORBIDDEN_TAGS.contains(&name.as_str()),
            "<{name}> in rendered HTML: <{tag}>"
        );
        let attrs = attributes(&tag[name_end..]);
        if name == "input" {
            // Only the disabled checkbox Kuni draws for task list items.
            let has = |a: &str, v: &str| attrs.iter().any(|(n, val)| n == a && val == v);
            assert!(
                has("type", "checkbox") && has("disabled", ""),
                "<input> in rendered HTML: <{tag}>"
            );
        }
        for (attr, value) in attrs {
            assert!(!attr.starts_with("on"), "event handler in <{tag}>");
            assert!(attr != "style" && attr != "srcdoc", "`{attr}` in <{tag}>");
            if matches!(
                attr.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "poster" | "cite"
            ) {
                // As a browser reads it: tabs and line breaks removed, outer spaces and
                // controls trimmed; a scheme is letters, digits, `+`, `-`, `.` before `:`.
                let url: String = value
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect::<String>()
                    .trim_matches(|c: char| c <= ' ')
                    .to_ascii_lowercase();
                let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
                    s.starts_with(|c: char| c.is_ascii_alphabetic())
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                });
                let safe = scheme.is_none_or(|s| matches!(s, "http" | "https" | "mailto"));
                assert!(safe, "URL `{value}` in <{tag}>");
            }
        }
    }
}

/// The attributes of a tag's text after its name, as (lowercase name, unescaped-as-written value).
fn attributes(mut rest: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        let mut value = String::new();
        if let Some(after) = rest.trim_start().strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or_default())
                }
                _ => {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            value = v
                .replace("&amp;", "&")
                .replace("&#58;", ":")
                .replace("&colon;", ":");
            rest = tail;
        }
        out.push((name, value));
    }
}

/// Any bytes as a report file: reading never panics, a refused file always says why (with a
/// located error), and a readable one renders to HTML without active content.
pub fn front_matter(data: &[u8]) {
    let parsed = Report::parse(Path::new("vn.ja.md"), data, today());
    for p in &parsed.problems {
        assert!(
            p.location.line >= 1 && p.location.column >= 1,
            "unlocated problem {p}"
        );
        assert!(!p.message.is_empty(), "problem without words: {p:?}");
    }
    match &parsed.report {
        None => assert!(
            parsed
                .problems
                .iter()
                .any(|p| p.severity == kuni::Severity::Error),
            "a refused file must carry an error: {:?}",
            parsed.problems
        ),
        Some(report) => check_html(&kuni::html::render(&report.doc)),
    }
}

/// A fixed, valid front matter, so the fuzzer spends its time in the body.
const FRONT: &str = "---\ntitle: 試験\ncountry: VN\nlanguage: ja\nregion: 東南アジア\nversion: 1\nstatus: draft\nupdated: 2026-10-01\nauthors: [試験]\nregulation:\n  regulator: { value: 保健省, sources: [s] }\nsources:\n  - { id: s, title: 出典, url: \"https://example.org/\", accessed: 2026-09-01 }\n---\n";

/// Any text as a report body: Markdown → document model → layout → PDF never panics, and a
/// PDF that comes out starts like one.
pub fn pdf(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    let text = format!("{FRONT}{body}");
    let parsed = Report::parse(Path::new("vn.ja.md"), text.as_bytes(), today());
    let Some(report) = parsed.report else { return };
    check_html(&kuni::html::render(&report.doc));
    let options = kuni::pdf::ExportOptions {
        timestamp: Some(0),
        ..Default::default()
    };
    if let Ok(out) = kuni::pdf::export(&report, &options) {
        assert!(out.bytes.starts_with(b"%PDF-"), "not a PDF");
        assert!(out.pages >= 2, "a cover and a body page at least");
    }
}

/// Any report body exported as a .docx: never a panic, always a zip package whose parts end
/// their root elements, and the same bytes when exported twice.
pub fn docx(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    let text = format!("{FRONT}{body}");
    let parsed = Report::parse(Path::new("vn.ja.md"), text.as_bytes(), today());
    let Some(report) = parsed.report else { return };
    let options = kuni::pdf::ExportOptions {
        timestamp: Some(0),
        ..Default::default()
    };
    let Ok(out) = kuni::docx::export(&report, &options) else {
        return;
    };
    assert!(out.bytes.starts_with(b"PK\x03\x04"), "not a zip package");
    let tail = &out.bytes[out.bytes.len().saturating_sub(22)..];
    assert!(tail.starts_with(b"PK\x05\x06"), "no end of central directory");
    let again = kuni::docx::export(&report, &options).map(|d| d.bytes).ok();
    assert!(again.as_ref() == Some(&out.bytes), "two exports differ");
}

/// An index of the library in `library`, kept under `cache`, for [`search_query`].
pub fn query_index(library: &Path, cache: &Path) -> SearchIndex {
    let (morph, _) = kuni::search::load_morphology();
    let lib = kuni::Library::open(library, today()).unwrap_or_else(|e| panic!("fixture library: {e}"));
    let mut index = SearchIndex::open(library, cache, morph).unwrap_or_else(|e| panic!("index: {e}"));
    index
        .refresh(&lib, &|_| {}, &std::sync::atomic::AtomicBool::new(false))
        .unwrap_or_else(|e| panic!("indexing: {e}"));
    index
}

/// Any text typed into the search box: parsing and searching never panic, the limit holds,
/// scores are numbers and no highlight is empty.
pub fn search_query(index: &SearchIndex, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = kuni::search::query::parse(text);
    let results = index.search(text, 5);
    assert!(results.reports.len() <= 5, "limit ignored");
    for report in &results.reports {
        for section in &report.sections {
            assert!(section.score.is_finite(), "score {}", section.score);
            for segment in section.snippet.iter().filter(|s| s.hit) {
                assert!(!segment.text.is_empty(), "empty highlight in {}", report.id);
            }
        }
    }
}
