//! PDF deliverables checked with the tools a recipient would use: poppler's pdftotext,
//! pdffonts and pdfinfo, and qpdf. (The set-up installs poppler-utils and qpdf.)

use crate::common::*;
use kuni::doc::plain_text;
use kuni::pdf::{self, ExportOptions, Exported};
use kuni::{Library, Report};
use std::path::{Path, PathBuf};
use std::process::Command;

fn bundled() -> Library {
    Library::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("reports"), today()).expect("library")
}

fn export(r: &Report) -> Exported {
    pdf::export(
        r,
        &ExportOptions {
            timestamp: Some(1_795_000_000),
            ..Default::default()
        },
    )
    .expect("export")
}

fn save(dir: &Path, name: &str, pdf: &Exported) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, &pdf.bytes).expect("write pdf");
    path
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xFF00..=0xFF60)
}

/// The text a deliverable must give back: the body's plain text with the ｢[!留意]｣ markers
/// gone (they become the box's label) — headings, paragraphs, list items, cells, footnotes.
fn expected_text(r: &Report) -> String {
    plain_text(&r.doc)
}

#[test]
fn every_bundled_report_reads_back_from_its_text_layer() {
    let dir = tempfile::tempdir().expect("tempdir");
    for r in bundled().reports() {
        let pdf = export(r);
        let path = save(dir.path(), &format!("{}.pdf", r.id), &pdf);
        // pdfinfo and pdffonts read every object a viewer would; `run` fails on a complaint.
        run_tool("pdfinfo", &[path.to_str().expect("path")]);
        run_tool("pdffonts", &[path.to_str().expect("path")]);
        let first = pdf.first_body_page.to_string();
        let text = run_tool(
            "pdftotext",
            &["-raw", "-f", &first, path.to_str().expect("path"), "-"],
        );
        let source = expected_text(r);
        let (found, total, lost) = matched_in_order(&source, &text);
        let ratio = found as f64 / total as f64;
        assert!(
            ratio >= 0.999,
            "{}: {found}/{total} characters in order ({ratio:.4}); lost near: {lost:?}",
            r.id
        );
        // No space between two Japanese characters that are adjacent in the source (the title,
        // printed in the running header, is part of the source too).
        let source = format!("{}\n{}", source.replace('\t', " "), r.meta.title);
        let pdf_chars: Vec<char> = text.chars().collect();
        for w in pdf_chars.windows(3) {
            if w[1] == ' ' && is_wide(w[0]) && is_wide(w[2]) {
                let joined: String = [w[0], w[2]].iter().collect();
                let spaced: String = w.iter().collect();
                assert!(
                    !source.contains(&joined) || source.contains(&spaced),
                    "{}: a space was inserted in {joined:?}",
                    r.id
                );
            }
        }
    }
}

#[test]
fn fonts_are_embedded_subset_and_mapped_to_unicode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = bundled();
    let th = library
        .report("th.ja")
        .expect("th.ja has Thai text, drawn with a fallback font");
    let path = save(dir.path(), "th.pdf", &export(th));
    let listing = run_tool("pdffonts", &[path.to_str().expect("path")]);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(rows.len() >= 4, "{listing}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "emb sub uni: {row}");
        assert!(cols[0].chars().nth(6) == Some('+'), "subset tag: {row}");
    }
    for face in [
        "BIZUDMincho-Regular",
        "BIZUDGothic-Regular",
        "BIZUDGothic-Bold",
        "NotoSansThai-Regular",
    ] {
        assert!(listing.contains(face), "{face} in {listing}");
    }
    let size = std::fs::metadata(&path).expect("size").len();
    assert!(size < 600_000, "subset fonts keep the file small: {size} bytes");
}

