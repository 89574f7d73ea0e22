//! Heading anchors. Japanese headings keep their characters, so `## 薬事制度` is `#薬事制度`
//! in the preview, the PDF's link targets and the website alike.

use std::collections::HashMap;

/// The anchor for a heading's text: lower case, letters and digits of any script kept,
/// spaces turned into `-`, other punctuation (including 「・」 and 「（）」) dropped.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Hands out anchors that are unique within one document: a repeated slug gets `-1`, `-2`, ….
#[derive(Debug, Default)]
pub struct Slugs {
    seen: HashMap<String, usize>,
}

impl Slugs {
    /// A unique anchor for `wanted` (already a slug or an explicit `{#id}`).
    pub fn unique(&mut self, wanted: String) -> String {
        let Some(&last) = self.seen.get(&wanted) else {
            self.seen.insert(wanted.clone(), 0);
            return wanted;
        };
        let mut n = last;
        loop {
            n += 1;
            let candidate = format!("{wanted}-{n}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(wanted, n);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_and_english_headings() {
        assert_eq!(slug("薬事制度"), "薬事制度");
        assert_eq!(slug("医療提供体制・医療保険"), "医療提供体制医療保険");
        assert_eq!(slug("Key points"), "key-points");
        assert_eq!(slug("ISO 13485 (QMS)"), "iso-13485-qms");
        assert_eq!(slug("「」"), "section");
    }

    #[test]
    fn repeated_slugs_get_numbers() {
        let mut s = Slugs::default();
        assert_eq!(s.unique("a".into()), "a");
        assert_eq!(s.unique("a".into()), "a-1");
        assert_eq!(s.unique("a".into()), "a-2");
        assert_eq!(s.unique("a-1".into()), "a-1-1");
    }
}
