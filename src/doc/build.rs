//! Markdown events → [`Document`].
//!
//! The builder is a loop over parser events with an explicit stack of open containers, never
//! recursion, so a hostile report with thousands of nested lists or quotes cannot overflow the
//! stack. Containers nested deeper than [`MAX_NESTING`] are flattened into their parent (the
//! text is kept) and the document says so.

use super::lines::LineIndex;
use super::slug::{Slugs, slug};
use super::*;
use crate::markdown;
use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// How deep lists, quotes and inline markup may nest before deeper levels are flattened.
pub const MAX_NESTING: usize = 32;

/// Parses a report body. `first_line` is the file line the body starts on, so positions in
/// the document are file positions.
pub fn build(body: &str, first_line: usize) -> Document {
    let lines = LineIndex::new(body, first_line);
    let mut b = Builder {
        stack: vec![Frame::Blocks(Container::Root, Vec::new())],
        footnotes: Vec::new(),
        slugs: Slugs::default(),
        ignored: 0,
        truncated: false,
    };
    for (event, range) in markdown::parser(body).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(tag) => b.start(tag, lines.at(range.start), line),
            Event::End(tag) => b.end(tag),
            Event::Text(t) => b.text(&t, line),
            Event::Code(t) => b.inline(
                Inline::Code {
                    text: t.into_string(),
                },
                line,
            ),
            Event::InlineMath(t) | Event::DisplayMath(t) => b.text(&t, line),
            Event::Html(h) => b.html(&h, line),
            Event::InlineHtml(h) => b.inline(
                Inline::Html {
                    html: h.into_string(),
                },
                line,
            ),
            Event::FootnoteReference(l) => b.inline(
                Inline::FootnoteRef {
                    label: l.into_string(),
                },
                line,
            ),
            Event::SoftBreak => b.inline(Inline::SoftBreak, line),
            Event::HardBreak => b.inline(Inline::HardBreak, line),
            Event::Rule => b.block(Block {
                line,
                kind: BlockKind::Rule,
            }),
            Event::TaskListMarker(checked) => b.task(checked),
        }
    }
    b.finish()
}

#[derive(Debug)]
enum Container {
    Root,
    Quote { line: usize },
    Item { task: Option<bool> },
    Footnote { label: String },
}

#[derive(Debug)]
enum SpanKind {
    Emphasis,
    Strong,
    Strike,
    Link {
        url: String,
        title: String,
        at: Location,
    },
}

#[derive(Debug)]
enum Frame {
    Blocks(Container, Vec<Block>),
    List {
        line: usize,
        start: Option<u64>,
        items: Vec<ListItem>,
    },
    /// A paragraph; `implicit` for the text of a tight list item, which has no paragraph tags.
    Para {
        line: usize,
        implicit: bool,
        content: Vec<Inline>,
    },
    Heading {
        line: usize,
        level: u8,
        id: Option<String>,
        content: Vec<Inline>,
    },
    Span(SpanKind, Vec<Inline>),
    Image {
        url: String,
        title: String,
        alt: String,
        at: Location,
    },
    Table {
        line: usize,
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Row(Vec<Vec<Inline>>),
    Cell(Vec<Inline>),
    Code {
        line: usize,
        lang: Option<String>,
        text: String,
    },
    Html {
        line: usize,
        html: String,
    },
}

struct Builder {
    stack: Vec<Frame>,
    footnotes: Vec<Footnote>,
    slugs: Slugs,
    /// Container starts skipped because of the nesting limit, whose ends must be skipped too.
    ignored: usize,
    truncated: bool,
}

fn is_nesting(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
    )
}

fn is_nesting_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
    )
}

impl Builder {
    fn nesting(&self) -> usize {
        self.stack
            .iter()
            .filter(|f| {
                matches!(
                    f,
                    Frame::Blocks(Container::Quote { .. } | Container::Item { .. }, _)
                        | Frame::List { .. }
                        | Frame::Span(..)
                )
            })
            .count()
    }

