//! Checks of a report's body: the template sections and internal links.
//! (Front matter values are checked where they are read, in `frontmatter.rs`.)

use super::Report;
use super::sections;
use crate::doc::MAX_NESTING;
use crate::problem::{Location, Problems};
use std::collections::HashSet;

/// Checks the body of a report whose front matter was read.
pub fn check_body(report: &Report, p: &mut Problems) {
    check_sections(report, p);
    check_internal_links(report, p);
    check_unclosed_emphasis(report, p);
    check_image_descriptions(report, p);
    if report.meta.language == super::Language::Ja {
        super::spacing::check(&report.body, report.body_line, p);
    }
    if let Some((c, at)) = super::first_control_char(&report.body) {
        p.warning(
            Location::new(at.line + report.body_line - 1, at.column),
            "control-character",
            format!(
                "the text contains the invisible control character U+{:04X} (NUL is shown as �); delete it",
                c as u32
            ),
        );
    }
    if report.doc.nesting_truncated {
        p.warning(
            Location::new(report.body_line, 1),
            "deep-nesting",
            format!("lists, quotes or emphasis nest deeper than {MAX_NESTING} levels; deeper levels are shown flattened"),
        );
    }
}

/// Every template section is present as a level-2 heading, in the template's order.
fn check_sections(report: &Report, p: &mut Problems) {
    let required = sections::required(report.meta.language);
    let headings = report.doc.headings();
    let level2: Vec<_> = headings.iter().filter(|h| h.level == 2).collect();
    for h in headings.iter().filter(|h| h.level == 1) {
        p.warning(
            Location::new(h.line, 1),
            "h1-in-body",
            format!(
                "`# {}`: the title comes from the front matter; start the body's sections at `##`",
                h.text
            ),
        );
    }
    let end = Location::new(report.body_line + report.body.lines().count(), 1);
    let mut last_index = None;
    for (n, name) in required.iter().enumerate() {
        match level2.iter().position(|h| h.text.trim() == *name) {
            None => {
                // Point at where the section belongs: before the next required section present.
                let at = required[n + 1..]
                    .iter()
                    .find_map(|next| level2.iter().find(|h| h.text.trim() == *next))
                    .map_or(end, |h| Location::new(h.line, 1));
                p.error(
                    at,
                    "missing-section",
                    format!("missing required section `## {name}`"),
                );
            }
            Some(i) => {
                if last_index.is_some_and(|last| i < last) {
                    p.warning(
                        Location::new(level2[i].line, 1),
                        "section-order",
                        format!(
                            "section `## {name}` is out of order: the template order is {}",
                            required.join(" → ")
                        ),
                    );
                }
                last_index = Some(i);
            }
        }
    }
}

/// Every image needs a description: it is the PDF Figure's /Alt that a screen reader reads
/// (PDF/UA-1, 7.3), and the website's alt text.
fn check_image_descriptions(report: &Report, p: &mut Problems) {
    fn walk(inlines: &[crate::doc::Inline], p: &mut Problems) {
        use crate::doc::Inline;
        for i in inlines {
            match i {
                Inline::Image { url, alt, at, .. } if alt.trim().is_empty() => p.warning(
                    *at,
                    "image-without-alt",
                    format!("image `{url}` has no description: write what it shows between the brackets, `![…]({url})`"),
                ),
                Inline::Link { content, .. }
                | Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strike { content } => walk(content, p),
                _ => {}
            }
        }
    }
    let mut blocks = Vec::new();
    crate::doc::walk_blocks(&report.doc.blocks, &mut |b| blocks.push(b));
    for f in &report.doc.footnotes {
        crate::doc::walk_blocks(&f.blocks, &mut |b| blocks.push(b));
    }
    for b in blocks {
        crate::doc::for_each_inline_list(b, &mut |inlines| walk(inlines, p));
    }
}

/// `[…](#anchor)` must point at a heading of this report (or a footnote).
fn check_internal_links(report: &Report, p: &mut Problems) {
    let anchors: HashSet<String> = report.doc.headings().into_iter().map(|h| h.id).collect();
    let footnotes: HashSet<&str> = report.doc.footnotes.iter().map(|f| f.label.as_str()).collect();
    for (url, at) in report.doc.links() {
        let Some(anchor) = url.strip_prefix('#') else {
            continue;
        };
        let anchor = percent_decode(anchor);
        let is_footnote = anchor.strip_prefix("fn-").is_some_and(|l| footnotes.contains(l));
        if !anchors.contains(&anchor) && !is_footnote {
            p.error(
                at,
                "missing-anchor",
                format!("link to `#{anchor}`, but no heading of this report has that anchor"),
            );
        }
    }
}

/// CommonMark does not close `**` after punctuation such as ） or 」 when a letter follows
/// (`**制度（CDSCO）**で`), a rule made for spaced languages that often bites Japanese text.
/// The asterisks then show literally in the preview, the PDF and the site.
fn check_unclosed_emphasis(report: &Report, p: &mut Problems) {
    let lines: Vec<&str> = report.body.lines().collect();
    let mut flagged = HashSet::new();
    let mut visit = |b: &crate::doc::Block| {
        crate::doc::for_each_inline_list(b, &mut |inlines| {
            if !literal_delimiters(inlines) || !flagged.insert(b.line) {
                return;
            }
            let first = b.line.saturating_sub(report.body_line);
            let found = lines
                .iter()
                .enumerate()
                .skip(first)
                .find_map(|(i, l)| l.find("**").map(|byte| (i, l[..byte].chars().count() + 1)));
            let (line, column) = found.map_or((b.line, 1), |(i, c)| (report.body_line + i, c));
            p.warning(
                Location::new(line, column),
                "unclosed-emphasis",
                "`**` is not read as bold here: CommonMark does not close emphasis after punctuation such as ） or 」 \
                 when a letter follows; move the `**` inside the brackets or rephrase",
            );
        });
    };
    crate::doc::walk_blocks(&report.doc.blocks, &mut visit);
}

fn literal_delimiters(inlines: &[crate::doc::Inline]) -> bool {
    use crate::doc::Inline;
    inlines.iter().any(|i| match i {
        Inline::Text { text } => text.contains("**"),
        Inline::Emphasis { content } | Inline::Strong { content } | Inline::Strike { content } => {
            literal_delimiters(content)
        }
        Inline::Link { content, .. } => literal_delimiters(content),
        _ => false,
    })
}

/// Anchors in links may be percent-encoded (`#%E8%96%AC…`); compare them decoded.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}
