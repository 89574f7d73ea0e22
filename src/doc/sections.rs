//! A document cut at its headings, as a book's search sees it: each section is one heading
//! and the blocks up to the next heading, with the path of headings above it.

use super::{Block, BlockKind, Document, inline_text, plain_text};
use serde::Serialize;

/// One heading's section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Heading level (1–6); 0 for text before the first heading.
    pub level: u8,
    /// The heading's anchor ("" before the first heading).
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Titles of the enclosing headings, outermost first, ending with this one.
    pub path: Vec<String>,
    /// File line of the heading.
    pub line: usize,
    /// Plain text of the section's own blocks (not its subsections).
    pub text: String,
}

/// Splits `doc` at every heading. Footnotes are not part of any section.
pub fn sections(doc: &Document) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut path: Vec<(u8, String)> = Vec::new();
    let mut pending: Vec<Block> = Vec::new();
    let mut current = Section {
        level: 0,
        id: String::new(),
        title: String::new(),
        path: Vec::new(),
        line: 1,
        text: String::new(),
    };
    let flush = |current: &mut Section, pending: &mut Vec<Block>, out: &mut Vec<Section>| {
        let text = plain_text(&Document {
            blocks: std::mem::take(pending),
            ..Default::default()
        });
        if current.level > 0 || !text.trim().is_empty() {
            current.text = text;
            out.push(current.clone());
        }
    };
    for block in &doc.blocks {
        if let BlockKind::Heading { level, id, content } = &block.kind {
            flush(&mut current, &mut pending, &mut out);
            let title = inline_text(content);
            path.retain(|(l, _)| l < level);
            path.push((*level, title.clone()));
            current = Section {
                level: *level,
                id: id.clone(),
                title,
                path: path.iter().map(|(_, t)| t.clone()).collect(),
                line: block.line,
                text: String::new(),
            };
        } else {
            pending.push(block.clone());
        }
    }
    flush(&mut current, &mut pending, &mut out);
    out
}
