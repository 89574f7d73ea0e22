//! The yearly update cycle (更新・収集): every structured field and every 要確認 item of a
//! report gets a review state (未確認, 確認済, 修正済, 要確認) with who and when, from the day
//! the cycle is opened until the report is published again.
//!
//! The states live beside the report, in `<id>.review.json` (for `vn.ja.md`,
//! `vn.ja.review.json`): a small file that syncs through Git with the report, is written
//! atomically, and never touches the report's own text, so marking fields cannot conflict with
//! someone editing the report. Opening a cycle sets the report's status to `review` (確認中).

use crate::error::{Error, Result};
use crate::problem::{Location, Problem, Severity};
use crate::report::Report;
use crate::sources::{self, QuoteState, ReportSources, State, Store};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a field or item stands in the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Mark {
    /// Not looked at yet in this cycle.
    #[default]
    #[serde(rename = "未確認")]
    Unchecked,
    /// Read against its sources: still true.
    #[serde(rename = "確認済")]
    Confirmed,
    /// Read against its sources and corrected.
    #[serde(rename = "修正済")]
    Corrected,
    /// Looked at, not settled: something to verify.
    #[serde(rename = "要確認")]
    ToVerify,
}

impl Mark {
    /// The Japanese label (also the JSON value).
    pub fn label(self) -> &'static str {
        match self {
            Mark::Unchecked => "未確認",
            Mark::Confirmed => "確認済",
            Mark::Corrected => "修正済",
            Mark::ToVerify => "要確認",
        }
    }

    /// Reads a label or its English name (`confirmed`, `corrected`, `to-verify`, `unchecked`).
    pub fn parse(s: &str) -> Option<Mark> {
        Some(match s {
            "未確認" | "unchecked" => Mark::Unchecked,
            "確認済" | "confirmed" => Mark::Confirmed,
            "修正済" | "corrected" => Mark::Corrected,
            "要確認" | "to-verify" => Mark::ToVerify,
            _ => return None,
        })
    }

    /// Settled for this cycle.
    pub fn done(self) -> bool {
        matches!(self, Mark::Confirmed | Mark::Corrected)
    }
}

/// One mark with who set it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marked {
    /// The state.
    pub mark: Mark,
    /// Who (as given; the machine's user name when not).
    pub by: String,
    /// When (local time, to the second).
    pub at: String,
}

/// The open (or last) cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cycle {
    /// The day it was opened.
    pub started: NaiveDate,
    /// Who opened it.
    pub by: String,
    /// The day it was closed by publishing, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<NaiveDate>,
}

/// The sidecar file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Sheet {
    /// The cycle, once one was opened.
    pub cycle: Option<Cycle>,
    /// Marks by item key (`regulation.main_law`, `要確認: 薬事制度 › 審査期間: …`).
    #[serde(default)]
    pub marks: BTreeMap<String, Marked>,
}

impl Sheet {
    /// True while a cycle is open.
    pub fn open(&self) -> bool {
        self.cycle.as_ref().is_some_and(|c| c.closed.is_none())
    }

    /// The mark of `key` (未確認 when never marked).
    pub fn mark(&self, key: &str) -> Mark {
        self.marks.get(key).map(|m| m.mark).unwrap_or_default()
    }
}

/// The time a mark records: local time, to the second.
pub fn now() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The sidecar of the report file `report`.
pub fn sheet_path(report: &Path) -> PathBuf {
    let name = report
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    report.with_file_name(format!("{stem}.review.json"))
}

/// Reads the sidecar; none gives an empty sheet, a damaged one an error naming it.
pub fn load(report: &Path) -> Result<Sheet> {
    let path = sheet_path(report);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Error::Io {
            op: "reading",
            path,
            source: std::io::Error::other(e),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Sheet::default()),
        Err(source) => Err(Error::Io {
            op: "reading",
            path,
            source,
        }),
    }
}

