//! The report's 要確認 items in one place: every structured field's value or note and every
//! sentence of the body that says 要確認 ("to verify" in English editions), with where it is.
//!
//! `kuni check --to-verify` prints them; [`append_section`] adds them to the document model as
//! an ordinary last section, so the preview, the PDF and the site list them without knowing
//! anything about them.

use super::Language;
use super::citations::Positions;
use super::schema::FrontMatter;
use crate::doc::{Block, BlockKind, Document, Inline, ListItem, inline_text, walk_blocks};
use crate::problem::Location;
use serde::Serialize;

/// One thing the report says must be verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToVerify {
    /// Where it is written in the file.
    #[serde(flatten)]
    pub location: Location,
    /// The structured field (`review_time`) or the body section path (`薬事制度 › 審査期間`).
    pub place: String,
    /// The sentence, note or value that says what to verify, as plain text.
    pub text: String,
}

/// The heading of the generated section, per language.
pub fn section_title(language: Language) -> &'static str {
    match language {
        Language::Ja => "要確認事項の一覧",
        Language::En => "Items to verify",
    }
}

/// True when `text` marks something as to be verified. A quoted mention of the marker
/// (「要確認」と記した事項) explains the convention and is not itself an item.
fn has_marker(text: &str) -> bool {
    marker_positions(text).next().is_some()
}

fn marker_positions(text: &str) -> impl Iterator<Item = usize> + '_ {
    // ASCII lower-casing keeps every byte offset, so positions found in `lower` are valid in `text`.
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<usize> = text.match_indices("要確認").map(|(i, _)| i).collect();
    for m in ["to verify", "to be verified"] {
        found.extend(lower.match_indices(m).map(|(i, _)| i));
    }
    found.sort_unstable();
    found
        .into_iter()
        .filter(move |&i| !text[..i].ends_with(['「', '“', '"', '『']))
}

/// Collects the items of a report: the structured fields first (in field order), then the
/// body in reading order.
pub fn collect(
    fm: &FrontMatter,
    at: &Positions,
    doc: &Document,
    body: &str,
    body_line: usize,
) -> Vec<ToVerify> {
    let mut out = fields(fm, at);
    out.extend(body_items(doc, body, body_line));
    out
}

/// A structured field as the list sees it: key, Japanese and English labels, the texts of its
/// value (one per route for `routes`) and its note.
type FieldTexts<'a> = (
    &'static str,
    &'static str,
    &'static str,
    Vec<String>,
    &'a Option<String>,
);

fn fields(fm: &FrontMatter, at: &Positions) -> Vec<ToVerify> {
    let reg = &fm.regulation;
    let ja = fm.language == Language::Ja;
    let routes: Vec<String> = reg
        .routes
        .value
        .iter()
        .map(|r| format!("{}: {}", r.class, r.route))
        .collect();
    let mut fields: Vec<FieldTexts> = vec![
        (
            "regulator",
            "規制当局",
            "Regulator",
            vec![reg.regulator.value.clone()],
            &reg.regulator.note,
        ),
        (
            "main_law",
            "主な法令",
            "Main law",
            vec![reg.main_law.value.clone()],
            &reg.main_law.note,
        ),
        (
            "risk_classes",
            "リスク区分",
            "Risk classes",
            reg.risk_classes.value.clone(),
            &reg.risk_classes.note,
        ),
        (
            "routes",
            "区分ごとの登録経路",
            "Route per class",
            routes,
            &reg.routes.note,
        ),
        (
            "local_representative",
            "現地代理人",
            "Local representative",
            Vec::new(),
            &reg.local_representative.note,
        ),
        (
            "label_language",
            "表示言語",
            "Label language",
            vec![reg.label_language.value.clone()],
            &reg.label_language.note,
        ),
        (
            "reliance",
            "参照国承認の活用",
            "Reliance",
            vec![reg.reliance.value.clone()],
            &reg.reliance.note,
        ),
        (
            "review_time",
            "標準的な審査期間",
            "Typical review time",
            vec![reg.review_time.value.clone()],
            &reg.review_time.note,
        ),
        (
            "validity",
            "有効期間",
            "Validity",
            vec![reg.validity.value.clone()],
            &reg.validity.note,
        ),
    ];
    if let Some(a) = &reg.assistive_products {
        fields.push((
            "assistive_products",
            "福祉用具の扱い",
            "Assistive products",
            vec![a.value.clone()],
            &a.note,
        ));
    }
    let mut out = Vec::new();
    for (key, label_ja, label_en, values, note) in fields {
        let Some(pos) = at.fields.iter().find(|f| f.key == key) else {
            continue;
        };
        let place = (if ja { label_ja } else { label_en }).to_string();
        for value in values.iter().filter(|v| has_marker(v)) {
            out.push(ToVerify {
                location: pos.value,
                place: place.clone(),
                text: value.clone(),
            });
        }
        if let (Some(note), Some(note_at)) = (note, pos.note)
            && has_marker(note)
        {
            out.push(ToVerify {
                location: note_at,
                place: place.clone(),
                text: note.clone(),
            });
        }
    }
    for i in &fm.indicators {
        let name = format!("indicators.{}", i.key.code());
        let (Some(note), Some(pos)) = (&i.note, at.fields.iter().find(|f| f.key == name)) else {
            continue;
        };
        if has_marker(note) {
            out.push(ToVerify {
                location: pos.note.unwrap_or(pos.value),
                place: i.key.label(fm.language).to_string(),
                text: note.clone(),
            });
        }
    }
    out
}

