//! PDF deliverables with a true text layer, typeset for Japanese.
//!
//! The report's document model is shaped (`shape.rs`, rustybuzz, with font fallback from
//! `fonts.rs`), broken into lines with kinsoku and justification (`linebreak.rs`), laid out
//! on A4 pages (`layout/`), framed with a cover, a table of contents and running header and
//! footer (`front.rs`), written through printpdf's low-level operations with subset fonts and
//! a ToUnicode entry for every glyph (`write.rs`), and finished with lopdf (`outline.rs`:
//! nested bookmarks, /Lang, viewer preferences).

mod file;
pub mod fonts;
mod front;
pub mod glyph_text;
pub mod layout;
pub mod linebreak;
mod ops;
mod outline;
pub mod particulars;
pub mod shape;
pub mod style;
pub mod tags;
mod write;
pub mod xmp;

pub use fonts::{FontConfig, FontFiles};
pub use particulars::Particulars;

use crate::error::{Error, Result};
use crate::report::{Language, Report, countries};
use layout::{HeadingPos, Layout};
use std::collections::HashMap;

/// What goes on the cover besides the report's own data.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Fonts (defaults: BIZ UD Mincho / Gothic from Debian).
    pub fonts: FontConfig,
    /// Organisation named on the cover.
    pub organisation: Option<String>,
    /// Author named on the cover (else the report's authors).
    pub author: Option<String>,
    /// Creation time in seconds since the Unix epoch (default: now).
    pub timestamp: Option<i64>,
    /// The reports the summary page (概要) ranks this one among: the library it is exported
    /// from (the working reports for an export, the published versions for a publication,
    /// delivery or site). Empty: the indicators are listed without ranks or charts.
    pub peers: std::sync::Arc<Vec<Report>>,
}

impl ExportOptions {
    /// These options with `reports` as the summary page's comparison (their front matter is
    /// all it reads, and all that is kept).
    pub fn with_peers<'a>(mut self, reports: impl IntoIterator<Item = &'a Report>) -> Self {
        self.peers = std::sync::Arc::new(reports.into_iter().map(Report::front_matter_only).collect());
        self
    }
}

/// A finished PDF.
#[derive(Debug)]
pub struct Exported {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// 1-based number of the first body page (after the cover, the summary and the contents;
    /// the summary is page 2).
    pub first_body_page: usize,
    /// Things the user should know (missing images, characters no font has, …).
    pub warnings: Vec<String>,
}

/// Said when no sRGB profile is installed for the PDF/A output intent.
const NO_PROFILE: &str = "no sRGB colour profile found (install the Debian package icc-profiles-free): the PDF is tagged (PDF/UA-1) but does not claim PDF/A-2u";

fn pdf_error(id: &str) -> impl FnOnce(String) -> Error + '_ {
    move |message| Error::Pdf {
        id: id.to_string(),
        message,
    }
}

/// Time spent in each phase of an export, printed to standard error when the environment
/// sets `KUNI_PDF_PHASES` (how docs/benchmarks.md breaks the export down).
struct Phases {
    on: bool,
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration, f64)>,
}