fn save(report: &Path, sheet: &Sheet) -> Result<()> {
    let path = sheet_path(report);
    let mut json = serde_json::to_string_pretty(sheet).map_err(|e| Error::Io {
        op: "writing",
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    json.push('\n');
    crate::save::write_atomic(&path, json.as_bytes())
}

/// What is reviewed in a cycle: a structured field or a 要確認 item.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ReviewItem"))]
pub struct Item {
    /// The key marks are kept under.
    pub key: String,
    /// What a reader calls it: the field's label in the report's language (主な法令), or the
    /// 要確認 item's place and words.
    pub label: String,
    /// True for a structured field (false: a 要確認 item).
    pub field: bool,
    /// The sources it rests on (fields).
    pub sources: Vec<String>,
    /// Its mark.
    pub mark: Mark,
    /// How many of its sources changed, moved or are gone (from the last source check).
    pub sources_to_review: usize,
    /// The sentences it quotes from its sources and whether the pages still say them.
    pub quotes: Vec<sources::QuoteStatus>,
    /// Answered consultations (相談) resting on it: the field, or the 要確認 item's section.
    pub consultations: usize,
}

impl Item {
    /// Quotes no longer found word for word on their pages.
    pub fn quotes_to_review(&self) -> usize {
        self.quotes.iter().filter(|q| q.state.needs_review()).count()
    }
}

/// A report's items, in the order to work them: those whose quotes are no longer on their
/// pages first (the most precise signal), then those whose sources changed or are gone; within
/// each, those most cited by answered consultations first, then fields before 要確認 items,
/// in file order.
pub fn items(report: &Report, sheet: &Sheet, store: &Store) -> Vec<Item> {
    // The store lives in the library's `.sources/`; the consultations beside it.
    let records = store
        .root()
        .parent()
        .map(crate::consult::load)
        .unwrap_or_default();
    let cited = crate::consult::cited::of(&records, &report.id);
    let sections = crate::doc::sections(&report.doc);
    // A 要確認 item's place is its section path (`薬事制度 › 審査期間`): the last title names it.
    let section_cites = |place: &str| {
        let title = place.rsplit(" › ").next().unwrap_or(place);
        sections
            .iter()
            .filter(|s| s.title == title)
            .map(|s| cited.section(&s.id))
            .max()
            .unwrap_or(0)
    };
    let status = sources::report_status(report, &[], store);
    let mut out: Vec<Item> = status
        .fields
        .iter()
        .map(|f| Item {
            key: f.field.clone(),
            label: crate::report::field_label(&f.field, report.meta.language)
                .unwrap_or(&f.field)
                .to_string(),
            field: true,
            sources: f.sources.clone(),
            mark: sheet.mark(&f.field),
            sources_to_review: f
                .sources
                .iter()
                .filter(|id| {
                    status
                        .sources
                        .iter()
                        .any(|s| &s.id == *id && s.state.needs_review())
                })
                .count(),
            quotes: f.quotes.clone(),
            consultations: cited.field(f.field.strip_prefix("regulation.").unwrap_or(&f.field)),
        })
        .collect();
    for t in &report.to_verify {
        let short: String = t.text.chars().take(40).collect();
        let key = format!("要確認: {}: {short}", t.place);
        out.push(Item {
            mark: sheet.mark(&key),
            label: key.trim_start_matches("要確認: ").to_string(),
            key,
            field: false,
            sources: Vec::new(),
            sources_to_review: 0,
            quotes: Vec::new(),
            consultations: section_cites(&t.place),
        });
    }
    // Stable: within each group the file order stays. What consultations asked about most
    // comes before the rest of its group.
    out.sort_by_key(|i| {
        (
            i.quotes_to_review() == 0,
            i.sources_to_review == 0,
            std::cmp::Reverse(i.consultations),
            !i.field,
        )
    });
    out
}

/// A report's progress in its cycle, as the overview card and `kuni update status` show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ReviewProgress"))]
pub struct Progress {
    /// The report id.
    pub id: String,
    /// The day the cycle was opened, if one is open.
    pub cycle_started: Option<NaiveDate>,
    /// Items in all.
    pub items: usize,
    /// 確認済 or 修正済.
    pub done: usize,
    /// 要確認.
    pub to_verify: usize,
    /// Sources whose text changed since accepted (or moved).
    pub sources_changed: usize,
    /// Sources gone.
    pub sources_gone: usize,
}

/// The progress of `report`.
pub fn progress(report: &Report, store: &Store) -> Result<Progress> {
    let sheet = load(&report.path)?;
    let list = items(report, &sheet, store);
    let status = sources::report_status(report, &[], store);
    Ok(Progress {
        id: report.id.clone(),
        cycle_started: sheet
            .cycle
            .as_ref()
            .filter(|c| c.closed.is_none())
            .map(|c| c.started),
        items: list.len(),
        done: list.iter().filter(|i| i.mark.done()).count(),
        to_verify: list.iter().filter(|i| i.mark == Mark::ToVerify).count(),
        sources_changed: status
            .sources
            .iter()
            .filter(|s| matches!(s.state, State::Changed | State::Moved))
            .count(),
        sources_gone: status.sources.iter().filter(|s| s.state == State::Gone).count(),
    })
}

/// Opens a cycle on `report`: every item back to 未確認, the report's status to `review`.
/// The sidecar is written first: if the report cannot be edited, the cycle is still recorded
/// and the error says why the status was not set.
pub fn start(report: &Report, by: &str, today: NaiveDate) -> Result<()> {
    let sheet = Sheet {
        cycle: Some(Cycle {
            started: today,
            by: by.to_string(),
            closed: None,
        }),
        marks: BTreeMap::new(),
    };
    save(&report.path, &sheet)?;
    let text = std::fs::read_to_string(&report.path).map_err(|source| Error::Io {
        op: "reading",
        path: report.path.clone(),
        source,
    })?;
    let edited = crate::publish::edit::set_status(&text, "review").map_err(|m| Error::Io {
        op: "setting the status of",
        path: report.path.clone(),
        source: std::io::Error::other(m),
    })?;
    if edited != text {
        crate::save::write_atomic(&report.path, edited.as_bytes())?;
    }
    Ok(())
}

/// Marks `key` of `report`. Confirming or correcting a field also accepts its sources' latest
/// snapshots and sets their `accessed` dates to today (except a source that is
/// gone): the reviewer read them. The key must be one of the report's items.
pub fn mark(report: &Report, store: &Store, key: &str, mark: Mark, by: &str, at: String) -> Result<()> {
    let mut sheet = load(&report.path)?;
    if !sheet.open() {
        return Err(Error::Review {
            message: format!(
                "no update cycle is open for `{}`: start one with `kuni update start {}`",
                report.id, report.id
            ),
        });
    }
    let list = items(report, &sheet, store);
    let Some(item) = list.iter().find(|i| i.key == key) else {
        return Err(Error::Review {
            message: format!(
                "`{}` has no field or 要確認 item `{key}` (`kuni update items {}` lists them)",
                report.id, report.id
            ),
        });
    };
    if mark.done() {
        for id in &item.sources {
            if let Some(s) = report.meta.sources.iter().find(|s| &s.id == id) {
                sources::accept(store, &s.url)?;
            }
        }
        // The reviewer read the pages again: their `accessed` dates say so.
        sources::entries::refresh_accessed(report, store, &item.sources, crate::today())?;
    }
    sheet.marks.insert(
        key.to_string(),
        Marked {
            mark,
            by: by.to_string(),
            at,
        },
    );
    save(&report.path, &sheet)
}

/// The revision note (改訂履歴) a publication closing the open cycle is offered: the fields
/// corrected in the cycle, by their labels, and how many items were confirmed. `None` when no
/// cycle is open or nothing was marked.
pub fn changelog_note(report: &Report, store: &Store) -> Result<Option<String>> {
    let sheet = load(&report.path)?;
    if !sheet.open() {
        return Ok(None);
    }
    let language = report.meta.language;
    let list = items(report, &sheet, store);
    let corrected: Vec<&str> = list
        .iter()
        .filter(|i| i.field && i.mark == Mark::Corrected)
        .map(|i| crate::report::field_label(&i.key, language).unwrap_or(&i.key))
        .collect();
    let confirmed = list.iter().filter(|i| i.mark == Mark::Confirmed).count();
    if corrected.is_empty() && confirmed == 0 {
        return Ok(None);
    }
    let ja = language == crate::report::Language::Ja;
    let mut note = if ja {
        "年次更新".to_string()
    } else {
        "Yearly update".to_string()
    };
    if !corrected.is_empty() {
        note.push_str(&if ja {
            format!("：{}を修正", corrected.join("、"))
        } else {
            format!(": corrected {}", corrected.join(", "))
        });
    }
    if confirmed > 0 {
        let sep = if corrected.is_empty() {
            if ja { "：" } else { ": " }
        } else if ja {
            "。"
        } else {
            "; "
        };
        note.push_str(sep);
        note.push_str(&if ja {
            format!("{confirmed}項目を出典と照合して確認")
        } else {
            format!("{confirmed} items checked against their sources")
        });
    }
    Ok(Some(note))
}

/// Closes an open cycle (publishing does this).
pub fn close(report_path: &Path, today: NaiveDate) -> Result<bool> {
    let mut sheet = load(report_path)?;
    if !sheet.open() {
        return Ok(false);
    }
    if let Some(c) = sheet.cycle.as_mut() {
        c.closed = Some(today);
    }
    save(report_path, &sheet)?;
    Ok(true)
}

/// Warnings for `kuni check`: a field resting on a source that is gone, a quote no longer on
/// its page, and, while a cycle is open, a field not yet re-checked. Located at the source's entry and the field's line.
pub fn problems(report: &Report, store: &Store) -> Vec<Problem> {
    let mut out = Vec::new();
    // A library never checked and a report with no open cycle have nothing to say: no file is
    // read for them (`kuni check` of thousands of reports stays as fast as before).
    let checked = store.root().exists();
    let sheet = load(&report.path).ok().filter(Sheet::open);
    if !checked && sheet.is_none() {
        return out;
    }
    let text = std::fs::read_to_string(&report.path).unwrap_or_default();
    let line_of = |needle: &str| -> Location {
        text.lines()
            .position(|l| l.contains(needle))
            .map_or(Location::new(1, 1), |i| Location::new(i + 1, 1))
    };
    let warn = |at: Location, code: &'static str, message: String| Problem {
        file: report.path.clone(),
        location: at,
        severity: Severity::Warning,
        code,
        message,
    };
    let status = if checked {
        sources::report_status(report, &[], store)
    } else {
        ReportSources {
            id: report.id.clone(),
            sources: Vec::new(),
            fields: Vec::new(),
        }
    };
    for s in status.sources.iter().filter(|s| s.state == State::Gone) {
        let fields: Vec<&str> = status
            .fields
            .iter()
            .filter(|f| f.sources.contains(&s.id))
            .map(|f| f.field.as_str())
            .collect();
        out.push(warn(
            line_of(&format!("id: {}", s.id)),
            "source-gone",
            format!(
                "source `{}` ({}) is gone: {}; {} rest on it: find where the fact is stated now",
                s.id,
                s.url,
                s.detail,
                if fields.is_empty() {
                    "no field".to_string()
                } else {
                    fields.join(", ")
                }
            ),
        ));
    }
    for f in &status.fields {
        for q in f.quotes.iter().filter(|q| q.state.needs_review()) {
            let start: String = q.quote.chars().take(20).collect();
            let key = f.field.rsplit('.').next().unwrap_or(&f.field);
            let at = if text.contains(&start) {
                line_of(&start)
            } else {
                line_of(&format!("{key}:"))
            };
            let now = match (&q.state, &q.closest) {
                (QuoteState::Changed, Some(c)) => format!("the closest passage now reads \"{c}\""),
                _ => "nothing on the page comes close".to_string(),
            };
            out.push(warn(
                at,
                "quote-not-found",
                format!(
                    "`{}` quotes `{}`, but its page no longer says \"{}\": {now}; check the field against the page",
                    f.field, q.source, q.quote
                ),
            ));
        }
    }
    if let Some(sheet) = sheet {
        let started = sheet.cycle.as_ref().map(|c| c.started);
        for item in items(report, &sheet, store)
            .iter()
            .filter(|i| i.field && i.mark == Mark::Unchecked)
        {
            let key = item.key.rsplit('.').next().unwrap_or(&item.key);
            out.push(warn(
                line_of(&format!("{key}:")),
                "field-not-reviewed",
                format!(
                    "`{}` has not been re-checked in the update cycle opened {}: mark it with `kuni update mark {} {} 確認済` (or 修正済, 要確認)",
                    item.key,
                    started.map(|d| d.to_string()).unwrap_or_default(),
                    report.id,
                    item.key
                ),
            ));
        }
    }
    out
}
