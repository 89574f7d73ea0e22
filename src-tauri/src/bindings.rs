//! The TypeScript shapes of the shell's own types (errors, export events, settings view),
//! generated with ts-rs into `ui/src/lib/shell-bindings.ts`; the engine's are in
//! `ui/src/lib/bindings.ts` (see the engine's src/bindings.rs). The test fails on drift.
//! Regenerate with `KUNI_UPDATE_BINDINGS=1 cargo test -p kuni-desktop bindings`.

#[cfg(test)]
mod tests {
    use ts_rs::{Config, TS};

    fn declarations() -> String {
        let cfg = Config::default();
        let decls = [
            crate::error::CommandError::decl(&cfg),
            crate::export::ExportEvent::decl(&cfg),
            crate::export::ExportSummary::decl(&cfg),
            crate::settings::SettingsView::decl(&cfg),
            crate::IndexProgress::decl(&cfg),
        ];
        let mut out = String::from(
            "// Generated from the shell's Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit:\n\
             // run `KUNI_UPDATE_BINDINGS=1 cargo test -p kuni-desktop bindings` after changing a type.\n\
             import type { Settings } from \"./bindings\";\n\n",
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
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/shell-bindings.ts");
        let expected = declarations();
        if std::env::var_os("KUNI_UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &expected).expect("write bindings");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == expected,
            "{} is out of date with the Rust types; run `KUNI_UPDATE_BINDINGS=1 cargo test -p kuni-desktop bindings`",
            path.display()
        );
    }
}
