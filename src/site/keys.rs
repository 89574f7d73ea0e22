//! The site search's tokens: what `assets/search-core.js` computes in the browser for a query
//! and for the text it highlights, computed here for the index. Both sides start from the
//! engine's normalisation (`search::normalize::normalize_for_substrings`: NFKC, lower case,
//! katakana long vowels folded, iteration marks expanded) and its notion of Japanese script
//! (`search::bigram::is_cjk`), so the site finds what the app finds.
//!
//! Unlike the engine's bigram field, Latin text is cut where letters meet digits and at every
//! space or punctuation mark, each piece one position: `ISO13485`, `ISO 13485` and `ISO-13485`
//! are all `iso`,`13485` at consecutive positions, and `CE-marking` is `ce`,`marking` like
//! `CE marking`. A query matches where its tokens sit at consecutive positions, which makes the
//! bigram match of Japanese exact (every bigram of the term, in order) without the text.

use crate::search::bigram::is_cjk;
use crate::search::normalize::normalize_for_substrings;

/// Positions of a section's body start here; the heading's tokens come before, so a match
/// in the heading is known from its position alone (no heading is this long).
pub const BODY_START: u32 = 1 << 14;

/// Keys are sharded by this many leading characters: every Latin word sharing its first
/// three letters lives in one shard, so a word typed in part (`regist`) finds its endings.
pub const SHARD_PREFIX_CHARS: usize = 3;

/// Keys of single Japanese characters start with this (no other key holds a `:`): each
/// character of the text, wherever it stands, with the sections holding it and how often, so
/// a one-character query finds it inside words as the app does.
pub const CHAR_KEY_PREFIX: &str = "u:";

/// The Japanese characters of `text`, normalised, for the [`CHAR_KEY_PREFIX`] keys.
pub fn japanese_chars(text: &str) -> Vec<char> {
    normalize_for_substrings(text)
        .text
        .chars()
        .filter(|c| is_cjk(*c))
        .collect()
}

/// One token: the key and its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// Normalised text: a Japanese bigram (or lone character), a run of letters, or of digits.
    pub text: String,
    /// Position in the token stream; consecutive tokens of a term sit at consecutive positions.
    pub position: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Letter,
    Digit,
    Other,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphabetic() {
        Class::Letter
    } else if c.is_numeric() {
        Class::Digit
    } else {
        Class::Other
    }
}

/// The tokens of `text`, positions counted from `start`. Returns the next free position.
pub fn keys(text: &str, start: u32, out: &mut Vec<Key>) -> u32 {
    let norm = normalize_for_substrings(text);
    let chars: Vec<char> = norm.text.chars().collect();
    let mut position = start;
    let mut i = 0;
    while i < chars.len() {
        let kind = class(chars[i]);
        let mut j = i + 1;
        while j < chars.len() && class(chars[j]) == kind {
            j += 1;
        }
        match kind {
            Class::Other => {}
            Class::Letter | Class::Digit => {
                out.push(Key {
                    text: chars[i..j].iter().collect(),
                    position,
                });
                position += 1;
            }
            Class::Cjk if j - i == 1 => {
                out.push(Key {
                    text: chars[i].to_string(),
                    position,
                });
                position += 1;
            }
            Class::Cjk => {
                for k in i..j - 1 {
                    out.push(Key {
                        text: chars[k..k + 2].iter().collect(),
                        position,
                    });
                    position += 1;
                }
            }
        }
        i = j;
    }
    position
}

/// The shard a key lives in: FNV-1a over the code points of its first
/// [`SHARD_PREFIX_CHARS`] characters (the browser computes the same with `Math.imul`).
pub fn shard_of(key: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in key.chars().take(SHARD_PREFIX_CHARS) {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h % shards.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        keys(s, 0, &mut out);
        out.into_iter().map(|k| (k.text, k.position)).collect()
    }

    fn k(s: &str, p: u32) -> (String, u32) {
        (s.to_string(), p)
    }

    #[test]
    fn japanese_runs_become_bigrams_latin_splits_at_digits_and_punctuation() {
        assert_eq!(
            texts("医療機器のISO13485認証"),
            vec![
                k("医療", 0),
                k("療機", 1),
                k("機器", 2),
                k("器の", 3),
                k("iso", 4),
                k("13485", 5),
                k("認証", 6)
            ]
        );
        assert_eq!(texts("ISO 13485"), texts("ISO13485"));
        assert_eq!(texts("CE-marking"), texts("ＣＥ　Marking"));
        assert_eq!(texts("薬"), vec![k("薬", 0)]);
    }

    #[test]
    fn shards_follow_the_first_three_characters() {
        assert_eq!(shard_of("registration", 64), shard_of("regist", 64));
        assert!(shard_of("x", 64) < 64);
        assert_eq!(shard_of("医療", 1), 0);
        // The values search-core.js computes (Math.imul FNV-1a over code points).
        assert_eq!(shard_of("registration", 64), 21);
        assert_eq!(shard_of("医療", 64), 8);
    }
}
