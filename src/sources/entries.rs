//! What a source check writes back into a report's `sources` list: a moved page's new
//! address, and the `accessed` date of pages a reviewer read again.
//!
//! The edits are made on the text (crate::publish::edit, so comments and style stay), read
//! back as a report and compared with what was meant before the file is replaced atomically;
//! an edit that would not read back is refused and the file left as it was.

use super::{State, Store};
use crate::error::{Error, Result};
use crate::publish::edit::{SourceEdit, set_source};
use crate::report::Report;
use chrono::NaiveDate;

/// Applies `edits` (source id, change) to `report`'s file. False when nothing changed.
pub fn edit(report: &Report, edits: &[(String, SourceEdit)], today: NaiveDate) -> Result<bool> {
    let refused = |message: String| Error::Io {
        op: "editing the sources of",
        path: report.path.clone(),
        source: std::io::Error::other(message),
    };
    let before = std::fs::read_to_string(&report.path).map_err(|source| Error::Io {
        op: "reading",
        path: report.path.clone(),
        source,
    })?;
    let mut text = before.clone();
    for (id, e) in edits {
        text = set_source(&text, id, e).map_err(&refused)?;
    }
    if text == before {
        return Ok(false);
    }
    let parsed = Report::parse_front_matter(&report.path, text.as_bytes(), today);
    let Some(after) = parsed.report else {
        return Err(refused(
            "the edited front matter would not read as a report".into(),
        ));
    };
    for (id, e) in edits {
        let Some(s) = after.meta.sources.iter().find(|s| &s.id == id) else {
            return Err(refused(format!("source `{id}` would be lost by the edit")));
        };
        if e.url.is_some_and(|u| u != s.url) || e.accessed.is_some_and(|d| d != s.accessed) {
            return Err(refused(format!(
                "source `{id}` does not read back as intended: edit its entry by hand"
            )));
        }
    }
    crate::save::write_atomic(&report.path, text.as_bytes())?;
    Ok(true)
}

/// Sets `accessed` to `day` for the sources `ids` of `report` that are not gone (a page
/// that no longer answers was not read again). Returns the ids whose date changed.
pub fn refresh_accessed(
    report: &Report,
    store: &Store,
    ids: &[String],
    day: NaiveDate,
) -> Result<Vec<String>> {
    let edits: Vec<(String, SourceEdit)> = ids
        .iter()
        .filter_map(|id| report.meta.sources.iter().find(|s| &s.id == id))
        .filter(|s| s.accessed != day && super::stored_state(store, &s.url).0 != State::Gone)
        .map(|s| {
            (
                s.id.clone(),
                SourceEdit {
                    url: None,
                    accessed: Some(day),
                },
            )
        })
        .collect();
    edit(report, &edits, day)?;
    Ok(edits.into_iter().map(|(id, _)| id).collect())
}

/// A moved source given its new address.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Relinked {
    /// The source's id.
    pub id: String,
    /// The address it had.
    pub from: String,
    /// The address it has now.
    pub to: String,
}

/// Gives each source of `ids` (all when empty) that moved permanently the address it moved
/// to, and carries its snapshot over, so the next check compares with what was read before.
pub fn relink(report: &Report, store: &Store, ids: &[String], today: NaiveDate) -> Result<Vec<Relinked>> {
    let mut done = Vec::new();
    for s in &report.meta.sources {
        if !ids.is_empty() && !ids.contains(&s.id) {
            continue;
        }
        let (state, _, moved_to) = super::stored_state(store, &s.url);
        if let (State::Moved, Some(to)) = (state, moved_to)
            && to != s.url
        {
            done.push(Relinked {
                id: s.id.clone(),
                from: s.url.clone(),
                to,
            });
        }
    }
    let edits: Vec<(String, SourceEdit)> = done
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                SourceEdit {
                    url: Some(&r.to),
                    accessed: None,
                },
            )
        })
        .collect();
    // The snapshots first: a record under the new address that is never cited is harmless,
    // a cited address without its history would count as first seen.
    for r in &done {
        if let Ok(Some(mut record)) = store.record(&r.from) {
            record.url = r.to.clone();
            record.final_url = Some(r.to.clone());
            record.redirects.clear();
            store.put(&record)?;
        }
    }
    edit(report, &edits, today)?;
    Ok(done)
}
