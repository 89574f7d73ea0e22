//! Each class of bad input gives its precise message at its precise location.

use crate::common::*;
use kuni::Severity;

/// Parses `text` and returns the problems as `line:column: severity: message`.
fn problems_of(text: &str) -> Vec<String> {
    brief(&parse(text).1)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle in text")
        + 1
}

#[test]
fn yaml_syntax_error_is_located_in_the_file() {
    let text = edit(
        &valid_text(),
        "authors: [国際展開支援チーム]",
        "authors: [国際展開支援チーム",
    );
    let problems = parse(&text).1;
    assert_eq!(problems.len(), 1, "{:#?}", brief(&problems));
    let p = &problems[0];
    assert_eq!(p.code, "yaml-syntax");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.message.starts_with("YAML syntax error: "), "{}", p.message);
    // The scanner notices the unclosed list where the next field starts.
    assert_eq!(p.location.line, line_of(&text, "regulation:"));
}

#[test]
fn missing_field_is_reported_at_the_start_of_its_mapping() {
    let text = edit(&valid_text(), "region: 東南アジア\n", "");
    assert_eq!(
        problems_of(&text),
        vec!["2:1: error: missing required field `region`"]
    );
}

#[test]
fn nested_missing_field_names_its_path() {
    let text = edit(
        &valid_text(),
        r#"  review_time: { value: "数か月〜1年程度", sources: [moh], note: "要確認" }
"#,
        "",
    );
    let line = line_of(&text, "regulator:");
    assert_eq!(
        problems_of(&text),
        vec![format!(
            "{line}:3: error: missing required field `regulation.review_time`"
        )]
    );
}

#[test]
fn wrong_types_are_reported_at_the_value() {
    let text = edit(&valid_text(), "\nversion: 2\n", "\nversion: two\n");
    let text = edit(
        &text,
        "authors: [国際展開支援チーム]",
        "authors: 国際展開支援チーム",
    );
    let v = line_of(&text, "version: two");
    let a = line_of(&text, "authors: 国際");
    assert_eq!(
        problems_of(&text),
        vec![
            format!("{v}:10: error: `version` must be a whole number from 1 to 4294967295 (found `two`)"),
            format!("{a}:10: error: `authors` must be a list, found a single value"),
        ]
    );
}

#[test]
fn unknown_country_code_with_case_hint() {
    let text = edit(&valid_text(), "country: VN", "country: vn");
    assert_eq!(
        problems_of(&text),
        vec![
            "3:10: error: `country: vn` is not an ISO 3166-1 alpha-2 country code (write it in upper case: VN)"
        ]
    );
    let text = edit(&valid_text(), "country: VN", "country: XX");
    assert_eq!(
        problems_of(&text),
        vec!["3:10: error: `country: XX` is not an ISO 3166-1 alpha-2 country code"]
    );
    // The United Kingdom's reserved `UK` is refused with the code to use instead …
    let text = edit(&valid_text(), "country: VN", "country: UK");
    assert_eq!(
        problems_of(&text),
        vec![
            "3:10: error: `country: UK` is not an ISO 3166-1 alpha-2 country code (the United Kingdom is `GB`)"
        ]
    );
    // … while `EU`, the one reserved code accepted on purpose, reads (the file name is then
    // only a warning away from matching).
    let text = edit(&valid_text(), "country: VN", "country: EU");
    assert!(
        problems_of(&text).iter().all(|p| !p.contains("error")),
        "{:?}",
        problems_of(&text)
    );
}

#[test]
fn invalid_enum_values_list_the_allowed_ones() {
    let text = edit(&valid_text(), "status: draft", "status: done");
    assert_eq!(
        problems_of(&text),
        vec!["7:9: error: `status` must be one of draft, review, published (found `done`)"]
    );
}

#[test]
fn future_dates_are_errors() {
    let text = edit(&valid_text(), "updated: 2026-10-01", "updated: 2027-01-15");
    assert_eq!(
        problems_of(&text),
        vec!["8:10: error: `updated: 2027-01-15` is in the future (today is 2026-12-07)"]
    );
}

#[test]
fn malformed_dates_are_errors() {
    let text = edit(&valid_text(), "updated: 2026-10-01", "updated: 2026/10/01");
    assert_eq!(
        problems_of(&text),
        vec!["8:10: error: `updated` must be a date written YYYY-MM-DD (found `2026/10/01`)"]
    );
}

#[test]
fn stale_report_is_a_warning_only() {
    let text = edit(&valid_text(), "updated: 2026-10-01", "updated: 2025-10-01");
    let (report, problems) = parse(&text);
    assert!(report.is_some(), "a stale report is still a report");
    assert_eq!(
        brief(&problems),
        vec![
            "8:10: warning: stale: `updated: 2025-10-01` is 432 days ago (more than 12 months); review the report and update it"
        ]
    );
    assert_eq!(problems[0].code, "stale");
}

#[test]
fn source_without_accessed_date() {
    let text = edit(
        &valid_text(),
        r#"url: "https://english.luatvietnam.vn/y-te/decree-04-2025-nd-cp-management-of-medical-equipment-385264-d1.html", accessed: 2026-09-01 }"#,
        r#"url: "https://english.luatvietnam.vn/y-te/decree-04-2025-nd-cp-management-of-medical-equipment-385264-d1.html" }"#,
    );
    let line = line_of(&text, "id: moh");
    assert_eq!(
        problems_of(&text),
        vec![format!(
            "{line}:7: error: `sources[1]` has no `accessed` date: add the date you last read it (YYYY-MM-DD)"
        )]
    );
}

