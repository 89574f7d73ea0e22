//! `kuni site`: published versions only, deterministic, self-contained. (The site in a real
//! browser is tested by tests/site/, with Playwright and headless Chromium.)

use crate::common::*;
use kuni::publish::{self, PublishOptions};
use kuni::{Library, site};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

const SECRET: &str = "下書きにだけある文";

/// A library with the valid fixture published, then edited (a draft), and a second report
/// that was never published.
fn library() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).expect("mkdir");
    std::fs::copy(fixture("valid/vn.ja.md"), lib.join("vn.ja.md")).expect("copy");
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    std::fs::copy(bundled.join("th.ja.md"), lib.join("th.ja.md")).expect("copy");
    let o = PublishOptions {
        note: "公開".into(),
        date: Some(today()),
        ..Default::default()
    };
    publish::publish(&lib, "vn.ja", &o, &publish::no_progress, &AtomicBool::new(false)).expect("publish");
    let path = lib.join("vn.ja.md");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replacen("## 留意点\n", &format!("## 留意点\n\n{SECRET}。\n"), 1),
    )
    .expect("edit");
    (dir, lib)
}

fn build(lib: &Path, out: &Path) -> kuni::Result<site::SiteSummary> {
    let library = Library::open(lib, today()).expect("library");
    site::build(
        &library,
        out,
        &kuni::pdf::ExportOptions::default(),
        &publish::no_progress,
        &AtomicBool::new(false),
    )
}

#[test]
fn the_site_shows_published_snapshots_only() {
    let (tmp, lib) = library();
    let out = tmp.path().join("site");
    let summary = build(&lib, &out).expect("site");
    assert_eq!(summary.reports, vec!["vn.ja"], "th.ja was never published");
    let all = tree(&out);
    let names: Vec<&str> = all
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !n.starts_with("assets/search/k/"))
        .collect();
    assert_eq!(
        names,
        vec![
            ".kuni-site",
            "accessibility.html",
            "assets/highlight.js",
            "assets/search-core.js",
            "assets/search.js",
            "assets/search/meta.js",
            "assets/search/t/0.js",
            "assets/site.css",
            "compare.html",
            "feed.xml",
            "index.html",
            &format!("pdf/VN_ベトナム_v3_{TODAY}.pdf"),
            "reports/vn.ja.html",
            "search.html",
            "server/apache.conf",
            "server/nginx.conf",
            "updates.html",
        ]
    );
    let shards = all
        .iter()
        .filter(|(n, _)| n.starts_with("assets/search/k/"))
        .count();
    assert!(shards.is_power_of_two(), "{shards} shards");
    for (name, bytes) in &all {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(SECRET), "the draft's text leaked into {name}");
        assert!(
            !text.contains("タイ 医療機器"),
            "an unpublished report leaked into {name}"
        );
    }
    let page = std::fs::read_to_string(out.join("reports/vn.ja.html")).expect("page");
    assert!(
        page.contains("<h2 id=\"要点\" data-line=\""),
        "the preview's renderer"
    );
    assert!(page.contains("<td>v3</td>"), "the revision history");
}

#[test]
fn pages_are_self_contained_and_accessible() {
    let (tmp, lib) = library();
    let out = tmp.path().join("site");
    build(&lib, &out).expect("site");
    for (name, bytes) in tree(&out).iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"), "{name}");
        assert!(
            html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'\">"),
            "{name}"
        );
        assert_eq!(html.matches("<main ").count(), 1, "{name}: one main landmark");
        assert_eq!(html.matches("<h1>").count(), 1, "{name}: one h1");
        assert!(
            html.contains("<nav ") && html.contains("<header ") && html.contains("<footer "),
            "{name}"
        );
        // Only the site's own files are loaded: no inline script or style, nothing remote.
        assert!(
            !html.contains("<script>") && !html.contains("style=") && !html.contains("<style"),
            "{name}"
        );
        for attr in ["src=\"http", "src=\"//", "href=\"//"] {
            assert!(!html.contains(attr), "{name} loads something remote: {attr}");
        }
        // Without a base URL every link of the head is relative: the style sheet, the feed.
        for tag in html.split("<link ").skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            assert!(
                [
                    "href=\"assets/",
                    "href=\"../assets/",
                    "href=\"feed.xml",
                    "href=\"../feed.xml"
                ]
                .iter()
                .any(|h| tag.contains(h)),
                "{name}: {tag}"
            );
        }
    }
}

#[test]
fn the_same_library_gives_the_same_site_byte_for_byte() {
    let (tmp, lib) = library();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    build(&lib, &a).expect("site a");
    build(&lib, &b).expect("site b");
    assert!(tree(&a) == tree(&b), "two builds differ");
    // Rebuilding into an earlier site replaces it as a whole.
    std::fs::write(a.join("stale.html"), "old").expect("write");
    build(&lib, &a).expect("rebuild");
    assert!(tree(&a) == tree(&b), "a rebuild leaves nothing stale");
}

#[test]
fn a_folder_of_other_files_is_not_replaced() {
    let (tmp, lib) = library();
    let out = tmp.path().join("mine");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("notes.txt"), "keep").expect("write");
    let err = build(&lib, &out).expect_err("refused");
    assert_eq!(err.code(), "output-folder");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).expect("read"),
        "keep"
    );
}

#[test]
fn the_normalisation_cases_shared_with_the_site_script_hold_for_the_engine() {
    let cases: Vec<(String, String)> = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/site/normalize-cases.json"),
        )
        .expect("cases"),
    )
    .expect("json");
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(input, want)| {
            let got = kuni::search::normalize::normalize_for_substrings(input).text;
            (&got != want).then(|| format!("{input} → {got}, not {want}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_token_cases_shared_with_the_site_script_hold_for_the_index() {
    type Case = (String, Vec<(String, u32)>);
    let cases: Vec<Case> = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/site/key-cases.json"))
            .expect("cases"),
    )
    .expect("json");
    for (input, want) in cases {
        let mut got = Vec::new();
        kuni::site::keys::keys(&input, 0, &mut got);
        let got: Vec<(String, u32)> = got.into_iter().map(|k| (k.text, k.position)).collect();
        assert_eq!(got, want, "{input}");
    }
}

#[test]
fn a_base_url_adds_canonical_links_and_the_sitemap_and_a_bad_one_is_refused() {
    let (tmp, lib) = library();
    let out = tmp.path().join("site");
    let library = Library::open(&lib, today()).expect("library");
    let base = site::BaseUrl::parse("https://example.go.jp/reports").expect("base");
    assert_eq!(base.as_str(), "https://example.go.jp/reports/");
    site::build_with(
        &library,
        &out,
        &kuni::pdf::ExportOptions::default(),
        Some(&base),
        &publish::no_progress,
        &AtomicBool::new(false),
    )
    .expect("site");
    let page = std::fs::read_to_string(out.join("reports/vn.ja.html")).expect("page");
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://example.go.jp/reports/reports/vn.ja.html\">")
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("<loc>https://example.go.jp/reports/reports/vn.ja.html</loc>"));
    for bad in [
        "example.go.jp",
        "ftp://x",
        "https://",
        "https://x/\"><script>",
        "https://a b",
    ] {
        let err = site::BaseUrl::parse(bad).expect_err(bad);
        assert!(err.starts_with("base URL"), "{err}");
    }
}
