//! Pages of items → PDF bytes through printpdf's low-level operations.
//!
//! Fonts are subset here (subsetter, the subsetter Typst uses) before printpdf sees them:
//! printpdf only subsets with its heavy `text_layout` feature, and without subsetting each
//! BIZ UD face would embed whole (4 MB). Every glyph is shown by id with its source text, which
//! printpdf writes into the font's ToUnicode map.

use super::fonts::Fonts;
use super::layout::{GlyphOut, ImageData, Item, Page};
use super::style::{Link, PAGE_H, PAGE_W, Rgb};
use super::tags::{Mark, Placed, Tree, Written};
use printpdf::{
    Actions, BorderArray, Codepoint, Color, Destination, FontId, LinkAnnotation, Mm, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect, TextItem,
    TextMatrix, XObjectId, XObjectTransform,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Document information for the PDF.
pub struct Info {
    /// Title.
    pub title: String,
    /// Author.
    pub author: String,
    /// Subject.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Creation and modification time, seconds since the Unix epoch.
    pub timestamp: i64,
}

impl Info {
    /// The same information for the XMP metadata.
    pub fn meta<'a>(&'a self, lang: &'a str) -> super::xmp::Meta<'a> {
        super::xmp::Meta {
            title: &self.title,
            author: &self.author,
            subject: &self.subject,
            keywords: &self.keywords,
            lang,
            timestamp: self.timestamp,
        }
    }
}

/// Where internal links land: anchor → (1-based page, y from the top).
pub type Anchors = HashMap<String, (usize, f32)>;

/// Writes `pages` (images referenced by index into `images`) and returns the PDF bytes and
/// where each structure element of `tree` went (marked-content ids and annotations).
pub fn write(
    fonts: &Fonts,
    pages: &[Page],
    images: &[ImageData],
    anchors: &Anchors,
    info: &Info,
    tree: &Tree,
    warnings: &mut Vec<String>,
) -> Result<(lopdf::Document, Written), String> {
    let mut doc = PdfDocument::new(&info.title);
    set_info(&mut doc, info);

    // Glyphs used per font, then one subset per font with compact glyph ids.
    let mut used: BTreeMap<usize, BTreeSet<u16>> = BTreeMap::new();
    for item in pages.iter().flat_map(|p| p.back.iter().chain(&p.items)) {
        if let Item::Glyphs { font, glyphs, .. } = item {
            used.entry(*font)
                .or_default()
                .extend(glyphs.iter().map(|g| g.gid));
        }
    }
    let mut font_ids: HashMap<usize, (FontId, subsetter::GlyphRemapper)> = HashMap::new();
    for (font, gids) in &used {
        let face = &fonts.faces[*font];
        let mut remapper = subsetter::GlyphRemapper::new();
        remapper.remap(0);
        for gid in gids {
            remapper.remap(*gid);
        }
        let bytes = subsetter::subset(face.data, 0, &remapper)
            .map_err(|e| format!("subsetting font {}: {e:?}", face.name))?;
        let mut font_warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut font_warnings)
            .ok_or_else(|| format!("the subset of font {} cannot be read back", face.name))?;
        // Our own ids instead of `add_font`'s: printpdf numbers ids from a process-wide
        // counter, and fonts are written in id order, so the same report would give
        // different bytes depending on what the process typeset before.
        let id = FontId(format!("F{font}"));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(parsed));
        font_ids.insert(*font, (id, remapper));
    }

    let mut image_ids: Vec<Option<(XObjectId, u32)>> = Vec::with_capacity(images.len());
    for (i, img) in images.iter().enumerate() {
        let mut w = Vec::new();
        match RawImage::decode_from_bytes(&img.bytes, &mut w) {
            Ok(raw) => {
                let width = raw.width as u32;
                let id = XObjectId(format!("I{i}"));
                doc.resources
                    .xobjects
                    .map
                    .insert(id.clone(), printpdf::XObject::Image(raw));
                image_ids.push(Some((id, width)));
            }
            Err(e) => {
                warnings.push(format!("image {} could not be decoded ({e}); left out", i + 1));
                image_ids.push(None);
            }
        }
    }

    let mut written = Written::default();
    let mut pdf_pages = Vec::with_capacity(pages.len());
    for (p, page) in pages.iter().enumerate() {
        let mut ops = Vec::new();
        let mut marks = PageMarks::default();
        let all: Vec<&Item> = page.back.iter().chain(&page.items).collect();
        let mut i = 0;
        while i < all.len() {
            let item = all[i];
            i += 1;
            // Consecutive runs of one mark are one text object (links drawn between them are
            // annotations, not content, and are written after it).
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
                emit_text(fonts, &group, &font_ids, &mut ops);
                for link in links {
                    if let Item::Link { target, mark, .. } = link {
                        let drawn = match target {
                            Link::Uri(_) => true,
                            Link::Anchor(a) => anchors.contains_key(a),
                        };
                        if let Mark::Node(n) = mark {
                            let placed = if drawn {
                                Placed::Annot(p, marks.annots)
                            } else {
                                Placed::Dropped
                            };
                            written.annots.entry(*n).or_default().push(placed);
                        }
                        marks.annots += usize::from(drawn);
                    }
                    emit(fonts, link, &font_ids, &image_ids, anchors, &mut ops);
                }
                continue;
            }
            match item {
                Item::Link { target, mark, .. } => {
                    let drawn = match target {
                        Link::Uri(_) => true,
                        Link::Anchor(a) => anchors.contains_key(a),
                    };
                    if let Mark::Node(n) = mark {
                        let placed = if drawn {
                            Placed::Annot(p, marks.annots)
                        } else {
                            Placed::Dropped
                        };
                        written.annots.entry(*n).or_default().push(placed);
                    }
                    marks.annots += usize::from(drawn);
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
            emit(fonts, item, &font_ids, &image_ids, anchors, &mut ops);
        }
        marks.close(&mut ops);
        written.mcids.push(marks.elements);
        pdf_pages.push(PdfPage::new(Mm::from(Pt(PAGE_W)), Mm::from(Pt(PAGE_H)), ops));
    }
    doc.with_pages(pdf_pages);
    let mut save_warnings = Vec::new();
    // printpdf builds the file as a lopdf document; taking that document, instead of its
    // serialised bytes, lets `outline::finish` add the structure tree and metadata without
    // writing the file, parsing it back and writing it again. Streams are compressed there.
    let lopdf_doc = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut save_warnings);
    Ok((lopdf_doc, written))
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

    fn close(&mut self, ops: &mut Vec<Op>) {
        if self.current.take().is_some() {
            ops.push(Op::EndMarkedContent);
        }
        self.mcid = None;
    }
}

