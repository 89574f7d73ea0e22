//! How often answers rest on a report's fields and sections: the yearly update works the
//! most-asked-about facts first, and the reading view shows a section's count.

use super::{Record, Status};
use std::collections::BTreeMap;

/// Citations of one report by answered consultations (回答済, 終了 and 要再確認: an answer that
/// is to be looked at again still rests on the text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citations {
    /// Structured field key → records citing it.
    pub fields: BTreeMap<String, usize>,
    /// Section anchor → records citing it.
    pub sections: BTreeMap<String, usize>,
}

impl Citations {
    /// Records citing field `key`.
    pub fn field(&self, key: &str) -> usize {
        self.fields.get(key).copied().unwrap_or(0)
    }

    /// Records citing section `anchor`.
    pub fn section(&self, anchor: &str) -> usize {
        self.sections.get(anchor).copied().unwrap_or(0)
    }
}

/// The citations of report `report` in `records`; a record citing the same section twice
/// counts once.
pub fn of(records: &[Record], report: &str) -> Citations {
    let mut out = Citations::default();
    for meta in records.iter().filter_map(|r| r.meta.as_ref()) {
        if !(meta.status.answered() || meta.status == Status::Recheck) {
            continue;
        }
        let mut fields: Vec<&str> = Vec::new();
        let mut sections: Vec<&str> = Vec::new();
        for c in meta.cites.iter().filter(|c| c.report == report) {
            sections.push(&c.section);
            fields.extend(c.field.as_deref());
        }
        sections.sort_unstable();
        sections.dedup();
        fields.sort_unstable();
        fields.dedup();
        for s in sections {
            *out.sections.entry(s.to_string()).or_default() += 1;
        }
        for f in fields {
            *out.fields.entry(f.to_string()).or_default() += 1;
        }
    }
    out
}
