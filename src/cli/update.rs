//! `kuni update start|status|items|mark`: the yearly update cycle.

use clap::Subcommand;
use kuni::review::{self, Mark};
use kuni::sources::Store;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Open a cycle: every field and 要確認 item back to 未確認, status `review` (確認中).
    Start {
        /// Report ids.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        reports: Vec<String>,
        /// Every readable report.
        #[arg(long)]
        all: bool,
        /// Who opens it [default: the user name].
        #[arg(long)]
        by: Option<String>,
    },
    /// Each report's progress: items settled, to verify, sources changed and gone.
    Status {
        /// Report ids [default: all].
        reports: Vec<String>,
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// A report's items in the order to work them (changed or gone sources first).
    Items {
        /// The report id.
        report: String,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mark an item: 確認済 (confirmed), 修正済 (corrected), 要確認 (to-verify) or 未確認.
    Mark {
        /// The report id.
        report: String,
        /// The item's key, as `kuni update items` shows it (regulation.main_law).
        item: String,
        /// The state.
        state: String,
        /// Who [default: the user name].
        #[arg(long)]
        by: Option<String>,
    },
}

impl Action {
    /// True for the actions that write into the library.
    pub fn writes(&self) -> bool {
        matches!(self, Action::Start { .. } | Action::Mark { .. })
    }
}

fn user(by: Option<String>) -> String {
    by.or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "unknown".into())
}

pub fn run(dir: &Path, action: Action) -> anyhow::Result<ExitCode> {
    let library = super::open_library(dir)?;
    let store = Store::of(dir);
    let find = |id: &str| {
        library
            .reports()
            .find(|r| r.id == id)
            .ok_or_else(|| anyhow::anyhow!("no readable report `{id}` in the library"))
    };
    match action {
        Action::Start { reports, all, by } => {
            let by = user(by);
            let chosen: Vec<&kuni::Report> = if all {
                library.reports().collect()
            } else {
                reports.iter().map(|id| find(id)).collect::<anyhow::Result<_>>()?
            };
            for r in chosen {
                review::start(r, &by, kuni::today())?;
                println!("{}: update cycle opened, status review (確認中)", r.id);
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Status { reports, json } => {
            let chosen: Vec<&kuni::Report> = if reports.is_empty() {
                library.reports().collect()
            } else {
                reports.iter().map(|id| find(id)).collect::<anyhow::Result<_>>()?
            };
            let rows = chosen
                .iter()
                .map(|r| review::progress(r, &store))
                .collect::<kuni::Result<Vec<_>>>()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{:<8} {:<11} {:>9} {:>9} {:>8} {:>5}",
                "REPORT", "CYCLE", "DONE", "TO-VERIFY", "CHANGED", "GONE"
            );
            for p in rows {
                println!(
                    "{:<8} {:<11} {:>9} {:>9} {:>8} {:>5}",
                    p.id,
                    p.cycle_started.map_or("-".to_string(), |d| d.to_string()),
                    format!("{}/{}", p.done, p.items),
                    p.to_verify,
                    p.sources_changed,
                    p.sources_gone
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Items { report, json } => {
            let r = find(&report)?;
            let sheet = review::load(&r.path)?;
            let items = review::items(r, &sheet, &store);
            if json {
                println!("{}", serde_json::to_string_pretty(&items)?);
                return Ok(ExitCode::SUCCESS);
            }
            for i in items {
                let mut flag = String::new();
                if i.quotes_to_review() > 0 {
                    flag.push_str(&format!(
                        "  ← {} quote(s) no longer on the page",
                        i.quotes_to_review()
                    ));
                }
                if i.sources_to_review > 0 {
                    flag.push_str(&format!("  ← {} source(s) changed or gone", i.sources_to_review));
                }
                if i.consultations > 0 {
                    flag.push_str(&format!("  ← cited by {} consultation(s)", i.consultations));
                }
                let label = if i.field {
                    format!(" ({})", i.label)
                } else {
                    String::new()
                };
                println!("{}  {}{label}{flag}", i.mark.label(), i.key);
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Mark {
            report,
            item,
            state,
            by,
        } => {
            let r = find(&report)?;
            let mark = Mark::parse(&state).ok_or_else(|| {
                anyhow::anyhow!("unknown state `{state}`: use 確認済, 修正済, 要確認 or 未確認")
            })?;
            let at = review::now();
            review::mark(r, &store, &item, mark, &user(by), at)?;
            println!("{}: {item} → {}", r.id, mark.label());
            Ok(ExitCode::SUCCESS)
        }
    }
}
