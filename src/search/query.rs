//! The search box's language, parsed into a small syntax tree.
//!
//! Words are ANDed; `"…"` (or “…”, 「…」) is an exact phrase; `A OR B` matches either;
//! `-word` excludes; `country:VN`, `region:アフリカ`, `status:draft`, `lang:en` filter.
//! Nothing here fails: odd input is searched in the most sensible way and explained in
//! `warnings` (an unbalanced quote, an unknown field, an overlong query).

use serde::Serialize;

/// Queries are cut to this many characters; nobody types more, and it bounds the work.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// A word typed as is, or an exact phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word (may be a Japanese string without spaces).
    Word(String),
    /// A quoted phrase, matched as an exact substring.
    Phrase(String),
}

impl Term {
    /// The text of the word or phrase.
    pub fn text(&self) -> &str {
        match self {
            Term::Word(t) | Term::Phrase(t) => t,
        }
    }
}

/// A report-level field a query can filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterField {
    /// `country:VN`
    Country,
    /// `region:アフリカ`
    Region,
    /// `status:draft`
    Status,
    /// `lang:en` (also `language:`)
    Language,
}

impl FilterField {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "country" => FilterField::Country,
            "region" => FilterField::Region,
            "status" => FilterField::Status,
            "lang" | "language" => FilterField::Language,
            _ => return None,
        })
    }
}

/// A filter on a report-level field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Which field.
    pub field: FilterField,
    /// The value, normalised for that field (country upper case, status/lang lower case).
    pub value: String,
    /// `-country:VN` excludes.
    pub negated: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    /// Each entry must match: one of its alternatives (`A OR B` gives two).
    pub must: Vec<Vec<Term>>,
    /// None of these may match.
    pub must_not: Vec<Term>,
    /// Report-level filters.
    pub filters: Vec<Filter>,
    /// Explanations of how odd input was understood.
    pub warnings: Vec<String>,
}

impl Parsed {
    /// True when there is nothing to search for and nothing to filter by.
    pub fn is_empty(&self) -> bool {
        self.must.is_empty() && self.filters.is_empty()
    }
}

#[derive(Debug, PartialEq)]
enum Tok {
    Term {
        term: Term,
        negated: bool,
        field: Option<String>,
    },
    Or,
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' | '＂' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    }
}

fn is_closing(open: char, c: char) -> bool {
    match open {
        '"' | '＂' => c == '"' || c == '＂',
        _ => closing_quote(open) == Some(c),
    }
}

/// Splits the query into terms and `OR`s.
fn lex(input: &str, warnings: &mut Vec<String>) -> Vec<Tok> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let negated = chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
        if negated {
            i += 1;
        }
        // An optional `field:` before a value.
        let mut field = None;
        let word_start = i;
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_alphabetic() {
            j += 1;
        }
        if j > word_start && j < chars.len() && (chars[j] == ':' || chars[j] == '：') && j + 1 < chars.len()
        {
            field = Some(chars[word_start..j].iter().collect::<String>());
            i = j + 1;
        }
        if let Some(open) = chars.get(i).copied().filter(|c| closing_quote(*c).is_some()) {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && !is_closing(open, chars[end]) {
                end += 1;
            }
            if end >= chars.len() {
                warnings.push(format!(
                    "unbalanced quote {open}: the rest of the query was searched as one phrase"
                ));
            }
            let phrase: String = chars[start..end.min(chars.len())].iter().collect();
            i = end + 1;
            if !phrase.trim().is_empty() {
                out.push(Tok::Term {
                    term: Term::Phrase(phrase.trim().to_string()),
                    negated,
                    field,
                });
            }
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        if field.is_none()
            && let Some(name) = word.strip_suffix(':').or_else(|| word.strip_suffix('：'))
            && FilterField::from_name(name).is_some()
        {
            warnings.push(format!("`{word}` has no value (e.g. country:VN): ignored"));
        } else if word == "OR" && !negated && field.is_none() {
            out.push(Tok::Or);
        } else if !word.is_empty() {
            out.push(Tok::Term {
                term: Term::Word(word),
                negated,
                field,
            });
        } else if let Some(f) = field {
            out.push(Tok::Term {
                term: Term::Word(format!("{f}:")),
                negated,
                field: None,
            });
        }
    }
    out
}

