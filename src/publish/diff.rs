//! What changed between two versions of a report, section by section.
//!
//! Both texts are cut into the front matter and the body's `##` sections; sections are paired
//! by heading (a renamed heading pairs by position). Inside a pair, changed lines are compared
//! again token by token, where a token is one Japanese character or one Latin word: Japanese
//! has no spaces, so a word diff would mark the whole sentence, while a character diff shows
//! the two characters that changed. A one-character unchanged run between changes (a particle,
//! a comma) is folded into the change, so the result reads as edits, not confetti.

use serde::{Serialize, Serializer};
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// What a run of text did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// In both versions.
    Equal,
    /// Only in the newer version.
    Insert,
    /// Only in the older version.
    Delete,
}

/// A run of text and what it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Span {
    /// equal, insert or delete.
    pub op: Op,
    /// The text, newlines included.
    pub text: String,
}

/// How a section changed as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SectionChange {
    /// Same text.
    Unchanged,
    /// In both, with changes.
    Modified,
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
}

/// One section's changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SectionDiff {
    /// The heading text (newer version's), `front matter` for the YAML, "" for text before
    /// the first heading.
    pub title: String,
    /// How it changed.
    pub change: SectionChange,
    /// Characters inserted.
    pub inserted: usize,
    /// Characters deleted.
    pub deleted: usize,
    /// The whole section as runs; concatenating the equal and delete runs gives the older
    /// text, the equal and insert runs the newer.
    pub ops: Vec<Span>,
}

/// One side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A published version.
    Version(u32),
    /// The working file.
    Draft,
    /// Nothing (the report was never published): everything is new.
    Empty,
}

impl Serialize for Side {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Side::Version(v) => write!(f, "v{v}"),
            Side::Draft => f.write_str("draft"),
            Side::Empty => f.write_str("none"),
        }
    }
}

/// The changes between two versions of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Diff {
    /// The report id.
    pub id: String,
    /// The older side (`v2`, `none`).
    #[cfg_attr(test, ts(type = "string"))]
    pub from: Side,
    /// The newer side (`v3`, `draft`).
    #[cfg_attr(test, ts(type = "string"))]
    pub to: Side,
    /// Characters inserted in all sections.
    pub inserted: usize,
    /// Characters deleted in all sections.
    pub deleted: usize,
    /// Every section of both versions, in the newer version's order.
    pub sections: Vec<SectionDiff>,
}

/// The title of the front matter's section.
pub const FRONT_MATTER: &str = "front matter";

/// A text cut into (title, text) sections: the front matter, then the body at `##` headings.
pub(crate) fn sections(text: &str) -> Vec<(String, String)> {
    let text = crate::report::normalise(text);
    let mut out = Vec::new();
    let mut body = text.as_str();
    if let Some(rest) = text.strip_prefix("---\n") {
        let mut at = 0;
        for line in rest.split_inclusive('\n') {
            at += line.len();
            if matches!(line.trim_end(), "---" | "...") {
                out.push((FRONT_MATTER.to_string(), text[..4 + at].to_string()));
                body = &rest[at..];
                break;
            }
        }
    }
    let mut title = String::new();
    let mut current = String::new();
    let mut fence: Option<String> = None;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
        } else if let Some(h) = line.strip_prefix("## ") {
            // Blank lines before the first heading belong to it, not to a section of their own.
            if !title.is_empty() || !current.trim().is_empty() {
                out.push((std::mem::take(&mut title), std::mem::take(&mut current)));
            }
            title = heading_title(h);
        }
        current.push_str(line);
    }
    if !current.is_empty() || !title.is_empty() {
        out.push((title, current));
    }
    out
}

/// `薬事制度 {#regulation}` → `薬事制度`.
fn heading_title(h: &str) -> String {
    let h = h.trim();
    let h = match h.rfind(" {") {
        Some(i) if h.ends_with('}') => &h[..i],
        _ => h,
    };
    h.trim_end_matches('#').trim().to_string()
}

