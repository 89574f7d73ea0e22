//! Publishing's changes to the front matter, made on the text itself.
//!
//! Going through a YAML serialiser would lose the author's comments, key order, quoting and
//! flow-style lists, so the four fields publishing touches (`version`, `status`, `published`,
//! `changelog`) are edited line by line and everything else is left byte for byte. The
//! caller re-reads the result as a report and checks that the fields say what was meant, so
//! an edit this module gets wrong is refused, never saved.

use chrono::NaiveDate;

/// What a publication writes into the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication<'a> {
    /// The version being published.
    pub version: u32,
    /// The publication date.
    pub date: NaiveDate,
    /// The revision note (改訂履歴).
    pub note: &'a str,
}

/// The file text with `version`, `status: published`, `published` and a new `changelog`
/// entry set. Keeps a byte-order mark and CRLF line endings if the file had them. The error
/// says, in plain words, what in the front matter could not be edited.
pub fn apply(text: &str, p: &Publication) -> Result<String, String> {
    edit_front_matter(text, |lines| {
        set_scalar(lines, "version", &p.version.to_string(), &[]);
        set_scalar(lines, "status", "published", &["version"]);
        set_scalar(lines, "published", &p.date.to_string(), &["updated", "status"]);
        append_changelog(lines, p)
    })
}

/// The file text with `status` set (the yearly update sets `review`, 確認中), everything else
/// byte for byte.
pub fn set_status(text: &str, status: &str) -> Result<String, String> {
    edit_front_matter(text, |lines| {
        set_scalar(lines, "status", status, &["version"]);
        Ok(())
    })
}

/// What to change in one entry of `sources`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceEdit<'a> {
    /// A new address (a moved page).
    pub url: Option<&'a str>,
    /// A new `accessed` date (a reviewer read the page again).
    pub accessed: Option<NaiveDate>,
}

/// The file text with the `sources` entry whose id is `id` edited, in its own style (flow
/// `- { id: …, url: …, accessed: … }` or block lines), everything else byte for byte.
pub fn set_source(text: &str, id: &str, edit: &SourceEdit) -> Result<String, String> {
    edit_front_matter(text, |lines| {
        let k = find_key(lines, "sources").ok_or("the front matter has no `sources`")?;
        let end = end_of_value(lines, k);
        // The entry: from the item line naming the id (or the item line above a block
        // `id:` line) to the next item at the same indentation.
        let id_pattern = regex::Regex::new(&format!(
            r#"(^|[{{,\s])id:\s*(["']?){}(["']?)\s*([,}}]|$)"#,
            regex::escape(id)
        ))
        .map_err(|e| e.to_string())?;
        let line = (k + 1..end)
            .find(|&j| id_pattern.is_match(&lines[j]))
            .ok_or_else(|| format!("`sources` has no entry with id `{id}`"))?;
        let item_start = (k + 1..=line)
            .rev()
            .find(|&j| lines[j].trim_start().starts_with("- "))
            .ok_or_else(|| format!("the entry `{id}` of `sources` is not a list item"))?;
        let indent = lines[item_start].len() - lines[item_start].trim_start().len();
        let item_end = (item_start + 1..end)
            .find(|&j| {
                let l = &lines[j];
                let t = l.trim_start();
                t.starts_with("- ") && l.len() - t.len() <= indent
            })
            .unwrap_or(end);
        let mut set = |key: &str, value: &str| -> Result<(), String> {
            let pattern = regex::Regex::new(&format!(
                r#"(^|[{{,\s]){key}:\s*("[^"]*"|'[^']*'|[^,}}\s]+)(\s*)([,}}]|\s#|$)"#
            ))
            .map_err(|e| e.to_string())?;
            for line in &mut lines[item_start..item_end] {
                let found = pattern.captures(line).map(|c| {
                    let range = c.get(0).map_or(0..0, |m| m.range());
                    (range, format!("{}{key}: {value}{}{}", &c[1], &c[3], &c[4]))
                });
                if let Some((range, replacement)) = found {
                    line.replace_range(range, &replacement);
                    return Ok(());
                }
            }
            Err(format!(
                "the entry `{id}` of `sources` has no `{key}` Kuni can change"
            ))
        };
        if let Some(url) = edit.url {
            set("url", &quoted(url))?;
        }
        if let Some(date) = edit.accessed {
            set("accessed", &date.to_string())?;
        }
        Ok(())
    })
}

/// Runs `edit` on the front matter's lines and puts the file back together, keeping a
/// byte-order mark and CRLF line endings if the file had them.
fn edit_front_matter(
    text: &str,
    edit: impl FnOnce(&mut Vec<String>) -> Result<(), String>,
) -> Result<String, String> {
    let bom = text.starts_with('\u{feff}');
    let crlf = text.contains("\r\n");
    let text = crate::report::normalise(text);
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err("the file does not start with front matter (`---`)".into());
    };
    let mut lines: Vec<String> = Vec::new();
    let mut body = None;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            body = Some(&rest[offset..]);
            break;
        }
        lines.push(line.trim_end_matches('\n').to_string());
        offset += line.len();
    }
    let Some(body) = body else {
        return Err("the front matter is not closed by a `---` line".into());
    };
    edit(&mut lines)?;
    let mut out = String::with_capacity(text.len() + 128);
    if bom {
        out.push('\u{feff}');
    }
    out.push_str("---\n");
    for l in &lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(body);
    if crlf {
        out = out.replace('\n', "\r\n");
    }
    Ok(out)
}

