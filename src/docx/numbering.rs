//! List numbering: two abstract definitions (bullets, decimal numbers) with nine levels each,
//! and one numbering instance per list, so every ordered list restarts at its own first number
//! and Word's list commands (indent, restart, continue) work on real lists.

use super::xml::root;

/// One list of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct ListDef {
    /// Numbered (else bullets).
    pub ordered: bool,
    /// The first number.
    pub start: u64,
    /// The level its items are at (its nesting depth).
    pub level: usize,
}

/// Indent step per list level, in twips (1.6 em of body text, as in the PDF).
const STEP: u32 = 340;

/// Left indent of text at list `level`, in twips.
pub fn indent(level: usize) -> u32 {
    STEP * (level as u32 + 1)
}

const BULLETS: [&str; 3] = ["•", "◦", "▪"];

fn abstract_num(id: u32, ordered: bool) -> String {
    let mut s = format!("<w:abstractNum w:abstractNumId=\"{id}\"><w:multiLevelType w:val=\"multilevel\"/>");
    for lvl in 0..9usize {
        let (fmt, text) = if ordered {
            ("decimal", format!("%{}.", lvl + 1))
        } else {
            ("bullet", BULLETS[lvl % 3].to_string())
        };
        s.push_str(&format!(
            "<w:lvl w:ilvl=\"{lvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"{STEP}\"/></w:pPr><w:rPr><w:color w:val=\"5F6E6B\"/></w:rPr></w:lvl>",
            indent(lvl)
        ));
    }
    s.push_str("</w:abstractNum>");
    s
}

/// The numbering part for `lists` (numId n is `lists[n - 1]`).
pub fn numbering(lists: &[ListDef]) -> String {
    let mut s = root("numbering");
    s.push_str(&abstract_num(0, false));
    s.push_str(&abstract_num(1, true));
    for (n, l) in lists.iter().enumerate() {
        let abs = u32::from(l.ordered);
        s.push_str(&format!(
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"{abs}\"/>",
            n + 1
        ));
        if l.ordered {
            // Each list restarts: without the override Word would continue the numbers of
            // the previous list sharing the definition.
            s.push_str(&format!(
                "<w:lvlOverride w:ilvl=\"{}\"><w:startOverride w:val=\"{}\"/></w:lvlOverride>",
                l.level,
                l.start.min(i32::MAX as u64)
            ));
        }
        s.push_str("</w:num>");
    }
    s.push_str("</w:numbering>");
    s
}
