//! The bigram analysis: substring recall for Japanese, whole words for Latin script.
//!
//! On normalised text, each run of Japanese characters becomes overlapping bigrams with real,
//! consecutive positions (関西国際空港 → 関西 西国 国際 際空 空港), so a phrase query over the
//! bigrams of 空港 or 医療機器 matches exactly that substring anywhere, compounds included.
//! A run of one character is kept as a unigram. Latin words and numbers are whole tokens; an
//! English word also gets its stem at the same position (registration + registr), so
//! inflections match and fuzzy matching still has the whole word to work on.

use super::normalize::normalize_for_substrings;
use super::tokens::VecTokenStream;
use tantivy::tokenizer::{Token, Tokenizer};

/// Japanese script: kanji, hiragana, katakana (with ー and iteration marks), not the middle dot.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3006}' | '\u{3007}'
        | '\u{3041}'..='\u{309F}'
        | '\u{30A0}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Other,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

/// The English stem of a lower-case word, when it differs from the word.
fn stem(word: &str) -> Option<String> {
    if !word.chars().all(|c| c.is_ascii_alphabetic()) || word.len() < 4 {
        return None;
    }
    thread_local! {
        static STEMMER: frostem::Stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
    }
    STEMMER.with(|s| {
        let stemmed = s.stem(word);
        (stemmed != word).then(|| stemmed.into_owned())
    })
}

/// Tokens of `input` for the bigram field, offsets in `input`'s bytes.
pub fn tokens(input: &str) -> Vec<Token> {
    let norm = normalize_for_substrings(input);
    let text = norm.text.as_str();
    let mut out = Vec::new();
    let mut position = 0;
    let push = |out: &mut Vec<Token>, from: usize, to: usize, text: String, position: usize| {
        let (offset_from, offset_to) = norm.original_range(from, to);
        out.push(Token {
            offset_from,
            offset_to,
            position,
            text,
            position_length: 1,
        });
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let kind = class(chars[i].1);
        let mut j = i + 1;
        while j < chars.len() && class(chars[j].1) == kind {
            j += 1;
        }
        let byte = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
        match kind {
            Class::Other => {}
            Class::Word => {
                let word = &text[byte(i)..byte(j)];
                push(&mut out, byte(i), byte(j), word.to_string(), position);
                if let Some(s) = stem(word) {
                    push(&mut out, byte(i), byte(j), s, position);
                }
                position += 1;
            }
            Class::Cjk if j - i == 1 => {
                push(
                    &mut out,
                    byte(i),
                    byte(j),
                    text[byte(i)..byte(j)].to_string(),
                    position,
                );
                position += 1;
            }
            Class::Cjk => {
                for k in i..j - 1 {
                    push(
                        &mut out,
                        byte(k),
                        byte(k + 2),
                        text[byte(k)..byte(k + 2)].to_string(),
                        position,
                    );
                    position += 1;
                }
            }
        }
        i = j;
    }
    out
}

/// [`tokens`] as a tantivy tokenizer.
#[derive(Clone, Default)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(tokens(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<(String, usize)> {
        tokens(s).into_iter().map(|t| (t.text, t.position)).collect()
    }

    #[test]
    fn japanese_runs_become_positioned_bigrams() {
        let got = texts("関西国際空港");
        let want: Vec<(String, usize)> = [("関西", 0), ("西国", 1), ("国際", 2), ("際空", 3), ("空港", 4)]
            .iter()
            .map(|(t, p)| (t.to_string(), *p))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn single_characters_latin_words_and_stems() {
        let got = texts("薬、ISO 13485 Registrations");
        assert_eq!(
            got,
            vec![
                ("薬".to_string(), 0),
                ("iso".to_string(), 1),
                ("13485".to_string(), 2),
                ("registrations".to_string(), 3),
                ("registr".to_string(), 3),
            ]
        );
    }

    #[test]
    fn offsets_are_original_bytes_on_character_boundaries() {
        let src = "ＣＤＳＣＯの登録";
        for t in tokens(src) {
            assert!(src.is_char_boundary(t.offset_from) && src.is_char_boundary(t.offset_to));
        }
        let first = &tokens(src)[0];
        assert_eq!(&src[first.offset_from..first.offset_to], "ＣＤＳＣＯ");
        assert_eq!(first.text, "cdsco");
    }
}
