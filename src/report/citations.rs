//! Checks of how a report cites its sources: a structured field must rest on a page that
//! states the fact (not only a site's home page), a source must have been read recently
//! enough to vouch for the report's `updated` date, and every source must be used.
//!
//! These need the front matter's positions and the body, so they run after both are read.

use super::schema::FrontMatter;
use crate::problem::{Location, Problems};

/// A source read more than this many days before the report's `updated` date no longer
/// vouches for the report's facts (the same 12 months after which a report is stale).
pub const SOURCE_STALE_AFTER_DAYS: i64 = super::schema::STALE_AFTER_DAYS;

/// Where the front matter's structured fields and sources stand in the file.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// One per structured field read, in file order.
    pub fields: Vec<FieldAt>,
    /// One per entry of `sources`, in the same order as `FrontMatter::sources`.
    pub sources: Vec<SourceAt>,
    /// Every source id a structured field names, including fields left out for an error, so a
    /// source is not also called unused because the field citing it had a bad value.
    pub cited: Vec<String>,
}

/// Where one structured field (`regulation.reliance`) stands.
#[derive(Debug, Clone)]
pub struct FieldAt {
    /// The full name, `regulation.reliance`.
    pub name: String,
    /// The key alone, `reliance`.
    pub key: String,
    /// Its `sources` list.
    pub sources: Location,
    /// Its `value`.
    pub value: Location,
    /// Its `note`, if it has one.
    pub note: Option<Location>,
}

/// Where one entry of `sources` stands.
#[derive(Debug, Clone, Copy)]
pub struct SourceAt {
    /// Its `id`.
    pub id: Location,
    /// Its `accessed` date.
    pub accessed: Location,
}

/// Runs the three citation checks on a report whose front matter was read completely.
pub fn check(fm: &FrontMatter, at: &Positions, body: &str, p: &mut Problems) {
    check_home_pages(fm, at, p);
    check_source_ages(fm, at, p);
    check_unused_sources(fm, at, body, p);
}

/// True for a site's root: `https://host`, `https://host/` or `https://host/index.html`,
/// with no query. Such a page cannot show that a particular fact is stated there.
pub fn is_home_page(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let rest = rest.split('#').next().unwrap_or_default();
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    if path.contains('?') {
        return false;
    }
    let path = path.trim_end_matches('/');
    path.is_empty()
        || path
            .strip_prefix('/')
            .and_then(|p| p.split_once('.'))
            .is_some_and(|(stem, ext)| {
                stem == "index" && matches!(ext, "html" | "htm" | "php" | "asp" | "aspx")
            })
}

/// `source-is-home-page`: a structured field whose every source is a site's home page.
fn check_home_pages(fm: &FrontMatter, at: &Positions, p: &mut Problems) {
    for cited in fm.cited_fields() {
        let (key, ids) = (cited.key, cited.sources);
        let urls: Vec<&str> = ids
            .iter()
            .filter_map(|id| fm.sources.iter().find(|s| &s.id == id))
            .map(|s| s.url.as_str())
            .collect();
        if urls.is_empty() || !urls.iter().all(|u| is_home_page(u)) {
            continue;
        }
        let Some(field) = at.fields.iter().find(|f| f.key == key) else {
            continue;
        };
        let cited: Vec<String> = ids
            .iter()
            .zip(&urls)
            .map(|(id, url)| format!("`{id}` {url}"))
            .collect();
        p.warning(
            field.sources,
            "source-is-home-page",
            format!(
                "`{}` cites only a site's home page ({}), which cannot show the fact: add a source for the page that states it (the law's text, the regulator's notice or guidance, or a named secondary source)",
                field.name,
                cited.join(", ")
            ),
        );
    }
}

/// `stale-source`: a source last read more than 12 months before the report's `updated`.
fn check_source_ages(fm: &FrontMatter, at: &Positions, p: &mut Problems) {
    for (source, pos) in fm.sources.iter().zip(&at.sources) {
        let age = (fm.updated - source.accessed).num_days();
        if age > SOURCE_STALE_AFTER_DAYS {
            p.warning(
                pos.accessed,
                "stale-source",
                format!(
                    "source `{}` was last read on {}, {age} days before the report's `updated: {}` (more than 12 months): read it again and update `accessed`, or replace it",
                    source.id, source.accessed, fm.updated
                ),
            );
        }
    }
}

/// `unused-source`: a source no structured field names and whose address the text never gives.
fn check_unused_sources(fm: &FrontMatter, at: &Positions, body: &str, p: &mut Problems) {
    for (source, pos) in fm.sources.iter().zip(&at.sources) {
        if at.cited.contains(&source.id) || mentions(body, &source.url) {
            continue;
        }
        p.warning(
            pos.id,
            "unused-source",
            format!(
                "source `{}` is used by no structured field and its address ({}) is nowhere in the text: cite it or remove it",
                source.id, source.url
            ),
        );
    }
}

/// True when `body` gives `url` itself (with or without its final `/`), not merely a longer
/// address that starts with it (a home page is not "used" by a link to one of its pages).
fn mentions(body: &str, url: &str) -> bool {
    let url = url.trim_end_matches('/');
    let ends_url = |rest: &str| {
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        rest.chars().next().is_none_or(|c| {
            c.is_whitespace() || matches!(c, ')' | '>' | ']' | '」' | '）' | '、' | '。' | '|')
        })
    };
    body.match_indices(url)
        .any(|(i, _)| ends_url(&body[i + url.len()..]))
}

#[cfg(test)]
mod tests {
    use super::{is_home_page, mentions};

    #[test]
    fn a_mention_is_the_address_itself() {
        let body = "- PSA：https://psa.gov.ph/statistics/pnha\n- [FDA](https://www.fda.gov.ph/)";
        assert!(mentions(body, "https://www.fda.gov.ph/"));
        assert!(mentions(body, "https://psa.gov.ph/statistics/pnha"));
        assert!(!mentions(body, "https://psa.gov.ph/"));
    }

    #[test]
    fn home_pages_are_roots_without_query() {
        for url in [
            "https://www.fda.gov.ph/",
            "https://www.fda.gov.ph",
            "http://bdlaws.minlaw.gov.bd/",
            "https://example.org/index.html",
            "https://example.org/#top",
        ] {
            assert!(is_home_page(url), "{url}");
        }
        for url in [
            "https://www.jetro.go.jp/world/asia/ph/",
            "https://andamanmed.com/cambodia/",
            "https://example.org/?p=123",
            "https://example.org/index.html?id=4",
            "https://example.org/indexes.html",
        ] {
            assert!(!is_home_page(url), "{url}");
        }
    }
}
