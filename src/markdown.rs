//! The one Markdown configuration. Preview, PDF, search and site all parse through here,
//! so they cannot disagree about what a report says.

use pulldown_cmark::{Options, Parser};

/// CommonMark plus the extensions the report format allows: tables, footnotes,
/// strikethrough, task lists and `{#id}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A parser over a report body with the shared options.
pub fn parser(body: &str) -> Parser<'_> {
    Parser::new_ext(body, options())
}
