//! Shaping: styled text → positioned glyphs that remember the text they stand for.
//!
//! Each style run is split by font (the role's face, or a fallback for characters it lacks)
//! and shaped once with rustybuzz (advances, kerning, Thai and other complex scripts). Every
//! glyph keeps the byte offset of its cluster and the source text it represents, which
//! becomes the PDF's ToUnicode entry: extraction gives back exactly the report's characters.

use super::fonts::Fonts;
pub use super::glyph_text::GlyphText;
use super::style::SpanStyle;

/// One shaped glyph.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Font index in [`Fonts::faces`].
    pub font: usize,
    /// Glyph id in that font.
    pub gid: u16,
    /// Advance in points (size applied, kerning included).
    pub advance: f32,
    /// Horizontal and vertical offsets in points (mark positioning).
    pub dx: f32,
    /// See `dx`.
    pub dy: f32,
    /// Byte offset of the glyph's cluster in the paragraph text.
    pub cluster: usize,
    /// The source text this glyph stands for ("" for extra glyphs of a cluster).
    pub text: GlyphText,
    /// Index of the span (style run) it belongs to.
    pub span: usize,
    /// Font size in points.
    pub size: f32,
    /// A visible stand-in (〓) for a character no font has; `text` holds the real one.
    pub substitute: bool,
    /// Extra space after the glyph, in points: the quarter em between Japanese and Latin.
    pub space_after: f32,
}

/// Drawn for a character no configured font has: the geta mark, the traditional Japanese
/// stand-in for a missing character, from a real font (never .notdef, which PDF/A-2 and
/// PDF/UA-1 forbid); the text layer keeps the real character through ActualText.
pub const SUBSTITUTE: char = '〓';
/// [`SUBSTITUTE`] as text (what the font's ToUnicode map gives for it).
pub const SUBSTITUTE_TEXT: &str = "〓";

/// A piece of text with one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// How it looks.
    pub style: SpanStyle,
}

/// Shapes `spans` (whose texts concatenate to the paragraph text). Characters no font has are
/// drawn as [`SUBSTITUTE`] (still mapped to their text) and reported once in `missing`.
pub fn shape(fonts: &Fonts, spans: &[Span], missing: &mut Vec<char>) -> Vec<Glyph> {
    let mut out = Vec::new();
    let mut base = 0;
    for (si, span) in spans.iter().enumerate() {
        let role = span.style.role;
        let size = span.style.size;
        // Split into runs of one font.
        // (font, start, end) in span bytes; font None: no font has these characters.
        let mut runs: Vec<(Option<usize>, usize, usize)> = Vec::new();
        for (i, c) in span.text.char_indices() {
            let font = fonts.face_for(role, c);
            if font.is_none() && !missing.contains(&c) {
                missing.push(c);
            }
            match runs.last_mut() {
                // Combining marks stay with their base character's font.
                Some(last) if last.0 == font || (is_mark(c) && last.0.is_some()) => last.2 = i + c.len_utf8(),
                _ => runs.push((font, i, i + c.len_utf8())),
            }
        }
        for (font, start, end) in runs {
            let Some(font) = font else {
                substitutes(
                    fonts,
                    role,
                    &span.text[start..end],
                    base + start,
                    size,
                    si,
                    &mut out,
                );
                continue;
            };
            shape_run(
                fonts,
                font,
                &span.text[start..end],
                base + start,
                size,
                si,
                &mut out,
            );
        }
        base += span.text.len();
    }
    japanese_latin_spacing(&mut out);
    out
}

/// Kana and kanji (not Japanese punctuation, which has its own spacing in the glyph).
fn is_kana_kanji(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x309F | 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x3005)
}

/// Latin letters and digits (half-width).
fn is_latin_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c as u32, 0xC0..=0x24F) && c.is_alphabetic()
}

