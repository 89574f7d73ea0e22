//! The bundled library in reports/ must always pass `kuni check`.

use crate::common::*;
use kuni::{Library, Severity};
use std::path::Path;

#[test]
fn bundled_reports_have_no_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    let library = Library::open(&root, today()).expect("reports/ opens");
    assert!(library.entries.len() >= 3, "the bundled library has reports");
    let errors: Vec<_> = library
        .problems()
        .filter(|p| p.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "errors in reports/:\n{}", errors.join("\n"));
    assert_eq!(library.reports().count(), library.entries.len());
}
