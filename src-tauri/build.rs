//! Declares the app's own commands so Tauri generates one permission per command;
//! `capabilities/main.json` grants exactly those to the main window.

fn main() {
    let manifest =
        tauri_build::AppManifest::new().commands(&["list_reports", "get_report", "search", "compare"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|e| panic!("tauri-build failed: {e:#}"));
}
