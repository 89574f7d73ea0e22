//! Search: Japanese analysis, the query language, ranking, snippets, the index's life cycle.

use crate::common::*;
use kuni::Library;
use kuni::search::{self, SearchIndex, SearchResults};
use std::sync::atomic::AtomicBool;

/// A library in a temporary folder: the valid fixture with `text` as the 市場動向 section,
/// once per (file id, country, language, region, status).
struct Lib {
    dir: tempfile::TempDir,
    cache: tempfile::TempDir,
}

fn report_text(country: &str, lang: &str, region: &str, status: &str, market: &str) -> String {
    let t = valid_text()
        .replace("country: VN", &format!("country: {country}"))
        .replace("region: 東南アジア", &format!("region: {region}"))
        .replace("status: draft", &format!("status: {status}"))
        .replace("輸入依存が高い。", market);
    assert_eq!(lang, "ja", "the fixture is a Japanese edition");
    t
}

fn library(reports: &[(&str, &str, &str, &str, &str)]) -> Lib {
    let dir = tempfile::tempdir().expect("tempdir");
    for (country, lang, region, status, market) in reports {
        let name = format!("{}.{lang}.md", country.to_lowercase());
        std::fs::write(
            dir.path().join(name),
            report_text(country, lang, region, status, market),
        )
        .expect("write");
    }
    Lib {
        dir,
        cache: tempfile::tempdir().expect("tempdir"),
    }
}

impl Lib {
    fn open(&self) -> SearchIndex {
        let (morph, _) = search::load_morphology();
        self.open_with(morph)
    }

    fn open_with(&self, morph: Option<std::sync::Arc<search::morph::Morphology>>) -> SearchIndex {
        let library = Library::open(self.dir.path(), today()).expect("library");
        let mut index = SearchIndex::open(self.dir.path(), self.cache.path(), morph).expect("index");
        index
            .refresh(&library, &|_| {}, &AtomicBool::new(false))
            .expect("refresh");
        index
    }
}

fn ids(r: &SearchResults) -> Vec<String> {
    r.reports.iter().map(|h| h.id.clone()).collect()
}

fn hits(r: &SearchResults) -> Vec<String> {
    r.reports
        .iter()
        .flat_map(|h| {
            h.sections
                .iter()
                .flat_map(|s| s.snippet.iter().filter(|g| g.hit).map(|g| g.text.clone()))
        })
        .collect()
}

#[test]
fn the_dictionary_is_available_so_morphology_is_tested() {
    let (morph, warning) = search::load_morphology();
    assert!(
        morph.is_some(),
        "run `make setup` (it builds the IPADIC dictionary): {warning:?}"
    );
}

#[test]
fn two_character_words_inside_compounds() {
    let lib = library(&[
        (
            "VN",
            "ja",
            "東南アジア",
            "draft",
            "関西国際空港から製品登録番号を確認する。",
        ),
        ("TH", "ja", "東南アジア", "draft", "港湾の話。"),
    ]);
    let index = lib.open();
    let r = index.search("空港", 10);
    assert_eq!(ids(&r), vec!["vn.ja"]);
    assert_eq!(hits(&r), vec!["空港"]);
    assert_eq!(r.reports[0].sections[0].anchor, "市場動向");
    assert_eq!(ids(&index.search("製品登録", 10)), vec!["vn.ja"]);
}

#[test]
fn width_long_vowels_and_case_are_normalised() {
    let lib = library(&[
        (
            "VN",
            "ja",
            "東南アジア",
            "draft",
            "サーバーとユーザー、ＣＤＳＣＯの申請。コンピュータ",
        ),
        ("TH", "ja", "東南アジア", "draft", "別の話。"),
    ]);
    let index = lib.open();
    for q in [
        "サーバ",
        "サーバー",
        "ｻｰﾊﾞｰ",
        "ユーザ",
        "cdsco",
        "CDSCO",
        "コンピューター",
        "ｺﾝﾋﾟｭｰﾀ",
    ] {
        assert_eq!(ids(&index.search(q, 10)), vec!["vn.ja"], "query {q}");
    }
    // The highlight covers the original full-width letters.
    assert_eq!(hits(&index.search("CDSCO", 10)), vec!["ＣＤＳＣＯ"]);
}

