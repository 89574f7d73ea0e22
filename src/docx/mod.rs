//! The editable original: a report as a Word document (.docx), from the same document model
//! as the PDF, the HTML and search.
//!
//! `body.rs` walks the blocks (headings with bookmarks, paragraphs, lists, quotes and
//! callouts, code), `inline.rs` the runs (emphasis, code, links, footnote references),
//! `table.rs` tables (column widths from content, a repeated header row), `image.rs` the
//! embedded pictures, `notes.rs` Word footnotes, `front.rs` the cover, the table of contents
//! field, the running header and footer and the page set-up, `styles.rs` the paragraph styles
//! (Word's built-in Heading 1–6, Title, …), settings and fonts, `numbering.rs` the list
//! definitions, and `package.rs` the zip container with its relationships and properties.
//!
//! The WordprocessingML is written here rather than through docx-rs, which was evaluated
//! first (0.4.22): it numbers footnotes, hyperlinks, pictures and TOC bookmarks from
//! process-wide counters, so the same report exported twice (or two reports exported in
//! parallel) gives different bytes, which `kuni verify` and the manifest cannot accept; it
//! has no `w:tblHeader` (header rows repeated on each page), no public setter for the core
//! properties' title or keywords, and stamps zip entries with the build time. Each of these
//! is one of the requirements, so the parts are small text templates and the zip
//! container comes from the `zip` crate with a fixed timestamp.

mod body;
mod front;
mod image;
mod inline;
mod notes;
mod numbering;
mod package;
mod styles;
mod table;
mod writer;
mod xml;

use crate::error::{Error, Result};
use crate::pdf::ExportOptions;
use crate::report::{Language, Report};

/// A finished .docx.
#[derive(Debug)]
pub struct Exported {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Things the user should know (missing images, tables too wide for Word, …).
    pub warnings: Vec<String>,
}

/// The document properties, the same as the PDF's information dictionary.
#[derive(Debug, Clone, PartialEq)]
pub struct Properties {
    /// The report's title.
    pub title: String,
    /// Country and kind of report.
    pub subject: String,
    /// The configured author, else the report's authors.
    pub author: String,
    /// Country code, region and subject words.
    pub keywords: Vec<String>,
    /// Creation and modification time, seconds since the Unix epoch.
    pub timestamp: i64,
    /// `ja-JP` or `en-US`.
    pub language: &'static str,
    /// The report's version.
    pub revision: u32,
}

impl Properties {
    /// The properties of `report` exported with `opts` (the same rules as `pdf::export`).
    pub fn of(report: &Report, opts: &ExportOptions) -> Self {
        let meta = &report.meta;
        let about = crate::pdf::Particulars::of(report, opts);
        Properties {
            title: about.title,
            subject: about.subject,
            author: about.author,
            keywords: about.keywords,
            timestamp: about.timestamp,
            language: if meta.language == Language::Ja {
                "ja-JP"
            } else {
                "en-US"
            },
            revision: meta.version,
        }
    }
}

/// Writes `report` as a .docx. Problems in the content (a missing image, a table wider than
/// Word allows) become warnings; the document is written anyway.
pub fn export(report: &Report, opts: &ExportOptions) -> Result<Exported> {
    let props = Properties::of(report, opts);
    let ja = report.meta.language == Language::Ja;
    let base_dir = report
        .path
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let fonts = styles::Fonts::from_config(&opts.fonts);
    let mut w = writer::Writer::new(&report.doc, base_dir, ja);
    let cover = front::Cover::of(report, opts);
    front::cover(&mut w, &cover);
    front::contents(&mut w, &report.doc, &report.meta.changelog);
    w.blocks(&report.doc.blocks, &body::Ctx::default());
    w.unreferenced_footnotes();
    front::revision_history(&mut w, &report.meta.changelog);
    let parts = package::Parts {
        document: front::document(&mut w),
        header: front::header(&props.title),
        footer: front::footer(),
        styles: styles::styles(&fonts, props.language),
        settings: styles::settings(props.language),
        font_table: styles::font_table(&fonts),
        numbering: numbering::numbering(&w.lists),
        footnotes: notes::part(&w.footnote_xml),
        rels: w.rels.clone(),
        media: std::mem::take(&mut w.media),
    };
    let bytes = package::zip(&parts, &props).map_err(|message| Error::Docx {
        id: report.id.clone(),
        message,
    })?;
    Ok(Exported {
        bytes,
        warnings: w.warnings,
    })
}

/// The file name of a report's .docx: the PDF deliverable's name with `.docx`.
pub fn file_name(r: &Report) -> String {
    let pdf = crate::pdf::file_name(r);
    format!("{}.docx", pdf.strip_suffix(".pdf").unwrap_or(&pdf))
}
