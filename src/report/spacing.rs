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
/// destinations (`](…)`) become `None`, so no rule looks into them. Linear in the line's
/// length (a report may hold a megabyte on one line): where each construct closes is looked
/// up in tables made in one pass from the right.
fn prose(line: &str) -> Vec<Option<char>> {
    let chars: Vec<char> = line.chars().collect();
    let n = chars.len();
    // next[i]: the first index ≥ i holding the character, or n.
    let next_of = |wanted: char| {
        let mut next = vec![n; n + 1];
        for i in (0..n).rev() {
            next[i] = if chars[i] == wanted { i } else { next[i + 1] };
        }
        next
    };
    let (next_gt, next_paren) = (next_of('>'), next_of(')'));
    // Backtick runs, and for each run where the next run of the same length starts.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if chars[i] == '`' {
            let len = chars[i..].iter().take_while(|&&t| t == '`').count();
            runs.push((i, len));
            i += len;
        } else {
            i += 1;
        }
    }
    let mut closing = vec![None; runs.len()];
    let mut seen: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (r, &(_, len)) in runs.iter().enumerate().rev() {
        closing[r] = seen.get(&len).copied();
        seen.insert(len, r);
    }
    let starts_with = |at: usize, word: &str| {
        word.chars()
            .enumerate()
            .all(|(k, w)| chars.get(at + k) == Some(&w))
    };
    let mut out = Vec::with_capacity(n);
    let mut run = 0;
    let mut i = 0;
    while i < n {
        let c = chars[i];
        while run < runs.len() && runs[run].0 < i {
            run += 1;
        }
        // (where the hidden part starts, where it ends)
        let hidden = match c {
            '`' if run < runs.len() && runs[run].0 == i => {
                let (_, len) = runs[run];
                // An unclosed run of backticks is literal text, hidden with the rest.
                Some((i, closing[run].map_or(i + len, |close| runs[close].0 + len)))
            }
            '<' if starts_with(i + 1, "http") && next_gt[i] < n => Some((i, next_gt[i] + 1)),
            ']' if chars.get(i + 1) == Some(&'(') && next_paren[i] < n => Some((i + 1, next_paren[i] + 1)),
            _ => None,
        };
        match hidden {
            Some((from, end)) => {
                out.extend(chars[i..from].iter().map(|&c| Some(c)));
                out.resize(out.len() + (end - from), None);
                i = end;
            }
            None => {
                out.push(Some(c));
                i += 1;
            }
        }
    }
    out
}

/// At most this many spacing warnings per report, then one that counts the rest: a pasted
/// text spaced throughout would otherwise bury every other problem.
const MAX_WARNINGS: usize = 100;

/// Checks the spacing of a Japanese body that starts on file line `first_line`.
pub fn check(body: &str, first_line: usize, p: &mut Problems) {
    let mut found: Vec<(Location, String)> = Vec::new();
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
        check_line(line, first_line + n, &mut found);
    }
    let more = found.len().saturating_sub(MAX_WARNINGS);
    let last = found.get(MAX_WARNINGS).map(|(at, _)| *at);
    for (at, message) in found.into_iter().take(MAX_WARNINGS) {
        p.warning(at, "ja-spacing", message);
    }
    if let Some(at) = last {
        p.warning(
            at,
            "ja-spacing",
            format!(
                "{more} more spacing problems from here on are not listed; fix the ones above and check again"
            ),
        );
    }
}

fn check_line(line: &str, line_no: usize, found: &mut Vec<(Location, String)>) {
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
        let (Some(Some(before)), Some(&Some(after))) = (start.checked_sub(1).map(|b| chars[b]), chars.get(i))
        else {
            continue;
        };
        let run: String = chars[start..i].iter().flatten().collect();
        let snippet = format!("{before}{run}{after}");
        if is_full_width(before) && is_full_width(after) {
            let message = if is_opening_bracket(before) || is_closing_bracket(after) {
                format!("space inside full-width brackets in `{snippet}`: delete it")
            } else {
                format!(
                    "space between full-width characters in `{snippet}`: Japanese text has none; delete it"
                )
            };
            found.push((at(start), message));
        } else if (is_opening_bracket(before) && is_latin(after))
            || (is_latin(before) && is_closing_bracket(after))
        {
            found.push((
                at(start),
                format!("space inside full-width brackets in `{snippet}`: delete it"),
            ));
        } else if (is_full_width(before) && is_latin(after)) || (is_latin(before) && is_full_width(after)) {
            if run != " " {
                found.push((
                    at(start),
                    format!(
                        "`{snippet}`: between Japanese and Latin text write one half-width space or none, not {}",
                        if run.contains('\u{3000}') { "a full-width space" } else { "several spaces" }
                    ),
                ));
            }
        } else if run.contains('\u{3000}') && (is_latin(before) || is_latin(after)) {
            found.push((
                at(start),
                format!("full-width space in `{snippet}`: use a half-width space between Latin words"),
            ));
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
    fn a_text_spaced_throughout_gives_a_bounded_list_fast() {
        let line = "あ い".repeat(200_000) + &"`".repeat(3) + &"](".repeat(50_000) + &"<http".repeat(50_000);
        let started = std::time::Instant::now();
        let found = problems(&line);
        assert_eq!(found.len(), MAX_WARNINGS + 1);
        assert!(
            found[MAX_WARNINGS].contains("more spacing problems"),
            "{}",
            found[MAX_WARNINGS]
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "linear: {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn code_links_markup_and_fences_are_not_prose() {
        let body = "- 一覧 — <https://例え.jp/あ い>\n`あ い` と [リンク](#薬事 制度)\n```\nあ い\n```\n| 項目 | 値 |\n";
        assert_eq!(problems(body), Vec::<String>::new());
    }
}
