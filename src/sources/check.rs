//! One source check: fetch each address politely, compare with its snapshot, classify it,
//! and update the snapshot.
//!
//! Politeness: addresses are grouped by host; a few hosts are worked at once, each by one
//! worker that waits `host_delay` between two requests to it, so no host ever sees more than
//! one request at a time from Kuni. A host that cannot be reached at all (no name resolution,
//! no connection, TLS refused) is given up for the run after its first address: with the
//! network cut off, a check of hundreds of sources ends in seconds, with one message per host.
//! A 429 (or 503) with `Retry-After` is waited out once, up to a limit, then left unreachable.
//!
//! Nothing is written for an address that did not answer: a check with no network changes
//! nothing. Answers are classified and written by the calling thread, one at a time.

use super::extract::{Extracted, extract};
use super::noise::{Noise, says_not_found};
use super::store::{Content, Failure, Record, Store, hash};
use crate::net::{Answer, Client, Limits, NetError, Validators, host_of};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::Duration;

/// How a source stands after a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord, Hash)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "SourceState"))]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Gone: 404 or 410 (or a page saying it is not found) on two different days.
    Gone,
    /// Moved: a permanent redirect to another address.
    Moved,
    /// Changed: its text differs from the one last accepted.
    Changed,
    /// No answer (DNS, connection, TLS, timeout, 429, 5xx) or a first 404: try again.
    Unreachable,
    /// Not text (an image, a scan): compared by hash only.
    NotText,
    /// First snapshot: nothing to compare with yet.
    First,
    /// The same text as the one last accepted (dates of "last updated" aside).
    Unchanged,
}

impl State {
    /// Japanese label, as the app and the CLI's table show it.
    pub fn label(self) -> &'static str {
        match self {
            State::Gone => "消失",
            State::Moved => "移転",
            State::Changed => "変更あり",
            State::Unreachable => "接続できず",
            State::NotText => "テキストなし",
            State::First => "初回取得",
            State::Unchanged => "変更なし",
        }
    }

    /// True when the fields citing the source must be looked at again.
    pub fn needs_review(self) -> bool {
        matches!(self, State::Gone | State::Moved | State::Changed)
    }
}

/// The result for one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Outcome {
    /// The address as cited.
    pub url: String,
    /// How it stands.
    pub state: State,
    /// What happened, in a sentence (the status, the error, the redirect).
    pub detail: String,
    /// Where a permanent redirect led: the address to cite instead.
    pub moved_to: Option<String>,
    /// For a moved or non-text page: whether its content differs from the accepted one.
    pub content_changed: bool,
    /// The status of the answer, if one came.
    pub status: Option<u16>,
}

/// One address to check and its source's own noise pattern.
#[derive(Debug, Clone)]
pub struct Target {
    /// The address.
    pub url: String,
    /// The source's `ignore` pattern.
    pub ignore: Option<String>,
}

/// How a check runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Per-request limits.
    pub limits: Limits,
    /// The wait between two requests to the same host.
    pub host_delay: Duration,
    /// Hosts worked at once.
    pub hosts_at_once: usize,
    /// Longest `Retry-After` waited out.
    pub max_retry_after: Duration,
    /// The date recorded.
    pub today: NaiveDate,
}

impl Options {
    /// The polite defaults: one request per host at a time, a second apart, four hosts at once.
    pub fn polite(today: NaiveDate) -> Options {
        Options {
            limits: Limits::default(),
            host_delay: Duration::from_millis(DEFAULT_HOST_DELAY_MS),
            hosts_at_once: 4,
            max_retry_after: Duration::from_secs(30),
            today,
        }
    }
}

/// The default wait between two requests to one host; settings may only make it longer.
pub const DEFAULT_HOST_DELAY_MS: u64 = 1000;

