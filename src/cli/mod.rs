//! Argument parsing and dispatch. Each command lives in its own file and stays thin.

mod args;
mod bench;
mod bench_sources;
mod check;
mod compare;
mod consult;
mod diff;
mod export;
mod list;
mod publish;
mod search;
mod sign;
mod site;
mod sources;
mod sync;
mod table;
mod update;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Kuni: healthcare-export country reports as Markdown, checked, searched, typeset and published.
#[derive(Debug, Parser)]
#[command(name = "kuni", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The library folder [default: $KUNI_LIBRARY, the configured one, ./reports, or the bundled library]
    #[arg(long, global = true, value_name = "DIR")]
    library: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every report: front matter, sections, sources, dates, links.
    ///
    /// Prints each problem as `file:line:column: error|warning: message`.
    /// Exits 1 when any report has an error, 0 otherwise (warnings alone pass).
    Check {
        /// Print the problems as JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
        /// Instead of the problems, list what each report marks 要確認 (to verify), as
        /// `file:line:column: 要確認: [place] text`.
        #[arg(long)]
        to_verify: bool,
    },
    /// List the reports with their status, version, date and number of problems.
    List {
        /// Print the listing as JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Build or refresh the full-text search index (kept in the user's cache directory).
    Index,
    /// Search the reports, in Japanese or English.
    ///
    /// Words are ANDed; "…" or 「…」 is an exact phrase; A OR B; -word excludes;
    /// country:VN, region:アフリカ, status:draft, lang:en filter. Latin words of 5+ letters
    /// tolerate one typo.
    Search {
        /// Print the results as JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
        /// At most this many reports.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// The query (`-word` excludes a word; no `--` needed before it). Options may come
        /// before or after it.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
    /// Manage the Japanese dictionary used by search.
    Dictionary {
        #[command(subcommand)]
        action: DictionaryAction,
    },
    /// Compare the structured regulatory fields of several reports side by side.
    Compare {
        /// Report ids (e.g. vn.ja th.ja); all Japanese editions when none are given.
        reports: Vec<String>,
        /// Print CSV (UTF-8 with BOM) instead of JSON.
        #[arg(long)]
        csv: bool,
    },
    /// Run a benchmark and print its table.
    Bench {
        #[command(subcommand)]
        kind: BenchKind,
    },
    /// Export a report (or all of them) as PDF deliverables with a real text layer, or as
    /// editable Word documents (.docx), or both.
    Export {
        /// The report id (e.g. vn.ja) or a report file.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        report: Option<String>,
        /// Where to write the file (with several formats, its extension is replaced by each).
        #[arg(long, value_name = "PATH.pdf", required_unless_present = "all")]
        out: Option<PathBuf>,
        /// Export every readable report of the library (in parallel).
        #[arg(long, requires = "out_dir")]
        all: bool,
        /// The folder for --all; files are named like VN_ベトナム_v3_2026-04-01.pdf.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// pdf, docx, or both (pdf,docx).
        #[arg(long, value_name = "pdf|docx|pdf,docx", default_value = "pdf", value_parser = parse_formats)]
        format: Formats,
    },
    /// Publish a report: new version, snapshot in .history, PDF and manifest.
    ///
    /// Refuses while `kuni check` finds errors in the report. All or nothing: if any step
    /// fails, the report, its history and the deliverables folder stay as they were.
    Publish {
        /// The report id.
        report: String,
        /// What changed, for the revision history (改訂履歴) [default: during an update cycle,
        /// the fields corrected and the items confirmed in it].
        #[arg(long)]
        note: Option<String>,
        /// Where to write the PDF and manifest.json [default: <library>/.deliverables]
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        #[command(flatten)]
        signing: sign::SignArgs,
    },
    /// Show what changed between two versions, by section, down to the character.
    ///
    /// By default from the last published version to the working file (the draft).
    Diff {
        /// The report id.
        report: String,
        /// The older version (v2) [default: the last published one]
        #[arg(long, value_name = "vN", value_parser = diff::parse_version)]
        from: Option<kuni::publish::Version>,
        /// The newer version (v3, or draft) [default: draft]
        #[arg(long, value_name = "vN|draft", value_parser = diff::parse_version)]
        to: Option<kuni::publish::Version>,
        /// Print the diff as JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// List a report's published versions with their dates and notes.
    History {
        /// The report id.
        report: String,
        /// Print the history as JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Make the hand-over set: every published report's PDF (and .docx with --formats
    /// pdf,docx), an index PDF and manifest.json.
    Deliver {
        /// The folder to write (empty, new, or an earlier delivery).
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
        /// The formats of each report: pdf, docx, or both (pdf,docx).
        #[arg(long, value_name = "pdf|docx|pdf,docx", default_value = "pdf", value_parser = parse_formats)]
        formats: Formats,
        #[command(flatten)]
        signing: sign::SignArgs,
    },
    /// Check a delivered folder (or one PDF): manifest.json against the files (missing,
    /// changed or extra), manifest.json.p7s, and every PDF's signatures.
    ///
    /// A signature must cover the whole file, match it, and lead to a trusted certificate
    /// that was valid at the signing time. Exits 1 on any failure.
    Verify {
        /// The delivered folder, or a PDF.
        dir: PathBuf,
        /// Trust these CA certificates (PEM) instead of the system's store; repeatable.
        #[arg(long, value_name = "CA.pem")]
        trust: Vec<PathBuf>,
        /// Print the findings as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Sign a PDF (PAdES, an incremental update after the unsigned bytes).
    Sign {
        /// The PDF to sign.
        file: PathBuf,
        /// Where to write the signed PDF.
        #[arg(long, value_name = "SIGNED.pdf")]
        out: PathBuf,
        #[command(flatten)]
        signing: sign::SignArgs,
    },
    /// Sync a library kept in Git: commit saved changes, fetch, merge, push.
    ///
    /// A conflict (the same passage changed on both sides) leaves the library as it was and
    /// names the report and its sections; settle it with --resolve ID --mine|--theirs, or edit
    /// the report and run --continue. Exits 1 when the sync stopped (conflict, a version
    /// published on both sides, remote unreachable).
    Sync {
        /// Settle the conflict of this report (id) or file: with --mine or --theirs.
        #[arg(long, value_name = "ID")]
        resolve: Option<String>,
        /// With --resolve: only this section of the report (its heading, or `front matter`).
        #[arg(long, requires = "resolve", value_name = "TITLE")]
        section: Option<String>,
        /// With --resolve: keep my text where the two conflict.
        #[arg(long, requires = "resolve", conflicts_with = "theirs")]
        mine: bool,
        /// With --resolve: take their text where the two conflict.
        #[arg(long, requires = "resolve")]
        theirs: bool,
        /// Take the library's (edited) text of every conflict not settled otherwise, and finish.
        #[arg(long = "continue", conflicts_with = "resolve")]
        continue_merge: bool,
        /// Withdraw a version published here only while the remote got its own (ID/vN).
        #[arg(long, value_name = "ID/vN")]
        withdraw: Option<String>,
        /// Print what happened as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Re-check the pages the reports cite (the yearly update): fetch them, compare with the
    /// snapshots in the library's .sources/ folder, and name the fields that rest on a page
    /// that changed, moved or is gone. Only `check` goes online.
    Sources {
        #[command(subcommand)]
        action: sources::Action,
    },
    /// Consultations (相談対応) kept in the library's consultations/ folder: list them, find
    /// the answers whose cited sections changed, count them for the yearly report.
    Consult {
        #[command(subcommand)]
        action: consult::Action,
    },
    /// The yearly update cycle: open it, see each report's progress, mark fields and 要確認
    /// items as they are re-checked. Publishing closes it.
    Update {
        #[command(subcommand)]
        action: update::Action,
    },
    /// Make the library a Git repository (if it is not in one) with Kuni's .gitignore and .gitattributes.
    InitGit,
    /// Build the static website of the published reports.
    Site {
        /// The output folder (new, empty, or an earlier site).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The site's public address (https://…): canonical links, OpenGraph, absolute feed
        /// links, sitemap.xml and robots.txt.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// With a key: also write manifest.json of the site's files and sign it.
        #[command(flatten)]
        signing: sign::SignArgs,
    },
}

#[derive(Debug, Subcommand)]
enum BenchKind {
    /// Index and query speed at 100, 1,000 and 5,000 reports, against ripgrep.
    Search {
        /// Where to generate the libraries [default: a folder in the temp dir]
        #[arg(long, value_name = "DIR")]
        work: Option<PathBuf>,
    },
    /// A source check of N addresses on H loopback hosts, at the polite defaults and at
    /// full speed: time, peak memory, the snapshot folder's size.
    Sources {
        /// How many addresses.
        #[arg(long, default_value_t = 2000)]
        sources: usize,
        /// On how many hosts (loopback ports).
        #[arg(long, default_value_t = 50)]
        hosts: usize,
    },
    /// One source-check measurement (run by `bench sources` in a child process).
    #[command(hide = true)]
    SourcesOne {
        /// polite or full.
        #[arg(long)]
        mode: String,
        /// The file of addresses, one per line.
        #[arg(long)]
        urls: PathBuf,
    },
    /// One measurement (run by `bench search` in a child process).
    #[command(hide = true)]
    SearchOne,
    /// Write a website of N generated published reports, for `make bench-site` (the PDFs are
    /// placeholders: search and pages are what `kuni site` writes).
    Site {
        /// The output folder (new, empty, or an earlier site).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// How many reports.
        #[arg(long, default_value_t = 1000)]
        reports: usize,
    },
}

#[derive(Debug, Subcommand)]
enum DictionaryAction {
    /// Build the IPADIC dictionary from MeCab sources (Debian's mecab-ipadic package).
    Build {
        /// The IPADIC sources.
        #[arg(long, value_name = "DIR", default_value = kuni::search::morph::DEBIAN_IPADIC_SOURCES)]
        source: PathBuf,
        /// Where to write it [default: $KUNI_DICT_DIR or the user's data dir + kuni/ipadic]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// Parses the arguments, runs the command and returns its exit code:
/// 0 success, 1 problems found or the command failed, 2 usage error or not available.
pub fn run() -> ExitCode {
    let cli = Cli::parse_from(args::mark_exclusions(std::env::args_os().collect()));
    let (library, fallback) = match cli.library.clone() {
        Some(dir) => (dir, false),
        None => {
            let (settings, warning) = kuni::settings::Settings::load();
            if let Some(w) = warning {
                eprintln!("kuni: warning: {w}");
            }
            let chosen = kuni::settings::resolve_library(&settings);
            let fallback = chosen.is_bundled_fallback();
            (chosen.dir, fallback)
        }
    };
    if fallback && let Some((name, target)) = cli.command.writes_into(&library) {
        eprintln!(
            "kuni {name}: refused: no library was named, so kuni fell back to the bundled sample \
             library {}, and `{name}` would write into it{}. Name the library to work on with \
             --library DIR (or set KUNI_LIBRARY, or choose it in the app's settings).",
            library.display(),
            target.map(|t| format!(" ({})", t.display())).unwrap_or_default()
        );
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Check {
            json,
            to_verify: false,
        } => check::run(&library, json),
        Command::Check {
            json,
            to_verify: true,
        } => check::to_verify(&library, json),
        Command::List { json } => list::run(&library, json),
        Command::Index => search::index(&library),
        Command::Search { json, limit, query } => {
            search::search(&library, &args::query_text(&query), limit, json)
        }
        Command::Compare { reports, csv } => compare::run(&library, &reports, csv),
        Command::Bench {
            kind: BenchKind::Search { work },
        } => bench::run(&library, work),
        Command::Bench {
            kind: BenchKind::SearchOne,
        } => bench::run_one(&library),
        Command::Bench {
            kind: BenchKind::Sources { sources, hosts },
        } => bench_sources::run(sources, hosts),
        Command::Bench {
            kind: BenchKind::SourcesOne { mode, urls },
        } => bench_sources::run_one(&library, &urls, &mode),
        Command::Bench {
            kind: BenchKind::Site { out, reports },
        } => bench::site(&library, &out, reports),
        Command::Dictionary {
            action: DictionaryAction::Build { source, out },
        } => search::build_dictionary(&source, out.as_deref()),
        Command::Export {
            report,
            out,
            all,
            out_dir,
            format,
        } => match (report, out, all, out_dir) {
            (_, _, true, Some(dir)) => export::all(&library, &dir, &format.0),
            (Some(r), Some(out), false, _) => export::one(&library, &r, &out, &format.0),
            _ => Err(anyhow::anyhow!(
                "give a report and --out PATH.pdf, or --all --out-dir DIR"
            )),
        },
        Command::Publish {
            report,
            note,
            out_dir,
            signing,
        } => signed(&signing, |key| {
            let dir = out_dir
                .clone()
                .unwrap_or_else(|| library.join(kuni::publish::DELIVERABLES_DIR));
            let code = publish::publish(&library, &report, note.as_deref(), out_dir)?;
            if code == ExitCode::SUCCESS {
                sign::sign_folder_if_asked(&dir, key)?;
            }
            Ok(code)
        }),
        Command::Diff {
            report,
            from,
            to,
            json,
        } => diff::run(&library, &report, from, to, json),
        Command::History { report, json } => publish::history(&library, &report, json),
        Command::Deliver {
            out_dir,
            formats,
            signing,
        } => signed(&signing, |key| {
            let code = publish::deliver(&library, &out_dir, &formats.0)?;
            sign::sign_folder_if_asked(&out_dir, key)?;
            Ok(code)
        }),
        Command::Verify { dir, trust, json } => sign::verify(&dir, &trust, json),
        Command::Sign { file, out, signing } => sign::sign(&file, &out, &signing),
        Command::Site {
            out,
            base_url,
            signing,
        } => signed(&signing, |key| {
            let code = site::run(&library, &out, base_url.as_deref())?;
            if key.is_some() {
                kuni::publish::signing::write_folder_manifest(&out, kuni::today())?;
                sign::sign_folder_if_asked(&out, key)?;
            }
            Ok(code)
        }),
        Command::Sync {
            resolve,
            section,
            mine,
            theirs,
            continue_merge,
            withdraw,
            json,
        } => {
            if resolve.is_some() && !mine && !theirs {
                eprintln!("kuni sync: --resolve needs --mine or --theirs");
                return ExitCode::from(2);
            }
            sync::sync(
                &library,
                &sync::options(resolve, section, theirs, continue_merge, withdraw),
                json,
            )
        }
        Command::InitGit => sync::init_git(&library),
        Command::Sources { action } => sources::run(&library, action),
        Command::Update { action } => update::run(&library, action),
        Command::Consult { action } => consult::run(&library, action),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kuni: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

impl Command {
    /// For a command that writes into the library: its name and, when the writing goes to a
    /// path the user gave, that path. `publish`, `sync` and `init-git` always write;
    /// the others only when their output folder or file lies inside the library.
    fn writes_into(&self, library: &std::path::Path) -> Option<(&'static str, Option<PathBuf>)> {
        let inside = |path: &std::path::Path| is_inside(path, library).then(|| path.to_path_buf());
        match self {
            Command::Publish { .. } => Some(("publish", None)),
            // Both commit into the library's repository (for the bundled library, the
            // source tree's own) and sync pushes it.
            Command::Sync { .. } => Some(("sync", None)),
            Command::InitGit => Some(("init-git", None)),
            // Snapshots go to the library's .sources/ folder.
            Command::Sources { action } if action.writes() => Some(("sources", None)),
            Command::Update { action } if action.writes() => Some(("update", None)),
            Command::Deliver { out_dir, .. } => inside(out_dir).map(|p| ("deliver", Some(p))),
            Command::Site { out, .. } => inside(out).map(|p| ("site", Some(p))),
            Command::Export { out, out_dir, .. } => out
                .iter()
                .chain(out_dir)
                .find_map(|p| inside(p))
                .map(|p| ("export", Some(p))),
            _ => None,
        }
    }
}

/// Whether `path` (which may not exist yet) lies in `dir`: compared through the nearest
/// existing ancestor, so `reports/new/x.pdf` counts before `new/` is made.
fn is_inside(path: &std::path::Path, dir: &std::path::Path) -> bool {
    let Ok(dir) = std::fs::canonicalize(dir) else {
        return false;
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .ancestors()
        .find_map(|a| std::fs::canonicalize(a).ok())
        .is_some_and(|existing| existing.starts_with(&dir))
}

/// Runs a command that may sign its output: the key is read (and its password asked) before
/// anything is written, so a wrong password costs nothing.
fn signed(
    args: &sign::SignArgs,
    run: impl FnOnce(Option<&kuni::publish::signing::Signing>) -> anyhow::Result<ExitCode>,
) -> anyhow::Result<ExitCode> {
    let signing = args.load()?;
    run(signing.as_ref())
}

/// The formats of `--format pdf,docx` (one comma-separated value).
#[derive(Debug, Clone)]
pub struct Formats(pub Vec<kuni::formats::Format>);

fn parse_formats(s: &str) -> Result<Formats, String> {
    kuni::formats::Format::parse_list(s).map(Formats)
}

/// Opens the library, naming the folder in the error.
fn open_library(dir: &std::path::Path) -> anyhow::Result<kuni::Library> {
    use anyhow::Context;
    kuni::Library::open(dir, kuni::today())
        .with_context(|| format!("cannot open the library {}", dir.display()))
}
