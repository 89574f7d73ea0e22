//! `kuni bench search`: index and query speed at 100, 1,000 and 5,000 reports, with ripgrep
//! over the same files side by side. Each size runs in a child process so its peak memory
//! is its own.

use anyhow::{Context, bail};
use kuni::Library;
use kuni::search::{self, SearchIndex};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// The fixed query mix: Japanese, English, mixed, phrases, filters.
pub const QUERIES: &[&str] = &[
    "登録",
    "医療機器",
    "審査期間",
    "現地代理人",
    "ラベル",
    "有効期間",
    "医療保険",
    "入札",
    "輸入許可",
    "品質マネジメント",
    "参照国",
    "迅速審査",
    "価格",
    "公立病院",
    "自由販売証明書",
    "市販後",
    "有害事象",
    "リスク区分",
    "クラス C",
    "更新",
    "保健省",
    "規制当局",
    "販売代理店",
    "保守",
    "高齢化",
    "非感染性疾患",
    "人口",
    "通貨",
    "公用語",
    "経常医療費",
    "CDSCO",
    "ISO 13485",
    "registration",
    "import licence",
    "Class C",
    "reliance",
    "labelling",
    "review time",
    "\"医療機器規則\"",
    "\"ISO 13485\"",
    "登録 期間",
    "ラベル 言語",
    "代理店 契約",
    "審査 country:IN",
    "保険 region:アフリカ",
    "登録 lang:en",
    "registraton",
    "ﾗﾍﾞﾙ",
    "ＣＤＳＣＯ",
    "サーバ OR データ",
];

const SIZES: &[usize] = &[100, 1_000, 5_000];
const RUNS_PER_QUERY: usize = 10;

/// One size's figures, printed by the child as a line of JSON.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Figures {
    reports: usize,
    mb: f64,
    index_s: f64,
    index_mb: f64,
    p50_ms: f64,
    p99_ms: f64,
    peak_mb: f64,
    rg_p50_ms: Option<f64>,
    rg_p99_ms: Option<f64>,
    reindex_ms: f64,
    morphology: bool,
    /// The three queries with the slowest single run, with that run's ms (where p99 goes).
    slowest: Vec<(String, f64)>,
}

pub fn run(bundled: &Path, work: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!("kuni bench: note: this is a debug build; run `make bench` (release) for real figures");
    }
    let work = work.unwrap_or_else(|| std::env::temp_dir().join("kuni-bench"));
    let exe = std::env::current_exe().context("finding the kuni binary")?;
    let mut rows = Vec::new();
    for &n in SIZES {
        let dir = work.join(format!("lib-{n}"));
        generate(bundled, &dir, n).with_context(|| format!("generating {n} reports"))?;
        let out = Command::new(&exe)
            .args(["bench", "search-one", "--library"])
            .arg(&dir)
            .env("KUNI_CACHE_DIR", work.join(format!("cache-{n}")))
            .output()
            .context("running the measurement")?;
        if !out.status.success() {
            bail!(
                "measuring {n} reports failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let figures: Figures = serde_json::from_slice(&out.stdout).context("reading the measurement")?;
        rows.push(figures);
    }
    print_table(&rows);
    Ok(ExitCode::SUCCESS)
}

fn print_table(rows: &[Figures]) {
    let ms = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.2}"));
    println!(
        "| reports | text MB | index s | MB/s | index MB | peak MB | kuni p50 ms | kuni p99 ms | rg p50 ms | rg p99 ms | rg/kuni p50 | save→found ms |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let ratio = r
            .rg_p50_ms
            .map_or("n/a".to_string(), |rg| format!("{:.0}×", rg / r.p50_ms.max(1e-6)));
        println!(
            "| {} | {:.1} | {:.2} | {:.1} | {:.1} | {:.0} | {:.3} | {:.3} | {} | {} | {} | {:.0} |",
            r.reports,
            r.mb,
            r.index_s,
            r.mb / r.index_s.max(1e-9),
            r.index_mb,
            r.peak_mb,
            r.p50_ms,
            r.p99_ms,
            ms(r.rg_p50_ms),
            ms(r.rg_p99_ms),
            ratio,
            r.reindex_ms
        );
    }
    for r in rows {
        let list: Vec<String> = r
            .slowest
            .iter()
            .map(|(q, ms)| format!("`{q}` {ms:.1} ms"))
            .collect();
        println!("\nslowest at {} reports: {}", r.reports, list.join(", "));
    }
    if let Some(r) = rows.first() {
        println!(
            "\n{} queries × {RUNS_PER_QUERY} runs per size; morphological analysis {}; ripgrep: `rg -F -i -l` per query (a process per query, as a person would run it).",
            QUERIES.len(),
            if r.morphology { "on" } else { "off" }
        );
    }
}