#[test]
fn phrases_or_exclusions_filters_and_typos() {
    let lib = library(&[
        (
            "VN",
            "ja",
            "東南アジア",
            "draft",
            "体外診断薬の届出は厚生部が行う。Registration takes months.",
        ),
        (
            "KE",
            "ja",
            "アフリカ",
            "published",
            "体外診断薬は届出制。厚生部ではなく PPB が所管する。",
        ),
        ("IN", "ja", "南アジア", "review", "CDSCO が体外診断薬を審査する。"),
    ]);
    let index = lib.open();
    assert_eq!(ids(&index.search("\"体外診断薬の届出\"", 10)), vec!["vn.ja"]);
    let mut both = ids(&index.search("体外診断薬 届出", 10));
    both.sort();
    assert_eq!(both, vec!["ke.ja", "vn.ja"]);
    let mut either = ids(&index.search("PPB OR CDSCO", 10));
    either.sort();
    assert_eq!(either, vec!["in.ja", "ke.ja"]);
    assert_eq!(ids(&index.search("体外診断薬 -PPB -CDSCO", 10)), vec!["vn.ja"]);
    assert_eq!(
        ids(&index.search("体外診断薬 region:アフリカ", 10)),
        vec!["ke.ja"]
    );
    assert_eq!(ids(&index.search("体外診断薬 country:in", 10)), vec!["in.ja"]);
    assert_eq!(
        ids(&index.search("体外診断薬 status:published", 10)),
        vec!["ke.ja"]
    );
    assert_eq!(index.search("体外診断薬 lang:en", 10).reports.len(), 0);
    assert_eq!(
        ids(&index.search("registraton", 10)),
        vec!["vn.ja"],
        "one typo in a long Latin word"
    );
    assert_eq!(ids(&index.search("register", 10)), vec!["vn.ja"], "English stems");
    assert_eq!(
        ids(&index.search("monts", 10)),
        vec!["vn.ja"],
        "one typo in a 5-letter word"
    );
    assert_eq!(
        index.search("taks", 10).reports.len(),
        0,
        "no typo tolerance under 5 letters"
    );
}

#[test]
fn heading_and_title_matches_rank_above_body_matches() {
    let lib = library(&[
        ("VN", "ja", "東南アジア", "draft", "価格の話。価格、価格、価格。"),
        ("TH", "ja", "東南アジア", "draft", "ここでは触れない。"),
    ]);
    // TH gets the word in a heading.
    let th = lib.dir.path().join("th.ja.md");
    let text = std::fs::read_to_string(&th)
        .expect("read")
        .replace("## 参入のポイント", "### 価格\n\n本文。\n\n## 参入のポイント");
    std::fs::write(&th, text).expect("write");
    let index = lib.open();
    let r = index.search("価格", 10);
    assert_eq!(ids(&r), vec!["th.ja", "vn.ja"]);
    assert_eq!(r.reports[0].sections[0].heading, "価格");
    assert_eq!(r.reports[0].sections[0].path, vec!["市場動向", "価格"]);
}

#[test]
fn bad_queries_explain_themselves_and_never_panic() {
    let lib = library(&[("VN", "ja", "東南アジア", "draft", "登録の話。")]);
    let index = lib.open();
    let r = index.search("\"登録", 10);
    assert_eq!(ids(&r), vec!["vn.ja"]);
    assert!(r.warnings[0].contains("unbalanced quote"));
    let r = index.search("colour:red 登録", 10);
    assert!(r.warnings[0].contains("unknown field `colour:`"));
    let r = index.search(&"登録 ".repeat(5_000), 10);
    assert!(r.warnings.iter().any(|w| w.contains("only the first 1000")));
    assert_eq!(ids(&r), vec!["vn.ja"]);
    for q in ["!!!", "。、・", "-", "\"\"", "OR", "()", "*", "country:", ""] {
        let r = index.search(q, 10);
        assert!(r.reports.is_empty(), "query {q:?} matched");
        assert!(
            !r.warnings.is_empty(),
            "query {q:?} says why nothing was searched"
        );
    }
}

#[test]
fn without_the_dictionary_search_works_on_bigrams_and_says_so() {
    let lib = library(&[("VN", "ja", "東南アジア", "draft", "関西国際空港の医療機器登録。")]);
    let index = lib.open_with(None);
    assert!(!index.morphology());
    let r = index.search("空港", 10);
    assert_eq!(ids(&r), vec!["vn.ja"]);
    assert!(!r.morphology);
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("none");
    let (m, warning) = search::load_morphology_from(Some(missing.clone()));
    assert!(m.is_none());
    let w = warning.expect("a message");
    assert!(w.starts_with("morphological analysis is off"), "{w}");
    assert!(w.contains(&missing.display().to_string()), "{w}");
}

