//! Inline runs of the document model → styled spans for shaping.

use crate::doc::Inline;
use crate::pdf::fonts::Role;
use crate::pdf::shape::Span;
use crate::pdf::style::{LINK, Link, SpanStyle};
use std::collections::HashMap;

/// Placeholder for a soft line break, resolved once neighbours are known.
const SOFT: char = '\u{1F}';

/// Flattens `inlines` into spans of `base` style. `notes` numbers footnote references.
pub fn spans(inlines: &[Inline], base: &SpanStyle, notes: &HashMap<String, usize>) -> Vec<Span> {
    let mut out = Vec::new();
    push(inlines, base, notes, &mut out);
    resolve_soft_breaks(&mut out);
    out.retain(|s| !s.text.is_empty());
    merge(out)
}

fn push(inlines: &[Inline], style: &SpanStyle, notes: &HashMap<String, usize>, out: &mut Vec<Span>) {
    for i in inlines {
        match i {
            Inline::Text { text } => out.push(Span {
                text: text.clone(),
                style: style.clone(),
            }),
            Inline::Code { text } => {
                let mut s = style.clone();
                s.role = Role::Mono;
                s.size = style.size * 0.92;
                out.push(Span {
                    text: text.clone(),
                    style: s,
                });
            }
            Inline::Emphasis { content } => {
                let mut s = style.clone();
                s.slant = true;
                if s.role == Role::Body {
                    // Japanese has no italic: emphasis is set in gothic; Latin is also slanted.
                    s.role = Role::Sans;
                }
                push(content, &s, notes, out);
            }
            Inline::Strong { content } => {
                let mut s = style.clone();
                s.role = Role::Bold;
                push(content, &s, notes, out);
            }
            Inline::Strike { content } => {
                let mut s = style.clone();
                s.strike = true;
                push(content, &s, notes, out);
            }
            Inline::Link { url, content, .. } => {
                let mut s = style.clone();
                s.color = LINK;
                s.link = Some(match url.strip_prefix('#') {
                    Some(anchor) => Link::Anchor(anchor.to_string()),
                    None => Link::Uri(url.clone()),
                });
                push(content, &s, notes, out);
            }
            Inline::Image { alt, .. } => out.push(Span {
                text: format!("［{alt}］"),
                style: style.clone(),
            }),
            Inline::FootnoteRef { label } => {
                let mut s = style.clone();
                s.superscript = true;
                s.size = style.size * 0.7;
                let n = notes.get(label).copied().unwrap_or(0);
                out.push(Span {
                    text: format!("{n})"),
                    style: s,
                });
            }
            Inline::SoftBreak => out.push(Span {
                text: SOFT.to_string(),
                style: style.clone(),
            }),
            Inline::HardBreak => out.push(Span {
                text: "\n".to_string(),
                style: style.clone(),
            }),
            Inline::Html { .. } => {}
        }
    }
}

/// A soft break is nothing between two Japanese characters and a space otherwise.
fn resolve_soft_breaks(spans: &mut [Span]) {
    let wide = |c: char| matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xFF00..=0xFF60);
    let all: String = spans.iter().map(|s| s.text.as_str()).collect();
    if !all.contains(SOFT) {
        return;
    }
    let chars: Vec<char> = all.chars().collect();
    let mut replacement = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if *c == SOFT {
            let before = chars[..i].iter().rev().find(|c| **c != SOFT);
            let after = chars[i + 1..].iter().find(|c| **c != SOFT);
            let join = before.is_some_and(|c| wide(*c)) && after.is_some_and(|c| wide(*c));
            replacement.push(if join { "" } else { " " });
        }
    }
    let mut next = replacement.into_iter();
    for s in spans.iter_mut() {
        if s.text.contains(SOFT) {
            s.text = s
                .text
                .chars()
                .map(|c| {
                    if c == SOFT {
                        next.next().unwrap_or(" ").to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect();
        }
    }
}

fn merge(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if last.style == s.style => last.text.push_str(&s.text),
            _ => out.push(s),
        }
    }
    out
}
