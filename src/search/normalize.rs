//! Japanese-aware normalisation with a map back to the original text.
//!
//! Search compares normalised text: NFKC (full-width Latin → ASCII, half-width kana → full-width,
//! ｶﾞ → ガ), lower case, katakana long-vowel folding (サーバー = サーバ) and iteration marks
//! expanded (人々 = 人人). Every normalised character remembers the byte range of the original
//! text it came from, so highlights computed on normalised text land on whole original
//! characters and never cut one in half.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalised text and, for each of its characters, the original byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// One entry per *byte* of `text`: the original range of the character that byte belongs to.
    /// Indexing by byte keeps token offsets (bytes) directly usable.
    spans: Vec<(u32, u32)>,
}

impl Normalized {
    /// The original byte range covering normalised bytes `from..to`.
    pub fn original_range(&self, from: usize, to: usize) -> (usize, usize) {
        if self.spans.is_empty() || from >= to {
            let at = self.spans.get(from).map_or(0, |s| s.0 as usize);
            return (at, at);
        }
        let start = self.spans[from.min(self.spans.len() - 1)].0 as usize;
        let end = self.spans[(to - 1).min(self.spans.len() - 1)].1 as usize;
        (start, end.max(start))
    }
}

/// A katakana word this long or longer loses a trailing ー (コンピューター → コンピュータ),
/// as Elasticsearch's Japanese analysis does; shorter words (カー) keep it.
const LONG_VOWEL_MIN_CHARS: usize = 4;

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}' | '\u{30FD}' | '\u{30FE}' | '\u{31F0}'..='\u{31FF}')
}

/// Normalises `input` for search.
pub fn normalize(input: &str) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(input.len()),
        spans: Vec::with_capacity(input.len()),
    };
    let mut chars = input.char_indices().peekable();
    let mut cluster = String::new();
    let mut buf = [0u8; 4];
    while let Some((start, c)) = chars.next() {
        // Fast path: ASCII and common Japanese characters are already NFKC and have no case
        // (bar ASCII letters); most report text is one or the other.
        let next_combines = chars.peek().is_some_and(|&(_, n)| {
            is_combining_mark(n) || matches!(n, '\u{FF9E}' | '\u{FF9F}' | '\u{3099}' | '\u{309A}')
        });
        if !next_combines && (c.is_ascii() || is_stable_cjk(c)) {
            let l = c.to_ascii_lowercase();
            let end = (start + c.len_utf8()) as u32;
            out.text.push(l);
            out.spans
                .extend(std::iter::repeat_n((start as u32, end), l.len_utf8()));
            continue;
        }
        // A cluster is a character and the combining marks after it (half-width ﾞ/ﾟ included),
        // so NFKC can compose ｶ + ﾞ into ガ.
        cluster.clear();
        cluster.push(c);
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            if is_combining_mark(next) || matches!(next, '\u{FF9E}' | '\u{FF9F}' | '\u{3099}' | '\u{309A}') {
                cluster.push(next);
                end = i + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        for n in cluster.nfkc() {
            let n = match n {
                '々' | 'ゝ' | 'ヽ' => out.text.chars().last().filter(|p| repeatable(*p, n)).unwrap_or(n),
                'ゞ' | 'ヾ' => out
                    .text
                    .chars()
                    .last()
                    .filter(|p| repeatable(*p, n))
                    .and_then(voiced)
                    .unwrap_or(n),
                other => other,
            };
            for l in n.to_lowercase() {
                let bytes = l.encode_utf8(&mut buf).len();
                out.text.push(l);
                out.spans
                    .extend(std::iter::repeat_n((start as u32, end as u32), bytes));
            }
        }
    }
    fold_long_vowels(&mut out);
    out
}

/// Kanji, hiragana and full-width katakana (not the iteration marks, which are expanded):
/// unchanged by NFKC and by lower-casing.
fn is_stable_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー' | '、' | '。')
}

/// Whether an iteration mark after `prev` repeats it: 々 follows a kanji, ゝゞ hiragana, ヽヾ katakana.
fn repeatable(prev: char, mark: char) -> bool {
    match mark {
        '々' => matches!(prev, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}'),
        'ゝ' | 'ゞ' => matches!(prev, '\u{3041}'..='\u{3096}'),
        _ => matches!(prev, '\u{30A1}'..='\u{30FA}'),
    }
}

/// The voiced form of a kana (す → ず), if it has one.
fn voiced(c: char) -> Option<char> {
    let composed: String = [c, '\u{3099}'].iter().collect::<String>().nfc().collect();
    let mut it = composed.chars();
    match (it.next(), it.next()) {
        (Some(v), None) => Some(v),
        _ => None,
    }
}

