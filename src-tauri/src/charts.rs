//! The chart view and the reading view's summary: each command reads the library and calls
//! the engine's one chart model (`kuni::chart`) or summary (`kuni::summary`); the SVG the
//! window shows is the engine's, never drawn a second time in the UI.

use crate::error::CommandError;
use crate::state::{AppState, check_id};
use kuni::chart::BarChart;
use kuni::report::{IndicatorKey, Language, Report};
use kuni::summary::Summary;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The width of the chart view's SVG and of the summary's strips, in CSS pixels.
const CHART_WIDTH: f32 = 720.0;
const CHART_TEXT: f32 = 13.0;
const STRIP_WIDTH: f32 = 160.0;
const STRIP_HEIGHT: f32 = 14.0;

/// A report's summary (概要) for the top of the reading view, with each indicator's strip.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SummaryView {
    /// The summary as the engine computes it for every medium.
    #[cfg_attr(test, ts(type = "Summary"))]
    pub summary: Summary,
    /// Per indicator line (same order), its strip as inline SVG, or null without a comparison.
    pub strips: Vec<Option<String>>,
}

/// One indicator the chart view offers.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IndicatorChoice {
    /// Its key.
    #[cfg_attr(test, ts(type = "IndicatorKey"))]
    pub key: IndicatorKey,
    /// Its label (`1人当たりGDP`).
    pub label: String,
    /// What the label leaves implicit (`名目、米ドル`).
    pub explanation: String,
    /// How many countries of the library give a figure.
    pub countries: u32,
}

/// A country the chart view can show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CountryChoice {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// Its name in the interface language (`ガーナ`).
    pub name: String,
}

/// What the chart view's pickers offer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChartOptions {
    /// Every indicator, in display order.
    pub indicators: Vec<IndicatorChoice>,
    /// Every country of the library, once, by code.
    pub countries: Vec<CountryChoice>,
}

/// A ranked chart: its data and the engine's SVG of it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChartView {
    /// The bars, largest first.
    #[cfg_attr(test, ts(type = "BarChart"))]
    pub chart: BarChart,
    /// The SVG to put in the page (inherits the page's font).
    pub svg: String,
    /// The same chart as a file of its own (what the SVG export writes and the PNG is drawn from).
    pub standalone: String,
}

/// What an export of the chart writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ChartFormat {
    /// The standalone SVG.
    Svg,
    /// A PNG the window rasterised from the standalone SVG.
    Png,
    /// The data: country, code, value.
    Csv,
}

fn parse_key(key: &str) -> Result<IndicatorKey, CommandError> {
    IndicatorKey::from_code(key)
        .ok_or_else(|| CommandError::new("invalid-argument", format!("`{key}` is not an indicator")))
}

fn parse_language(language: &str) -> Result<Language, CommandError> {
    match language {
        "ja" => Ok(Language::Ja),
        "en" => Ok(Language::En),
        other => Err(CommandError::new(
            "invalid-argument",
            format!("`{other}` is not a language (ja or en)"),
        )),
    }
}

/// The summary of report `id` against the rest of `library`.
pub fn summary_view(library: &kuni::Library, id: &str) -> Result<SummaryView, CommandError> {
    check_id(id)?;
    let report = library.report(id)?;
    let all: Vec<&Report> = library.reports().collect();
    let summary = kuni::summary::summary(report, &all);
    let strips = kuni::summary::strip_svgs(&summary, "summary", STRIP_WIDTH, STRIP_HEIGHT);
    Ok(SummaryView { summary, strips })
}

