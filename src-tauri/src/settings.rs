//! The settings screen's commands.

use crate::error::CommandError;
use crate::state::AppState;
use kuni::settings::Settings;
use serde::Serialize;
use std::path::PathBuf;

/// The settings as stored, and what they resolve to now.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SettingsView {
    /// What the settings file says. (Its TypeScript shape is generated with the engine's.)
    #[cfg_attr(test, ts(type = "Settings"))]
    pub settings: Settings,
    /// The library folder the window shows.
    pub library: PathBuf,
    /// Where exports go.
    pub export_dir: PathBuf,
    /// The settings file.
    pub file: Option<PathBuf>,
    /// Why the settings file could not be read, if it could not.
    pub warning: Option<String>,
}

fn view(state: &AppState) -> Result<SettingsView, CommandError> {
    let (settings, warning) = Settings::load();
    Ok(SettingsView {
        export_dir: kuni::settings::default_export_dir(&settings),
        settings,
        library: state.library_root()?,
        file: Settings::path(),
        warning,
    })
}

/// The current settings.
#[tauri::command(async)]
pub fn get_settings(state: tauri::State<'_, AppState>) -> Result<SettingsView, CommandError> {
    view(&state)
}

/// Checks and stores new settings; a new library folder is opened (and indexed) at once.
#[tauri::command(async)]
pub fn save_settings(
    settings: Settings,
    app: tauri::AppHandle,
    state: tauri::State<'_, AppState>,
) -> Result<SettingsView, CommandError> {
    let invalid = |m: String| Err(CommandError::new("invalid-argument", m));
    if let Some(dir) = &settings.library
        && !dir.is_dir()
    {
        return invalid(format!("library folder {} does not exist", dir.display()));
    }
    if let Some(lang) = &settings.language
        && !["ja", "en"].contains(&lang.as_str())
    {
        return invalid(format!("unknown interface language `{lang}`"));
    }
    let fonts = settings.fonts.clone().unwrap_or_default();
    for font in [&fonts.body, &fonts.sans, &fonts.bold, &fonts.mono]
        .into_iter()
        .flatten()
    {
        if !font.is_file() {
            return invalid(format!("font file {} does not exist", font.display()));
        }
    }
    settings.save()?;
    if let Some(dir) = &settings.library {
        // Chosen in the settings: named by the user, even if it is the bundled one.
        state
            .sample_fallback
            .store(false, std::sync::atomic::Ordering::SeqCst);
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
        let changed = state.library_root()? != dir;
        if changed {
            if let Ok(mut lib) = state.library.lock() {
                *lib = dir.clone();
            }
            crate::open_index_in_background(app);
        }
    }
    view(&state)
}
