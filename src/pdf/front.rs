//! The cover, the table of contents, and the running header and footer.

use super::fonts::Role;
use super::layout::{HeadingPos, Item, Layout, TOP};
use super::shape::Span;
use super::style::{self, ACCENT, Link, MUTED, RULE, SpanStyle};
use super::tags::{Mark, Role as Tag};

/// What the cover shows.
pub struct Cover {
    /// Report title.
    pub title: String,
    /// Country, e.g. "ベトナム（VN）".
    pub country: String,
    /// Lines of particulars: version, updated date, organisation, author.
    pub particulars: Vec<String>,
}

const LEFT: f32 = style::MARGIN_X;
const WIDTH: f32 = style::PAGE_W - 2.0 * style::MARGIN_X;

/// A line (or lines) of display text, as one `tag` element.
fn text(l: &mut Layout, s: &str, role: Role, size: f32, color: style::Rgb, lead: f32, tag: Tag) {
    let mut st = SpanStyle::new(role, size);
    st.color = color;
    let spans = vec![Span {
        text: s.to_string(),
        style: st,
    }];
    let lines = l.lines(&spans, WIDTH, false);
    l.begin(tag);
    l.place_lines(&lines, &spans, LEFT, lead);
    l.end();
}

/// A display line such as a title breaks at its spaces when it can ("ベトナム 医療機器・…市場 /
/// カントリーレポート"), not inside a word: spaces that start a new line become hard breaks.
fn break_at_spaces(l: &mut Layout, title: &str, role: Role, size: f32) -> String {
    let width_of = |l: &mut Layout, s: &str| {
        let spans = vec![Span {
            text: s.to_string(),
            style: SpanStyle::new(role, size),
        }];
        l.lines(&spans, f32::INFINITY, false)
            .first()
            .map_or(0.0, |ln| ln.width)
    };
    let mut lines: Vec<String> = Vec::new();
    for word in title.split([' ', '\u{3000}']).filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(last) if width_of(l, &format!("{last} {word}")) <= WIDTH => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

/// Draws the cover on the layout's (first, empty) page.
pub fn cover(l: &mut Layout, c: &Cover) {
    l.y = style::PAGE_H * 0.28;
    let bar_y = l.y - 18.0;
    l.page().items.push(Item::Rect {
        x: LEFT,
        y: bar_y,
        w: 48.0,
        h: 5.0,
        fill: Some(ACCENT),
        stroke: None,
    });
    text(l, &c.country, Role::Bold, 14.0, ACCENT, 24.0, Tag::P);
    l.y += 6.0;
    // The title is the document's first heading, H1 (the report's sections are H2).
    let title = break_at_spaces(l, &c.title, Role::Bold, 22.0);
    text(l, &title, Role::Bold, 22.0, style::INK, 34.0, Tag::H(1));
    l.y += 28.0;
    let y = l.y;
    l.rule(LEFT, y, WIDTH, RULE, 0.8);
    l.y += 14.0;
    for p in &c.particulars {
        text(l, p, Role::Sans, 11.0, style::INK, 20.0, Tag::P);
    }
}

/// How many TOC entries fit on a page.
pub fn toc_per_page() -> usize {
    (((super::layout::BOTTOM - TOP - 60.0) / TOC_LEAD).floor() as usize).max(1)
}

const TOC_LEAD: f32 = 19.0;

/// Draws the table of contents: `entries` with their final 1-based page numbers; each entry
/// is a link to its heading.
pub fn toc(l: &mut Layout, title: &str, entries: &[(HeadingPos, usize)]) {
    text(l, title, Role::Bold, 16.0, ACCENT, 26.0, Tag::H(2));
    let y = l.y + 2.0;
    l.rule(LEFT, y, WIDTH, ACCENT, 0.9);
    l.y += 14.0;
    let per_page = toc_per_page();
    l.begin(Tag::Toc);
    for (n, (h, page)) in entries.iter().enumerate() {
        if n > 0 && n % per_page == 0 {
            l.new_page();
        }
        let indent = if h.level <= 2 { 0.0 } else { 16.0 };
        let (role, size) = if h.level <= 2 {
            (Role::Bold, 10.5)
        } else {
            (Role::Sans, 10.0)
        };
        let num = page.to_string();
        let num_spans = vec![Span {
            text: num.clone(),
            style: SpanStyle::new(Role::Sans, size),
        }];
        let num_lines = l.lines(&num_spans, 60.0, false);
        let num_w = num_lines.first().map_or(0.0, |ln| ln.width);
        let title_w = WIDTH - indent - num_w - 24.0;
        let mut st = SpanStyle::new(role, size);
        st.link = Some(Link::Anchor(h.anchor.clone()));
        let spans = vec![Span {
            text: h.title.clone(),
            style: st,
        }];
        let lines = l.lines(&spans, title_w, false);
        let top = l.y;
        l.begin(Tag::Toci);
        if let Some(first) = lines.first() {
            l.draw_line(first, &spans, LEFT + indent, top, TOC_LEAD);
            // Dot leader from the title to the page number.
            let from = LEFT + indent + first.width + 6.0;
            let to = LEFT + WIDTH - num_w - 6.0;
            let dot_y = top + TOC_LEAD * 0.68;
            if to > from {
                l.rule(from, dot_y, to - from, RULE, 0.5);
            }
        }
        if let Some(nl) = num_lines.first() {
            l.draw_line(nl, &num_spans, LEFT + WIDTH - num_w, top, TOC_LEAD);
        }
        l.end();
        l.y += TOC_LEAD;
    }
    l.end();
}

/// Adds the running header (report title) and footer (page n / N) to every page but the cover.
pub fn header_footer(l: &mut Layout, title: &str) {
    let total = l.pages.len();
    let mut st = SpanStyle::new(Role::Sans, 8.0);
    st.color = MUTED;
    let header = vec![Span {
        text: title.to_string(),
        style: st.clone(),
    }];
    let header_lines = l.lines(&header, WIDTH, false);
    for p in 1..total {
        let foot = vec![Span {
            text: format!("{} / {}", p + 1, total),
            style: st.clone(),
        }];
        let foot_lines = l.lines(&foot, WIDTH, false);
        let saved = l.pages.len();
        // Draw onto page p by temporarily making it the last page.
        let tail = l.pages.split_off(p + 1);
        // Pagination artifacts: a screen reader reads the title once, not on every page.
        l.artifact = Some(Mark::Header);
        if let Some(line) = header_lines.first() {
            l.draw_line(line, &header, LEFT, TOP - 34.0, 12.0);
        }
        let hy = TOP - 18.0;
        l.rule(LEFT, hy, WIDTH, RULE, 0.5);
        l.artifact = Some(Mark::Footer);
        if let Some(line) = foot_lines.first() {
            let x = LEFT + (WIDTH - line.width) / 2.0;
            l.draw_line(line, &foot, x, super::layout::BOTTOM + 22.0, 12.0);
        }
        l.artifact = None;
        l.pages.extend(tail);
        debug_assert_eq!(saved, l.pages.len());
    }
}
