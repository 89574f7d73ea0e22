//! The yearly update cycle through the CLI: opened, worked item by item, checked, and closed
//! by publishing; progress in `kuni update status` follows every mark.

use kuni::sources::store::{Failure, Record, Store};
use std::path::Path;
use std::process::{Command, Output};

pub(crate) fn kuni(library: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kuni"))
        .arg("--library")
        .arg(library)
        .args(args)
        .env("KUNI_TODAY", "2026-12-08")
        .env("KUNI_CONFIG_DIR", crate::common::fixture("no-config"))
        .env("KUNI_CACHE_DIR", crate::common::test_cache_dir())
        .env_remove("KUNI_LIBRARY")
        .output()
        .expect("kuni")
}

pub(crate) fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn status(library: &Path) -> serde_json::Value {
    let o = kuni(library, &["update", "status", "vn.ja", "--json"]);
    assert!(o.status.success(), "{}", out(&o));
    serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("json")[0].clone()
}

#[test]
fn a_cycle_is_opened_worked_checked_and_closed_by_publishing() {
    let work = tempfile::tempdir().expect("work");
    let library = work.path();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/vn.ja.md");
    std::fs::copy(&bundled, library.join("vn.ja.md")).expect("copy");

    // Marking before a cycle is refused, with the way to open one.
    let o = kuni(
        library,
        &["update", "mark", "vn.ja", "regulation.main_law", "確認済"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("kuni update start vn.ja"), "{}", out(&o));

    let o = kuni(library, &["update", "start", "vn.ja", "--by", "山田"]);
    assert!(o.status.success(), "{}", out(&o));
    let text = std::fs::read_to_string(library.join("vn.ja.md")).expect("report");
    assert!(text.contains("\nstatus: review"), "the report is 確認中");
    let s = status(library);
    assert_eq!(s["cycle_started"], "2026-12-08");
    assert_eq!(s["done"], 0);
    let total = s["items"].as_u64().expect("items");
    assert!(total > 10, "{s}");

    // A source that failed on two days makes its fields come first and `kuni check` warn.
    let report = kuni::Library::open(library, crate::common::today()).expect("open");
    let vn = report.reports().next().expect("vn.ja");
    let cited = vn.meta.cited_fields().into_iter().nth(2).expect("a field");
    let field = cited.key.clone();
    let source = vn
        .meta
        .sources
        .iter()
        .find(|s| s.id == cited.sources[0])
        .expect("source");
    let mut record = Record::new(&source.url);
    for d in [1, 3] {
        record.failures.push(Failure {
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, d).expect("date"),
            status: 404,
        });
    }
    Store::of(library).put(&record).expect("store");
    let o = kuni(library, &["update", "items", "vn.ja", "--json"]);
    let items: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let citing: std::collections::BTreeSet<String> = vn
        .meta
        .cited_fields()
        .into_iter()
        .filter(|c| c.sources.contains(&source.id))
        .map(|c| {
            if c.key.starts_with("indicators.") {
                c.key
            } else {
                format!("regulation.{}", c.key)
            }
        })
        .collect();
    assert!(citing.iter().any(|k| k.ends_with(&field)));
    let first: std::collections::BTreeSet<String> = items
        .as_array()
        .expect("items")
        .iter()
        .take(citing.len())
        .map(|i| i["key"].as_str().expect("key").to_string())
        .collect();
    assert_eq!(first, citing, "the fields citing the gone source come first");
    assert_eq!(status(library)["sources_gone"], 1);
    let o = kuni(library, &["check"]);
    let check = out(&o);
    assert!(
        check.contains("source-gone") || check.contains(&format!("source `{}`", source.id)),
        "{check}"
    );
    assert!(
        check.contains(&format!("`{}` ({}) is gone", source.id, source.url)),
        "{check}"
    );
    assert!(
        check.contains("has not been re-checked in the update cycle"),
        "{check}"
    );

    // Every item marked: progress is complete and the check has no cycle warning left.
    let keys: Vec<String> = items
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["key"].as_str().expect("key").to_string())
        .collect();
    assert_eq!(keys.len() as u64, total);
    for (n, key) in keys.iter().enumerate() {
        let state = if n == 0 { "修正済" } else { "確認済" };
        let o = kuni(library, &["update", "mark", "vn.ja", key, state, "--by", "山田"]);
        assert!(o.status.success(), "{key}: {}", out(&o));
    }
    let s = status(library);
    assert_eq!(s["done"].as_u64(), Some(total));
    let check = out(&kuni(library, &["check"]));
    assert!(!check.contains("has not been re-checked"), "{check}");
    let o = kuni(
        library,
        &["update", "mark", "vn.ja", "regulation.nothing", "確認済"],
    );
    assert!(
        out(&o).contains("has no field or 要確認 item `regulation.nothing`"),
        "{}",
        out(&o)
    );

    // Publishing closes the cycle.
    let o = kuni(library, &["publish", "vn.ja", "--note", "2027年度の更新"]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(status(library)["cycle_started"].is_null());
    let sheet: serde_json::Value =
        serde_json::from_slice(&std::fs::read(library.join("vn.ja.review.json")).expect("sheet"))
            .expect("json");
    assert_eq!(sheet["cycle"]["closed"], "2026-12-08");
}