#[test]
fn structured_field_naming_an_unknown_source() {
    let text = edit(
        &valid_text(),
        "label_language: { value: ベトナム語, sources: [d43] }",
        "label_language: { value: ベトナム語, sources: [d44] }",
    );
    let line = line_of(&text, "label_language");
    let d43 = line_of(&text, "id: d43");
    // d43 is now cited by nothing, which `kuni check` also says.
    assert_eq!(
        problems_of(&text),
        vec![
            format!("{line}:45: error: source `d44` is not in `sources`"),
            format!(
                "{d43}:11: warning: source `d43` is used by no structured field and its address (https://www.vietnameselawblog.com/labelling-goods-circulated-in-the-vietnamese-market/) is nowhere in the text: cite it or remove it"
            ),
        ]
    );
}

#[test]
fn every_class_needs_a_route() {
    let text = edit(&valid_text(), "      D: 流通登録番号の取得\n", "");
    let line = line_of(&text, "  routes:");
    let problems = problems_of(&text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].starts_with(&format!("{}:", line + 1)), "{problems:?}");
    assert!(problems[0].ends_with("error: `regulation.routes` has no route for class D of `risk_classes`"));
}

#[test]
fn missing_section_points_where_it_belongs() {
    let text = edit(&valid_text(), "## 市場動向\n\n輸入依存が高い。\n\n", "");
    let next = line_of(&text, "## 参入のポイント");
    assert_eq!(
        problems_of(&text),
        vec![format!("{next}:1: error: missing required section `## 市場動向`")]
    );
}

#[test]
fn sections_out_of_order_are_a_warning() {
    let text = edit(&valid_text(), "## 要点\n", "## 要点X\n");
    let text = edit(&text, "## 情報源\n", "## 情報源\n\n## 要点\n\n本文。\n");
    let problems = parse(&text).1;
    let codes: Vec<_> = problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, vec!["section-order"], "{:#?}", brief(&problems));
}

#[test]
fn link_to_a_missing_anchor() {
    let text = edit(&valid_text(), "[薬事制度](#薬事制度)", "[薬事制度](#薬事)");
    let line = line_of(&text, "(#薬事)");
    assert_eq!(
        problems_of(&text),
        vec![format!(
            "{line}:7: error: link to `#薬事`, but no heading of this report has that anchor"
        )]
    );
    // A percent-encoded link to an existing anchor is fine.
    let text = edit(
        &valid_text(),
        "[薬事制度](#薬事制度)",
        "[薬事制度](#%E8%96%AC%E4%BA%8B%E5%88%B6%E5%BA%A6)",
    );
    assert_eq!(problems_of(&text), Vec::<String>::new());
}

#[test]
fn duplicate_keys_and_aliases_are_refused() {
    let text = edit(&valid_text(), "language: ja\n", "language: ja\nlanguage: en\n");
    assert_eq!(
        problems_of(&text),
        vec!["5:1: error: duplicate field `language` (first given on line 4)"]
    );
    let text = edit(
        &valid_text(),
        "authors: [国際展開支援チーム]",
        "authors: &a [国際展開支援チーム]\nextra: *a",
    );
    let problems = problems_of(&text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].ends_with("error: YAML anchors and aliases (&name, *name) are not allowed in reports")
    );
}

#[test]
fn unknown_field_is_a_warning() {
    let text = edit(
        &valid_text(),
        "region: 東南アジア\n",
        "region: 東南アジア\nregoin: x\n",
    );
    assert_eq!(problems_of(&text), vec!["6:1: warning: unknown field `regoin`"]);
}

#[test]
fn file_name_must_match_country_and_language() {
    let (_, problems) = parse_named("th.ja.md", &valid_text());
    assert_eq!(
        brief(&problems),
        vec!["3:10: warning: the file is named `th.ja.md` but holds country VN in `ja`: name it `vn.ja.md`"]
    );
}

#[test]
fn missing_or_unclosed_front_matter() {
    assert_eq!(
        problems_of("## 要点\n"),
        vec![
            "1:1: error: a report must start with front matter: a line `---`, the YAML fields, and another `---`"
        ]
    );
    assert_eq!(
        problems_of("---\ntitle: x\n"),
        vec![
            "1:1: error: the front matter opened on line 1 is never closed: add a line `---` after the last field"
        ]
    );
    assert_eq!(
        problems_of("---\n---\n## 要点\n"),
        vec![
            "2:1: error: the front matter is empty: it needs title, country, language and the other fields of docs/report-format.md"
        ]
    );
}

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = valid_text().into_bytes();
    let at = bytes
        .windows(6)
        .position(|w| w == "通貨".as_bytes())
        .expect("word");
    bytes[at] = 0xff;
    let parsed = kuni::Report::parse(std::path::Path::new("vn.ja.md"), &bytes, today());
    assert!(parsed.report.is_none());
    let p = &parsed.problems[0];
    assert_eq!(p.code, "invalid-utf8");
    let line = valid_text()
        .lines()
        .position(|l| l.contains("通貨"))
        .expect("line")
        + 1;
    assert_eq!((p.location.line, p.location.column), (line, 3));
}

#[test]
fn emphasis_commonmark_cannot_close_is_a_warning() {
    let text = edit(
        &valid_text(),
        "輸入依存が高い。",
        "**中央医薬品標準管理機構（CDSCO）**で審査する。",
    );
    let line = line_of(&text, "**中央");
    assert_eq!(
        problems_of(&text),
        vec![format!(
            "{line}:1: warning: `**` is not read as bold here: CommonMark does not close emphasis after punctuation \
             such as ） or 」 when a letter follows; move the `**` inside the brackets or rephrase"
        )]
    );
    let fixed = edit(
        &valid_text(),
        "輸入依存が高い。",
        "**中央医薬品標準管理機構**（CDSCO）で審査する。",
    );
    assert_eq!(problems_of(&fixed), Vec::<String>::new());
}
