//! A field's evidence: the sentence of a source that states its fact.

use serde::Serialize;

/// The sentence of one source that supports a field (a short quotation with a little
/// context), re-found in the page's text at every source check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Quote {
    /// The id of the source quoted (one of the field's `sources`).
    pub source: String,
    /// The words as the page gives them.
    pub text: String,
}

/// The longest quotation a field may keep from one source, in characters: a sentence with a
/// little context, not a page.
pub const QUOTE_MAX_CHARS: usize = 400;