/// The sentences of `text` that carry the marker. Japanese sentences end at 。; English ones
/// at a full stop followed by a space; neither inside brackets, where a 。 ends a quoted or
/// parenthetical sentence, not the one around it.
fn marked_sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '（' | '(' | '「' | '『' => depth += 1,
            '）' | ')' | '」' | '』' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let end = match c {
            _ if depth > 0 => None,
            '。' => Some(i + c.len_utf8()),
            '.' if chars.peek().is_some_and(|(_, n)| n.is_whitespace()) => Some(i + 1),
            _ => None,
        };
        if let Some(end) = end {
            sentences.push(&text[start..end]);
            start = end;
        }
    }
    sentences.push(&text[start..]);
    sentences
        .into_iter()
        .map(str::trim)
        .filter(|s| has_marker(s))
        .map(str::to_string)
        .collect()
}

/// Finds each marked sentence's line and column in the source, moving forward only, since the
/// document's blocks are in the order of the text.
struct Cursor<'a> {
    lines: Vec<&'a str>,
    body_line: usize,
    line: usize,
    byte: usize,
}

impl Cursor<'_> {
    fn next_marker(&mut self, from_line: usize) -> Location {
        let from = from_line.saturating_sub(self.body_line);
        if from > self.line {
            (self.line, self.byte) = (from, 0);
        }
        while self.line < self.lines.len() {
            let text = self.lines[self.line];
            if let Some(i) = marker_positions(text).find(|&i| i >= self.byte) {
                self.byte = i + 1;
                let column = text[..i].chars().count() + 1;
                return Location::new(self.body_line + self.line, column);
            }
            (self.line, self.byte) = (self.line + 1, 0);
        }
        Location::new(from_line, 1)
    }
}

fn body_items(doc: &Document, body: &str, body_line: usize) -> Vec<ToVerify> {
    let mut cursor = Cursor {
        lines: body.lines().collect(),
        body_line,
        line: 0,
        byte: 0,
    };
    let mut path: Vec<(u8, String)> = Vec::new();
    let mut out = Vec::new();
    walk_blocks(&doc.blocks, &mut |b| {
        let texts: Vec<String> = match &b.kind {
            BlockKind::Heading { level, content, .. } => {
                let title = inline_text(content);
                path.retain(|(l, _)| l < level);
                path.push((*level, title));
                return;
            }
            BlockKind::Paragraph { content } => vec![inline_text(content)],
            // A cell is shown with its row's first cell, which names what it is about.
            BlockKind::Table { rows, .. } => rows
                .iter()
                .flat_map(|row| {
                    let first = row.first().map(|c| inline_text(c)).unwrap_or_default();
                    row.iter().enumerate().map(move |(n, cell)| {
                        let text = inline_text(cell);
                        if n == 0 { text } else { format!("{first}: {text}") }
                    })
                })
                .collect(),
            _ => return,
        };
        let place = || {
            path.iter()
                .filter(|(l, _)| *l >= 2)
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(" › ")
        };
        for text in texts.iter().filter(|t| has_marker(t)) {
            for sentence in marked_sentences(text) {
                out.push(ToVerify {
                    location: cursor.next_marker(b.line),
                    place: place(),
                    text: sentence,
                });
            }
        }
    });
    out
}

/// Appends the items to `doc` as a last level-2 section: a heading, a line saying what the
/// list is, and one bullet per item. Nothing is added when there is no item.
pub fn append_section(doc: &mut Document, items: &[ToVerify], language: Language, line: usize) {
    if items.is_empty() {
        return;
    }
    let title = section_title(language);
    let taken: Vec<String> = doc.headings().into_iter().map(|h| h.id).collect();
    let base = crate::doc::slug(title);
    let (mut id, mut n) = (base.clone(), 0);
    while taken.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    let intro = match language {
        Language::Ja => format!(
            "本文と構造化項目で要確認とした事項を、Kuni が自動で集めた一覧（{} 件）。利用前に、それぞれを規制当局の最新の情報で確かめること。",
            items.len()
        ),
        Language::En => format!(
            "The points this report marks as to be verified, collected by Kuni from the text and the structured fields ({} items). Check each against the regulator's current information before relying on it.",
            items.len()
        ),
    };
    let sep = match language {
        Language::Ja => "：",
        Language::En => ": ",
    };
    let block = |kind| Block { line, kind };
    let text = |t: String| Inline::Text { text: t };
    doc.blocks.push(block(BlockKind::Heading {
        level: 2,
        id,
        content: vec![text(title.to_string())],
    }));
    doc.blocks.push(block(BlockKind::Paragraph {
        content: vec![text(intro)],
    }));
    let items = items
        .iter()
        .map(|item| ListItem {
            task: None,
            blocks: vec![block(BlockKind::Paragraph {
                content: vec![
                    Inline::Strong {
                        content: vec![text(item.place.clone())],
                    },
                    text(format!("{sep}{}", item.text)),
                ],
            })],
        })
        .collect();
    doc.blocks.push(block(BlockKind::List { start: None, items }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_with_the_marker_are_kept_alone() {
        assert_eq!(
            marked_sentences("審査は 30 日。通常審査の期間は要確認である。手数料は別。"),
            vec!["通常審査の期間は要確認である。"]
        );
        assert_eq!(
            marked_sentences("Fees apply. The period is to be verified. Done."),
            vec!["The period is to be verified."]
        );
        assert!(marked_sentences("「要確認」と記した事項は、利用前に確認すること。").is_empty());
        // A 。 inside brackets does not end the sentence around it.
        assert_eq!(
            marked_sentences("期間は 30 日（解説による。原文は要確認）。次の文。"),
            vec!["期間は 30 日（解説による。原文は要確認）。"]
        );
    }
}