/// The index of the top-level line `key: …` (no indentation), if any.
fn find_key(lines: &[String], key: &str) -> Option<usize> {
    lines.iter().position(|l| {
        l.strip_prefix(key)
            .and_then(|r| r.trim_start_matches([' ', '\t']).strip_prefix(':'))
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
    })
}

/// Splits the part of a line after `key:` into the value and a trailing comment (with the
/// whitespace before it), so a new value keeps the author's comment.
fn split_comment(after_colon: &str) -> (&str, &str) {
    let mut quote = None;
    let bytes = after_colon.as_bytes();
    for (i, c) in after_colon.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => {
                let value = &after_colon[..i];
                let trimmed = value.trim_end();
                return (trimmed, &after_colon[trimmed.len()..]);
            }
            _ => {}
        }
    }
    (after_colon.trim_end(), "")
}

/// Sets top-level `key` to `value`, keeping a trailing comment; a missing key is added after
/// the first of `after` that exists (else at the end).
fn set_scalar(lines: &mut Vec<String>, key: &str, value: &str, after: &[&str]) {
    if let Some(i) = find_key(lines, key) {
        let colon = lines[i].find(':').unwrap_or(key.len());
        let (_, comment) = split_comment(&lines[i][colon + 1..]);
        lines[i] = format!("{key}: {value}{comment}");
        return;
    }
    let at = after
        .iter()
        .find_map(|k| find_key(lines, k))
        .map_or(lines.len(), |i| end_of_value(lines, i));
    lines.insert(at, format!("{key}: {value}"));
}

/// The index just after the value that starts on top-level line `i` (its indented
/// continuation lines included, trailing blank lines not).
fn end_of_value(lines: &[String], i: usize) -> usize {
    let mut end = i + 1;
    let mut j = i + 1;
    while j < lines.len() {
        let l = &lines[j];
        if l.trim().is_empty() {
            j += 1;
            continue;
        }
        // A block sequence may sit at the key's own indentation (`key:\n- item`).
        if l.starts_with([' ', '\t']) || l.starts_with("- ") || l == "-" {
            end = j + 1;
            j += 1;
        } else {
            break;
        }
    }
    end
}

/// A YAML double-quoted string of `s`.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn flow_entry(p: &Publication) -> String {
    format!(
        "{{ version: {}, date: {}, note: {} }}",
        p.version,
        p.date,
        quoted(p.note)
    )
}

/// Adds the publication to `changelog`, in the style the list already uses.
fn append_changelog(lines: &mut Vec<String>, p: &Publication) -> Result<(), String> {
    let Some(k) = find_key(lines, "changelog") else {
        let at = end_of_value_of_last(lines);
        lines.insert(at, "changelog:".into());
        lines.insert(at + 1, format!("  - {}", flow_entry(p)));
        return Ok(());
    };
    let colon = lines[k].find(':').unwrap_or(9);
    let (value, comment) = split_comment(&lines[k][colon + 1..]);
    let value = value.trim().to_string();
    let comment = comment.to_string();
    if value.is_empty() || value == "[]" || value == "~" || value == "null" {
        let end = end_of_value(lines, k);
        let items: Vec<usize> = (k + 1..end)
            .filter(|&j| {
                let t = lines[j].trim_start();
                t.starts_with("- ") || t == "-"
            })
            .collect();
        let Some(&first) = items.first() else {
            // No items yet (`changelog:` alone, or `[]`): start a block list.
            lines[k] = format!("changelog:{comment}");
            lines.insert(k + 1, format!("  - {}", flow_entry(p)));
            return Ok(());
        };
        if !value.is_empty() {
            return Err("`changelog` has a value and items below it".into());
        }
        let indent = lines[first].len() - lines[first].trim_start().len();
        let pad = " ".repeat(indent);
        let item = lines[first].trim_start()[1..].trim_start();
        // Last non-blank line of the list: the new item goes right after it.
        let last = (k + 1..end)
            .rev()
            .find(|&j| !lines[j].trim().is_empty())
            .unwrap_or(k);
        if item.starts_with('{') || item.is_empty() {
            lines.insert(last + 1, format!("{pad}- {}", flow_entry(p)));
        } else {
            // Block mappings: `- version: 2` then `  date: …` under it.
            let inner = " ".repeat(indent + 2);
            let block = [
                format!("{pad}- version: {}", p.version),
                format!("{inner}date: {}", p.date),
                format!("{inner}note: {}", quoted(p.note)),
            ];
            for (n, l) in block.into_iter().enumerate() {
                lines.insert(last + 1 + n, l);
            }
        }
        return Ok(());
    }
    if value.starts_with('[') && value.ends_with(']') {
        let inner = value[1..value.len() - 1].trim_end();
        let sep = if inner.trim().is_empty() { "" } else { ", " };
        lines[k] = format!("changelog: [{inner}{sep}{}]{comment}", flow_entry(p));
        return Ok(());
    }
    Err(format!(
        "`changelog: {value}` is not a list Kuni can extend; write it as lines `- {{ version: …, date: …, note: \"…\" }}`"
    ))
}

