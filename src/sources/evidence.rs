//! Evidence: the sentence a field quotes from a source, re-found in the page's latest text.
//!
//! A page watcher says a page changed; a quote says whether the page still states the fact.
//! The quote is looked for in the extracted text, both sides normalised the same way (NFKC,
//! lower case, no white space, so a re-wrapped line or a full-width digit is not a change).
//! When it is not there word for word, the closest passage (one to three sentences) is found
//! by character-bigram similarity and shown, so the reviewer sees what the page says now.

use super::extract::normalise;
use serde::Serialize;
use std::collections::HashMap;

/// Whether a quote is still on its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum QuoteState {
    /// The page's latest text contains it.
    Found,
    /// Not word for word, but a passage is close: the closest is shown.
    Changed,
    /// Nothing on the page comes close, or the page is gone.
    Gone,
    /// No text of the page is kept (never checked, or not text).
    Unchecked,
}

impl QuoteState {
    /// True when the field must be looked at again.
    pub fn needs_review(self) -> bool {
        matches!(self, QuoteState::Changed | QuoteState::Gone)
    }
}

/// One quote of one field and how it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct QuoteStatus {
    /// The source quoted.
    pub source: String,
    /// The quote as the report keeps it.
    pub quote: String,
    /// Found, changed, gone or unchecked.
    pub state: QuoteState,
    /// For a changed quote, the page's closest passage.
    pub closest: Option<String>,
    /// How close that passage is, in per cent (100 when found).
    pub similarity: u8,
}

/// Below this similarity (per cent) nothing on the page is taken for the quote.
pub const CLOSE_ENOUGH: u8 = 50;

/// Looks for `quote` in `text` (a page's extracted text).
pub fn find(quote: &str, text: &str) -> (QuoteState, Option<String>, u8) {
    let wanted = key(quote);
    if wanted.is_empty() {
        return (QuoteState::Gone, None, 0);
    }
    let text = normalise(text);
    let haystack: String = key(&text).into_iter().collect();
    let needle: String = wanted.iter().collect();
    if haystack.contains(&needle) {
        return (QuoteState::Found, None, 100);
    }
    let Some((score, passage)) = closest(&wanted, &text) else {
        return (QuoteState::Gone, None, 0);
    };
    let percent = (score * 100.0).round().clamp(0.0, 99.0) as u8;
    if percent < CLOSE_ENOUGH {
        return (QuoteState::Gone, None, percent);
    }
    (QuoteState::Changed, Some(passage), percent)
}

/// The characters compared: lower case, white space dropped.
fn key(s: &str) -> Vec<char> {
    normalise(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The sentences of `text`, each ending after its full stop (Japanese or Latin) or line.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '．' | '.' | '!' | '?' | '！' | '？' | '\n') {
            let end = i + c.len_utf8();
            if !text[start..end].trim().is_empty() {
                out.push(&text[start..end]);
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

fn bigrams(chars: &[char]) -> HashMap<(char, char), u32> {
    let mut m = HashMap::new();
    for w in chars.windows(2) {
        *m.entry((w[0], w[1])).or_insert(0) += 1;
    }
    m
}

/// Dice coefficient of two bigram multisets.
fn dice(a: &HashMap<(char, char), u32>, a_len: u32, b: &[char]) -> f64 {
    let b_grams = bigrams(b);
    let b_len: u32 = b_grams.values().sum();
    if a_len + b_len == 0 {
        return 0.0;
    }
    let shared: u32 = b_grams
        .iter()
        .map(|(g, n)| (*n).min(a.get(g).copied().unwrap_or(0)))
        .sum();
    2.0 * f64::from(shared) / f64::from(a_len + b_len)
}

/// The passage of one to three consecutive sentences most like `wanted`, with its score.
fn closest(wanted: &[char], text: &str) -> Option<(f64, String)> {
    let grams = bigrams(wanted);
    let total: u32 = grams.values().sum();
    let list = sentences(text);
    let keys: Vec<Vec<char>> = list.iter().map(|s| key(s)).collect();
    let mut best: Option<(f64, usize, usize)> = None;
    for start in 0..list.len() {
        let mut joined: Vec<char> = Vec::new();
        for (end, k) in keys.iter().enumerate().skip(start).take(3) {
            joined.extend_from_slice(k);
            // A passage far longer than the quote cannot be the quote's sentence.
            if end > start && joined.len() > wanted.len() * 3 {
                break;
            }
            let score = dice(&grams, total, &joined);
            if best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, start, end));
            }
        }
    }
    let (score, start, end) = best?;
    let passage: String = list[start..=end].concat();
    Some((score, passage.split_whitespace().collect::<Vec<_>>().join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "Medical devices are regulated by the Medical Device Control Division.\n\
        All devices are classified into four classes according to risk.\n\
        The licence is valid for five years.\n";

    #[test]
    fn a_quote_on_the_page_is_found_whatever_the_wrapping_and_width() {
        assert_eq!(find("classified into four   classes", PAGE).0, QuoteState::Found);
        assert_eq!(find("CLASSIFIED into four classes", PAGE).0, QuoteState::Found);
        let ja = "医療機器はリスクに応じて４つのクラスに分類される。登録は保健省が行う。";
        assert_eq!(find("4つのクラスに\n分類される", ja).0, QuoteState::Found);
    }

    #[test]
    fn an_edited_sentence_is_changed_and_shows_what_the_page_says_now() {
        let (state, closest, score) = find("The licence is valid for three years.", PAGE);
        assert_eq!(state, QuoteState::Changed);
        assert_eq!(closest.as_deref(), Some("The licence is valid for five years."));
        assert!((CLOSE_ENOUGH..100).contains(&score), "{score}");
        let ja = "医療機器はリスクに応じて３つのクラスに分類される。登録は保健省が行う。";
        let (state, closest, _) = find("医療機器はリスクに応じて4つのクラスに分類される。", ja);
        assert_eq!(state, QuoteState::Changed);
        assert_eq!(
            closest.as_deref(),
            Some("医療機器はリスクに応じて3つのクラスに分類される。")
        );
    }

    #[test]
    fn a_sentence_no_longer_there_is_gone() {
        let (state, closest, _) = find(
            "Importers must hold an establishment licence issued by the ministry.",
            "Welcome. Contact us.",
        );
        assert_eq!(state, QuoteState::Gone);
        assert_eq!(closest, None);
        assert_eq!(find("anything", "").0, QuoteState::Gone);
    }

    #[test]
    fn a_quote_across_two_sentences_is_matched_as_a_passage() {
        let (state, closest, _) = find(
            "regulated by the Medical Device Control Division. All devices are classified into five classes",
            PAGE,
        );
        assert_eq!(state, QuoteState::Changed);
        assert!(
            closest
                .expect("a passage")
                .starts_with("Medical devices are regulated")
        );
    }
}
