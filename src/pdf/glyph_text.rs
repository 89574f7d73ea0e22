//! The source text of one glyph, without an allocation per glyph.
//!
//! Every glyph keeps the text it stands for (for the PDF's text layer), and a 100-page
//! report has some 100,000 glyphs: as a `String` each was a heap allocation, made when
//! shaping and again when laying out, and a fifth of an export's time went to allocating
//! and freeing them. Nearly all are one character; clusters (a ligature, a Thai or
//! Devanagari syllable) are a few, so up to 22 bytes are kept inline.

use std::fmt;
use std::ops::Deref;

const INLINE: usize = 22;

/// A glyph's text: a `str` kept inline when short.
#[derive(Clone, PartialEq, Eq)]
pub struct GlyphText(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl GlyphText {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Only ever filled from a whole `str` of `len` bytes.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }
}

impl Default for GlyphText {
    fn default() -> Self {
        GlyphText(Repr::Inline {
            len: 0,
            bytes: [0; INLINE],
        })
    }
}

impl From<&str> for GlyphText {
    fn from(s: &str) -> Self {
        if s.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            GlyphText(Repr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            GlyphText(Repr::Heap(s.into()))
        }
    }
}

impl From<char> for GlyphText {
    fn from(c: char) -> Self {
        GlyphText::from(c.encode_utf8(&mut [0; 4]) as &str)
    }
}

impl Deref for GlyphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for GlyphText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for GlyphText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::GlyphText;

    #[test]
    fn short_and_long_texts_read_back_whole() {
        for s in ["", "漢", "fi", "ก้", "क्षि", "a much longer cluster than inline"] {
            let t = GlyphText::from(s);
            assert_eq!(t.as_str(), s);
            assert_eq!(t.chars().count(), s.chars().count());
        }
        assert_eq!(GlyphText::from('〓').as_str(), "〓");
        assert_eq!(GlyphText::default().as_str(), "");
        assert_eq!(std::mem::size_of::<GlyphText>(), 24);
    }
}
