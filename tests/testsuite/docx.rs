//! Word documents checked with what a recipient would open them with: python-docx reads
//! the structure (heading styles, tables, footnotes, properties) and LibreOffice converts every
//! bundled report to text and PDF. (The set-up installs python-docx and LibreOffice.)

use crate::common::*;
use kuni::doc::{BlockKind, Document, plain_text, walk_blocks};
use kuni::docx;
use kuni::formats::{self, Format};
use kuni::pdf::ExportOptions;
use kuni::{Library, Report};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

const STAMP: i64 = 1_795_000_000;

fn bundled() -> Library {
    Library::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("reports"), today()).expect("library")
}

fn opts() -> ExportOptions {
    ExportOptions {
        timestamp: Some(STAMP),
        ..Default::default()
    }
}

fn export(r: &Report) -> docx::Exported {
    docx::export(r, &opts()).expect("export")
}

/// Writes every bundled report's .docx into `dir`, returning the reports and paths.
fn export_bundled(dir: &Path) -> Vec<(Report, PathBuf)> {
    bundled()
        .reports()
        .map(|r| {
            let d = export(r);
            assert!(d.warnings.is_empty(), "{}: {:?}", r.id, d.warnings);
            let path = dir.join(format!("{}.docx", r.id));
            std::fs::write(&path, &d.bytes).expect("write");
            (r.clone(), path)
        })
        .collect()
}

/// python-docx's reading of `paths` (tests/docx/read_docx.py).
fn python_docx(paths: &[&Path]) -> Vec<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docx/read_docx.py");
    let mut args = vec![script.to_str().expect("path")];
    args.extend(paths.iter().map(|p| p.to_str().expect("path")));
    let json = run_tool("python3", &args);
    serde_json::from_str(&json).expect("json")
}

/// Converts `paths` with one headless LibreOffice run (a private profile, so a running
/// LibreOffice or a parallel test cannot interfere) into `out_dir`.
fn soffice(to: &str, paths: &[&Path], out_dir: &Path) {
    let profile = tempfile::tempdir().expect("profile");
    let profile_url = format!("-env:UserInstallation=file://{}", profile.path().display());
    let mut args = vec![
        profile_url.as_str(),
        "--headless",
        "--norestore",
        "--convert-to",
        to,
        "--outdir",
        out_dir.to_str().expect("path"),
    ];
    args.extend(paths.iter().map(|p| p.to_str().expect("path")));
    run_tool("soffice", &args);
}

/// The headings the document must have as Heading 1–6: the report's, then the revision
/// history the export adds (as the PDF does).
fn expected_headings(r: &Report) -> Vec<(u64, String)> {
    let mut h: Vec<(u64, String)> = r
        .doc
        .headings()
        .into_iter()
        .map(|h| (u64::from(h.level), h.text))
        .collect();
    if !r.meta.changelog.is_empty() {
        let title = if r.meta.language == kuni::report::Language::Ja {
            "改訂履歴"
        } else {
            "Revision history"
        };
        h.push((2, title.to_string()));
    }
    h
}

/// (rows including the header, header rows) of each table, the revision history's last.
fn expected_tables(r: &Report) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    walk_blocks(&r.doc.blocks, &mut |b| {
        if let BlockKind::Table { head, rows, .. } = &b.kind {
            let h = u64::from(!head.is_empty());
            out.push((rows.len() as u64 + h, h));
        }
    });
    if !r.meta.changelog.is_empty() {
        out.push((r.meta.changelog.len() as u64 + 1, 1));
    }
    out
}

