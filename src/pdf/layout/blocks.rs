//! Block layout: headings, paragraphs, lists, quotes and callouts, code, rules, images,
//! footnotes and the revision history.

use super::{HeadingPos, ImageData, Item, Layout, TOP};
use crate::doc::{Block, BlockKind, Document, Inline, inline_text};
use crate::pdf::fonts::Role;
use crate::pdf::shape::Span;
use crate::pdf::style::{self, ACCENT, CALLOUT_BAR, CALLOUT_FILL, CODE_FILL, INK, MUTED, RULE, SpanStyle};
use crate::pdf::tags::Role as Tag;
use crate::report::ChangeEntry;

/// Left edge and width of the text area.
pub const LEFT: f32 = style::MARGIN_X;
/// See [`LEFT`].
pub const WIDTH: f32 = style::PAGE_W - 2.0 * style::MARGIN_X;

/// Space between blocks.
const GAP: f32 = 6.0;
/// A list or quote never indents the text narrower than this.
const MIN_WIDTH: f32 = WIDTH * 0.45;

fn body_style() -> SpanStyle {
    SpanStyle::new(Role::Body, style::BODY_SIZE)
}

fn leading(size: f32) -> f32 {
    size * style::BODY_LEADING
}

/// Lays out a report body, its footnotes and its revision history.
pub fn layout_body(l: &mut Layout, doc: &Document, changelog: &[ChangeEntry], ja: bool) {
    for (n, f) in doc.footnotes.iter().enumerate() {
        l.notes.insert(f.label.clone(), n + 1);
    }
    // The body's own paragraphs are independent of where they land: shape and break them on
    // both cores first.
    let jobs: Vec<Vec<Span>> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph { content } if !matches!(content.as_slice(), [Inline::Image { .. }]) => {
                Some(super::spans(content, &body_style(), &l.notes))
            }
            _ => None,
        })
        .filter(|s| !s.is_empty())
        .collect();
    l.prepare(jobs, WIDTH, true);
    blocks(l, &doc.blocks, LEFT, WIDTH);
    if !doc.footnotes.is_empty() {
        heading(l, 3, if ja { "注" } else { "Notes" }, "kuni-notes", LEFT, WIDTH);
        for (n, f) in doc.footnotes.iter().enumerate() {
            let label = format!("{})", n + 1);
            l.begin(Tag::Note);
            marker_and_blocks(l, &label, &f.blocks, LEFT, WIDTH, 8.5, false);
            l.end();
        }
    }
    if !changelog.is_empty() {
        heading(
            l,
            2,
            if ja { "改訂履歴" } else { "Revision history" },
            "kuni-revisions",
            LEFT,
            WIDTH,
        );
        let head = if ja {
            ["版", "日付", "内容"]
        } else {
            ["Version", "Date", "Changes"]
        };
        let text = |s: String| vec![Inline::Text { text: s }];
        let rows: Vec<Vec<Vec<Inline>>> = changelog
            .iter()
            .map(|c| {
                vec![
                    text(format!("v{}", c.version)),
                    text(c.date.to_string()),
                    text(c.note.clone()),
                ]
            })
            .collect();
        let head: Vec<Vec<Inline>> = head.iter().map(|h| text(h.to_string())).collect();
        super::table::table(l, &head, &rows, LEFT, WIDTH);
    }
}

fn blocks(l: &mut Layout, list: &[Block], x: f32, width: f32) {
    for b in list {
        block(l, b, x, width);
    }
}

fn block(l: &mut Layout, b: &Block, x: f32, width: f32) {
    match &b.kind {
        BlockKind::Heading { level, id, content } => {
            let title = inline_text(content);
            heading(l, *level, &title, id, x, width);
        }
        BlockKind::Paragraph { content } => {
            if let [Inline::Image { url, alt, .. }] = content.as_slice() {
                image(l, url, alt, b.line, x, width);
            } else {
                paragraph(l, content, &body_style(), x, width, true);
            }
        }
        BlockKind::List { start, items } => {
            let list = l.begin(Tag::L);
            l.tree.nodes[list].numbering = Some(match (start, items.first().and_then(|i| i.task)) {
                (_, Some(_)) => "None",
                (Some(_), None) => "Decimal",
                (None, None) => "Disc",
            });
            for (n, item) in items.iter().enumerate() {
                let marker = match (start, item.task) {
                    (_, Some(true)) => "☑".to_string(),
                    (_, Some(false)) => "☐".to_string(),
                    (Some(s), None) => format!("{}.", s + n as u64),
                    (None, None) => "•".to_string(),
                };
                l.begin(Tag::LI);
                marker_and_blocks(l, &marker, &item.blocks, x, width, style::BODY_SIZE, true);
                l.end();
            }
            l.end();
            l.y += GAP * 0.5;
        }
        BlockKind::Quote {
            callout,
            blocks: inner,
        } => quote(l, callout.as_deref(), inner, x, width),
        BlockKind::Code { text, .. } => code(l, text, x, width),
        BlockKind::Table { head, rows, .. } => super::table::table(l, head, rows, x, width),
        BlockKind::Rule => {
            l.ensure(12.0);
            let y = l.y + 6.0;
            l.rule(x, y, width, RULE, 0.8);
            l.y += 12.0;
        }
        BlockKind::Html { .. } => l.warnings.push(format!(
            "line {}: raw HTML is not printed in the PDF (write it as Markdown to include it)",
            b.line
        )),
    }
}