/// [`normalize`], then every ー inside katakana words of [`LONG_VOWEL_MIN_CHARS`]+ characters
/// dropped too, not only the last: the form for substring matching (bigrams, highlights), where
/// spelling variants such as プライマリーケア / プライマリケア or インターフェース /
/// インタフェース must meet. (The morphological analysis keeps dictionary forms.)
pub fn normalize_for_substrings(input: &str) -> Normalized {
    let mut n = normalize(input);
    fold(&mut n, true);
    n
}

/// Drops the trailing ー of katakana words of at least [`LONG_VOWEL_MIN_CHARS`] characters.
fn fold_long_vowels(n: &mut Normalized) {
    fold(n, false);
}

/// Drops ー from katakana runs of [`LONG_VOWEL_MIN_CHARS`]+ characters: the last one only, or
/// (`inner`) every one.
fn fold(n: &mut Normalized, inner: bool) {
    if !n.text.contains('ー') {
        return;
    }
    let mut text = String::with_capacity(n.text.len());
    let mut spans = Vec::with_capacity(n.spans.len());
    let chars: Vec<(usize, char)> = n.text.char_indices().collect();
    // Length of the katakana run each character belongs to.
    let mut run_of = vec![0; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && is_katakana(chars[j].1) {
            j += 1;
        }
        for r in run_of.iter_mut().take(j).skip(i) {
            *r = j - i;
        }
        i = j.max(i + 1);
    }
    for (i, &(at, c)) in chars.iter().enumerate() {
        let run_ends = chars.get(i + 1).is_none_or(|&(_, next)| !is_katakana(next));
        if c == 'ー' && run_of[i] >= LONG_VOWEL_MIN_CHARS && (inner || run_ends) {
            continue;
        }
        text.push(c);
        spans.extend_from_slice(&n.spans[at..at + c.len_utf8()]);
    }
    n.text = text;
    n.spans = spans;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn width_case_and_kana() {
        assert_eq!(norm("ＩＳＯ　１３４８５"), "iso 13485");
        assert_eq!(norm("ｺﾝﾋﾟｭｰﾀ"), "コンピュータ");
        assert_eq!(norm("ﾃﾞｨﾚｸﾄﾘ"), "ディレクトリ");
        assert_eq!(norm("CDSCO Class C"), "cdsco class c");
    }

    #[test]
    fn long_vowels_fold_on_long_katakana_words_only() {
        assert_eq!(norm("サーバー"), "サーバ");
        assert_eq!(norm("ユーザーの登録"), "ユーザの登録");
        assert_eq!(norm("コンピューター"), "コンピュータ");
        assert_eq!(norm("ｺﾝﾋﾟｭｰﾀｰ"), "コンピュータ");
        assert_eq!(norm("カー"), "カー");
        assert_eq!(norm("ルール"), "ルール");
    }

    #[test]
    fn substring_form_folds_every_long_vowel_of_long_katakana_words() {
        let n = |s: &str| normalize_for_substrings(s).text;
        assert_eq!(n("プライマリーケア"), n("プライマリケア"));
        assert_eq!(n("インターフェース"), n("インタフェース"));
        assert_eq!(n("ｺﾐｭﾆﾃｨｰｸﾘﾆｯｸ"), n("コミュニティクリニック"));
        assert_eq!(n("ルール"), "ルール");
    }

    #[test]
    fn iteration_marks_repeat_the_previous_character() {
        assert_eq!(norm("人々"), "人人");
        assert_eq!(norm("時々の"), "時時の");
        assert_eq!(norm("いすゞ"), "いすず");
        assert_eq!(norm("々"), "々");
    }

    #[test]
    fn offsets_map_back_to_whole_original_characters() {
        let src = "ｶﾞｲﾄﾞ：サーバー";
        let n = normalize(src);
        assert_eq!(n.text, "ガイド:サーバ");
        // "ガ" came from the two half-width characters ｶﾞ (6 bytes).
        let ga = n.text.find('ガ').expect("ガ");
        assert_eq!(n.original_range(ga, ga + 'ガ'.len_utf8()), (0, 6));
        // The folded word "サーバ" maps to "サーバ" of the original, whole characters.
        let s = n.text.find("サーバ").expect("サーバ");
        let (a, b) = n.original_range(s, n.text.len());
        assert_eq!(&src[a..b], "サーバ");
    }
}