/// Checks `targets` (distinct addresses), calling `progress` after each, and returns the
/// outcomes in the order of `targets`.
pub fn check(
    store: &Store,
    targets: &[Target],
    options: &Options,
    progress: &mut dyn FnMut(&Outcome),
) -> Vec<Outcome> {
    let client = Client::new(options.limits);
    let mut by_host: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; targets.len()];
    for (i, t) in targets.iter().enumerate() {
        match host_of(&t.url) {
            Some(host) => by_host.entry(host).or_default().push(i),
            None => {
                let o = unreachable(&t.url, format!("`{}` is not a web address", t.url));
                progress(&o);
                outcomes[i] = Some(o);
            }
        }
    }
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let (tx, rx) = mpsc::channel::<(usize, Result<Answer, NetError>)>();
    std::thread::scope(|scope| {
        for _ in 0..options.hosts_at_once.max(1) {
            let tx = tx.clone();
            let queue = &queue;
            let client = &client;
            scope.spawn(move || {
                // The guard is dropped inside the closure: no lock is held while a host is worked.
                while let Some(host) = queue.lock().ok().and_then(|mut q| q.pop()) {
                    work_host(client, store, targets, &host, options, &tx);
                }
            });
        }
        drop(tx);
        for (i, result) in rx {
            let t = &targets[i];
            let o = settle(store, t, result, options.today);
            progress(&o);
            outcomes[i] = Some(o);
        }
    });
    // Texts that no record refers to any more: the accepted text replaced by a confirmation,
    // or a latest text replaced by a newer one.
    let _ = store.prune();
    outcomes
        .into_iter()
        .zip(targets)
        .map(|(o, t)| o.unwrap_or_else(|| unreachable(&t.url, "not checked".into())))
        .collect()
}

/// One host's addresses, one after the other.
fn work_host(
    client: &Client,
    store: &Store,
    targets: &[Target],
    indices: &[usize],
    options: &Options,
    tx: &mpsc::Sender<(usize, Result<Answer, NetError>)>,
) {
    let mut delay = options.host_delay;
    let mut host_down: Option<NetError> = None;
    for (n, &i) in indices.iter().enumerate() {
        if let Some(e) = &host_down {
            let _ = tx.send((i, Err(e.clone())));
            continue;
        }
        if n > 0 {
            std::thread::sleep(delay);
        }
        let validators = match store.record(&targets[i].url) {
            Ok(Some(r)) if r.latest.is_some() => Validators {
                etag: r.etag,
                last_modified: r.last_modified,
            },
            _ => Validators::default(),
        };
        let mut result = client.get(&targets[i].url, &validators);
        if let Ok(a) = &result
            && matches!(a.status, 429 | 503)
        {
            // Asked to slow down: wait as told (within reason), go slower for the rest of
            // this host, and try once more.
            let wait = a
                .retry_after
                .map(Duration::from_secs)
                .unwrap_or(delay * 2)
                .min(options.max_retry_after);
            delay = (delay * 2).max(Duration::from_millis(DEFAULT_HOST_DELAY_MS));
            std::thread::sleep(wait);
            result = client.get(&targets[i].url, &validators);
        }
        if let Err(e) = &result
            && e.host_wide()
        {
            host_down = Some(e.clone());
        }
        if tx.send((i, result)).is_err() {
            return;
        }
    }
}

fn unreachable(url: &str, detail: String) -> Outcome {
    Outcome {
        url: url.to_string(),
        state: State::Unreachable,
        detail,
        moved_to: None,
        content_changed: false,
        status: None,
    }
}

/// Classifies one result against the stored record and writes what it learned.
fn settle(store: &Store, target: &Target, result: Result<Answer, NetError>, today: NaiveDate) -> Outcome {
    let answer = match result {
        Ok(a) => a,
        Err(e) => return unreachable(&target.url, e.to_string()),
    };
    let noise = match Noise::new(target.ignore.as_deref()) {
        Ok(n) => n,
        Err(e) => return unreachable(&target.url, e),
    };
    let previous = store.record(&target.url).ok().flatten();
    let (outcome, record, text) = classify(previous, &target.url, answer, &noise, today);
    let written = match (&record, &text) {
        (Some(r), Some((content, text))) => store.put_text(content, text).and_then(|_| store.put(r)),
        (Some(r), None) => store.put(r),
        _ => Ok(()),
    };
    match written {
        Ok(()) => outcome,
        Err(e) => Outcome {
            detail: format!("{} (the snapshot could not be written: {e})", outcome.detail),
            ..outcome
        },
    }
}

