//! Publishing, history, diff, deliverables and verification, on a copy of the fixture library
//! in a temporary folder (tests never write into the project).

use crate::common::*;
use kuni::publish::diff::{Op, SectionChange};
use kuni::publish::{self, FailAt, PublishOptions, Side, Version};
use kuni::{Library, Report};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::AtomicBool;

/// A temporary library holding the valid fixture (`vn.ja`, version 2, published before Kuni
/// kept history, so its changelog already has v2).
fn library() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).expect("mkdir");
    std::fs::copy(fixture("valid/vn.ja.md"), lib.join("vn.ja.md")).expect("copy");
    (dir, lib)
}

fn opts(note: &str) -> PublishOptions {
    PublishOptions {
        note: note.to_string(),
        ..Default::default()
    }
}

fn publish_now(lib: &Path, note: &str) -> kuni::Result<publish::Published> {
    publish_with(lib, &opts(note))
}

fn publish_with(lib: &Path, o: &PublishOptions) -> kuni::Result<publish::Published> {
    let o = PublishOptions {
        date: Some(today()),
        ..o.clone()
    };
    publish::publish(lib, "vn.ja", &o, &publish::no_progress, &AtomicBool::new(false))
}

fn open(lib: &Path) -> Library {
    Library::open(lib, today()).expect("library")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("read")
}

#[test]
fn publish_bumps_the_version_snapshots_and_delivers() {
    let (_tmp, lib) = library();
    let before = read(&lib.join("vn.ja.md"));
    let done = publish_now(&lib, "薬事制度を更新").expect("publish");
    assert_eq!(done.version, 3, "one more than v2 of the changelog");
    assert_eq!(done.date.to_string(), TODAY);
    let after = read(&lib.join("vn.ja.md"));
    // Only the four fields changed, textually; everything else is byte for byte the same.
    let expected = before
        .replacen("version: 2\n", "version: 3\n", 1)
        .replacen("status: draft\n", "status: published\n", 1)
        .replacen("published: 2025-03-28\n", &format!("published: {TODAY}\n"), 1)
        .replacen(
            "  - { version: 2, date: 2025-03-28, note: \"年次更新\" }\n",
            &format!("  - {{ version: 2, date: 2025-03-28, note: \"年次更新\" }}\n  - {{ version: 3, date: {TODAY}, note: \"薬事制度を更新\" }}\n"),
            1,
        );
    assert_eq!(after, expected);
    assert_eq!(
        read(&lib.join(".history/vn.ja/v3.md")),
        after,
        "the snapshot is the published text"
    );
    let r = open(&lib);
    let r = r.report("vn.ja").expect("report");
    assert_eq!(r.meta.status, kuni::report::Status::Published);

    // The PDF and a manifest that lists it with its hash and size.
    let pdf_name = format!("VN_ベトナム_v3_{TODAY}.pdf");
    let pdf = std::fs::read(lib.join(".deliverables").join(&pdf_name)).expect("pdf written");
    assert!(pdf.starts_with(b"%PDF-"));
    let m = publish::Manifest::read(&lib.join(".deliverables"))
        .expect("read")
        .expect("manifest");
    assert_eq!(m.files.len(), 1);
    let f = &m.files[0];
    assert_eq!(f.path, pdf_name);
    assert_eq!(f.sha256, kuni::save::sha256_hex(&pdf));
    assert_eq!(f.size, pdf.len() as u64);
    assert_eq!((f.report.as_deref(), f.version), (Some("vn.ja"), Some(3)));
    assert_eq!(f.kuni, env!("CARGO_PKG_VERSION"));
    assert!(
        publish::verify(&lib.join(".deliverables"))
            .expect("verify")
            .problems
            .is_empty()
    );

    // Publishing the same text again is refused.
    let again = publish_now(&lib, "もう一度").expect_err("unchanged");
    assert_eq!(again.code(), "unchanged");
}

