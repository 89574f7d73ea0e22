//! The TypeScript shapes of the engine types the desktop UI receives, generated with ts-rs
//! into `ui/src/lib/bindings.ts`. The test fails when the committed file differs from what
//! the Rust types give, so the UI cannot drift from the engine. Regenerate with
//! `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings`.

#[cfg(test)]
mod tests {
    use ts_rs::{Config, TS};

    /// Every type the UI sees, in dependency order (each `export type` line of the file).
    fn declarations() -> String {
        let cfg = Config::default();
        let decls = [
            crate::problem::Severity::decl(&cfg),
            crate::problem::Location::decl(&cfg),
            crate::problem::Problem::decl(&cfg),
            crate::report::Language::decl(&cfg),
            crate::report::Status::decl(&cfg),
            crate::library::ReportRow::decl(&cfg),
            crate::library::InvalidFile::decl(&cfg),
            crate::library::Listing::decl(&cfg),
            crate::view::TocEntry::decl(&cfg),
            crate::view::ReportView::decl(&cfg),
            crate::view::Source::decl(&cfg),
            crate::view::Preview::decl(&cfg),
            crate::search::snippet::Segment::decl(&cfg),
            crate::search::SectionHit::decl(&cfg),
            crate::search::ReportHit::decl(&cfg),
            crate::search::SearchResults::decl(&cfg),
            crate::compare::SourceRef::decl(&cfg),
            crate::compare::Cell::decl(&cfg),
            crate::compare::Column::decl(&cfg),
            crate::compare::Row::decl(&cfg),
            crate::compare::Matrix::decl(&cfg),
            crate::pdf::FontConfig::decl(&cfg),
            crate::settings::Settings::decl(&cfg),
            crate::recovery::Recovery::decl(&cfg),
            crate::watch::Changes::decl(&cfg),
            crate::publish::Progress::decl(&cfg),
            crate::publish::manifest::ManifestFile::decl(&cfg),
            crate::publish::Published::decl(&cfg),
            crate::publish::diff::Op::decl(&cfg),
            crate::publish::diff::Span::decl(&cfg),
            crate::publish::diff::SectionChange::decl(&cfg),
            crate::publish::diff::SectionDiff::decl(&cfg),
            crate::publish::diff::Diff::decl(&cfg),
            crate::publish::history::VersionInfo::decl(&cfg),
            crate::publish::history::DraftInfo::decl(&cfg),
            crate::publish::history::History::decl(&cfg),
            crate::publish::deliverables::Delivery::decl(&cfg),
            crate::site::SiteSummary::decl(&cfg),
        ];
        let mut out = String::from(
            "// Generated from the engine's Rust types by ts-rs (src/bindings.rs). Do not edit:\n\
             // run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a type.\n\n",
        );
        for d in decls {
            out.push_str("export ");
            out.push_str(d.trim());
            out.push_str("\n\n");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    #[test]
    fn ui_bindings_match_the_rust_types() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
        let expected = declarations();
        if std::env::var_os("KUNI_UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &expected).expect("write bindings");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == expected,
            "{} is out of date with the Rust types; run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings`",
            path.display()
        );
    }
}
