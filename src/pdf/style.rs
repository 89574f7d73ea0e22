//! The deliverable's typographic choices, in one place.

use super::fonts::Role;

/// An RGB colour, 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

/// Ink for body text.
pub const INK: Rgb = Rgb(0.11, 0.13, 0.13);
/// Headings and rules: the app's accent colour.
pub const ACCENT: Rgb = Rgb(0.12, 0.37, 0.36);
/// Secondary text (header, footer, captions).
pub const MUTED: Rgb = Rgb(0.38, 0.43, 0.42);
/// Links.
pub const LINK: Rgb = Rgb(0.10, 0.37, 0.71);
/// Table rules and light lines.
pub const RULE: Rgb = Rgb(0.75, 0.79, 0.78);
/// Table header background.
pub const HEAD_FILL: Rgb = Rgb(0.93, 0.96, 0.95);
/// Callout box.
pub const CALLOUT_FILL: Rgb = Rgb(1.0, 0.97, 0.90);
/// Callout bar.
pub const CALLOUT_BAR: Rgb = Rgb(0.82, 0.54, 0.0);
/// Code background.
pub const CODE_FILL: Rgb = Rgb(0.95, 0.96, 0.96);

/// A4 portrait, in points.
pub const PAGE_W: f32 = 595.28;
/// See [`PAGE_W`].
pub const PAGE_H: f32 = 841.89;
/// Margins: 22 mm at the sides, 25 mm top and bottom (header and footer sit inside).
pub const MARGIN_X: f32 = 62.4;
/// See [`MARGIN_X`].
pub const MARGIN_TOP: f32 = 72.0;
/// See [`MARGIN_X`].
pub const MARGIN_BOTTOM: f32 = 70.0;

/// Body text size and line height (1.8 suits Japanese text).
pub const BODY_SIZE: f32 = 10.5;
/// See [`BODY_SIZE`].
pub const BODY_LEADING: f32 = 1.8;

/// Style of a run of text.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanStyle {
    /// Which face.
    pub role: Role,
    /// Size in points.
    pub size: f32,
    /// Colour.
    pub color: Rgb,
    /// Slanted (emphasis of Latin text; Japanese has no italic).
    pub slant: bool,
    /// Where a click goes.
    pub link: Option<Link>,
    /// Raised and smaller (footnote references).
    pub superscript: bool,
    /// Struck through.
    pub strike: bool,
}

impl SpanStyle {
    /// Plain text of `role` at `size`.
    pub fn new(role: Role, size: f32) -> Self {
        SpanStyle {
            role,
            size,
            color: INK,
            slant: false,
            link: None,
            superscript: false,
            strike: false,
        }
    }
}

/// A link target.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// An external address.
    Uri(String),
    /// A heading of this report.
    Anchor(String),
}
