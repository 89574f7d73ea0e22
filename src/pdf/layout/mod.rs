//! Layout: the document model → pages of positioned items.
//!
//! Coordinates here are points from the page's top-left corner; the writer flips them.
//! `items.rs` holds what a layout produces (glyphs, items, pages), `mod.rs` the page cursor and paragraph placement (with widow/orphan control),
//! `blocks.rs` each kind of block, `table.rs` tables, `inline.rs` inline runs → spans.

mod blocks;
mod chart;
mod inline;
mod items;
mod summary;
mod table;

pub use blocks::layout_body;
pub use inline::spans;
pub use items::{GlyphOut, HeadingPos, ImageData, Item, Page};
pub use summary::summary_page;

use super::fonts::Fonts;
use super::linebreak::{Line, break_lines};
use super::shape::{Span, shape};
use super::style::{self, Link, Rgb, SpanStyle};
use super::tags::{Kid, Mark, Role, Tree};
use std::collections::HashMap;

/// The laid-out pages of one part of a document.
pub struct Layout<'f> {
    pub(super) fonts: &'f Fonts<'f>,
    /// The pages.
    pub pages: Vec<Page>,
    /// Headings in order.
    pub headings: Vec<HeadingPos>,
    /// Images referenced by [`Item::Image`].
    pub images: Vec<ImageData>,
    /// Warnings for the user.
    pub warnings: Vec<String>,
    /// Characters no font has.
    pub missing: Vec<char>,
    /// Cursor from the top of the current page.
    pub(super) y: f32,
    /// Footnote label → number.
    pub(super) notes: HashMap<String, usize>,
    /// The folder of the report, for images.
    pub(super) base_dir: std::path::PathBuf,
    /// The structure elements drawn so far (tagged PDF).
    pub tree: Tree,
    /// Open elements; the last one receives what is drawn.
    pub(super) open: Vec<usize>,
    /// When set, everything drawn is this artifact (running header, repeated table header).
    pub(super) artifact: Option<Mark>,
    /// The inline element (link, footnote reference) the last run went into, so that a link
    /// broken over two lines stays one Link element: (parent, role, target, element).
    inline: Option<(usize, Role, Option<Link>, usize)>,
    /// Paragraphs shaped and broken ahead of time on other cores, taken in order.
    ahead: std::collections::VecDeque<Ahead>,
}

/// A paragraph's lines computed ahead (see [`Layout::prepare`]).
struct Ahead {
    spans: Vec<Span>,
    width: f32,
    justify: bool,
    lines: Vec<Line>,
}

/// Top and bottom of the text area.
pub const TOP: f32 = style::MARGIN_TOP;
/// See [`TOP`].
pub const BOTTOM: f32 = style::PAGE_H - style::MARGIN_BOTTOM;

impl<'f> Layout<'f> {
    /// An empty layout with one page.
    pub fn new(fonts: &'f Fonts<'f>, base_dir: std::path::PathBuf) -> Self {
        Layout {
            fonts,
            pages: vec![Page::default()],
            headings: Vec::new(),
            images: Vec::new(),
            warnings: Vec::new(),
            missing: Vec::new(),
            y: TOP,
            notes: HashMap::new(),
            base_dir,
            tree: Tree::default(),
            open: vec![0],
            artifact: None,
            inline: None,
            ahead: std::collections::VecDeque::new(),
        }
    }

    /// Shapes and breaks independent paragraphs (`jobs`, in the order the layout will ask
    /// for them) on two cores ahead of the page layout, which is sequential; [`Self::lines`]
    /// then takes them instead of computing them again. Nothing changes but the time.
    pub(super) fn prepare(&mut self, jobs: Vec<Vec<Span>>, width: f32, justify: bool) {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores < 2 || jobs.len() < 16 {
            return;
        }
        // Two halves of about the same amount of text.
        let total: usize = jobs.iter().flatten().map(|s| s.text.len()).sum();
        let mut acc = 0;
        let split = jobs
            .iter()
            .position(|j| {
                acc += j.iter().map(|s| s.text.len()).sum::<usize>();
                acc * 2 >= total
            })
            .map_or(jobs.len() / 2, |i| i + 1);
        let mut first = jobs;
        let second = first.split_off(split.min(first.len()));
        let fonts = self.fonts;
        let work = move |chunk: Vec<Vec<Span>>| {
            let mut missing = Vec::new();
            let done: Vec<Ahead> = chunk
                .into_iter()
                .map(|spans| {
                    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
                    let glyphs = shape(fonts, &spans, &mut missing);
                    let lines = break_lines(&text, &glyphs, width, justify);
                    Ahead {
                        spans,
                        width,
                        justify,
                        lines,
                    }
                })
                .collect();
            (done, missing)
        };
        let ((a, mut ma), (b, mut mb)) = std::thread::scope(|s| {
            let other = s.spawn(move || work(second));
            let mine = work(first);
            (
                mine,
                other.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            )
        });
        for c in ma.drain(..).chain(mb.drain(..)) {
            if !self.missing.contains(&c) {
                self.missing.push(c);
            }
        }
        self.ahead.extend(a);
        self.ahead.extend(b);
    }