/// A quarter em between Japanese and Latin letters or digits (JIS X 4051, JLReq 3.2.2),
/// made by positioning: the text layer gets no space character. Not before or after a
/// smaller run (a footnote reference's number sits right against its word).
fn japanese_latin_spacing(glyphs: &mut [Glyph]) {
    let mut prev: Option<(usize, char)> = None; // last glyph of the previous cluster, its last char
    for i in 0..glyphs.len() {
        let Some(first) = glyphs[i].text.chars().next() else {
            continue;
        };
        if let Some((j, before)) = prev
            && ((is_kana_kanji(before) && is_latin_alnum(first))
                || (is_latin_alnum(before) && is_kana_kanji(first)))
        {
            let (a, b) = (glyphs[j].size, glyphs[i].size);
            if a.min(b) >= 0.8 * a.max(b) {
                let em = if is_kana_kanji(before) { a } else { b };
                // The glyph just before `i` (the cluster's last) carries the space.
                glyphs[i - 1].space_after = 0.25 * em;
            }
        }
        let last = glyphs[i].text.chars().next_back().unwrap_or(first);
        prev = Some((i, last));
    }
}

/// One [`SUBSTITUTE`] glyph per missing character, each carrying the real character.
fn substitutes(
    fonts: &Fonts,
    role: super::fonts::Role,
    text: &str,
    base: usize,
    size: f32,
    span: usize,
    out: &mut Vec<Glyph>,
) {
    let font = fonts
        .face_for(role, SUBSTITUTE)
        .unwrap_or_else(|| fonts.role(role));
    let face = &fonts.faces[font];
    let gid = face.face.glyph_index(SUBSTITUTE).map_or(0, |g| g.0);
    let advance = face.hmtx_advance_em(gid) * size;
    for (i, c) in text.char_indices() {
        out.push(Glyph {
            font,
            gid,
            advance,
            dx: 0.0,
            dy: 0.0,
            cluster: base + i,
            text: GlyphText::from(c),
            span,
            size,
            substitute: true,
            space_after: 0.0,
        });
    }
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

fn shape_run(
    fonts: &Fonts,
    font: usize,
    text: &str,
    base: usize,
    size: f32,
    span: usize,
    out: &mut Vec<Glyph>,
) {
    let face = &fonts.faces[font];
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = face.shape(buffer);
    let scale = size / face.upem;
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let start = out.len();
    for (info, pos) in infos.iter().zip(positions) {
        out.push(Glyph {
            font,
            gid: u16::try_from(info.glyph_id).unwrap_or(0),
            advance: pos.x_advance as f32 * scale,
            dx: pos.x_offset as f32 * scale,
            dy: pos.y_offset as f32 * scale,
            cluster: base + info.cluster as usize,
            text: GlyphText::default(),
            span,
            size,
            substitute: false,
            space_after: 0.0,
        });
    }
    assign_text(&mut out[start..], text, base);
}

/// Gives each glyph the text of its cluster: one character per glyph when a cluster has as
/// many glyphs as characters (Thai base + marks), else the whole cluster on its first glyph.
fn assign_text(glyphs: &mut [Glyph], text: &str, base: usize) {
    let mut i = 0;
    while i < glyphs.len() {
        let cluster = glyphs[i].cluster;
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].cluster == cluster {
            j += 1;
        }
        // The cluster's text runs to the next larger cluster offset. Left-to-right runs have
        // ascending clusters, so looking forward finds it at once.
        let end = glyphs[j..]
            .iter()
            .map(|g| g.cluster)
            .find(|&c| c > cluster)
            .unwrap_or(base + text.len());
        let cluster_text = text.get(cluster - base..end - base).unwrap_or("");
        if cluster_text.chars().count() == j - i {
            for (g, c) in glyphs[i..j].iter_mut().zip(cluster_text.chars()) {
                g.text = GlyphText::from(c);
            }
        } else {
            glyphs[i].text = GlyphText::from(cluster_text);
        }
        i = j;
    }
}
