//! One laid-out page → printpdf operations: marked-content sequences (one MCID per run of
//! one structure element), text objects with glyph ids and their source text, boxes, rules
//! and images; and the page's link annotations, which printpdf writes on the page object.

use super::layout::{GlyphOut, Item, Page};
use super::style::{Link, PAGE_H, Rgb};
use super::tags::{Mark, Placed, Tree, Written};
use printpdf::{
    Actions, BorderArray, Codepoint, Color, Destination, FontId, LinkAnnotation, Op, PaintMode,
    PdfFontHandle, Point, Pt, Rect, TextItem, TextMatrix, XObjectId, XObjectTransform,
};
use std::collections::{BTreeMap, HashMap};

/// Where internal links land: anchor → (1-based page, y from the top).
pub type Anchors = HashMap<String, (usize, f32)>;

/// Per font index: its subset.
pub type FontIds = HashMap<usize, Subset>;

/// One font's subset as the pages use it.
pub struct Subset {
    /// printpdf's id for it.
    pub id: FontId,
    /// Glyph ids of the full face → the subset's.
    pub remapper: subsetter::GlyphRemapper,
    /// The advance of each subset glyph (from its hmtx, which the viewer uses), in em.
    pub advances: Vec<f32>,
}

/// What the operations of every page refer to.
pub struct Refs<'a> {
    /// Each face's printpdf id and subset numbering.
    pub font_ids: FontIds,
    /// Each image's printpdf id and width in pixels (None: not decoded, left out).
    pub image_ids: Vec<Option<(XObjectId, u32)>>,
    /// Where internal links land.
    pub anchors: &'a Anchors,
    /// The structure tree (for the roles of marked content).
    pub tree: &'a Tree,
}

/// The content of page `p` (0-based in the whole document); records in `written` where
/// each structure element's content and annotations went.
pub fn page_ops(refs: &Refs, page: &Page, p: usize, written: &mut Written) -> Vec<Op> {
    let Refs {
        font_ids,
        image_ids,
        anchors,
        tree,
    } = refs;
    let (anchors, tree) = (*anchors, *tree);
    let mut ops = Vec::new();
    let mut marks = PageMarks::default();
    let all: Vec<&Item> = page.back.iter().chain(&page.items).collect();
    let mut i = 0;
    while i < all.len() {
        let item = all[i];
        i += 1;
        // Consecutive runs of one mark are one text object (links drawn between them are
        // annotations, not content).
        if let Item::Glyphs { mark, .. } = item {
            let mut group = vec![item];
            let mut links = Vec::new();
            while let Some(next) = all.get(i) {
                match next {
                    Item::Glyphs { mark: m, .. } if m == mark => group.push(next),
                    Item::Link { .. } => links.push(*next),
                    _ => break,
                }
                i += 1;
            }
            let mcid = marks.open(*mark, tree, &mut ops);
            if let (Mark::Node(n), Some(mcid)) = (mark, mcid) {
                let placed = written.content.entry(*n).or_default();
                placed.extend(std::iter::repeat_n(Placed::Mcid(p, mcid), group.len()));
            }
            emit_text(&group, font_ids, &mut ops);
            for link in links {
                marks.link(link, p, anchors, written);
            }
            continue;
        }
        match item {
            Item::Link { .. } => {
                marks.link(item, p, anchors, written);
                continue;
            }
            Item::Glyphs { mark, .. } | Item::Image { mark, .. } | Item::Drawn { mark, .. } => {
                let mcid = marks.open(*mark, tree, &mut ops);
                if let (Mark::Node(n), Some(mcid)) = (mark, mcid) {
                    written.content.entry(*n).or_default().push(Placed::Mcid(p, mcid));
                }
            }
            Item::Rect { .. } | Item::Line { .. } => {
                marks.open(Mark::Artifact, tree, &mut ops);
            }
        }
        emit(item, font_ids, image_ids, &mut ops);
    }
    marks.close(&mut ops);
    written.mcids.push(marks.elements);
    ops
}

/// The page's link annotations, in the order `page_ops` counts them (a link to an anchor
/// that is not in the document is left out there and here).
pub fn link_ops(page: &Page, anchors: &Anchors) -> Vec<Op> {
    page.back
        .iter()
        .chain(&page.items)
        .filter_map(|item| link_op(item, anchors))
        .collect()
}

