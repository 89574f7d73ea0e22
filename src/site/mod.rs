//! The static website: the published reports as plain files that a web server or a USB stick
//! can serve, with nothing loaded from anywhere else.
//!
//! Only published versions appear: every page is made from the report's latest snapshot in
//! `.history` (`publish::deliverables::published_reports`), never from the working file. Pages
//! use the same HTML renderer as the app's preview (`crate::html`, sanitised); remote images
//! are replaced by their text, as the site loads nothing from outside. Output is
//! deterministic: the same library gives the same bytes (sorted maps, dates only from the
//! reports, PDFs timestamped with their publication date).
//!
//! Layout: `index.html` (by region and country), `reports/<id>.html`, `compare.html`,
//! `search.html`, `updates.html` and `feed.xml` (published versions), `accessibility.html`,
//! `pdf/<deliverable>.pdf`, `assets/` (style sheet, scripts, the search index in parts under
//! `assets/search/`), `server/` (nginx and Apache configurations with the security headers);
//! with a base URL also `sitemap.xml` and `robots.txt`.

pub mod feeds;
pub mod keys;
pub mod pages;
pub mod policy;
pub mod search_index;
pub mod server;
pub mod summary;
pub mod text;

use crate::error::{Error, Result};
use crate::library::Library;
use crate::pdf::ExportOptions;
use crate::publish::deliverables::{PublishedReport, published_reports, typeset};
use crate::publish::{OnProgress, Progress};
use crate::report::Language;
use crate::save::write_atomic;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Marks a folder as a Kuni site, so a rebuild may replace it (and nothing else).
pub const MARKER: &str = ".kuni-site";

const STYLE: &str = include_str!("assets/site.css");
const SEARCH_SCRIPT: &str = include_str!("assets/search.js");
const SEARCH_CORE: &str = include_str!("assets/search-core.js");
const HIGHLIGHT_SCRIPT: &str = include_str!("assets/highlight.js");

/// The site's public address, checked: `https://` or `http://`, a host, no character that
/// would need escaping in HTML or XML, ending in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks `url`; the message says what is wrong.
    pub fn parse(url: &str) -> std::result::Result<BaseUrl, String> {
        let bad = |why: &str| format!("base URL {url:?}: {why}");
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| bad("must start with https:// (or http://)"))?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err(bad("has no host name"));
        }
        let odd = |c: &char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(*c, '"' | '\'' | '<' | '>' | '\\' | '`' | '?' | '#' | '&')
        };
        if let Some(c) = url.chars().find(odd) {
            return Err(bad(&format!("may not contain {c:?}")));
        }
        Ok(BaseUrl(if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        }))
    }

    /// The address, ending in `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One published report as the site shows it.
#[derive(Debug, Clone)]
pub struct SiteReport {
    /// The published version.
    pub published: PublishedReport,
    /// Its region on the top page (the Japanese edition's, so editions stay together).
    pub region: String,
    /// Its page, relative to the site root.
    pub page: String,
    /// Its PDF, relative to the site root.
    pub pdf_path: String,
    /// The PDF's size in bytes.
    pub pdf_size: usize,
    /// The rendered body.
    pub body_html: String,
    /// The summary (概要) section, ranked among the site's other reports.
    pub summary_html: String,
}

/// What [`build`] made.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SiteSummary {
    /// The site folder.
    pub dir: PathBuf,
    /// Ids of the reports on the site.
    pub reports: Vec<String>,
    /// Files written.
    pub files: usize,
    /// Typesetting warnings and reports left out.
    pub warnings: Vec<String>,
}

/// Regions in the order the top page shows them; others follow alphabetically. The app's
/// overview (ui/src/lib/overview.ts) orders its cards by the same list.
pub const REGION_ORDER: &[&str] = &[
    "東南アジア",
    "南アジア",
    "東アジア",
    "中東",
    "アフリカ",
    "北米",
    "中南米",
    "欧州",
    "オセアニア",
];

fn region_rank(region: &str) -> (usize, String) {
    let at = REGION_ORDER
        .iter()
        .position(|r| *r == region)
        .unwrap_or(REGION_ORDER.len());
    (at, region.to_string())
}

/// Builds the site of `library`'s published reports into `out` (see the module
/// documentation). `out` must be missing, empty or an earlier Kuni site; it is replaced as a
/// whole only once the new site is complete, so a failure or a cancel leaves it as it was.
pub fn build(
    library: &Library,
    out: &Path,
    opts: &ExportOptions,
    on_progress: OnProgress<'_>,
    cancel: &AtomicBool,
) -> Result<SiteSummary> {
    build_with(library, out, opts, None, on_progress, cancel)
}

