//! Small text helpers every page and part of the site uses: a path as an `href`, a country's
//! name. Below `pages.rs`, `summary.rs`, `feeds.rs` and `search_index.rs`.

use crate::report::countries;
use std::fmt::Write;

/// A path as an `href`: every byte outside the unreserved set percent-encoded, `/` kept, so
/// Japanese file names work from a USB stick and any web server alike.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The country's name for people: `ベトナム` (or the code when unknown).
pub fn country_name(code: &str) -> String {
    countries::japanese_name(code).map_or_else(|| code.to_string(), str::to_string)
}
