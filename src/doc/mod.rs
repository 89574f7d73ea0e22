//! The document model: a report body as blocks and inline runs.
//!
//! Built once from the shared Markdown parser (`build.rs`) and consumed by every output:
//! the HTML preview and site, the PDF layout and the search index. Positions are kept
//! (block lines, link locations) so problems and the editor's preview can point at the source.

mod build;
mod lines;
mod sections;
mod slug;

pub use build::{MAX_NESTING, build};
pub use sections::{Section, sections};
pub use slug::{Slugs, slug};

use crate::problem::Location;
use serde::Serialize;

/// A parsed report body.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Document {
    /// The body's blocks in order.
    pub blocks: Vec<Block>,
    /// Footnote definitions, in the order they are defined.
    pub footnotes: Vec<Footnote>,
    /// True when containers nested deeper than [`MAX_NESTING`] were flattened.
    pub nesting_truncated: bool,
}

/// A block and the file line it starts on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// 1-based line in the report file.
    pub line: usize,
    /// What the block is.
    pub kind: BlockKind,
}

/// Column alignment of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Not specified (left for text).
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

/// The kinds of block a report can contain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    /// `#`…`######`, with a unique anchor (explicit `{#id}` or derived from the text).
    Heading {
        /// 1 to 6.
        level: u8,
        /// The anchor, unique in the document.
        id: String,
        /// The heading's text and markup.
        content: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph {
        /// Its text and markup.
        content: Vec<Inline>,
    },
    /// An ordered (`start` is the first number) or bullet list.
    List {
        /// First number of an ordered list; `None` for bullets.
        start: Option<u64>,
        /// The items.
        items: Vec<ListItem>,
    },
    /// A block quote; `callout` is set for `> [!留意]`/`> [!NOTE]`-style boxes.
    Quote {
        /// The callout kind, e.g. `留意` or `NOTE`, without brackets.
        callout: Option<String>,
        /// The quoted blocks (the callout marker removed).
        blocks: Vec<Block>,
    },
    /// A fenced or indented code block.
    Code {
        /// The fence's info string (language), if any.
        lang: Option<String>,
        /// The code, verbatim.
        text: String,
    },
    /// A table.
    Table {
        /// Alignment per column.
        align: Vec<Align>,
        /// Header cells.
        head: Vec<Vec<Inline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A thematic break (`---`).
    Rule,
    /// Raw HTML, kept verbatim; HTML outputs sanitise it, the PDF leaves it out.
    Html {
        /// The raw HTML.
        html: String,
    },
}

/// One list item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListItem {
    /// `Some(checked)` for a task-list item (`- [x]`).
    pub task: Option<bool>,
    /// The item's blocks (a tight item's text is one paragraph).
    pub blocks: Vec<Block>,
}

/// A footnote definition `[^label]: …`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Footnote {
    /// The label, as written.
    pub label: String,
    /// The footnote's blocks.
    pub blocks: Vec<Block>,
}

/// Inline runs inside paragraphs, headings and table cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// `code`
    Code {
        /// The code.
        text: String,
    },
    /// *emphasis*
    Emphasis {
        /// What is emphasised.
        content: Vec<Inline>,
    },
    /// **strong**
    Strong {
        /// What is strong.
        content: Vec<Inline>,
    },
    /// ~~struck~~
    Strike {
        /// What is struck through.
        content: Vec<Inline>,
    },
    /// A link; internal ones start with `#`.
    Link {
        /// The destination as written.
        url: String,
        /// The optional title.
        title: String,
        /// The link text.
        content: Vec<Inline>,
        /// Where the link is in the file.
        at: Location,
    },
    /// An image.
    Image {
        /// The path or URL as written.
        url: String,
        /// The optional title.
        title: String,
        /// The alternative text.
        alt: String,
        /// Where the image is in the file.
        at: Location,
    },
    /// A reference to a footnote.
    FootnoteRef {
        /// The footnote's label.
        label: String,
    },
    /// A line break inside a paragraph that renders as a space (or nothing between Japanese characters).
    SoftBreak,
    /// A forced line break.
    HardBreak,
    /// Inline raw HTML.
    Html {
        /// The raw HTML.
        html: String,
    },
}

