//! The hand-over set: every published report's PDF (and, when asked, its .docx), an index PDF
//! and the manifest.
//!
//! Only published texts are delivered: each report's latest snapshot in `.history`, never the
//! working file. Everything is typeset in memory first, so a failure or a cancel leaves the
//! folder as it was; then the files are written atomically, the manifest last.

use super::manifest::{MANIFEST_NAME, Manifest, ManifestFile};
use super::{OnProgress, Progress, history, timestamp_of};
use crate::error::{Error, Result};
use crate::formats::Format;
use crate::library::Library;
use crate::pdf::{self, ExportOptions, Exported};
use crate::report::{Report, countries};
use crate::save::write_atomic;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// A report's latest published version, read from its snapshot.
#[derive(Debug, Clone)]
pub struct PublishedReport {
    /// The report as published (its path is the live file's, for relative images).
    pub report: Report,
    /// Its version.
    pub version: u32,
    /// Its publication date.
    pub date: NaiveDate,
}

/// The latest published version of every report that has one, sorted by country and
/// edition. Reports marked `status: published` without a snapshot are named in the warnings:
/// without a snapshot nobody can tell their published text from later edits.
pub fn published_reports(library: &Library) -> Result<(Vec<PublishedReport>, Vec<String>)> {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for entry in &library.entries {
        let Some(live) = &entry.report else { continue };
        history::recover(&library.root, &entry.id, &entry.path)?;
        let Some(&version) = history::versions(&library.root, &entry.id)?.last() else {
            if live.meta.status == crate::report::Status::Published {
                warnings.push(format!(
                    "{}: says `status: published` but has no snapshot in .history; publish it with `kuni publish {}`",
                    entry.id, entry.id
                ));
            }
            continue;
        };
        let report = history::snapshot_report(&library.root, &entry.id, version, &entry.path)?;
        let date = report.meta.published.unwrap_or(report.meta.updated);
        out.push(PublishedReport {
            report,
            version,
            date,
        });
    }
    // By country, each country's editions together (Japanese first).
    out.sort_by(|a, b| {
        let key = |p: &PublishedReport| {
            (
                p.report.meta.country.clone(),
                p.report.meta.language,
                p.report.id.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    Ok((out, warnings))
}

/// What [`deliver`] wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Delivery {
    /// The folder.
    pub dir: PathBuf,
    /// The files, as in the manifest.
    pub files: Vec<ManifestFile>,
    /// Typesetting warnings and reports left out.
    pub warnings: Vec<String>,
    /// The signer's subject, when the files were signed afterwards (by the caller).
    pub signed_by: Option<String>,
}

/// The index PDF's file name for a delivery made on `date`.
pub fn index_file_name(date: NaiveDate) -> String {
    format!("00_index_{date}.pdf")
}

/// Typesets the published reports in parallel, each with its publication date as the PDF
/// timestamp, so a version typeset again (a delivery, the website) gives the bytes its
/// publish gave. Results are in the order of `published`; progress counts up to `total`.
pub fn typeset(
    published: &[PublishedReport],
    opts: &ExportOptions,
    on_progress: OnProgress<'_>,
    total: usize,
    cancel: &AtomicBool,
) -> Result<Vec<Exported>> {
    let results: Mutex<Vec<(usize, Result<Exported>)>> = Mutex::new(Vec::new());
    let reports: Vec<&Report> = published.iter().map(|p| &p.report).collect();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let on_done = |_: usize, r: &Report, result: Result<Exported>| {
        let i = reports.iter().position(|x| x.id == r.id).unwrap_or(0);
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        on_progress(&Progress {
            done: n,
            total,
            message: format!("typeset {}", r.id),
        });
        results
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((i, result));
    };
    // export_many shares one option set and the timestamp differs per version: one batch per
    // publication date (most libraries have a handful).
    // Each summary page ranks its report among the versions typeset together.
    let peers = std::sync::Arc::new(reports.iter().map(|r| (*r).clone()).collect::<Vec<_>>());
    let mut dates: Vec<NaiveDate> = published.iter().map(|p| p.date).collect();
    dates.sort_unstable();
    dates.dedup();
    for date in dates {
        let batch: Vec<&Report> = published
            .iter()
            .filter(|p| p.date == date)
            .map(|p| &p.report)
            .collect();
        let mut o = opts.clone();
        o.timestamp = Some(timestamp_of(date));
        o.peers = peers.clone();
        pdf::export_many(&batch, &o, cancel, &on_done);
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Escapes text for a Markdown table cell.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// The index as Markdown, typeset by the same engine as the reports.
fn index_markdown(rows: &[(&PublishedReport, String)], date: NaiveDate) -> String {
    let mut s = format!(
        "# 納品物一覧\n\n{date} 作成　公開済みカントリーレポート {} 件（Kuni {}）。各ファイルの SHA-256 は同じフォルダの manifest.json に記載しています。\n\n",
        rows.len(),
        super::manifest::KUNI_VERSION
    );
    if rows.is_empty() {
        s.push_str("公開済みのレポートはありません。\n");
        return s;
    }
    s.push_str("| 地域 | 国 | 表題 | 版 | 公開日 | ファイル |\n|---|---|---|--:|---|---|\n");
    for (p, file) in rows {
        let m = &p.report.meta;
        let country = countries::japanese_name(&m.country)
            .map_or_else(|| m.country.clone(), |n| format!("{n}（{}）", m.country));
        s.push_str(&format!(
            "| {} | {} | {} | v{} | {} | {} |\n",
            md(&m.region),
            md(&country),
            md(&m.title),
            p.version,
            p.date,
            md(file)
        ));
    }
    s
}

/// Typesets every published report and writes the hand-over set into `out_dir`: the PDFs,
/// `00_index_<date>.pdf` and `manifest.json`. `out_dir` must be empty, missing or an earlier
/// delivery (it has a manifest); files of an earlier delivery that are no longer part of it
/// are removed.
pub fn deliver(
    library: &Library,
    out_dir: &Path,
    opts: &ExportOptions,
    on_progress: OnProgress<'_>,
    cancel: &AtomicBool,
) -> Result<Delivery> {
    deliver_formats(library, out_dir, opts, &[Format::Pdf], on_progress, cancel)
}

/// [`deliver`] with each report in `formats` (the PDF, the .docx or both). Every file is in
/// the manifest; the index lists each report's files.
pub fn deliver_formats(
    library: &Library,
    out_dir: &Path,
    opts: &ExportOptions,
    formats: &[Format],
    on_progress: OnProgress<'_>,
    cancel: &AtomicBool,
) -> Result<Delivery> {
    let old_manifest = usable_folder(out_dir)?;
    let (published, mut warnings) = published_reports(library)?;
    let total = published.len() + 2;
    let today = crate::today();
    let pdfs = if formats.contains(&Format::Pdf) {
        typeset(&published, opts, on_progress, total, cancel)?
    } else {
        Vec::new()
    };
    let mut pdfs = pdfs.into_iter();
    let mut files: Vec<(String, Vec<u8>, ManifestFile)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for p in &published {
        let mut made: Vec<(String, Vec<u8>, Vec<String>)> = Vec::new();
        for f in formats {
            match f {
                Format::Pdf => {
                    if let Some(pdf) = pdfs.next() {
                        made.push((pdf::file_name(&p.report), pdf.bytes, pdf.warnings));
                    }
                }
                Format::Docx => {
                    // Dated like the PDF, so the same version gives the same bytes.
                    let mut o = opts.clone();
                    o.timestamp = Some(timestamp_of(p.date));
                    let d = crate::docx::export(&p.report, &o)?;
                    made.push((crate::docx::file_name(&p.report), d.bytes, d.warnings));
                }
            }
        }
        names.push(
            made.iter()
                .map(|(n, _, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(" / "),
        );
        for (name, bytes, w) in made {
            warnings.extend(w.iter().map(|w| format!("{}: {w}", p.report.id)));
            let entry = ManifestFile::new(&name, &bytes, Some((&p.report.id, p.version)), p.date);
            files.push((name, bytes, entry));
        }
    }

    on_progress(&Progress {
        done: published.len(),
        total,
        message: "typesetting the index".into(),
    });
    let rows: Vec<(&PublishedReport, String)> = published.iter().zip(names).collect();
    let doc = crate::doc::build(&index_markdown(&rows, today), 1);
    let mut o = opts.clone();
    o.timestamp = Some(timestamp_of(today));
    let index = pdf::export_document("納品物一覧", &doc, true, &o)?;
    let index_name = index_file_name(today);
    let index_entry = ManifestFile::new(&index_name, &index.bytes, None, today);
    files.push((index_name, index.bytes, index_entry));
    if cancel.load(Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }

    on_progress(&Progress {
        done: published.len() + 1,
        total,
        message: "writing the files".into(),
    });
    std::fs::create_dir_all(out_dir).map_err(Error::io("creating", out_dir))?;
    let mut manifest = Manifest::default();
    for (name, bytes, entry) in &files {
        write_atomic(&out_dir.join(name), bytes)?;
        manifest.upsert(entry.clone());
    }
    // Files of the earlier delivery that this one no longer has.
    if let Some(old) = old_manifest {
        for f in old.files {
            if !manifest.files.iter().any(|n| n.path == f.path) && !f.path.contains(['/', '\\']) {
                let _ = std::fs::remove_file(out_dir.join(&f.path));
            }
        }
    }
    manifest.write(out_dir)?;
    on_progress(&Progress {
        done: total,
        total,
        message: "delivered".into(),
    });
    Ok(Delivery {
        dir: out_dir.to_path_buf(),
        files: manifest.files,
        warnings,
        signed_by: None,
    })
}

/// `dir` may be written to: it is missing, empty, or holds an earlier delivery (returned).
fn usable_folder(dir: &Path) -> Result<Option<Manifest>> {
    if !dir.exists() {
        return Ok(None);
    }
    if !dir.is_dir() {
        return Err(Error::OutputFolder {
            path: dir.to_path_buf(),
            message: "is not a folder".into(),
        });
    }
    if let Some(m) = Manifest::read(dir)? {
        return Ok(Some(m));
    }
    let empty = std::fs::read_dir(dir)
        .map_err(Error::io("listing", dir))?
        .next()
        .is_none();
    if empty {
        Ok(None)
    } else {
        Err(Error::OutputFolder {
            path: dir.to_path_buf(),
            message: format!(
                "holds files but no {MANIFEST_NAME}, so it is not an earlier delivery; choose an empty or new folder"
            ),
        })
    }
}
