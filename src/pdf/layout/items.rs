//! What a layout produces: glyphs, the items drawn on a page, pages, heading positions and
//! image data (the writer's input).

use super::super::glyph_text::GlyphText;
use super::super::style::{Link, Rgb};
use super::super::tags::Mark;

/// One glyph as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphOut {
    /// Glyph id in its font.
    pub gid: u16,
    /// X from the run's start, in points.
    pub x: f32,
    /// Vertical offset (marks), points, up positive.
    pub dy: f32,
    /// Source text for the text layer.
    pub text: GlyphText,
    /// A stand-in for a character no font has (`text` is the real character).
    pub substitute: bool,
    /// A quarter em separates it from the next glyph of the line (Japanese–Latin).
    pub joins: bool,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of glyphs of one font, size and colour on one baseline.
    Glyphs {
        /// Left x.
        x: f32,
        /// Baseline y from the top.
        baseline: f32,
        /// Font index.
        font: usize,
        /// Size.
        size: f32,
        /// Colour.
        color: Rgb,
        /// Slanted.
        slant: bool,
        /// The glyphs.
        glyphs: Vec<GlyphOut>,
        /// The structure element they belong to, or artifact.
        mark: Mark,
    },
    /// A filled and/or stroked rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: Option<Rgb>,
        /// Stroke colour and width.
        stroke: Option<(Rgb, f32)>,
    },
    /// A straight line.
    Line {
        /// Start.
        x1: f32,
        /// Start.
        y1: f32,
        /// End.
        x2: f32,
        /// End.
        y2: f32,
        /// Colour.
        color: Rgb,
        /// Width.
        width: f32,
    },
    /// A clickable area.
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Target.
        target: Link,
        /// The Link element the annotation belongs to.
        mark: Mark,
    },
    /// A rectangle or line that is content of an element, not decoration: a chart's bars
    /// inside its Figure.
    Drawn {
        /// The [`Item::Rect`] or [`Item::Line`].
        item: Box<Item>,
        /// The element it belongs to.
        mark: Mark,
    },
    /// An image (index into [`Layout::images`]).
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Which image.
        index: usize,
        /// Its Figure element, or artifact (an image without a description).
        mark: Mark,
    },
}

/// A page: backgrounds drawn first, then content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Boxes behind text (callouts, code, table header fills).
    pub back: Vec<Item>,
    /// Text, lines, links, images.
    pub items: Vec<Item>,
}

impl Page {
    /// Renumbers the structure elements items point at (when two layouts' trees are joined).
    pub fn renumber_marks(&mut self, map: &impl Fn(usize) -> usize) {
        for item in self.back.iter_mut().chain(self.items.iter_mut()) {
            if let Item::Glyphs { mark, .. }
            | Item::Image { mark, .. }
            | Item::Link { mark, .. }
            | Item::Drawn { mark, .. } = item
                && let Mark::Node(n) = mark
            {
                *n = map(*n);
            }
        }
    }
}

/// Where a heading landed.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingPos {
    /// 1–6 as in the report (the report's sections are level 2).
    pub level: u8,
    /// Text.
    pub title: String,
    /// Anchor.
    pub anchor: String,
    /// Page index within the laid-out pages.
    pub page: usize,
    /// Top y.
    pub y: f32,
}

/// A decoded image to embed.
#[derive(Debug, Clone)]
pub struct ImageData {
    /// The file's bytes (PNG or JPEG).
    pub bytes: Vec<u8>,
}
