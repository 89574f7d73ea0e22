//! The bundled library in reports/: complete, sourced, and free of placeholders.

use crate::common::*;
use kuni::doc::sections;
use kuni::report::{Language, sections::required, to_verify};
use kuni::{Library, Report, Severity};
use std::path::Path;

fn bundled() -> Library {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    Library::open(&root, today()).expect("reports/ opens")
}

#[test]
fn bundled_reports_pass_check_without_errors_or_warnings() {
    let library = bundled();
    let problems: Vec<_> = library.problems().map(ToString::to_string).collect();
    assert!(
        problems.is_empty(),
        "problems in reports/:\n{}",
        problems.join("\n")
    );
    assert_eq!(library.reports().count(), library.entries.len());
}

#[test]
fn the_library_covers_the_programme_countries_in_both_languages() {
    let library = bundled();
    let mut ids: Vec<_> = library.reports().map(|r| r.id.as_str()).collect();
    ids.sort();
    let mut expected = vec![
        "vn.ja", "th.ja", "in.ja", "id.ja", "ph.ja", "my.ja", "sg.ja", "kh.ja", "mm.ja", "bd.ja", "ke.ja",
        "gh.ja", "ng.ja", "za.ja", "ae.ja", "vn.en", "th.en", "in.en",
        // 新興国・欧米等 (issue #25): the US, the EU, the UK, China, Brazil, Mexico, Australia,
        // Saudi Arabia, Turkey.
        "us.ja", "eu.ja", "gb.ja", "cn.ja", "br.ja", "mx.ja", "au.ja", "sa.ja", "tr.ja",
    ];
    expected.sort();
    assert_eq!(ids, expected);
    let japanese = library
        .reports()
        .filter(|r| r.meta.language == Language::Ja)
        .count();
    assert_eq!(japanese, 24, "15 emerging markets and 9 欧米等, in Japanese");
    // Every country is named, in both languages, wherever the engine's list names it (overview,
    // comparison, summary, site, PDF cover and file name): never by its bare code.
    for r in library.reports() {
        for lang in [Language::Ja, Language::En] {
            let name = kuni::report::countries::name(&r.meta.country, lang);
            assert_ne!(
                name, r.meta.country,
                "{}: no {lang:?} name for {}",
                r.id, r.meta.country
            );
        }
    }
    let eu = library.report("eu.ja").expect("eu.ja");
    assert!(
        kuni::pdf::file_name(eu).starts_with("EU_欧州連合_v"),
        "{}",
        kuni::pdf::file_name(eu)
    );
}

/// Every report says how assistive products (福祉用具) are treated: the structured field,
/// sourced, and the subsection that closes 薬事制度 (`### Assistive products` in English).
#[test]
fn every_report_treats_assistive_products() {
    let library = bundled();
    for r in library.reports() {
        let field = r
            .meta
            .regulation
            .assistive_products
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no regulation.assistive_products", r.id));
        assert!(
            !field.value.trim().is_empty(),
            "{}: empty assistive_products",
            r.id
        );
        assert!(
            !field.sources.is_empty(),
            "{}: assistive_products names no source",
            r.id
        );
        let (regulation, wanted) = match r.meta.language {
            Language::Ja => ("薬事制度", "福祉用具の扱い"),
            Language::En => ("Regulation", "Assistive products"),
        };
        // The ### subsections under the regulation section, in order.
        let mut under = Vec::new();
        let mut inside = false;
        for s in sections(&r.doc) {
            if s.level == 2 {
                inside = s.title == regulation;
            } else if inside && s.level == 3 {
                under.push(s.title.clone());
            }
        }
        assert_eq!(
            under.last().map(String::as_str),
            Some(wanted),
            "{}: `### {wanted}` must close `## {regulation}` (found {under:?})",
            r.id
        );
    }
}

/// Text that marks a section as not written yet.
const PLACEHOLDERS: &[&str] = &[
    "TODO",
    "TBD",
    "FIXME",
    "XXX",
    "lorem",
    "準備中",
    "執筆中",
    "未記入",
    "記入予定",
    "（ここに",
    "(placeholder",
];

/// The plain text under each template section, subsections included. The generated list of
/// 要確認 items that ends the document is not a template section and is left out.
fn section_texts(r: &Report) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let generated = to_verify::section_title(r.meta.language);
    for s in sections(&r.doc) {
        if s.level == 2 && s.title == generated {
            break;
        }
        if s.level == 2 {
            out.push((s.title.clone(), s.text.clone()));
        } else if s.level > 2
            && let Some((_, text)) = out.last_mut()
        {
            text.push_str(&s.title);
            text.push('\n');
            text.push_str(&s.text);
        }
    }
    out
}

