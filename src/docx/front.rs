//! The cover, the table of contents, the revision history, the running header and footer,
//! and the page set-up (A4, the PDF's margins, no header on the cover).
//!
//! The contents are a real `TOC` field, so Word's "Update Table" rebuilds them from the
//! Heading styles; its entries are written out already (each a link to its heading's
//! bookmark, with a `PAGEREF` field for the number), so the contents read right before any
//! update. The page numbers written there are an estimate from the text's length, since only
//! Word knows where its pages break; Word replaces them when it updates fields (printing does).

use super::inline::is_wide;
use super::table::text_width;
use super::writer::Writer;
use super::xml::{esc, root};
use crate::doc::{Block, BlockKind, Document, Inline, inline_text};
use crate::pdf::ExportOptions;
use crate::report::{ChangeEntry, Report};

/// What the cover shows (the PDF's cover).
pub struct Cover {
    /// "ベトナム（VN）".
    pub country: String,
    /// The report's title.
    pub title: String,
    /// Version and date, organisation, author.
    pub particulars: Vec<String>,
}

impl Cover {
    /// The cover of `report`, with the same lines as the PDF's.
    pub fn of(report: &Report, opts: &ExportOptions) -> Self {
        let about = crate::pdf::Particulars::of(report, opts);
        Cover {
            country: about.country,
            title: about.title,
            particulars: about.cover_lines,
        }
    }
}

const PAGE_BREAK: &str = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";

/// The cover page, then a page break.
pub fn cover(w: &mut Writer, c: &Cover) {
    w.out.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Subtitle\"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>",
        esc(&c.country)
    ));
    w.out
        .push_str("<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r>");
    for (n, line) in title_lines(&c.title).iter().enumerate() {
        if n > 0 {
            w.out.push_str("<w:br/>");
        }
        w.out
            .push_str(&format!("<w:t xml:space=\"preserve\">{}</w:t>", esc(line)));
    }
    w.out.push_str("</w:r></w:p>");
    for (n, p) in c.particulars.iter().enumerate() {
        let style = if n == 0 { "CoverFirst" } else { "CoverDetail" };
        w.out.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            esc(p)
        ));
    }
    w.out.push_str(PAGE_BREAK);
}

/// The title's lines on the cover: broken at its spaces when it is too long for one line (as
/// the PDF does), so Word does not break inside a word such as カントリーレポート.
fn title_lines(title: &str) -> Vec<String> {
    // 22 pt type across the text width.
    let per_line = (crate::pdf::style::PAGE_W - 2.0 * crate::pdf::style::MARGIN_X) / 22.0;
    let mut lines: Vec<String> = Vec::new();
    for word in title.split([' ', '\u{3000}']).filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(last) if em(last) + 0.5 + em(word) <= per_line => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Headings the contents list: levels 1–3, as in the PDF.
const TOC_LEVELS: u8 = 3;

/// The table of contents (heading, field with its entries), then a page break.
pub fn contents(w: &mut Writer, doc: &Document, changelog: &[ChangeEntry]) {
    let title = if w.ja { "目次" } else { "Contents" };
    w.out.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/></w:pPr><w:r><w:t>{title}</w:t></w:r></w:p>"
    ));
    let mut entries: Vec<(u8, String, String)> = doc
        .headings()
        .into_iter()
        .filter(|h| h.level <= TOC_LEVELS)
        .map(|h| (h.level, h.text, h.id))
        .collect();
    if !changelog.is_empty() {
        entries.push((2, revision_title(w.ja).to_string(), REVISIONS_ANCHOR.to_string()));
    }
    let toc_pages = entries.len().div_ceil(TOC_PER_PAGE).max(1);
    let pages = estimate_pages(doc, 1 + toc_pages);
    let field_begin = format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-{TOC_LEVELS}\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
    );
    let field_end = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
    if entries.is_empty() {
        w.out.push_str(&format!("<w:p>{field_begin}{field_end}</w:p>"));
    }
    let tab = text_width();
    let last = entries.len().saturating_sub(1);
    for (n, (level, text, anchor)) in entries.iter().enumerate() {
        let name = w.bookmark_for(anchor);
        let page = pages.get(anchor).copied().unwrap_or(1 + toc_pages + 1);
        w.out.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"TOC{level}\"/><w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{tab}\"/></w:tabs></w:pPr>"
        ));
        if n == 0 {
            w.out.push_str(&field_begin);
        }
        w.out.push_str(&format!(
            "<w:hyperlink w:anchor=\"{name}\" w:history=\"1\"><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGEREF {name} \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>{page}</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:hyperlink>",
            esc(text)
        ));
        if n == last {
            w.out.push_str(field_end);
        }
        w.out.push_str("</w:p>");
    }
    w.out.push_str(PAGE_BREAK);
}

/// The revision history's anchor (the PDF's).
const REVISIONS_ANCHOR: &str = "kuni-revisions";

fn revision_title(ja: bool) -> &'static str {
    if ja { "改訂履歴" } else { "Revision history" }
}

