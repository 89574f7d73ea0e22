//! Search quality on the bundled library: a fixed set of queries (tests/fixtures/relevance.tsv)
//! with the report and section a person would want. Prints recall@3 and MRR, per category
//! too, and fails below recall@3 = 0.9.

use crate::common::*;
use kuni::Library;
use kuni::search::{self, SearchIndex};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

struct Case {
    query: String,
    report: String,
    heading: String,
    category: String,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(fixture("relevance.tsv")).expect("relevance.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "four tab-separated columns: {l}");
            Case {
                query: cols[0].to_string(),
                report: cols[1].to_string(),
                heading: cols[2].to_string(),
                category: cols[3].to_string(),
            }
        })
        .collect()
}

#[test]
fn relevance_on_the_bundled_library() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    let library = Library::open(&root, today()).expect("library");
    let cache = tempfile::tempdir().expect("tempdir");
    let (morph, _) = search::load_morphology();
    let mut index = SearchIndex::open(&root, cache.path(), morph).expect("index");
    index
        .refresh(&library, &|_| {}, &AtomicBool::new(false))
        .expect("refresh");

    let cases = cases();
    assert!(cases.len() >= 40, "at least 40 queries");
    let mut per_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut found, mut reciprocal) = (0usize, 0f64);
    let mut misses = Vec::new();
    for c in &cases {
        let results = index.search(&c.query, 10);
        // Rank sections across reports by score, as the engine ranked them.
        let mut sections: Vec<(f32, &str, &str)> = results
            .reports
            .iter()
            .flat_map(|r| {
                r.sections
                    .iter()
                    .map(move |s| (s.score, r.id.as_str(), s.heading.as_str()))
            })
            .collect();
        sections.sort_by(|a, b| b.0.total_cmp(&a.0));
        let rank = sections
            .iter()
            .position(|(_, id, h)| *id == c.report && *h == c.heading)
            .map(|p| p + 1);
        let entry = per_category.entry(c.category.as_str()).or_default();
        entry.1 += 1;
        if let Some(r) = rank {
            reciprocal += 1.0 / r as f64;
        }
        match rank {
            Some(r) if r <= 3 => {
                found += 1;
                entry.0 += 1;
            }
            _ => {
                let top: Vec<String> = sections
                    .iter()
                    .take(3)
                    .map(|(_, id, h)| format!("{id} {h}"))
                    .collect();
                misses.push(format!(
                    "  {:?} ({}): want {} / {}, rank {:?}; top: {top:?}",
                    c.query, c.category, c.report, c.heading, rank
                ));
            }
        }
    }
    let n = cases.len() as f64;
    let recall = found as f64 / n;
    let mrr = reciprocal / n;
    println!(
        "relevance: {} queries, recall@3 = {recall:.3}, MRR = {mrr:.3}",
        cases.len()
    );
    for (cat, (ok, all)) in &per_category {
        println!("  {cat:<10} {ok}/{all}");
    }
    if !misses.is_empty() {
        println!("not in the top 3:\n{}", misses.join("\n"));
    }
    assert!(recall >= 0.9, "recall@3 = {recall:.3} is below 0.9");
}
