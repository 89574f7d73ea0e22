//! `kuni consult list|stale|stats`: the consultations (相談対応) kept in the library.

use super::table::pad;
use clap::Subcommand;
use kuni::consult::{self, Record, stats};
use kuni::publish::diff::Op;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum Action {
    /// The records, newest first, with filters.
    List {
        /// Only those about this country (TH).
        #[arg(long)]
        country: Option<String>,
        /// Only those under this topic (表示).
        #[arg(long)]
        topic: Option<String>,
        /// Only those with this status (受付, 回答済, 要再確認, 終了).
        #[arg(long)]
        status: Option<String>,
        /// Only those handled by this person or team.
        #[arg(long)]
        staff: Option<String>,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Answered records whose cited sections changed in a later published version, each
    /// with the section's changes.
    ///
    /// Exits 1 when there is one, 0 otherwise.
    Stale {
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The activity figures: by month, country and topic, and the days to answer.
    Stats {
        /// Count the bundled example records too.
        #[arg(long)]
        examples: bool,
        /// Print them as JSON.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print them as CSV.
        #[arg(long)]
        csv: bool,
    },
}

pub fn run(dir: &Path, action: Action) -> anyhow::Result<ExitCode> {
    let records = consult::load(dir);
    for r in records.iter().filter(|r| r.meta.is_none()) {
        eprintln!(
            "kuni consult: {} left out: it has errors (see `kuni check`)",
            r.path.display()
        );
    }
    match action {
        Action::List {
            country,
            topic,
            status,
            staff,
            json,
        } => {
            let mut chosen: Vec<&Record> = records
                .iter()
                .filter(|r| {
                    let Some(m) = &r.meta else { return false };
                    country
                        .as_ref()
                        .is_none_or(|c| m.countries.iter().any(|x| x.eq_ignore_ascii_case(c)))
                        && topic.as_ref().is_none_or(|t| m.topics.contains(t))
                        && status.as_ref().is_none_or(|s| m.status.label() == s)
                        && staff.as_ref().is_none_or(|s| m.staff.contains(s))
                })
                .collect();
            chosen.sort_by(|a, b| {
                let (a, b) = (a.meta.as_ref().expect("read"), b.meta.as_ref().expect("read"));
                b.received.cmp(&a.received).then(b.id.cmp(&a.id))
            });
            if json {
                let metas: Vec<_> = chosen.iter().filter_map(|r| r.meta.as_ref()).collect();
                println!("{}", serde_json::to_string_pretty(&metas)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{:<10} {:<10} {:<10} {} {:<18} CITES",
                "ID",
                "RECEIVED",
                "COUNTRIES",
                pad("STATUS", 8),
                "TOPICS"
            );
            for r in chosen {
                let m = r.meta.as_ref().expect("read");
                let cites: Vec<String> = m
                    .cites
                    .iter()
                    .map(|c| format!("{}#{}@v{}", c.report, c.section, c.version))
                    .collect();
                println!(
                    "{:<10} {:<10} {:<10} {} {} {}{}",
                    m.id,
                    m.received,
                    m.countries.join(","),
                    pad(m.status.label(), 8),
                    pad(&m.topics.join("・"), 18),
                    cites.join(" "),
                    if m.example { "  (例)" } else { "" }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Stale { json } => {
            let library = super::open_library(dir)?;
            let stale = consult::stale(&library, &records);
            if json {
                println!("{}", serde_json::to_string_pretty(&stale)?);
            } else if stale.is_empty() {
                println!("no answered consultation cites a section that changed since it was answered");
            } else {
                for s in &stale {
                    println!(
                        "{} ({}) cites {}#{} at v{}; v{} changed it:",
                        s.id,
                        s.status.label(),
                        s.report,
                        s.section,
                        s.cited,
                        s.current
                    );
                    for span in &s.changes {
                        let mark = match span.op {
                            Op::Equal => continue,
                            Op::Delete => '-',
                            Op::Insert => '+',
                        };
                        for line in span.text.lines().filter(|l| !l.trim().is_empty()) {
                            println!("  {mark} {line}");
                        }
                    }
                }
            }
            Ok(if stale.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Action::Stats { examples, json, csv } => {
            let s = stats::of(
                records
                    .iter()
                    .filter_map(|r| r.meta.as_ref())
                    .filter(|m| examples || !m.example),
            );
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else if csv {
                print!("{}", stats::to_csv(&s));
            } else {
                let days = |v: Option<f64>| v.map_or("-".to_string(), |d| format!("{d} days"));
                println!(
                    "{} consultations, {} answered; days to answer: median {}, 90th percentile {}",
                    s.total,
                    s.answered,
                    days(s.median_days),
                    days(s.p90_days)
                );
                for (title, rows) in [
                    ("MONTH", &s.by_month),
                    ("COUNTRY", &s.by_country),
                    ("TOPIC", &s.by_topic),
                ] {
                    println!("\n{}  COUNT", pad(title, 12));
                    for r in rows {
                        println!("{}  {:>5}", pad(&r.key, 12), r.count);
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