/// [`build`] with the site's public address, for canonical links,
/// OpenGraph, absolute feed links and the sitemap.
pub fn build_with(
    library: &Library,
    out: &Path,
    opts: &ExportOptions,
    base: Option<&BaseUrl>,
    on_progress: OnProgress<'_>,
    cancel: &AtomicBool,
) -> Result<SiteSummary> {
    let base = base.map(BaseUrl::as_str);
    check_output(out)?;
    let (published, mut warnings) = published_reports(library)?;
    let total = published.len() + 1;
    let pdfs = typeset(&published, opts, on_progress, total, cancel)?;
    let mut with_pdfs = Vec::new();
    for (p, pdf) in published.into_iter().zip(pdfs) {
        warnings.extend(pdf.warnings.iter().map(|w| format!("{}: {w}", p.report.id)));
        with_pdfs.push((p, pdf.bytes));
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }
    on_progress(&Progress {
        done: total - 1,
        total,
        message: "writing the pages".into(),
    });
    let (files, ids) = assemble(with_pdfs, base);
    write_site(out, &files, cancel)?;
    on_progress(&Progress {
        done: total,
        total,
        message: "site written".into(),
    });
    Ok(SiteSummary {
        dir: out.to_path_buf(),
        reports: ids,
        files: files.len(),
        warnings,
    })
}

/// Every file of the site (path → bytes) for the published reports and their PDFs, and the
/// reports' ids in site order. Pure: no file is read but the reports' local images.
pub fn assemble(
    published: Vec<(PublishedReport, Vec<u8>)>,
    base: Option<&str>,
) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let ja_region: BTreeMap<String, String> = published
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.report.meta.language == Language::Ja)
        .map(|p| (p.report.meta.country.clone(), p.report.meta.region.clone()))
        .collect();
    let summaries: Vec<String> = {
        let peers: Vec<&crate::report::Report> = published.iter().map(|(p, _)| &p.report).collect();
        peers
            .iter()
            .map(|r| summary::section(&crate::summary::summary(r, &peers)))
            .collect()
    };
    let mut reports = Vec::new();
    for ((p, pdf), summary_html) in published.into_iter().zip(summaries) {
        let pdf_path = format!("pdf/{}", crate::pdf::file_name(&p.report));
        let body_html = without_remote_images(&crate::html::render(&p.report.doc));
        copy_local_images(&p, &body_html, &mut files);
        reports.push(SiteReport {
            region: ja_region
                .get(&p.report.meta.country)
                .cloned()
                .unwrap_or_else(|| p.report.meta.region.clone()),
            page: format!("reports/{}.html", p.report.id),
            pdf_path: pdf_path.clone(),
            pdf_size: pdf.len(),
            body_html,
            summary_html,
            published: p,
        });
        files.insert(pdf_path, pdf);
    }

    // Region → country → editions (Japanese first).
    let mut grouped: BTreeMap<(usize, String), BTreeMap<String, Vec<&SiteReport>>> = BTreeMap::new();
    for r in &reports {
        grouped
            .entry(region_rank(&r.region))
            .or_default()
            .entry(r.published.report.meta.country.clone())
            .or_default()
            .push(r);
    }
    for editions in grouped.values_mut().flat_map(|c| c.values_mut()) {
        editions.sort_by_key(|r| (r.published.report.meta.language, r.published.report.id.clone()));
    }
    let groups: Vec<(String, Vec<Vec<&SiteReport>>)> = grouped
        .into_iter()
        .map(|((_, region), countries)| (region, countries.into_values().collect()))
        .collect();
    files.insert("index.html".into(), pages::index(&groups, base).into_bytes());
    for (_, countries) in &groups {
        for editions in countries {
            for r in editions {
                files.insert(r.page.clone(), pages::report(r, editions, base).into_bytes());
            }
        }
    }
    let ordered: Vec<&SiteReport> = groups
        .iter()
        .flat_map(|(_, c)| c.iter().flatten().copied())
        .collect();
    let japanese: Vec<&SiteReport> = ordered
        .iter()
        .copied()
        .filter(|r| r.published.report.meta.language == Language::Ja)
        .collect();
    let matrix = crate::compare::matrix(&japanese.iter().map(|r| &r.published.report).collect::<Vec<_>>());
    let links: Vec<(String, String)> = japanese
        .iter()
        .map(|r| (r.published.report.id.clone(), r.page.clone()))
        .collect();
    files.insert(
        "compare.html".into(),
        pages::compare(&matrix, &links, base).into_bytes(),
    );
    files.insert("search.html".into(), pages::search(base).into_bytes());
    files.insert(
        "updates.html".into(),
        feeds::updates_page(&ordered, base).into_bytes(),
    );
    files.insert("feed.xml".into(), feeds::atom(&ordered, base).into_bytes());
    files.insert(
        "accessibility.html".into(),
        policy::page(feeds::site_date(&ordered), base).into_bytes(),
    );
    if let Some(base) = base {
        files.insert("sitemap.xml".into(), feeds::sitemap(&ordered, base).into_bytes());
        files.insert("robots.txt".into(), feeds::robots(base).into_bytes());
    }
    files.insert("assets/site.css".into(), STYLE.as_bytes().to_vec());
    files.insert("assets/search.js".into(), SEARCH_SCRIPT.as_bytes().to_vec());
    files.insert("assets/search-core.js".into(), SEARCH_CORE.as_bytes().to_vec());
    files.insert("assets/highlight.js".into(), HIGHLIGHT_SCRIPT.as_bytes().to_vec());
    for (path, text) in search_index::files(&ordered).into_iter().chain(server::configs()) {
        files.insert(path, text.into_bytes());
    }
    files.insert(
        MARKER.into(),
        b"This folder was made by `kuni site`; a rebuild replaces it.\n".to_vec(),
    );

    let ids = ordered.iter().map(|r| r.published.report.id.clone()).collect();
    (files, ids)
}

