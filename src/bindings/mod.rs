//! The TypeScript shapes of the engine types the desktop UI receives, generated with ts-rs
//! into `ui/src/lib/bindings/` (one module per part of the engine). The test fails when a
//! committed module differs from what the Rust types give, so the UI cannot drift from the
//! engine. Regenerate with `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings`.

#[cfg(test)]
pub(crate) mod support;

#[cfg(test)]
mod tests {
    use super::support;
    use ts_rs::{Config, TS};

    /// Every type the UI sees, by the module it goes into.
    fn modules() -> Vec<(&'static str, Vec<String>)> {
        let c = Config::default();
        vec![
            (
                "library",
                vec![
                    crate::problem::Severity::decl(&c),
                    crate::problem::Location::decl(&c),
                    crate::problem::Problem::decl(&c),
                    crate::report::Language::decl(&c),
                    crate::report::Status::decl(&c),
                    crate::library::ReportRow::decl(&c),
                    crate::library::InvalidFile::decl(&c),
                    crate::library::Listing::decl(&c),
                    crate::watch::Changes::decl(&c),
                ],
            ),
            (
                "report",
                vec![
                    crate::view::TocEntry::decl(&c),
                    crate::view::ReportView::decl(&c),
                    crate::view::Source::decl(&c),
                    crate::view::Preview::decl(&c),
                    crate::recovery::Recovery::decl(&c),
                ],
            ),
            (
                "search",
                vec![
                    crate::search::snippet::Segment::decl(&c),
                    crate::search::SectionHit::decl(&c),
                    crate::search::ReportHit::decl(&c),
                    crate::search::SearchResults::decl(&c),
                ],
            ),
            (
                "compare",
                vec![
                    crate::compare::SourceRef::decl(&c),
                    crate::compare::Cell::decl(&c),
                    crate::compare::Column::decl(&c),
                    crate::compare::Row::decl(&c),
                    crate::compare::Matrix::decl(&c),
                ],
            ),
            (
                "summary",
                vec![
                    crate::report::IndicatorKey::decl(&c),
                    crate::chart::Bar::decl(&c),
                    crate::chart::BarChart::decl(&c),
                    crate::summary::KeyPoint::decl(&c),
                    crate::summary::RouteLine::decl(&c),
                    crate::summary::IndicatorLine::decl(&c),
                    crate::summary::Labels::decl(&c),
                    crate::summary::Summary::decl(&c),
                ],
            ),
            (
                "settings",
                vec![
                    crate::pdf::FontConfig::decl(&c),
                    crate::formats::Format::decl(&c),
                    crate::settings::Settings::decl(&c),
                ],
            ),
            (
                "publish",
                vec![
                    crate::publish::Progress::decl(&c),
                    crate::publish::manifest::ManifestFile::decl(&c),
                    crate::publish::Published::decl(&c),
                    crate::publish::diff::Op::decl(&c),
                    crate::publish::diff::Span::decl(&c),
                    crate::publish::diff::SectionChange::decl(&c),
                    crate::publish::diff::SectionDiff::decl(&c),
                    crate::publish::diff::Diff::decl(&c),
                    crate::publish::history::VersionInfo::decl(&c),
                    crate::publish::history::DraftInfo::decl(&c),
                    crate::publish::history::History::decl(&c),
                    crate::publish::deliverables::Delivery::decl(&c),
                    crate::publish::manifest::VerifyKind::decl(&c),
                    crate::publish::manifest::VerifyProblem::decl(&c),
                    crate::publish::manifest::Verification::decl(&c),
                    crate::sign::SignatureCheck::decl(&c),
                    crate::publish::signing::FileSignatures::decl(&c),
                    crate::publish::signing::FolderCheck::decl(&c),
                    crate::site::SiteSummary::decl(&c),
                ],
            ),
            (
                "review",
                vec![
                    crate::sources::State::decl(&c),
                    crate::sources::QuoteState::decl(&c),
                    crate::sources::QuoteStatus::decl(&c),
                    crate::sources::entries::Relinked::decl(&c),
                    crate::sources::SourceStatus::decl(&c),
                    crate::sources::FieldStatus::decl(&c),
                    crate::sources::ReportSources::decl(&c),
                    crate::review::Mark::decl(&c),
                    crate::review::Item::decl(&c),
                    crate::review::Progress::decl(&c),
                ],
            ),
            (
                "git",
                vec![
                    crate::git::GitInfo::decl(&c),
                    crate::git::conflict::Choice::decl(&c),
                    crate::git::conflict::Passage::decl(&c),
                    crate::git::conflict::Conflict::decl(&c),
                    crate::git::sync::Committed::decl(&c),
                    crate::git::sync::Collision::decl(&c),
                    crate::git::sync::SyncReport::decl(&c),
                    crate::git::log::Change::decl(&c),
                    crate::git::log::VersionLog::decl(&c),
                    crate::git::log::ReportLog::decl(&c),
                ],
            ),
        ]
    }

    #[test]
    fn ui_bindings_match_the_rust_types() {
        let header = "// Generated from the engine's Rust types by ts-rs (src/bindings/). Do not edit:\n\
                      // run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a type.\n";
        let modules = modules();
        let names: Vec<(&str, Vec<String>)> = modules
            .iter()
            .map(|(m, decls)| {
                let text: String = decls.iter().map(|d| format!("export {d}\n")).collect();
                (*m, support::declared_names(&text))
            })
            .collect();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(support::DIR);
        for (module, decls) in &modules {
            let others: Vec<_> = names.iter().filter(|(m, _)| m != module).cloned().collect();
            let text = support::render(header, decls, &others);
            let path = dir.join(format!("{module}.ts"));
            if let Err(e) =
                support::check_or_update(&path, &text, "KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings")
            {
                panic!("{e}");
            }
        }
    }
}