    fn start(&mut self, tag: Tag, at: Location, line: usize) {
        if is_nesting(&tag) && (self.ignored > 0 || self.nesting() >= MAX_NESTING) {
            self.ignored += 1;
            self.truncated = true;
            return;
        }
        // Inline markup can open a tight list item's text, before any text event: the item's
        // implicit paragraph must exist first, or the markup would have nowhere to go.
        if matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ) && matches!(self.stack.last(), Some(Frame::Blocks(..)))
        {
            self.stack.push(Frame::Para {
                line,
                implicit: true,
                content: Vec::new(),
            });
        }
        let frame = match tag {
            Tag::Paragraph => {
                self.close_implicit_para();
                Frame::Para {
                    line,
                    implicit: false,
                    content: Vec::new(),
                }
            }
            Tag::Heading { level, id, .. } => {
                self.close_implicit_para();
                Frame::Heading {
                    line,
                    level: level as u8,
                    id: id.map(|i| i.into_string()),
                    content: Vec::new(),
                }
            }
            Tag::BlockQuote(_) => {
                self.close_implicit_para();
                Frame::Blocks(Container::Quote { line }, Vec::new())
            }
            Tag::CodeBlock(kind) => {
                self.close_implicit_para();
                let lang = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => {
                        let lang = info.split_whitespace().next().unwrap_or("").to_string();
                        (!lang.is_empty()).then_some(lang)
                    }
                    pulldown_cmark::CodeBlockKind::Indented => None,
                };
                Frame::Code {
                    line,
                    lang,
                    text: String::new(),
                }
            }
            Tag::HtmlBlock => {
                self.close_implicit_para();
                Frame::Html {
                    line,
                    html: String::new(),
                }
            }
            Tag::List(start) => {
                self.close_implicit_para();
                Frame::List {
                    line,
                    start,
                    items: Vec::new(),
                }
            }
            Tag::Item => Frame::Blocks(Container::Item { task: None }, Vec::new()),
            Tag::FootnoteDefinition(label) => {
                self.close_implicit_para();
                Frame::Blocks(
                    Container::Footnote {
                        label: label.into_string(),
                    },
                    Vec::new(),
                )
            }
            Tag::Table(aligns) => {
                self.close_implicit_para();
                let align = aligns
                    .into_iter()
                    .map(|a| match a {
                        Alignment::None => Align::None,
                        Alignment::Left => Align::Left,
                        Alignment::Center => Align::Center,
                        Alignment::Right => Align::Right,
                    })
                    .collect();
                Frame::Table {
                    line,
                    align,
                    head: Vec::new(),
                    rows: Vec::new(),
                }
            }
            Tag::TableHead | Tag::TableRow => Frame::Row(Vec::new()),
            Tag::TableCell => Frame::Cell(Vec::new()),
            Tag::Emphasis => Frame::Span(SpanKind::Emphasis, Vec::new()),
            Tag::Strong => Frame::Span(SpanKind::Strong, Vec::new()),
            Tag::Strikethrough => Frame::Span(SpanKind::Strike, Vec::new()),
            Tag::Link { dest_url, title, .. } => Frame::Span(
                SpanKind::Link {
                    url: dest_url.into_string(),
                    title: title.into_string(),
                    at,
                },
                Vec::new(),
            ),
            Tag::Image { dest_url, title, .. } => Frame::Image {
                url: dest_url.into_string(),
                title: title.into_string(),
                alt: String::new(),
                at,
            },
            // Not enabled by `markdown::options`; treat as transparent if they ever appear.
            Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => return,
        };
        self.stack.push(frame);
    }

    fn end(&mut self, tag: TagEnd) {
        if is_nesting_end(&tag) && self.ignored > 0 {
            self.ignored -= 1;
            return;
        }
        if matches!(
            tag,
            TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::MetadataBlock(_)
        ) {
            return;
        }
        if matches!(
            tag,
            TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition
        ) {
            self.close_implicit_para();
        }
        let Some(frame) = self.stack.pop() else { return };
        match frame {
            Frame::Para { line, content, .. } => self.block(Block {
                line,
                kind: BlockKind::Paragraph { content },
            }),
            Frame::Heading {
                line,
                level,
                id,
                content,
            } => {
                let wanted = id.unwrap_or_else(|| slug(&inline_text(&content)));
                let id = self.slugs.unique(wanted);
                self.block(Block {
                    line,
                    kind: BlockKind::Heading { level, id, content },
                })
            }
            Frame::Blocks(Container::Quote { line }, blocks) => {
                let (callout, blocks) = take_callout(blocks);
                self.block(Block {
                    line,
                    kind: BlockKind::Quote { callout, blocks },
                })
            }
            Frame::Blocks(Container::Item { task }, blocks) => {
                if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                    items.push(ListItem { task, blocks });
                }
            }
            Frame::Blocks(Container::Footnote { label }, blocks) => {
                self.footnotes.push(Footnote { label, blocks })
            }
            Frame::Blocks(Container::Root, blocks) => self.stack.push(Frame::Blocks(Container::Root, blocks)),
            Frame::List { line, start, items } => self.block(Block {
                line,
                kind: BlockKind::List { start, items },
            }),
            Frame::Code { line, lang, text } => self.block(Block {
                line,
                kind: BlockKind::Code { lang, text },
            }),
            Frame::Html { line, html } => self.block(Block {
                line,
                kind: BlockKind::Html { html },
            }),
            Frame::Table {
                line,
                align,
                head,
                rows,
            } => self.block(Block {
                line,
                kind: BlockKind::Table { align, head, rows },
            }),
            Frame::Row(cells) => {
                if let Some(Frame::Table { head, rows, .. }) = self.stack.last_mut() {
                    if matches!(tag, TagEnd::TableHead) {
                        *head = cells;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            Frame::Cell(content) => {
                if let Some(Frame::Row(cells)) = self.stack.last_mut() {
                    cells.push(content);
                }
            }
            Frame::Span(kind, content) => {
                let inline = match kind {
                    SpanKind::Emphasis => Inline::Emphasis { content },
                    SpanKind::Strong => Inline::Strong { content },
                    SpanKind::Strike => Inline::Strike { content },
                    SpanKind::Link { url, title, at } => Inline::Link {
                        url,
                        title,
                        content,
                        at,
                    },
                };
                self.push_inline(inline);
            }
            Frame::Image { url, title, alt, at } => self.push_inline(Inline::Image { url, title, alt, at }),
        }
    }

    fn text(&mut self, text: &str, line: usize) {
        match self.stack.last_mut() {
            Some(Frame::Code { text: code, .. }) => code.push_str(text),
            Some(Frame::Html { html, .. }) => html.push_str(text),
            Some(Frame::Image { alt, .. }) => alt.push_str(text),
            _ => self.inline(
                Inline::Text {
                    text: text.to_string(),
                },
                line,
            ),
        }
    }

    fn html(&mut self, html: &str, line: usize) {
        match self.stack.last_mut() {
            Some(Frame::Html { html: block, .. }) => block.push_str(html),
            _ => self.inline(
                Inline::Html {
                    html: html.to_string(),
                },
                line,
            ),
        }
    }

    /// Adds an inline, opening an implicit paragraph where text appears directly in a block
    /// container (the items of a tight list have no paragraph tags).
    fn inline(&mut self, inline: Inline, line: usize) {
        if let Some(Frame::Image { alt, .. }) = self.stack.last_mut() {
            if let Inline::Code { text } = &inline {
                alt.push_str(text);
            }
            return;
        }
        if matches!(self.stack.last(), Some(Frame::Blocks(..) | Frame::List { .. })) {
            self.stack.push(Frame::Para {
                line,
                implicit: true,
                content: Vec::new(),
            });
        }
        self.push_inline(inline);
    }

    /// Appends to the innermost inline container (see [`Builder::inline`] for implicit paragraphs).
    fn push_inline(&mut self, inline: Inline) {
        if let Inline::Text { text } = &inline
            && let Some(Frame::Image { alt, .. }) = self.stack.last_mut()
        {
            alt.push_str(text);
            return;
        }
        let target = match self.stack.last_mut() {
            Some(Frame::Para { content, .. })
            | Some(Frame::Heading { content, .. })
            | Some(Frame::Span(_, content))
            | Some(Frame::Cell(content)) => content,
            _ => return,
        };
        // Merge adjacent text so consumers see whole runs (the parser splits at brackets etc.).
        if let (Inline::Text { text }, Some(Inline::Text { text: prev })) = (&inline, target.last_mut()) {
            prev.push_str(text);
        } else {
            target.push(inline);
        }
    }

    fn close_implicit_para(&mut self) {
        if let Some(Frame::Para { implicit: true, .. }) = self.stack.last()
            && let Some(Frame::Para { line, content, .. }) = self.stack.pop()
        {
            self.block(Block {
                line,
                kind: BlockKind::Paragraph { content },
            });
        }
    }

    fn task(&mut self, checked: bool) {
        if let Some(Frame::Blocks(Container::Item { task }, _)) = self.stack.last_mut() {
            *task = Some(checked);
        }
    }

    fn block(&mut self, block: Block) {
        self.close_implicit_para();
        if let Some(Frame::Blocks(_, blocks)) = self.stack.last_mut() {
            blocks.push(block);
        }
    }

    fn finish(mut self) -> Document {
        // Close anything left open (the parser always balances, but stay total).
        while self.stack.len() > 1 {
            let frame_end = match self.stack.last() {
                Some(Frame::Para { .. }) => TagEnd::Paragraph,
                Some(Frame::List { .. }) => TagEnd::List(false),
                Some(Frame::Blocks(Container::Item { .. }, _)) => TagEnd::Item,
                Some(Frame::Blocks(Container::Quote { .. }, _)) => TagEnd::BlockQuote(None),
                Some(Frame::Blocks(Container::Footnote { .. }, _)) => TagEnd::FootnoteDefinition,
                Some(Frame::Code { .. }) => TagEnd::CodeBlock,
                Some(Frame::Html { .. }) => TagEnd::HtmlBlock,
                Some(Frame::Table { .. }) => TagEnd::Table,
                Some(Frame::Row(_)) => TagEnd::TableRow,
                Some(Frame::Cell(_)) => TagEnd::TableCell,
                Some(Frame::Span(..)) => TagEnd::Emphasis,
                Some(Frame::Image { .. }) => TagEnd::Image,
                Some(Frame::Heading { .. }) | Some(Frame::Blocks(Container::Root, _)) | None => break,
            };
            self.ignored = 0;
            self.end(frame_end);
        }
        let blocks = match self.stack.pop() {
            Some(Frame::Blocks(_, blocks)) => blocks,
            _ => Vec::new(),
        };
        Document {
            blocks,
            footnotes: self.footnotes,
            nesting_truncated: self.truncated,
        }
    }
}

/// A quote whose first paragraph starts with `[!KIND]` is a callout box of that kind.
fn take_callout(mut blocks: Vec<Block>) -> (Option<String>, Vec<Block>) {
    let Some(Block {
        kind: BlockKind::Paragraph { content },
        ..
    }) = blocks.first_mut()
    else {
        return (None, blocks);
    };
    let Some(Inline::Text { text }) = content.first_mut() else {
        return (None, blocks);
    };
    let Some(rest) = text.strip_prefix("[!") else {
        return (None, blocks);
    };
    let Some(close) = rest.find(']') else {
        return (None, blocks);
    };
    let kind = rest[..close].trim().to_string();
    if kind.is_empty() || kind.chars().count() > 16 {
        return (None, blocks);
    }
    *text = rest[close + 1..].trim_start().to_string();
    if text.is_empty() {
        content.remove(0);
        if matches!(content.first(), Some(Inline::SoftBreak | Inline::HardBreak)) {
            content.remove(0);
        }
    }
    if content.is_empty() {
        blocks.remove(0);
    }
    (Some(kind), blocks)
}