/// Parses a query typed into the search box or given to `kuni search`.
pub fn parse(input: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut text = input;
    if input.chars().count() > MAX_QUERY_CHARS {
        let cut = input
            .char_indices()
            .nth(MAX_QUERY_CHARS)
            .map_or(input.len(), |(i, _)| i);
        text = &input[..cut];
        parsed.warnings.push(format!(
            "the query is {} characters long: only the first {MAX_QUERY_CHARS} were used",
            input.chars().count()
        ));
    }
    let toks = lex(text, &mut parsed.warnings);
    let mut pending_or = false;
    for tok in toks {
        match tok {
            Tok::Or => pending_or = !parsed.must.is_empty(),
            Tok::Term { term, negated, field } => {
                let term = match field {
                    Some(name) => match FilterField::from_name(&name) {
                        Some(f) => {
                            parsed.filters.push(Filter {
                                field: f,
                                value: filter_value(f, term.text()),
                                negated,
                            });
                            pending_or = false;
                            continue;
                        }
                        None => {
                            parsed.warnings.push(format!(
                                "unknown field `{name}:` (known: country, region, status, lang): searched as text"
                            ));
                            match term {
                                Term::Word(w) => Term::Word(format!("{name}:{w}")),
                                Term::Phrase(p) => Term::Phrase(format!("{name}:{p}")),
                            }
                        }
                    },
                    None => term,
                };
                if negated {
                    parsed.must_not.push(term);
                } else if pending_or {
                    if let Some(last) = parsed.must.last_mut() {
                        last.push(term);
                    }
                } else {
                    parsed.must.push(vec![term]);
                }
                pending_or = false;
            }
        }
    }
    parsed
}

fn filter_value(field: FilterField, value: &str) -> String {
    let value = value.trim();
    match field {
        FilterField::Country => value.to_ascii_uppercase(),
        FilterField::Status | FilterField::Language => value.to_ascii_lowercase(),
        FilterField::Region => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Term {
        Term::Word(s.into())
    }

    #[test]
    fn words_are_anded_phrases_kept_whole() {
        let p = parse(r#"登録 "医療機器 登録" ISO"#);
        assert_eq!(
            p.must,
            vec![
                vec![w("登録")],
                vec![Term::Phrase("医療機器 登録".into())],
                vec![w("ISO")]
            ]
        );
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn or_negation_and_filters() {
        let p = parse("CDSCO OR 中央医薬品 -輸入 country:in lang:EN -status:draft");
        assert_eq!(p.must, vec![vec![w("CDSCO"), w("中央医薬品")]]);
        assert_eq!(p.must_not, vec![w("輸入")]);
        assert_eq!(
            p.filters,
            vec![
                Filter {
                    field: FilterField::Country,
                    value: "IN".into(),
                    negated: false
                },
                Filter {
                    field: FilterField::Language,
                    value: "en".into(),
                    negated: false
                },
                Filter {
                    field: FilterField::Status,
                    value: "draft".into(),
                    negated: true
                },
            ]
        );
    }

    #[test]
    fn japanese_quotes_and_full_width_colon() {
        let p = parse("「関西国際空港」 region：アフリカ");
        assert_eq!(p.must, vec![vec![Term::Phrase("関西国際空港".into())]]);
        assert_eq!(p.filters[0].value, "アフリカ");
    }

    #[test]
    fn odd_input_is_explained_not_rejected() {
        let p = parse(r#"登録 "unclosed phrase"#);
        assert_eq!(p.must[1], vec![Term::Phrase("unclosed phrase".into())]);
        assert_eq!(p.warnings.len(), 1);
        let p = parse("foo:bar");
        assert_eq!(p.must, vec![vec![w("foo:bar")]]);
        assert!(p.warnings[0].contains("unknown field `foo:`"));
        let long = "登録".repeat(5_000);
        let p = parse(&long);
        assert_eq!(p.must[0][0].text().chars().count(), MAX_QUERY_CHARS);
        assert!(p.warnings[0].contains("10000 characters"));
        assert!(parse("").is_empty());
        assert_eq!(parse("OR OR -").must, vec![vec![w("-")]]);
    }
}
