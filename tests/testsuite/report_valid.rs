//! A valid report reads into the expected typed front matter and document.

use crate::common::*;
use kuni::report::{Language, LocalRepresentative, Status};

#[test]
fn valid_report_has_no_problems_and_typed_fields() {
    let (report, problems) = parse(&valid_text());
    assert!(
        problems.is_empty(),
        "unexpected problems: {:#?}",
        brief(&problems)
    );
    let r = report.expect("report");
    assert_eq!(r.id, "vn.ja");
    let m = &r.meta;
    assert_eq!(m.country, "VN");
    assert_eq!(m.language, Language::Ja);
    assert_eq!(m.status, Status::Draft);
    assert_eq!(m.version, 2);
    assert_eq!(m.updated.to_string(), "2026-10-01");
    assert_eq!(m.published.map(|d| d.to_string()).as_deref(), Some("2025-03-28"));
    assert_eq!(m.authors, vec!["国際展開支援チーム"]);
    assert_eq!(m.regulation.risk_classes.value, vec!["A", "B", "C", "D"]);
    let routes: Vec<_> = m
        .regulation
        .routes
        .value
        .iter()
        .map(|r| (r.class.as_str(), r.route.as_str()))
        .collect();
    assert_eq!(
        routes,
        vec![
            ("A", "適用基準の公表"),
            ("B", "適用基準の公表"),
            ("C", "流通登録番号の取得"),
            ("D", "流通登録番号の取得")
        ]
    );
    assert_eq!(
        m.regulation.local_representative.value,
        LocalRepresentative::Required
    );
    assert_eq!(m.regulation.reliance.note.as_deref(), Some("要確認：対象国"));
    assert_eq!(m.regulation.main_law.sources, vec!["d98"]);
    assert_eq!(m.sources.len(), 3);
    assert_eq!(
        m.sources[0].url,
        "https://english.luatvietnam.vn/y-te/decree-04-2025-nd-cp-management-of-medical-equipment-385264-d1.html"
    );
    assert_eq!(m.sources[0].accessed.to_string(), "2026-09-01");
    assert_eq!(m.changelog.len(), 1);
    assert_eq!(m.changelog[0].note, "年次更新");
}

#[test]
fn body_starts_after_front_matter_with_file_line_numbers() {
    let (report, _) = parse(&valid_text());
    let r = report.expect("report");
    let headings = r.doc.headings();
    let first = &headings[0];
    assert_eq!(
        (first.level, first.text.as_str(), first.id.as_str()),
        (2, "要点", "要点")
    );
    let line_of = valid_text()
        .lines()
        .position(|l| l == "## 要点")
        .expect("heading")
        + 1;
    assert_eq!(first.line, line_of);
    let closing = valid_text()
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "---")
        .nth(1)
        .expect("closing ---")
        .0;
    assert_eq!(
        r.body_line,
        closing + 2,
        "the body starts on the line after the closing ---"
    );
}

#[test]
fn bom_and_crlf_are_accepted_with_the_same_line_numbers() {
    let plain = parse(&valid_text()).0.expect("report");
    let crlf = format!("\u{feff}{}", valid_text().replace('\n', "\r\n"));
    let (report, problems) = parse(&crlf);
    assert!(problems.is_empty(), "{:#?}", brief(&problems));
    let r = report.expect("report");
    assert_eq!(r.meta, plain.meta);
    assert_eq!(r.doc.headings(), plain.doc.headings());
}