#[test]
fn history_and_diff_follow_the_versions() {
    let (_tmp, lib) = library();
    publish_now(&lib, "初回").expect("v3");
    let path = lib.join("vn.ja.md");
    let text = read(&path)
        .replacen("status: published", "status: draft", 1)
        .replacen("A〜D の 4 区分。", "A〜D の 4 つのリスク区分。", 1);
    std::fs::write(&path, text).expect("edit");

    let library = open(&lib);
    let d = publish::diff(&library, "vn.ja", None, None).expect("diff");
    assert_eq!((d.from, d.to), (Side::Version(3), Side::Draft));
    let key_points = d.sections.iter().find(|s| s.title == "要点").expect("要点");
    assert_eq!(key_points.change, SectionChange::Modified);
    let changes: Vec<(Op, &str)> = key_points
        .ops
        .iter()
        .filter(|s| s.op != Op::Equal)
        .map(|s| (s.op, s.text.as_str()))
        .collect();
    assert_eq!(
        changes,
        vec![(Op::Insert, "つのリスク")],
        "character level, not the line"
    );
    assert_eq!((key_points.inserted, key_points.deleted), (5, 0));
    let unchanged = d
        .sections
        .iter()
        .filter(|s| s.change == SectionChange::Unchanged)
        .count();
    assert!(unchanged >= 6, "{unchanged} sections untouched");

    publish_now(&lib, "区分の説明を補足").expect("v4");
    let library = open(&lib);
    let h = publish::history(&library, "vn.ja").expect("history");
    let brief: Vec<(u32, bool, Option<&str>)> = h
        .versions
        .iter()
        .map(|v| (v.version, v.snapshot, v.note.as_deref()))
        .collect();
    assert_eq!(
        brief,
        vec![
            (2, false, Some("年次更新")),
            (3, true, Some("初回")),
            (4, true, Some("区分の説明を補足"))
        ]
    );
    assert!(!h.draft.changed);
    let d = publish::diff(
        &library,
        "vn.ja",
        Some(Version::Published(3)),
        Some(Version::Published(4)),
    )
    .expect("diff");
    assert_eq!(
        d.sections
            .iter()
            .find(|s| s.title == "要点")
            .expect("要点")
            .inserted,
        5
    );
    let missing = publish::diff(&library, "vn.ja", Some(Version::Published(1)), None).expect_err("no v1");
    assert_eq!(missing.code(), "version-not-found");
}

#[test]
fn a_report_with_errors_is_not_published() {
    let (_tmp, lib) = library();
    let path = lib.join("vn.ja.md");
    let broken = read(&path).replacen("## 留意点", "## 注意", 1);
    std::fs::write(&path, &broken).expect("write");
    let err = publish_now(&lib, "x").expect_err("refused");
    assert_eq!(err.code(), "check-errors");
    assert!(err.to_string().contains("留意点"), "{err}");
    assert_eq!(read(&path), broken);
    assert!(!lib.join(".history").exists());
}

#[test]
fn an_interrupted_publish_leaves_nothing_half_done() {
    for point in [
        FailAt::AfterSnapshot,
        FailAt::AfterDeliverables,
        FailAt::AfterReport,
    ] {
        let (_tmp, lib) = library();
        // An earlier publish, so there is a history and a manifest to keep intact.
        publish_now(&lib, "初回").expect("v3");
        let path = lib.join("vn.ja.md");
        std::fs::write(
            &path,
            read(&path).replacen("A〜D の 4 区分。", "A〜D の 4 区分（改正後）。", 1),
        )
        .expect("edit");
        let before = tree(&lib);
        let o = PublishOptions {
            fail_at: Some(point),
            ..opts("失敗するはず")
        };
        let err = publish_with(&lib, &o).expect_err("injected failure");
        assert!(err.to_string().contains("injected failure"), "{err}");
        assert_eq!(
            tree(&lib),
            before,
            "after a failure {point:?}, every file is as it was"
        );
        // And the publish works once the disk is fine again.
        assert_eq!(publish_now(&lib, "改正を反映").expect("v4").version, 4);
    }
}

