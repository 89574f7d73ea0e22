//! Inline runs → `w:r` elements: text, emphasis, strong, strike-through, code, hyperlinks
//! (external through a relationship, internal to a heading's bookmark), footnote references,
//! pictures and line breaks.

use super::writer::{RunStyle, Writer};
use super::xml::push_esc;
use crate::doc::Inline;

impl RunStyle {
    /// `w:rPr` for a run of this style (`code`: inline code), in the schema's order. One
    /// character style carries the fonts (code, link, strong, emphasis — Japanese has no italic,
    /// so emphasis is set in Gothic as in the PDF); the rest is direct formatting.
    fn rpr(&self, code: bool) -> String {
        let style = if code {
            Some("CodeChar")
        } else if self.link {
            Some("Hyperlink")
        } else if self.strong {
            Some("Strong")
        } else if self.emphasis {
            Some("Emphasis")
        } else {
            None
        };
        let mut s = String::new();
        if let Some(st) = style {
            s.push_str(&format!("<w:rStyle w:val=\"{st}\"/>"));
        }
        if self.strong && style != Some("Strong") {
            s.push_str("<w:b/>");
        }
        if self.emphasis && style != Some("Emphasis") {
            s.push_str("<w:i/>");
        }
        if self.strike {
            s.push_str("<w:strike/>");
        }
        if s.is_empty() {
            s
        } else {
            format!("<w:rPr>{s}</w:rPr>")
        }
    }
}

/// East Asian wide characters, between which a soft line break disappears (as in the PDF).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

fn first_char(i: &Inline) -> Option<char> {
    match i {
        Inline::Text { text } | Inline::Code { text } => text.chars().next(),
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strike { content }
        | Inline::Link { content, .. } => content.first().and_then(first_char),
        _ => None,
    }
}

fn last_char(i: &Inline) -> Option<char> {
    match i {
        Inline::Text { text } | Inline::Code { text } => text.chars().next_back(),
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strike { content }
        | Inline::Link { content, .. } => content.last().and_then(last_char),
        _ => None,
    }
}

/// `url` with the characters a URI may not hold percent-encoded (spaces, non-ASCII letters
/// as UTF-8, quotes and brackets): Word refuses to open a package whose hyperlink
/// relationship has an invalid URI, which browsers and the HTML output tolerate.
pub fn uri_safe(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

impl Writer<'_> {
    /// Appends `text` as one run.
    pub fn run(&mut self, text: &str, style: &RunStyle, code: bool) {
        if text.is_empty() {
            return;
        }
        self.out.push_str("<w:r>");
        self.out.push_str(&style.rpr(code));
        self.out.push_str("<w:t xml:space=\"preserve\">");
        push_esc(&mut self.out, text);
        self.out.push_str("</w:t></w:r>");
    }

    /// Appends the runs of `inlines`.
    pub fn inlines(&mut self, inlines: &[Inline], style: &RunStyle) {
        for (n, i) in inlines.iter().enumerate() {
            match i {
                Inline::Text { text } => self.run(text, style, false),
                Inline::Code { text } => self.run(text, style, true),
                Inline::Emphasis { content } => {
                    let s = RunStyle {
                        emphasis: true,
                        ..*style
                    };
                    self.inlines(content, &s);
                }
                Inline::Strong { content } => {
                    let s = RunStyle {
                        strong: true,
                        ..*style
                    };
                    self.inlines(content, &s);
                }
                Inline::Strike { content } => {
                    let s = RunStyle {
                        strike: true,
                        ..*style
                    };
                    self.inlines(content, &s);
                }
                Inline::Link { url, content, .. } => self.link(url, content, style),
                Inline::Image { url, alt, at, .. } => self.inline_image(url, alt, at.line, style),
                Inline::FootnoteRef { label } => self.footnote_reference(label),
                Inline::SoftBreak => {
                    let before = n.checked_sub(1).and_then(|p| last_char(&inlines[p]));
                    let after = inlines.get(n + 1).and_then(first_char);
                    let joined = matches!((before, after), (Some(a), Some(b)) if is_wide(a) && is_wide(b));
                    if !joined {
                        self.run(" ", style, false);
                    }
                }
                Inline::HardBreak => self.out.push_str("<w:r><w:br/></w:r>"),
                // Inline raw HTML is left out, as in the PDF.
                Inline::Html { .. } => {}
            }
        }
    }

    fn link(&mut self, url: &str, content: &[Inline], style: &RunStyle) {
        if style.link {
            // A link inside a link's text: Word cannot nest hyperlinks.
            return self.inlines(content, style);
        }
        let s = RunStyle { link: true, ..*style };
        if let Some(anchor) = url.strip_prefix('#') {
            match self.bookmarks.get(anchor).cloned() {
                Some(name) => {
                    self.out.push_str("<w:hyperlink w:anchor=\"");
                    push_esc(&mut self.out, &name);
                    self.out.push_str("\" w:history=\"1\">");
                    self.inlines(content, &s);
                    self.out.push_str("</w:hyperlink>");
                }
                None => self.inlines(content, style),
            }
            return;
        }
        // As in the HTML: only web and mail addresses become clickable.
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")) {
            return self.inlines(content, style);
        }
        let id = self.external_rel(&uri_safe(url));
        self.out
            .push_str(&format!("<w:hyperlink r:id=\"{id}\" w:history=\"1\">"));
        self.inlines(content, &s);
        self.out.push_str("</w:hyperlink>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_are_valid_uris() {
        assert_eq!(
            uri_safe("https://example.org/a b?q=薬"),
            "https://example.org/a%20b?q=%E8%96%AC"
        );
        assert_eq!(
            uri_safe("https://x.jp/p?a=1&b=2#top"),
            "https://x.jp/p?a=1&b=2#top"
        );
    }
}
