//! What every deliverable of a report says besides its body: the document properties (title,
//! subject, author, keywords, creation time) and the cover's lines, made from the report and
//! the export options. The PDF and the .docx (whose writer sits above this one) both take
//! them from [`Particulars::of`], so the two files of one report cannot disagree.

use super::ExportOptions;
use crate::report::{Language, Report, countries};

/// A report's particulars as its deliverables show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Particulars {
    /// The report's title.
    pub title: String,
    /// "VN 医療機器・ヘルスケア カントリーレポート" (English: "VN country report").
    pub subject: String,
    /// The author named in the settings, else the report's authors.
    pub author: String,
    /// Country code, region and the two subjects.
    pub keywords: Vec<String>,
    /// Creation time in seconds since the epoch: the options' fixed one, else now.
    pub timestamp: i64,
    /// The cover's country line: "ベトナム（VN）" in a Japanese edition, the code otherwise.
    pub country: String,
    /// The cover's lines under the title: version and date, organisation, author.
    pub cover_lines: Vec<String>,
}

impl Particulars {
    /// The particulars of `report` exported with `opts`.
    pub fn of(report: &Report, opts: &ExportOptions) -> Particulars {
        let meta = &report.meta;
        let ja = meta.language == Language::Ja;
        let author = opts.author.clone().unwrap_or_else(|| meta.authors.join("、"));
        let mut cover_lines = vec![if ja {
            format!("第 {} 版　{} 更新", meta.version, meta.updated)
        } else {
            format!("Version {} — updated {}", meta.version, meta.updated)
        }];
        cover_lines.extend(opts.organisation.clone());
        cover_lines.push(author.clone());
        Particulars {
            title: meta.title.clone(),
            subject: if ja {
                format!("{} 医療機器・ヘルスケア カントリーレポート", meta.country)
            } else {
                format!("{} country report", meta.country)
            },
            author,
            keywords: vec![
                meta.country.clone(),
                meta.region.clone(),
                "medical devices".into(),
                "regulation".into(),
            ],
            timestamp: opts.timestamp.unwrap_or_else(|| chrono::Utc::now().timestamp()),
            country: countries::japanese_name(&meta.country)
                .filter(|_| ja)
                .map_or(meta.country.clone(), |n| format!("{n}（{}）", meta.country)),
            cover_lines,
        }
    }
}