#[test]
fn a_crash_between_snapshot_and_report_is_settled_on_next_use() {
    let (_tmp, lib) = library();
    let hist = lib.join(".history/vn.ja");
    std::fs::create_dir_all(&hist).expect("mkdir");
    // A crash after the pending snapshot was written, before the report was saved.
    std::fs::write(hist.join(".v3.md.pending"), "half").expect("write");
    let h = publish::history(&open(&lib), "vn.ja").expect("history");
    assert!(h.versions.iter().all(|v| !v.snapshot));
    assert!(
        !hist.join(".v3.md.pending").exists(),
        "an unfinished snapshot is dropped"
    );
    // A crash after the report was saved: the pending snapshot is the report's text, so it is kept.
    let text = read(&lib.join("vn.ja.md"));
    std::fs::write(hist.join(".v3.md.pending"), &text).expect("write");
    let h = publish::history(&open(&lib), "vn.ja").expect("history");
    assert!(h.versions.iter().any(|v| v.version == 3 && v.snapshot));
    assert_eq!(read(&hist.join("v3.md")), text);
}

fn kuni(lib: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kuni"))
        .arg("--library")
        .arg(lib)
        .args(args)
        .env("KUNI_TODAY", TODAY)
        .env("KUNI_CONFIG_DIR", fixture("no-config"))
        .env("KUNI_CACHE_DIR", test_cache_dir())
        .env_remove("KUNI_LIBRARY")
        .output()
        .expect("kuni runs")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn deliver_with_both_formats_lists_the_pdf_and_the_docx_in_the_manifest() {
    let (tmp, lib) = library();
    publish_now(&lib, "初回").expect("v3");
    let out_dir = tmp.path().join("delivery");
    let args = [
        "deliver",
        "--formats",
        "pdf,docx",
        "--out-dir",
        out_dir.to_str().expect("utf-8"),
    ];
    let o = kuni(&lib, &args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let m = publish::Manifest::read(&out_dir)
        .expect("read")
        .expect("manifest");
    let names: Vec<&str> = m.files.iter().map(|f| f.path.as_str()).collect();
    let stem = format!("VN_ベトナム_v3_{TODAY}");
    assert_eq!(
        names,
        vec![
            format!("00_index_{TODAY}.pdf").as_str(),
            format!("{stem}.docx").as_str(),
            format!("{stem}.pdf").as_str()
        ]
    );
    let docx = std::fs::read(out_dir.join(format!("{stem}.docx"))).expect("docx");
    assert!(docx.starts_with(b"PK\x03\x04"));
    let ok = kuni(&lib, &["verify", out_dir.to_str().expect("utf-8")]);
    assert_eq!(ok.status.code(), Some(0), "{}", out(&ok));
    assert!(out(&ok).starts_with("ok: 3 files match"), "{}", out(&ok));
    // Delivered again: the same bytes (the .docx is dated by the publication, not the clock).
    let again = kuni(&lib, &args);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        std::fs::read(out_dir.join(format!("{stem}.docx"))).expect("docx"),
        docx
    );
    let ok = kuni(&lib, &["verify", out_dir.to_str().expect("utf-8")]);
    assert_eq!(ok.status.code(), Some(0), "{}", out(&ok));
}

#[test]
fn the_cli_publishes_diffs_and_lists_history() {
    let (_tmp, lib) = library();
    let o = kuni(&lib, &["publish", "vn.ja", "--note", "年次改訂"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out(&o).starts_with(&format!("published vn.ja v3 on {TODAY}\n")),
        "{}",
        out(&o)
    );

    let path = lib.join("vn.ja.md");
    std::fs::write(
        &path,
        read(&path).replacen("A〜D の 4 区分。", "A〜D の 4 つの区分。", 1),
    )
    .expect("edit");
    let o = kuni(&lib, &["diff", "vn.ja"]);
    assert_eq!(o.status.code(), Some(0));
    let text = out(&o);
    assert!(
        text.starts_with("diff vn.ja: v3 → draft  (+2 −0 characters)\n"),
        "{text}"
    );
    assert!(
        text.contains("A〜D の 4 {+つの+}区分。"),
        "plain markers off a terminal: {text}"
    );
    assert!(text.contains("  modified   +2     −0     要点\n"), "{text}");
    assert!(!text.contains('\x1b'), "no colour codes off a terminal");

    let o = kuni(
        &lib,
        &["diff", "vn.ja", "--from", "v3", "--to", "draft", "--json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["from"], "v3");
    assert_eq!(json["inserted"], 2);

    let o = kuni(&lib, &["history", "vn.ja"]);
    assert_eq!(
        out(&o),
        format!(
            "vn.ja  ベトナム 医療機器市場 テスト用レポート\n  v2   2025-03-28  年次更新  (no snapshot)\n  v3   {TODAY}  年次改訂\n  draft: version 3, published, changed since the last published version\n"
        )
    );
    let o = kuni(&lib, &["history", "vn.ja", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["versions"][1]["version"], 3);
    assert_eq!(json["draft"]["changed"], true);

    let o = kuni(&lib, &["diff", "vn.ja", "--from", "three"]);
    assert_eq!(o.status.code(), Some(2), "a usage error");
}

#[test]
fn deliver_hands_over_published_snapshots_and_verify_catches_a_changed_byte() {
    let (tmp, lib) = library();
    let published = publish_now(&lib, "初回").expect("v3");
    // A later draft edit must not reach the delivery.
    let path = lib.join("vn.ja.md");
    std::fs::write(
        &path,
        read(&path).replacen("title: ベトナム", "title: 下書き ベトナム", 1),
    )
    .expect("edit");

    let out_dir = tmp.path().join("delivery");
    let o = kuni(&lib, &["deliver", "--out-dir", out_dir.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let m = publish::Manifest::read(&out_dir)
        .expect("read")
        .expect("manifest");
    let names: Vec<&str> = m.files.iter().map(|f| f.path.as_str()).collect();
    let pdf_name = format!("VN_ベトナム_v3_{TODAY}.pdf");
    assert_eq!(
        names,
        vec![format!("00_index_{TODAY}.pdf").as_str(), pdf_name.as_str()]
    );
    // Same snapshot, same date: the delivered PDF is the publish deliverable, byte for byte.
    assert_eq!(m.files[1].sha256, published.files[0].sha256);
    let index = std::fs::read(out_dir.join(names[0])).expect("index");
    let r = Report::parse(&path, read(&path).as_bytes(), today())
        .report
        .expect("draft");
    assert_eq!(r.meta.title, "下書き ベトナム 医療機器市場 テスト用レポート");
    assert!(index.starts_with(b"%PDF-"));

    let verify = |args: &[&str]| {
        kuni(
            &lib,
            &[&["verify", out_dir.to_str().expect("utf-8")], args].concat(),
        )
    };
    let ok = verify(&[]);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(
        out(&ok),
        format!("ok: 2 files match {}\n", out_dir.join("manifest.json").display())
    );

    // One changed byte in the middle of the PDF.
    let pdf = out_dir.join(&pdf_name);
    let mut bytes = std::fs::read(&pdf).expect("pdf");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&pdf, &bytes).expect("write");
    std::fs::write(out_dir.join("notes.txt"), "x").expect("extra");
    std::fs::remove_file(out_dir.join(names[0])).expect("remove index");
    let bad = verify(&[]);
    assert_eq!(bad.status.code(), Some(1));
    let text = out(&bad);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].ends_with(&format!(
            "00_index_{TODAY}.pdf: listed in the manifest but missing"
        )),
        "{text}"
    );
    assert!(
        lines[1].contains(&format!("{pdf_name}: changed since delivery: ")),
        "{text}"
    );
    assert!(
        lines[2].ends_with("notes.txt: not listed in the manifest"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_slice(&verify(&["--json"]).stdout).expect("json");
    assert_eq!(json["problems"][1]["kind"], "changed");

    // A folder of other files is not overwritten.
    let other = tmp.path().join("other");
    std::fs::create_dir(&other).expect("mkdir");
    std::fs::write(other.join("mine.txt"), "keep").expect("write");
    let o = kuni(&lib, &["deliver", "--out-dir", other.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not an earlier delivery"));
}

#[test]
fn typesetting_is_reproducible_whatever_came_before() {
    let lib = open(&fixture("valid"));
    let r = lib.report("vn.ja").expect("report");
    let o = kuni::pdf::ExportOptions {
        timestamp: Some(1_800_000_000),
        ..Default::default()
    };
    let first = kuni::pdf::export(r, &o).expect("export");
    // Typeset something else in between: printpdf's ids count across the process.
    let bundled =
        Library::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("reports"), today()).expect("bundled");
    kuni::pdf::export(bundled.report("th.ja").expect("th"), &o).expect("export");
    let second = kuni::pdf::export(r, &o).expect("export");
    assert!(
        first.bytes == second.bytes,
        "same report, same options, same bytes"
    );
}
