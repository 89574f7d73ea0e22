//! Full-text search that understands Japanese (tantivy).
//!
//! One index document per heading section. Text is normalised (`normalize.rs`) and indexed
//! twice: as CJK bigrams with real positions (`bigram.rs`: exact substrings, compounds) and
//! as morphemes from lindera with the IPADIC dictionary (`morph.rs`: word boundaries), the
//! latter weighted higher. `query.rs` parses the search box's language, `results.rs` runs it
//! and groups hits by report, `snippet.rs` marks the matches, `index.rs` keeps the on-disk
//! index in step with the library.

pub mod bigram;
pub mod index;
pub mod morph;
pub mod normalize;
pub mod query;
pub mod results;
mod schema;
pub mod snippet;
mod tokens;

pub use index::{RefreshStats, SearchIndex, cache_root};
pub use results::{ReportHit, SearchResults, SectionHit};
pub use schema::SCHEMA_VERSION;

/// Progress of a long operation: `done` of `total` steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    /// Steps done.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
}

use std::sync::Arc;

/// Loads the IPADIC dictionary for morphological analysis from [`morph::dictionary_dir`].
/// When it cannot be loaded, returns `None` and the one message to show, so search can go on
/// with the bigram field alone.
pub fn load_morphology() -> (Option<Arc<morph::Morphology>>, Option<String>) {
    load_morphology_from(morph::dictionary_dir())
}

/// [`load_morphology`] from a given folder.
pub fn load_morphology_from(
    dir: Option<std::path::PathBuf>,
) -> (Option<Arc<morph::Morphology>>, Option<String>) {
    let Some(dir) = dir else {
        return (
            None,
            Some("morphological analysis is off: no data directory for the dictionary".into()),
        );
    };
    match morph::Morphology::load(&dir) {
        Ok(m) => (Some(Arc::new(m)), None),
        Err(e) => (
            None,
            Some(format!(
                "morphological analysis is off ({e}); searching with bigrams only. Run `make setup` or `kuni dictionary build` to enable it"
            )),
        ),
    }
}
