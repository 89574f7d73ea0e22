//! The index schema: one document per heading section.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Bump when the schema or the analysis changes: older indexes are then rebuilt.
pub const SCHEMA_VERSION: u32 = 4;

/// Tokenizer names registered on every opened index.
pub const BIGRAM: &str = "kuni_bigram";
/// The morphological tokenizer (lindera + IPADIC).
pub const MORPH: &str = "kuni_morph";

/// The fields of a section document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Report id, e.g. `vn.ja` (exact; used to delete a report's sections).
    pub report: Field,
    /// Country code, upper case (filter).
    pub country: Field,
    /// Region as written in the report (filter).
    pub region: Field,
    /// `ja` / `en` (filter).
    pub language: Field,
    /// `draft` / `review` / `published` (filter).
    pub status: Field,
    /// The report's title (stored, for result lists).
    pub report_title: Field,
    /// The report's `updated` date, YYYY-MM-DD (stored; sortable as text).
    pub updated: Field,
    /// Section order within the report.
    pub order: Field,
    /// A hash of the report id as a fast field, so hits can be grouped by report without
    /// loading stored documents.
    pub report_key: Field,
    /// The section's anchor.
    pub anchor: Field,
    /// Heading path, joined with U+241F (stored only).
    pub path: Field,
    /// The section's own text (stored only, for snippets).
    pub body: Field,
    /// Body, bigram analysis.
    pub body_bigram: Field,
    /// Body, morphological analysis.
    pub body_morph: Field,
    /// Heading, bigram analysis.
    pub heading_bigram: Field,
    /// Heading, morphological analysis.
    pub heading_morph: Field,
    /// Report title, bigram analysis.
    pub title_bigram: Field,
    /// Report title, morphological analysis.
    pub title_morph: Field,
}

fn text(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Builds the schema and names its fields.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        report: b.add_text_field("report", STRING | STORED),
        country: b.add_text_field("country", STRING | STORED),
        region: b.add_text_field("region", STRING | STORED),
        language: b.add_text_field("language", STRING | STORED),
        status: b.add_text_field("status", STRING | STORED),
        report_title: b.add_text_field("report_title", STORED),
        updated: b.add_text_field("updated", STRING | STORED),
        order: b.add_u64_field("order", STORED | INDEXED),
        report_key: b.add_u64_field("report_key", FAST),
        anchor: b.add_text_field("anchor", STORED),
        path: b.add_text_field("path", STORED),
        body: b.add_text_field("body", STORED),
        body_bigram: b.add_text_field("body_bigram", text(BIGRAM)),
        body_morph: b.add_text_field("body_morph", text(MORPH)),
        heading_bigram: b.add_text_field("heading_bigram", text(BIGRAM)),
        heading_morph: b.add_text_field("heading_morph", text(MORPH)),
        title_bigram: b.add_text_field("title_bigram", text(BIGRAM)),
        title_morph: b.add_text_field("title_morph", text(MORPH)),
    };
    (b.build(), fields)
}
