//! Line breaking for Japanese and Latin text: UAX #14 opportunities, Japanese kinsoku rules,
//! greedy filling, and justification to both margins.
//!
//! unicode-linebreak gives the UAX #14 opportunities; on top of them kinsoku forbids a line
//! to start with closing brackets, 、。, ー, ・, small kana and the like, or to end with an
//! opening bracket, and keeps hyphenated Latin words (ND-CP) whole. A piece wider than the
//! line (a long URL) is split after `/` and similar characters, or between characters as a
//! last resort. Justification widens gaps between Japanese characters a little (never so much
//! that a text extractor would read a space) and spaces between Latin words as needed.

use super::shape::Glyph;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Characters that must not start a line (行頭禁則).
const NO_START: &str = "、。，．,.)）]］｝〕〉》」』】〙〗〟’”｠»ゝゞヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～？！?!‼⁇⁈⁉・：；:;%％";
/// Characters that must not end a line (行末禁則).
const NO_END: &str = "(（[［｛〔〈《「『【〘〖〝‘“｟«";
/// After these a too-long word (a URL) may be split.
const URL_BREAK_AFTER: &str = "/.-_?&=#";
/// The widest gap justification puts between two Japanese characters, in em. Text extractors
/// read a gap of about 0.1 em or more as a space; this stays safely below.
const MAX_CJK_GAP_EM: f32 = 0.07;
/// The most justification adds to a word space, in em.
const MAX_SPACE_STRETCH_EM: f32 = 0.5;

/// A glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The glyph.
    pub glyph: Glyph,
    /// Its x position from the line's start, in points.
    pub x: f32,
}

/// A laid-out line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Glyphs in visual order.
    pub glyphs: Vec<Placed>,
    /// Natural width (before justification).
    pub width: f32,
}

/// True for characters set as Japanese (where justification may widen the gap).
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Allowed break positions (byte offsets in `text` where a new line may begin), and whether
/// each is mandatory.
pub fn break_points(text: &str) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    for (at, kind) in linebreaks(text) {
        if at >= text.len() {
            break;
        }
        let before = text[..at].chars().next_back();
        let after = text[at..].chars().next();
        let mandatory = matches!(kind, BreakOpportunity::Mandatory);
        if !mandatory {
            if after.is_some_and(|c| NO_START.contains(c)) || before.is_some_and(|c| NO_END.contains(c)) {
                continue;
            }
            // Keep hyphenated Latin words (ND-CP, e-Health) whole.
            let prev2 = text[..at].chars().rev().nth(1);
            if before == Some('-')
                && prev2.is_some_and(|c| c.is_ascii_alphanumeric())
                && after.is_some_and(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
        }
        out.push((at, mandatory));
    }
    out
}

/// The widest unbreakable piece (the narrowest a column can be without splitting a word) and
/// the natural width of the whole text on one line.
pub fn content_widths(text: &str, glyphs: &[Glyph]) -> (f32, f32) {
    let pieces = pieces(text, glyphs, f32::INFINITY);
    let min = pieces.iter().map(|p| p.width).fold(0.0, f32::max);
    // The widest hard-broken line.
    let mut max: f32 = 0.0;
    let mut line = 0.0;
    for p in &pieces {
        line += p.width + p.trailing;
        if p.hard {
            max = max.max(line);
            line = 0.0;
        }
    }
    (min, max.max(line))
}

/// An unbreakable piece of a paragraph.
#[derive(Debug, Clone)]
struct Piece {
    /// Range in the glyph list.
    start: usize,
    end: usize,
    /// Width without trailing spaces, and of the trailing spaces (or the quarter em after a
    /// Japanese–Latin boundary, which likewise vanishes at the end of a line).
    width: f32,
    trailing: f32,
    /// The trailing part holds real spaces (justification may widen those a lot).
    spaces: bool,
    /// A mandatory break follows.
    hard: bool,
    first_char: Option<char>,
    last_char: Option<char>,
}

/// Breaks shaped `glyphs` of `text` into lines of at most `width` points; every line but the
/// last of a paragraph (or one ended by a hard break) is justified.
pub fn break_lines(text: &str, glyphs: &[Glyph], width: f32, justify: bool) -> Vec<Line> {
    let pieces = pieces(text, glyphs, width);
    let mut lines = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut used = 0.0;
    for piece in pieces {
        let fits = current.is_empty() || used + piece.width <= width + 0.01;
        if !fits {
            lines.push(finish(text, glyphs, std::mem::take(&mut current), width, justify));
            used = 0.0;
        }
        used += piece.width + piece.trailing;
        let hard = piece.hard;
        current.push(piece);
        if hard {
            lines.push(finish(text, glyphs, std::mem::take(&mut current), width, false));
            used = 0.0;
        }
    }
    if !current.is_empty() {
        lines.push(finish(text, glyphs, current, width, false));
    }
    lines
}