#[test]
fn python_docx_reads_every_bundled_report_s_structure_and_properties() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = export_bundled(dir.path());
    let paths: Vec<&Path> = files.iter().map(|(_, p)| p.as_path()).collect();
    let read = python_docx(&paths);
    assert_eq!(read.len(), files.len());
    for ((r, _), got) in files.iter().zip(&read) {
        let headings: Vec<(u64, String)> = got["headings"]
            .as_array()
            .expect("headings")
            .iter()
            .map(|h| {
                (
                    h[0].as_u64().expect("level"),
                    h[1].as_str().expect("text").to_string(),
                )
            })
            .collect();
        assert_eq!(headings, expected_headings(r), "{}", r.id);
        let tables: Vec<(u64, u64)> = got["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .map(|t| {
                (
                    t["rows"].as_u64().expect("rows"),
                    t["header_rows"].as_u64().expect("header"),
                )
            })
            .collect();
        assert_eq!(tables, expected_tables(r), "{}", r.id);
        assert!(!tables.is_empty(), "{}: every report has tables", r.id);
        assert_eq!(
            got["footnotes"].as_u64(),
            Some(r.doc.footnotes.len() as u64),
            "{}",
            r.id
        );

        let props = docx::Properties::of(r, &opts());
        let core = &got["core"];
        assert_eq!(core["title"], props.title.as_str(), "{}", r.id);
        assert_eq!(core["subject"], props.subject.as_str(), "{}", r.id);
        assert_eq!(core["author"], props.author.as_str(), "{}", r.id);
        assert_eq!(core["keywords"], props.keywords.join(", ").as_str(), "{}", r.id);
        assert_eq!(core["created"], "2026-11-18T11:06:40Z", "{}", r.id);
        assert_eq!(core["modified"], "2026-11-18T11:06:40Z", "{}", r.id);
        let lang = if r.meta.language == kuni::report::Language::Ja {
            "ja-JP"
        } else {
            "en-US"
        };
        assert_eq!(core["language"], lang, "{}", r.id);
        let styles: Vec<&str> = got["styles"]
            .as_array()
            .expect("styles")
            .iter()
            .map(|s| s.as_str().expect("style"))
            .collect();
        assert_eq!(
            got["style_problems"],
            serde_json::json!([]),
            "{}: every paragraph and run names a defined style, and Normal is the default",
            r.id
        );
        for s in ["Title", "Subtitle", "toc 2", "List Paragraph", "Normal"] {
            assert!(
                styles.contains(&s),
                "{}: no paragraph in style {s}: {styles:?}",
                r.id
            );
        }
    }
}

/// The PDF's information dictionary, as pdfinfo prints it.
fn pdfinfo(path: &Path) -> std::collections::HashMap<String, String> {
    run_tool("pdfinfo", &["-isodates", path.to_str().expect("path")])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

#[test]
fn core_properties_equal_the_pdf_s_information_and_names_match() {
    let lib = bundled();
    let r = lib.report("vn.ja").expect("vn.ja");
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf_path = dir.path().join(kuni::pdf::file_name(r));
    std::fs::write(&pdf_path, kuni::pdf::export(r, &opts()).expect("pdf").bytes).expect("write");
    let docx_path = dir.path().join(docx::file_name(r));
    std::fs::write(&docx_path, export(r).bytes).expect("write");
    assert_eq!(
        docx::file_name(r),
        kuni::pdf::file_name(r).replace(".pdf", ".docx")
    );
    let info = pdfinfo(&pdf_path);
    let got = &python_docx(&[&docx_path])[0]["core"];
    assert_eq!(got["title"].as_str(), info.get("Title").map(String::as_str));
    assert_eq!(got["subject"].as_str(), info.get("Subject").map(String::as_str));
    assert_eq!(got["author"].as_str(), info.get("Author").map(String::as_str));
    assert_eq!(got["keywords"].as_str(), info.get("Keywords").map(String::as_str));
    let created = info.get("CreationDate").expect("creation date");
    assert!(
        created.starts_with("2026-11-18T11:06:40"),
        "the PDF's date {created} is the .docx's"
    );
}

#[test]
fn the_same_report_gives_the_same_bytes_alone_or_in_parallel() {
    let lib = bundled();
    let reports: Vec<&Report> = lib.reports().collect();
    let alone: Vec<Vec<u8>> = reports.iter().map(|r| export(r).bytes).collect();
    let parallel = Mutex::new(Vec::new());
    formats::export_many(
        &reports,
        &[Format::Docx],
        &opts(),
        &AtomicBool::new(false),
        &|_, r, _, res| {
            parallel
                .lock()
                .expect("lock")
                .push((r.id.clone(), res.expect("export").bytes));
        },
    );
    let parallel = parallel.into_inner().expect("lock");
    assert_eq!(parallel.len(), reports.len());
    for (id, bytes) in parallel {
        let i = reports.iter().position(|r| r.id == id).expect("report");
        assert!(bytes == alone[i], "{id}: two exports differ");
    }
    // The zip entries carry no time of export.
    assert!(alone[0].starts_with(b"PK\x03\x04"));
    assert_eq!(
        &alone[0][10..14],
        &[0, 0, 0x21, 0],
        "1980-01-01 00:00 in the first entry"
    );
}

fn is_japanese(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF66..=0xFF9F)
}