/// A paragraph of inline content.
pub(super) fn paragraph(
    l: &mut Layout,
    content: &[Inline],
    st: &SpanStyle,
    x: f32,
    width: f32,
    justify: bool,
) {
    let spans = super::spans(content, st, &l.notes);
    if spans.is_empty() {
        return;
    }
    let lines = l.lines(&spans, width, justify);
    l.begin(Tag::P);
    l.place_lines(&lines, &spans, x, leading(st.size));
    l.end();
    l.y += GAP;
}

/// Headings are kept with the two lines that follow them.
pub(super) fn heading(l: &mut Layout, level: u8, title: &str, anchor: &str, x: f32, width: f32) {
    let (size, before, after, color) = match level {
        1 | 2 => (15.0, 16.0, 8.0, ACCENT),
        3 => (12.5, 12.0, 4.0, ACCENT),
        _ => (11.0, 8.0, 2.0, INK),
    };
    let mut st = SpanStyle::new(Role::Bold, size);
    st.color = color;
    let spans = vec![Span {
        text: title.to_string(),
        style: st,
    }];
    let lines = l.lines(&spans, width, false);
    let lead = size * 1.5;
    let height = before + lead * lines.len() as f32 + after;
    l.ensure(height + 2.0 * leading(style::BODY_SIZE));
    if l.y > TOP + 0.5 {
        l.y += before;
    }
    let page = l.pages.len() - 1;
    l.headings.push(HeadingPos {
        level,
        title: title.to_string(),
        anchor: anchor.to_string(),
        page,
        y: l.y,
    });
    l.begin(Tag::H(level));
    l.place_lines(&lines, &spans, x, lead);
    l.end();
    if level <= 2 {
        let y = l.y + 1.0;
        l.rule(x, y, width, ACCENT, 0.9);
        l.y += 3.0;
    }
    l.y += after;
}

/// A list item or footnote: a marker hanging left of its blocks. In a list the marker is the
/// item's Lbl and the blocks its LBody; in a footnote both are the Note's content.
fn marker_and_blocks(
    l: &mut Layout,
    marker: &str,
    inner: &[Block],
    x: f32,
    width: f32,
    size: f32,
    list: bool,
) {
    let indent = (size * 1.6).min((width - MIN_WIDTH).max(0.0));
    let mut st = SpanStyle::new(Role::Sans, size);
    st.color = MUTED;
    let spans = vec![Span {
        text: marker.to_string(),
        style: st,
    }];
    let lines = l.lines(&spans, indent.max(size * 3.0), false);
    // The marker goes on the first line of the first block. Room for two lines keeps the
    // paragraph's orphan control from moving that line away from its marker.
    l.ensure(2.0 * leading(size));
    if let Some(first) = lines.first() {
        let top = l.y;
        if list {
            l.begin(Tag::Lbl);
        }
        l.draw_line(first, &spans, x, top, leading(size));
        if list {
            l.end();
        }
    }
    let inner_x = x + indent;
    let inner_w = width - indent;
    if list {
        l.begin(Tag::LBody);
    }
    for b in inner {
        match &b.kind {
            BlockKind::Paragraph { content } => {
                let mut st = body_style();
                st.size = size;
                let spans = super::spans(content, &st, &l.notes);
                let lines = l.lines(&spans, inner_w, true);
                l.begin(Tag::P);
                l.place_lines(&lines, &spans, inner_x, leading(size));
                l.end();
                l.y += 2.0;
            }
            _ => block(l, b, inner_x, inner_w),
        }
    }
    if list {
        l.end();
    }
}

