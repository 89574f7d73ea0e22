//! Consultation records through the real `kuni` binary: located errors (personal data
//! included), answers flagged 要再確認 when a publication changes the section they cite, the
//! activity figures, nothing of a record on the website, and the bundled examples.

use crate::review::{kuni, out};
use std::path::Path;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
    std::fs::write(path, text).expect("write");
}

fn record(id: &str, status: &str, answered: &str, cites: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\nreceived: 2026-12-01\n{answered}countries: [VN]\ntopics: [登録経路]\nenquirer: {{ size: 中小企業, sector: 医療機器製造, exports: true }}\nstatus: {status}\nstaff: [国際展開支援チーム]\ncites:\n{cites}---\n\n## 質問\n\n登録は必要か。\n\n## 回答\n\n{body}\n"
    )
}

fn library() -> tempfile::TempDir {
    let work = tempfile::tempdir().expect("work");
    std::fs::copy(
        crate::common::fixture("valid/vn.ja.md"),
        work.path().join("vn.ja.md"),
    )
    .expect("copy");
    work
}

#[test]
fn a_record_gets_located_errors_for_its_fields_citations_and_personal_data() {
    let work = library();
    let lib = work.path();
    let text = "---\nid: 2026-0042\nreceived: 2026-12-03\nanswered: 2026-12-01\ncountries: [VN, XX]\ntopics: [表示, 価格]\nenquirer: { size: 中小企業, name: 山田 }\nstatus: 回答済\ncites:\n  - { report: vn.ja, section: 薬事制度, version: 2 }\n  - { report: th.ja, section: 表示, version: 1 }\n  - { report: vn.ja, section: 表示, version: 2 }\n  - { report: vn.ja, section: 薬事制度, version: 9 }\n---\n\n## 質問\n\n連絡先は yamada@example.co.jp、電話 03-1234-5678。\n\n## 回答\n\n株式会社山田製作所へ回答した。\n";
    write(&lib.join("consultations/2026/2026-0042.md"), text);
    let o = kuni(lib, &["check", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["consultations"], 1);
    let found: Vec<(String, u64)> = json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["file"].as_str().is_some_and(|f| f.ends_with("2026-0042.md")))
        .map(|p| {
            (
                p["code"].as_str().expect("code").to_string(),
                p["line"].as_u64().expect("line"),
            )
        })
        .collect();
    let expected: Vec<(&str, u64)> = vec![
        ("answered-before-received", 4),
        ("unknown-country", 5),
        ("unknown-topic", 6),
        ("personal-data", 7),
        ("unknown-report", 11),
        ("unknown-section", 12),
        ("version-not-reached", 13),
        ("personal-data", 18),
        ("personal-data", 18),
        ("personal-data", 22),
    ];
    let mut got: Vec<(&str, u64)> = found.iter().map(|(c, l)| (c.as_str(), *l)).collect();
    got.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(got, want, "{found:?}");
    assert!(
        out(&o).contains("a mail address (`yamada@example.co.jp`)"),
        "{}",
        out(&o)
    );

    // The website is built from published reports only: nothing of the record reaches it.
    assert!(
        kuni(lib, &["publish", "vn.ja", "--note", "初版"])
            .status
            .success()
    );
    let site = work.path().join("site-out");
    let o = kuni(lib, &["site", "--out", site.to_str().expect("path")]);
    assert!(o.status.success(), "{}", out(&o));
    for entry in walk(&site) {
        let bytes = std::fs::read(&entry).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for secret in ["yamada@example.co.jp", "03-1234-5678", "山田製作所", "2026-0042"] {
            assert!(!text.contains(secret), "{} holds {secret}", entry.display());
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn publishing_a_changed_section_sets_the_answers_citing_it_to_recheck() {
    let work = library();
    let lib = work.path();
    let o = kuni(lib, &["publish", "vn.ja", "--note", "初版"]);
    assert!(o.status.success(), "{}", out(&o));
    let v = std::fs::read_dir(lib.join(".history/vn.ja"))
        .expect("history")
        .count() as u32;
    let version = {
        let text = std::fs::read_to_string(lib.join("vn.ja.md")).expect("report");
        text.lines()
            .find_map(|l| l.strip_prefix("version: "))
            .expect("version")
            .trim()
            .parse::<u32>()
            .expect("number")
    };
    assert_eq!(v, 1, "one snapshot");
    let cite = |section: &str| format!("  - {{ report: vn.ja, section: {section}, version: {version} }}\n");
    let answered = "answered: 2026-12-04\n";
    write(
        &lib.join("consultations/2026/2026-0001.md"),
        &record(
            "2026-0001",
            "回答済",
            answered,
            &cite("市場動向"),
            "輸入依存が高い。",
        ),
    );
    write(
        &lib.join("consultations/2026/2026-0002.md"),
        &record(
            "2026-0002",
            "回答済",
            answered,
            &cite("参入のポイント"),
            "代理人を決める。",
        ),
    );
    write(
        &lib.join("consultations/2026/2026-0003.md"),
        &record("2026-0003", "受付", "", &cite("市場動向"), "作成中。"),
    );
    let o = kuni(lib, &["check"]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("3 consultations checked"), "{}", out(&o));
    let o = kuni(lib, &["consult", "stale"]);
    assert_eq!(o.status.code(), Some(0), "nothing changed yet: {}", out(&o));

    // The market section changes and is published: the answer citing it is to look at again.
    let text = std::fs::read_to_string(lib.join("vn.ja.md")).expect("report");
    std::fs::write(
        lib.join("vn.ja.md"),
        text.replace("輸入依存が高い。", "輸入依存が高く、国内生産は増えている。"),
    )
    .expect("edit");
    let o = kuni(lib, &["publish", "vn.ja", "--note", "市場動向を更新"]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(
        out(&o).contains("1 consultation(s) cite a section this version changed: 2026-0001"),
        "{}",
        out(&o)
    );
    let status = |id: &str| -> String {
        std::fs::read_to_string(lib.join(format!("consultations/2026/{id}.md")))
            .expect("record")
            .lines()
            .find_map(|l| l.strip_prefix("status: ").map(str::to_string))
            .expect("status")
    };
    assert_eq!(status("2026-0001"), "要再確認");
    assert_eq!(status("2026-0002"), "回答済", "its section did not change");
    assert_eq!(status("2026-0003"), "受付", "not answered yet");

    let o = kuni(lib, &["consult", "stale", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let stale: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(stale.as_array().expect("list").len(), 1, "{stale}");
    assert_eq!(stale[0]["id"], "2026-0001");
    assert_eq!(stale[0]["section"], "市場動向");
    assert_eq!(stale[0]["cited"], version);
    assert_eq!(stale[0]["current"], version + 1);
    let inserted: String = stale[0]["changes"]
        .as_array()
        .expect("spans")
        .iter()
        .filter(|s| s["op"] == "insert")
        .map(|s| s["text"].as_str().expect("text").to_string())
        .collect();
    assert!(inserted.contains("国内生産は増えている"), "{stale}");

    // The figures count what is in the folder.
    let o = kuni(lib, &["consult", "stats", "--csv"]);
    let csv = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(csv.contains("total,,3\nanswered,,2\n"), "{csv}");
    assert!(
        csv.contains("topic,登録経路,3\n") && csv.contains("days_to_answer,median,3\n"),
        "{csv}"
    );
    let listed = out(&kuni(lib, &["consult", "list", "--status", "要再確認"]));
    assert!(
        listed.contains("2026-0001") && !listed.contains("2026-0002"),
        "{listed}"
    );
}

#[test]
fn the_bundled_examples_are_marked_as_examples_and_check_clean() {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    let records = kuni::consult::load(&bundled);
    assert!(records.len() >= 3, "a handful of examples");
    for r in &records {
        assert!(r.problems.is_empty(), "{}: {:?}", r.path.display(), r.problems);
        assert!(
            r.meta.as_ref().expect("reads").example,
            "{} is marked as an example",
            r.path.display()
        );
    }
    let library = kuni::Library::open(&bundled, crate::common::today()).expect("library");
    assert!(
        library
            .entries
            .iter()
            .all(|e| !e.path.starts_with(bundled.join("consultations"))),
        "records are not read as reports"
    );
    for r in &records {
        assert_eq!(kuni::consult::check(&library, r), vec![], "{}", r.path.display());
    }
}

#[test]
fn the_yearly_update_puts_what_consultations_cite_first_and_checks_cited_fields() {
    let work = library();
    let lib = work.path();
    // Version 2 is the working file's own (never published): a draft's version may be cited.
    write(
        &lib.join("consultations/2026/2026-0001.md"),
        &record(
            "2026-0001",
            "回答済",
            "answered: 2026-12-04\n",
            "  - { report: vn.ja, section: 薬事制度, field: validity, version: 2 }\n  - { report: vn.ja, section: 留意点, version: 2 }\n",
            "有効期間は無期限とされる。",
        ),
    );
    // Not answered yet: it does not count.
    write(
        &lib.join("consultations/2026/2026-0002.md"),
        &record(
            "2026-0002",
            "受付",
            "",
            "  - { report: vn.ja, section: 薬事制度, field: label_language, version: 2 }\n",
            "未回答。",
        ),
    );
    let o = kuni(lib, &["check"]);
    assert!(o.status.success(), "{}", out(&o));
    let o = kuni(lib, &["update", "start", "vn.ja", "--by", "tester"]);
    assert!(o.status.success(), "{}", out(&o));
    let o = kuni(lib, &["update", "items", "vn.ja", "--json"]);
    assert!(o.status.success(), "{}", out(&o));
    let items: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let items = items.as_array().expect("list");
    let keys: Vec<&str> = items.iter().map(|i| i["key"].as_str().expect("key")).collect();
    // The last field of the file comes first: one answered record rests on it.
    assert_eq!(keys[0], "regulation.validity", "{keys:?}");
    assert_eq!(items[0]["consultations"], 1);
    let label = items
        .iter()
        .position(|i| i["key"] == "regulation.label_language")
        .expect("label_language");
    assert_eq!(items[label]["consultations"], 0, "a 受付 record does not count");
    // Among the 要確認 items, the one in the cited section 留意点 comes first.
    let first_todo = items.iter().find(|i| i["field"] == false).expect("要確認 item");
    assert!(
        first_todo["key"].as_str().expect("key").contains("留意点"),
        "{first_todo}"
    );
    assert_eq!(first_todo["consultations"], 1);
    let text = String::from_utf8_lossy(&kuni(lib, &["update", "items", "vn.ja"]).stdout).to_string();
    assert!(text.contains("cited by 1 consultation(s)"), "{text}");

    // A field the report does not have is a located error.
    write(
        &lib.join("consultations/2026/2026-0003.md"),
        &record(
            "2026-0003",
            "回答済",
            "answered: 2026-12-04\n",
            "  - { report: vn.ja, section: 薬事制度, field: no_such_field, version: 2 }\n",
            "回答。",
        ),
    );
    let o = kuni(lib, &["check"]);
    assert!(!o.status.success(), "{}", out(&o));
    let text = out(&o);
    assert!(
        text.contains("2026-0003.md:11:") && text.contains("no structured field `no_such_field`"),
        "{text}"
    );
}
