//! The `kuni` command line: output format, exit codes, JSON shape.

use crate::common::*;
use std::process::{Command, Output};

fn kuni(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kuni"))
        .args(args)
        .env("KUNI_TODAY", TODAY)
        .env("KUNI_CONFIG_DIR", fixture("no-config"))
        .env("KUNI_CACHE_DIR", test_cache_dir())
        .env_remove("KUNI_LIBRARY")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kuni runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

#[test]
fn check_reports_each_problem_located_and_exits_1() {
    let out = kuni(&["--library", "tests/fixtures/broken", "check"]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    let lines: Vec<_> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(
        lines,
        vec![
            "tests/fixtures/broken/id.ja.md:2:1: error: missing required field `region`",
            "tests/fixtures/broken/ke.ja.md:8:10: warning: stale: `updated: 2024-05-01` is 950 days ago (more than 12 months); review the report and update it",
            "tests/fixtures/broken/th.ja.md:2:16: error: YAML syntax error: mapping values are not allowed in this context (a value containing `: ` must be put in quotes)",
        ]
    );
    assert!(
        stderr(&out).contains("4 files checked: 2 errors, 1 warning (2 could not be read as reports)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_passes_on_a_valid_library() {
    let out = kuni(&["--library", "tests/fixtures/valid", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn check_to_verify_lists_each_item_with_its_place_and_location() {
    let out = kuni(&["--library", "tests/fixtures/valid", "check", "--to-verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(fixture("valid/vn.ja.md")).expect("fixture");
    let at = |needle: &str| {
        text.lines()
            .enumerate()
            .find_map(|(n, l)| {
                l.find(needle)
                    .map(|b| format!("{}:{}", n + 1, l[..b].chars().count() + 1))
            })
            .expect("needle")
    };
    let file = "tests/fixtures/valid/vn.ja.md";
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>(),
        vec![
            format!(
                "{file}:{}: 要確認: [参照国承認の活用] 要確認：対象国",
                at("\"要確認：対象国\"")
            ),
            format!("{file}:{}: 要確認: [標準的な審査期間] 要確認", at("\"要確認\" }")),
            format!(
                "{file}:{}: 要確認: [留意点] 所管部局の名称は要確認。",
                at("要確認。")
            ),
        ]
    );
    assert!(
        stderr(&out).contains("3 items to verify in 1 report"),
        "{}",
        stderr(&out)
    );
    let json = kuni(&[
        "--library",
        "tests/fixtures/valid",
        "check",
        "--to-verify",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["items"], 3);
    assert_eq!(v["reports"][0]["id"], "vn.ja");
    assert_eq!(v["reports"][0]["to_verify"][2]["place"], "留意点");
}

#[test]
fn warnings_alone_do_not_fail_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixture("broken/ke.ja.md"), dir.path().join("ke.ja.md")).expect("copy");
    let out = kuni(&["--library", dir.path().to_str().expect("utf-8 path"), "check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("warning: stale"));
}

#[test]
fn list_still_lists_the_valid_reports_and_names_the_bad_ones() {
    let out = kuni(&["--library", "tests/fixtures/broken", "list"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let ids: Vec<_> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(ids, vec!["ke.ja", "vn.ja"]);
    assert!(text.contains("[stale]"));
    let err = stderr(&out);
    assert!(
        err.contains("tests/fixtures/broken/id.ja.md is not listed"),
        "{err}"
    );
    assert!(
        err.contains("tests/fixtures/broken/th.ja.md is not listed"),
        "{err}"
    );
}

#[test]
fn list_json_has_the_documented_shape() {
    let out = kuni(&["--library", "tests/fixtures/broken", "list", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["library"], "tests/fixtures/broken");
    let reports = v["reports"].as_array().expect("reports array");
    assert_eq!(reports.len(), 2);
    let ke = &reports[0];
    let mut keys: Vec<_> = ke.as_object().expect("object").keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "country",
            "country_name",
            "errors",
            "id",
            "language",
            "path",
            "published",
            "region",
            "stale",
            "status",
            "title",
            "to_verify",
            "updated",
            "version",
            "warnings"
        ]
    );
    assert_eq!(ke["id"], "ke.ja");
    assert_eq!(ke["country_name"], "ケニア");
    assert!(ke["to_verify"].is_u64(), "{ke}");
    assert_eq!(ke["country"], "KE");
    assert_eq!(ke["language"], "ja");
    assert_eq!(ke["status"], "draft");
    assert_eq!(ke["version"], 2);
    assert_eq!(ke["updated"], "2024-05-01");
    assert_eq!(ke["stale"], true);
    assert_eq!(
        (ke["errors"].as_u64(), ke["warnings"].as_u64()),
        (Some(0), Some(1))
    );
    let invalid = v["invalid"].as_array().expect("invalid array");
    let bad: Vec<_> = invalid.iter().map(|b| b["id"].as_str().unwrap_or("")).collect();
    assert_eq!(bad, vec!["id.ja", "th.ja"]);
    let p = &invalid[0]["problems"][0];
    assert_eq!((p["line"].as_u64(), p["column"].as_u64()), (Some(2), Some(1)));
    assert_eq!(p["severity"], "error");
    assert_eq!(p["code"], "missing-field");
}

#[test]
fn check_json_counts_problems() {
    let out = kuni(&["--library", "tests/fixtures/broken", "check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(
        (v["files"].as_u64(), v["errors"].as_u64(), v["warnings"].as_u64()),
        (Some(4), Some(2), Some(1))
    );
    assert_eq!(v["problems"].as_array().map(Vec::len), Some(3));
}

#[test]
fn a_missing_library_is_a_plain_error() {
    let out = kuni(&["--library", "tests/fixtures/does-not-exist", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "kuni: error: cannot open the library tests/fixtures/does-not-exist: library folder tests/fixtures/does-not-exist does not exist or is not a folder\n"
    );
}

#[test]
fn publish_diff_and_history_name_an_unknown_report_and_write_nothing() {
    // The fixture library is part of the project: these must fail before writing anything.
    for args in [
        vec![
            "--library",
            "tests/fixtures/valid",
            "publish",
            "xx.ja",
            "--note",
            "x",
        ],
        vec!["--library", "tests/fixtures/valid", "diff", "xx.ja"],
        vec!["--library", "tests/fixtures/valid", "history", "xx.ja"],
    ] {
        let out = kuni(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains("no report `xx.ja` in the library"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(!fixture("valid/.history").exists());
    assert!(!fixture("valid/.deliverables").exists());
}

#[test]
fn usage_errors_exit_2_with_help() {
    let out = kuni(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unrecognized subcommand 'frobnicate'"));
    let help = kuni(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    for cmd in [
        "check", "list", "index", "search", "export", "publish", "diff", "history", "deliver", "verify",
        "site",
    ] {
        assert!(stdout(&help).contains(cmd), "--help lists {cmd}");
    }
}

#[test]
fn export_writes_a_pdf_and_export_all_names_files_predictably() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("one.pdf");
    let o = kuni(&[
        "--library",
        "tests/fixtures/valid",
        "export",
        "vn.ja",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with(&format!("wrote {} (", out.display())));
    assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF-1.7"));

    let all = dir.path().join("all");
    let o = kuni(&[
        "--library",
        "tests/fixtures/broken",
        "export",
        "--all",
        "--out-dir",
        all.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&all)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec!["KE_ケニア_v2_2024-05-01.pdf", "VN_ベトナム_v2_2026-10-01.pdf"]
    );
    assert!(stdout(&o).contains("exported 2 of 2 reports"));

    let missing = kuni(&[
        "--library",
        "tests/fixtures/valid",
        "export",
        "xx.ja",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        stderr(&missing),
        "kuni: error: no report `xx.ja` in the library\n"
    );
}

#[test]
fn export_writes_docx_alone_or_beside_the_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("one.docx");
    let o = kuni(&[
        "--library",
        "tests/fixtures/valid",
        "export",
        "vn.ja",
        "--format",
        "docx",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with(&format!("wrote {} (", out.display())));
    assert!(std::fs::read(&out).expect("docx").starts_with(b"PK\x03\x04"));

    // Both formats for one report: the --out path with each extension.
    let both = dir.path().join("both.pdf");
    let o = kuni(&[
        "--library",
        "tests/fixtures/valid",
        "export",
        "vn.ja",
        "--format",
        "pdf,docx",
        "--out",
        both.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(both.is_file() && both.with_extension("docx").is_file());

    let all = dir.path().join("all");
    let o = kuni(&[
        "--library",
        "tests/fixtures/broken",
        "export",
        "--all",
        "--format",
        "pdf,docx",
        "--out-dir",
        all.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&all)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "KE_ケニア_v2_2024-05-01.docx",
            "KE_ケニア_v2_2024-05-01.pdf",
            "VN_ベトナム_v2_2026-10-01.docx",
            "VN_ベトナム_v2_2026-10-01.pdf"
        ]
    );
    assert!(stdout(&o).contains("exported 4 of 4 files"), "{}", stdout(&o));

    let bad = kuni(&["export", "vn.ja", "--format", "odt", "--out", "x.odt"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("unknown format `odt`"), "{}", stderr(&bad));
}

#[test]
fn compare_gives_the_structured_fields_side_by_side_as_json_and_csv() {
    let o = kuni(&["compare", "vn.ja", "th.ja"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let countries: Vec<_> = v["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c["country"].clone())
        .collect();
    assert_eq!(countries, vec!["VN", "TH"]);
    let fields: Vec<_> = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        fields,
        vec![
            "regulator",
            "main_law",
            "risk_classes",
            "routes",
            "local_representative",
            "label_language",
            "reliance",
            "review_time",
            "validity",
            "assistive_products",
            "indicators.population",
            "indicators.gdp_per_capita",
            "indicators.health_expenditure_per_capita",
            "indicators.health_expenditure_gdp_share",
            "indicators.out_of_pocket_share",
            "indicators.aged_65_share",
            "indicators.device_market",
            "indicators.device_import_share",
        ]
    );
    let cell = &v["rows"][0]["cells"][0];
    assert!(
        cell["sources"]
            .as_array()
            .is_some_and(|s| !s.is_empty() && s[0]["url"].as_str().is_some_and(|u| u.starts_with("http")))
    );

    let csv = kuni(&["compare", "--csv", "vn.ja", "th.ja"]);
    let text = stdout(&csv);
    assert!(
        text.starts_with("\u{feff}\"項目\",\"ベトナム（VN）\",\"タイ（TH）\"\r\n"),
        "{text}"
    );
    assert_eq!(
        text.matches("\r\n").count(),
        19,
        "header, ten fields and eight indicators"
    );
    assert!(text.contains("\"現地代理人\",\"必要"), "{text}");
    assert!(text.contains("\"福祉用具の扱い\","), "{text}");
    let unknown = kuni(&["compare", "xx.ja"]);
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn a_reader_that_stops_early_does_not_make_kuni_panic() {
    use std::io::Read;
    let cache = tempfile::tempdir().expect("tempdir");
    let mut child = crate::child::kuni_in(cache.path())
        .args([
            "--library".as_ref(),
            crate::common::fixture("../../reports").as_os_str(),
        ])
        .args(["search", "--json", "--limit", "100", "の"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start kuni");
    let mut first = [0u8; 10];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // The pipe's reader is gone now (like `| head -c 10`).
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn an_exclusion_in_the_query_needs_no_double_dash() {
    let lib = crate::common::fixture("../../reports");
    let out = kuni(&[
        "--library",
        lib.to_str().expect("utf-8 path"),
        "search",
        "--json",
        "医療",
        "-薬",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["query"], "医療 -薬");
}

/// `kuni` with a search cache of its own: two kuni processes indexing the same library into
/// one cache at once race inside tantivy (the other tests share one cache, one at a time).
fn kuni_own_cache(args: &[&str], cache: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kuni"))
        .args(args)
        .env("KUNI_TODAY", TODAY)
        .env("KUNI_CONFIG_DIR", fixture("no-config"))
        .env("KUNI_CACHE_DIR", cache)
        .env_remove("KUNI_LIBRARY")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kuni runs")
}

#[test]
fn search_options_work_after_the_query() {
    let cache = tempfile::tempdir().expect("tempdir");
    let out = kuni_own_cache(&["search", "病院", "--limit", "5", "--json"], cache.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON, not text");
    assert_eq!(json["query"], "病院", "the options are not words of the query");
    let reports = json["reports"].as_array().expect("reports");
    assert!(
        !reports.is_empty() && reports.len() <= 5,
        "{} reports",
        reports.len()
    );
}

#[test]
fn an_exclusion_between_words_and_options_still_excludes() {
    let cache = tempfile::tempdir().expect("tempdir");
    let sections = |args: &[&str]| {
        let out = kuni_own_cache(args, cache.path());
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        (
            json["query"].as_str().map(str::to_string),
            json["total_sections"].as_u64().expect("count"),
        )
    };
    let (_, all) = sections(&["search", "医療", "--limit", "100", "--json"]);
    let (query, without) = sections(&["search", "医療", "-薬", "--limit", "100", "--json"]);
    assert_eq!(query.as_deref(), Some("医療 -薬"));
    assert!(
        without < all,
        "excluding 薬 leaves fewer sections ({without} of {all})"
    );
}

#[test]
fn an_unknown_option_after_the_query_is_an_error_that_names_it() {
    let out = kuni(&["search", "空港", "--frobnicate"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("--frobnicate"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "no search was run");
}

/// `kuni` started in `cwd`, with no library named anywhere (no --library, no KUNI_LIBRARY,
/// no settings).
fn kuni_in(cwd: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kuni"))
        .args(args)
        .env("KUNI_TODAY", TODAY)
        .env("KUNI_CONFIG_DIR", fixture("no-config"))
        .env("KUNI_CACHE_DIR", test_cache_dir())
        .env_remove("KUNI_LIBRARY")
        .current_dir(cwd)
        .output()
        .expect("kuni runs")
}

#[test]
fn write_commands_refuse_the_bundled_library_they_fell_back_to() {
    let bundled = fixture("../../reports");
    let before = std::fs::read(bundled.join("vn.ja.md")).expect("bundled report");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let source_tree = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site_in_library = bundled.join("site-by-mistake");
    let site_arg = site_in_library.to_str().expect("utf-8");
    let pdf_in_library = bundled.join("vn.pdf");
    let pdf_arg = pdf_in_library.to_str().expect("utf-8");
    // From a folder without reports/ (the bundled fallback) and from the source tree, whose
    // ./reports is the bundled library.
    for cwd in [elsewhere.path(), source_tree] {
        for args in [
            vec!["publish", "vn.ja", "--note", "試し"],
            vec!["site", "--out", site_arg],
            vec!["export", "vn.ja", "--out", pdf_arg],
        ] {
            let out = kuni_in(cwd, &args);
            assert_eq!(out.status.code(), Some(2), "{cwd:?} {args:?}: {}", stdout(&out));
            let err = stderr(&out);
            assert!(
                err.contains("refused")
                    && err.contains("bundled sample library")
                    && err.contains("--library DIR"),
                "{args:?}: {err}"
            );
        }
    }
    assert_eq!(std::fs::read(bundled.join("vn.ja.md")).expect("report"), before);
    assert!(!site_in_library.exists());
    assert!(!pdf_in_library.exists());
    // Reading the fallback and writing outside it still work.
    let pdf = elsewhere.path().join("vn.pdf");
    let out = kuni_in(
        elsewhere.path(),
        &["export", "vn.ja", "--out", pdf.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(pdf.is_file());
    assert_eq!(kuni_in(elsewhere.path(), &["list"]).status.code(), Some(0));
}