/// The pickers' choices, named in `language`.
pub fn options(library: &kuni::Library, language: Language) -> ChartOptions {
    let reports: Vec<&Report> = library.reports().collect();
    let mut codes: Vec<&str> = reports.iter().map(|r| r.meta.country.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let indicators = IndicatorKey::ALL
        .into_iter()
        .map(|key| IndicatorChoice {
            key,
            label: key.label(language).to_string(),
            explanation: key.explanation(language).to_string(),
            countries: kuni::chart::indicator_chart(&reports, key, &[], language)
                .bars
                .len() as u32,
        })
        .collect();
    let countries = codes
        .into_iter()
        .map(|code| CountryChoice {
            code: code.to_string(),
            name: kuni::report::countries::name(code, language),
        })
        .collect();
    ChartOptions {
        indicators,
        countries,
    }
}

/// The ranked chart of `key` over `countries` (all when empty), in `language`.
pub fn chart_view(
    library: &kuni::Library,
    key: IndicatorKey,
    countries: &[String],
    language: Language,
) -> ChartView {
    let reports: Vec<&Report> = library.reports().collect();
    let chart = kuni::chart::indicator_chart(&reports, key, countries, language);
    let drawing = kuni::chart::bar_chart(&chart, CHART_WIDTH, CHART_TEXT);
    let svg = |id: &str, standalone: bool| {
        kuni::chart::svg::render(&drawing, &kuni::chart::svg::SvgOptions { id, standalone })
    };
    ChartView {
        svg: svg("chart-view", false),
        standalone: svg("chart", true),
        chart,
    }
}

/// The file name of an export: the indicator and today's date.
fn file_name(key: IndicatorKey, language: Language, format: ChartFormat) -> String {
    let ext = match format {
        ChartFormat::Svg => "svg",
        ChartFormat::Png => "png",
        ChartFormat::Csv => "csv",
    };
    match language {
        Language::Ja => format!("グラフ_{}_{}.{ext}", key.label(language), kuni::today()),
        Language::En => format!("chart_{}_{}.{ext}", key.code(), kuni::today()),
    }
}

/// Writes the chart of `key` over `countries` in `format` into `dir`; `png` is the PNG the
/// window drew (only for that format). Returns the file.
pub fn write_chart(
    library: &kuni::Library,
    dir: &Path,
    key: IndicatorKey,
    countries: &[String],
    language: Language,
    format: ChartFormat,
    png: Option<&[u8]>,
) -> Result<PathBuf, CommandError> {
    let view = chart_view(library, key, countries, language);
    if view.chart.bars.is_empty() {
        return Err(CommandError::new(
            "invalid-argument",
            "none of the chosen countries gives this indicator",
        ));
    }
    let bytes: Vec<u8> = match format {
        ChartFormat::Svg => view.standalone.into_bytes(),
        ChartFormat::Csv => {
            let heading = format!("{} ({})", key.label(language), key.explanation(language));
            view.chart.to_csv(&heading).into_bytes()
        }
        ChartFormat::Png => {
            let png = png.ok_or_else(|| CommandError::new("invalid-argument", "no PNG to write"))?;
            if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
                return Err(CommandError::new("invalid-argument", "the image is not a PNG"));
            }
            png.to_vec()
        }
    };
    std::fs::create_dir_all(dir).map_err(kuni::Error::io("creating", dir))?;
    let path = dir.join(file_name(key, language, format));
    kuni::save::write_atomic(&path, &bytes)?;
    Ok(path)
}

/// The summary of report `id` for the reading view.
#[tauri::command(async)]
pub fn report_summary(id: String, state: tauri::State<'_, AppState>) -> Result<SummaryView, CommandError> {
    summary_view(&state.open_library()?, &id)
}

/// The chart view's indicators and countries, named in `language` (`ja` or `en`).
#[tauri::command(async)]
pub fn chart_options(
    language: String,
    state: tauri::State<'_, AppState>,
) -> Result<ChartOptions, CommandError> {
    Ok(options(&state.open_library()?, parse_language(&language)?))
}

/// The ranked bar chart of indicator `key` over `countries` (every country when empty).
#[tauri::command(async)]
pub fn indicator_chart(
    key: String,
    countries: Vec<String>,
    language: String,
    state: tauri::State<'_, AppState>,
) -> Result<ChartView, CommandError> {
    let key = parse_key(&key)?;
    let language = parse_language(&language)?;
    Ok(chart_view(&state.open_library()?, key, &countries, language))
}