#[test]
fn structure_outline_toc_links_and_information() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = bundled();
    let r = library.report("vn.ja").expect("vn.ja");
    let pdf = export(r);
    let path = save(dir.path(), "vn.pdf", &pdf);
    let p = path.to_str().expect("path");
    let check = Command::new("qpdf")
        .args(["--check", p])
        .output()
        .expect("qpdf runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert!(String::from_utf8_lossy(&check.stdout).contains("No syntax or stream encoding errors"));

    let info = run_tool("pdfinfo", &[p]);
    assert!(
        info.contains(&format!("Title:           {}", r.meta.title)),
        "{info}"
    );
    assert!(info.contains("Author:          国際展開支援チーム"), "{info}");
    assert!(info.contains("Producer:        Kuni"), "{info}");
    assert!(
        info.contains("CreationDate:    ") && info.contains("2026"),
        "real dates: {info}"
    );
    assert!(!info.contains("PDF/X"), "not labelled PDF/X: {info}");

    let doc = lopdf::Document::load(&path).expect("lopdf reads it");
    let catalog = doc.catalog().expect("catalog");
    assert_eq!(
        catalog
            .get(b"Lang")
            .and_then(lopdf::Object::as_str)
            .expect("Lang"),
        b"ja-JP"
    );

    // The outline: every heading, in order, nested by level.
    let outline = outline_entries(&doc);
    let headings: Vec<(usize, String)> = r
        .doc
        .headings()
        .into_iter()
        .map(|h| (usize::from(h.level) - 1, h.text))
        .collect();
    // The summary page (概要) comes first, then the report's own headings.
    assert_eq!(outline[0], (1, "概要".to_string()));
    assert_eq!(&outline[1..=headings.len()], &headings[..]);

    // Each table-of-contents entry links to the page where its heading is printed.
    let pages = doc.get_pages();
    let page_of: std::collections::HashMap<lopdf::ObjectId, u32> =
        pages.iter().map(|(n, id)| (*id, *n)).collect();
    let mut checked = 0;
    // Page 1 is the cover, page 2 the summary; the contents follow.
    for toc_page in 3..pdf.first_body_page as u32 {
        let page_id = pages[&toc_page];
        for (target, rect_text) in link_targets(&doc, page_id, p, toc_page) {
            let Some(n) = page_of.get(&target) else {
                panic!("link to a page that does not exist")
            };
            let printed = run_tool("pdftotext", &["-f", &n.to_string(), "-l", &n.to_string(), p, "-"]);
            assert!(
                printed.contains(rect_text.trim()),
                "`{rect_text}` links to page {n}, which does not print it"
            );
            checked += 1;
        }
    }
    let toc_entries = r.doc.headings().iter().filter(|h| h.level <= 3).count();
    assert_eq!(checked, toc_entries, "every contents entry is a link");

    // External links (the sources) are clickable URI links without a visible border.
    let uris: Vec<String> = pages
        .values()
        .flat_map(|id| annotations(&doc, *id))
        .filter_map(|a| {
            let action = a.get(b"A").and_then(lopdf::Object::as_dict).ok()?;
            let uri = action.get(b"URI").and_then(lopdf::Object::as_str).ok()?;
            Some(String::from_utf8_lossy(uri).into_owned())
        })
        .collect();
    for s in &r.meta.sources {
        assert!(uris.contains(&s.url), "the sources list links {}", s.url);
    }
}

