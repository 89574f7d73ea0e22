//! The document model → HTML, for the app's preview and the website.
//!
//! HTML is written here from the model, every text escaped, so only markup we chose appears.
//! Raw HTML in a report goes through ammonia with a conservative allow-list (no scripts,
//! frames, forms, styles or event handlers), and link targets are kept only for http(s),
//! mailto and in-page anchors: `javascript:` and `data:` links lose their target.

use crate::doc::{Align, Block, BlockKind, Document, Inline};
use std::collections::HashMap;
use std::fmt::Write;

/// Renders a report body as an HTML fragment (no `<html>` wrapper).
pub fn render(doc: &Document) -> String {
    let notes: HashMap<&str, usize> = doc
        .footnotes
        .iter()
        .enumerate()
        .map(|(i, f)| (f.label.as_str(), i + 1))
        .collect();
    let mut out = String::with_capacity(4096);
    blocks(&doc.blocks, &notes, &mut out);
    if !doc.footnotes.is_empty() {
        out.push_str("<section class=\"footnotes\"><ol>");
        for (i, f) in doc.footnotes.iter().enumerate() {
            let _ = write!(out, "<li id=\"fn-{}\">", escape(&f.label));
            blocks(&f.blocks, &notes, &mut out);
            let _ = write!(
                out,
                "<a href=\"#fnref-{}\" class=\"backref\" aria-label=\"本文へ戻る\">↩</a></li>",
                i + 1
            );
        }
        out.push_str("</ol></section>");
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A link target that is safe to keep, or `None` (then the link renders as plain text).
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_ok =
        lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:");
    let relative = !lower.contains(':') && !lower.starts_with("//");
    (scheme_ok || lower.starts_with('#') || relative).then_some(url.trim())
}

fn blocks(list: &[Block], notes: &HashMap<&str, usize>, out: &mut String) {
    for b in list {
        block(b, notes, out);
    }
}

fn block(b: &Block, notes: &HashMap<&str, usize>, out: &mut String) {
    let line = b.line;
    match &b.kind {
        BlockKind::Heading { level, id, content } => {
            let _ = write!(out, "<h{level} id=\"{}\" data-line=\"{line}\">", escape(id));
            inlines(content, notes, out);
            let _ = write!(out, "</h{level}>");
        }
        BlockKind::Paragraph { content } => {
            let _ = write!(out, "<p data-line=\"{line}\">");
            inlines(content, notes, out);
            out.push_str("</p>");
        }
        BlockKind::List { start, items } => {
            match start {
                Some(1) => out.push_str("<ol>"),
                Some(n) => {
                    let _ = write!(out, "<ol start=\"{n}\">");
                }
                None => out.push_str("<ul>"),
            }
            for item in items {
                out.push_str("<li>");
                if let Some(checked) = item.task {
                    let _ = write!(
                        out,
                        "<input type=\"checkbox\" disabled{}> ",
                        if checked { " checked" } else { "" }
                    );
                }
                // A tight item's single paragraph renders without <p>.
                match item.blocks.as_slice() {
                    [
                        Block {
                            kind: BlockKind::Paragraph { content },
                            ..
                        },
                    ] => inlines(content, notes, out),
                    more => blocks(more, notes, out),
                }
                out.push_str("</li>");
            }
            out.push_str(if start.is_some() { "</ol>" } else { "</ul>" });
        }
        BlockKind::Quote {
            callout: Some(kind),
            blocks: inner,
        } => {
            let label = if kind.is_ascii() { "Note" } else { kind.as_str() };
            let _ = write!(
                out,
                "<aside class=\"callout\" data-line=\"{line}\"><p class=\"callout-label\">{}</p>",
                escape(label)
            );
            blocks(inner, notes, out);
            out.push_str("</aside>");
        }
        BlockKind::Quote {
            callout: None,
            blocks: inner,
        } => {
            let _ = write!(out, "<blockquote data-line=\"{line}\">");
            blocks(inner, notes, out);
            out.push_str("</blockquote>");
        }
        BlockKind::Code { lang, text } => {
            let class = lang
                .as_deref()
                .map(|l| format!(" class=\"language-{}\"", escape(l)))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<pre data-line=\"{line}\"><code{class}>{}</code></pre>",
                escape(text)
            );
        }
        BlockKind::Table { align, head, rows } => {
            let _ = write!(
                out,
                "<div class=\"table-wrap\" data-line=\"{line}\"><table><thead><tr>"
            );
            for (i, cell) in head.iter().enumerate() {
                let _ = write!(out, "<th{}>", align_attr(align.get(i)));
                inlines(cell, notes, out);
                out.push_str("</th>");
            }
            out.push_str("</tr></thead><tbody>");
            for row in rows {
                out.push_str("<tr>");
                for (i, cell) in row.iter().enumerate() {
                    let _ = write!(out, "<td{}>", align_attr(align.get(i)));
                    inlines(cell, notes, out);
                    out.push_str("</td>");
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table></div>");
        }
        BlockKind::Rule => out.push_str("<hr>"),
        BlockKind::Html { html } => out.push_str(&sanitize(html)),
    }
}

/// Alignment as a class: the app's and the site's CSP allow no inline styles.
fn align_attr(a: Option<&Align>) -> &'static str {
    match a {
        Some(Align::Left) => " class=\"align-left\"",
        Some(Align::Center) => " class=\"align-center\"",
        Some(Align::Right) => " class=\"align-right\"",
        _ => "",
    }
}

fn inlines(list: &[Inline], notes: &HashMap<&str, usize>, out: &mut String) {
    for i in list {
        match i {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Code { text } => {
                let _ = write!(out, "<code>{}</code>", escape(text));
            }
            Inline::Emphasis { content } => wrap("em", content, notes, out),
            Inline::Strong { content } => wrap("strong", content, notes, out),
            Inline::Strike { content } => wrap("del", content, notes, out),
            Inline::Link {
                url, title, content, ..
            } => match safe_url(url) {
                Some(href) => {
                    let external = !href.starts_with('#');
                    let _ = write!(out, "<a href=\"{}\"", escape(href));
                    if !title.is_empty() {
                        let _ = write!(out, " title=\"{}\"", escape(title));
                    }
                    if external {
                        out.push_str(" class=\"external\" rel=\"noopener noreferrer\"");
                    }
                    out.push('>');
                    inlines(content, notes, out);
                    out.push_str("</a>");
                }
                None => wrap("span", content, notes, out),
            },
            Inline::Image { url, title, alt, .. } => match safe_url(url).filter(|u| !u.starts_with('#')) {
                Some(src) => {
                    let _ = write!(out, "<img src=\"{}\" alt=\"{}\"", escape(src), escape(alt));
                    if !title.is_empty() {
                        let _ = write!(out, " title=\"{}\"", escape(title));
                    }
                    out.push_str(" loading=\"lazy\">");
                }
                None => {
                    let _ = write!(out, "<span class=\"image-missing\">［{}］</span>", escape(alt));
                }
            },
            Inline::FootnoteRef { label } => {
                let n = notes.get(label.as_str()).copied().unwrap_or(0);
                let _ = write!(
                    out,
                    "<sup id=\"fnref-{n}\"><a href=\"#fn-{}\">{n}</a></sup>",
                    escape(label)
                );
            }
            Inline::SoftBreak => out.push('\n'),
            Inline::HardBreak => out.push_str("<br>"),
            Inline::Html { html } => out.push_str(&sanitize(html)),
        }
    }
}

fn wrap(tag: &str, content: &[Inline], notes: &HashMap<&str, usize>, out: &mut String) {
    let _ = write!(out, "<{tag}>");
    inlines(content, notes, out);
    let _ = write!(out, "</{tag}>");
}

/// Raw HTML from a report, reduced to harmless formatting: ammonia's defaults minus images
/// (remote images would make the preview or site load something from the network) and with
/// links restricted to http(s) and mailto.
pub fn sanitize(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.rm_tags(&["img"]);
    b.url_schemes(std::collections::HashSet::from(["http", "https", "mailto"]));
    b.link_rel(Some("noopener noreferrer"));
    b.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::build;

    fn html(md: &str) -> String {
        render(&build(md, 1))
    }

    #[test]
    fn blocks_and_inlines() {
        let h = html(
            "## 薬事制度\n\n**太字**と`code`、[リンク](https://example.org)。\n\n> [!留意]\n> 要確認。\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n",
        );
        assert!(
            h.contains("<h2 id=\"薬事制度\" data-line=\"1\">薬事制度</h2>"),
            "{h}"
        );
        assert!(h.contains("<strong>太字</strong>と<code>code</code>"), "{h}");
        assert!(
            h.contains(
                "<a href=\"https://example.org\" class=\"external\" rel=\"noopener noreferrer\">リンク</a>"
            ),
            "{h}"
        );
        assert!(h.contains("<aside class=\"callout\" data-line=\"5\"><p class=\"callout-label\">留意</p><p data-line=\"5\">要確認。</p></aside>"), "{h}");
        assert!(
            h.contains("<th class=\"align-left\">A</th><th class=\"align-right\">B</th>"),
            "{h}"
        );
    }

    #[test]
    fn active_content_is_neutralised() {
        let h = html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<iframe src=\"https://evil\"></iframe>\n\n[x](javascript:alert(1)) [y](data:text/html,hi) <b onclick=\"alert(1)\">b</b>\n\n<svg><script>alert(1)</script></svg>",
        );
        for bad in [
            "<script",
            "onerror",
            "<iframe",
            "javascript:",
            "data:text",
            "onclick",
            "<svg",
            "<img",
        ] {
            assert!(!h.contains(bad), "{bad} survived in {h}");
        }
        // Inline raw HTML is cleaned tag by tag: the text stays, an unpaired tag is dropped.
        assert!(h.contains("b</p>"), "the text stays: {h}");
        assert!(
            h.contains("<span>x</span>"),
            "a dangerous link keeps its text: {h}"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            html("a < b & \"c\""),
            "<p data-line=\"1\">a &lt; b &amp; &quot;c&quot;</p>"
        );
    }
}