/// A block quote, or a callout box for `> [!留意]`.
fn quote(l: &mut Layout, callout: Option<&str>, inner: &[Block], x: f32, width: f32) {
    let pad = 10.0;
    let (fill, bar) = if callout.is_some() {
        (Some(CALLOUT_FILL), CALLOUT_BAR)
    } else {
        (None, RULE)
    };
    l.ensure(leading(style::BODY_SIZE) * 2.0 + 2.0 * pad);
    let start_page = l.pages.len() - 1;
    let start_y = l.y;
    l.y += pad * 0.6;
    l.begin(Tag::BlockQuote);
    if let Some(kind) = callout {
        let label = match kind {
            "留意" | "NOTE" | "注意" | "WARNING" => {
                if kind.is_ascii() {
                    "Note"
                } else {
                    kind
                }
            }
            other => other,
        };
        let mut st = SpanStyle::new(Role::Bold, 10.0);
        st.color = CALLOUT_BAR;
        let spans = vec![Span {
            text: label.to_string(),
            style: st,
        }];
        let lines = l.lines(&spans, width, false);
        l.place_lines(&lines, &spans, x + pad + 3.0, 16.0);
    }
    let inner_x = x + pad + 3.0;
    let inner_w = (width - 2.0 * pad - 3.0).max(MIN_WIDTH);
    blocks(l, inner, inner_x, inner_w);
    l.end();
    l.y += pad * 0.2;
    // One box per page the quote spans, behind its text.
    l.boxes_behind(start_page, start_y, x, width, fill, Some(bar));
    l.y += GAP;
}

/// A code block: monospace, lines kept, long lines wrapped, on a light background.
fn code(l: &mut Layout, text: &str, x: f32, width: f32) {
    let size = 8.8;
    let lead = size * 1.55;
    let pad = 6.0;
    let st = SpanStyle::new(Role::Mono, size);
    let spans = vec![Span {
        text: text.trim_end_matches('\n').to_string(),
        style: st,
    }];
    let lines = l.lines(&spans, width - 2.0 * pad, false);
    l.ensure(lead.min(l.room()) + 2.0 * pad);
    let start_page = l.pages.len() - 1;
    let start_y = l.y;
    l.y += pad;
    l.begin(Tag::Code);
    l.place_lines(&lines, &spans, x + pad, lead);
    l.end();
    l.y += pad;
    l.boxes_behind(start_page, start_y, x, width, Some(CODE_FILL), None);
    l.y += GAP;
}

/// An image from the report's folder, scaled to fit; a clear warning and its alt text when it
/// cannot be used.
fn image(l: &mut Layout, url: &str, alt: &str, line: usize, x: f32, width: f32) {
    let fallback = |l: &mut Layout, why: String| {
        l.warnings.push(format!(
            "line {line}: image {url}: {why}; its description is printed instead"
        ));
        let mut st = SpanStyle::new(Role::Sans, 9.0);
        st.color = MUTED;
        let text = vec![Inline::Text {
            text: format!("［画像: {alt}］"),
        }];
        paragraph(l, &text, &st, x, width, false);
    };
    if url.contains("://") {
        return fallback(l, "only images in the report's folder are printed".to_string());
    }
    let path = l.base_dir.join(url);
    let Ok(real) = path.canonicalize() else {
        return fallback(l, "the file does not exist".to_string());
    };
    if !l.base_dir.canonicalize().is_ok_and(|b| real.starts_with(b)) {
        return fallback(l, "the file is outside the report's folder".to_string());
    }
    let bytes = match std::fs::read(&real) {
        Ok(b) => b,
        Err(e) => return fallback(l, format!("cannot be read ({e})")),
    };
    let Some((w, h)) = image_size(&bytes) else {
        return fallback(l, "not a PNG or JPEG image".to_string());
    };
    // 96 dpi nominal size, never wider than the text or taller than half the page.
    let mut dw = (w as f32 * 0.75).min(width);
    let mut dh = dw * h as f32 / w.max(1) as f32;
    let max_h = (super::BOTTOM - TOP) * 0.5;
    if dh > max_h {
        dh = max_h;
        dw = dh * w as f32 / h.max(1) as f32;
    }
    l.ensure(dh + GAP);
    let index = l.images.len();
    l.images.push(ImageData { bytes });
    let top = l.y;
    // An image the report describes is a Figure with that description; one without
    // (`kuni check` warns about it) is treated as decoration.
    let alt = alt.trim();
    let mark = if alt.is_empty() {
        super::Mark::Artifact
    } else {
        let figure = l.begin(Tag::Figure);
        l.tree.nodes[figure].alt = Some(alt.to_string());
        let mark = l.image_mark();
        l.end();
        mark
    };
    l.page().items.push(Item::Image {
        x,
        y: top,
        w: dw,
        h: dh,
        index,
        mark,
    });
    l.y += dh + GAP;
}

/// Pixel size of a PNG or JPEG, read from its header.
pub(crate) fn image_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.len() > 24 {
        let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
        return Some((w, h));
    }
    if b.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 9 < b.len() {
            if b[i] != 0xFF {
                return None;
            }
            let marker = b[i + 1];
            let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
            if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
                let h = u16::from_be_bytes([b[i + 5], b[i + 6]]) as u32;
                let w = u16::from_be_bytes([b[i + 7], b[i + 8]]) as u32;
                return Some((w, h));
            }
            i += 2 + len;
        }
    }
    None
}