/// Compares two texts of one report (`old` may be empty for a first publication).
pub fn diff_texts(id: &str, from: Side, old: &str, to: Side, new: &str) -> Diff {
    let a = sections(old);
    let b = sections(new);
    let ka: Vec<&str> = a.iter().map(|(t, _)| t.as_str()).collect();
    let kb: Vec<&str> = b.iter().map(|(t, _)| t.as_str()).collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    out.push(pair(
                        &b[new_index + k].0,
                        &a[old_index + k].1,
                        &b[new_index + k].1,
                    ));
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.extend(
                a[old_index..old_index + old_len]
                    .iter()
                    .map(|(t, x)| whole(t, x, Op::Delete)),
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend(
                b[new_index..new_index + new_len]
                    .iter()
                    .map(|(t, x)| whole(t, x, Op::Insert)),
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                if old_len == new_len {
                    // Renamed headings: compare the sections in place.
                    for k in 0..old_len {
                        out.push(pair(
                            &b[new_index + k].0,
                            &a[old_index + k].1,
                            &b[new_index + k].1,
                        ));
                    }
                } else {
                    out.extend(
                        a[old_index..old_index + old_len]
                            .iter()
                            .map(|(t, x)| whole(t, x, Op::Delete)),
                    );
                    out.extend(
                        b[new_index..new_index + new_len]
                            .iter()
                            .map(|(t, x)| whole(t, x, Op::Insert)),
                    );
                }
            }
        }
    }
    Diff {
        id: id.to_string(),
        from,
        to,
        inserted: out.iter().map(|s| s.inserted).sum(),
        deleted: out.iter().map(|s| s.deleted).sum(),
        sections: out,
    }
}

fn whole(title: &str, text: &str, op: Op) -> SectionDiff {
    let n = text.chars().count();
    SectionDiff {
        title: title.to_string(),
        change: if op == Op::Insert {
            SectionChange::Added
        } else {
            SectionChange::Removed
        },
        inserted: if op == Op::Insert { n } else { 0 },
        deleted: if op == Op::Delete { n } else { 0 },
        ops: vec![Span {
            op,
            text: text.to_string(),
        }],
    }
}

fn pair(title: &str, old: &str, new: &str) -> SectionDiff {
    let ops = if old == new {
        vec![Span {
            op: Op::Equal,
            text: new.to_string(),
        }]
    } else {
        text_ops(old, new)
    };
    let count = |op| {
        ops.iter()
            .filter(|s| s.op == op)
            .map(|s| s.text.chars().count())
            .sum()
    };
    let (inserted, deleted) = (count(Op::Insert), count(Op::Delete));
    SectionDiff {
        title: title.to_string(),
        change: if inserted + deleted == 0 {
            SectionChange::Unchanged
        } else {
            SectionChange::Modified
        },
        inserted,
        deleted,
        ops,
    }
}

/// Lines first (so unchanged paragraphs stay whole), then tokens inside changed lines.
pub fn text_ops(old: &str, new: &str) -> Vec<Span> {
    let la: Vec<&str> = old.split_inclusive('\n').collect();
    let lb: Vec<&str> = new.split_inclusive('\n').collect();
    let mut raw: Vec<Span> = Vec::new();
    let mut push = |op: Op, text: &str| {
        raw.push(Span {
            op,
            text: text.to_string(),
        })
    };
    for op in capture_diff_slices(Algorithm::Myers, &la, &lb) {
        match op {
            DiffOp::Equal { old_index, len, .. } => push(Op::Equal, &la[old_index..old_index + len].concat()),
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(Op::Delete, &la[old_index..old_index + old_len].concat()),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(Op::Insert, &lb[new_index..new_index + new_len].concat()),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let a = la[old_index..old_index + old_len].concat();
                let b = lb[new_index..new_index + new_len].concat();
                for s in token_ops(&a, &b) {
                    push(s.op, &s.text);
                }
            }
        }
    }
    tidy(raw)
}

