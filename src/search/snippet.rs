//! Snippets: a short window of a section's text with the matches marked.
//!
//! Matches are found on normalised text and mapped back to the original, so a highlight
//! always covers whole original characters (ｶﾞ, full-width letters) and never splits one.
//! The snippet is returned as segments (`{text, hit}`), so no consumer has to juggle byte,
//! character or UTF-16 offsets.

use super::bigram::{self, is_cjk};
use super::normalize::normalize_for_substrings as normalize;
use serde::Serialize;

/// About this many characters of context are shown.
pub const SNIPPET_CHARS: usize = 140;
/// Characters shown before the first match of the window.
const LEAD_CHARS: usize = 24;

/// A piece of a snippet, marked when it matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Segment {
    /// The text of the piece.
    pub text: String,
    /// True for a match.
    pub hit: bool,
}

/// What to mark: Japanese strings are found as substrings, Latin words as whole words
/// (equal, same stem, or one edit away for words of 5+ letters).
#[derive(Debug, Default, Clone)]
pub struct Highlighter {
    substrings: Vec<String>,
    words: Vec<String>,
}

impl Highlighter {
    /// Adds the text of a query term (a word or a phrase).
    pub fn add(&mut self, term: &str) {
        let norm = normalize(term).text;
        if norm.chars().any(is_cjk) {
            // Mark the Japanese parts as substrings; Latin parts of a mixed term as words.
            let mut run = String::new();
            for c in norm.chars().chain(std::iter::once(' ')) {
                if c.is_alphanumeric() && !is_cjk(c) || is_cjk(c) {
                    run.push(c);
                } else if !run.is_empty() {
                    self.add_normalized(std::mem::take(&mut run));
                }
            }
        } else {
            for t in bigram::tokens(&norm) {
                self.words.push(t.text);
            }
        }
    }

    fn add_normalized(&mut self, run: String) {
        if run.chars().any(is_cjk) {
            self.substrings.push(run);
        } else {
            self.words.push(run);
        }
    }

    /// True when there is nothing to mark.
    pub fn is_empty(&self) -> bool {
        self.substrings.is_empty() && self.words.is_empty()
    }