    /// Opens a new structure element as the last child of the current one.
    pub fn begin(&mut self, role: Role) -> usize {
        let id = self.tree.add(role, self.current());
        self.open.push(id);
        self.inline = None;
        id
    }

    /// Re-opens an element made earlier (a table cell continued on the next page).
    pub(super) fn enter(&mut self, id: usize) {
        self.open.push(id);
        self.inline = None;
    }

    /// Closes the current element.
    pub fn end(&mut self) {
        if self.open.len() > 1 {
            self.open.pop();
        }
        self.inline = None;
    }

    /// The element receiving content.
    pub(super) fn current(&self) -> usize {
        self.open.last().copied().unwrap_or(0)
    }

    /// The mark for content drawn now in `style` with `text`: the current element, or an
    /// inline Link or Reference inside it; records the run in the element's children.
    fn content_mark(&mut self, st: &SpanStyle, text: &str, lang: Option<&'static str>) -> Mark {
        if let Some(a) = self.artifact {
            return a;
        }
        let parent = self.current();
        let role = if st.link.is_some() {
            Some(Role::Link)
        } else if st.superscript {
            Some(Role::Reference)
        } else {
            None
        };
        // Text in a face for another language (simplified Chinese in a Japanese paragraph)
        // is its own Span with /Lang, so a screen reader switches voice for it.
        if role.is_none()
            && let Some(lang) = lang
        {
            let n = self.tree.add(Role::Span, parent);
            self.tree.nodes[n].lang = Some(lang.to_string());
            self.tree.nodes[n].kids.push(Kid::Content);
            return Mark::Node(n);
        }
        let node = match role {
            None => parent,
            Some(role) => match &self.inline {
                Some((p, r, target, n))
                    if *p == parent
                        && *r == role
                        && *target == st.link
                        && self.tree.nodes[parent].kids.last() == Some(&Kid::Node(*n)) =>
                {
                    *n
                }
                _ => {
                    let n = self.tree.add(role, parent);
                    self.inline = Some((parent, role, st.link.clone(), n));
                    n
                }
            },
        };
        let n = &mut self.tree.nodes[node];
        n.kids.push(Kid::Content);
        if n.role == Role::Link {
            n.text.push_str(text);
        }
        Mark::Node(node)
    }

    /// Marks a link annotation drawn now for `node`'s element.
    fn annot_mark(&mut self, content: Mark) -> Mark {
        if let Mark::Node(n) = content {
            self.tree.nodes[n].kids.push(Kid::Annot);
        }
        content
    }

    /// Draws an image as content of the current element (or an artifact).
    pub(super) fn image_mark(&mut self) -> Mark {
        if let Some(a) = self.artifact {
            return a;
        }
        let node = self.current();
        self.tree.nodes[node].kids.push(Kid::Content);
        Mark::Node(node)
    }

    pub(super) fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a layout always has a page")
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    /// A horizontal rule on the current page at top-down `y`.
    pub fn rule(&mut self, x: f32, y: f32, width: f32, color: Rgb, thickness: f32) {
        self.page().items.push(Item::Line {
            x1: x,
            y1: y,
            x2: x + width,
            y2: y,
            color,
            width: thickness,
        });
    }

    /// Boxes behind a block that started at (`start_page`, `start_y`) and ends at the cursor:
    /// one rectangle per page it spans, each `fill`ed, with an optional bar at its left edge.
    pub(super) fn boxes_behind(
        &mut self,
        start_page: usize,
        start_y: f32,
        x: f32,
        width: f32,
        fill: Option<Rgb>,
        bar: Option<Rgb>,
    ) {
        let end_page = self.pages.len() - 1;
        for p in start_page..=end_page {
            let top = if p == start_page { start_y } else { TOP };
            let bottom = if p == end_page { self.y } else { BOTTOM };
            let page = &mut self.pages[p];
            if let Some(fill) = fill {
                page.back.push(Item::Rect {
                    x,
                    y: top,
                    w: width,
                    h: bottom - top,
                    fill: Some(fill),
                    stroke: None,
                });
            }
            if let Some(bar) = bar {
                page.back.push(Item::Rect {
                    x,
                    y: top,
                    w: 3.0,
                    h: bottom - top,
                    fill: Some(bar),
                    stroke: None,
                });
            }
        }
    }

    /// Space left on the page.
    pub(super) fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Makes sure `h` points fit, starting a new page if not (unless the page is empty).
    pub(super) fn ensure(&mut self, h: f32) {
        if self.y + h > BOTTOM && self.y > TOP + 0.5 {
            self.new_page();
        }
    }

    /// Shapes and breaks `spans` into lines of `width`.
    pub(super) fn lines(&mut self, spans: &[Span], width: f32, justify: bool) -> Vec<Line> {
        // A paragraph prepared ahead: the next few are looked at, in case one was not asked
        // for (those before a match never will be).
        if let Some(pos) = self
            .ahead
            .iter()
            .take(4)
            .position(|a| a.width == width && a.justify == justify && a.spans == spans)
        {
            self.ahead.drain(..pos);
            if let Some(a) = self.ahead.pop_front() {
                return a.lines;
            }
        }
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        let glyphs = shape(self.fonts, spans, &mut self.missing);
        break_lines(&text, &glyphs, width, justify)
    }