/// A link to an anchor the document does not have is not drawn.
fn drawn(target: &Link, anchors: &Anchors) -> bool {
    match target {
        Link::Uri(_) => true,
        Link::Anchor(a) => anchors.contains_key(a),
    }
}

fn link_op(item: &Item, anchors: &Anchors) -> Option<Op> {
    let Item::Link {
        x, y, w, h, target, ..
    } = item
    else {
        return None;
    };
    let actions = match target {
        Link::Uri(uri) => Actions::uri(uri.clone()),
        Link::Anchor(a) => {
            let (page, top) = anchors.get(a)?;
            Actions::go_to(Destination::Xyz {
                page: *page,
                left: Some(0.0),
                top: Some(flip(*top)),
                zoom: None,
            })
        }
    };
    let rect = Rect {
        x: Pt(*x),
        y: Pt(flip(y + h)),
        width: Pt(*w),
        height: Pt(*h),
        mode: None,
        winding_order: None,
    };
    Some(Op::LinkAnnotation {
        link: LinkAnnotation::new(
            rect,
            actions,
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            None,
            None,
        ),
    })
}

/// The marked-content state of one page's content stream: consecutive items with the same
/// mark share one sequence (one MCID), so a line of one paragraph costs one BDC, not one
/// per run; nothing is drawn outside a sequence.
#[derive(Default)]
struct PageMarks {
    current: Option<Mark>,
    mcid: Option<i64>,
    /// The element of each MCID, in order.
    elements: Vec<usize>,
    /// Link annotations written so far.
    annots: usize,
}

impl PageMarks {
    /// Makes `mark` the open sequence; returns its MCID for content.
    fn open(&mut self, mark: Mark, tree: &Tree, ops: &mut Vec<Op>) -> Option<i64> {
        if self.current == Some(mark) {
            return self.mcid;
        }
        self.close(ops);
        self.current = Some(mark);
        self.mcid = None;
        match mark {
            Mark::Node(n) => {
                let mcid = self.elements.len() as i64;
                self.elements.push(n);
                self.mcid = Some(mcid);
                let role = tree.nodes.get(n).map_or("Span", |e| e.role.name());
                let map = BTreeMap::from([("MCID".to_string(), printpdf::DictItem::Int(mcid))]);
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: role.to_string(),
                    properties: printpdf::DictItem::Dict { map },
                });
            }
            Mark::Artifact => ops.push(Op::BeginMarkedContent {
                tag: "Artifact".into(),
            }),
            Mark::Header | Mark::Footer => {
                let name = |s: &str| printpdf::DictItem::Name(s.as_bytes().to_vec());
                let sub = if mark == Mark::Header { "Header" } else { "Footer" };
                let map = BTreeMap::from([
                    ("Type".to_string(), name("Pagination")),
                    ("Subtype".to_string(), name(sub)),
                ]);
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: "Artifact".into(),
                    properties: printpdf::DictItem::Dict { map },
                });
            }
        }
        self.mcid
    }

    /// Records where link `item`'s annotation goes (its index among the page's drawn links).
    fn link(&mut self, item: &Item, p: usize, anchors: &Anchors, written: &mut Written) {
        if let Item::Link { target, mark, .. } = item {
            let drawn = drawn(target, anchors);
            if let Mark::Node(n) = mark {
                let placed = if drawn {
                    Placed::Annot(p, self.annots)
                } else {
                    Placed::Dropped
                };
                written.annots.entry(*n).or_default().push(placed);
            }
            self.annots += usize::from(drawn);
        }
    }

    fn close(&mut self, ops: &mut Vec<Op>) {
        if self.current.take().is_some() {
            ops.push(Op::EndMarkedContent);
        }
        self.mcid = None;
    }
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

