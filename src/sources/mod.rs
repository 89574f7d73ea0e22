//! Source watch: the yearly re-check of every page the reports cite, tied to the fields that
//! rest on them.
//!
//! A check is an explicit, online action (`kuni sources check`, the app's button): it fetches
//! each cited address through [`crate::net`], extracts the page's main text
//! ([`extract`]), compares it, noise aside ([`noise`]), with the snapshot kept in the
//! library's `.sources/` folder ([`store`]), and classifies it ([`check::State`]). Because
//! each structured field names its sources, the result is said per field: which facts of
//! which report rest on a page that changed, moved or is gone. Everything but the fetch is
//! offline: the states, the diffs and the field list are read back from `.sources/`.

pub mod check;
pub mod entries;
pub mod evidence;
pub mod extract;
pub mod noise;
pub mod store;

pub use check::{Options, Outcome, State, Target};
pub use evidence::{QuoteState, QuoteStatus};
pub use store::{Record, Store};

use crate::publish::diff::{Span, text_ops};
use crate::report::Report;
use serde::Serialize;
use std::collections::BTreeMap;

/// One source of one report and how it stands.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SourceStatus {
    /// The source's id in the report.
    pub id: String,
    /// Its address.
    pub url: String,
    /// Its state (from this check, or the last stored one).
    pub state: State,
    /// What happened.
    pub detail: String,
    /// The address to cite instead, after a permanent redirect.
    pub moved_to: Option<String>,
}

/// A structured field and the sources it rests on.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FieldStatus {
    /// `regulation.main_law`, `indicators.population`.
    pub field: String,
    /// Its sources' ids, in citation order.
    pub sources: Vec<String>,
    /// The sentences it quotes from them, each looked for in its page's latest text.
    pub quotes: Vec<QuoteStatus>,
    /// True when one of them changed, moved or is gone, or a quote is no longer on its page.
    pub needs_review: bool,
}

/// A report's sources and fields after a check.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReportSources {
    /// The report id.
    pub id: String,
    /// Every source, in the report's order.
    pub sources: Vec<SourceStatus>,
    /// Every structured field that cites a source.
    pub fields: Vec<FieldStatus>,
}

impl ReportSources {
    /// The fields to look at again.
    pub fn flagged(&self) -> impl Iterator<Item = &FieldStatus> {
        self.fields.iter().filter(|f| f.needs_review)
    }
}

/// The distinct addresses `reports` cite, each once (with the `ignore` pattern of the first
/// report that cites it).
pub fn targets<'a>(reports: impl IntoIterator<Item = &'a Report>) -> Vec<Target> {
    let mut seen: BTreeMap<String, Target> = BTreeMap::new();
    for r in reports {
        for s in &r.meta.sources {
            seen.entry(s.url.clone()).or_insert_with(|| Target {
                url: s.url.clone(),
                ignore: s.ignore.clone(),
            });
        }
    }
    seen.into_values().collect()
}

/// How `report`'s sources and fields stand, from `outcomes` where an address was just
/// checked and from the store otherwise.
pub fn report_status(report: &Report, outcomes: &[Outcome], store: &Store) -> ReportSources {
    let sources: Vec<SourceStatus> = report
        .meta
        .sources
        .iter()
        .map(|s| {
            let (state, detail, moved_to) = match outcomes.iter().find(|o| o.url == s.url) {
                Some(o) => (o.state, o.detail.clone(), o.moved_to.clone()),
                None => stored_state(store, &s.url),
            };
            SourceStatus {
                id: s.id.clone(),
                url: s.url.clone(),
                state,
                detail,
                moved_to,
            }
        })
        .collect();
    // Each page's text is read once, and only for sources some field quotes.
    let mut texts: BTreeMap<&str, Option<String>> = BTreeMap::new();
    let fields = report
        .meta
        .cited_fields()
        .into_iter()
        .map(|cited| {
            let quotes: Vec<QuoteStatus> = cited
                .quotes
                .iter()
                .map(|q| {
                    let source = sources.iter().find(|s| s.id == q.source);
                    let text = source.and_then(|s| {
                        texts
                            .entry(s.url.as_str())
                            .or_insert_with(|| latest_text(store, &s.url))
                            .clone()
                    });
                    let (state, closest, similarity) = match (source.map(|s| s.state), text) {
                        (Some(State::Gone), _) => (QuoteState::Gone, None, 0),
                        (_, Some(text)) => evidence::find(&q.text, &text),
                        (_, None) => (QuoteState::Unchecked, None, 0),
                    };
                    QuoteStatus {
                        source: q.source.clone(),
                        quote: q.text.clone(),
                        state,
                        closest,
                        similarity,
                    }
                })
                .collect();
            let needs_review = quotes.iter().any(|q| q.state.needs_review())
                || cited.sources.iter().any(|id| {
                    sources
                        .iter()
                        .find(|s| &s.id == id)
                        .is_some_and(|s| s.state.needs_review())
                });
            let field = if cited.key.starts_with("indicators.") {
                cited.key
            } else {
                format!("regulation.{}", cited.key)
            };
            FieldStatus {
                field,
                sources: cited.sources.to_vec(),
                quotes,
                needs_review,
            }
        })
        .collect();
    ReportSources {
        id: report.id.clone(),
        sources,
        fields,
    }
}

