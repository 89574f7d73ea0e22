//! Footnotes as Word footnotes: the first reference to a label creates the note (its blocks
//! written in the Footnote Text style), so Word numbers them in reading order and places them
//! at the foot of the page. A second reference to the same note repeats its number as a
//! superscript, since a Word footnote has exactly one reference mark.

use super::body::Ctx;
use super::writer::{RunStyle, Writer};
use super::xml::{esc, root};
use crate::doc::{Block, BlockKind};

impl Writer<'_> {
    /// A reference to the footnote `label`.
    pub fn footnote_reference(&mut self, label: &str) {
        if let Some(id) = self.note_ids.get(label) {
            let n = *id;
            self.out.push_str(&format!(
                "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:t>{n}</w:t></w:r>"
            ));
            return;
        }
        let Some(note) = self.doc.footnotes.iter().find(|f| f.label == label) else {
            // The parser only makes references to defined notes; keep the label visible anyway.
            self.out.push_str(&format!(
                "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:t>[{}]</w:t></w:r>",
                esc(label)
            ));
            return;
        };
        if self.in_note {
            // A reference inside a footnote's own text: Word has no notes in notes.
            self.out.push_str(&format!(
                "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:t>[{}]</w:t></w:r>",
                esc(label)
            ));
            return;
        }
        let id = self.note_ids.len() as u32 + 1;
        self.note_ids.insert(label.to_string(), id);
        self.out.push_str(&format!(
            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
        ));
        // Write the note's blocks into the footnotes part instead of the body.
        let body = std::mem::take(&mut self.out);
        self.in_note = true;
        let blocks: &[Block] = &note.blocks;
        self.note_blocks(id, blocks);
        self.in_note = false;
        let note_xml = std::mem::replace(&mut self.out, body);
        self.footnote_xml.push_str(&note_xml);
    }

    fn note_blocks(&mut self, id: u32, blocks: &[Block]) {
        self.out.push_str(&format!("<w:footnote w:id=\"{id}\">"));
        let mark = "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>";
        let ctx = Ctx {
            style: Some("FootnoteText"),
            ..Ctx::default()
        };
        match blocks.split_first() {
            Some((first, rest)) if matches!(first.kind, BlockKind::Paragraph { .. }) => {
                if let BlockKind::Paragraph { content } = &first.kind {
                    self.out
                        .push_str("<w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr>");
                    self.out.push_str(mark);
                    self.inlines(content, &RunStyle::default());
                    self.out.push_str("</w:p>");
                }
                self.blocks(rest, &ctx);
            }
            _ => {
                self.out
                    .push_str("<w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr>");
                self.out.push_str(mark);
                self.out.push_str("</w:p>");
                self.blocks(blocks, &ctx);
            }
        }
        self.out.push_str("</w:footnote>");
    }
}

/// The footnotes part: Word's separator and continuation separator, then the notes.
pub fn part(notes: &str) -> String {
    format!(
        "{}<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>",
        root("footnotes")
    )
}
