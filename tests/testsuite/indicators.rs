//! The `indicators:` block: read in display order, shown in the comparison matrix and its CSV,
//! and every bad value, unit, year or source reported at its own line and column.

use crate::common::*;
use kuni::compare;
use kuni::report::IndicatorKey;

const WB: &str = "  - { id: wb, title: \"World Bank: Population, total – Viet Nam\", url: \"https://data.worldbank.org/indicator/SP.POP.TOTL?locations=VN\", accessed: 2026-09-01 }\n";

/// The fixture with `block` as its indicators and the World Bank page as an extra source.
fn with_indicators(block: &str) -> String {
    let text = edit(
        &valid_text(),
        "\nsources:\n",
        &format!("\nindicators:\n{block}sources:\n"),
    );
    edit(&text, "changelog:", &format!("{WB}changelog:"))
}

#[test]
fn indicators_are_read_in_display_order_and_reach_the_matrix_and_csv() {
    let text = with_indicators(
        "  aged_65_share: { value: 9.4, unit: \"%\", year: 2024, sources: [wb] }\n  population: { value: 100987686, unit: people, year: 2024, sources: [wb] }\n  device_market: { unit: USD, note: \"要確認：公表値を確認できず\" }\n",
    );
    let (report, problems) = parse(&text);
    assert_eq!(brief(&problems), Vec::<String>::new());
    let report = report.expect("report");
    let keys: Vec<_> = report.meta.indicators.iter().map(|i| i.key).collect();
    assert_eq!(
        keys,
        [
            IndicatorKey::Population,
            IndicatorKey::Aged65Share,
            IndicatorKey::DeviceMarket
        ]
    );
    let m = compare::matrix(&[&report]);
    let row = |field: &str| m.rows.iter().find(|r| r.field == field).expect(field);
    assert_eq!(row("indicators.population").cells[0].text, "1億人（2024年）");
    assert_eq!(row("indicators.population").cells[0].sources[0].id, "wb");
    assert_eq!(row("indicators.aged_65_share").cells[0].text, "9.4%（2024年）");
    let market = &row("indicators.device_market").cells[0];
    assert_eq!(market.text, "—");
    assert_eq!(market.note.as_deref(), Some("要確認：公表値を確認できず"));
    // An indicator the report does not give is an empty cell, not a missing row.
    assert_eq!(row("indicators.gdp_per_capita").cells[0].text, "—");
    let csv = compare::to_csv(&m, true);
    assert!(
        csv.contains(
            "\"人口\",\"1億人（2024年）\n[wb] https://data.worldbank.org/indicator/SP.POP.TOTL?locations=VN\""
        ),
        "{csv}"
    );
    assert!(
        csv.contains("\"医療機器市場の規模\",\"—\n（要確認：公表値を確認できず）\""),
        "{csv}"
    );
    // The note is listed with the report's other 要確認 items.
    assert!(
        report
            .to_verify
            .iter()
            .any(|t| t.place == "医療機器市場の規模" && t.text.contains("公表値")),
        "{:?}",
        report.to_verify
    );
}

#[test]
fn a_bad_value_a_missing_unit_and_an_unknown_source_are_located_errors() {
    let text = with_indicators(
        "  population: { value: \"100,987,686\", unit: people, year: 2024, sources: [wb] }\n  gdp_per_capita: { value: 4700, year: 2024, sources: [wb] }\n  aged_65_share: { value: 9.4, unit: \"%\", year: 2024, sources: [worldbank] }\n",
    );
    let (report, problems) = parse(&text);
    // The bad indicators are left out; the report itself is still read.
    let report = report.expect("a bad indicator does not hide the report");
    let kept: Vec<_> = report.meta.indicators.iter().map(|i| i.key).collect();
    assert_eq!(
        kept,
        [IndicatorKey::Aged65Share],
        "only the indicator with a good value and unit is kept"
    );
    let (pop_line, pop_col) = at(&text, "\"100,987,686\"");
    let (gdp_line, gdp_col) = at(&text, "{ value: 4700");
    let (src_line, src_col) = at(&text, "worldbank]");
    assert_eq!(
        brief(&problems),
        vec![
            format!(
                "{pop_line}:{pop_col}: error: `indicators.population.value` must be a number (write it without thousands separators) (found `100,987,686`)"
            ),
            format!(
                "{gdp_line}:{}: error: `indicators.gdp_per_capita` has no `unit`: write `unit: \"USD\"`",
                gdp_col
            ),
            format!("{src_line}:{src_col}: error: source `worldbank` is not in `sources`"),
        ]
    );
    let codes: Vec<_> = problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, ["invalid-value", "missing-unit", "unknown-source"]);
}

#[test]
fn wrong_units_impossible_shares_and_years_and_unsourced_values_are_errors() {
    let text = with_indicators(
        "  population: { value: 100987686, unit: 人, year: 2024, sources: [wb] }\n  out_of_pocket_share: { value: 140, unit: \"%\", year: 2022, sources: [wb] }\n  aged_65_share: { value: 9.4, unit: \"%\", year: 2031, sources: [wb] }\n  device_market: { value: 2.1e9, unit: USD, year: 2023 }\n  hospital_beds: { value: 3 }\n",
    );
    let problems = parse(&text).1;
    let lines: Vec<String> = brief(&problems)
        .into_iter()
        .map(|l| l.split_once(": ").map(|(_, m)| m.to_string()).unwrap_or(l))
        .collect();
    assert_eq!(
        lines,
        vec![
            "error: `indicators.population.unit` must be `people` (found `人`); convert the figure if the source uses another unit",
            "error: `indicators.out_of_pocket_share.value` must be from 0 to 100 (found `140`)",
            "error: `indicators.aged_65_share.year` must be a year from 1990 to 2026 (found `2031`)",
            "error: `indicators.device_market` has a value but no `sources`: name the source that states the figure",
            "warning: unknown indicator `indicators.hospital_beds`; the indicators are population, gdp_per_capita, health_expenditure_per_capita, health_expenditure_gdp_share, out_of_pocket_share, aged_65_share, device_market, device_import_share",
        ]
    );
}

#[test]
fn an_indicator_citing_only_a_home_page_is_a_warning() {
    let text =
        with_indicators("  population: { value: 100987686, unit: people, year: 2024, sources: [home] }\n");
    let text = edit(
        &text,
        "changelog:",
        "  - { id: home, title: \"GSO\", url: \"https://www.gso.gov.vn/\", accessed: 2026-09-01 }\nchangelog:",
    );
    let problems = parse(&text).1;
    let codes: Vec<_> = problems.iter().map(|p| (p.code, p.message.clone())).collect();
    assert!(
        codes.iter().any(|(c, m)| *c == "source-is-home-page"
            && m.starts_with("`indicators.population` cites only a site's home page")),
        "{codes:?}"
    );
}
