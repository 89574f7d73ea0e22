//! User settings, kept in the user's config directory, and where the library is.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What the user configured. Every field is optional so an old or partial file still loads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct Settings {
    /// The library folder to open.
    pub library: Option<PathBuf>,
    /// Organisation named on PDF cover pages.
    pub organisation: Option<String>,
    /// Author named on PDF cover pages.
    pub author: Option<String>,
    /// Interface language (`ja` or `en`).
    pub language: Option<String>,
    /// Fonts for PDF deliverables.
    pub fonts: Option<crate::pdf::FontConfig>,
    /// Where the app writes exported PDFs.
    pub export_dir: Option<PathBuf>,
    /// The organisation's PKCS#12 file (.p12/.pfx): when set, publishing and delivering sign
    /// their PDFs and manifest. Only the path is kept; the password is asked at each signing.
    pub signing_certificate: Option<PathBuf>,
    /// CA certificates (PEM) to trust when verifying a delivery, besides none: when unset,
    /// the system's store is used.
    pub trust_certificates: Option<PathBuf>,
    /// Milliseconds a source check waits between two requests to the same host. It can only
    /// make checks gentler: a value below the default (1000) is taken as the default.
    pub source_check_delay_ms: Option<u32>,
}

/// The folder holding settings and recovery copies: `$KUNI_CONFIG_DIR`, else the user's config dir + `kuni`.
pub fn config_dir() -> Option<PathBuf> {
    std::env::var_os("KUNI_CONFIG_DIR")
        .map(PathBuf::from)
        .or_else(|| dirs::config_dir().map(|d| d.join("kuni")))
}

impl Settings {
    /// The settings file's path.
    pub fn path() -> Option<PathBuf> {
        config_dir().map(|d| d.join("settings.json"))
    }

    /// Loads the settings. A missing file gives the defaults; an unreadable one gives the
    /// defaults and a warning to show, so a damaged settings file never stops the app.
    pub fn load() -> (Settings, Option<String>) {
        let Some(path) = Self::path() else {
            return (Settings::default(), None);
        };
        Self::load_from(&path)
    }

    /// The PDF options these settings give (fonts, cover names).
    pub fn export_options(&self) -> crate::pdf::ExportOptions {
        crate::pdf::ExportOptions {
            fonts: self.fonts.clone().unwrap_or_default(),
            organisation: self.organisation.clone(),
            author: self.author.clone(),
            timestamp: None,
            peers: Default::default(),
        }
    }

    /// The options of a source check started from the app or the CLI: the polite defaults,
    /// with the per-host wait these settings ask for when it is longer.
    pub fn source_check(&self, today: chrono::NaiveDate) -> crate::sources::Options {
        let mut options = crate::sources::Options::polite(today);
        let ms = self
            .source_check_delay_ms
            .map_or(0, u64::from)
            .max(crate::sources::check::DEFAULT_HOST_DELAY_MS);
        options.host_delay = std::time::Duration::from_millis(ms);
        options
    }

    /// The trust anchors for verifying deliveries: the configured PEM file, else the system's
    /// store.
    pub fn trust(&self) -> crate::Result<crate::sign::Trust> {
        match &self.trust_certificates {
            Some(path) => crate::sign::Trust::from_files(std::slice::from_ref(path)).map_err(|source| {
                crate::Error::Sign {
                    path: path.clone(),
                    source,
                }
            }),
            None => Ok(crate::sign::Trust::system()),
        }
    }

    /// The signing identity, when a certificate is configured: read from its PKCS#12 file
    /// with the password the user just typed (never stored). `None` without a certificate.
    pub fn signing(&self, password: Option<&str>) -> crate::Result<Option<crate::publish::signing::Signing>> {
        let Some(p12) = &self.signing_certificate else {
            return Ok(None);
        };
        let identity = crate::sign::Identity::from_pkcs12(p12, password.unwrap_or("")).map_err(|source| {
            crate::Error::Sign {
                path: p12.clone(),
                source,
            }
        })?;
        Ok(Some(crate::publish::signing::Signing { identity, tsa: None }))
    }

