//! Running a parsed query against the index and grouping the hits by report.

use super::bigram::{self, is_cjk};
use super::index::SearchIndex;
use super::query::{self, FilterField, Parsed, Term as QTerm};
use super::snippet::{Highlighter, Segment};
use serde::Serialize;
use std::collections::HashMap;
use std::time::Instant;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

/// Sections shown per report.
pub const SECTIONS_PER_REPORT: usize = 3;

/// Field weights: a heading match counts most, then the report title, then the body;
/// the morphological analysis weighs more than the bigrams (it knows word boundaries).
const HEADING: f32 = 4.0;
const TITLE: f32 = 2.5;
const BODY: f32 = 1.0;
const MORPH: f32 = 1.3;

/// One matching section.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SectionHit {
    /// Anchor of the section's heading (`""` for text before the first heading).
    pub anchor: String,
    /// The section's heading.
    pub heading: String,
    /// Headings from the outermost down to this one.
    pub path: Vec<String>,
    /// Relevance score.
    pub score: f32,
    /// A window of the section's text with the matches marked.
    pub snippet: Vec<Segment>,
}

/// One matching report and its best sections.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReportHit {
    /// Report id.
    pub id: String,
    /// Country code.
    pub country: String,
    /// `ja` / `en`.
    pub language: String,
    /// Report title.
    pub title: String,
    /// Region.
    pub region: String,
    /// Status.
    pub status: String,
    /// When the report was last updated (YYYY-MM-DD).
    pub updated: String,
    /// The best section's score.
    pub score: f32,
    /// Its best sections, best first.
    pub sections: Vec<SectionHit>,
}

/// The answer to a query.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// How odd input was understood (unbalanced quote, unknown field, …).
    pub warnings: Vec<String>,
    /// Whether morphological analysis took part.
    pub morphology: bool,
    /// Number of matching sections in the whole library.
    pub total_sections: usize,
    /// Matching reports, best first.
    pub reports: Vec<ReportHit>,
    /// Time spent, in milliseconds.
    pub took_ms: f64,
}

impl SearchIndex {
    /// Runs `text` (the search box's language, see [`query`]) and returns up to `limit` reports.
    pub fn search(&self, text: &str, limit: usize) -> SearchResults {
        let start = Instant::now();
        let mut parsed = query::parse(text);
        let mut highlighter = Highlighter::default();
        let built = self.build(&mut parsed, &mut highlighter);
        let mut results = SearchResults {
            query: text.to_string(),
            warnings: Vec::new(),
            morphology: self.morph.is_some(),
            total_sections: 0,
            reports: Vec::new(),
            took_ms: 0.0,
        };
        match built {
            None => parsed
                .warnings
                .push("nothing to search for: type a word".to_string()),
            Some(q) => {
                if let Err(e) = self.collect(&*q, limit.max(1), &highlighter, &mut results) {
                    parsed.warnings.push(format!("the search failed: {e}"));
                }
            }
        }
        results.warnings = parsed.warnings;
        results.took_ms = start.elapsed().as_secs_f64() * 1000.0;
        results
    }

