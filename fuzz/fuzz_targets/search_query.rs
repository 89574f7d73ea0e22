//! cargo-fuzz entry point; the body is [`targets::search_query`] (shared with the stable
//! replay test), run against an index of the test fixtures built once per process.
#![no_main]

// Each binary uses only its own target of the shared file.
#[allow(dead_code)]
#[path = "../targets.rs"]
mod targets;

use kuni::search::SearchIndex;
use std::path::Path;
use std::sync::OnceLock;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
    let (_, index) = INDEX.get_or_init(|| {
        let cache = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
        let library = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/valid");
        let index = targets::query_index(&library, cache.path());
        (cache, index)
    });
    index
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::search_query(index(), data));
