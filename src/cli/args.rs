//! Command-line words that clap cannot tell apart by itself: in `kuni search 医療 -薬 --json`,
//! `-薬` is a word of the query (an exclusion) while `--json` is an option. Clap either takes
//! every word after the query as query text (trailing var-arg) or rejects `-薬` as an unknown
//! option, so before parsing, a search's single-dash words are marked as query words and the
//! mark is taken off again after. Options then work wherever they are typed, and an unknown
//! `--option` stays an error that clap names.

use std::ffi::OsString;

/// A character no one types, put in place of the `-` of an exclusion while clap parses.
const EXCLUSION_MARK: char = '\u{E000}';

/// Options of `kuni search` (and global ones) whose next word is their value, not query text.
const TAKES_VALUE: [&str; 2] = ["--limit", "--library"];

/// Marks the exclusions (`-word`) among the words after `search`, leaving everything else,
/// and everything after `--`, as typed.
pub fn mark_exclusions(args: Vec<OsString>) -> Vec<OsString> {
    let Some(at) = subcommand_position(&args) else {
        return args;
    };
    if args[at] != "search" {
        return args;
    }
    let mut out = Vec::with_capacity(args.len());
    let mut rest = args.into_iter().enumerate();
    let mut value_next = false;
    for (i, arg) in rest.by_ref() {
        if i <= at {
            out.push(arg);
            continue;
        }
        if arg == "--" {
            out.push(arg);
            break;
        }
        let text = arg.to_str().unwrap_or_default();
        let marked = !value_next && is_exclusion(text);
        value_next = TAKES_VALUE.contains(&text);
        out.push(if marked {
            OsString::from(format!("{EXCLUSION_MARK}{}", &text[1..]))
        } else {
            arg
        });
    }
    out.extend(rest.map(|(_, a)| a));
    out
}

/// The query as the user typed it, with the exclusions' `-` back in place.
pub fn query_text(words: &[String]) -> String {
    words
        .iter()
        .map(|w| match w.strip_prefix(EXCLUSION_MARK) {
            Some(rest) => format!("-{rest}"),
            None => w.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `-薬`, `-GMP`: one dash and a word. Not `--json`, not a lone `-`, not clap's `-h`/`-V`.
fn is_exclusion(text: &str) -> bool {
    text.len() > 1 && text.starts_with('-') && !text.starts_with("--") && !matches!(text, "-h" | "-V")
}

/// Where the subcommand is: the first word that is neither a global option nor its value.
fn subcommand_position(args: &[OsString]) -> Option<usize> {
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_str()?;
        if a == "--library" {
            i += 2;
        } else if a.starts_with('-') {
            i += 1;
        } else {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(words: &[&str]) -> Vec<String> {
        mark_exclusions(words.iter().map(OsString::from).collect())
            .into_iter()
            .map(|a| a.into_string().expect("utf-8"))
            .collect()
    }

    #[test]
    fn exclusions_after_search_are_marked_and_options_are_not() {
        let out = run(&[
            "kuni",
            "--library",
            "-odd-dir",
            "search",
            "医療",
            "-薬",
            "--limit",
            "5",
            "--json",
        ]);
        assert_eq!(out[2], "-odd-dir", "a global option's value is left alone");
        assert_eq!(out[5], format!("{EXCLUSION_MARK}薬"));
        assert_eq!(&out[6..], ["--limit", "5", "--json"]);
        assert_eq!(query_text(&out[4..6]), "医療 -薬");
    }

    #[test]
    fn other_commands_and_words_after_double_dash_are_left_as_typed() {
        assert_eq!(
            run(&["kuni", "diff", "vn.ja", "-x"]),
            ["kuni", "diff", "vn.ja", "-x"]
        );
        assert_eq!(
            run(&["kuni", "search", "--", "-x"]),
            ["kuni", "search", "--", "-x"]
        );
        assert_eq!(run(&["kuni", "search", "-h"]), ["kuni", "search", "-h"]);
        assert_eq!(
            run(&["kuni", "search", "--limit", "-3"]),
            ["kuni", "search", "--limit", "-3"]
        );
    }
}
