//! `kuni check`'s citation warnings: home-page-only fields, sources read long before the
//! report's `updated`, sources nothing uses; and the 要確認 list gathered from a report.

use crate::common::*;
use kuni::doc::{BlockKind, inline_text};

fn problems_of(text: &str) -> Vec<String> {
    brief(&parse(text).1)
}

#[test]
fn a_field_citing_only_home_pages_is_a_warning_at_its_sources() {
    let text = edit(
        &valid_text(),
        r#"url: "https://www.vietnameselawblog.com/labelling-goods-circulated-in-the-vietnamese-market/""#,
        r#"url: "https://vanban.chinhphu.vn/""#,
    );
    let (line, _) = at(&text, "label_language:");
    let (_, column) = at(&text, "sources: [d43]");
    assert_eq!(
        problems_of(&text),
        vec![format!(
            "{line}:{}: warning: `regulation.label_language` cites only a site's home page (`d43` https://vanban.chinhphu.vn/), which cannot show the fact: add a source for the page that states it (the law's text, the regulator's notice or guidance, or a named secondary source)",
            column + "sources: ".len()
        )]
    );
    assert_eq!(parse(&text).1[0].code, "source-is-home-page");
}

#[test]
fn a_home_page_beside_a_page_that_states_the_fact_is_fine() {
    let text = edit(
        &valid_text(),
        "label_language: { value: ベトナム語, sources: [d43] }",
        "label_language: { value: ベトナム語, sources: [d43, gov] }",
    );
    let text = edit(
        &text,
        "changelog:",
        "  - { id: gov, title: \"政府ポータル\", url: \"https://vanban.chinhphu.vn/\", accessed: 2026-09-01 }\nchangelog:",
    );
    assert_eq!(problems_of(&text), Vec::<String>::new());
}

#[test]
fn a_source_read_more_than_12_months_before_updated_is_a_warning_at_accessed() {
    let from = r#"title: "政令 43/2017/ND-CP（表示）", url: "https://www.vietnameselawblog.com/labelling-goods-circulated-in-the-vietnamese-market/", accessed: 2026-09-01"#;
    let text = edit(&valid_text(), from, &from.replace("2026-09-01", "2025-09-30"));
    let (line, column) = at(&text, "accessed: 2025-09-30");
    assert_eq!(
        problems_of(&text),
        vec![format!(
            "{line}:{}: warning: source `d43` was last read on 2025-09-30, 366 days before the report's `updated: 2026-10-01` (more than 12 months): read it again and update `accessed`, or replace it",
            column + "accessed: ".len()
        )]
    );
    assert_eq!(parse(&text).1[0].code, "stale-source");
    // Exactly 12 months is still fine.
    let text = edit(&valid_text(), from, &from.replace("2026-09-01", "2025-10-01"));
    assert_eq!(problems_of(&text), Vec::<String>::new());
}

#[test]
fn a_source_no_field_and_no_text_uses_is_a_warning_at_its_id() {
    let extra = "  - { id: who, title: \"WHO\", url: \"https://www.who.int/publications/i/item/9789240095137\", accessed: 2026-09-01 }\n";
    let text = edit(&valid_text(), "changelog:", &format!("{extra}changelog:"));
    let (line, column) = at(&text, "id: who");
    assert_eq!(
        problems_of(&text),
        vec![format!(
            "{line}:{}: warning: source `who` is used by no structured field and its address (https://www.who.int/publications/i/item/9789240095137) is nowhere in the text: cite it or remove it",
            column + "id: ".len()
        )]
    );
    assert_eq!(parse(&text).1[0].code, "unused-source");
    // Giving its address in the text uses it.
    let cited = edit(
        &text,
        "- 保健省",
        "- 保健省\n- WHO：https://www.who.int/publications/i/item/9789240095137",
    );
    assert_eq!(problems_of(&cited), Vec::<String>::new());
    // A link to a longer address on the same site does not.
    let longer = edit(
        &text,
        "- 保健省",
        "- 保健省\n- WHO：https://www.who.int/publications/i/item/9789240095137/annex",
    );
    assert_eq!(problems_of(&longer).len(), 1);
}

#[test]
fn the_items_to_verify_are_gathered_with_their_place_and_location() {
    let text = valid_text();
    let (report, _) = parse(&text);
    let report = report.expect("valid");
    let items: Vec<String> = report
        .to_verify
        .iter()
        .map(|i| {
            format!(
                "{}:{} [{}] {}",
                i.location.line, i.location.column, i.place, i.text
            )
        })
        .collect();
    let (reliance, reliance_col) = at(&text, "\"要確認：対象国\"");
    let (review, review_col) = at(&text, "\"要確認\" }");
    let (caveat, caveat_col) = at(&text, "要確認。");
    assert_eq!(
        items,
        vec![
            format!("{reliance}:{reliance_col} [参照国承認の活用] 要確認：対象国"),
            format!("{review}:{review_col} [標準的な審査期間] 要確認"),
            format!("{caveat}:{caveat_col} [留意点] 所管部局の名称は要確認。"),
        ]
    );
}

#[test]
fn the_items_to_verify_end_the_document_as_an_ordinary_section() {
    let report = parse(&valid_text()).0.expect("valid");
    let headings = report.doc.headings();
    let last = headings.last().expect("headings");
    assert_eq!((last.level, last.text.as_str()), (2, "要確認事項の一覧"));
    let n = report.doc.blocks.len();
    let BlockKind::List { items, start: None } = &report.doc.blocks[n - 1].kind else {
        panic!(
            "the section ends with a bullet list: {:?}",
            report.doc.blocks[n - 1]
        );
    };
    let texts: Vec<String> = items
        .iter()
        .map(|i| match &i.blocks[0].kind {
            BlockKind::Paragraph { content } => inline_text(content),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        texts,
        vec![
            "参照国承認の活用：要確認：対象国",
            "標準的な審査期間：要確認",
            "留意点：所管部局の名称は要確認。",
        ]
    );
    // The HTML the preview and the site show has it, from the same document model.
    let html = kuni::html::render(&report.doc);
    assert!(html.contains("要確認事項の一覧"), "{html}");
    assert!(html.contains("所管部局の名称は要確認。"));
}

#[test]
fn a_report_with_nothing_to_verify_gets_no_extra_section() {
    let text = edit(&valid_text(), ", note: \"要確認：対象国\"", "");
    let text = edit(&text, ", note: \"要確認\"", "");
    let text = edit(&text, "所管部局の名称は要確認。", "所管部局の名称は変わった。");
    let report = parse(&text).0.expect("valid");
    assert!(report.to_verify.is_empty());
    assert_eq!(
        report.doc.headings().last().map(|h| h.text.clone()),
        Some("情報源".to_string())
    );
}
