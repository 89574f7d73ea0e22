//! A field's `quotes:`: per source, the sentence that states the fact, so that a source check
//! can say whether the page still says it.

use super::super::schema::{QUOTE_MAX_CHARS, Quote};
use super::Reader;
use crate::problem::Problems;
use marked_yaml::types::MarkedMappingNode;

impl Reader {
    /// `quotes: { source-id: "the sentence", … }` of `field` (`full` is its name), each
    /// naming one of `sources`. Entries in error are left out; the field itself still reads.
    pub(super) fn quotes(
        &self,
        field: &MarkedMappingNode,
        full: &str,
        sources: &[String],
        p: &mut Problems,
    ) -> Vec<Quote> {
        let Some(node) = field.get_node("quotes") else {
            return Vec::new();
        };
        let Some(map) = node.as_mapping() else {
            self.wrong_type(
                node,
                &format!("{full}.quotes"),
                "a mapping of source id: quotation",
                p,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (id, value) in map.iter() {
            let id = id.as_str();
            let key = format!("{full}.quotes.{id}");
            let Some(text) = self.scalar_text(value, &key, p) else {
                continue;
            };
            let at = self.at(value.span());
            if !sources.iter().any(|s| s == id) {
                p.error(
                    at,
                    "quote-without-source",
                    format!(
                        "`{key}` quotes `{id}`, which is not one of `{full}.sources` ({}): quote a source the field cites",
                        sources.join(", ")
                    ),
                );
                continue;
            }
            let text = text.trim().to_string();
            let chars = text.chars().count();
            if chars == 0 {
                p.error(
                    at,
                    "empty-quote",
                    format!("`{key}` is empty: give the sentence that states the fact, or remove the entry"),
                );
                continue;
            }
            if chars > QUOTE_MAX_CHARS {
                p.error(
                    at,
                    "quote-too-long",
                    format!("`{key}` has {chars} characters; keep the sentence that states the fact (at most {QUOTE_MAX_CHARS})"),
                );
                continue;
            }
            out.push(Quote {
                source: id.to_string(),
                text,
            });
        }
        out
    }
}