    /// Byte ranges of `text` to mark, sorted and merged.
    pub fn ranges(&self, text: &str) -> Vec<(usize, usize)> {
        let norm = normalize(text);
        let mut ranges = Vec::new();
        for s in &self.substrings {
            for (at, m) in norm.text.match_indices(s.as_str()) {
                ranges.push(norm.original_range(at, at + m.len()));
            }
        }
        if !self.words.is_empty() {
            for t in bigram::tokens(text) {
                if self.words.iter().any(|w| word_matches(w, &t.text)) {
                    ranges.push((t.offset_from, t.offset_to));
                }
            }
        }
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for (a, b) in ranges {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        merged
    }

    /// A window of `text` around its densest matches, as segments.
    pub fn snippet(&self, text: &str) -> Vec<Segment> {
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let ranges = self.ranges(&flat);
        let chars: Vec<(usize, char)> = flat.char_indices().collect();
        let char_at = |byte: usize| chars.partition_point(|(b, _)| *b < byte);
        // Pick the window start (in characters) covering the most matches. `starts` is
        // sorted, so each window's count is two binary searches: a section with 100,000
        // matches (a huge pasted table) costs milliseconds, not the minutes of a pairwise count.
        let starts: Vec<usize> = ranges.iter().map(|r| char_at(r.0)).collect();
        let best = starts
            .iter()
            .map(|&s| {
                let first = starts.partition_point(|&o| o < s);
                let end = starts.partition_point(|&o| o < s + SNIPPET_CHARS - LEAD_CHARS);
                (end - first, s)
            })
            .max_by_key(|&(n, s)| (n, std::cmp::Reverse(s)))
            .map_or(0, |(_, s)| s);
        let from_char = best.saturating_sub(LEAD_CHARS);
        let to_char = (from_char + SNIPPET_CHARS).min(chars.len());
        let byte = |c: usize| chars.get(c).map_or(flat.len(), |(b, _)| *b);
        let (from, to) = (byte(from_char), byte(to_char));
        let mut out = Vec::new();
        let mut at = from;
        let push = |out: &mut Vec<Segment>, s: &str, hit: bool| {
            if !s.is_empty() {
                out.push(Segment {
                    text: s.to_string(),
                    hit,
                });
            }
        };
        if from > 0 {
            push(&mut out, "…", false);
        }
        for (a, b) in ranges.into_iter().filter(|r| r.1 > from && r.0 < to) {
            let (a, b) = (a.max(from), b.min(to));
            push(&mut out, &flat[at..a], false);
            push(&mut out, &flat[a..b], true);
            at = b;
        }
        push(&mut out, &flat[at..to], false);
        if to < flat.len() {
            push(&mut out, "…", false);
        }
        // Merge neighbouring plain segments ("…" + text).
        let mut merged: Vec<Segment> = Vec::with_capacity(out.len());
        for s in out {
            match merged.last_mut() {
                Some(last) if last.hit == s.hit && !s.hit => last.text.push_str(&s.text),
                _ => merged.push(s),
            }
        }
        merged
    }
}

/// Whether a Latin query word matches an indexed token (already normalised, maybe stemmed).
pub fn word_matches(query: &str, token: &str) -> bool {
    query == token
        || query.chars().count() >= 5 && token.chars().count() >= 5 && within_one_edit(query, token)
}

/// Damerau–Levenshtein distance ≤ 1 (one insertion, deletion, substitution or transposition).
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if prefix == la.min(lb) {
        return true;
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match la.cmp(&lb) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Less => ra == &rb[1..],
        std::cmp::Ordering::Greater => &ra[1..] == rb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(h: &Highlighter, text: &str) -> String {
        h.snippet(text)
            .into_iter()
            .map(|s| if s.hit { format!("[{}]", s.text) } else { s.text })
            .collect()
    }

    #[test]
    fn japanese_substrings_inside_compounds() {
        let mut h = Highlighter::default();
        h.add("空港");
        assert_eq!(
            marked(&h, "関西国際空港から成田空港へ"),
            "関西国際[空港]から成田[空港]へ"
        );
    }

    #[test]
    fn normalised_matches_cover_whole_original_characters() {
        let mut h = Highlighter::default();
        h.add("コンピュータ");
        assert_eq!(marked(&h, "ｺﾝﾋﾟｭｰﾀｰを使う"), "[ｺﾝﾋﾟｭｰﾀ]ｰを使う");
        let mut h = Highlighter::default();
        h.add("ISO 13485");
        assert_eq!(marked(&h, "ＩＳＯ　１３４８５認証"), "[ＩＳＯ] [１３４８５]認証");
    }

    #[test]
    fn latin_words_whole_stems_and_typos() {
        let mut h = Highlighter::default();
        h.add("registraton");
        assert_eq!(
            marked(&h, "Registration and registry"),
            "[Registration] and registry"
        );
        let mut h = Highlighter::default();
        h.add("iso");
        assert_eq!(marked(&h, "isolation ISO"), "isolation [ISO]");
    }

    #[test]
    fn long_text_is_windowed_around_the_matches() {
        let mut h = Highlighter::default();
        h.add("登録");
        let text = format!("{}登録{}", "あ".repeat(300), "い".repeat(300));
        let s = h.snippet(&text);
        let joined: String = s.iter().map(|s| s.text.as_str()).collect();
        assert!(joined.starts_with('…') && joined.ends_with('…'));
        assert!(joined.chars().count() <= SNIPPET_CHARS + 2);
        assert!(s.iter().any(|s| s.hit && s.text == "登録"));
    }

    #[test]
    fn the_window_with_the_most_matches_wins_and_many_matches_stay_fast() {
        let mut h = Highlighter::default();
        h.add("登録");
        // One lone match early, a cluster of three later: the cluster is shown.
        let text = format!("登録{}登録と登録と登録{}", "あ".repeat(300), "い".repeat(300));
        let hits = h.snippet(&text).iter().filter(|s| s.hit).count();
        assert_eq!(hits, 3);
        // 200,000 matches in one section (a pasted table): a pairwise count took minutes.
        let huge = "登録。".repeat(200_000);
        let start = std::time::Instant::now();
        assert!(h.snippet(&huge).iter().any(|s| s.hit));
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }

    #[test]
    fn edit_distance_one() {
        assert!(within_one_edit("registration", "registraton"));
        assert!(within_one_edit("cdsco", "cdcso"));
        assert!(!within_one_edit("cdsco", "csdoc"));
        assert!(within_one_edit("class", "clas"));
    }
}
