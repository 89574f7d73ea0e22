//! The market indicators of a report's `indicators:` block: their keys, units and labels, and
//! how a value is written for a reader (万・億 in Japanese, million and billion in English).
//! The comparison matrix, the summary and the charts all take their wording from here.

use super::language::Language;
use super::quote::Quote;
use serde::Serialize;

/// One of the eight indicators a report may give, in the order everything shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKey {
    /// Total population.
    Population,
    /// GDP per capita, current US dollars.
    GdpPerCapita,
    /// Current health expenditure per capita, current US dollars.
    HealthExpenditurePerCapita,
    /// Current health expenditure as a share of GDP.
    HealthExpenditureGdpShare,
    /// Out-of-pocket spending as a share of current health expenditure.
    OutOfPocketShare,
    /// Share of the population aged 65 and over.
    #[serde(rename = "aged_65_share")]
    Aged65Share,
    /// Size of the medical-device market, US dollars.
    DeviceMarket,
    /// Share of the device market supplied by imports.
    DeviceImportShare,
}

/// What an indicator's value counts, which fixes the one unit it may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A head count (`people`).
    People,
    /// An amount of money (`USD`).
    Dollars,
    /// A percentage (`%`), from 0 to 100.
    Percent,
}

impl Measure {
    /// The unit as front matter writes it.
    pub fn unit(self) -> &'static str {
        match self {
            Measure::People => "people",
            Measure::Dollars => "USD",
            Measure::Percent => "%",
        }
    }
}

impl IndicatorKey {
    /// Every key, in display order.
    pub const ALL: [IndicatorKey; 8] = [
        IndicatorKey::Population,
        IndicatorKey::GdpPerCapita,
        IndicatorKey::HealthExpenditurePerCapita,
        IndicatorKey::HealthExpenditureGdpShare,
        IndicatorKey::OutOfPocketShare,
        IndicatorKey::Aged65Share,
        IndicatorKey::DeviceMarket,
        IndicatorKey::DeviceImportShare,
    ];

    /// The key as front matter writes it.
    pub fn code(self) -> &'static str {
        match self {
            IndicatorKey::Population => "population",
            IndicatorKey::GdpPerCapita => "gdp_per_capita",
            IndicatorKey::HealthExpenditurePerCapita => "health_expenditure_per_capita",
            IndicatorKey::HealthExpenditureGdpShare => "health_expenditure_gdp_share",
            IndicatorKey::OutOfPocketShare => "out_of_pocket_share",
            IndicatorKey::Aged65Share => "aged_65_share",
            IndicatorKey::DeviceMarket => "device_market",
            IndicatorKey::DeviceImportShare => "device_import_share",
        }
    }

    /// Parses a front-matter key.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What the value counts.
    pub fn measure(self) -> Measure {
        match self {
            IndicatorKey::Population => Measure::People,
            IndicatorKey::GdpPerCapita
            | IndicatorKey::HealthExpenditurePerCapita
            | IndicatorKey::DeviceMarket => Measure::Dollars,
            IndicatorKey::HealthExpenditureGdpShare
            | IndicatorKey::OutOfPocketShare
            | IndicatorKey::Aged65Share
            | IndicatorKey::DeviceImportShare => Measure::Percent,
        }
    }

    /// The label a reader sees, in the report's language.
    pub fn label(self, language: Language) -> &'static str {
        let (ja, en) = match self {
            IndicatorKey::Population => ("人口", "Population"),
            IndicatorKey::GdpPerCapita => ("1人当たりGDP", "GDP per capita"),
            IndicatorKey::HealthExpenditurePerCapita => ("1人当たり医療費", "Health expenditure per capita"),
            IndicatorKey::HealthExpenditureGdpShare => {
                ("医療費の対GDP比", "Health expenditure, share of GDP")
            }
            IndicatorKey::OutOfPocketShare => ("自己負担の割合", "Out-of-pocket share"),
            IndicatorKey::Aged65Share => ("65歳以上人口の割合", "Population aged 65+"),
            IndicatorKey::DeviceMarket => ("医療機器市場の規模", "Medical-device market"),
            IndicatorKey::DeviceImportShare => ("医療機器の輸入比率", "Device import share"),
        };
        match language {
            Language::Ja => ja,
            Language::En => en,
        }
    }

    /// What the label leaves implicit (of what a share is taken), for tables and chart
    /// descriptions.
    pub fn explanation(self, language: Language) -> &'static str {
        let (ja, en) = match self {
            IndicatorKey::Population => ("総人口", "total population"),
            IndicatorKey::GdpPerCapita => ("名目、米ドル", "current US dollars"),
            IndicatorKey::HealthExpenditurePerCapita => (
                "経常医療費、名目、米ドル",
                "current health expenditure, current US dollars",
            ),
            IndicatorKey::HealthExpenditureGdpShare => {
                ("経常医療費の対GDP比", "current health expenditure as % of GDP")
            }
            IndicatorKey::OutOfPocketShare => (
                "経常医療費に占める家計の自己負担",
                "out-of-pocket spending as % of current health expenditure",
            ),
            IndicatorKey::Aged65Share => ("総人口に占める割合", "% of total population"),
            IndicatorKey::DeviceMarket => ("市場規模、米ドル", "market size, US dollars"),
            IndicatorKey::DeviceImportShare => {
                ("市場に占める輸入品の割合", "% of the market supplied by imports")
            }
        };
        match language {
            Language::Ja => ja,
            Language::En => en,
        }
    }
}

