//! The section template every report follows (DESIGN.md), per language.

use super::language::Language;

/// The required level-2 sections, in order.
pub fn required(language: Language) -> &'static [&'static str] {
    match language {
        Language::Ja => &[
            "要点",
            "留意点",
            "基礎情報",
            "医療提供体制・医療保険",
            "薬事制度",
            "市場動向",
            "参入のポイント",
            "情報源",
        ],
        Language::En => &[
            "Key points",
            "Caveats",
            "Basic data",
            "Health system and insurance",
            "Regulation",
            "Market",
            "Entry approach",
            "Sources",
        ],
    }
}
