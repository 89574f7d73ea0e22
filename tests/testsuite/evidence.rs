//! Evidence and what a check writes back: a field's quotes re-found (found, changed with the
//! closest passage, gone) through `kuni sources check`, `kuni check` and the update items; a
//! confirmed field's `accessed` dates; a moved source relinked; the revision note offered by
//! a cycle at publish. Against a loopback server, through the real `kuni` binary.

use crate::common::{at, edit, parse, valid_text};
use crate::loopback::{Reply, Server};
use crate::review::{kuni, out};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const MOH_URL: &str =
    "https://english.luatvietnam.vn/y-te/decree-04-2025-nd-cp-management-of-medical-equipment-385264-d1.html";
const D98_URL: &str = "https://english.luatvietnam.vn/y-te/consolidated-document-04-vbhn-byt-management-of-medical-equipment-346414-d5.html";
const D43_URL: &str =
    "https://www.vietnameselawblog.com/labelling-goods-circulated-in-the-vietnamese-market/";

const MAIN_LAW: &str = r#"main_law: { value: "政令 98/2021/ND-CP", sources: [d98] }"#;

#[test]
fn quotes_are_read_with_located_errors() {
    let text = edit(
        &valid_text(),
        MAIN_LAW,
        r#"main_law: { value: "政令 98/2021/ND-CP", sources: [d98], quotes: { d98: "Decree 98/2021 governs medical equipment.", moh: "not cited here" } }"#,
    );
    let (_, problems) = parse(&text);
    let p = problems
        .iter()
        .find(|p| p.code == "quote-without-source")
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert_eq!(
        (p.location.line, p.location.column),
        at(&text, "\"not cited here\"")
    );
    assert!(
        p.message.contains("regulation.main_law.quotes.moh"),
        "{}",
        p.message
    );
    assert_eq!(p.severity, kuni::problem::Severity::Error);

    let long = "x".repeat(kuni::report::QUOTE_MAX_CHARS + 1);
    let text = edit(
        &valid_text(),
        MAIN_LAW,
        &format!(
            r#"main_law: {{ value: "政令 98/2021/ND-CP", sources: [d98], quotes: {{ d98: "{long}" }} }}"#
        ),
    );
    let (_, problems) = parse(&text);
    assert!(
        problems.iter().any(|p| p.code == "quote-too-long"),
        "{problems:?}"
    );

    let text = edit(
        &valid_text(),
        MAIN_LAW,
        r#"main_law: { value: "政令 98/2021/ND-CP", sources: [d98], quotes: { d98: "Decree 98/2021 governs medical equipment." } }"#,
    );
    let (report, problems) = parse(&text);
    let report = report.unwrap_or_else(|| panic!("{problems:?}"));
    let q = &report.meta.regulation.main_law.quotes;
    assert_eq!(q.len(), 1);
    assert_eq!(
        (q[0].source.as_str(), q[0].text.as_str()),
        ("d98", "Decree 98/2021 governs medical equipment.")
    );
}

/// The fixture report with its three sources on `server` and quotes on two fields.
fn library_on(server: &Server, dir: &Path) {
    let text = valid_text()
        .replace(MOH_URL, &server.url("/moh"))
        .replace(D98_URL, &server.url("/old-d98"))
        .replace(D43_URL, &server.url("/d43"));
    let text = edit(
        &text,
        MAIN_LAW,
        r#"main_law: { value: "政令 98/2021/ND-CP", sources: [d98], quotes: { d98: "Medical devices are classified into four classes, A to D." } }"#,
    );
    let text = edit(
        &text,
        r#"regulator: { value: "保健省（MOH）医療インフラ・機器局", sources: [moh] }"#,
        r#"regulator: { value: "保健省（MOH）医療インフラ・機器局", sources: [moh], quotes: { moh: "The Department of Medical Equipment and Construction manages medical devices." } }"#,
    );
    std::fs::write(dir.join("vn.ja.md"), text).expect("write");
}

fn check(library: &Path) -> (Option<i32>, serde_json::Value) {
    let o = kuni(
        library,
        &["sources", "check", "--all", "--delay-ms", "0", "--json"],
    );
    let json = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", out(&o)));
    (o.status.code(), json)
}

fn field<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json[0]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["field"] == name)
        .unwrap_or_else(|| panic!("{name} in {json}"))
}