/// One indicator of a report: the figure, its year and sources, or a note saying why it is
/// missing. A figure without a value is allowed; it must then say why (`要確認：…`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Indicator {
    /// Which indicator.
    pub key: IndicatorKey,
    /// The figure in the key's unit; `None` when no source gives it.
    pub value: Option<f64>,
    /// The data year the figure is for.
    pub year: Option<i32>,
    /// Ids of entries in the report's `sources`.
    pub sources: Vec<String>,
    /// A qualification (要確認 and what to check).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The sentences of the sources that state the figure, at most one per source.
    #[cfg_attr(test, ts(as = "Option<Vec<Quote>>", optional))]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
}

impl Indicator {
    /// The value as a reader reads it (`7,180万人`, `US$1.2 billion`), or `None` when missing.
    pub fn display(&self, language: Language) -> Option<String> {
        self.value.map(|v| format_value(self.key.measure(), v, language))
    }
}

/// Writes `value` for a reader: large numbers in 万/億 (Japanese) or million/billion
/// (English), money with its currency, shares with one decimal.
pub fn format_value(measure: Measure, value: f64, language: Language) -> String {
    match (measure, language) {
        (Measure::Percent, _) => format!("{}%", one_decimal(value)),
        (Measure::People, Language::Ja) => format!("{}人", japanese_scale(value)),
        (Measure::Dollars, Language::Ja) => format!("{}ドル", japanese_scale(value)),
        (Measure::People, Language::En) => english_scale(value),
        (Measure::Dollars, Language::En) => format!("US${}", english_scale(value)),
    }
}

/// 71,801,279 → `7,180万`; 1,200,000,000 → `12億`; 7,345.2 → `7,345`.
fn japanese_scale(value: f64) -> String {
    const OKU: f64 = 1e8;
    const MAN: f64 = 1e4;
    if value >= OKU {
        let oku = value / OKU;
        if oku >= 100.0 {
            format!("{}億", grouped(oku.round()))
        } else {
            format!("{}億", trim_decimal(oku, 1))
        }
    } else if value >= 100.0 * MAN {
        format!("{}万", grouped((value / MAN).round()))
    } else {
        grouped(value.round())
    }
}

/// 71,801,279 → `71.8 million`; 1.2e9 → `1.2 billion`; 7,345.2 → `7,345`.
fn english_scale(value: f64) -> String {
    if value >= 1e9 {
        format!("{} billion", trim_decimal(value / 1e9, 1))
    } else if value >= 1e6 {
        format!("{} million", trim_decimal(value / 1e6, 1))
    } else {
        grouped(value.round())
    }
}

/// `5.25` → `5.3`, `5.0` → `5.0`: shares keep one decimal so a column of them lines up.
fn one_decimal(value: f64) -> String {
    format!("{:.1}", value)
}

/// One decimal unless it is zero: `1.2`, `12`.
fn trim_decimal(value: f64, places: usize) -> String {
    let s = format!("{value:.places$}");
    match s.strip_suffix(".0") {
        Some(whole) => grouped(whole.parse().unwrap_or(value)),
        None => s,
    }
}

/// A whole number with thousands separators.
fn grouped(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_values_as_readers_expect() {
        let ja = Language::Ja;
        let en = Language::En;
        assert_eq!(format_value(Measure::People, 71_801_279.0, ja), "7,180万人");
        assert_eq!(format_value(Measure::People, 1_450_935_791.0, ja), "14.5億人");
        assert_eq!(format_value(Measure::People, 5_917_600.0, ja), "592万人");
        assert_eq!(format_value(Measure::Dollars, 1.2e9, ja), "12億ドル");
        assert_eq!(format_value(Measure::Dollars, 2.35e10, ja), "235億ドル");
        assert_eq!(format_value(Measure::Dollars, 7345.2, ja), "7,345ドル");
        assert_eq!(format_value(Measure::Dollars, 84.7, ja), "85ドル");
        assert_eq!(format_value(Measure::Percent, 5.25, ja), "5.2%");
        assert_eq!(format_value(Measure::Percent, 15.0, en), "15.0%");
        assert_eq!(format_value(Measure::People, 71_801_279.0, en), "71.8 million");
        assert_eq!(format_value(Measure::Dollars, 1.2e9, en), "US$1.2 billion");
        assert_eq!(format_value(Measure::Dollars, 3e9, en), "US$3 billion");
        assert_eq!(format_value(Measure::Dollars, 87_000.0, en), "US$87,000");
    }

    #[test]
    fn keys_round_trip_and_have_one_unit_each() {
        for k in IndicatorKey::ALL {
            assert_eq!(IndicatorKey::from_code(k.code()), Some(k));
        }
        assert_eq!(IndicatorKey::from_code("gdp"), None);
        assert_eq!(IndicatorKey::DeviceMarket.measure().unit(), "USD");
        assert_eq!(IndicatorKey::Population.measure().unit(), "people");
        assert_eq!(IndicatorKey::OutOfPocketShare.measure().unit(), "%");
    }
}