/// The report's Japanese character runs (kana and kanji sequences) in order; for an English
/// edition, its words (letters and digits).
fn text_runs(doc: &Document, ja: bool) -> Vec<String> {
    let text = plain_text(doc);
    let mut runs = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if (ja && is_japanese(c)) || (!ja && c.is_alphanumeric() && !is_japanese(c)) {
            cur.push(c);
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// How many of `runs` are found in `text` in order, each searched after the previous match.
fn runs_in_order(runs: &[String], text: &str) -> (usize, Vec<String>) {
    let mut at = 0;
    let mut found = 0;
    let mut lost = Vec::new();
    for r in runs {
        match text[at..].find(r.as_str()) {
            Some(k) => {
                found += 1;
                at += k + r.len();
            }
            None => lost.push(r.clone()),
        }
    }
    (found, lost)
}

#[test]
fn libreoffice_opens_every_bundled_report_and_gives_back_its_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = export_bundled(dir.path());
    let paths: Vec<&Path> = files.iter().map(|(_, p)| p.as_path()).collect();
    let out = dir.path().join("converted");
    soffice("txt:Text (encoded):UTF8", &paths, &out);
    soffice("pdf", &paths, &out);
    for (r, _) in &files {
        let pdf = out.join(format!("{}.pdf", r.id));
        let info = pdfinfo(&pdf);
        let pages: usize = info.get("Pages").and_then(|p| p.parse().ok()).unwrap_or(0);
        assert!(pages >= 3, "{}: LibreOffice made {pages} pages", r.id);
        let text = std::fs::read_to_string(out.join(format!("{}.txt", r.id))).expect("text");
        let text = text.trim_start_matches('\u{FEFF}');
        let squeezed: String = text.split_whitespace().collect();
        let title: String = r.meta.title.split_whitespace().collect();
        assert!(squeezed.contains(&title), "{}: the title", r.id);
        let runs = text_runs(&r.doc, r.meta.language == kuni::report::Language::Ja);
        assert!(runs.len() > 300, "{}: {} runs", r.id, runs.len());
        let (found, lost) = runs_in_order(&runs, text);
        let ratio = found as f64 / runs.len() as f64;
        eprintln!("{}: {found}/{} runs in order ({ratio:.4})", r.id, runs.len());
        assert!(
            ratio >= 0.995,
            "{}: {found}/{} runs in order ({ratio:.4}); lost: {lost:?}",
            r.id,
            runs.len()
        );
    }
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
fn bad_input_gives_warnings_and_a_valid_docx() {
    let cell = "長".repeat(1_000_000 / 3);
    let nested: String = (0..60)
        .map(|i| format!("{}- 階層{i}\n", "  ".repeat(i)))
        .collect();
    let wide_head: String = (0..3000).map(|i| format!("| c{i} ")).collect::<String>() + "|\n";
    let wide_rule: String = "|---".repeat(3000) + "|\n";
    let wide_row: String = (0..3000).map(|i| format!("| v{i} ")).collect::<String>() + "|\n";
    let body = format!(
        "![ない画像](missing.png)\n\n![壊れた画像](broken.png)\n\n![外](https://example.com/x.png)\n\n| 列 |\n|---|\n| {cell} |\n\n{wide_head}{wide_rule}{wide_row}\n{nested}\n\n[危険](javascript:alert(1)) と [ファイル](file:///etc/passwd)\n"
    );
    let (dir, report) = report_with_body(&body);
    std::fs::write(dir.path().join("broken.png"), b"not a png").expect("write");
    let d = export(&report);
    let all = d.warnings.join("\n");
    assert!(all.contains("missing.png: the file does not exist"), "{all}");
    assert!(all.contains("broken.png: not a PNG or JPEG image"), "{all}");
    assert!(all.contains("x.png: only images in the report's folder"), "{all}");
    assert!(all.contains("3000 columns is split into tables of 63"), "{all}");
    let path = dir.path().join("bad.docx");
    std::fs::write(&path, &d.bytes).expect("write");
    let got = &python_docx(&[&path])[0];
    let tables = got["tables"].as_array().expect("tables");
    // The 3,000 columns become 48 tables of at most 63 columns (the last of 39).
    assert_eq!(tables.len(), expected_tables(&report).len() + 47);
    let columns: Vec<u64> = tables.iter().filter_map(|t| t["columns"].as_u64()).collect();
    assert_eq!(columns.iter().filter(|&&c| c == 63).count(), 47, "{columns:?}");
    assert!(columns.contains(&39), "{columns:?}");
    let xml = document_xml(&d.bytes);
    assert!(xml.contains("階層59"), "deeply nested items are kept");
    assert!(xml.contains(&cell), "the 1 MB cell is kept whole");
    assert!(
        !xml.contains("javascript:") && !xml.contains("file:///"),
        "no unsafe link targets"
    );
    let rels = part(&d.bytes, "word/_rels/document.xml.rels");
    assert!(!rels.contains("javascript:") && !rels.contains("file:"), "{rels}");
}

/// `word/document.xml` of a package, read with unzip (a recipient's tool).
fn document_xml(bytes: &[u8]) -> String {
    part(bytes, "word/document.xml")
}

fn part(bytes: &[u8], name: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("x.docx");
    std::fs::write(&path, bytes).expect("write");
    let script =
        "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())";
    run_tool("python3", &["-c", script, path.to_str().expect("path"), name])
}

#[test]
fn document_model_features_become_word_features() {
    let body = "本文[^a]と[内部](#要点)と[外部](https://example.org/a?b=1&c=2)。\n\n1. 一\n2. 二\n   - 入れ子\n\n5) 五から\n\n> [!留意]\n> 注意の本文。\n\n```\nコード\tタブ\n```\n\n![図: 区分](chart.png)\n\n[^a]: 脚注の本文。";
    let (dir, report) = report_with_body(body);
    std::fs::copy(fixture("images/chart.png"), dir.path().join("chart.png")).expect("copy image");
    let d = export(&report);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let xml = document_xml(&d.bytes);
    let notes = part(&d.bytes, "word/footnotes.xml");
    let numbering = part(&d.bytes, "word/numbering.xml");
    let rels = part(&d.bytes, "word/_rels/document.xml.rels");
    let styles = part(&d.bytes, "word/styles.xml");
    let settings = part(&d.bytes, "word/settings.xml");
    assert!(xml.contains("<w:footnoteReference w:id=\"1\"/>") && notes.contains("脚注の本文。"));
    assert!(
        xml.contains("<w:hyperlink w:anchor=\"_Toc"),
        "internal link to a bookmark"
    );
    assert!(
        rels.contains("Target=\"https://example.org/a?b=1&amp;c=2\" TargetMode=\"External\""),
        "{rels}"
    );
    assert!(
        numbering.contains("<w:startOverride w:val=\"5\"/>"),
        "an ordered list starting at 5"
    );
    assert!(numbering.contains("w:numFmt w:val=\"bullet\""));
    assert!(
        xml.contains("<w:ilvl w:val=\"1\"/>"),
        "the nested list is at level 2"
    );
    assert!(xml.contains("<w:pStyle w:val=\"Callout\"/>") && xml.contains("留意"));
    assert!(xml.contains("<w:pStyle w:val=\"Code\"/>") && xml.contains("<w:tab/>"));
    assert!(xml.contains("descr=\"図: 区分\""), "alt text on the picture");
    assert!(xml.contains("TOC \\o \"1-3\" \\h \\z \\u") && xml.contains("PAGEREF _Toc"));
    assert!(
        xml.contains("<w:br w:type=\"page\"/>"),
        "page break after the cover"
    );
    assert!(
        xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>") && xml.contains("<w:titlePg/>"),
        "A4, no header on the cover"
    );
    assert!(part(&d.bytes, "word/footer1.xml").contains(" NUMPAGES "));
    assert!(part(&d.bytes, "word/header1.xml").contains(&report.meta.title));
    assert!(styles.contains("w:eastAsia=\"BIZ UDMincho\"") && styles.contains("w:ascii=\"BIZ UDPMincho\""));
    assert!(styles.contains("w:eastAsia=\"BIZ UDGothic\"") && styles.contains("<w:kinsoku/>"));
    assert!(styles.contains("<w:lang w:val=\"ja-JP\" w:eastAsia=\"ja-JP\""));
    assert!(styles.contains("<w:name w:val=\"heading 1\"/>"));
    assert!(settings.contains("<w:footnote w:id=\"-1\"/>"));
    assert!(xml.contains("<w:tblHeader/>"));
}
