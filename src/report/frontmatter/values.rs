//! Typed accessors of the front-matter reader: each reports a missing field at the start of
//! the enclosing mapping and a wrong type at the value itself.

use super::Reader;
use crate::problem::Problems;
use chrono::NaiveDate;
use marked_yaml::Node;
use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};

impl Reader {
    pub(super) fn field<'a>(
        &self,
        map: &'a MarkedMappingNode,
        key: &str,
        ctx: &str,
        p: &mut Problems,
    ) -> Option<&'a Node> {
        let node = map.get_node(key);
        if node.is_none() {
            // Point at the mapping's first key: a block mapping's own span starts at its first value.
            let at = map.keys().next().map_or(map.span(), |k| k.span());
            let (code, message) = if key == "accessed" {
                (
                    "source-without-accessed",
                    format!(
                        "`{}` has no `accessed` date: add the date you last read it (YYYY-MM-DD)",
                        ctx.trim_end_matches('.')
                    ),
                )
            } else {
                ("missing-field", format!("missing required field `{ctx}{key}`"))
            };
            p.error(self.at(at), code, message);
        }
        node
    }

    pub(super) fn text(
        &self,
        map: &MarkedMappingNode,
        key: &str,
        ctx: &str,
        p: &mut Problems,
    ) -> Option<String> {
        let node = self.field(map, key, ctx, p)?;
        self.scalar_text(node, &format!("{ctx}{key}"), p)
    }

    pub(super) fn scalar_text(&self, node: &Node, key: &str, p: &mut Problems) -> Option<String> {
        let scalar = self.scalar(node, key, "text", p)?;
        let text = scalar.as_str().trim();
        if text.is_empty() {
            p.error(self.at(node.span()), "empty-value", format!("`{key}` is empty"));
            return None;
        }
        Some(text.to_string())
    }

    pub(super) fn scalar<'a>(
        &self,
        node: &'a Node,
        key: &str,
        expected: &str,
        p: &mut Problems,
    ) -> Option<&'a MarkedScalarNode> {
        let scalar = node.as_scalar();
        if scalar.is_none() {
            self.wrong_type(node, key, expected, p);
        }
        scalar
    }

    pub(super) fn wrong_type(&self, node: &Node, key: &str, expected: &str, p: &mut Problems) {
        let found = match node {
            Node::Scalar(_) => "a single value",
            Node::Sequence(_) => "a list",
            Node::Mapping(_) => "a mapping",
        };
        p.error(
            self.at(node.span()),
            "wrong-type",
            format!("`{key}` must be {expected}, found {found}"),
        );
    }

    pub(super) fn mapping<'a>(
        &self,
        map: &'a MarkedMappingNode,
        key: &str,
        ctx: &str,
        p: &mut Problems,
    ) -> Option<&'a MarkedMappingNode> {
        let node = self.field(map, key, ctx, p)?;
        let m = node.as_mapping();
        if m.is_none() {
            self.wrong_type(node, &format!("{ctx}{key}"), "a mapping", p);
        }
        m
    }

    pub(super) fn sequence<'a>(
        &self,
        map: &'a MarkedMappingNode,
        key: &str,
        ctx: &str,
        p: &mut Problems,
    ) -> Option<&'a [Node]> {
        let node = self.field(map, key, ctx, p)?;
        match node.as_sequence() {
            Some(s) => Some(s.as_slice()),
            None => {
                self.wrong_type(node, &format!("{ctx}{key}"), "a list", p);
                None
            }
        }
    }

    pub(super) fn text_list(
        &self,
        map: &MarkedMappingNode,
        key: &str,
        ctx: &str,
        p: &mut Problems,
    ) -> Option<Vec<String>> {
        let node = self.field(map, key, ctx, p)?;
        self.node_text_list(node, &format!("{ctx}{key}"), p)
    }

    pub(super) fn node_text_list(&self, node: &Node, key: &str, p: &mut Problems) -> Option<Vec<String>> {
        let Some(seq) = node.as_sequence() else {
            self.wrong_type(node, key, "a list", p);
            return None;
        };
        let mut out = Vec::with_capacity(seq.len());
        let mut ok = true;
        for (i, item) in seq.iter().enumerate() {
            match self.scalar_text(item, &format!("{key}[{}]", i + 1), p) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub(super) fn number(
        &self,
        map: &MarkedMappingNode,
        key: &str,
        ctx: &str,
        p: &mut Problems,
    ) -> Option<u32> {
        let node = self.field(map, key, ctx, p)?;
        let scalar = self.scalar(node, &format!("{ctx}{key}"), "a whole number", p)?;
        match scalar.as_str().trim().parse::<u32>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                p.error(
                    self.at(node.span()),
                    "wrong-type",
                    format!(
                        "`{ctx}{key}` must be a whole number from 1 to {} (found `{}`)",
                        u32::MAX,
                        scalar.as_str()
                    ),
                );
                None
            }
        }
    }

    pub(super) fn date(
        &self,
        map: &MarkedMappingNode,
        key: &str,
        ctx: &str,
        p: &mut Problems,
    ) -> Option<NaiveDate> {
        let node = self.field(map, key, ctx, p)?;
        let scalar = self.scalar(node, &format!("{ctx}{key}"), "a date (YYYY-MM-DD)", p)?;
        let text = scalar.as_str().trim();
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) if text.len() == 10 && d > self.today => {
                p.error(
                    self.at(node.span()),
                    "future-date",
                    format!("`{ctx}{key}: {d}` is in the future (today is {})", self.today),
                );
                None
            }
            Ok(d) if text.len() == 10 => Some(d),
            _ => {
                p.error(
                    self.at(node.span()),
                    "invalid-date",
                    format!("`{ctx}{key}` must be a date written YYYY-MM-DD (found `{text}`)"),
                );
                None
            }
        }
    }

    pub(super) fn choice<T>(
        &self,
        map: &MarkedMappingNode,
        key: &str,
        ctx: &str,
        allowed: &[&str],
        parse: impl Fn(&str) -> Option<T>,
        p: &mut Problems,
    ) -> Option<T> {
        let text = self.text(map, key, ctx, p)?;
        let parsed = parse(&text);
        if parsed.is_none() {
            let at = self.at_field(map, key);
            p.error(
                at,
                "invalid-value",
                format!(
                    "`{ctx}{key}` must be one of {} (found `{text}`)",
                    allowed.join(", ")
                ),
            );
        }
        parsed
    }

    /// Unknown fields are warnings: usually a typo of a known one, which then shows up as missing.
    pub(super) fn unknown_fields(
        &self,
        map: &MarkedMappingNode,
        known: &[&str],
        ctx: &str,
        p: &mut Problems,
    ) {
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                p.warning(
                    self.at(key.span()),
                    "unknown-field",
                    format!("unknown field `{ctx}{}`", key.as_str()),
                );
            }
        }
    }
}
