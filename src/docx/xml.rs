//! A small XML writer for the WordprocessingML parts.
//!
//! The parts are written as text in one pass: escaping is the only thing that can go wrong,
//! and every piece of report text passes through [`esc`]. Characters XML 1.0 forbids (C0
//! controls other than tab, newline and carriage return, lone surrogates cannot occur in a
//! `str`, U+FFFE/U+FFFF) are dropped, so hostile text still gives a well-formed part.

/// The XML declaration every part starts with.
pub const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Namespace of WordprocessingML.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Namespace of relationships inside parts.
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// Namespace of inline drawings.
pub const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
/// Namespace of DrawingML.
pub const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
/// Namespace of pictures.
pub const PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";

/// Appends `text` escaped for element content and attribute values.
pub fn push_esc(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// `text` escaped.
pub fn esc(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    push_esc(&mut s, text);
    s
}

/// The opening tag of a part's root element with the main namespaces declared.
pub fn root(name: &str) -> String {
    format!(
        "{DECL}<w:{name} xmlns:w=\"{W}\" xmlns:r=\"{R}\" xmlns:wp=\"{WP}\" xmlns:a=\"{A}\" xmlns:pic=\"{PIC}\">"
    )
}

/// An RGB colour as the six hex digits WordprocessingML uses.
pub fn hex(c: crate::pdf::style::Rgb) -> String {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("{:02X}{:02X}{:02X}", b(c.0), b(c.1), b(c.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_characters_xml_forbids() {
        assert_eq!(esc("a<b>&\"c\u{1}\u{FFFF}\td"), "a&lt;b&gt;&amp;&quot;c\td");
    }

    #[test]
    fn colours_are_hex() {
        assert_eq!(hex(crate::pdf::style::ACCENT), "1F5E5C");
    }
}
