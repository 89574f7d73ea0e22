//! Spacing in Japanese text (`ja-spacing`), in the spirit of textlint's preset-ja-spacing:
//! no half-width space between two full-width characters (`（PPB） への`), none just inside
//! full-width brackets (`（ PPB）`), and between Japanese and Latin letters or digits either
//! one half-width space or none (the PDF and the site add the quarter em of JIS X 4051
//! themselves), never a full-width space or a run of spaces.
//!
//! Only the body of Japanese editions is read, outside code (fenced blocks and `…` spans),
//! autolinks and link destinations; the front matter's title keeps its word-separating space.

use crate::problem::{Location, Problems};

/// Kana, kanji, and full-width punctuation, brackets and forms: the characters between which
/// Japanese text has no space.
fn is_full_width(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F   // CJK punctuation: 、。「」『』【】〜
        | 0x3041..=0x309F // hiragana
        | 0x30A0..=0x30FF // katakana, ・ and ー
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // kanji
        | 0xFF01..=0xFF60 // full-width forms: （）：％
    ) && c != '\u{3000}'
}

fn is_opening_bracket(c: char) -> bool {
    matches!(c, '（' | '「' | '『' | '【' | '〔' | '［' | '｛' | '〈' | '《')
}

fn is_closing_bracket(c: char) -> bool {
    matches!(c, '）' | '」' | '』' | '】' | '〕' | '］' | '｝' | '〉' | '》')
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The characters of `line` that are prose: code spans, autolinks (`<https://…>`) and link
/// destinations (`](…)`) become `None`, so no rule looks into them.
fn prose(line: &str) -> Vec<Option<char>> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let skip_to = |close: &str, from: usize| -> Option<usize> {
            let rest: String = chars[from..].iter().collect();
            rest.find(close).map(|at| from + rest[..at].chars().count() + close.chars().count())
        };
        let end = match c {
            '`' => {
                let ticks = chars[i..].iter().take_while(|&&t| t == '`').count();
                skip_to(&"`".repeat(ticks), i + ticks)
            }
            '<' if chars[i + 1..].iter().collect::<String>().starts_with("http") => skip_to(">", i + 1),
            ']' if chars.get(i + 1) == Some(&'(') => skip_to(")", i + 2).inspect(|_| {
                out.push(Some(']'));
            }),
            _ => None,
        };
        match end {
            Some(e) => {
                let from = out.len();
                out.resize(from + (e - i) - usize::from(c == ']'), None);
                i = e;
            }
            None => {
                out.push(Some(c));
                i += 1;
            }
        }
    }
    out
}

/// Checks the spacing of a Japanese body that starts on file line `first_line`.
pub fn check(body: &str, first_line: usize, p: &mut Problems) {
    let mut fence: Option<String> = None;
    for (n, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
            continue;
        }
        check_line(line, first_line + n, p);
    }
}

fn check_line(line: &str, line_no: usize, p: &mut Problems) {
    let chars = prose(line);
    let at = |i: usize| Location::new(line_no, i + 1);
    let mut i = 0;
    while i < chars.len() {
        let Some(c) = chars[i] else {
            i += 1;
            continue;
        };
        if c != ' ' && c != '\u{3000}' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && matches!(chars[i], Some(' ' | '\u{3000}')) {
            i += 1;
        }
        // Leading indentation and the spaces of Markdown syntax (list markers, table pipes)
        // sit next to ASCII, so only runs between two characters of prose are judged.
        let (Some(Some(before)), Some(&Some(after))) = (start.checked_sub(1).map(|b| chars[b]), chars.get(i)) else {
            continue;
        };
        let run: String = chars[start..i].iter().flatten().collect();
        let snippet = format!("{before}{run}{after}");
        if is_full_width(before) && is_full_width(after) {
            let message = if is_opening_bracket(before) || is_closing_bracket(after) {
                format!("space inside full-width brackets in `{snippet}`: delete it")
            } else {
                format!("space between full-width characters in `{snippet}`: Japanese text has none; delete it")
            };
            p.warning(at(start), "ja-spacing", message);
        } else if (is_opening_bracket(before) && is_latin(after)) || (is_latin(before) && is_closing_bracket(after)) {
            p.warning(
                at(start),
                "ja-spacing",
                format!("space inside full-width brackets in `{snippet}`: delete it"),
            );
        } else if (is_full_width(before) && is_latin(after)) || (is_latin(before) && is_full_width(after)) {
            if run != " " {
                p.warning(
                    at(start),
                    "ja-spacing",
                    format!(
                        "`{snippet}`: between Japanese and Latin text write one half-width space or none, not {}",
                        if run.contains('\u{3000}') { "a full-width space" } else { "several spaces" }
                    ),
                );
            }
        } else if run.contains('\u{3000}') && (is_latin(before) || is_latin(after)) {
            p.warning(
                at(start),
                "ja-spacing",
                format!("full-width space in `{snippet}`: use a half-width space between Latin words"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(body: &str) -> Vec<String> {
        let mut p = Problems::new(std::path::Path::new("x.ja.md"));
        check(body, 10, &mut p);
        p.into_sorted()
            .iter()
            .map(|x| format!("{}:{}: {}", x.location.line, x.location.column, x.message))
            .collect()
    }

    #[test]
    fn a_space_between_full_width_characters_is_located() {
        assert_eq!(
            problems("保健省（PPB） への申請\n"),
            ["10:9: space between full-width characters in `） へ`: Japanese text has none; delete it"]
        );
        assert_eq!(problems("…of 2022） である。\n").len(), 1);
        assert_eq!(
            problems("本文\n（ PPB）と「 登録」\n"),
            [
                "11:2: space inside full-width brackets in `（ P`: delete it",
                "11:9: space inside full-width brackets in `「 登`: delete it"
            ]
        );
    }

    #[test]
    fn japanese_and_latin_take_one_space_or_none() {
        assert!(problems("Thai FDA の医療機器管理部とThai FDAの告示。ISO 13485 認証\n").is_empty());
        assert_eq!(problems("Thai FDA　の告示\n").len(), 1);
        assert_eq!(problems("Thai FDA  の告示\n").len(), 1);
    }

    #[test]
    fn code_links_markup_and_fences_are_not_prose() {
        let body = "- 一覧 — <https://例え.jp/あ い>\n`あ い` と [リンク](#薬事 制度)\n```\nあ い\n```\n| 項目 | 値 |\n";
        assert_eq!(problems(body), Vec::<String>::new());
    }
}
