//! The summary page (概要) of the PDF deliverables, read back with poppler and lopdf: page 2
//! of every bundled report's PDF names the regulator, every class's route and every
//! indicator's value as the front matter gives it; it is one page (the contents start on page
//! 3), also for the report with the longest summary; its strips are Figures described by the
//! chart's description; an indicator without a figure prints a dash.

use crate::common::*;
use kuni::pdf::{self, ExportOptions, Exported};
use kuni::report::indicators::format_value;
use kuni::{Library, Report};
use lopdf::{Document, Object};
use std::path::Path;

fn bundled() -> Library {
    Library::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("reports"), today()).expect("library")
}

fn export(r: &Report, peers: &[&Report]) -> Exported {
    let opts = ExportOptions {
        timestamp: Some(1_795_000_000),
        ..Default::default()
    }
    .with_peers(peers.iter().copied());
    pdf::export(r, &opts).unwrap_or_else(|e| panic!("{}: {e}", r.id))
}

/// One page's text as pdftotext gives it.
fn page_text(path: &Path, page: usize) -> String {
    let n = page.to_string();
    let path = path.to_str().expect("utf-8 path");
    run_tool("pdftotext", &["-raw", "-f", &n, "-l", &n, path, "-"])
}

/// Without white space, so a name broken over two lines still matches.
fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks page 2 of `r`'s PDF; returns the page's text.
fn check_summary_page(dir: &Path, r: &Report, library: &[&Report]) -> String {
    let pdf = export(r, library);
    let path = dir.join(format!("{}.pdf", r.id));
    std::fs::write(&path, &pdf.bytes).expect("write");
    let ja = r.meta.language == kuni::report::Language::Ja;
    let page = page_text(&path, 2);
    let text = squeezed(&page);
    let heading = if ja { "概要" } else { "Summary" };
    // The running header comes first, then the heading.
    let first_lines: Vec<&str> = page.lines().take(3).map(str::trim).collect();
    assert!(
        first_lines.contains(&heading),
        "{}: page 2 opens with {heading}: {first_lines:?}",
        r.id
    );
    let reg = &r.meta.regulation;
    assert!(
        text.contains(&squeezed(&reg.regulator.value)),
        "{}: the regulator {:?} is on the summary page:\n{page}",
        r.id,
        reg.regulator.value
    );
    for route in &reg.routes.value {
        assert!(
            text.contains(&squeezed(&route.class)) && text.contains(&squeezed(&route.route)),
            "{}: class {} and its route {:?} are on the summary page:\n{page}",
            r.id,
            route.class,
            route.route
        );
    }
    for i in &r.meta.indicators {
        if let Some(v) = i.value {
            let written = format_value(i.key.measure(), v, r.meta.language);
            assert!(
                text.contains(&squeezed(&written)),
                "{}: {} is printed as {written:?}:\n{page}",
                r.id,
                i.key.code()
            );
        }
    }
    // One page: the next page is the contents.
    let next = page_text(&path, 3);
    let contents = if ja { "目次" } else { "Contents" };
    assert!(
        next.lines().take(3).any(|l| l.trim() == contents),
        "{}: page 3 starts the contents:\n{next}",
        r.id
    );
    assert!(
        pdf.first_body_page >= 4,
        "{}: cover, summary, contents, body",
        r.id
    );
    page
}

#[test]
fn every_bundled_reports_summary_page_names_regulator_routes_and_indicator_values_on_one_page() {
    let lib = bundled();
    let all: Vec<&Report> = lib.reports().collect();
    let dir = tempfile::tempdir().expect("tempdir");
    for r in &all {
        check_summary_page(dir.path(), r, &all);
    }
}

#[test]
fn the_longest_summary_still_fits_one_page_with_every_key_points_lead() {
    let lib = bundled();
    let all: Vec<&Report> = lib.reports().collect();
    // The report whose summary has the most to say: key points, routes and facts.
    let size = |r: &Report| {
        let s = kuni::summary::summary(r, &all);
        s.key_points
            .iter()
            .map(|k| k.lead.chars().count() + k.text.chars().count())
            .sum::<usize>()
            + s.routes.iter().map(|x| x.route.chars().count()).sum::<usize>()
            + s.regulator.chars().count()
            + s.review_time.chars().count()
            + s.validity.chars().count()
            + s.first_caveat.as_ref().map_or(0, |c| c.chars().count())
    };
    let longest = all.iter().copied().max_by_key(|r| size(r)).expect("a report");
    let dir = tempfile::tempdir().expect("tempdir");
    let page = squeezed(&check_summary_page(dir.path(), longest, &all));
    for k in kuni::summary::summary(longest, &all).key_points {
        let lead = if k.lead.is_empty() { &k.text } else { &k.lead };
        assert!(
            page.contains(&squeezed(lead)),
            "{}: the lead {lead:?} is on the summary page",
            longest.id
        );
    }
}