/// Writes the chart (SVG, or the window's PNG of it) or its data (CSV) into the export folder.
#[tauri::command(async)]
pub fn export_chart(
    key: String,
    countries: Vec<String>,
    language: String,
    format: ChartFormat,
    png: Option<Vec<u8>>,
    state: tauri::State<'_, AppState>,
) -> Result<PathBuf, CommandError> {
    let key = parse_key(&key)?;
    let language = parse_language(&language)?;
    let library = state.open_library()?;
    write_chart(
        &library,
        &crate::jobs::export_dir(),
        key,
        &countries,
        language,
        format,
        png.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> kuni::Library {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../reports");
        kuni::Library::open(&root, kuni::today()).expect("the bundled library")
    }

    #[test]
    fn the_summary_carries_one_strip_per_indicator_line() {
        let lib = bundled();
        let view = summary_view(&lib, "gh.ja").expect("summary");
        assert_eq!(view.summary.country_name, "ガーナ");
        assert_eq!(view.strips.len(), view.summary.indicators.len());
        for (line, strip) in view.summary.indicators.iter().zip(&view.strips) {
            assert_eq!(line.chart.is_some(), strip.is_some(), "{}", line.label);
            if let Some(svg) = strip {
                assert!(
                    svg.starts_with("<svg ") && svg.contains("<title id=\"summary-"),
                    "{svg}"
                );
            }
        }
        assert!(
            view.strips.iter().any(Option::is_some),
            "some indicator is compared"
        );
        assert_eq!(
            summary_view(&lib, "../etc/passwd").err().map(|e| e.code),
            Some("invalid-argument")
        );
        assert_eq!(
            summary_view(&lib, "zz.ja").err().map(|e| e.code),
            Some("report-not-found")
        );
    }

    #[test]
    fn options_name_every_country_once() {
        let lib = bundled();
        let o = options(&lib, Language::Ja);
        let mut codes: Vec<&str> = lib.reports().map(|r| r.meta.country.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(
            o.countries.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
            codes
        );
        assert!(o.countries.contains(&CountryChoice {
            code: "GH".into(),
            name: "ガーナ".into()
        }));
        assert_eq!(o.indicators.len(), IndicatorKey::ALL.len());
        let population = &o.indicators[0];
        assert_eq!(
            population.countries as usize,
            codes.len(),
            "every report gives its population"
        );
    }

    #[test]
    fn exports_write_the_engine_svg_the_data_and_only_a_real_png() {
        let lib = bundled();
        let dir = std::env::temp_dir().join(format!("kuni-chart-test-{}", std::process::id()));
        let chosen = ["GH".to_string(), "KE".to_string(), "NG".to_string()];
        let key = IndicatorKey::GdpPerCapita;
        let svg = write_chart(&lib, &dir, key, &chosen, Language::Ja, ChartFormat::Svg, None).expect("svg");
        let text = std::fs::read_to_string(&svg).expect("read svg");
        assert!(text.starts_with("<?xml") && text.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        for name in ["ガーナ", "ケニア", "ナイジェリア"] {
            assert!(text.contains(&format!(">{name}</text>")), "{name} in {text}");
        }
        assert!(!text.contains(">タイ</text>"), "only the chosen countries");
        let csv = write_chart(&lib, &dir, key, &chosen, Language::Ja, ChartFormat::Csv, None).expect("csv");
        let rows = std::fs::read_to_string(&csv).expect("read csv");
        assert_eq!(rows.lines().count(), 4, "{rows}");
        assert!(
            csv.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("グラフ_1人当たりGDP_"))
        );
        let not_png = write_chart(
            &lib,
            &dir,
            key,
            &chosen,
            Language::Ja,
            ChartFormat::Png,
            Some(b"<svg/>"),
        );
        assert_eq!(not_png.err().map(|e| e.code), Some("invalid-argument"));
        let png = write_chart(
            &lib,
            &dir,
            key,
            &chosen,
            Language::En,
            ChartFormat::Png,
            Some(b"\x89PNG\r\n\x1a\n...."),
        )
        .expect("png");
        assert!(png.extension().is_some_and(|e| e == "png"));
        let none = write_chart(
            &lib,
            &dir,
            key,
            &["ZZ".to_string()],
            Language::Ja,
            ChartFormat::Svg,
            None,
        );
        assert_eq!(none.err().map(|e| e.code), Some("invalid-argument"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bad_keys_and_languages_are_refused_in_words() {
        assert_eq!(parse_key("gdp").err().map(|e| e.code), Some("invalid-argument"));
        assert_eq!(parse_key("population").ok(), Some(IndicatorKey::Population));
        assert_eq!(
            parse_language("fr").err().map(|e| e.code),
            Some("invalid-argument")
        );
    }
}