fn set_info(doc: &mut PdfDocument, info: &Info) {
    let when = printpdf::OffsetDateTime::from_unix_timestamp(info.timestamp)
        .unwrap_or_else(|_| printpdf::OffsetDateTime::now_utc());
    let meta = &mut doc.metadata.info;
    meta.document_title = info.title.clone();
    meta.author = info.author.clone();
    meta.subject = info.subject.clone();
    meta.keywords = info.keywords.clone();
    meta.creator = "Kuni".to_string();
    meta.producer = format!("Kuni {}", env!("CARGO_PKG_VERSION"));
    meta.creation_date = when;
    meta.modification_date = when;
    meta.metadata_date = when;
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

/// PDF y (from the bottom) of a top-down y.
fn flip(y: f32) -> f32 {
    PAGE_H - y
}

fn emit(
    faces: &Fonts,
    item: &Item,
    fonts: &HashMap<usize, (FontId, subsetter::GlyphRemapper)>,
    images: &[Option<(XObjectId, u32)>],
    anchors: &Anchors,
    ops: &mut Vec<Op>,
) {
    match item {
        Item::Glyphs { .. } => emit_text(faces, &[item], fonts, ops),
        Item::Drawn { item, .. } => emit(faces, item, fonts, images, anchors, ops),
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
        Item::Link {
            x, y, w, h, target, ..
        } => {
            let actions = match target {
                Link::Uri(uri) => Actions::uri(uri.clone()),
                Link::Anchor(a) => match anchors.get(a) {
                    Some((page, top)) => Actions::go_to(Destination::Xyz {
                        page: *page,
                        left: Some(0.0),
                        top: Some(flip(*top)),
                        zoom: None,
                    }),
                    None => return,
                },
            };
            let rect = Rect {
                x: Pt(*x),
                y: Pt(flip(y + h)),
                width: Pt(*w),
                height: Pt(*h),
                mode: None,
                winding_order: None,
            };
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    rect,
                    actions,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ),
            });
        }
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
fn emit_text(
    faces: &Fonts,
    group: &[&Item],
    fonts: &HashMap<usize, (FontId, subsetter::GlyphRemapper)>,
    ops: &mut Vec<Op>,
) {
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
    let mut current_run = None;
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
        let Some((id, remapper)) = fonts.get(font) else {
            start = end;
            continue;
        };
        if current_run != Some(run) {
            ops.push(Op::SetFillColor { col: color(*c) });
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(*size),
            });
            current_run = Some(run);
        }
        if let Some(e) = chain_end[start] {
            let text: String = (start..=e).map(|i| glyph(i).text.as_str()).collect();
            ops.push(actual_text(&text));
        }
        let g0 = glyph(start);
        if g0.substitute {
            ops.push(actual_text(&g0.text));
        }
        let (tx, ty) = (x + g0.x, flip(*baseline) + g0.dy);
        let skew = if *slant { 0.2 } else { 0.0 };
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Raw([1.0, 0.0, skew, 1.0, tx, ty]),
        });
        let (g_from, g_to) = (flat[start].1, flat[end - 1].1 + 1);
        let mut points = codepoints(faces, &glyphs[g_from..g_to], *size, *font, remapper);
        if g0.substitute {
            points[0].cid = Some(super::shape::SUBSTITUTE.to_string());
        }
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
/// placed it, and their source text for the ToUnicode map.
fn codepoints(
    faces: &Fonts,
    glyphs: &[GlyphOut],
    size: f32,
    font: usize,
    remapper: &subsetter::GlyphRemapper,
) -> Vec<Codepoint> {
    let mut out = Vec::with_capacity(glyphs.len());
    for (i, g) in glyphs.iter().enumerate() {
        let new_gid = remapper.get(g.gid).unwrap_or(0);
        // The viewer advances by the font's width; correct to the layout's position.
        let offset = match glyphs.get(i + 1) {
            Some(next) => {
                let wanted = next.x - g.x;
                let natural = faces.faces[font].hmtx_advance_em(g.gid) * size;
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
            cid: Some(g.text.clone()),
        });
    }
    out
}