/// Cuts the glyphs at break points; pieces wider than the line are cut further.
fn pieces(text: &str, glyphs: &[Glyph], width: f32) -> Vec<Piece> {
    let breaks = break_points(text);
    let mut out = Vec::new();
    let mut g = 0;
    let mut bi = 0;
    while g < glyphs.len() {
        // The piece ends before the first glyph whose cluster starts at or after the next break.
        let (limit, hard) = breaks.get(bi).map_or((usize::MAX, false), |b| (b.0, b.1));
        let start = g;
        while g < glyphs.len() && glyphs[g].cluster < limit {
            g += 1;
        }
        bi += 1;
        if g == start {
            continue;
        }
        let piece = make_piece(text, glyphs, start, g, hard);
        if piece.width > width {
            out.extend(split_wide(text, glyphs, piece, width));
        } else {
            out.push(piece);
        }
    }
    out
}

fn make_piece(text: &str, glyphs: &[Glyph], start: usize, end: usize, hard: bool) -> Piece {
    let is_space = |g: &Glyph| !g.text.is_empty() && g.text.chars().all(char::is_whitespace);
    let mut trailing_from = end;
    while trailing_from > start && is_space(&glyphs[trailing_from - 1]) {
        trailing_from -= 1;
    }
    let full = |g: &Glyph| g.advance + g.space_after;
    let gap = if trailing_from > start {
        glyphs[trailing_from - 1].space_after
    } else {
        0.0
    };
    let width: f32 = glyphs[start..trailing_from].iter().map(full).sum::<f32>() - gap;
    let trailing: f32 = glyphs[trailing_from..end].iter().map(full).sum::<f32>() + gap;
    let char_at = |i: usize| text.get(glyphs[i].cluster..).and_then(|s| s.chars().next());
    Piece {
        start,
        end,
        width,
        trailing,
        spaces: trailing_from < end,
        hard,
        first_char: char_at(start),
        last_char: if trailing_from > start {
            char_at(trailing_from - 1)
        } else {
            None
        },
    }
}

/// Splits a piece wider than the line: after URL punctuation where possible, else anywhere.
fn split_wide(text: &str, glyphs: &[Glyph], piece: Piece, width: f32) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start = piece.start;
    while start < piece.end {
        let mut used = 0.0;
        let mut end = start;
        let mut last_soft = None;
        while end < piece.end && (end == start || used + glyphs[end].advance <= width) {
            used += glyphs[end].advance;
            if glyphs[end]
                .text
                .chars()
                .last()
                .is_some_and(|c| URL_BREAK_AFTER.contains(c))
            {
                last_soft = Some(end + 1);
            }
            end += 1;
        }
        if end < piece.end
            && let Some(soft) = last_soft.filter(|&s| s > start && s < end)
        {
            end = soft;
        }
        let hard = end == piece.end && piece.hard;
        out.push(make_piece(text, glyphs, start, end, hard));
        start = end;
    }
    out
}

/// Places a line's pieces, justifying when asked.
fn finish(text: &str, glyphs: &[Glyph], pieces: Vec<Piece>, width: f32, justify: bool) -> Line {
    let _ = text;
    let natural: f32 =
        pieces.iter().map(|p| p.width + p.trailing).sum::<f32>() - pieces.last().map_or(0.0, |p| p.trailing);
    // Gaps between pieces: after a space (Latin) or between two Japanese characters.
    let mut space_gaps = 0usize;
    let mut cjk_gaps = 0usize;
    for w in pieces.windows(2) {
        if w[0].spaces {
            space_gaps += 1;
        } else if w[0].last_char.is_some_and(is_wide) || w[1].first_char.is_some_and(is_wide) {
            cjk_gaps += 1;
        }
    }
    let em = glyphs
        .get(pieces.first().map_or(0, |p| p.start))
        .map_or(10.0, |g| g.size);
    let extra = if justify { (width - natural).max(0.0) } else { 0.0 };
    let cap = MAX_CJK_GAP_EM * em;
    let (cjk_add, space_add) = if extra <= 0.0 || cjk_gaps + space_gaps == 0 {
        (0.0, 0.0)
    } else {
        let even = extra / (cjk_gaps + space_gaps) as f32;
        if even <= cap {
            (even, even)
        } else if space_gaps > 0 {
            (cap, (extra - cap * cjk_gaps as f32) / space_gaps as f32)
        } else {
            (cap, 0.0)
        }
    };
    // A line with few gaps before a long word (a URL moved to the next line) would get huge
    // word spaces; past half an em per space it is left ragged instead.
    let space_add = space_add.min(MAX_SPACE_STRETCH_EM * em);
    let mut placed = Vec::new();
    let mut x = 0.0;
    let last = pieces.len().saturating_sub(1);
    for (i, p) in pieces.iter().enumerate() {
        let drawn_end = if i == last {
            p.end - trailing_glyphs(glyphs, p)
        } else {
            p.end
        };
        for g in &glyphs[p.start..drawn_end] {
            placed.push(Placed { glyph: g.clone(), x });
            x += g.advance + g.space_after;
        }
        if i < last {
            if p.spaces {
                x += space_add;
            } else if p.last_char.is_some_and(is_wide) || pieces[i + 1].first_char.is_some_and(is_wide) {
                x += cjk_add;
            }
        }
    }
    Line {
        glyphs: placed,
        width: natural,
    }
}

