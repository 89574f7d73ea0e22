//! The language of an edition, below the front matter's types and the indicators' names.

use serde::Serialize;

/// The language of an edition. Japanese is the primary one; English editions are for foreign partners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// 日本語
    Ja,
    /// English
    En,
}

impl Language {
    /// The code used in file names and front matter (`ja`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Ja => "ja",
            Language::En => "en",
        }
    }

    /// Parses `ja` or `en`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "ja" => Some(Language::Ja),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}