/// Writes `n` reports made from the bundled ones: report `k` is bundled report `k mod m` with an
/// extra section borrowed from another report and a serial number, so no two are identical.
fn generate(bundled: &Path, dir: &Path, n: usize) -> anyhow::Result<()> {
    let library = Library::open(bundled, kuni::today())?;
    let sources: Vec<_> = library.reports().collect();
    if sources.is_empty() {
        bail!("no reports in {}", bundled.display());
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    for k in 0..n {
        let base = sources[k % sources.len()];
        let other = sources[(k * 7 + 3) % sources.len()];
        let text = std::fs::read_to_string(&base.path)?;
        let borrowed: String = kuni::doc::sections(&other.doc)
            .into_iter()
            .filter(|s| s.level >= 3)
            .nth(k % 5)
            .map(|s| s.text)
            .unwrap_or_default();
        let extra = format!("\n### 補足 {k}\n\n案件番号 K{k:05}。{borrowed}\n");
        let name = format!(
            "{}-{k:05}.{}.md",
            base.meta.country.to_lowercase(),
            base.meta.language.code()
        );
        std::fs::write(dir.join(name), format!("{text}{extra}"))?;
    }
    Ok(())
}

/// `kuni bench site`: a website of `n` reports generated from the bundled ones (as for `bench
/// search`), each taken as published (version 1, today), with placeholder PDFs so the
/// benchmark measures pages and search without typesetting a thousand PDFs.
pub fn site(bundled: &Path, out: &Path, n: usize) -> anyhow::Result<ExitCode> {
    let dir = std::env::temp_dir().join(format!("kuni-bench-site-{}", std::process::id()));
    generate(bundled, &dir, n).with_context(|| format!("generating {n} reports"))?;
    let library = Library::open(&dir, kuni::today())?;
    let published: Vec<_> = library
        .reports()
        .map(|r| {
            let p = kuni::publish::deliverables::PublishedReport {
                report: r.clone(),
                version: 1,
                date: kuni::today(),
            };
            (
                p,
                b"%PDF-1.7\n% placeholder written by kuni bench site\n".to_vec(),
            )
        })
        .collect();
    let (files, ids) = kuni::site::assemble(published, None);
    kuni::site::write(out, &files).with_context(|| format!("writing {}", out.display()))?;
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "wrote {} files for {} reports to {}",
        files.len(),
        ids.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The child: index the library, run the queries, print the figures as JSON.
pub fn run_one(dir: &Path) -> anyhow::Result<ExitCode> {
    let (morph, _) = search::load_morphology();
    let cache = search::cache_root();
    let _ = std::fs::remove_dir_all(&cache);
    let start = Instant::now();
    // As `kuni index` and the app index: one report in memory at a time.
    let mut index = SearchIndex::open(dir, &cache, morph)?;
    let stats = index.refresh_folder(dir, kuni::today(), &|_| {}, &AtomicBool::new(false))?;
    let index_s = start.elapsed().as_secs_f64();
    let reindex_ms = reindex_one(dir, &mut index)?;
    let mut times = Vec::with_capacity(QUERIES.len() * RUNS_PER_QUERY);
    let mut slowest: Vec<(String, f64)> = Vec::new();
    for q in QUERIES {
        index.search(q, 10); // warm the caches once
        let mut worst: f64 = 0.0;
        for _ in 0..RUNS_PER_QUERY {
            let t = Instant::now();
            std::hint::black_box(index.search(q, 10));
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            worst = worst.max(ms);
            times.push(ms);
        }
        slowest.push((q.to_string(), worst));
    }
    slowest.sort_by(|a, b| b.1.total_cmp(&a.1));
    slowest.truncate(3);
    let (p50_ms, p99_ms) = percentiles(&mut times);
    let (rg_p50_ms, rg_p99_ms) = match ripgrep_times(dir) {
        Some(mut t) => {
            let (a, b) = percentiles(&mut t);
            (Some(a), Some(b))
        }
        None => (None, None),
    };
    let figures = Figures {
        reports: stats.indexed,
        mb: dir_size(dir) as f64 / 1e6,
        index_s,
        index_mb: dir_size(index.dir()) as f64 / 1e6,
        p50_ms,
        p99_ms,
        peak_mb: kuni::pdf::peak_rss_mb(),
        rg_p50_ms,
        rg_p99_ms,
        reindex_ms,
        morphology: index.morphology(),
        slowest,
    };
    println!("{}", serde_json::to_string(&figures)?);
    Ok(ExitCode::SUCCESS)
}

/// Time from saving one report to finding its new word: re-index it alone, then search.
fn reindex_one(dir: &Path, index: &mut SearchIndex) -> anyhow::Result<f64> {
    let Some(report) = Library::scan(dir, kuni::today())?.find_map(|e| e.report) else {
        return Ok(0.0);
    };
    let mut edited = report;
    edited.body.push_str("\n追記：ベンチマーク用語彙ミョウバン。\n");
    edited.doc = kuni::doc::build(&edited.body, edited.body_line);
    let t = Instant::now();
    index.update_report(&edited)?;
    let found = index.search("ミョウバン", 1);
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    if found.reports.first().map(|r| r.id.as_str()) != Some(edited.id.as_str()) {
        bail!("the re-indexed report is not found");
    }
    Ok(ms)
}

fn ripgrep_times(dir: &Path) -> Option<Vec<f64>> {
    Command::new("rg").arg("--version").output().ok()?;
    let mut times = Vec::new();
    for q in QUERIES {
        let pattern = q.trim_matches('"');
        for _ in 0..RUNS_PER_QUERY {
            let t = Instant::now();
            let out = Command::new("rg")
                .args(["-F", "-i", "-l", "--", pattern])
                .arg(dir)
                .output()
                .ok()?;
            std::hint::black_box(out);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    Some(times)
}

fn percentiles(times: &mut [f64]) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    (at(0.50), at(0.99))
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}