/// What an answer means, the record to keep and the text to store under its hash. Pure:
/// the store is read by the caller, and written by the caller.
pub fn classify(
    previous: Option<Record>,
    url: &str,
    answer: Answer,
    noise: &Noise,
    today: NaiveDate,
) -> (Outcome, Option<Record>, Option<(String, String)>) {
    let mut record = previous.clone().unwrap_or_else(|| Record::new(url));
    let status = answer.status;
    let outcome = |state: State, detail: String| Outcome {
        url: url.to_string(),
        state,
        detail,
        moved_to: None,
        content_changed: false,
        status: Some(status),
    };
    if status == 304 {
        return match &previous {
            Some(p) if p.latest.is_some() => {
                record.checked = Some(today);
                record.failures.clear();
                let pending = p.latest != p.accepted;
                let state = if pending { State::Changed } else { State::Unchanged };
                let detail = if pending {
                    "not modified since the last check, which found it changed (not yet confirmed)"
                } else {
                    "not modified (304)"
                };
                (outcome(state, detail.into()), Some(record), None)
            }
            _ => (
                outcome(
                    State::Unreachable,
                    "304 to a request that had no validators".into(),
                ),
                None,
                None,
            ),
        };
    }
    let extracted = if (200..300).contains(&status) {
        Some(extract(&answer.body, answer.content_type.as_deref()))
    } else {
        None
    };
    let soft_404 =
        matches!(&extracted, Some(Extracted::Text { title, text }) if says_not_found(title.as_deref(), text));
    if matches!(status, 404 | 410) || soft_404 {
        if !record.failures.iter().any(|f| f.date == today) {
            record.failures.push(Failure { date: today, status });
        }
        let what = if soft_404 {
            "the page answers 200 but says it was not found".to_string()
        } else {
            format!("the server answered {status}")
        };
        let days = record.failure_days();
        return if days >= 2 {
            (
                outcome(State::Gone, format!("{what}, on {days} different days")),
                Some(record),
                None,
            )
        } else {
            (
                outcome(
                    State::Unreachable,
                    format!("{what} (first time: called gone if it fails again on another day)"),
                ),
                Some(record),
                None,
            )
        };
    }
    let Some(extracted) = extracted else {
        let detail = match status {
            429 => "the server asked to slow down (429): try again later".to_string(),
            s => format!("the server answered {s}"),
        };
        return (outcome(State::Unreachable, detail), None, None);
    };
    let (content_kind, content, text) = match extracted {
        Extracted::Text { text, .. } => {
            let comparable = noise.comparable(&text);
            let h = hash(comparable.as_bytes());
            (Content::Text, h.clone(), Some((h, text)))
        }
        Extracted::NotText => (Content::NotText, hash(&answer.body), None),
    };
    record.checked = Some(today);
    record.final_url = Some(answer.url.clone());
    record.redirects = answer.hops.clone();
    record.status = Some(status);
    record.content_type = answer.content_type.clone();
    record.etag = answer.etag.clone();
    record.last_modified = answer.last_modified.clone();
    record.content = content_kind;
    record.cut = answer.cut;
    record.imported = false;
    record.failures.clear();
    let first = record.accepted.is_none();
    if first {
        record.accepted = Some(content.clone());
    }
    record.latest = Some(content.clone());
    let changed = record.accepted.as_deref() != Some(content.as_str());
    let moved_to = answer
        .hops
        .iter()
        .any(|h| h.permanent())
        .then(|| answer.url.clone());
    let cut = if answer.cut {
        " (longer than the size limit: compared up to it)"
    } else {
        ""
    };
    let (state, detail) = if let Some(to) = &moved_to {
        (
            State::Moved,
            format!(
                "permanently redirected to {to}{}{cut}",
                if changed { ", and its text changed" } else { "" }
            ),
        )
    } else if content_kind == Content::NotText {
        (
            State::NotText,
            format!(
                "not text ({}): {}{cut}",
                answer.content_type.as_deref().unwrap_or("no type"),
                if changed {
                    "its bytes changed"
                } else {
                    "its bytes are the same"
                }
            ),
        )
    } else if first {
        (State::First, format!("first snapshot taken{cut}"))
    } else if changed {
        (
            State::Changed,
            format!("its text changed since it was last accepted{cut}"),
        )
    } else {
        (State::Unchanged, format!("same text as when last accepted{cut}"))
    };
    let mut o = outcome(state, detail);
    o.moved_to = moved_to;
    o.content_changed = changed;
    (o, Some(record), text)
}