    /// Places lines at `x`, each `leading` tall, breaking pages as needed without leaving a
    /// single line of the paragraph alone at the bottom or top of a page.
    pub(super) fn place_lines(&mut self, lines: &[Line], spans: &[Span], x: f32, leading: f32) {
        let n = lines.len();
        let mut i = 0;
        while i < n {
            let fit = ((self.room() + 0.01) / leading).floor().max(0.0) as usize;
            let remaining = n - i;
            let mut take = fit.min(remaining);
            if take < remaining {
                // Orphan: one line alone at the bottom → move it on. Widow: one line alone on
                // the next page → take one line fewer here.
                if take == 1 && remaining > 1 && self.y > TOP + 0.5 {
                    take = 0;
                } else if remaining - take == 1 && take >= 3 {
                    take -= 1;
                }
            }
            if take == 0 {
                if self.y > TOP + 0.5 {
                    self.new_page();
                    continue;
                }
                take = 1; // a line taller than the page: place it anyway
            }
            for line in &lines[i..i + take] {
                self.draw_line(line, spans, x, self.y, leading);
                self.y += leading;
            }
            i += take;
            if i < n {
                self.new_page();
            }
        }
    }

    /// Emits one line's glyphs at top `y`, grouped into runs of one font and style.
    pub(super) fn draw_line(&mut self, line: &Line, spans: &[Span], x: f32, y: f32, leading: f32) {
        let Some(first) = line.glyphs.first() else { return };
        let main_size = spans
            .get(first.glyph.span)
            .map_or(style::BODY_SIZE, |s| s.style.size);
        let baseline = y + (leading - main_size) / 2.0 + main_size * 0.86;
        let mut run_start = 0;
        let mut last_link: Option<usize> = None;
        let glyphs = &line.glyphs;
        while run_start < glyphs.len() {
            let key = (glyphs[run_start].glyph.font, glyphs[run_start].glyph.span);
            let mut end = run_start + 1;
            while end < glyphs.len() && (glyphs[end].glyph.font, glyphs[end].glyph.span) == key {
                end += 1;
            }
            let st: &SpanStyle = &spans[key.1].style;
            let x0 = x + glyphs[run_start].x;
            let run_end_x = x + glyphs[end - 1].x + glyphs[end - 1].glyph.advance;
            let rise = if st.superscript { main_size * 0.4 } else { 0.0 };
            let out: Vec<GlyphOut> = glyphs[run_start..end]
                .iter()
                .enumerate()
                .map(|(i, p)| GlyphOut {
                    gid: p.glyph.gid,
                    x: p.x - glyphs[run_start].x + p.glyph.dx,
                    dy: p.glyph.dy,
                    text: p.glyph.text.clone(),
                    substitute: p.glyph.substitute,
                    joins: p.glyph.space_after > 0.0 && run_start + i + 1 < glyphs.len(),
                })
                .collect();
            let color = st.color;
            let text: String = out.iter().map(|g| g.text.as_str()).collect();
            let lang = self.fonts.faces[key.0].lang;
            let mark = self.content_mark(st, &text, lang);
            let slant = st.slant && !is_japanese_run(&out);
            let page = self.page();
            page.items.push(Item::Glyphs {
                x: x0,
                baseline: baseline - rise,
                font: key.0,
                size: st.size,
                color,
                slant,
                glyphs: out,
                mark,
            });
            if st.strike {
                let mid = baseline - st.size * 0.32;
                page.items.push(Item::Line {
                    x1: x0,
                    y1: mid,
                    x2: run_end_x,
                    y2: mid,
                    color,
                    width: 0.6,
                });
            }
            if let Some(target) = &st.link {
                // Runs of one link on one line (Japanese and Latin faces) share one
                // annotation: its rectangle grows.
                let page = self.pages.last_mut().expect("a layout always has a page");
                let grown = last_link.and_then(|i| page.items.get_mut(i)).is_some_and(|item| {
                    if let Item::Link {
                        w,
                        target: t,
                        mark: m,
                        x: lx,
                        ..
                    } = item
                        && t == target
                        && *m == mark
                    {
                        *w = run_end_x - *lx;
                        true
                    } else {
                        false
                    }
                });
                if !grown {
                    let target = target.clone();
                    let mark = self.annot_mark(mark);
                    let page = self.page();
                    last_link = Some(page.items.len());
                    page.items.push(Item::Link {
                        x: x0,
                        y,
                        w: run_end_x - x0,
                        h: leading,
                        target,
                        mark,
                    });
                }
            } else {
                last_link = None;
            }
            run_start = end;
        }
    }
}

/// Japanese text is never slanted (there is no Japanese italic); only Latin runs are.
fn is_japanese_run(glyphs: &[GlyphOut]) -> bool {
    glyphs
        .iter()
        .flat_map(|g| g.text.chars())
        .any(|c| matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xFF00..=0xFF60))
}
