//! `kuni bench sources`: a source check of N addresses on H loopback hosts, at the polite
//! defaults and at full speed, each measured in a child process (time, peak memory) while
//! this process serves the pages.

use anyhow::{Context, bail};
use kuni::sources::Store;
use kuni::sources::check::{Options, Target, check};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

#[derive(Debug, Serialize, Deserialize)]
struct Figures {
    mode: String,
    sources: usize,
    hosts: usize,
    seconds: f64,
    peak_mb: f64,
    snapshot_mb: f64,
    snapshot_files: usize,
    unchanged_on_second_pass: usize,
}

/// A page of about 12 KB whose text is its own (so snapshots do not deduplicate it away).
fn page(host: usize, path: &str) -> String {
    let mut body = String::from(
        "<!doctype html><html><head><meta charset=utf-8><title>Notice</title></head><body><nav>Home | Laws | Contact</nav><main>",
    );
    for p in 0..40 {
        body.push_str(&format!(
            "<p>Host {host}, page {path}, paragraph {p}: medical devices of class {} are registered within {} days; 医療機器の登録には許可が必要です（第{}条）。</p>",
            ["A", "B", "C", "D"][p % 4],
            30 + (p * 7 + host) % 90,
            p + 1
        ));
    }
    body.push_str("</main><footer>Last updated: 1 December 2026</footer></body></html>");
    body
}

fn serve(listener: TcpListener, host: usize) {
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || {
            let mut reader = BufReader::new(match stream.try_clone() {
                Ok(s) => s,
                Err(_) => return,
            });
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                return;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let body = page(host, &path);
            let mut out = stream;
            let _ = write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        });
    }
}

pub fn run(sources: usize, hosts: usize) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!(
            "kuni bench: note: this is a debug build; run `make bench-sources` (release) for real figures"
        );
    }
    let hosts = hosts.clamp(1, sources.max(1));
    let mut bases = Vec::new();
    for h in 0..hosts {
        let listener = TcpListener::bind("127.0.0.1:0").context("binding a loopback port")?;
        bases.push(format!("http://{}", listener.local_addr()?));
        std::thread::spawn(move || serve(listener, h));
    }
    let urls: Vec<String> = (0..sources)
        .map(|i| format!("{}/notice/{i}.html", bases[i % hosts]))
        .collect();
    let work = std::env::temp_dir().join(format!("kuni-bench-sources-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let list = work.join("urls.txt");
    std::fs::write(&list, urls.join("\n"))?;
    let exe = std::env::current_exe().context("finding the kuni binary")?;
    let mut rows = Vec::new();
    for mode in ["full", "polite"] {
        let library = work.join(mode);
        std::fs::create_dir_all(&library)?;
        let out = Command::new(&exe)
            .args(["bench", "sources-one", "--mode", mode, "--urls"])
            .arg(&list)
            .arg("--library")
            .arg(&library)
            .output()
            .context("running the measurement")?;
        if !out.status.success() {
            bail!(
                "measuring {mode} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let mut f: Figures = serde_json::from_slice(&out.stdout).context("reading the measurement")?;
        f.hosts = hosts;
        rows.push(f);
    }
    let _ = std::fs::remove_dir_all(&work);
    println!(
        "| mode | sources | hosts | check s | sources/s | peak MB | .sources MB | files | 2nd pass unchanged |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {:.1} | {:.1} | {:.0} | {:.1} | {} | {} |",
            r.mode,
            r.sources,
            r.hosts,
            r.seconds,
            r.sources as f64 / r.seconds,
            r.peak_mb,
            r.snapshot_mb,
            r.snapshot_files,
            r.unchanged_on_second_pass
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// One measurement: check every address of `urls` into `library`'s `.sources/`, then a
/// second pass at full speed, which must find every page unchanged.
pub fn run_one(library: &Path, urls: &PathBuf, mode: &str) -> anyhow::Result<ExitCode> {
    let targets: Vec<Target> = std::fs::read_to_string(urls)?
        .lines()
        .map(|u| Target {
            url: u.to_string(),
            ignore: None,
        })
        .collect();
    let store = Store::of(library);
    let mut options = Options::polite(kuni::today());
    if mode == "full" {
        options.host_delay = Duration::ZERO;
        options.hosts_at_once = 16;
    }
    let start = Instant::now();
    let first = check(&store, &targets, &options, &mut |_| {});
    let seconds = start.elapsed().as_secs_f64();
    let peak_mb = kuni::pdf::peak_rss_mb();
    if let Some(o) = first.iter().find(|o| o.state != kuni::sources::State::First) {
        bail!("{} was {:?}: {}", o.url, o.state, o.detail);
    }
    options.host_delay = Duration::ZERO;
    options.hosts_at_once = 16;
    let second = check(&store, &targets, &options, &mut |_| {});
    let unchanged = second
        .iter()
        .filter(|o| o.state == kuni::sources::State::Unchanged)
        .count();
    let (bytes, files) = size(store.root());
    let f = Figures {
        mode: mode.to_string(),
        sources: targets.len(),
        hosts: 0,
        seconds,
        peak_mb,
        snapshot_mb: bytes as f64 / 1_048_576.0,
        snapshot_files: files,
        unchanged_on_second_pass: unchanged,
    };
    println!("{}", serde_json::to_string(&f)?);
    Ok(ExitCode::SUCCESS)
}

fn size(dir: &Path) -> (u64, usize) {
    let mut total = (0, 0);
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            let (b, n) = size(&p);
            total.0 += b;
            total.1 += n;
        } else if let Ok(m) = e.metadata() {
            total.0 += m.len();
            total.1 += 1;
        }
    }
    total
}