/// A page's annotations, inline (as printpdf writes them) or referenced.
fn annotations(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<&lopdf::Dictionary> {
    doc.get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Annots").and_then(lopdf::Object::as_array).ok())
        .map(|a| {
            a.iter()
                .filter_map(|o| match o {
                    lopdf::Object::Dictionary(d) => Some(d),
                    lopdf::Object::Reference(r) => doc.get_dictionary(*r).ok(),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

fn outline_entries(doc: &lopdf::Document) -> Vec<(usize, String)> {
    fn title(o: &lopdf::Dictionary) -> String {
        let bytes = o.get(b"Title").and_then(lopdf::Object::as_str).expect("title");
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).expect("utf-16")
    }
    fn walk(
        doc: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let d = doc.get_dictionary(id).expect("outline item");
            out.push((depth, title(d)));
            walk(
                doc,
                d.get(b"First").and_then(lopdf::Object::as_reference).ok(),
                depth + 1,
                out,
            );
            next = d.get(b"Next").and_then(lopdf::Object::as_reference).ok();
        }
    }
    let root = doc
        .catalog()
        .expect("catalog")
        .get(b"Outlines")
        .and_then(lopdf::Object::as_reference)
        .expect("outlines");
    let first = doc
        .get_dictionary(root)
        .expect("root")
        .get(b"First")
        .and_then(lopdf::Object::as_reference)
        .ok();
    let mut out = Vec::new();
    walk(doc, first, 1, &mut out);
    out
}

/// The GoTo targets of a page's links, with the text under each link (via pdftotext -bbox-free
/// cropping: the title text at the link's rectangle).
fn link_targets(
    doc: &lopdf::Document,
    page: lopdf::ObjectId,
    path: &str,
    page_no: u32,
) -> Vec<(lopdf::ObjectId, String)> {
    let mut out = Vec::new();
    for annot in annotations(doc, page) {
        let Ok(action) = annot.get(b"A").and_then(lopdf::Object::as_dict) else {
            continue;
        };
        let Ok(dest) = action.get(b"D").and_then(lopdf::Object::as_array) else {
            continue;
        };
        let Some(target) = dest.first().and_then(|o| o.as_reference().ok()) else {
            continue;
        };
        let rect: Vec<f32> = annot
            .get(b"Rect")
            .and_then(lopdf::Object::as_array)
            .map(|a| a.iter().map(|v| v.as_float().unwrap_or(0.0)).collect())
            .unwrap_or_default();
        let (x, y1, w, h) = (
            rect[0],
            rect[1].min(rect[3]),
            (rect[2] - rect[0]).abs(),
            (rect[3] - rect[1]).abs(),
        );
        let top = 841.89 - (y1 + h);
        let text = run_tool(
            "pdftotext",
            &[
                "-f",
                &page_no.to_string(),
                "-l",
                &page_no.to_string(),
                "-x",
                &format!("{}", x as i32),
                "-y",
                &format!("{}", top as i32 + 1),
                "-W",
                &format!("{}", w as i32),
                "-H",
                &format!("{}", (h as i32 - 2).max(1)),
                "-r",
                "72",
                path,
                "-",
            ],
        );
        out.push((target, text));
    }
    out
}

fn report_with_body(body: &str) -> (tempfile::TempDir, Report) {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = valid_text().replace("輸入依存が高い。", body);
    let path = dir.path().join("vn.ja.md");
    std::fs::write(&path, &text).expect("write");
    let parsed = Report::parse(&path, text.as_bytes(), today());
    (dir, parsed.report.expect("report"))
}

#[test]
fn bad_input_gives_warnings_and_a_pdf_anyway() {
    let cell = "長".repeat(1_000_000 / 3);
    let nested: String = (0..60)
        .map(|i| format!("{}- 階層{i}\n", "  ".repeat(i)))
        .collect();
    let body = format!(
        "![ない画像](missing.png)\n\n![壊れた画像](broken.png)\n\n![GIF](anim.gif)\n\n未知の文字 \u{13000} と \u{E000}。\n\n| 列 |\n|---|\n| {cell} |\n\n{nested}"
    );
    let (dir, report) = report_with_body(&body);
    std::fs::write(dir.path().join("broken.png"), b"not a png").expect("write");
    std::fs::write(dir.path().join("anim.gif"), b"GIF89a....").expect("write");
    let pdf = export(&report);
    let all = pdf.warnings.join("\n");
    assert!(all.contains("missing.png: the file does not exist"), "{all}");
    assert!(all.contains("broken.png: not a PNG or JPEG image"), "{all}");
    assert!(all.contains("anim.gif: not a PNG or JPEG image"), "{all}");
    assert!(all.contains("U+13000") && all.contains("U+E000"), "{all}");
    let path = save(dir.path(), "bad.pdf", &pdf);
    let check = Command::new("qpdf")
        .args(["--check", path.to_str().expect("path")])
        .output()
        .expect("qpdf");
    assert!(check.status.success());
    let text = run_tool("pdftotext", &[path.to_str().expect("path"), "-"]);
    assert!(
        text.contains('\u{13000}'),
        "a character no font has stays in the text layer"
    );
    assert!(text.contains("階層59"), "deeply nested items are printed");
    assert!(
        pdf.pages > 60,
        "the 1 MB cell continues page after page ({} pages)",
        pdf.pages
    );
}

#[test]
fn a_300_row_table_repeats_its_header_on_every_page() {
    let rows: String = (1..=300)
        .map(|i| format!("| 行{i} | クラス{} | 登録経路の説明 {i} |\n", i % 4))
        .collect();
    let body = format!("| 番号 | 区分 | 経路の見出し |\n|---|---|---|\n{rows}");
    let (dir, report) = report_with_body(&body);
    let pdf = export(&report);
    let path = save(dir.path(), "table.pdf", &pdf);
    let p = path.to_str().expect("path");
    let mut table_pages = 0;
    for n in pdf.first_body_page..=pdf.pages {
        let page = run_tool("pdftotext", &["-f", &n.to_string(), "-l", &n.to_string(), p, "-"]);
        if page.contains("登録経路の説明") {
            table_pages += 1;
            assert!(
                page.contains("経路の見出し"),
                "page {n} of the table repeats the header"
            );
        }
    }
    assert!(table_pages >= 5, "300 rows span pages ({table_pages})");
    let text = run_tool("pdftotext", &["-raw", p, "-"]);
    let order: Vec<usize> = text
        .lines()
        .filter_map(|l| l.strip_prefix('行'))
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    assert_eq!(order, (1..=300).collect::<Vec<_>>(), "rows read in order");
}

#[test]
fn document_model_footnotes_and_revision_history_are_printed() {
    let (_dir, report) = report_with_body("本文に脚注がある[^a]。\n\n[^a]: 脚注の本文である。");
    let pdf = export(&report);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = save(dir.path(), "notes.pdf", &pdf);
    let text = run_tool("pdftotext", &[path.to_str().expect("path"), "-"]);
    assert!(text.contains("脚注の本文である。"));
    assert!(
        text.contains("改訂履歴") && text.contains("年次更新"),
        "the changelog becomes a revision table"
    );
}

#[test]
fn png_and_jpeg_images_are_embedded_and_scaled_to_fit() {
    let (dir, report) = report_with_body("![図: 区分の概念](chart.png)\n\n![写真](photo.jpg)");
    for name in ["chart.png", "photo.jpg"] {
        std::fs::copy(fixture(&format!("images/{name}")), dir.path().join(name)).expect("copy image");
    }
    let pdf = export(&report);
    assert!(pdf.warnings.is_empty(), "{:?}", pdf.warnings);
    let path = save(dir.path(), "images.pdf", &pdf);
    let list = run_tool("pdfimages", &["-list", path.to_str().expect("path")]);
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{list}");
    assert!(rows[0].contains(" 240 ") && rows[0].contains(" 120 "), "{list}");
    assert!(rows[1].contains(" 200 ") && rows[1].contains(" 100 "), "{list}");
}

/// Simplified Chinese that BIZ UD lacks (医疗器械注册 has 疗, 械 … and 册) is drawn from Debian's
/// Noto CJK SC, embedded and subset, tagged `/Lang zh-Hans` in the structure tree, and given
/// back by pdftotext; nothing is replaced by 〓.
#[test]
fn simplified_chinese_comes_from_noto_cjk_tagged_zh_hans() {
    let (dir, report) =
        report_with_body("中国では**医疗器械注册**（注册）と备案を区別する。审评は国家药监局が行う。");
    let pdf = export(&report);
    assert!(
        pdf.warnings.iter().all(|w| !w.contains("U+")),
        "every character has a font: {:?}",
        pdf.warnings
    );
    let path = save(dir.path(), "zh.pdf", &pdf);
    let listing = run_tool("pdffonts", &[path.to_str().expect("path")]);
    // The collection's faces share one CFF program, whose name is the JP face's; the glyphs
    // are the SC face's (its cmap chose them).
    let cjk: Vec<&str> = listing.lines().filter(|l| l.contains("CJK")).collect();
    assert_eq!(cjk.len(), 2, "two Noto CJK faces are used: {listing}");
    for row in &cjk {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "emb sub uni: {row}");
    }
    // The body is Mincho, the bold is Gothic: each gets the Chinese face of its style.
    assert!(listing.contains("NotoSerifCJK"), "{listing}");
    assert!(
        listing.contains("NotoSansCJK") && listing.contains("-Bold"),
        "{listing}"
    );
    let text = run_tool("pdftotext", &[path.to_str().expect("path"), "-"]);
    for word in ["医疗器械注册", "备案", "审评", "国家药监局"] {
        assert!(text.contains(word), "{word} in the text layer");
    }
    assert!(!text.contains('〓'), "no stand-in is drawn");
    let doc = lopdf::Document::load_mem(&pdf.bytes).expect("parse");
    let spans = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"Span".as_slice()))
        .filter(|d| d.get(b"Lang").and_then(|l| l.as_str()).ok() == Some(b"zh-Hans".as_slice()))
        .count();
    assert!(spans >= 2, "Chinese runs are Spans with /Lang zh-Hans ({spans})");
}
