//! Tagged PDF/UA-1 and PDF/A-2u: every bundled report checked by the tools that run here
//! (pdfinfo, qpdf, pdffonts, pdftotext, and PyPI's `pdfua`, installed by scripts/setup.sh),
//! and, for what `pdfua` does not look at, our own checks on the file read with lopdf. Each
//! test is named after the veraPDF rule it stands for (`ua1_` ISO 14289-1 clause, `a2_`
//! ISO 19005-2 clause). veraPDF itself cannot be installed here (docs/pdf.md).

use crate::common::*;
use kuni::doc::plain_text;
use kuni::pdf::{self, ExportOptions};
use kuni::{Library, Report};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

struct Out {
    id: String,
    path: PathBuf,
    doc: Document,
    report: Report,
}

/// Every bundled report exported once (in a folder kept for the test run).
fn bundled() -> &'static [Out] {
    static ALL: OnceLock<Vec<Out>> = OnceLock::new();
    ALL.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
        let library = Library::open(&root, today()).expect("library");
        let dir = std::env::temp_dir().join(format!("kuni-pdf-ua-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let reports: Vec<&Report> = library.reports().collect();
        let done = std::sync::Mutex::new(Vec::new());
        // With the library to rank against, so the summary page's charts (Figures) are there.
        pdf::export_many(
            &reports,
            &opts().with_peers(reports.iter().copied()),
            &std::sync::atomic::AtomicBool::new(false),
            &|_, r, result| {
                let pdf = result.unwrap_or_else(|e| panic!("{}: {e}", r.id));
                let path = dir.join(format!("{}.pdf", r.id));
                std::fs::write(&path, &pdf.bytes).expect("write");
                let doc = Document::load_mem(&pdf.bytes).expect("lopdf reads it");
                done.lock().expect("lock").push(Out {
                    id: r.id.clone(),
                    path,
                    doc,
                    report: r.clone(),
                });
            },
        );
        let mut all = done.into_inner().expect("lock");
        all.sort_by(|a, b| a.id.cmp(&b.id));
        assert!(all.len() >= 10, "bundled reports exported");
        all
    })
}

fn opts() -> ExportOptions {
    ExportOptions {
        timestamp: Some(1_795_000_000),
        ..Default::default()
    }
}

fn run(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} runs (scripts/setup.sh installs it): {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The `pdfua` checker from PyPI: `$KUNI_PDFUA`, else the virtual environment scripts/setup.sh
/// makes in the user's data folder, else the PATH.
fn pdfua() -> PathBuf {
    if let Some(p) = std::env::var_os("KUNI_PDFUA") {
        return PathBuf::from(p);
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_default();
    let venv = data.join("kuni/pyenv/bin/pdfua");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("pdfua")
    }
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn ua1_every_bundled_report_is_tagged_and_checked_clean_by_pdfinfo_qpdf_pdffonts_and_pdfua() {
    let pdfua = pdfua();
    for o in bundled() {
        let (ok, info) = run("pdfinfo", &[p(&o.path)]);
        assert!(ok, "{info}");
        assert!(info.contains("Tagged:          yes"), "{}: {info}", o.id);
        assert!(!info.contains("PDF/X"), "{}: {info}", o.id);
        let (ok, check) = run("qpdf", &["--check", p(&o.path)]);
        assert!(
            ok && check.contains("No syntax or stream encoding errors"),
            "{}: {check}",
            o.id
        );
        assert!(!check.contains("WARNING"), "{}: {check}", o.id);
        let (ok, fonts) = run("pdffonts", &[p(&o.path)]);
        assert!(ok, "{fonts}");
        for row in fonts.lines().skip(2) {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "{}: emb sub uni: {row}",
                o.id
            );
        }
        let out = Command::new(&pdfua)
            .args(["check", p(&o.path), "--format", "json"])
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "{} runs (scripts/setup.sh installs PyPI pdfua): {e}",
                    pdfua.display()
                )
            });
        let report = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: pdfua found something: {report}",
            o.id
        );
    }
}

#[test]
fn ua1_text_extraction_gives_the_source_characters_not_radicals_or_compatibility_ideographs() {
    for o in bundled() {
        let (ok, text) = run("pdftotext", &[p(&o.path), "-"]);
        assert!(ok, "{text}");
        let bad: Vec<char> = text
            .chars()
            .filter(|c| matches!(*c as u32, 0x2E80..=0x2FDF | 0xF900..=0xFAFF))
            .filter(|c| !o.report.body.contains(*c))
            .collect();
        assert!(bad.is_empty(), "{}: {bad:?}", o.id);
    }
}

/// The catalog.
fn catalog(doc: &Document) -> &Dictionary {
    let id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("root");
    doc.get_dictionary(id).expect("catalog")
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(r) => doc.get_object(*r).expect("object"),
        other => other,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    deref(doc, o).as_dict().expect("a dictionary")
}