/// Writes files from [`assemble`] into `out` (missing, empty or an earlier site), replacing it
/// as a whole.
pub fn write(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    check_output(out)?;
    write_site(out, files, &AtomicBool::new(false))
}

/// `out` is missing, an empty folder, or an earlier site (it has the marker).
fn check_output(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let bad = |message: &str| Error::OutputFolder {
        path: out.to_path_buf(),
        message: message.to_string(),
    };
    if !out.is_dir() {
        return Err(bad("is not a folder"));
    }
    if out.join(MARKER).is_file() {
        return Ok(());
    }
    let empty = std::fs::read_dir(out)
        .map_err(Error::io("listing", out))?
        .next()
        .is_none();
    if empty {
        Ok(())
    } else {
        Err(bad(
            "holds files but is not a site made by kuni site; choose an empty or new folder",
        ))
    }
}

/// Writes every file into a new folder beside `out`, then swaps it in: readers of `out` (a web
/// server) see the old site or the new one, and a failure leaves the old one.
fn write_site(out: &Path, files: &BTreeMap<String, Vec<u8>>, cancel: &AtomicBool) -> Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.kuni-new-{pid}"));
    let old = parent.join(format!(".{name}.kuni-old-{pid}"));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| {
        for (rel, bytes) in files {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            let path = staging.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(Error::io("creating", dir))?;
            }
            write_atomic(&path, bytes)?;
        }
        if out.exists() {
            std::fs::rename(out, &old).map_err(Error::io("moving aside", out))?;
        }
        if let Err(e) = std::fs::rename(&staging, out) {
            let _ = std::fs::rename(&old, out);
            return Err(Error::io("replacing", out)(e));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Remote images become their description: the site loads nothing from elsewhere. (The
/// renderer escapes every attribute, so a tag ends at the first `>`.)
fn without_remote_images(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<img src=\"") {
        out.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..tag_end];
        let src = &tag["<img src=\"".len()..];
        let remote = src.starts_with("http:") || src.starts_with("https:") || src.starts_with("//");
        if remote {
            let alt = tag
                .split_once(" alt=\"")
                .and_then(|(_, a)| a.split_once('"'))
                .map_or("", |(a, _)| a);
            out.push_str(&format!("<span class=\"image-missing\">［{alt}］</span>"));
        } else {
            out.push_str(tag);
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// Copies the local images a report's page shows into the site, at the same path relative to
/// its page (`reports/`) as the image has to the report file. Only files inside the library.
fn copy_local_images(p: &PublishedReport, html: &str, files: &mut BTreeMap<String, Vec<u8>>) {
    let Some(dir) = p.report.path.parent() else { return };
    for part in html.split("<img src=\"").skip(1) {
        let Some((src, _)) = part.split_once('"') else {
            continue;
        };
        let src = src.replace("&amp;", "&");
        let rel = Path::new(&src);
        let plain = rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain {
            continue;
        }
        if let Ok(bytes) = std::fs::read(dir.join(rel)) {
            files.insert(format!("reports/{src}"), bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_app_orders_regions_as_the_site_does() {
        let ts = include_str!("../../ui/src/lib/overview.ts");
        let line = ts
            .lines()
            .find(|l| l.starts_with("const REGION_ORDER"))
            .expect("ui/src/lib/overview.ts declares REGION_ORDER");
        let quoted: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
        assert_eq!(quoted, super::REGION_ORDER);
    }
}
