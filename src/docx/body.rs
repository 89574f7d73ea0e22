//! Blocks → WordprocessingML paragraphs: headings (with the bookmarks the contents and
//! internal links point at), paragraphs, lists on real numbering definitions, quotes and
//! callouts, code, rules, written into the export's one [`Writer`].

use super::numbering::ListDef;
use super::writer::{RunStyle, Writer};
use super::xml::{esc, push_esc};
use crate::doc::{Block, BlockKind, Inline, ListItem};

/// Word shows nine list levels; deeper items stay at the ninth.
pub const MAX_LIST_LEVEL: usize = 8;

/// Where a block sits: inside a quote or callout, a list, or both.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    /// Paragraph style of body text here (`Quote`, `Callout`), else `None` (Normal).
    pub style: Option<&'static str>,
    /// Left indent in twips (list item continuation, nested blocks).
    pub indent: u32,
    /// List depth (0 outside lists).
    pub depth: usize,
}

impl Writer<'_> {
    /// Writes `blocks` in `ctx`.
    pub fn blocks(&mut self, blocks: &[Block], ctx: &Ctx) {
        for b in blocks {
            self.block(b, ctx);
        }
    }

    fn block(&mut self, b: &Block, ctx: &Ctx) {
        match &b.kind {
            BlockKind::Heading { level, id, content } => {
                let name = self.bookmark_for(id);
                self.heading(*level, &name, |w| w.inlines(content, &RunStyle::default()));
            }
            BlockKind::Paragraph { content } => {
                if let [Inline::Image { url, alt, .. }] = content.as_slice() {
                    self.figure(url, alt, b.line, ctx);
                } else {
                    let ppr = ppr(ctx.style, None, ctx.indent, "");
                    self.paragraph(&ppr, content);
                }
            }
            BlockKind::List { start, items } => self.list(*start, items, ctx),
            BlockKind::Quote { callout, blocks } => {
                let style = if callout.is_some() { "Callout" } else { "Quote" };
                let inner = Ctx {
                    style: Some(style),
                    ..ctx.clone()
                };
                if let Some(kind) = callout {
                    let label = callout_label(kind);
                    let ppr = ppr(Some(style), None, ctx.indent, "<w:keepNext/>");
                    self.out.push_str(&format!(
                        "<w:p>{ppr}<w:r><w:rPr><w:rStyle w:val=\"CalloutLabel\"/></w:rPr><w:t>{}</w:t></w:r></w:p>",
                        esc(label)
                    ));
                }
                if blocks.is_empty() {
                    let ppr = ppr(Some(style), None, ctx.indent, "");
                    self.out.push_str(&format!("<w:p>{ppr}</w:p>"));
                }
                self.blocks(blocks, &inner);
            }
            BlockKind::Code { text, .. } => self.code(text, ctx),
            BlockKind::Table { align, head, rows } => {
                super::table::table(self, align, head, rows, ctx.indent, b.line)
            }
            BlockKind::Rule => {
                // A paragraph with only a bottom border: Word's own horizontal line.
                let ind = if ctx.indent > 0 {
                    format!("<w:ind w:left=\"{}\"/>", ctx.indent)
                } else {
                    String::new()
                };
                self.out.push_str(&format!(
                    "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"BFC9C7\"/></w:pBdr>{ind}</w:pPr></w:p>"
                ));
            }
            BlockKind::Html { .. } => self.warnings.push(format!(
                "line {}: raw HTML is not part of the Word document (write it as Markdown to include it)",
                b.line
            )),
        }
    }

    /// A heading paragraph of `level` with bookmark `name` around its runs.
    pub fn heading(&mut self, level: u8, name: &str, runs: impl FnOnce(&mut Self)) {
        let id = self.next_bookmark_id;
        self.next_bookmark_id += 1;
        self.out.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Heading{}\"/></w:pPr><w:bookmarkStart w:id=\"{id}\" w:name=\"{}\"/>",
            level.clamp(1, 6),
            esc(name)
        ));
        runs(self);
        self.out
            .push_str(&format!("<w:bookmarkEnd w:id=\"{id}\"/></w:p>"));
    }

    /// A paragraph with properties `ppr` and `content`.
    pub fn paragraph(&mut self, ppr: &str, content: &[Inline]) {
        self.out.push_str("<w:p>");
        self.out.push_str(ppr);
        self.inlines(content, &RunStyle::default());
        self.out.push_str("</w:p>");
    }

    fn list(&mut self, start: Option<u64>, items: &[ListItem], ctx: &Ctx) {
        let level = ctx.depth.min(MAX_LIST_LEVEL);
        if ctx.depth > MAX_LIST_LEVEL && !self.warnings.iter().any(|w| w.contains("list levels")) {
            self.warnings.push(format!(
                "lists nested deeper than {} levels are shown at level {} (Word has nine list levels)",
                MAX_LIST_LEVEL + 1,
                MAX_LIST_LEVEL + 1
            ));
        }
        let num_id = self.lists.len() + 1;
        self.lists.push(ListDef {
            ordered: start.is_some(),
            start: start.unwrap_or(1),
            level,
        });
        let style = ctx.style.or(Some("ListParagraph"));
        let inner = Ctx {
            style: ctx.style,
            indent: super::numbering::indent(level),
            depth: ctx.depth + 1,
        };
        for item in items {
            let numbered = ppr(style, Some((num_id, level)), 0, "");
            let box_mark = match item.task {
                Some(true) => Some("☑ "),
                Some(false) => Some("☐ "),
                None => None,
            };
            let mut rest = item.blocks.as_slice();
            match rest.first().map(|b| &b.kind) {
                Some(BlockKind::Paragraph { content })
                    if !matches!(content.as_slice(), [Inline::Image { .. }]) =>
                {
                    self.out.push_str("<w:p>");
                    self.out.push_str(&numbered);
                    if let Some(m) = box_mark {
                        self.out
                            .push_str(&format!("<w:r><w:t xml:space=\"preserve\">{m}</w:t></w:r>"));
                    }
                    self.inlines(content, &RunStyle::default());
                    self.out.push_str("</w:p>");
                    rest = &rest[1..];
                }
                _ => {
                    // An item that starts with something other than text still gets its
                    // number, on a paragraph of its own.
                    let mark = box_mark
                        .map(|m| format!("<w:r><w:t>{}</w:t></w:r>", m.trim()))
                        .unwrap_or_default();
                    self.out.push_str(&format!("<w:p>{numbered}{mark}</w:p>"));
                }
            }
            for b in rest {
                match &b.kind {
                    BlockKind::List { start, items } => self.list(*start, items, &inner),
                    _ => self.block(
                        b,
                        &Ctx {
                            style: inner.style.or(Some("ListParagraph")),
                            ..inner.clone()
                        },
                    ),
                }
            }
        }
    }

    fn code(&mut self, text: &str, ctx: &Ctx) {
        let ppr = ppr(Some("Code"), None, ctx.indent, "");
        self.out.push_str("<w:p>");
        self.out.push_str(&ppr);
        self.out.push_str("<w:r>");
        let text = text.strip_suffix('\n').unwrap_or(text);
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                self.out.push_str("<w:br/>");
            }
            for (k, piece) in line.split('\t').enumerate() {
                if k > 0 {
                    self.out.push_str("<w:tab/>");
                }
                if !piece.is_empty() {
                    self.out.push_str("<w:t xml:space=\"preserve\">");
                    push_esc(&mut self.out, piece);
                    self.out.push_str("</w:t>");
                }
            }
        }
        self.out.push_str("</w:r></w:p>");
    }

    /// Footnotes defined but never referenced would vanish from a Word document (its notes
    /// exist only where they are referenced); they are referenced from a closing paragraph.
    pub fn unreferenced_footnotes(&mut self) {
        let labels: Vec<String> = self
            .doc
            .footnotes
            .iter()
            .map(|f| f.label.clone())
            .filter(|l| !self.note_ids.contains_key(l))
            .collect();
        if labels.is_empty() {
            return;
        }
        let content: Vec<Inline> = labels
            .into_iter()
            .map(|label| Inline::FootnoteRef { label })
            .collect();
        let ppr = ppr(None, None, 0, "");
        self.paragraph(&ppr, &content);
    }
}

/// The label a callout box shows (as in the PDF).
pub fn callout_label(kind: &str) -> &str {
    match kind {
        "NOTE" | "WARNING" => "Note",
        other => other,
    }
}

/// Paragraph properties in the schema's order: style, `extra` (keepNext and the like, which
/// come before numbering), numbering, left indent.
pub fn ppr(style: Option<&str>, num: Option<(usize, usize)>, indent: u32, extra: &str) -> String {
    let mut s = String::from("<w:pPr>");
    if let Some(st) = style {
        s.push_str(&format!("<w:pStyle w:val=\"{st}\"/>"));
    }
    s.push_str(extra);
    if let Some((id, level)) = num {
        s.push_str(&format!(
            "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{id}\"/></w:numPr>"
        ));
    }
    if indent > 0 {
        s.push_str(&format!("<w:ind w:left=\"{indent}\"/>"));
    }
    s.push_str("</w:pPr>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_properties_keep_the_schema_order() {
        let p = ppr(Some("ListParagraph"), Some((3, 1)), 720, "<w:keepNext/>");
        assert_eq!(
            p,
            "<w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:keepNext/><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"3\"/></w:numPr><w:ind w:left=\"720\"/></w:pPr>"
        );
    }
}