/// `v` to a hundredth of a point (0.0035 mm, far below what print or screen can show): the
/// positions then print short, and deflate better.
fn hundredth(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// PDF y (from the bottom) of a top-down y.
fn flip(y: f32) -> f32 {
    PAGE_H - y
}

fn emit(item: &Item, fonts: &FontIds, images: &[Option<(XObjectId, u32)>], ops: &mut Vec<Op>) {
    match item {
        Item::Glyphs { .. } => emit_text(&[item], fonts, ops),
        Item::Drawn { item, .. } => emit(item, fonts, images, ops),
        Item::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => {
            if let Some(f) = fill {
                ops.push(Op::SetFillColor { col: color(*f) });
            }
            if let Some((s, width)) = stroke {
                ops.push(Op::SetOutlineColor { col: color(*s) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
            }
            let mode = match (fill, stroke) {
                (Some(_), Some(_)) => PaintMode::FillStroke,
                (None, Some(_)) => PaintMode::Stroke,
                _ => PaintMode::Fill,
            };
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(*x),
                    y: Pt(flip(y + h)),
                    width: Pt(*w),
                    height: Pt(*h),
                    mode: Some(mode),
                    winding_order: None,
                },
            });
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            color: c,
            width,
        } => {
            ops.push(Op::SetOutlineColor { col: color(*c) });
            ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
            ops.push(Op::DrawLine {
                line: printpdf::Line {
                    points: vec![
                        printpdf::LinePoint {
                            p: Point {
                                x: Pt(*x1),
                                y: Pt(flip(*y1)),
                            },
                            bezier: false,
                        },
                        printpdf::LinePoint {
                            p: Point {
                                x: Pt(*x2),
                                y: Pt(flip(*y2)),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }
        // Links are annotations, not content: `link_op` makes them for the page object.
        Item::Link { .. } => {}
        Item::Image {
            x, y, w, h, index, ..
        } => {
            let Some(Some((id, px))) = images.get(*index) else {
                return;
            };
            ops.push(Op::UseXobject {
                id: id.clone(),
                transform: XObjectTransform {
                    translate_x: Some(Pt(*x)),
                    translate_y: Some(Pt(flip(y + h))),
                    dpi: Some(*px as f32 * 72.0 / w.max(1.0)),
                    ..Default::default()
                },
            });
        }
    }
}

/// One span's text as a PDF text string (UTF-16BE with a byte-order mark).
fn actual_text(text: &str) -> Op {
    let mut data = vec![0xFE, 0xFF];
    data.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let map = BTreeMap::from([(
        "ActualText".to_string(),
        printpdf::DictItem::String { data, literal: false },
    )]);
    Op::BeginMarkedContentWithProperties {
        tag: "Span".into(),
        properties: printpdf::DictItem::Dict { map },
    }
}

/// Glyph runs of one mark, drawn as one text object. Runs are positioned pieces of glyphs;
/// two kinds get spans whose /ActualText says what they stand for:
/// - a stand-in (〓) for a character no font has: the real character;
/// - glyphs across a Japanese–Latin quarter em (`joins`): their own text, so that text
///   extraction, which reads any gap wider than about 0.1 em as a word space, gives back the
///   source's characters without an invented space (`2023年5月`, not `2023 年 5 月`).
fn emit_text(group: &[&Item], fonts: &FontIds, ops: &mut Vec<Op>) {
    // Every glyph of the group with its run.
    let mut flat: Vec<(usize, usize)> = Vec::new();
    for (r, item) in group.iter().enumerate() {
        if let Item::Glyphs { font, glyphs, .. } = item
            && fonts.contains_key(font)
        {
            flat.extend((0..glyphs.len()).map(|g| (r, g)));
        }
    }
    if flat.is_empty() {
        return;
    }
    let glyph = |k: usize| -> &GlyphOut {
        let (r, g) = flat[k];
        match group[r] {
            Item::Glyphs { glyphs, .. } => &glyphs[g],
            _ => unreachable!("only glyph runs are flattened"),
        }
    };
    let alone = |g: &GlyphOut| g.dy != 0.0 || g.substitute;
    // Chains across quarter ems: [start, end] glyph ranges.
    let n = flat.len();
    let mut chain_end: Vec<Option<usize>> = vec![None; n];
    let mut k = 0;
    while k < n {
        if glyph(k).joins && !alone(glyph(k)) {
            let mut m = k + 1;
            while m < n && glyph(m).joins && !alone(glyph(m)) {
                m += 1;
            }
            if m < n && !alone(glyph(m)) {
                chain_end[k] = Some(m);
                k = m + 1;
                continue;
            }
        }
        k += 1;
    }
    let mut closes = vec![false; n];
    for e in chain_end.iter().flatten() {
        closes[*e] = true;
    }
    ops.push(Op::StartTextSection);
    // The colour, font and size set in this text object, and where its current line starts
    // (its skew and origin; BT puts it at the identity). Unchanged state is not set again,
    // and a piece on the same slant starts with a short relative move (Td) instead of a
    // whole matrix: a page has hundreds of pieces, as Japanese and Latin switch faces.
    let mut state: Option<(Rgb, usize, f32)> = None;
    let mut line = (0.0_f32, 0.0_f32, 0.0_f32);
    let mut start = 0;
    while start < n {
        let (run, _) = flat[start];
        let mut end = start + 1;
        if !alone(glyph(start)) {
            while end < n
                && flat[end].0 == run
                && !alone(glyph(end))
                && chain_end[end].is_none()
                && !closes[end - 1]
            {
                end += 1;
            }
        }
        let Item::Glyphs {
            x,
            baseline,
            font,
            size,
            color: c,
            slant,
            glyphs,
            ..
        } = group[run]
        else {
            unreachable!("only glyph runs are flattened")
        };
        let Some(subset) = fonts.get(font) else {
            start = end;
            continue;
        };
        if state.is_none_or(|(sc, _, _)| sc != *c) {
            ops.push(Op::SetFillColor { col: color(*c) });
        }
        if state.is_none_or(|(_, sf, ss)| sf != *font || ss != *size) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(subset.id.clone()),
                size: Pt(*size),
            });
        }
        state = Some((*c, *font, *size));
        if let Some(e) = chain_end[start] {
            let text: String = (start..=e).map(|i| glyph(i).text.as_str()).collect();
            ops.push(actual_text(&text));
        }
        let g0 = glyph(start);
        if g0.substitute {
            ops.push(actual_text(&g0.text));
        }
        let (tx, ty) = (hundredth(x + g0.x), hundredth(flip(*baseline) + g0.dy));
        let skew = if *slant { 0.2 } else { 0.0 };
        // Td moves the line start by (dx, dy) through the line's own matrix: the same move
        // when there is no skew, or when the piece stays on the line's baseline.
        if skew == line.0 && (skew == 0.0 || ty == line.2) {
            ops.push(Op::SetTextCursor {
                pos: Point {
                    x: Pt(hundredth(tx - line.1)),
                    y: Pt(hundredth(ty - line.2)),
                },
            });
        } else {
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Raw([1.0, 0.0, skew, 1.0, tx, ty]),
            });
        }
        line = (skew, tx, ty);
        let (g_from, g_to) = (flat[start].1, flat[end - 1].1 + 1);
        let points = codepoints(&glyphs[g_from..g_to], *size, subset);
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(points)],
        });
        if g0.substitute {
            ops.push(Op::EndMarkedContent);
        }
        if closes[end - 1] {
            ops.push(Op::EndMarkedContent);
        }
        start = end;
    }
    ops.push(Op::EndTextSection);
}