/// The revision history: a level-2 heading and a table of versions, as in the PDF.
pub fn revision_history(w: &mut Writer, changelog: &[ChangeEntry]) {
    if changelog.is_empty() {
        return;
    }
    let title = revision_title(w.ja);
    let name = w.bookmark_for(REVISIONS_ANCHOR);
    w.heading(2, &name, |w| w.run(title, &Default::default(), false));
    let head = if w.ja {
        ["版", "日付", "内容"]
    } else {
        ["Version", "Date", "Changes"]
    };
    let text = |s: String| vec![Inline::Text { text: s }];
    let rows: Vec<Vec<Vec<Inline>>> = changelog
        .iter()
        .map(|c| {
            vec![
                text(format!("v{}", c.version)),
                text(c.date.to_string()),
                text(c.note.clone()),
            ]
        })
        .collect();
    let head: Vec<Vec<Inline>> = head.iter().map(|h| text(h.to_string())).collect();
    super::table::table(w, &[], &head, &rows, 0, 0);
}

/// `word/document.xml`: the body written so far and the section's page set-up.
pub fn document(w: &mut Writer) -> String {
    let (top, bottom, side) = (
        twips(crate::pdf::style::MARGIN_TOP),
        twips(crate::pdf::style::MARGIN_BOTTOM),
        twips(crate::pdf::style::MARGIN_X),
    );
    format!(
        "{}<w:body>{}<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"{top}\" w:right=\"{side}\" w:bottom=\"{bottom}\" w:left=\"{side}\" w:header=\"680\" w:footer=\"567\" w:gutter=\"0\"/><w:cols w:space=\"425\"/><w:titlePg/><w:docGrid w:type=\"lines\" w:linePitch=\"378\"/></w:sectPr></w:body></w:document>",
        root("document"),
        w.out
    )
}

fn twips(pt: f32) -> u32 {
    (pt * 20.0).round() as u32
}

/// The running header: the report's title (not on the cover: the section has `w:titlePg`).
pub fn header(title: &str) -> String {
    format!(
        "{}<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:hdr>",
        root("hdr"),
        esc(title)
    )
}

/// The running footer: "page / pages" as PAGE and NUMPAGES fields.
pub fn footer() -> String {
    let field = |instr: &str| {
        format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {instr} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        )
    };
    format!(
        "{}<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>{}<w:r><w:t xml:space=\"preserve\"> / </w:t></w:r>{}</w:p></w:ftr>",
        root("ftr"),
        field("PAGE"),
        field("NUMPAGES")
    )
}

/// Entries of the contents per page (the PDF's figure).
const TOC_PER_PAGE: usize = 33;

/// Body lines per page and em per line at the body size (A4, the PDF's margins, 10.5 pt
/// type on 18.9 pt lines).
const LINES_PER_PAGE: f32 = 37.0;
const EM_PER_LINE: f32 = 44.8;

fn em(text: &str) -> f32 {
    text.chars().map(|c| if is_wide(c) { 1.0 } else { 0.55 }).sum()
}

/// Estimated 1-based page of each heading anchor, the body starting after `front_pages`.
fn estimate_pages(doc: &Document, front_pages: usize) -> std::collections::HashMap<String, usize> {
    let mut pages = std::collections::HashMap::new();
    let mut lines = 0.0f32;
    estimate_blocks(&doc.blocks, EM_PER_LINE, &mut lines, &mut |anchor, at| {
        pages.insert(
            anchor.to_string(),
            front_pages + 1 + (at / LINES_PER_PAGE) as usize,
        );
    });
    pages.insert(
        REVISIONS_ANCHOR.to_string(),
        front_pages + 1 + ((lines + 2.0) / LINES_PER_PAGE) as usize,
    );
    pages
}

fn estimate_blocks(blocks: &[Block], width: f32, lines: &mut f32, on_heading: &mut impl FnMut(&str, f32)) {
    let para = |text: &str, width: f32| (em(text) / width.max(8.0)).ceil().max(1.0);
    for b in blocks {
        match &b.kind {
            BlockKind::Heading { level, id, content } => {
                let h = if *level <= 2 {
                    2.6
                } else if *level == 3 {
                    1.8
                } else {
                    1.4
                };
                // Headings keep with what follows: near a page's foot they move to the next.
                let left = LINES_PER_PAGE - lines.rem_euclid(LINES_PER_PAGE);
                if left < h + 2.0 {
                    *lines += left;
                }
                on_heading(id, *lines);
                *lines += h + para(&inline_text(content), width * 0.7) - 1.0;
            }
            BlockKind::Paragraph { content } => *lines += para(&inline_text(content), width) + 0.3,
            BlockKind::List { items, .. } => {
                for item in items {
                    estimate_blocks(&item.blocks, width - 1.6, lines, on_heading);
                }
            }
            BlockKind::Quote { blocks, .. } => {
                *lines += 1.2;
                estimate_blocks(blocks, width - 2.0, lines, on_heading);
            }
            BlockKind::Code { text, .. } => *lines += text.lines().count() as f32 * 0.72 + 0.8,
            BlockKind::Table { head, rows, .. } => {
                let ncols = rows
                    .iter()
                    .map(Vec::len)
                    .chain([head.len()])
                    .max()
                    .unwrap_or(1)
                    .max(1);
                let col = width * 10.5 / 9.0 / ncols as f32;
                for row in std::iter::once(head).chain(rows) {
                    let tallest = row.iter().map(|c| para(&inline_text(c), col)).fold(1.0, f32::max);
                    *lines += tallest * 0.74 + 0.25;
                }
                *lines += 0.6;
            }
            BlockKind::Rule => *lines += 0.6,
            BlockKind::Html { .. } => {}
        }
    }
}