fn text_string(o: &Object) -> String {
    let bytes = o.as_str().expect("a string");
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
            .collect();
        String::from_utf16(&units).expect("utf-16")
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[test]
fn each_strip_is_a_figure_whose_alt_is_the_charts_description_with_a_bbox_on_the_summary_page() {
    let lib = bundled();
    let all: Vec<&Report> = lib.reports().collect();
    for id in ["th.ja", "in.en"] {
        let r = lib.report(id).expect("report");
        let pdf = export(r, &all);
        let doc = Document::load_mem(&pdf.bytes).expect("lopdf reads it");
        let summary_page = doc.get_pages()[&2];
        let mut figures: Vec<(String, Vec<f32>)> = Vec::new();
        for obj in doc.objects.values() {
            let Ok(d) = obj.as_dict() else { continue };
            if d.get(b"S").and_then(Object::as_name).ok() != Some(b"Figure".as_slice()) {
                continue;
            }
            assert_eq!(
                d.get(b"Pg").and_then(Object::as_reference).ok(),
                Some(summary_page),
                "{id}: the summary's figures are on page 2"
            );
            let alt = text_string(d.get(b"Alt").expect("Figure has /Alt"));
            let attrs = d
                .get(b"A")
                .and_then(Object::as_dict)
                .expect("Figure has layout attributes");
            assert_eq!(
                attrs.get(b"O").and_then(Object::as_name).ok(),
                Some(b"Layout".as_slice())
            );
            let bbox: Vec<f32> = attrs
                .get(b"BBox")
                .and_then(Object::as_array)
                .expect("BBox")
                .iter()
                .map(|v| v.as_float().expect("number"))
                .collect();
            assert!(
                bbox.len() == 4 && bbox[2] > bbox[0] && bbox[3] > bbox[1],
                "{id}: {bbox:?}"
            );
            figures.push((alt, bbox));
        }
        let expected: Vec<String> = kuni::summary::summary(r, &all)
            .indicators
            .into_iter()
            .filter_map(|i| i.chart.map(|c| c.description))
            .collect();
        assert!(!expected.is_empty(), "{id} compares some indicators");
        let mut alts: Vec<String> = figures.into_iter().map(|f| f.0).collect();
        let mut want = expected.clone();
        alts.sort();
        want.sort();
        assert_eq!(alts, want, "{id}: one Figure per chart, /Alt = its description");
        assert!(want.iter().all(|d| !d.trim().is_empty()));
    }
}

#[test]
fn an_indicator_without_a_value_prints_a_dash_and_a_report_alone_has_no_ranks() {
    let text = edit(
        &valid_text(),
        "\nsources:\n",
        "\nindicators:\n  device_market: { unit: USD, note: \"要確認：公表値を確認できず\" }\n  device_import_share: { unit: \"%\" }\nsources:\n",
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vn.ja.md");
    std::fs::write(&path, &text).expect("write");
    let report = Report::parse(&path, text.as_bytes(), today())
        .report
        .expect("a report");
    // No library: nothing to rank against, and no panic.
    let pdf = export(&report, &[]);
    let out = dir.path().join("vn.pdf");
    std::fs::write(&out, &pdf.bytes).expect("write");
    let page = page_text(&out, 2);
    assert!(
        page.contains("—（要確認）"),
        "a missing figure with a 要確認 note:\n{page}"
    );
    assert!(
        page.lines()
            .any(|l| l.contains("医療機器の輸入比率") && l.contains('—') && !l.contains("要確認")),
        "a missing figure without a note is a dash:\n{page}"
    );
    assert!(!page.contains("か国中"), "no ranks without a library:\n{page}");
    assert!(page.contains("保健省（MOH）医療インフラ・機器局"), "{page}");
}
