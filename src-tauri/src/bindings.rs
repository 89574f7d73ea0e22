//! The TypeScript shapes of the shell's own types (errors, export events, settings view,
//! index progress), generated with ts-rs into `ui/src/lib/bindings/shell.ts`, beside the
//! engine's modules (see the engine's src/bindings/). The test fails on drift. Regenerate
//! with `KUNI_UPDATE_BINDINGS=1 cargo test -p kuni-desktop bindings`.

#[cfg(test)]
mod tests {
    use crate::binding_support as support;
    use std::path::Path;
    use ts_rs::{Config, TS};

    #[test]
    fn ui_bindings_match_the_rust_types() {
        let c = Config::default();
        let decls = [
            crate::error::CommandError::decl(&c),
            crate::export::ExportEvent::decl(&c),
            crate::export::ExportSummary::decl(&c),
            crate::settings::SettingsView::decl(&c),
            crate::IndexProgress::decl(&c),
            crate::charts::SummaryView::decl(&c),
            crate::charts::IndicatorChoice::decl(&c),
            crate::charts::CountryChoice::decl(&c),
            crate::charts::ChartOptions::decl(&c),
            crate::charts::ChartView::decl(&c),
            crate::charts::ChartFormat::decl(&c),
            crate::sync::GitBar::decl(&c),
            crate::review::ReviewView::decl(&c),
        ];
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(support::DIR);
        // The engine's types the shell's refer to (Settings…) come from its committed modules.
        let mut engine: Vec<(String, Vec<String>)> = std::fs::read_dir(&dir)
            .expect("the engine's bindings")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "ts") && p.file_stem().is_some_and(|s| s != "shell")
            })
            .map(|p| {
                let stem = p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (
                    stem,
                    support::declared_names(&std::fs::read_to_string(&p).unwrap_or_default()),
                )
            })
            .collect();
        engine.sort();
        let others: Vec<(&str, Vec<String>)> = engine.iter().map(|(m, n)| (m.as_str(), n.clone())).collect();
        let header = "// Generated from the shell's Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit:\n\
                      // run `KUNI_UPDATE_BINDINGS=1 cargo test -p kuni-desktop bindings` after changing a type.\n";
        let text = support::render(header, &decls, &others);
        if let Err(e) = support::check_or_update(
            &dir.join("shell.ts"),
            &text,
            "KUNI_UPDATE_BINDINGS=1 cargo test -p kuni-desktop bindings",
        ) {
            panic!("{e}");
        }
    }
}
