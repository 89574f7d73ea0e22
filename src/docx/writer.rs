//! The state of one .docx export: one [`Writer`] collects the body text and everything the
//! other parts need (relationships, pictures, footnotes, list instances, warnings), and
//! [`RunStyle`] is the formatting a run is written with. Below `body.rs`, `inline.rs`,
//! `table.rs`, `image.rs`, `notes.rs` and `front.rs`, which each add their part to the writer.

use super::numbering::ListDef;
use super::package::Rel;
use crate::doc::Document;
use std::collections::HashMap;
use std::path::PathBuf;

/// The state of one export.
pub struct Writer<'a> {
    /// The body's XML so far (the content of `w:body`).
    pub out: String,
    /// Japanese edition.
    pub ja: bool,
    /// The report's folder, for images.
    pub base_dir: PathBuf,
    /// Relationships of the document part beyond the fixed ones (links, pictures).
    pub rels: Vec<Rel>,
    /// Pictures: file name in `word/media/` and bytes.
    pub media: Vec<(String, Vec<u8>)>,
    /// Numbering instances, one per list.
    pub lists: Vec<ListDef>,
    /// Footnote elements written so far (ids from 1).
    pub footnote_xml: String,
    /// Footnote label → its Word id, once referenced.
    pub note_ids: HashMap<String, u32>,
    /// Heading anchor → bookmark name.
    pub bookmarks: HashMap<String, String>,
    /// Things the user should know.
    pub warnings: Vec<String>,
    pub(super) doc: &'a Document,
    pub(super) in_note: bool,
    pub(super) next_bookmark_id: u32,
    pub(super) next_drawing: u32,
    external: HashMap<String, String>,
}

impl<'a> Writer<'a> {
    /// A writer for `doc`; headings get their bookmark names at once, so the contents written
    /// before the body can link to them.
    pub fn new(doc: &'a Document, base_dir: PathBuf, ja: bool) -> Self {
        let mut w = Writer {
            out: String::new(),
            ja,
            base_dir,
            rels: Vec::new(),
            media: Vec::new(),
            lists: Vec::new(),
            footnote_xml: String::new(),
            note_ids: HashMap::new(),
            bookmarks: HashMap::new(),
            warnings: Vec::new(),
            doc,
            in_note: false,
            next_bookmark_id: 0,
            next_drawing: 1,
            external: HashMap::new(),
        };
        for h in doc.headings() {
            w.bookmark_for(&h.id);
        }
        w
    }

    /// The bookmark name of a heading anchor (assigned in document order). Word limits
    /// bookmark names to 40 ASCII-safe characters, so anchors (which may be Japanese) are not
    /// used directly; the leading `_Toc` hides them from Word's bookmark list, as Word's own.
    pub fn bookmark_for(&mut self, anchor: &str) -> String {
        let n = self.bookmarks.len() + 1;
        self.bookmarks
            .entry(anchor.to_string())
            .or_insert_with(|| format!("_Toc{n:08}"))
            .clone()
    }

    /// The relationship id of an external link target (one per distinct address).
    pub fn external_rel(&mut self, url: &str) -> String {
        if let Some(id) = self.external.get(url) {
            return id.clone();
        }
        let id = format!("rIdLink{}", self.external.len() + 1);
        self.rels.push(Rel {
            id: id.clone(),
            kind: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
            target: url.to_string(),
            external: true,
        });
        self.external.insert(url.to_string(), id.clone());
        id
    }
}

/// Formatting that applies to a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunStyle {
    /// Inside `**…**`.
    pub strong: bool,
    /// Inside `*…*`.
    pub emphasis: bool,
    /// Inside `~~…~~`.
    pub strike: bool,
    /// Inside a hyperlink.
    pub link: bool,
}