/// One Japanese character, one run of letters or digits, or one other character.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let wordy = c.is_alphanumeric() && !crate::search::bigram::is_cjk(c);
        match (start, wordy) {
            (Some(_), true) => {}
            (None, true) => start = Some(i),
            (Some(st), false) => {
                out.push(&s[st..i]);
                start = None;
                out.push(&s[i..i + c.len_utf8()]);
            }
            (None, false) => out.push(&s[i..i + c.len_utf8()]),
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// Token-level changes of two changed blocks of lines. When they share too little (a
/// rewritten paragraph), they are shown as one deletion and one insertion: scattered common
/// characters would only make the rewrite harder to read.
fn token_ops(a: &str, b: &str) -> Vec<Span> {
    let ta = tokens(a);
    let tb = tokens(b);
    let mut out = Vec::new();
    let mut common = 0;
    for op in capture_diff_slices(Algorithm::Myers, &ta, &tb) {
        let (o, text) = match op {
            DiffOp::Equal { old_index, len, .. } => {
                let t = ta[old_index..old_index + len].concat();
                common += t.chars().count();
                (Op::Equal, t)
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => (Op::Delete, ta[old_index..old_index + old_len].concat()),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (Op::Insert, tb[new_index..new_index + new_len].concat()),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                out.push(Span {
                    op: Op::Delete,
                    text: ta[old_index..old_index + old_len].concat(),
                });
                (Op::Insert, tb[new_index..new_index + new_len].concat())
            }
        };
        out.push(Span { op: o, text });
    }
    let longer = a.chars().count().max(b.chars().count());
    if common * 3 < longer {
        return vec![
            Span {
                op: Op::Delete,
                text: a.to_string(),
            },
            Span {
                op: Op::Insert,
                text: b.to_string(),
            },
        ];
    }
    out
}

/// Merges neighbouring runs, folds an unchanged run of one character between changes
/// into the change, and puts each change's deletion before its insertion.
fn tidy(spans: Vec<Span>) -> Vec<Span> {
    let spans: Vec<Span> = spans.into_iter().filter(|s| !s.text.is_empty()).collect();
    let mut out: Vec<Span> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let flush = |out: &mut Vec<Span>, del: &mut String, ins: &mut String| {
        for (op, t) in [(Op::Delete, del), (Op::Insert, ins)] {
            if !t.is_empty() {
                out.push(Span {
                    op,
                    text: std::mem::take(t),
                });
            }
        }
    };
    for (i, s) in spans.iter().enumerate() {
        match s.op {
            Op::Delete => del.push_str(&s.text),
            Op::Insert => ins.push_str(&s.text),
            Op::Equal => {
                let in_change = !(del.is_empty() && ins.is_empty());
                let change_follows = spans.get(i + 1).is_some_and(|n| n.op != Op::Equal);
                let small = s.text.chars().count() <= 1 && !s.text.contains('\n');
                if in_change && change_follows && small {
                    del.push_str(&s.text);
                    ins.push_str(&s.text);
                    continue;
                }
                flush(&mut out, &mut del, &mut ins);
                match out.last_mut() {
                    Some(last) if last.op == Op::Equal => last.text.push_str(&s.text),
                    _ => out.push(s.clone()),
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| match s.op {
                Op::Equal => s.text.clone(),
                Op::Delete => format!("[-{}-]", s.text),
                Op::Insert => format!("{{+{}+}}", s.text),
            })
            .collect()
    }

    #[test]
    fn japanese_changes_are_shown_by_character() {
        let old = "審査期間は通常 6 か月です。\n次の行。\n";
        let new = "審査期間は通常 9 か月程度です。\n次の行。\n";
        assert_eq!(
            marked(&text_ops(old, new)),
            "審査期間は通常 [-6-]{+9+} か月{+程度+}です。\n次の行。\n"
        );
    }

    #[test]
    fn small_common_runs_between_changes_are_folded() {
        let got = marked(&text_ops("保健省の医療機器局\n", "財務省と医薬品局\n"));
        assert!(!got.contains("[-保-]"), "{got}");
        assert!(
            got.starts_with("[-保健省の医療機器-]{+財務省と医薬品+}局"),
            "{got}"
        );
    }

    #[test]
    fn sections_pair_by_heading_and_count_characters() {
        let old = "---\nversion: 1\n---\n\n## 要点\n\nA。\n\n## 市場動向\n\n古い。\n";
        let new =
            "---\nversion: 2\n---\n\n## 要点\n\nA。\n\n## 留意点\n\n新しい節。\n\n## 市場動向\n\n新しい。\n";
        let d = diff_texts("x", Side::Version(1), old, Side::Draft, new);
        let brief: Vec<(&str, SectionChange, usize, usize)> = d
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.change, s.inserted, s.deleted))
            .collect();
        assert_eq!(
            brief,
            vec![
                (FRONT_MATTER, SectionChange::Modified, 1, 1),
                ("要点", SectionChange::Unchanged, 0, 0),
                ("留意点", SectionChange::Added, 15, 0),
                ("市場動向", SectionChange::Modified, 2, 1),
            ]
        );
        let json = serde_json::to_value(&d).expect("json");
        assert_eq!(json["from"], "v1");
        assert_eq!(json["to"], "draft");
        assert_eq!(json["sections"][3]["ops"][1]["op"], "delete");
    }

    #[test]
    fn equal_and_delete_runs_give_the_old_text_back() {
        let old = "## 要点\n\nベトナムの医療機器市場は拡大している。\nISO 13485 required.\n";
        let new = "## 要点\n\nベトナムの医療機器市場は急速に拡大している。\nISO 13485 is required.\n追加。\n";
        let d = diff_texts("x", Side::Empty, old, Side::Draft, new);
        let side = |keep: Op| -> String {
            d.sections
                .iter()
                .flat_map(|s| &s.ops)
                .filter(|s| s.op == Op::Equal || s.op == keep)
                .map(|s| s.text.as_str())
                .collect()
        };
        assert_eq!(side(Op::Delete), old);
        assert_eq!(side(Op::Insert), new);
    }
}