/// The state the store holds for `url`, without fetching: what the last check found.
pub fn stored_state(store: &Store, url: &str) -> (State, String, Option<String>) {
    let record = match store.record(url) {
        Ok(Some(r)) => r,
        Ok(None) => return (State::Unreachable, "never checked".into(), None),
        Err(e) => return (State::Unreachable, format!("unreadable snapshot: {e}"), None),
    };
    let moved_to = record
        .redirects
        .iter()
        .any(|h| h.permanent())
        .then(|| record.final_url.clone())
        .flatten();
    let checked = record
        .checked
        .map_or("never answered".to_string(), |d| format!("last answered {d}"));
    if record.failure_days() >= 2 {
        return (
            State::Gone,
            format!("not found on {} different days", record.failure_days()),
            None,
        );
    }
    if let Some(to) = moved_to {
        return (State::Moved, format!("moved to {to} ({checked})"), Some(to));
    }
    if record.latest.is_none() {
        return (State::Unreachable, checked, None);
    }
    if record.latest != record.accepted {
        return (
            State::Changed,
            format!("changed since last accepted ({checked})"),
            None,
        );
    }
    (State::Unchanged, checked, None)
}

/// The latest text kept for `url`, if it was ever fetched as text.
fn latest_text(store: &Store, url: &str) -> Option<String> {
    let record = store.record(url).ok()??;
    store.text(record.latest.as_ref()?)
}

/// The word-level changes of `url`'s text from the accepted to the latest snapshot, when
/// both are text and differ.
pub fn diff(store: &Store, url: &str) -> Option<Vec<Span>> {
    let record = store.record(url).ok()??;
    let (accepted, latest) = (record.accepted?, record.latest?);
    if accepted == latest {
        return None;
    }
    let old = store.text(&accepted)?;
    let new = store.text(&latest)?;
    Some(text_ops(&old, &new))
}

/// Accepts `url`'s latest snapshot as the one to compare with from now on (a reviewer read
/// it and confirmed the fields resting on it). True when something changed.
pub fn accept(store: &Store, url: &str) -> crate::Result<bool> {
    let Ok(Some(mut record)) = store.record(url) else {
        return Ok(false);
    };
    if record.latest.is_none() || record.latest == record.accepted {
        return Ok(false);
    }
    record.accepted = record.latest.clone();
    store.put(&record)?;
    store.prune()?;
    Ok(true)
}

/// Records a page saved by hand (for a site that refuses automated access) as `url`'s
/// snapshot, classified like a fetched one.
pub fn import(
    store: &Store,
    url: &str,
    body: Vec<u8>,
    content_type: Option<String>,
    ignore: Option<&str>,
    today: chrono::NaiveDate,
) -> crate::Result<Outcome> {
    let noise = noise::Noise::new(ignore).map_err(|m| crate::Error::Io {
        op: "reading the ignore pattern of",
        path: url.into(),
        source: std::io::Error::other(m),
    })?;
    let answer = crate::net::Answer {
        url: url.to_string(),
        hops: Vec::new(),
        status: 200,
        content_type,
        etag: None,
        last_modified: None,
        retry_after: None,
        body,
        cut: false,
    };
    let previous = store.record(url).ok().flatten();
    let (mut outcome, record, text) = check::classify(previous, url, answer, &noise, today);
    if let Some(mut record) = record {
        record.imported = true;
        if let Some((content, text)) = &text {
            store.put_text(content, text)?;
        }
        store.put(&record)?;
        store.prune()?;
    }
    outcome.detail = format!("imported from a saved file: {}", outcome.detail);
    Ok(outcome)
}
