//! `kuni sources check|status|diff|accept|import`: the yearly re-check of cited pages.

use super::table::pad;
use clap::Subcommand;
use kuni::publish::diff::Op;
use kuni::sources::{self, Outcome, ReportSources, State, Store};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Fetch the pages the reports cite and say which fields rest on a page that changed,
    /// moved or is gone. The one command that goes online, and only to the cited hosts.
    ///
    /// Exits 1 when a page could not be reached or a field needs review, 0 otherwise.
    Check {
        /// Report ids (e.g. vn.ja th.ja).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        reports: Vec<String>,
        /// Every report of the library.
        #[arg(long)]
        all: bool,
        /// Milliseconds between two requests to the same host [default: the settings'
        /// `source_check_delay_ms`, at least 1000]; lower only against a mirror of your own.
        #[arg(long, value_name = "MS")]
        delay_ms: Option<u64>,
        /// Hosts contacted at once.
        #[arg(long, default_value_t = 4)]
        hosts: usize,
        /// Seconds a request may take, body included.
        #[arg(long, value_name = "S", default_value_t = 30)]
        timeout: u64,
        /// Print the result as JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// The state of every source as the last check left it (offline).
    Status {
        /// Report ids [default: all].
        reports: Vec<String>,
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// What changed in a source's text since it was last accepted.
    Diff {
        /// The report id.
        report: String,
        /// The source's id in the report.
        source: String,
    },
    /// Accept a source's latest text as the one to compare with from now on.
    Accept {
        /// The report id.
        report: String,
        /// Source ids [default: every source of the report].
        sources: Vec<String>,
    },
    /// Give the sources that moved permanently (a 301 or 308 on the last check) the address
    /// they moved to, in the report itself; their snapshots move with them.
    Relink {
        /// The report id.
        report: String,
        /// Source ids [default: every moved source of the report].
        sources: Vec<String>,
    },
    /// Record a page saved by hand (HTML, PDF or text) as a source's snapshot, for a site
    /// that refuses automated access.
    Import {
        /// The cited address the file is a copy of.
        url: String,
        /// The saved file.
        file: PathBuf,
    },
}

impl Action {
    /// True for the actions that write into the library's `.sources/`.
    pub fn writes(&self) -> bool {
        !matches!(self, Action::Status { .. } | Action::Diff { .. })
    }
}

pub fn run(dir: &Path, action: Action) -> anyhow::Result<ExitCode> {
    let library = super::open_library(dir)?;
    let store = Store::of(dir);
    match action {
        Action::Check {
            reports,
            all,
            delay_ms,
            hosts,
            timeout,
            json,
        } => {
            let chosen = choose(&library, &reports, all)?;
            let targets = sources::targets(chosen.iter().copied());
            let mut hostnames: Vec<String> = targets
                .iter()
                .filter_map(|t| kuni::net::host_of(&t.url))
                .collect();
            hostnames.sort();
            hostnames.dedup();
            eprintln!(
                "kuni sources check: fetching {} addresses from {} hosts ({}), one request per host at a time",
                targets.len(),
                hostnames.len(),
                preview(&hostnames)
            );
            let mut options = kuni::settings::Settings::load().0.source_check(kuni::today());
            if let Some(ms) = delay_ms {
                options.host_delay = Duration::from_millis(ms);
            }
            options.hosts_at_once = hosts.max(1);
            options.limits.total = Duration::from_secs(timeout.max(1));
            options.limits.connect = options.limits.connect.min(options.limits.total);
            let mut done = 0;
            let outcomes = sources::check::check(&store, &targets, &options, &mut |o: &Outcome| {
                done += 1;
                if !json {
                    eprintln!(
                        "  [{done}/{}] {} {}",
                        targets.len(),
                        pad(o.state.label(), 12),
                        o.url
                    );
                }
            });
            let statuses: Vec<ReportSources> = chosen
                .iter()
                .map(|r| sources::report_status(r, &outcomes, &store))
                .collect();
            print(&statuses, json)?;
            if !json {
                unreachable_hosts(&outcomes);
            }
            let trouble = outcomes.iter().any(|o| o.state == State::Unreachable)
                || statuses.iter().any(|s| s.flagged().next().is_some());
            Ok(if trouble {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Action::Status { reports, json } => {
            let chosen = choose(&library, &reports, reports.is_empty())?;
            let statuses: Vec<ReportSources> = chosen
                .iter()
                .map(|r| sources::report_status(r, &[], &store))
                .collect();
            print(&statuses, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Action::Diff { report, source } => {
            let r = find(&library, &report)?;
            let s = r
                .meta
                .sources
                .iter()
                .find(|s| s.id == source)
                .ok_or_else(|| anyhow::anyhow!("`{report}` has no source `{source}`"))?;
            match sources::diff(&store, &s.url) {
                None => println!("{}: no change since the text was last accepted", s.url),
                Some(spans) => {
                    println!("{}", s.url);
                    for span in spans {
                        let mark = match span.op {
                            Op::Equal => continue,
                            Op::Delete => '-',
                            Op::Insert => '+',
                        };
                        for line in span.text.lines() {
                            println!("{mark} {line}");
                        }
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Accept { report, sources: ids } => {
            let r = find(&library, &report)?;
            let mut accepted = 0;
            for s in &r.meta.sources {
                if (ids.is_empty() || ids.contains(&s.id)) && sources::accept(&store, &s.url)? {
                    println!("accepted the latest text of `{}` ({})", s.id, s.url);
                    accepted += 1;
                }
            }
            for id in &ids {
                if !r.meta.sources.iter().any(|s| &s.id == id) {
                    anyhow::bail!("`{report}` has no source `{id}`");
                }
            }
            if accepted == 0 {
                println!("nothing to accept: no source of `{report}` has a newer text");
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Relink { report, sources: ids } => {
            let r = find(&library, &report)?;
            for id in &ids {
                if !r.meta.sources.iter().any(|s| &s.id == id) {
                    anyhow::bail!("`{report}` has no source `{id}`");
                }
            }
            let done = sources::entries::relink(r, &store, &ids, kuni::today())?;
            for m in &done {
                println!("`{}`: {} → {}", m.id, m.from, m.to);
            }
            if done.is_empty() {
                println!("nothing to relink: no source of `{report}` moved permanently on its last check");
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Import { url, file } => {
            let body =
                std::fs::read(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let content_type = match file.extension().and_then(|e| e.to_str()) {
                Some("html" | "htm") => Some("text/html".to_string()),
                Some("pdf") => Some("application/pdf".to_string()),
                Some("txt") => Some("text/plain".to_string()),
                _ => None,
            };
            let o = sources::import(&store, &url, body, content_type, None, kuni::today())?;
            println!("{}: {} ({})", o.url, o.state.label(), o.detail);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn find<'a>(library: &'a kuni::Library, id: &str) -> anyhow::Result<&'a kuni::Report> {
    library
        .reports()
        .find(|r| r.id == id)
        .ok_or_else(|| anyhow::anyhow!("no readable report `{id}` in the library"))
}

fn choose<'a>(
    library: &'a kuni::Library,
    ids: &[String],
    all: bool,
) -> anyhow::Result<Vec<&'a kuni::Report>> {
    if all {
        for e in library.entries.iter().filter(|e| e.report.is_none()) {
            eprintln!(
                "kuni sources: {} left out: it has errors (see `kuni check`)",
                e.path.display()
            );
        }
        return Ok(library.reports().collect());
    }
    ids.iter().map(|id| find(library, id)).collect()
}

fn preview(hosts: &[String]) -> String {
    let mut s = hosts.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if hosts.len() > 5 {
        s.push_str(&format!(", and {} more", hosts.len() - 5));
    }
    s
}

fn print(statuses: &[ReportSources], json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(statuses)?);
        return Ok(());
    }
    println!(
        "{:<8} {:<34} {:<10} {:<12} DETAIL",
        "REPORT", "FIELD", "SOURCE", "STATE"
    );
    for r in statuses {
        for f in &r.fields {
            for id in &f.sources {
                let Some(s) = r.sources.iter().find(|s| &s.id == id) else {
                    continue;
                };
                println!(
                    "{:<8} {:<34} {:<10} {} {}{}",
                    r.id,
                    f.field,
                    s.id,
                    pad(s.state.label(), 12),
                    s.detail,
                    if f.needs_review { "  ← 要確認" } else { "" }
                );
                for q in f.quotes.iter().filter(|q| &q.source == id) {
                    println!("{:<55} quote {}", "", quote_words(q));
                }
            }
        }
    }
    let flagged: usize = statuses.iter().map(|s| s.flagged().count()).sum();
    println!(
        "{flagged} field(s) rest on a source that changed, moved or is gone, or quote a sentence no longer on its page{}",
        if flagged > 0 {
            ": see `kuni sources diff REPORT SOURCE`"
        } else {
            ""
        }
    );
    Ok(())
}

/// How a quote stands, in a line: `found`, `changed (72%): now "…"`, `gone`.
fn quote_words(q: &sources::QuoteStatus) -> String {
    let short = |s: &str| -> String {
        let mut t: String = s.chars().take(80).collect();
        if s.chars().count() > 80 {
            t.push('…');
        }
        t
    };
    match q.state {
        sources::QuoteState::Found => format!("found: \"{}\"", short(&q.quote)),
        sources::QuoteState::Changed => format!(
            "changed ({}% alike): \"{}\" — the page now says \"{}\"",
            q.similarity,
            short(&q.quote),
            short(q.closest.as_deref().unwrap_or_default())
        ),
        sources::QuoteState::Gone => format!("gone: \"{}\" is no longer on the page", short(&q.quote)),
        sources::QuoteState::Unchecked => format!("not checked yet: \"{}\"", short(&q.quote)),
    }
}

/// One line per host that could not be reached, with the reason: with the network cut off
/// this is the whole story, host by host.
fn unreachable_hosts(outcomes: &[Outcome]) {
    let mut by_host: std::collections::BTreeMap<String, (usize, String)> = Default::default();
    for o in outcomes.iter().filter(|o| o.state == State::Unreachable) {
        let host = kuni::net::host_of(&o.url).unwrap_or_else(|| o.url.clone());
        let e = by_host.entry(host).or_insert((0, o.detail.clone()));
        e.0 += 1;
    }
    let all_down = !outcomes.is_empty() && by_host.values().map(|(n, _)| n).sum::<usize>() == outcomes.len();
    for (host, (n, why)) in by_host {
        eprintln!("kuni sources check: {host}: {why} ({n} address(es) not checked)");
    }
    if all_down {
        eprintln!(
            "kuni sources check: no host could be reached: is this computer offline, or does the network need a proxy (HTTPS_PROXY)? Nothing was changed."
        );
    }
}