/// Glyph ids (subset numbering) with the TJ adjustments that put each glyph where the layout
/// placed it. Their text is not given here: the ToUnicode maps come from the frame's one show
/// of every glyph (`write::subset`), so a page's show needs none (and saves a string per glyph).
fn codepoints(glyphs: &[GlyphOut], size: f32, subset: &Subset) -> Vec<Codepoint> {
    let mut out = Vec::with_capacity(glyphs.len());
    for (i, g) in glyphs.iter().enumerate() {
        let new_gid = subset.remapper.get(g.gid).unwrap_or(0);
        // The viewer advances by the font's width; correct to the layout's position.
        let offset = match glyphs.get(i + 1) {
            Some(next) => {
                let wanted = next.x - g.x;
                let natural = subset.advances.get(usize::from(new_gid)).copied().unwrap_or(0.0) * size;
                (natural - wanted) * 1000.0 / size
            }
            None => 0.0,
        };
        // A tenth of a thousandth of an em (0.001 pt at 10.5 pt) is far below what any
        // viewer can show; rounding to it keeps the file small, since the same spacing then
        // repeats byte for byte along a justified line and deflates to almost nothing.
        let offset = (offset * 10.0).round() / 10.0;
        out.push(Codepoint {
            gid: new_gid,
            offset: if offset.abs() < 0.05 { 0.0 } else { offset },
            cid: None,
        });
    }
    out
}