impl Document {
    /// Every heading with its level, anchor, text and line, in order.
    pub fn headings(&self) -> Vec<Heading> {
        let mut out = Vec::new();
        walk_blocks(&self.blocks, &mut |b| {
            if let BlockKind::Heading { level, id, content } = &b.kind {
                out.push(Heading {
                    level: *level,
                    id: id.clone(),
                    text: inline_text(content),
                    line: b.line,
                });
            }
        });
        out
    }

    /// Every link in the body and footnotes, in order.
    pub fn links(&self) -> Vec<(&str, Location)> {
        let mut blocks: Vec<&Block> = Vec::new();
        walk_blocks(&self.blocks, &mut |b| blocks.push(b));
        for f in &self.footnotes {
            walk_blocks(&f.blocks, &mut |b| blocks.push(b));
        }
        let mut out = Vec::new();
        for b in blocks {
            for_each_inline_list(b, &mut |inlines| collect_links(inlines, &mut out));
        }
        out
    }
}

/// A heading as listed by [`Document::headings`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The unique anchor.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
    /// The file line.
    pub line: usize,
}

/// Calls `f` on every block, depth first, in document order.
pub fn walk_blocks<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        match &b.kind {
            BlockKind::List { items, .. } => {
                for item in items {
                    walk_blocks(&item.blocks, f);
                }
            }
            BlockKind::Quote { blocks, .. } => walk_blocks(blocks, f),
            _ => {}
        }
    }
}

/// Calls `f` on each run of inlines held directly by `block` (its text, or each table cell).
pub fn for_each_inline_list<'a>(block: &'a Block, f: &mut impl FnMut(&'a [Inline])) {
    match &block.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => f(content),
        BlockKind::Table { head, rows, .. } => {
            head.iter().for_each(|c| f(c));
            rows.iter().flatten().for_each(|c| f(c));
        }
        _ => {}
    }
}

fn collect_links<'a>(inlines: &'a [Inline], out: &mut Vec<(&'a str, Location)>) {
    for i in inlines {
        match i {
            Inline::Link { url, content, at, .. } => {
                out.push((url.as_str(), *at));
                collect_links(content, out);
            }
            Inline::Emphasis { content } | Inline::Strong { content } | Inline::Strike { content } => {
                collect_links(content, out)
            }
            _ => {}
        }
    }
}

/// The plain text of inline runs: markup dropped, soft breaks as spaces, images as their alt text.
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inline_text(inlines, &mut out);
    out
}

fn push_inline_text(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Link { content, .. } => push_inline_text(content, out),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::FootnoteRef { .. } | Inline::Html { .. } => {}
        }
    }
}

/// The document's plain text, one line per paragraph, heading, list item paragraph and table
/// row (cells separated by tabs), code verbatim, footnotes last. Raw HTML is left out.
/// This is what search indexes and what a PDF's text layer must give back.
pub fn plain_text(doc: &Document) -> String {
    let mut out = String::new();
    push_blocks_text(&doc.blocks, &mut out);
    for f in &doc.footnotes {
        push_blocks_text(&f.blocks, &mut out);
    }
    out
}

fn push_blocks_text(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match &b.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
                push_inline_text(content, out);
                out.push('\n');
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    push_blocks_text(&item.blocks, out);
                }
            }
            BlockKind::Quote { blocks, .. } => push_blocks_text(blocks, out),
            BlockKind::Code { text, .. } => {
                out.push_str(text);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
            BlockKind::Table { head, rows, .. } => {
                for row in std::iter::once(head).chain(rows) {
                    let cells: Vec<String> = row.iter().map(|c| inline_text(c)).collect();
                    out.push_str(&cells.join("\t"));
                    out.push('\n');
                }
            }
            BlockKind::Rule | BlockKind::Html { .. } => {}
        }
    }
}