#[test]
fn the_index_is_rebuilt_when_missing_damaged_or_old_and_updated_incrementally() {
    let lib = library(&[
        ("VN", "ja", "東南アジア", "draft", "認証の話。"),
        ("TH", "ja", "東南アジア", "draft", "届出の話。"),
    ]);
    let library = Library::open(lib.dir.path(), today()).expect("library");
    let refresh = |index: &mut SearchIndex| {
        index
            .refresh(&library, &|_| {}, &AtomicBool::new(false))
            .expect("refresh")
    };
    let mut index = SearchIndex::open(lib.dir.path(), lib.cache.path(), None).expect("open");
    let first = refresh(&mut index);
    assert!(first.rebuilt);
    assert_eq!(first.indexed, 2);
    let sections = first.sections;
    let dir = index.dir().to_path_buf();
    drop(index);

    // Unchanged: nothing is re-indexed.
    let mut index = SearchIndex::open(lib.dir.path(), lib.cache.path(), None).expect("open");
    let again = refresh(&mut index);
    assert_eq!((again.rebuilt, again.indexed, again.unchanged), (false, 0, 2));
    drop(index);

    // Damaged: every index file scribbled over.
    for entry in std::fs::read_dir(&dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e != "json") && path.is_file() {
            std::fs::write(&path, b"scribble").expect("scribble");
        }
    }
    let mut index = SearchIndex::open(lib.dir.path(), lib.cache.path(), None).expect("open damaged");
    let repaired = refresh(&mut index);
    assert!(repaired.rebuilt, "{repaired:?}");
    assert_eq!(repaired.sections, sections);
    assert_eq!(ids(&index.search("認証", 10)), vec!["vn.ja"]);
    drop(index);

    // Older schema.
    let state = dir.join("kuni-index.json");
    let text = std::fs::read_to_string(&state).expect("state");
    std::fs::write(
        &state,
        text.replace(
            &format!("\"schema\": {}", search::SCHEMA_VERSION),
            "\"schema\": 0",
        ),
    )
    .expect("write");
    let mut index = SearchIndex::open(lib.dir.path(), lib.cache.path(), None).expect("open old");
    let rebuilt = refresh(&mut index);
    assert!(
        rebuilt
            .rebuild_reason
            .as_deref()
            .is_some_and(|r| r.contains("schema 0")),
        "{rebuilt:?}"
    );
    drop(index);

    // Deleted.
    std::fs::remove_dir_all(&dir).expect("rm");
    let mut index = SearchIndex::open(lib.dir.path(), lib.cache.path(), None).expect("open missing");
    assert!(refresh(&mut index).rebuilt);

    // A saved report is re-indexed alone.
    let th = lib.dir.path().join("th.ja.md");
    let text = std::fs::read_to_string(&th)
        .expect("read")
        .replace("届出の話。", "新しい語彙カタログ。");
    std::fs::write(&th, text).expect("write");
    let changed = Library::open(lib.dir.path(), today()).expect("library");
    let report = changed.report("th.ja").expect("th.ja");
    index.update_report(report).expect("update");
    assert_eq!(ids(&index.search("カタログ", 10)), vec!["th.ja"]);
    assert!(index.search("届出", 10).reports.is_empty());
    let after = index
        .refresh(&changed, &|_| {}, &AtomicBool::new(false))
        .expect("refresh");
    assert_eq!(
        (after.indexed, after.unchanged),
        (0, 2),
        "the update already brought th.ja up to date"
    );
}

#[test]
fn cli_search_json_has_the_documented_shape() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kuni"))
        .args([
            "--library",
            "reports",
            "search",
            "--json",
            "--limit",
            "2",
            "CDSCO",
        ])
        .env("KUNI_TODAY", TODAY)
        .env("KUNI_CACHE_DIR", test_cache_dir())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kuni runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut keys: Vec<_> = v.as_object().expect("object").keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "morphology",
            "query",
            "reports",
            "took_ms",
            "total_sections",
            "warnings"
        ]
    );
    let reports = v["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 2);
    let first = &reports[0];
    assert_eq!(first["country"], "IN");
    assert_eq!(first["updated"], "2026-12-07");
    let section = &first["sections"][0];
    let mut skeys: Vec<_> = section.as_object().expect("section").keys().cloned().collect();
    skeys.sort();
    assert_eq!(skeys, vec!["anchor", "heading", "path", "score", "snippet"]);
    let marked: Vec<_> = section["snippet"]
        .as_array()
        .expect("segments")
        .iter()
        .filter(|s| s["hit"] == true)
        .map(|s| s["text"].as_str().unwrap_or(""))
        .collect();
    assert!(
        !marked.is_empty() && marked.iter().all(|t| *t == "CDSCO"),
        "{marked:?}"
    );
}