/// Where a new top-level field goes: after the last field, before trailing blank lines and
/// comments.
fn end_of_value_of_last(lines: &[String]) -> usize {
    (0..lines.len())
        .rev()
        .find(|&j| {
            let t = lines[j].trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .map_or(0, |j| j + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pubn(note: &str) -> Publication<'_> {
        Publication {
            version: 3,
            date: NaiveDate::from_ymd_opt(2026, 4, 1).expect("date"),
            note,
        }
    }

    #[test]
    fn sets_fields_and_keeps_comments() {
        let text = "---\ntitle: t\nversion: 2   # bump on publish\nstatus: draft\nupdated: 2026-03-01\nauthors: [a]\n---\n\nbody\n";
        let out = apply(text, &pubn("改訂")).expect("edit");
        assert_eq!(
            out,
            "---\ntitle: t\nversion: 3   # bump on publish\nstatus: published\nupdated: 2026-03-01\npublished: 2026-04-01\nauthors: [a]\nchangelog:\n  - { version: 3, date: 2026-04-01, note: \"改訂\" }\n---\n\nbody\n"
        );
    }

    #[test]
    fn extends_flow_and_block_lists_in_their_style() {
        let flow = "---\nchangelog:\n  - { version: 1, date: 2025-01-01, note: \"初版\" }\n\n# end\nsources: []\n---\n";
        let out = apply(flow, &pubn("a \"b\"")).expect("edit");
        assert!(
            out.contains("  - { version: 1, date: 2025-01-01, note: \"初版\" }\n  - { version: 3, date: 2026-04-01, note: \"a \\\"b\\\"\" }\n\n# end\n"),
            "{out}"
        );
        let block = "---\nchangelog:\n- version: 1\n  date: 2025-01-01\n  note: x\nstatus: review\n---\n";
        let out = apply(block, &pubn("y")).expect("edit");
        assert!(
            out.contains("  note: x\n- version: 3\n  date: 2026-04-01\n  note: \"y\"\nstatus: published\n"),
            "{out}"
        );
        let inline = "---\nchangelog: [] # none yet\n---\n";
        let out = apply(inline, &pubn("z")).expect("edit");
        assert!(out.contains("changelog: # none yet\n  - { version: 3"), "{out}");
    }

    #[test]
    fn keeps_crlf_and_bom() {
        let text = "\u{feff}---\r\nversion: 1\r\nstatus: draft\r\n---\r\nbody\r\n";
        let out = apply(text, &pubn("n")).expect("edit");
        assert!(
            out.starts_with("\u{feff}---\r\nversion: 3\r\nstatus: published\r\npublished: 2026-04-01\r\n")
        );
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    }

    #[test]
    fn edits_one_source_entry_in_its_style() {
        let flow = "---\nsources:\n  - { id: a, title: \"A\", url: \"https://a.example/old\", accessed: 2025-01-02 }\n  - { id: ab, title: \"AB\", url: https://ab.example/, accessed: 2025-01-03 }\n---\nbody\n";
        let edit = SourceEdit {
            url: Some("https://a.example/new?x=1"),
            accessed: NaiveDate::from_ymd_opt(2026, 12, 7),
        };
        let out = set_source(flow, "a", &edit).expect("edit");
        assert_eq!(
            out,
            "---\nsources:\n  - { id: a, title: \"A\", url: \"https://a.example/new?x=1\", accessed: 2026-12-07 }\n  - { id: ab, title: \"AB\", url: https://ab.example/, accessed: 2025-01-03 }\n---\nbody\n"
        );
        let out = set_source(
            flow,
            "ab",
            &SourceEdit {
                url: None,
                accessed: edit.accessed,
            },
        )
        .expect("edit");
        assert!(
            out.contains("url: https://ab.example/, accessed: 2026-12-07 }"),
            "{out}"
        );
        assert!(out.contains("accessed: 2025-01-02 }"), "{out}");
        let block = "---\nsources:\n- id: a\n  url: 'https://a.example/'   # home\n  accessed: 2025-01-02\n- id: b\n  url: https://b.example/\n  accessed: 2025-01-02\n---\n";
        let out = set_source(block, "a", &edit).expect("edit");
        assert!(
            out.contains("- id: a\n  url: \"https://a.example/new?x=1\"   # home\n  accessed: 2026-12-07\n- id: b\n  url: https://b.example/\n  accessed: 2025-01-02\n"),
            "{out}"
        );
        assert!(
            set_source(block, "c", &edit)
                .expect_err("no such entry")
                .contains("no entry with id `c`")
        );
    }

    #[test]
    fn refuses_what_it_cannot_extend() {
        let text = "---\nchangelog: [\n  {version: 1}]\n---\n";
        assert!(apply(text, &pubn("n")).is_err());
    }
}