fn trailing_glyphs(glyphs: &[Glyph], p: &Piece) -> usize {
    glyphs[p.start..p.end]
        .iter()
        .rev()
        .take_while(|g| !g.text.is_empty() && g.text.chars().all(char::is_whitespace))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fixed-width fake glyphs: wide characters 10 pt, others 5 pt.
    fn fake(text: &str) -> Vec<Glyph> {
        text.char_indices()
            .map(|(i, c)| Glyph {
                font: 0,
                gid: 1,
                advance: if is_wide(c) { 10.0 } else { 5.0 },
                dx: 0.0,
                dy: 0.0,
                cluster: i,
                text: c.into(),
                span: 0,
                size: 10.0,
                substitute: false,
                space_after: 0.0,
            })
            .collect()
    }

    fn lines(text: &str, width: f32) -> Vec<String> {
        let glyphs = fake(text);
        break_lines(text, &glyphs, width, true)
            .into_iter()
            .map(|l| l.glyphs.iter().map(|p| p.glyph.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn kinsoku_no_line_starts_with_closing_punctuation() {
        // 5 characters fit; 。 and 」 must not start a line, so the previous character moves down.
        let out = lines("あいうえお。かきくけこ」さし", 50.0);
        for l in &out {
            let first = l.chars().next().expect("non-empty line");
            assert!(!NO_START.contains(first), "line starts with {first}: {out:?}");
        }
        assert_eq!(out.concat(), "あいうえお。かきくけこ」さし");
    }

    #[test]
    fn kinsoku_small_kana_long_vowel_and_opening_brackets() {
        for text in [
            "あいうえっおか",
            "あいうえーおか",
            "あいうえ・おか",
            "あいうえ「おか",
            "あいうえ（おか",
        ] {
            let out = lines(text, 50.0);
            for l in &out {
                let first = l.chars().next().expect("line");
                let last = l.chars().last().expect("line");
                assert!(!NO_START.contains(first), "{text}: {out:?}");
                assert!(!NO_END.contains(last), "{text}: {out:?}");
            }
        }
    }

    #[test]
    fn latin_words_are_never_split_and_spaces_hang() {
        let out = lines("Decree 98/2021/ND-CP on medical devices", 60.0);
        assert!(out.iter().all(|l| !l.starts_with(' ')), "{out:?}");
        let words: Vec<&str> = out.iter().flat_map(|l| l.split_whitespace()).collect();
        for w in ["Decree", "on", "medical", "devices"] {
            assert!(words.contains(&w), "{w} whole in {out:?}");
        }
        assert!(
            out.iter().any(|l| l.contains("ND-CP")),
            "hyphenated word kept whole: {out:?}"
        );
    }

    #[test]
    fn a_long_url_breaks_at_slashes() {
        let url = "https://english.luatvietnam.vn/y-te/consolidated-document-04-vbhn-byt-management.html";
        let out = lines(url, 120.0);
        assert!(out.len() > 1);
        assert_eq!(out.concat(), url);
        for l in &out[..out.len() - 1] {
            assert!(
                URL_BREAK_AFTER.contains(l.chars().last().expect("line")),
                "{out:?}"
            );
        }
    }

    #[test]
    fn mixed_japanese_and_english_lines_are_justified_to_the_margin() {
        let text = "医療機器は ISO 13485 認証を前提に審査される。登録証の有効期間は5年である。";
        let glyphs = fake(text);
        let out = break_lines(text, &glyphs, 100.0, true);
        assert!(out.len() > 2);
        for l in &out[..out.len() - 1] {
            let last = l.glyphs.last().expect("glyph");
            let right = last.x + last.glyph.advance;
            assert!(right <= 100.01, "line overflows: {right}");
            let gaps: Vec<f32> = l
                .glyphs
                .windows(2)
                .map(|w| w[1].x - w[0].x - w[0].glyph.advance)
                .collect();
            assert!(
                gaps.iter()
                    .all(|g| *g < 0.1 * 10.0 || l.glyphs.iter().any(|p| p.glyph.text == " ")),
                "{gaps:?}"
            );
        }
    }

    #[test]
    fn a_2000_character_paragraph() {
        let text: String = "日本の医療機器メーカーが海外市場に参入する。".repeat(90);
        let out = lines(&text, 420.0);
        assert_eq!(out.concat(), text);
        assert!(out.len() >= 40);
    }
}