impl Phases {
    fn start() -> Self {
        Phases {
            on: std::env::var_os("KUNI_PDF_PHASES").is_some(),
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        if self.on {
            let now = std::time::Instant::now();
            self.laps.push((name, now - self.last, peak_rss_mb()));
            self.last = now;
        }
    }

    fn report(&self, id: &str) {
        if self.on {
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|(n, d, mb)| format!("{n} {:.1} ms (peak {mb:.0} MB)", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!("pdf phases {id}: {}", laps.join(", "));
        }
    }
}

/// The process's peak resident memory so far (Linux's VmHWM), in MB, for the phase report
/// and `kuni bench`; 0 where /proc is not there.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Typesets `report` as a PDF deliverable.
pub fn export(report: &Report, opts: &ExportOptions) -> Result<Exported> {
    let mut clock = Phases::start();
    let mut warnings = Vec::new();
    let meta = &report.meta;
    let ja = meta.language == Language::Ja;
    let files = fonts::FontFiles::open(&opts.fonts, !ja).map_err(pdf_error(&report.id))?;
    let fonts = fonts::Fonts::load(&files, &mut warnings).map_err(pdf_error(&report.id))?;
    let base_dir = report
        .path
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();

    clock.lap("fonts");
    // The body first: its headings give the table of contents and the outline.
    let mut body = Layout::new(&fonts, base_dir.clone());
    layout::layout_body(&mut body, &report.doc, &meta.changelog, ja);
    clock.lap("layout");
    let toc_entries: Vec<HeadingPos> = body.headings.iter().filter(|h| h.level <= 3).cloned().collect();
    let toc_pages = toc_entries.len().div_ceil(front::toc_per_page()).max(1);
    // 0-based index of the body's first page: after the cover, the summary page and the contents.
    let first_body_page = 2 + toc_pages;

    // Cover and table of contents.
    let mut front_matter = Layout::new(&fonts, base_dir);
    let about = Particulars::of(report, opts);
    front::cover(
        &mut front_matter,
        &front::Cover {
            title: about.title.clone(),
            country: about.country.clone(),
            particulars: about.cover_lines.clone(),
        },
    );
    front_matter.new_page();
    let peers: Vec<&Report> = opts.peers.iter().collect();
    layout::summary_page(&mut front_matter, &crate::summary::summary(report, &peers));
    front_matter.new_page();
    let numbered: Vec<(HeadingPos, usize)> = toc_entries
        .iter()
        .map(|h| (h.clone(), first_body_page + h.page + 1))
        .collect();
    front::toc(&mut front_matter, if ja { "目次" } else { "Contents" }, &numbered);
    while front_matter.pages.len() < first_body_page {
        front_matter.new_page();
    }

    // One document: cover, contents, body; then the running header and footer.
    let mut all = front_matter;
    all.warnings.append(&mut body.warnings);
    all.missing.append(&mut body.missing);
    let images = std::mem::take(&mut body.images);
    let renumber = all.tree.append(std::mem::take(&mut body.tree));
    for page in &mut body.pages {
        page.renumber_marks(&renumber);
    }
    all.pages.extend(std::mem::take(&mut body.pages));
    all.tree.normalise_headings();
    front::header_footer(&mut all, &meta.title);
    // The summary's heading (on the front matter's pages), then the body's.
    let front_headings = std::mem::take(&mut all.headings);
    let mut anchors: ops::Anchors = body
        .headings
        .iter()
        .map(|h| (h.anchor.clone(), (first_body_page + h.page + 1, h.y)))
        .collect::<HashMap<_, _>>();
    anchors.extend(
        front_headings
            .iter()
            .map(|h| (h.anchor.clone(), (h.page + 1, h.y))),
    );

    if !all.missing.is_empty() {
        let list: String = all
            .missing
            .iter()
            .map(|c| format!("{c} (U+{:04X})", *c as u32))
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(format!(
            "no configured font has {list}: drawn as 〓, kept in the text layer; add a font that has them"
        ));
    }
    warnings.append(&mut all.warnings);
    let info = write::Info {
        title: about.title,
        author: about.author,
        subject: about.subject,
        keywords: about.keywords,
        timestamp: about.timestamp,
    };
    let pages = all.pages.len();
    clock.lap("front matter");
    // Once the fonts are subset, the layout's faces and the font files are let go: what
    // stays resident while the pages are written is the export's own work.
    let subsets = write::subset(&fonts, &all.pages).map_err(pdf_error(&report.id))?;
    let (all_pages, tree, body_headings) = (
        std::mem::take(&mut all.pages),
        std::mem::take(&mut all.tree),
        std::mem::take(&mut body.headings),
    );
    drop(all);
    drop(body);
    drop(fonts);
    drop(files);
    let (raw, written) = write::write(subsets, all_pages, &images, &anchors, &info, &tree, &mut warnings)
        .map_err(pdf_error(&report.id))?;
    clock.lap("write");
    let outline: Vec<outline::Entry> = front_headings
        .iter()
        .map(|h| (h, h.page))
        .chain(body_headings.iter().map(|h| (h, first_body_page + h.page)))
        .map(|(h, page)| outline::Entry {
            level: h.level.saturating_sub(1).max(1),
            title: h.title.clone(),
            page,
            y: style::PAGE_H - h.y,
        })
        .collect();
    let lang = if ja { "ja-JP" } else { "en" };
    let (bytes, pdfa) = outline::finish(
        raw,
        &outline::Finish {
            entries: &outline,
            meta: info.meta(lang),
            tree: &tree,
            written: &written,
        },
    )
    .map_err(pdf_error(&report.id))?;
    clock.lap("finish");
    clock.report(&report.id);
    if !pdfa {
        warnings.push(NO_PROFILE.to_string());
    }
    Ok(Exported {
        bytes,
        pages,
        first_body_page: first_body_page + 1,
        warnings,
    })
}

/// The file name of a report's deliverable: `VN_ベトナム_v3_2026-04-01.pdf` (country code,
/// Japanese name, `_en` for an English edition, version, date). The date is the publication
/// date of a published report (so a version's deliverable has one name, whenever it is made
/// again) and the `updated` date of a draft.
pub fn file_name(r: &Report) -> String {
    let m = &r.meta;
    let name = countries::japanese_name(&m.country)
        .map(|n| format!("_{n}"))
        .unwrap_or_default();
    let lang = if m.language == Language::En { "_en" } else { "" };
    let date = m
        .published
        .filter(|_| m.status == crate::report::Status::Published)
        .unwrap_or(m.updated);
    format!("{}{name}{lang}_v{}_{date}.pdf", m.country, m.version)
}

/// Typesets a document Kuni generated itself (the delivery index): the body alone, without
/// the cover, the contents and the running header a report gets.
pub fn export_document(
    title: &str,
    doc: &crate::doc::Document,
    ja: bool,
    opts: &ExportOptions,
) -> Result<Exported> {
    let mut warnings = Vec::new();
    let files = fonts::FontFiles::open(&opts.fonts, !ja).map_err(pdf_error(title))?;
    let fonts = fonts::Fonts::load(&files, &mut warnings).map_err(pdf_error(title))?;
    let mut body = Layout::new(&fonts, std::path::PathBuf::new());
    layout::layout_body(&mut body, doc, &[], ja);
    body.tree.normalise_headings();
    warnings.append(&mut body.warnings);
    let anchors: ops::Anchors = body
        .headings
        .iter()
        .map(|h| (h.anchor.clone(), (h.page + 1, h.y)))
        .collect::<HashMap<_, _>>();
    let info = write::Info {
        title: title.to_string(),
        author: opts.author.clone().unwrap_or_default(),
        subject: title.to_string(),
        keywords: Vec::new(),
        timestamp: opts.timestamp.unwrap_or_else(|| chrono::Utc::now().timestamp()),
    };
    let page_count = body.pages.len();
    let subsets = write::subset(&fonts, &body.pages).map_err(pdf_error(title))?;
    let (raw, written) = write::write(
        subsets,
        std::mem::take(&mut body.pages),
        &body.images,
        &anchors,
        &info,
        &body.tree,
        &mut warnings,
    )
    .map_err(pdf_error(title))?;
    let (bytes, pdfa) = outline::finish(
        raw,
        &outline::Finish {
            entries: &[],
            meta: info.meta(if ja { "ja-JP" } else { "en" }),
            tree: &body.tree,
            written: &written,
        },
    )
    .map_err(pdf_error(title))?;
    if !pdfa {
        warnings.push(NO_PROFILE.to_string());
    }
    Ok(Exported {
        bytes,
        pages: page_count,
        first_body_page: 1,
        warnings,
    })
}

/// Exports several reports in parallel (one worker per core). `on_done` is called from the
/// workers as each report finishes, with how many are done so far: the CLI draws a progress
/// bar with it, the app streams it to the window. Setting `cancel` stops starting new reports.
pub fn export_many(
    reports: &[&Report],
    opts: &ExportOptions,
    cancel: &std::sync::atomic::AtomicBool,
    on_done: &(dyn Fn(usize, &Report, Result<Exported>) + Sync),
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, reports.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while !cancel.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(r) = reports.get(i) else { break };
                    let result = export(r, opts);
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    on_done(n, r, result);
                }
            });
        }
    });
}
