//! The deliverable formats a report exports to: the PDF with its text layer and the editable
//! Word original. Both are made from the same document model and named alike
//! (`VN_ベトナム_v3_2026-04-01.pdf` / `.docx`); the CLI, the app and the delivery choose
//! formats through this one list.

use crate::error::Result;
use crate::pdf::ExportOptions;
use crate::report::Report;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A deliverable format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// PDF with a real text layer.
    Pdf,
    /// Word document (.docx).
    Docx,
}

/// One exported file.
#[derive(Debug)]
pub struct Output {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Pages, when the format has fixed pages (PDF).
    pub pages: Option<usize>,
    /// Things the user should know.
    pub warnings: Vec<String>,
}

impl Format {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// The deliverable's file name for `r` in this format.
    pub fn file_name(self, r: &Report) -> String {
        match self {
            Format::Pdf => crate::pdf::file_name(r),
            Format::Docx => crate::docx::file_name(r),
        }
    }

    /// Exports `r` in this format.
    pub fn export(self, r: &Report, opts: &ExportOptions) -> Result<Output> {
        Ok(match self {
            Format::Pdf => {
                let p = crate::pdf::export(r, opts)?;
                Output {
                    bytes: p.bytes,
                    pages: Some(p.pages),
                    warnings: p.warnings,
                }
            }
            Format::Docx => {
                let d = crate::docx::export(r, opts)?;
                Output {
                    bytes: d.bytes,
                    pages: None,
                    warnings: d.warnings,
                }
            }
        })
    }

    /// Reads a comma-separated list such as `pdf,docx` (each format once, in the given order).
    pub fn parse_list(s: &str) -> std::result::Result<Vec<Format>, String> {
        let mut out = Vec::new();
        for word in s.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            let f = match word.to_ascii_lowercase().as_str() {
                "pdf" => Format::Pdf,
                "docx" | "word" => Format::Docx,
                other => return Err(format!("unknown format `{other}`: use pdf, docx or pdf,docx")),
            };
            if !out.contains(&f) {
                out.push(f);
            }
        }
        if out.is_empty() {
            return Err("no format given: use pdf, docx or pdf,docx".into());
        }
        Ok(out)
    }
}

/// Called as each file of [`export_many`] is made: files done so far, the report, the format
/// and the result.
pub type OnFileDone<'a> = dyn Fn(usize, &Report, Format, Result<Output>) + Sync + 'a;

/// Exports every report in every format, in parallel (one worker per core). `on_done` is
/// called from the workers as each file is made, with how many are done so far; setting
/// `cancel` stops starting new ones. The time stamp is taken once, so a report's PDF and
/// .docx carry the same dates.
pub fn export_many(
    reports: &[&Report],
    formats: &[Format],
    opts: &ExportOptions,
    cancel: &AtomicBool,
    on_done: &OnFileDone<'_>,
) {
    let mut opts = opts.clone();
    opts.timestamp = Some(opts.timestamp.unwrap_or_else(|| chrono::Utc::now().timestamp()));
    let jobs: Vec<(&Report, Format)> = reports
        .iter()
        .flat_map(|r| formats.iter().map(move |f| (*r, *f)))
        .collect();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, jobs.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while !cancel.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((r, f)) = jobs.get(i) else { break };
                    let result = f.export(r, &opts);
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    on_done(n, r, *f, result);
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_lists_parse_and_refuse_unknown_names() {
        assert_eq!(
            Format::parse_list("pdf,docx"),
            Ok(vec![Format::Pdf, Format::Docx])
        );
        assert_eq!(
            Format::parse_list(" DOCX , pdf,docx"),
            Ok(vec![Format::Docx, Format::Pdf])
        );
        assert!(Format::parse_list("odt").expect_err("unknown").contains("odt"));
        assert!(Format::parse_list(",").is_err());
    }
}