    fn collect(
        &self,
        q: &dyn Query,
        limit: usize,
        highlighter: &Highlighter,
        results: &mut SearchResults,
    ) -> tantivy::Result<()> {
        let searcher = self.reader.searcher();
        // Enough sections to fill `limit` reports in practice, without scoring everything twice.
        let wanted = (limit * 12).max(120);
        let (top, count) = searcher.search(q, &(TopDocs::with_limit(wanted).order_by_score(), Count))?;
        results.total_sections = count;
        // Group by report on the fast field first; load stored text only for what is shown.
        let columns: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.fast_fields().u64("report_key"))
            .collect::<tantivy::Result<_>>()?;
        let mut groups: Vec<(u64, Vec<(f32, tantivy::DocAddress)>)> = Vec::new();
        let mut slot_of: HashMap<u64, usize> = HashMap::new();
        for (score, address) in top {
            let key = columns[address.segment_ord as usize]
                .first(address.doc_id)
                .unwrap_or(0);
            let slot = match slot_of.get(&key) {
                Some(&i) => i,
                None if groups.len() >= limit => continue,
                None => {
                    groups.push((key, Vec::new()));
                    slot_of.insert(key, groups.len() - 1);
                    groups.len() - 1
                }
            };
            if groups[slot].1.len() < SECTIONS_PER_REPORT {
                groups[slot].1.push((score, address));
            }
        }
        let f = &self.fields;
        for (_, sections) in groups {
            let mut hit: Option<ReportHit> = None;
            for (score, address) in sections {
                let doc: TantivyDocument = searcher.doc(address)?;
                let get = |field: Field| {
                    doc.get_first(field)
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                };
                let report = hit.get_or_insert_with(|| ReportHit {
                    id: get(f.report),
                    country: get(f.country),
                    language: get(f.language),
                    title: get(f.report_title),
                    region: get(f.region),
                    status: get(f.status),
                    updated: get(f.updated),
                    score,
                    sections: Vec::new(),
                });
                let path: Vec<String> = get(f.path)
                    .split('\u{241F}')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                report.sections.push(SectionHit {
                    anchor: get(f.anchor),
                    heading: path.last().cloned().unwrap_or_else(|| report.title.clone()),
                    path,
                    score,
                    snippet: highlighter.snippet(&get(f.body)),
                });
            }
            results.reports.extend(hit);
        }
        // Equal scores (a query of exclusions only scores every section alike) keep an order
        // of their own, by id, rather than the order of the index's segments, which depends on
        // how the index was built.
        results
            .reports
            .sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        Ok(())
    }

    /// The tantivy query for a parsed query; `None` when there is nothing to search.
    fn build(&self, parsed: &mut Parsed, highlighter: &mut Highlighter) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut ignored = Vec::new();
        for group in &parsed.must {
            let alternatives: Vec<Box<dyn Query>> = group
                .iter()
                .filter_map(|t| {
                    let words = self.content_words(t);
                    let q = self.term_query(t, &words);
                    if q.is_some() {
                        highlighter.add(t.text());
                        // A one-character morpheme (国, 省) would light up everywhere.
                        for w in words.iter().filter(|w| w.chars().count() >= 2) {
                            highlighter.add(w);
                        }
                    } else {
                        ignored.push(t.text().to_string());
                    }
                    q
                })
                .collect();
            match alternatives.len() {
                0 => {}
                1 => clauses.extend(alternatives.into_iter().map(|q| (Occur::Must, q))),
                _ => clauses.push((
                    Occur::Must,
                    Box::new(BooleanQuery::new(
                        alternatives.into_iter().map(|q| (Occur::Should, q)).collect(),
                    )),
                )),
            }
        }
        let has_positive = !clauses.is_empty();
        for t in &parsed.must_not {
            if let Some(q) = self.term_query(t, &self.content_words(t)) {
                clauses.push((Occur::MustNot, q));
            }
        }
        for filter in &parsed.filters {
            let field = match filter.field {
                FilterField::Country => self.fields.country,
                FilterField::Region => self.fields.region,
                FilterField::Status => self.fields.status,
                FilterField::Language => self.fields.language,
            };
            let term = TermQuery::new(
                Term::from_field_text(field, &filter.value),
                IndexRecordOption::Basic,
            );
            let occur = if filter.negated {
                Occur::MustNot
            } else {
                Occur::Must
            };
            clauses.push((occur, Box::new(ConstScoreQuery::new(Box::new(term), 0.0))));
        }
        for word in ignored {
            parsed.warnings.push(format!(
                "`{word}` has no letters or digits to search for: ignored"
            ));
        }
        if clauses.is_empty() {
            return None;
        }
        if !has_positive {
            // Only exclusions or filters: start from every section.
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(AllQuery), 1.0)),
            ));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// The morphological content words of a word (none for a phrase: phrases are exact).
    fn content_words(&self, term: &QTerm) -> Vec<String> {
        match (&self.morph, term) {
            (Some(m), QTerm::Word(w)) => m.content_words(w),
            _ => Vec::new(),
        }
    }

    /// One word or phrase, searched in every text field with its weight; `words` are its
    /// morphological content words.
    fn term_query(&self, term: &QTerm, words: &[String]) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let phrase = matches!(term, QTerm::Phrase(_));
        for (field, weight) in [
            (f.heading_bigram, HEADING),
            (f.title_bigram, TITLE),
            (f.body_bigram, BODY),
        ] {
            if let Some(q) = bigram_query(field, term.text(), phrase) {
                should.push((Occur::Should, Box::new(BoostQuery::new(q, weight))));
            }
        }
        if should.is_empty() {
            return None;
        }
        if !phrase && !words.is_empty() {
            for (field, weight) in [
                (f.heading_morph, HEADING),
                (f.title_morph, TITLE),
                (f.body_morph, BODY),
            ] {
                let all: Vec<(Occur, Box<dyn Query>)> = words
                    .iter()
                    .map(|w| {
                        let q: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_text(field, w),
                            IndexRecordOption::WithFreqs,
                        ));
                        (Occur::Must, q)
                    })
                    .collect();
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(BooleanQuery::new(all)), weight * MORPH)),
                ));
            }
        }
        Some(Box::new(BooleanQuery::new(should)))
    }
}

/// The bigram-field query for a word or phrase: an exact substring match (phrase over the
/// bigrams at their positions). A lone Japanese character matches any bigram containing it;
/// a Latin word also matches its stem and, from 5 letters, one typo.
fn bigram_query(field: Field, text: &str, phrase: bool) -> Option<Box<dyn Query>> {
    let tokens = bigram::tokens(text);
    let mut positions: Vec<(usize, Vec<String>)> = Vec::new();
    for t in tokens {
        match positions.last_mut() {
            Some((p, texts)) if *p == t.position => texts.push(t.text),
            _ => positions.push((t.position, vec![t.text])),
        }
    }
    match positions.as_slice() {
        [] => None,
        [(_, texts)] => {
            let word = &texts[0];
            let mut alts: Vec<(Occur, Box<dyn Query>)> = texts
                .iter()
                .map(|t| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, t),
                            IndexRecordOption::WithFreqs,
                        )),
                    )
                })
                .collect();
            let mut chars = word.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && is_cjk(c)
            {
                let escaped = regex_escape(c);
                if let Ok(q) = RegexQuery::from_pattern(&format!("{escaped}.|.{escaped}"), field) {
                    alts.push((Occur::Should, Box::new(q)));
                }
            } else if !phrase
                && word.chars().count() >= 5
                && word.chars().all(|c| c.is_alphabetic() && !is_cjk(c))
            {
                let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, word), 1, true);
                alts.push((Occur::Should, Box::new(BoostQuery::new(Box::new(fuzzy), 0.5))));
            }
            Some(Box::new(BooleanQuery::new(alts)))
        }
        many => {
            let first = many[0].0;
            let terms: Vec<(usize, Term)> = many
                .iter()
                .map(|(p, texts)| (p - first, Term::from_field_text(field, &texts[0])))
                .collect();
            Some(Box::new(PhraseQuery::new_with_offset(terms)))
        }
    }
}

fn regex_escape(c: char) -> String {
    if c.is_alphanumeric() || is_cjk(c) {
        c.to_string()
    } else {
        format!("\\{c}")
    }
}
