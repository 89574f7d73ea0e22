//! Declares the app's own commands so Tauri generates one permission per command;
//! `capabilities/main.json` grants exactly those to the main window.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "list_reports",
        "get_report",
        "search",
        "compare",
        "report_summary",
        "chart_options",
        "indicator_chart",
        "export_chart",
        "get_source",
        "preview",
        "save_report",
        "store_recovery",
        "list_recovery",
        "discard_recovery",
        "export_pdf",
        "cancel_export",
        "export_compare_csv",
        "open_export_folder",
        "open_external",
        "get_settings",
        "save_settings",
        "diff_versions",
        "report_history",
        "open_version",
        "publish_report",
        "deliver_all",
        "build_site",
        "verify_delivery",
        "git_status",
        "sync_library",
        "report_changes",
        "review_progress",
        "review_view",
        "review_start",
        "review_mark",
        "check_sources",
        "source_diff",
        "relink_sources",
        "review_note",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|e| panic!("tauri-build failed: {e:#}"));
}