fn name_of(d: &Dictionary, key: &[u8]) -> Option<String> {
    d.get(key)
        .ok()
        .and_then(|n| n.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

#[test]
fn ua1_7_1_catalog_marks_the_file_tagged_with_language_title_display_and_structure() {
    for o in bundled() {
        let c = catalog(&o.doc);
        let mark = dict(&o.doc, c.get(b"MarkInfo").expect("MarkInfo"));
        assert_eq!(mark.get(b"Marked").and_then(Object::as_bool).ok(), Some(true));
        // Absent means false (ISO 32000-1 14.7.1); poppler rejects it written out.
        assert!(mark.get(b"Suspects").is_err(), "{}: /Suspects is written", o.id);
        let lang = c.get(b"Lang").and_then(Object::as_str).expect("Lang");
        let want: &[u8] = if o.id.ends_with(".en") { b"en" } else { b"ja-JP" };
        assert_eq!(lang, want, "{}", o.id);
        let prefs = dict(&o.doc, c.get(b"ViewerPreferences").expect("prefs"));
        assert_eq!(
            prefs.get(b"DisplayDocTitle").and_then(Object::as_bool).ok(),
            Some(true)
        );
        let root = dict(&o.doc, c.get(b"StructTreeRoot").expect("StructTreeRoot"));
        assert_eq!(name_of(root, b"Type").as_deref(), Some("StructTreeRoot"));
        assert!(o.doc.version.as_str() <= "1.7", "header {}", o.doc.version);
    }
}

/// One page's marked content: text per MCID, and the checks made while reading it.
#[derive(Default)]
struct PageContent {
    /// MCID → its text (ActualText where a span has one).
    text: HashMap<i64, String>,
    /// Problems found.
    problems: Vec<String>,
    /// Deepest q nesting.
    max_q: usize,
}

/// Glyph code → text, from a font's ToUnicode CMap (bfchar and bfrange entries).
fn to_unicode(doc: &Document, font: &Dictionary) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let Ok(Object::Reference(r)) = font.get(b"ToUnicode") else {
        return map;
    };
    let stream = doc
        .get_object(*r)
        .and_then(Object::as_stream)
        .expect("ToUnicode stream");
    let data = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let text = String::from_utf8_lossy(&data);
    let hex = |s: &str| -> Vec<u8> {
        let s = s.trim_matches(|c| c == '<' || c == '>');
        (0..s.len() / 2)
            .filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok())
            .collect()
    };
    let utf16 = |b: &[u8]| -> String {
        let units: Vec<u16> = b
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let code = |b: &[u8]| -> u16 { b.iter().fold(0u16, |a, x| (a << 8) | u16::from(*x)) };
    let mut mode = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if line.starts_with("endbf") {
            mode = "";
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        match (mode, parts.as_slice()) {
            ("char", [src, dst]) => {
                map.insert(code(&hex(src)), utf16(&hex(dst)));
            }
            ("range", [lo, hi, dst]) if dst.starts_with('<') => {
                let (lo, hi) = (code(&hex(lo)), code(&hex(hi)));
                let base = hex(dst);
                let mut units: Vec<u16> = base.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                for c in lo..=hi {
                    map.insert(c, String::from_utf16_lossy(&units));
                    if let Some(last) = units.last_mut() {
                        *last += 1;
                    }
                }
            }
            _ => {}
        }
    }
    map
}

/// Reads a page's content stream: tags and artifacts (ISO 14289-1 7.1: nothing outside,
/// neither inside the other), glyph 0 (ISO 19005-2 6.2.11.8, ISO 14289-1 7.21.8), string
/// length (6.1.13), q nesting (6.1.13), and each MCID's text.
fn read_page(doc: &Document, page: ObjectId) -> PageContent {
    #[derive(PartialEq)]
    enum Open {
        Tagged(i64),
        Artifact,
        Span(Option<String>),
    }
    let mut out = PageContent::default();
    let fonts = doc.get_page_fonts(page).expect("fonts");
    let maps: HashMap<Vec<u8>, HashMap<u16, String>> = fonts
        .iter()
        .map(|(name, font)| (name.clone(), to_unicode(doc, font)))
        .collect();
    let content = Content::decode(&doc.get_page_content(page)).expect("decodes");
    let mut stack: Vec<Open> = Vec::new();
    let mut font: Option<&HashMap<u16, String>> = None;
    let mut q = 0usize;
    for op in &content.operations {
        for operand in &op.operands {
            let mut check = |o: &Object| {
                if let Object::String(s, _) = o
                    && s.len() > 32_767
                {
                    out.problems.push(format!("a string of {} bytes", s.len()));
                }
            };
            check(operand);
            if let Object::Array(a) = operand {
                a.iter().for_each(&mut check);
            }
        }
        let tagged = stack.iter().find_map(|o| match o {
            Open::Tagged(m) => Some(*m),
            _ => None,
        });
        let in_artifact = stack.contains(&Open::Artifact);
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                let tag = op.operands.first().and_then(|n| n.as_name().ok()).unwrap_or(b"");
                let props = op.operands.get(1).and_then(|d| d.as_dict().ok());
                let mcid = props
                    .and_then(|d| d.get(b"MCID").ok())
                    .and_then(|m| m.as_i64().ok());
                let open = if tag == b"Artifact" {
                    if tagged.is_some() {
                        out.problems.push("an artifact inside tagged content".into());
                    }
                    Open::Artifact
                } else if let Some(m) = mcid {
                    if in_artifact || tagged.is_some() {
                        out.problems
                            .push(format!("MCID {m} nested inside other marked content"));
                    }
                    if out.text.insert(m, String::new()).is_some() {
                        out.problems.push(format!("MCID {m} used twice"));
                    }
                    Open::Tagged(m)
                } else {
                    let actual = props
                        .and_then(|d| d.get(b"ActualText").ok())
                        .and_then(|t| t.as_str().ok())
                        .map(|b| {
                            let units: Vec<u16> = b[2..]
                                .chunks(2)
                                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                                .collect();
                            String::from_utf16_lossy(&units)
                        });
                    if let (Some(m), Some(t)) = (tagged, &actual) {
                        out.text.entry(m).or_default().push_str(t);
                    }
                    Open::Span(actual)
                };
                stack.push(open);
            }
            "EMC" if stack.pop().is_none() => out.problems.push("EMC without BDC".into()),
            "q" => {
                q += 1;
                out.max_q = out.max_q.max(q);
            }
            "Q" => q = q.saturating_sub(1),
            "Tf" => {
                let name = op.operands.first().and_then(|n| n.as_name().ok()).unwrap_or(b"");
                font = maps.get(name);
            }
            "Tj" | "TJ" | "'" | "\"" | "Do" | "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b" | "b*"
            | "sh" => {
                if tagged.is_none() && !in_artifact {
                    out.problems
                        .push(format!("`{}` outside any tag or artifact", op.operator));
                }
                let in_actual = stack.iter().any(|o| matches!(o, Open::Span(Some(_))));
                let mut strings: Vec<&[u8]> = Vec::new();
                for operand in &op.operands {
                    match operand {
                        Object::String(s, _) => strings.push(s),
                        Object::Array(a) => a.iter().for_each(|x| {
                            if let Object::String(s, _) = x {
                                strings.push(s)
                            }
                        }),
                        _ => {}
                    }
                }
                for s in strings {
                    for pair in s.chunks(2) {
                        let code = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                        if code == 0 {
                            out.problems.push("glyph 0 (.notdef) shown".into());
                        }
                        if let (Some(m), false) = (tagged, in_actual) {
                            let t = font.and_then(|f| f.get(&code)).cloned().unwrap_or_default();
                            out.text.entry(m).or_default().push_str(&t);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if !stack.is_empty() {
        out.problems.push("marked content left open".into());
    }
    out
}

/// The ParentTree's key → value pairs (a number tree of /Kids and /Nums).
fn number_tree(doc: &Document, node: &Dictionary, out: &mut HashMap<i64, Object>) {
    if let Ok(nums) = node.get(b"Nums").and_then(Object::as_array) {
        for pair in nums.chunks(2) {
            out.insert(pair[0].as_i64().expect("key"), pair[1].clone());
        }
    }
    if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
        for k in kids {
            number_tree(doc, dict(doc, k), out);
        }
    }
}

/// The structure tree walked in order: each element's (id, role), the text of its marked
/// content in order, every (page, MCID) reached, and problems (a /P that is not the parent).
struct Walk {
    elements: Vec<(ObjectId, String, ObjectId)>, // (element, role, page of /Pg or zero)
    reached: HashMap<(ObjectId, i64), ObjectId>, // (page, mcid) → element
    objr: Vec<(ObjectId, ObjectId)>,             // (element, annotation)
    problems: Vec<String>,
}

fn walk_structure(doc: &Document, texts: &HashMap<(ObjectId, i64), String>, skip: &[&str]) -> (Walk, String) {
    let root_id = catalog(doc)
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .expect("root");
    let mut w = Walk {
        elements: Vec::new(),
        reached: HashMap::new(),
        objr: Vec::new(),
        problems: Vec::new(),
    };
    let mut text = String::new();
    // (object, expected parent) — explicit stack, children pushed in reverse.
    enum Step {
        Elem(ObjectId, ObjectId),
        Mcid(ObjectId, ObjectId, i64),
    }
    let root = doc.get_dictionary(root_id).expect("root");
    let mut stack: Vec<Step> = Vec::new();
    // /K: one kid or an array of them (an array may itself be referenced).
    let kids = |k: &Object| -> Vec<Object> {
        match k {
            Object::Array(a) => a.clone(),
            Object::Reference(r) => match doc.get_object(*r) {
                Ok(Object::Array(a)) => a.clone(),
                _ => vec![k.clone()],
            },
            other => vec![other.clone()],
        }
    };
    for k in kids(root.get(b"K").expect("root K")).into_iter().rev() {
        stack.push(Step::Elem(k.as_reference().expect("element ref"), root_id));
    }
    while let Some(step) = stack.pop() {
        match step {
            Step::Mcid(elem, page, mcid) => {
                w.reached.insert((page, mcid), elem);
                text.push_str(texts.get(&(page, mcid)).map_or("", String::as_str));
            }
            Step::Elem(id, parent) => {
                let e = doc.get_dictionary(id).expect("element");
                let role = name_of(e, b"S").unwrap_or_default();
                if e.get(b"P").and_then(Object::as_reference).ok() != Some(parent) {
                    w.problems.push(format!("{role} {id:?}: /P is not its parent"));
                }
                let pg = e.get(b"Pg").and_then(Object::as_reference).unwrap_or((0, 0));
                w.elements.push((id, role.clone(), pg));
                if skip.contains(&role.as_str()) {
                    continue;
                }
                let Ok(k) = e.get(b"K") else { continue };
                for kid in kids(k).into_iter().rev() {
                    match &kid {
                        Object::Integer(m) => stack.push(Step::Mcid(id, pg, *m)),
                        Object::Reference(r) => stack.push(Step::Elem(*r, id)),
                        Object::Dictionary(d) => match name_of(d, b"Type").as_deref() {
                            Some("MCR") => {
                                let page = d.get(b"Pg").and_then(Object::as_reference).unwrap_or(pg);
                                let m = d.get(b"MCID").and_then(Object::as_i64).expect("MCID");
                                stack.push(Step::Mcid(id, page, m));
                            }
                            Some("OBJR") => w
                                .objr
                                .push((id, d.get(b"Obj").and_then(Object::as_reference).expect("Obj"))),
                            other => w.problems.push(format!("unknown kid {other:?}")),
                        },
                        other => w.problems.push(format!("unexpected kid {other:?}")),
                    }
                }
            }
        }
    }
    (w, text)
}

/// Every page read, and the structure walked, for one file.
fn analyse(doc: &Document, skip: &[&str]) -> (HashMap<ObjectId, PageContent>, Walk, String) {
    let pages: HashMap<ObjectId, PageContent> = doc
        .get_pages()
        .values()
        .map(|id| (*id, read_page(doc, *id)))
        .collect();
    let texts: HashMap<(ObjectId, i64), String> = pages
        .iter()
        .flat_map(|(pg, c)| c.text.iter().map(move |(m, t)| ((*pg, *m), t.clone())))
        .collect();
    let (walk, text) = walk_structure(doc, &texts, skip);
    (pages, walk, text)
}

#[test]
fn ua1_7_1_content_is_tagged_or_artifact_and_a2_6_1_13_limits_and_6_2_11_8_no_notdef() {
    for o in bundled() {
        let (pages, _, _) = analyse(&o.doc, &[]);
        for (id, c) in &pages {
            assert!(c.problems.is_empty(), "{} page {id:?}: {:?}", o.id, c.problems);
            assert!(c.max_q <= 28, "{}: q nesting {}", o.id, c.max_q);
        }
    }
}

#[test]
fn ua1_7_1_every_mcid_is_reachable_from_the_parent_tree_and_every_element_has_its_parent() {
    for o in bundled() {
        let doc = &o.doc;
        let (pages, walk, _) = analyse(doc, &[]);
        assert!(walk.problems.is_empty(), "{}: {:?}", o.id, walk.problems);
        let root = dict(doc, catalog(doc).get(b"StructTreeRoot").expect("root"));
        let mut tree = HashMap::new();
        number_tree(
            doc,
            dict(doc, root.get(b"ParentTree").expect("ParentTree")),
            &mut tree,
        );
        let next = root
            .get(b"ParentTreeNextKey")
            .and_then(Object::as_i64)
            .expect("next key");
        assert!(
            tree.keys().all(|k| *k < next),
            "{}: keys below ParentTreeNextKey",
            o.id
        );
        for (page_id, content) in &pages {
            let page = doc.get_dictionary(*page_id).expect("page");
            let key = page
                .get(b"StructParents")
                .and_then(Object::as_i64)
                .expect("StructParents");
            let list = match tree.get(&key) {
                Some(Object::Array(a)) => a.clone(),
                other => panic!("{}: ParentTree entry {key} is {other:?}", o.id),
            };
            for mcid in content.text.keys() {
                let elem = list
                    .get(*mcid as usize)
                    .and_then(|e| e.as_reference().ok())
                    .unwrap_or_else(|| {
                        panic!("{}: MCID {mcid} of page {page_id:?} not in the ParentTree", o.id)
                    });
                assert_eq!(
                    walk.reached.get(&(*page_id, *mcid)),
                    Some(&elem),
                    "{}: MCID {mcid} of page {page_id:?}: the ParentTree's element does not hold it",
                    o.id
                );
            }
        }
        let roles: HashSet<&str> = walk.elements.iter().map(|e| e.1.as_str()).collect();
        for r in [
            "Document", "H1", "H2", "P", "Table", "TR", "TH", "TD", "L", "LI", "Lbl", "LBody", "TOC", "TOCI",
            "Link",
        ] {
            assert!(roles.contains(r), "{}: no {r} element", o.id);
        }
        let first_heading = walk
            .elements
            .iter()
            .find(|e| e.1.starts_with('H') && e.1.len() == 2);
        assert_eq!(first_heading.map(|e| e.1.as_str()), Some("H1"), "{}", o.id);
        let mut prev = 0;
        for e in walk
            .elements
            .iter()
            .filter(|e| e.1.len() == 2 && e.1.starts_with('H'))
        {
            let level: u32 = e.1[1..].parse().expect("level");
            assert!(level <= prev + 1, "{}: H{prev} then {}", o.id, e.1);
            prev = level;
        }
    }
}

#[test]
fn ua1_7_2_the_structure_tree_reads_the_document_text_in_order() {
    for o in bundled() {
        // The contents page repeats the headings: read the tree without it.
        let (_, _, text) = analyse(&o.doc, &["TOC"]);
        let source = plain_text(&o.report.doc);
        let (found, total, lost) = matched_in_order(&source, &text);
        assert_eq!(found, total, "{}: lost near {lost:?}", o.id);
        // The running header is an artifact: the title is read on the cover (and in the
        // body only where the report repeats it), not on every page.
        let title_count = text.matches(o.report.meta.title.as_str()).count();
        assert!(
            title_count <= 2,
            "{}: the title is read {title_count} times",
            o.id
        );
    }
}

#[test]
fn ua1_7_5_table_header_cells_have_a_scope() {
    for o in bundled() {
        let (_, walk, _) = analyse(&o.doc, &[]);
        let th: Vec<_> = walk.elements.iter().filter(|e| e.1 == "TH").collect();
        assert!(!th.is_empty(), "{}", o.id);
        for (id, _, _) in th {
            let e = o.doc.get_dictionary(*id).expect("TH");
            let a = dict(&o.doc, e.get(b"A").expect("TH has /A"));
            assert_eq!(name_of(a, b"O").as_deref(), Some("Table"));
            assert!(
                matches!(name_of(a, b"Scope").as_deref(), Some("Column" | "Row" | "Both")),
                "{}",
                o.id
            );
        }
    }
}

#[test]
fn ua1_7_18_every_annotation_has_print_flag_contents_struct_parent_and_an_objr_in_a_link() {
    for o in bundled() {
        let doc = &o.doc;
        let (_, walk, _) = analyse(doc, &[]);
        let objr: HashMap<ObjectId, ObjectId> = walk.objr.iter().map(|(e, a)| (*a, *e)).collect();
        let roles: HashMap<ObjectId, &str> = walk.elements.iter().map(|e| (e.0, e.1.as_str())).collect();
        let root = dict(doc, catalog(doc).get(b"StructTreeRoot").expect("root"));
        let mut tree = HashMap::new();
        number_tree(
            doc,
            dict(doc, root.get(b"ParentTree").expect("ParentTree")),
            &mut tree,
        );
        let mut count = 0;
        for page_id in doc.get_pages().values() {
            let page = doc.get_dictionary(*page_id).expect("page");
            let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) else {
                continue;
            };
            assert_eq!(name_of(page, b"Tabs").as_deref(), Some("S"), "{}: /Tabs /S", o.id);
            for a in annots {
                let id = a.as_reference().expect("an indirect annotation");
                let d = doc.get_dictionary(id).expect("annotation");
                assert_eq!(
                    d.get(b"F").and_then(Object::as_i64).ok(),
                    Some(4),
                    "{}: /F print",
                    o.id
                );
                let contents = d.get(b"Contents").and_then(Object::as_str).expect("/Contents");
                assert!(contents.len() > 2, "{}: empty /Contents", o.id);
                let key = d
                    .get(b"StructParent")
                    .and_then(Object::as_i64)
                    .expect("/StructParent");
                let elem = objr
                    .get(&id)
                    .unwrap_or_else(|| panic!("{}: no OBJR for {id:?}", o.id));
                assert_eq!(roles.get(elem), Some(&"Link"), "{}", o.id);
                assert_eq!(
                    tree.get(&key).and_then(|e| e.as_reference().ok()),
                    Some(*elem),
                    "{}",
                    o.id
                );
                count += 1;
            }
        }
        assert!(count > 0, "{}: the contents page has links", o.id);
    }
}

/// The XMP packet's text.
fn xmp(doc: &Document) -> String {
    let s = deref(doc, catalog(doc).get(b"Metadata").expect("/Metadata"))
        .as_stream()
        .expect("stream");
    assert!(s.dict.get(b"Filter").is_err(), "metadata is not filtered");
    assert_eq!(name_of(&s.dict, b"Subtype").as_deref(), Some("XML"));
    String::from_utf8(s.content.clone()).expect("UTF-8 XMP")
}

/// The text of each element named `tag` (namespace prefix included) in `xml`.
fn xml_values(xml: &str, tag: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut depth_in: Option<usize> = None;
    let mut depth = 0usize;
    let mut current = String::new();
    loop {
        match reader.read_event().expect("well-formed XMP") {
            Event::Start(e) => {
                depth += 1;
                if e.name().as_ref() == tag {
                    depth_in = Some(depth);
                    current.clear();
                }
            }
            Event::End(_) => {
                if depth_in == Some(depth) {
                    out.push(current.trim().to_string());
                    depth_in = None;
                }
                depth -= 1;
            }
            Event::Text(t) if depth_in.is_some() => current.push_str(&t.into_inner()),
            Event::GeneralRef(r) if depth_in.is_some() => current.push_str(match &*r.into_inner() {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                other => panic!("unexpected entity {other}"),
            }),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn info_text(doc: &Document, key: &[u8]) -> String {
    let info = dict(doc, doc.trailer.get(b"Info").expect("Info"));
    let b = info.get(key).and_then(Object::as_str).expect("info key");
    if b.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(b).into_owned()
    }
}

#[test]
fn a2_6_6_2_xmp_parses_and_identifies_pdfa_2u_and_pdfua_1_with_the_extension_schema() {
    for o in bundled() {
        let x = xmp(&o.doc);
        assert_eq!(xml_values(&x, "pdfaid:part"), ["2"], "{}", o.id);
        assert_eq!(xml_values(&x, "pdfaid:conformance"), ["U"]);
        assert_eq!(xml_values(&x, "pdfuaid:part"), ["1"]);
        assert_eq!(
            xml_values(&x, "pdfaSchema:namespaceURI"),
            ["http://www.aiim.org/pdfua/ns/id/"],
            "the pdfuaid schema is described"
        );
        assert_eq!(xml_values(&x, "pdfaSchema:prefix"), ["pdfuaid"]);
        assert_eq!(xml_values(&x, "pdfaProperty:name"), ["part"]);
        // 6.6.3: the information dictionary and the XMP say the same.
        assert_eq!(
            xml_values(&x, "rdf:li").first().map(String::as_str),
            Some(info_text(&o.doc, b"Title").as_str())
        );
        assert_eq!(o.report.meta.title, info_text(&o.doc, b"Title"));
        let lang = if o.id.ends_with(".en") { "en" } else { "ja-JP" };
        assert_eq!(xml_values(&x, "dc:language"), [lang]);
        assert_eq!(xml_values(&x, "pdf:Producer"), [info_text(&o.doc, b"Producer")]);
        let created = info_text(&o.doc, b"CreationDate");
        let modified = info_text(&o.doc, b"ModDate");
        assert_eq!(created, "D:20261118110640+00'00'");
        assert_eq!(modified, created);
        assert_eq!(xml_values(&x, "xmp:CreateDate"), ["2026-11-18T11:06:40+00:00"]);
        assert_eq!(xml_values(&x, "xmp:ModifyDate"), ["2026-11-18T11:06:40+00:00"]);
    }
}

#[test]
fn a2_6_2_3_the_output_intent_is_srgb_with_an_icc_profile_below_version_5() {
    for o in bundled() {
        let intents = catalog(&o.doc)
            .get(b"OutputIntents")
            .and_then(Object::as_array)
            .expect("OutputIntents");
        assert_eq!(intents.len(), 1);
        let oi = dict(&o.doc, &intents[0]);
        assert_eq!(name_of(oi, b"S").as_deref(), Some("GTS_PDFA1"));
        let icc = deref(&o.doc, oi.get(b"DestOutputProfile").expect("profile"))
            .as_stream()
            .expect("stream");
        assert_eq!(icc.dict.get(b"N").and_then(Object::as_i64).ok(), Some(3));
        let data = icc.decompressed_content().unwrap_or_else(|_| icc.content.clone());
        assert_eq!(&data[16..20], b"RGB ", "an RGB profile");
        assert!(data[8] < 5, "ICC version {}", data[8]);
        assert_eq!(&data[36..40], b"acsp", "an ICC profile");
    }
}

fn report_with_body(body: &str) -> (tempfile::TempDir, Report, Vec<kuni::Problem>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = valid_text().replace("輸入依存が高い。", body);
    let path = dir.path().join("vn.ja.md");
    std::fs::write(&path, &text).expect("write");
    let parsed = Report::parse(&path, text.as_bytes(), today());
    (dir, parsed.report.expect("report"), parsed.problems)
}

#[test]
fn ua1_7_3_an_image_with_a_description_is_a_figure_with_that_alt_and_one_without_is_flagged() {
    let (dir, report, problems) =
        report_with_body("![区分の概念図: クラスAからDへ](chart.png)\n\n![](photo.jpg)");
    for name in ["chart.png", "photo.jpg"] {
        std::fs::copy(fixture(&format!("images/{name}")), dir.path().join(name)).expect("copy image");
    }
    let pdf = pdf::export(&report, &opts()).expect("export");
    let doc = Document::load_mem(&pdf.bytes).expect("reads");
    let (pages, walk, _) = analyse(&doc, &[]);
    assert!(pages.values().all(|c| c.problems.is_empty()));
    let figures: Vec<String> = walk
        .elements
        .iter()
        .filter(|e| e.1 == "Figure")
        .map(|e| {
            let d = doc.get_dictionary(e.0).expect("figure");
            let b = d.get(b"Alt").and_then(Object::as_str).expect("/Alt");
            let units: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        })
        .collect();
    assert_eq!(
        figures,
        ["区分の概念図: クラスAからDへ"],
        "the undescribed image is an artifact"
    );
    let flagged: Vec<_> = problems
        .iter()
        .filter(|p| p.code == "image-without-alt")
        .collect();
    assert_eq!(flagged.len(), 1, "{problems:?}");
    assert!(flagged[0].message.contains("photo.jpg"));
    let path = dir.path().join("fig.pdf");
    std::fs::write(&path, &pdf.bytes).expect("write");
    let out = Command::new(pdfua())
        .args(["check", p(&path)])
        .output()
        .expect("pdfua");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn ua1_7_21_8_a_character_no_font_has_is_a_visible_stand_in_with_its_actual_text_and_a_check_warning() {
    let (dir, report, _) = report_with_body("未知の文字\u{13000}です。");
    let pdf = pdf::export(&report, &opts()).expect("export");
    assert!(
        pdf.warnings
            .iter()
            .any(|w| w.contains("U+13000") && w.contains('〓')),
        "{:?}",
        pdf.warnings
    );
    let doc = Document::load_mem(&pdf.bytes).expect("reads");
    let (pages, _, text) = analyse(&doc, &[]);
    for c in pages.values() {
        assert!(c.problems.is_empty(), "{:?}", c.problems);
    }
    assert!(
        text.contains("未知の文字\u{13000}です"),
        "the structure text keeps the character"
    );
    let path = dir.path().join("missing.pdf");
    std::fs::write(&path, &pdf.bytes).expect("write");
    let (ok, extracted) = run("pdftotext", &[p(&path), "-"]);
    assert!(ok && extracted.contains('\u{13000}'), "ActualText gives it back");
    let found = kuni::pdf::fonts::uncovered(&report, &Default::default()).expect("fonts");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "missing-glyph");
    assert!(found[0].message.contains("U+13000"));
    let line = report
        .body
        .lines()
        .position(|l| l.contains('\u{13000}'))
        .expect("line")
        + report.body_line;
    assert_eq!(found[0].location.line, line);
}

#[test]
fn latin_in_japanese_text_is_proportional_with_a_quarter_em_made_by_positioning_not_a_space() {
    use kuni::pdf::fonts::{FontFiles, Fonts, Role};
    use kuni::pdf::shape::{Span, shape};
    use kuni::pdf::style::SpanStyle;
    let files = FontFiles::open(&Default::default(), false).expect("fonts");
    let fonts = Fonts::load(&files, &mut Vec::new()).expect("fonts");
    let spans = [Span {
        text: "年5月iM".to_string(),
        style: SpanStyle::new(Role::Body, 10.0),
    }];
    let glyphs = shape(&fonts, &spans, &mut Vec::new());
    let face = |i: usize| fonts.faces[glyphs[i].font].name.clone();
    assert!(
        face(0).contains("UDMincho") && !face(0).contains("UDPMincho"),
        "{}",
        face(0)
    );
    assert!(
        face(1).contains("UDPMincho"),
        "Latin in the proportional twin: {}",
        face(1)
    );
    assert!(
        (glyphs[0].advance - 10.0).abs() < 0.01,
        "Japanese stays full width"
    );
    assert!(glyphs[3].advance < 0.5 * glyphs[4].advance, "i narrower than M");
    let gaps: Vec<f32> = glyphs.iter().map(|g| g.space_after).collect();
    assert_eq!(
        gaps,
        [2.5, 2.5, 2.5, 0.0, 0.0],
        "a quarter em at each Japanese–Latin boundary"
    );
    assert!(glyphs.iter().all(|g| g.text != " "), "no space glyph");

    // In the PDF: copied text has the source's characters and no invented space.
    let (dir, report, _) = report_with_body("2023年5月にISO13485認証を取得した。");
    let pdf = pdf::export(&report, &opts()).expect("export");
    let path = dir.path().join("jl.pdf");
    std::fs::write(&path, &pdf.bytes).expect("write");
    let (ok, text) = run("pdftotext", &[p(&path), "-"]);
    assert!(
        ok && text.contains("2023年5月にISO13485認証を取得した。"),
        "{text}"
    );
    let (_, fonts_listed) = run("pdffonts", &[p(&path)]);
    assert!(fonts_listed.contains("BIZUDPMincho-Regular"), "{fonts_listed}");
}

/// ISO 14289-1 7.18.1/7.18.4 and ISO 19005-2 6.3.2 on a signed deliverable: the signature
/// (an incremental update) keeps the file tagged and clean for pdfua and qpdf, its invisible
/// widget is printable, hidden from nobody (/F 132: Print + Locked), sits in a Form element
/// with an OBJR through its /StructParent, and has a /TU; the text in structure order is
/// the unsigned file's.
#[test]
fn ua1_7_18_a2_6_3_a_signed_pdf_keeps_its_tags_and_its_widget_is_a_tagged_form_field() {
    let o = bundled().iter().find(|o| o.id == "vn.ja").expect("vn.ja");
    let certs = crate::sign::certs();
    let signed = o.path.with_file_name("vn.ja.signed.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_kuni"))
        .args(["sign", p(&o.path), "--out", p(&signed), "--sign-cert"])
        .arg(certs.join("rsa.pem"))
        .arg("--sign-key")
        .arg(certs.join("rsa.key"))
        .output()
        .expect("kuni sign");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (ok, info) = run("pdfinfo", &[p(&signed)]);
    assert!(ok && info.contains("Tagged:          yes"), "{info}");
    let (ok, check) = run("qpdf", &["--check", p(&signed)]);
    assert!(ok && !check.contains("WARNING"), "{check}");
    let ua = Command::new(pdfua())
        .args(["check", p(&signed), "--format", "json"])
        .output()
        .expect("pdfua");
    assert_eq!(
        ua.status.code(),
        Some(0),
        "pdfua: {}",
        String::from_utf8_lossy(&ua.stdout)
    );

    let doc = Document::load_mem(&std::fs::read(&signed).expect("signed")).expect("lopdf reads it");
    let (_, walk, text) = analyse(&doc, &[]);
    let (_, _, unsigned_text) = analyse(&o.doc, &[]);
    assert_eq!(text, unsigned_text, "the structure reads the same text");
    let roles: HashMap<ObjectId, &str> = walk.elements.iter().map(|e| (e.0, e.1.as_str())).collect();
    let root = dict(&doc, catalog(&doc).get(b"StructTreeRoot").expect("root"));
    let mut tree = HashMap::new();
    number_tree(
        &doc,
        dict(&doc, root.get(b"ParentTree").expect("ParentTree")),
        &mut tree,
    );
    let widgets: Vec<(ObjectId, &Dictionary)> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| o.as_dict().ok().map(|d| (*id, d)))
        .filter(|(_, d)| name_of(d, b"Subtype").as_deref() == Some("Widget"))
        .collect();
    assert_eq!(widgets.len(), 1, "one signature widget");
    let (widget, w) = widgets[0];
    assert_eq!(w.get(b"F").and_then(Object::as_i64).ok(), Some(132));
    assert!(
        w.get(b"TU").and_then(Object::as_str).is_ok_and(|t| t.len() > 2),
        "/TU describes the field"
    );
    let key = w
        .get(b"StructParent")
        .and_then(Object::as_i64)
        .expect("/StructParent");
    let form = tree
        .get(&key)
        .and_then(|e| e.as_reference().ok())
        .expect("ParentTree entry");
    assert_eq!(roles.get(&form), Some(&"Form"));
    assert!(
        walk.objr.contains(&(form, widget)),
        "the Form element holds the widget's OBJR"
    );
    assert!(
        catalog(&doc).get(b"Metadata").is_ok() && catalog(&doc).get(b"OutputIntents").is_ok(),
        "XMP and output intent kept"
    );
}