/// Streaming the folder (`Library::scan`, `refresh_folder`) gives the library `Library::open`
/// gives, duplicate ids and broken files included, and the same index.
#[test]
fn the_folder_read_one_file_at_a_time_is_the_library_and_indexes_the_same() {
    let lib = library(&[
        ("VN", "ja", "東南アジア", "draft", "輸入依存が高い。"),
        ("TH", "ja", "東南アジア", "draft", "タイの市場。"),
    ]);
    let dir = lib.dir.path();
    std::fs::write(dir.join("VN.ja.md"), valid_text()).expect("write"); // same id as vn.ja, but for case
    std::fs::write(dir.join("broken.ja.md"), "no front matter").expect("write");
    let whole = Library::open(dir, today()).expect("library");
    let scanned: Vec<kuni::Entry> = Library::scan(dir, today()).expect("scan").collect();
    let shape = |e: &kuni::Entry| {
        (
            e.id.clone(),
            e.path.clone(),
            e.report.is_some(),
            e.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        scanned.iter().map(shape).collect::<Vec<_>>(),
        whole.entries.iter().map(shape).collect::<Vec<_>>()
    );
    assert!(
        scanned
            .iter()
            .any(|e| e.problems.iter().any(|p| p.code == "duplicate-id")),
        "the case clash is flagged"
    );
    assert_eq!(
        Library::scan(dir, today()).expect("scan").path_of("th.ja"),
        Some(dir.join("th.ja.md"))
    );
    assert_eq!(Library::scan(dir, today()).expect("scan").path_of("xx.ja"), None);

    let (morph, _) = search::load_morphology();
    let whole_index = lib.open_with(morph.clone());
    let cache = tempfile::tempdir().expect("tempdir");
    let mut streamed = SearchIndex::open(dir, cache.path(), morph).expect("index");
    let stats = streamed
        .refresh_folder(dir, today(), &|_| {}, &AtomicBool::new(false))
        .expect("refresh");
    assert_eq!(stats.sections, whole_index.sections());
    for q in ["タイ", "輸入依存", "-タイ", "country:VN"] {
        assert_eq!(
            ids(&streamed.search(q, 10)),
            ids(&whole_index.search(q, 10)),
            "{q}"
        );
    }
    // Up to date: a second pass indexes nothing.
    let again = streamed
        .refresh_folder(dir, today(), &|_| {}, &AtomicBool::new(false))
        .expect("refresh");
    assert_eq!((again.indexed, again.removed), (0, 0));
    // A removed file leaves the index.
    std::fs::remove_file(dir.join("th.ja.md")).expect("remove");
    let after = streamed
        .refresh_folder(dir, today(), &|_| {}, &AtomicBool::new(false))
        .expect("refresh");
    assert_eq!(after.removed, 1);
    assert!(ids(&streamed.search("タイの市場", 10)).is_empty());
}

/// A saved report is found by the next search, each save adding one small segment that no
/// merge waits on, until enough of them pile up that an update merges them.
#[test]
fn a_saved_report_is_found_at_once_and_small_segments_do_not_pile_up() {
    let lib = library(&[("VN", "ja", "東南アジア", "draft", "輸入依存が高い。")]);
    let mut index = lib.open();
    let base = Library::open(lib.dir.path(), today()).expect("library").entries[0]
        .report
        .clone()
        .expect("report");
    for n in 0..40 {
        let mut edited = base.clone();
        edited.body.push_str(&format!("\n追記{n}号ミョウバン{n}。\n"));
        edited.doc = kuni::doc::build(&edited.body, edited.body_line);
        index.update_report(&edited).expect("update");
        let found = index.search(&format!("追記{n}号"), 5);
        assert_eq!(ids(&found), vec!["vn.ja".to_string()], "save {n}");
        // The old text is gone with the old sections.
        if n > 0 {
            assert!(ids(&index.search(&format!("追記{}号", n - 1), 5)).is_empty());
        }
    }
    assert_eq!(
        index.sections(),
        index.search("country:VN", 100).total_sections as u64
    );
    assert!(index.segments() <= 17, "segments piled up: {}", index.segments());
}