#[test]
fn every_report_is_complete_sourced_and_has_no_placeholder() {
    let library = bundled();
    for r in library.reports() {
        let texts = section_texts(r);
        let names: Vec<_> = texts.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            names,
            required(r.meta.language),
            "{}: the template sections, in order, and nothing else at ##",
            r.id
        );
        // Japanese text is dense; English needs more characters for the same content.
        let min = match r.meta.language {
            Language::Ja => 60,
            Language::En => 150,
        };
        for (title, text) in &texts {
            let len = text.chars().filter(|c| !c.is_whitespace()).count();
            assert!(len >= min, "{}: section {title} has only {len} characters", r.id);
            for p in PLACEHOLDERS {
                assert!(
                    !text.contains(p),
                    "{}: section {title} contains the placeholder {p:?}",
                    r.id
                );
            }
        }
        assert!(r.meta.sources.len() >= 3, "{}: at least 3 sources", r.id);
        for s in &r.meta.sources {
            assert!(
                s.accessed <= today(),
                "{}: source {} accessed in the future",
                r.id,
                s.id
            );
            assert!(
                s.url.starts_with("https://") || s.url.starts_with("http://"),
                "{}: {}",
                r.id,
                s.url
            );
        }
        let reg = &r.meta.regulation;
        let fields = [
            &reg.regulator.sources,
            &reg.main_law.sources,
            &reg.risk_classes.sources,
            &reg.routes.sources,
            &reg.local_representative.sources,
            &reg.label_language.sources,
            &reg.reliance.sources,
            &reg.review_time.sources,
            &reg.validity.sources,
            &reg.assistive_products
                .as_ref()
                .map(|a| a.sources.clone())
                .unwrap_or_default(),
        ];
        assert!(
            fields.iter().all(|s| !s.is_empty()),
            "{}: every structured field names a source",
            r.id
        );
        assert_eq!(
            reg.routes.value.len(),
            reg.risk_classes.value.len(),
            "{}: a route per class",
            r.id
        );
        let body_chars = r.body.chars().filter(|c| !c.is_whitespace()).count();
        if r.meta.language == Language::Ja {
            assert!(
                // The review of 2026-12 added sourced detail (dates, notices, disagreements between
                // sources), 福祉用具 a subsection of its own and the 欧米等 reports long source lists
                // (the EU report, with its national rules, is about 22,000 characters).
                (3_000..=25_000).contains(&body_chars),
                "{}: body has {body_chars} characters",
                r.id
            );
        }
        let has_table = r.body.lines().any(|l| {
            l.trim_start().starts_with("|---") || l.trim_start().starts_with("| ---") || l.contains("|:--")
        });
        assert!(has_table, "{}: at least one table", r.id);
    }
}

#[test]
fn every_report_ends_with_the_list_of_what_it_marks_to_verify() {
    let library = bundled();
    for r in library.reports() {
        assert!(
            !r.to_verify.is_empty(),
            "{}: the bundled reports all have 要確認 items",
            r.id
        );
        let last = r
            .doc
            .headings()
            .into_iter()
            .rfind(|h| h.level == 2)
            .expect("sections");
        assert_eq!(last.text, to_verify::section_title(r.meta.language), "{}", r.id);
        // Every item points into the file: a body item at the marker itself, a field item
        // at the value or note that contains it.
        let text = std::fs::read_to_string(&r.path).expect("readable");
        let file_lines: Vec<&str> = text.lines().collect();
        let markers = ["要確認", "to verify", "to be verified"];
        for item in &r.to_verify {
            let line = file_lines[item.location.line - 1];
            let at = line
                .chars()
                .skip(item.location.column - 1)
                .collect::<String>()
                .to_lowercase();
            let found = if item.location.line >= r.body_line {
                markers.iter().any(|m| at.starts_with(m))
            } else {
                markers.iter().any(|m| at.contains(m))
            };
            assert!(
                found,
                "{}:{}:{}: {at}",
                r.id, item.location.line, item.location.column
            );
        }
    }
}

#[test]
fn every_source_is_listed_in_the_sources_section() {
    // The PDF and the site link the sources from this section, so a source missing from it
    // would be cited by a field but never shown to the reader.
    let library = bundled();
    for r in library.reports() {
        let heading = required(r.meta.language).last().copied().expect("sections");
        let at = r.body.find(&format!("## {heading}")).expect("sources section");
        let listed = &r.body[at..];
        for s in &r.meta.sources {
            assert!(
                listed.contains(s.url.trim_end_matches('/')),
                "{}: source `{}` ({}) is not listed under ## {heading}",
                r.id,
                s.id,
                s.url
            );
        }
    }
}

#[test]
fn english_editions_carry_the_same_structured_facts_as_japanese_ones() {
    let library = bundled();
    for en in library.reports().filter(|r| r.meta.language == Language::En) {
        let ja = library
            .reports()
            .find(|r| r.meta.country == en.meta.country && r.meta.language == Language::Ja)
            .unwrap_or_else(|| panic!("{} has a Japanese edition", en.id));
        assert_eq!(
            en.meta.regulation.local_representative.value, ja.meta.regulation.local_representative.value,
            "{}: local representative",
            en.id
        );
        assert_eq!(
            en.meta.regulation.risk_classes.value.len(),
            ja.meta.regulation.risk_classes.value.len(),
            "{}: number of risk classes",
            en.id
        );
        let en_urls: Vec<_> = en.meta.sources.iter().map(|s| &s.url).collect();
        let shared = ja
            .meta
            .sources
            .iter()
            .filter(|s| en_urls.contains(&&s.url))
            .count();
        assert!(shared >= 3, "{}: shares {shared} sources with {}", en.id, ja.id);
    }
}

#[test]
fn no_error_in_bundled_reports_even_as_warnings_age() {
    // A year from now the reports are stale (a warning) but must still have no errors.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    let later = today() + chrono::Days::new(400);
    let library = Library::open(&root, later).expect("opens");
    assert!(library.problems().all(|p| p.severity == Severity::Warning));
    assert!(library.problems().any(|p| p.code == "stale"));
}