#[test]
fn a_quote_is_refound_at_each_check_and_a_changed_one_flags_its_field() {
    let edition = Arc::new(AtomicUsize::new(1));
    let e = edition.clone();
    let server = Server::start(move |r| {
        let classes = if e.load(Ordering::SeqCst) == 1 {
            "four classes, A to D"
        } else {
            "three classes, A to C"
        };
        match r.path.as_str() {
            "/old-d98" => Reply::Full(301, vec![("Location".into(), "/d98".into())], Vec::new()),
            "/d98" => Reply::html(&format!(
                "<html><body><nav>Home</nav><main><h1>Decree 98</h1><p>Medical devices are classified into {classes}.</p><p>Class A devices are declared.</p></main></body></html>"
            )),
            "/moh" => Reply::html(
                "<html><body><main><p>The Department of Medical Equipment and Construction\n   manages medical devices.</p></main></body></html>",
            ),
            _ => Reply::html("<html><body><p>Labelling rules.</p></body></html>"),
        }
    });
    let work = tempfile::tempdir().expect("work");
    let library = work.path();
    library_on(&server, library);

    // First check: the quotes are on their pages (the line break inside one is no change).
    let (_, first) = check(library);
    let main_law = field(&first, "regulation.main_law");
    assert_eq!(main_law["quotes"][0]["state"], "found", "{main_law}");
    assert_eq!(
        field(&first, "regulation.regulator")["quotes"][0]["state"],
        "found"
    );
    assert_eq!(field(&first, "regulation.regulator")["needs_review"], false);

    // The page's sentence changes: the quote is `changed`, with what the page says now.
    edition.store(2, Ordering::SeqCst);
    let (code, second) = check(library);
    assert_eq!(code, Some(1));
    let q = &field(&second, "regulation.main_law")["quotes"][0];
    assert_eq!(q["state"], "changed", "{q}");
    assert_eq!(
        q["closest"],
        "Medical devices are classified into three classes, A to C."
    );
    assert!(q["similarity"].as_u64().expect("similarity") >= 50, "{q}");
    assert_eq!(field(&second, "regulation.main_law")["needs_review"], true);
    assert_eq!(field(&second, "regulation.regulator")["needs_review"], false);

    // The table says it in words; `kuni check` warns at the quote's line; the update items
    // put the field first.
    let table = out(&kuni(library, &["sources", "status"]));
    assert!(
        table.contains("changed (")
            && table
                .contains("the page now says \"Medical devices are classified into three classes, A to C.\""),
        "{table}"
    );
    let text = std::fs::read_to_string(library.join("vn.ja.md")).expect("report");
    let warned = out(&kuni(library, &["check"]));
    let line = at(&text, "Medical devices are classified into four").0;
    assert!(
        warned.contains(&format!(
            "vn.ja.md:{line}:1: warning: `regulation.main_law` quotes `d98`, but its page no longer says"
        )),
        "{warned}"
    );
    assert!(
        warned.contains(
            "the closest passage now reads \"Medical devices are classified into three classes, A to C.\""
        ),
        "{warned}"
    );
    assert!(kuni(library, &["update", "start", "vn.ja"]).status.success());
    let items: serde_json::Value =
        serde_json::from_slice(&kuni(library, &["update", "items", "vn.ja", "--json"]).stdout)
            .expect("items");
    assert_eq!(items[0]["key"], "regulation.main_law", "{items}");
    assert_eq!(items[0]["label"], "主な法令");
    assert_eq!(items[0]["quotes"][0]["state"], "changed");
}

#[test]
fn a_moved_source_is_relinked_a_confirmed_field_is_dated_and_publishing_offers_the_note() {
    let server = Server::start(|r| match r.path.as_str() {
        "/old-d98" => Reply::Full(301, vec![("Location".into(), "/d98".into())], Vec::new()),
        "/d98" => Reply::html(
            "<html><body><p>Medical devices are classified into four classes, A to D.</p></body></html>",
        ),
        _ => Reply::html(
            "<html><body><p>The Department of Medical Equipment and Construction manages medical devices.</p></body></html>",
        ),
    });
    let work = tempfile::tempdir().expect("work");
    let library = work.path();
    library_on(&server, library);
    let (_, first) = check(library);
    let d98 = first[0]["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["id"] == "d98")
        .expect("d98");
    assert_eq!(d98["state"], "moved", "{d98}");
    assert_eq!(d98["moved_to"], server.url("/d98"));

    let o = kuni(library, &["sources", "relink", "vn.ja"]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(
        out(&o).contains(&format!(
            "`d98`: {} → {}",
            server.url("/old-d98"),
            server.url("/d98")
        )),
        "{}",
        out(&o)
    );
    let text = std::fs::read_to_string(library.join("vn.ja.md")).expect("report");
    assert!(
        text.contains(&format!("url: \"{}\", accessed: 2026-09-01", server.url("/d98"))),
        "{text}"
    );
    assert!(!text.contains("/old-d98"));
    assert!(
        out(&kuni(library, &["check"])).contains("0 errors"),
        "the relinked report still reads"
    );
    // The snapshot moved with the address: the next check compares, it does not start over.
    let (code, again) = check(library);
    let d98 = &again[0]["sources"].as_array().expect("sources")[1];
    assert_eq!(
        (d98["id"].as_str(), d98["state"].as_str()),
        (Some("d98"), Some("unchanged")),
        "{again}"
    );
    assert_eq!(code, Some(0), "{again}");

    // Confirming a field dates its sources `accessed` today (KUNI_TODAY); the others keep theirs.
    assert!(kuni(library, &["update", "start", "vn.ja"]).status.success());
    let o = kuni(
        library,
        &[
            "update",
            "mark",
            "vn.ja",
            "regulation.main_law",
            "修正済",
            "--by",
            "山田",
        ],
    );
    assert!(o.status.success(), "{}", out(&o));
    let o = kuni(
        library,
        &[
            "update",
            "mark",
            "vn.ja",
            "regulation.regulator",
            "確認済",
            "--by",
            "山田",
        ],
    );
    assert!(o.status.success(), "{}", out(&o));
    let text = std::fs::read_to_string(library.join("vn.ja.md")).expect("report");
    assert!(
        text.contains(&format!("url: \"{}\", accessed: 2026-12-08", server.url("/d98"))),
        "{text}"
    );
    assert!(
        text.contains(&format!("url: \"{}\", accessed: 2026-12-08", server.url("/moh"))),
        "{text}"
    );
    assert!(
        text.contains(&format!("url: \"{}\", accessed: 2026-09-01", server.url("/d43"))),
        "{text}"
    );

    // Publishing without --note takes the cycle's note: the corrected field by its label.
    let o = kuni(library, &["publish", "vn.ja"]);
    assert!(o.status.success(), "{}", out(&o));
    let text = std::fs::read_to_string(library.join("vn.ja.md")).expect("report");
    assert!(
        text.contains("note: \"年次更新：主な法令を修正。1項目を出典と照合して確認\""),
        "{text}"
    );
    // With the cycle closed there is nothing to offer: the note is required again.
    let o = kuni(library, &["publish", "vn.ja"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
}