    /// Writes the settings to the user's config folder, atomically (see [`crate::save`]).
    pub fn save(&self) -> crate::Result<()> {
        let path = Self::path().ok_or_else(|| {
            crate::Error::io("finding", "the config folder")(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no config folder: set $KUNI_CONFIG_DIR or $HOME",
            ))
        })?;
        self.save_to(&path)
    }

    /// Writes the settings to `path`, atomically, creating its folder.
    pub fn save_to(&self, path: &Path) -> crate::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(crate::Error::io("creating", dir))?;
        }
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        crate::save::write_atomic(path, &bytes)
    }

    /// Loads settings from `path` (see [`Settings::load`]).
    pub fn load_from(path: &Path) -> (Settings, Option<String>) {
        match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
            Err(e) => (
                Settings::default(),
                Some(format!(
                    "cannot read settings {}: {e}; using defaults",
                    path.display()
                )),
            ),
            Ok(bytes) => match serde_json::from_slice(&bytes) {
                Ok(s) => (s, None),
                Err(e) => (
                    Settings::default(),
                    Some(format!(
                        "settings {} are damaged ({e}); using defaults",
                        path.display()
                    )),
                ),
            },
        }
    }
}

/// The library to open when none is given: `$KUNI_LIBRARY`, the configured one, `./reports`
/// if the current folder has one, else the bundled library of this build.
pub fn default_library(settings: &Settings) -> PathBuf {
    resolve_library(settings).dir
}

/// The library a command opens when `--library` is not given, and whether somebody named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultLibrary {
    /// The folder.
    pub dir: PathBuf,
    /// Named by `$KUNI_LIBRARY` or the settings, rather than found (`./reports`, the bundled one).
    pub named: bool,
}

impl DefaultLibrary {
    /// True when nobody named this library and it is the bundled sample library: reading it is
    /// fine, but a command must not write into it by fallback (a `kuni publish` typed in the
    /// wrong folder would otherwise change the reports that ship with Kuni).
    pub fn is_bundled_fallback(&self) -> bool {
        !self.named && is_bundled(&self.dir)
    }
}

/// [`default_library`] with where it came from.
pub fn resolve_library(settings: &Settings) -> DefaultLibrary {
    if let Some(dir) = std::env::var_os("KUNI_LIBRARY") {
        return DefaultLibrary {
            dir: PathBuf::from(dir),
            named: true,
        };
    }
    if let Some(dir) = &settings.library {
        return DefaultLibrary {
            dir: dir.clone(),
            named: true,
        };
    }
    let local = PathBuf::from("reports");
    let dir = if local.is_dir() { local } else { bundled_library() };
    DefaultLibrary { dir, named: false }
}

/// Whether `dir` is the bundled library (of the source tree or the installed package).
pub fn is_bundled(dir: &Path) -> bool {
    let Ok(dir) = std::fs::canonicalize(dir) else {
        return false;
    };
    [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("reports"),
        PathBuf::from("/usr/share/kuni/reports"),
    ]
    .iter()
    .filter_map(|b| std::fs::canonicalize(b).ok())
    .any(|b| b == dir)
}

/// Where exported PDFs go when the settings do not say: `Kuni` in the user's documents folder.
pub fn default_export_dir(settings: &Settings) -> PathBuf {
    settings.export_dir.clone().unwrap_or_else(|| {
        dirs::document_dir()
            .or_else(dirs::home_dir)
            .unwrap_or_else(std::env::temp_dir)
            .join("Kuni")
    })
}

/// The bundled reports: the `reports/` folder of the source tree this binary was built from,
/// or, for an installed package, the copy it carries in `/usr/share/kuni/reports`.
pub fn bundled_library() -> PathBuf {
    let source_tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    let installed = Path::new("/usr/share/kuni/reports");
    // An installed binary (under /usr) uses the package's copy even where the source tree
    // it was built from still exists (the build machine).
    let running_installed = std::env::current_exe().is_ok_and(|p| p.starts_with("/usr/"));
    if installed.is_dir() && (running_installed || !source_tree.is_dir()) {
        return installed.to_path_buf();
    }
    source_tree
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_check_wait_can_be_made_longer_never_shorter() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        let wait = |ms: Option<u32>| {
            Settings {
                source_check_delay_ms: ms,
                ..Settings::default()
            }
            .source_check(today)
            .host_delay
            .as_millis()
        };
        assert_eq!(wait(None), 1000);
        assert_eq!(wait(Some(200)), 1000);
        assert_eq!(wait(Some(5000)), 5000);
        let json: Settings = serde_json::from_str(r#"{"source_check_delay_ms": 2500}"#).expect("json");
        assert_eq!(json.source_check_delay_ms, Some(2500));
    }

    #[test]
    fn saved_settings_load_back_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kuni").join("settings.json");
        let settings = Settings {
            organisation: Some("国際展開支援チーム".into()),
            language: Some("ja".into()),
            ..Settings::default()
        };
        settings.save_to(&path).expect("save");
        assert_eq!(Settings::load_from(&path), (settings, None));
        let names: Vec<_> = std::fs::read_dir(path.parent().expect("folder"))
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("settings.json")]);
    }
}
