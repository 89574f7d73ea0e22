//! No outbound access: the CLI works with networking removed, and the built UI bundle loads
//! nothing from the internet.

use crate::child::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reports")
}

/// `cmd` in a new network namespace: only a loopback interface, which is down.
fn without_network(cmd: &std::process::Command) -> std::process::Command {
    in_namespace(&["-n"], "true", cmd)
}

#[test]
fn check_search_and_export_work_with_networking_removed() {
    if !namespaces_or_skip("no network") {
        return;
    }
    // The namespace really has no way out: its only interface is the loopback.
    let mut probe = std::process::Command::new("cat");
    probe.arg("/proc/net/dev");
    let out = run_within(without_network(&probe), Duration::from_secs(10));
    assert!(out.status.success(), "unshare -n failed: {}", text(&out.stderr));
    let interfaces: Vec<String> = text(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split(':').next().map(|n| n.trim().to_string()))
        .collect();
    assert_eq!(interfaces, vec!["lo"], "{}", text(&out.stdout));

    let cache = tempfile::tempdir().expect("cache");
    let pdfs = tempfile::tempdir().expect("out");
    let run = |args: &[&str]| {
        let mut cmd = kuni_in(cache.path());
        cmd.arg("--library").arg(bundled()).args(args);
        run_within(without_network(&cmd), Duration::from_secs(300))
    };
    let out = run(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let out = run(&["search", "--json", "医療機器"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v["reports"].as_array().is_some_and(|r| !r.is_empty()), "{v}");
    let out = run(&[
        "export",
        "--all",
        "--out-dir",
        pdfs.path().to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let reports = std::fs::read_dir(bundled())
        .expect("reports")
        .filter(|e| {
            let name = e.as_ref().expect("entry").file_name();
            let name = name.to_string_lossy();
            name.ends_with(".md") && name != "README.md"
        })
        .count();
    assert_eq!(std::fs::read_dir(pdfs.path()).expect("out").count(), reports);
}

/// With no network at all, a source check of the whole bundled library ends fast, says per
/// host why it could not check, exits 1, and writes nothing into the library.
#[test]
fn a_source_check_without_network_fails_fast_per_host_and_changes_nothing() {
    if !namespaces_or_skip("no network") {
        return;
    }
    let work = tempfile::tempdir().expect("work");
    let library = work.path().join("library");
    std::fs::create_dir(&library).expect("library");
    // The reports (the consultations folder cites no source).
    for entry in std::fs::read_dir(bundled())
        .expect("reports")
        .flatten()
        .filter(|e| e.path().is_file())
    {
        std::fs::copy(entry.path(), library.join(entry.file_name())).expect("copy");
    }
    let before = crate::common::tree(&library);
    let cache = tempfile::tempdir().expect("cache");
    let mut cmd = kuni_in(cache.path());
    cmd.arg("--library")
        .arg(&library)
        .args(["sources", "check", "--all"])
        .env_remove("HTTPS_PROXY")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY");
    let started = std::time::Instant::now();
    let out = run_within(without_network(&cmd), Duration::from_secs(120));
    let took = started.elapsed();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // 1,165 addresses on 700 hosts: one failed lookup per host, no waiting between them.
    assert!(took < Duration::from_secs(30), "took {took:?}");
    let per_host: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("kuni sources check: ") && l.contains("not checked"))
        .collect();
    assert!(per_host.len() > 100, "{stderr}");
    assert!(
        per_host.iter().all(|l| l.contains("does not resolve")),
        "{per_host:?}"
    );
    assert_eq!(crate::common::tree(&library), before, "nothing written");
}

/// One absolute http(s) URL used to load something, in `file` at `line`.
#[derive(Debug, PartialEq)]
struct RemoteResource {
    file: String,
    line: usize,
    context: String,
}

/// Where an absolute URL means "load this": element sources, stylesheet and script links,
/// CSS url() and @import, ES imports, fetch, workers, sockets, beacons, event streams.
const RESOURCE_CONTEXTS: &[&str] = &[
    "src=",
    "srcset=",
    "<link",
    "url(",
    "@import",
    "import(",
    "import ",
    "from",
    "fetch(",
    "worker(",
    "websocket(",
    "eventsource(",
    "sendbeacon(",
    ".open(",
    "xlink:href=",
    "action=",
];

/// URLs that are names, not resources: XML namespaces of SVG, XLink and MathML.
const NOT_RESOURCES: &[&str] = &[
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1998/math/mathml",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/xml/1998/namespace",
    "http://www.w3.org/2000/xmlns/",
];

/// Every absolute http(s) (or ws, or protocol-relative) URL in `text` whose preceding 40 characters (on its line)
/// put it in a resource context, skipping license and other comments.
fn remote_resources(file: &str, text: &str) -> Vec<RemoteResource> {
    let mut found = Vec::new();
    let mut in_block_comment = false;
    for (n, line) in text.lines().enumerate() {
        let lower = line.to_ascii_lowercase();
        let mut searchable = String::with_capacity(lower.len());
        // Blank out comments so a license header's URL is not taken for a resource.
        let mut rest = lower.as_str();
        while !rest.is_empty() {
            if in_block_comment {
                match rest.find("*/") {
                    Some(end) => {
                        searchable.extend(std::iter::repeat_n(' ', end + 2));
                        rest = &rest[end + 2..];
                        in_block_comment = false;
                    }
                    None => {
                        searchable.extend(std::iter::repeat_n(' ', rest.len()));
                        rest = "";
                    }
                }
            } else {
                match rest.find("/*") {
                    Some(start) => {
                        searchable.push_str(&rest[..start]);
                        searchable.push_str("  ");
                        rest = &rest[start + 2..];
                        in_block_comment = true;
                    }
                    None => {
                        searchable.push_str(rest);
                        rest = "";
                    }
                }
            }
        }
        // Absolute URLs, and protocol-relative ones (`"//host/…"`), which load over the network too.
        let mut starts: Vec<usize> = Vec::new();
        for scheme in ["https://", "http://", "wss://", "ws://"] {
            starts.extend(searchable.match_indices(scheme).map(|(i, _)| i));
        }
        for (i, _) in searchable.match_indices("//") {
            let prev = searchable[..i].chars().next_back();
            if matches!(prev, Some('"' | '\'' | '(' | '=')) {
                starts.push(i);
            }
        }
        starts.sort_unstable();
        for start in starts {
            {
                let url: String = searchable[start..]
                    .chars()
                    .take_while(|c| !matches!(c, '"' | '\'' | '`' | ')' | ' ' | '>'))
                    .collect();
                if NOT_RESOURCES.iter().any(|ns| url.starts_with(ns)) {
                    continue;
                }
                let mut before = start.saturating_sub(40);
                while !searchable.is_char_boundary(before) {
                    before -= 1;
                }
                let context = &searchable[before..start];
                if RESOURCE_CONTEXTS.iter().any(|c| context.contains(c)) {
                    found.push(RemoteResource {
                        file: file.to_string(),
                        line: n + 1,
                        context: format!("{context}{url}"),
                    });
                }
            }
        }
    }
    found
}

fn scan_bundle(dir: &Path) -> (usize, Vec<RemoteResource>) {
    let kinds = ["html", "js", "mjs", "css", "svg", "json", "webmanifest"];
    let mut files = 0;
    let mut found = Vec::new();
    for p in crate::common::files_below(dir) {
        if p.extension()
            .is_some_and(|x| kinds.contains(&x.to_str().unwrap_or("")))
        {
            files += 1;
            let text = String::from_utf8_lossy(&std::fs::read(&p).expect("read")).into_owned();
            found.extend(remote_resources(&p.display().to_string(), &text));
        }
    }
    (files, found)
}

#[test]
fn the_scanner_finds_remote_resources_and_ignores_names_and_comments() {
    let bad = [
        r#"<script src="https://cdn.example/x.js"></script>"#,
        r#"<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Noto">"#,
        r#"body{background:url(https://evil.example/bg.png)}"#,
        r#"@import "https://evil.example/a.css";"#,
        r#"import x from"https://esm.sh/lodash";"#,
        r#"const m = await import("https://evil.example/m.js")"#,
        r#"fetch("https://api.example/v1")"#,
        r#"new WebSocket("wss://live.example/")"#,
        r#"el.innerHTML='<img src=http://tracker.example/p.gif>'"#,
        r#"navigator.sendBeacon("https://telemetry.example/")"#,
        r#"<script src="//cdn.example/x.js"></script>"#,
    ];
    for line in bad {
        assert_eq!(remote_resources("t", line).len(), 1, "not caught: {line}");
    }
    let fine = [
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>"#,
        r#"/*! license: https://opensource.org/licenses/MIT */ var a=1;"#,
        r#"throw new Error(`https://svelte.dev/e/${code}`)"#,
        r#"<a href="https://example.org/">出典</a>"#,
        r#"<script type="module" src="/assets/index-abc.js"></script>"#,
    ];
    for line in fine {
        assert_eq!(remote_resources("t", line), vec![], "false alarm: {line}");
    }
}

/// The UI bundle is built by `make ui` (before `make test` runs the Rust tests, which sets
/// KUNI_REQUIRE_UI_BUNDLE=1). A bare `cargo test` without a bundle skips, saying so.
#[test]
fn the_built_ui_bundle_loads_nothing_from_the_internet() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/dist");
    if !dist.join("index.html").is_file() {
        let required = std::env::var_os("KUNI_REQUIRE_UI_BUNDLE").is_some_and(|v| v == "1");
        assert!(
            !required,
            "ui/dist/index.html is missing: run `make ui` (npm run build in ui/)"
        );
        eprintln!(
            "UI bundle scan: skipped: ui/dist is not built (run `make ui`; `make test` builds it and requires it)"
        );
        return;
    }
    let (files, found) = scan_bundle(&dist);
    assert!(files >= 2, "only {files} files scanned in {}", dist.display());
    assert!(found.is_empty(), "remote resources in the UI bundle:\n{found:#?}");
}
