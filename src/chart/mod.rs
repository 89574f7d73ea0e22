//! Charts as vector drawings with real text, one model for every medium: a chart (its
//! title, description and bars) is laid out once into a [`Drawing`] of rectangles, lines and
//! text in points, which `svg.rs` writes for the app and the site and `pdf::layout::chart` draws
//! into the PDF's text layer. No medium lays out a chart of its own, so the PDF's summary
//! and the website's show the same bars.

pub mod layout;
pub mod svg;

pub use layout::{bar_chart, strip};

use serde::Serialize;

/// A bar chart's data: what it shows and, per country, a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BarChart {
    /// The heading a reader sees (`1人当たり医療費（米ドル）`).
    pub title: String,
    /// What the chart shows in words, for screen readers (SVG `<desc>`, PDF Figure /Alt).
    pub description: String,
    /// The bars, in the order they are drawn.
    pub bars: Vec<Bar>,
}

/// One bar: a country and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Bar {
    /// What the bar is labelled with (`タイ`).
    pub label: String,
    /// The ISO code of the country, for links and data.
    pub code: String,
    /// The value, in the chart's unit.
    pub value: f64,
    /// The value as written beside the bar (`383.6ドル`).
    pub value_label: String,
    /// Drawn in the accent colour: the report's own country.
    pub highlight: bool,
}

impl BarChart {
    /// The bars from largest to smallest (ties by label), as a ranking reads.
    pub fn sorted(mut self) -> Self {
        self.bars
            .sort_by(|a, b| b.value.total_cmp(&a.value).then_with(|| a.label.cmp(&b.label)));
        self
    }

    /// The data as CSV (UTF-8 with BOM for spreadsheets): label, code, value.
    pub fn to_csv(&self, value_heading: &str) -> String {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let mut out = format!(
            "\u{feff}{},{},{}\r\n",
            quote("country"),
            quote("code"),
            quote(value_heading)
        );
        for b in &self.bars {
            out.push_str(&format!("{},{},{}\r\n", quote(&b.label), quote(&b.code), b.value));
        }
        out
    }
}

/// A laid-out chart: marks in points, origin top left, y downwards (as SVG; the PDF
/// renderer flips it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drawing {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// The chart's title (SVG `<title>`).
    pub title: String,
    /// The chart's description (SVG `<desc>`, PDF /Alt).
    pub description: String,
    /// What to draw, back to front.
    pub marks: Vec<Mark>,
}

/// One thing drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Mark {
    /// A filled rectangle; (x, y) is its top-left corner.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Colour.
        paint: Paint,
    },
    /// A straight line.
    Line {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Stroke width.
        width: f32,
        /// Colour.
        paint: Paint,
    },
    /// A line of text; (x, y) is on its baseline, at the start, middle or end as `anchor` says.
    Text {
        /// x of the anchor.
        x: f32,
        /// Baseline.
        y: f32,
        /// Font size in points.
        size: f32,
        /// The text.
        text: String,
        /// Which point of the text is at x.
        anchor: Anchor,
        /// Bold (the Gothic face) or regular.
        bold: bool,
        /// Colour.
        paint: Paint,
    },
}

/// Where a text's x is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Anchor {
    /// Text starts at x.
    Start,
    /// Text is centred on x.
    Middle,
    /// Text ends at x.
    End,
}

/// The chart palette by role, so SVG and PDF use the same colours. The accent and bar blues
/// keep a contrast ratio above 3:1 against white (WCAG 1.4.11 for graphical objects); text
/// colours above 4.5:1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Paint {
    /// Other countries' bars.
    Bar,
    /// The report's own country.
    Highlight,
    /// Axis lines and the track behind a strip.
    Axis,
    /// Labels and values.
    Text,
    /// Secondary text (the scale).
    Muted,
}

impl Paint {
    /// The colour as 8-bit RGB.
    pub fn rgb(self) -> (u8, u8, u8) {
        match self {
            Paint::Bar => (0x8a, 0x9b, 0xb0),
            Paint::Highlight => (0x1f, 0x5f, 0xa8),
            Paint::Axis => (0x76, 0x7f, 0x8a),
            Paint::Text => (0x1d, 0x23, 0x2b),
            Paint::Muted => (0x4f, 0x58, 0x63),
        }
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        let (r, g, b) = self.rgb();
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// An estimate of a text's width in points: full width for CJK and other wide characters,
/// a little over half for Latin letters and digits. Layout only needs it to size label
/// columns and keep value labels inside the drawing; each medium then sets the real text.
pub fn text_width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                if c.is_ascii_uppercase() || c == '%' || c == '$' {
                    0.66
                } else {
                    0.56
                }
            } else {
                1.0
            }
        })
        .sum::<f32>()
        * size
}

/// The library's countries ranked by one indicator: one bar per country (the `language`
/// edition preferred), only those of `countries` when it is not empty, only reports that give
/// the figure. The chart view shows it and exports it as SVG, PNG and CSV.
pub fn indicator_chart(
    library: &[&crate::report::Report],
    key: crate::report::IndicatorKey,
    countries: &[String],
    language: crate::report::Language,
) -> BarChart {
    use crate::report::countries::name;
    use crate::report::indicators::format_value;
    let mut chosen: Vec<&crate::report::Report> = Vec::new();
    for r in library {
        let wanted = countries.is_empty() || countries.contains(&r.meta.country);
        if !wanted || chosen.iter().any(|c| c.meta.country == r.meta.country) {
            continue;
        }
        let preferred = library
            .iter()
            .find(|o| o.meta.country == r.meta.country && o.meta.language == language)
            .copied()
            .unwrap_or(r);
        chosen.push(preferred);
    }
    let mut years = Vec::new();
    let bars = chosen
        .iter()
        .filter_map(|r| {
            let i = r.meta.indicators.iter().find(|i| i.key == key)?;
            let value = i.value?;
            years.extend(i.year);
            Some(Bar {
                label: name(&r.meta.country, language),
                code: r.meta.country.clone(),
                value,
                value_label: format_value(key.measure(), value, language),
                highlight: false,
            })
        })
        .collect();
    let chart = BarChart {
        title: format!("{}（{}）", key.label(language), key.explanation(language)),
        description: String::new(),
        bars,
    }
    .sorted();
    years.sort();
    years.dedup();
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    };
    let list: Vec<String> = chart
        .bars
        .iter()
        .map(|b| format!("{} {}", b.label, b.value_label))
        .collect();
    let description = match language {
        crate::report::Language::Ja => format!(
            "{}を{}か国について大きい順に並べた棒グラフ（データ年 {}）。{}。",
            key.label(language),
            chart.bars.len(),
            span,
            list.join("、")
        ),
        crate::report::Language::En => format!(
            "Bar chart of {} for {} countries, largest first (data years {}). {}.",
            key.label(language).to_lowercase(),
            chart.bars.len(),
            span,
            list.join("; ")
        ),
    };
    let title = match language {
        crate::report::Language::Ja => chart.title.clone(),
        crate::report::Language::En => format!("{} ({})", key.label(language), key.explanation(language)),
    };
    BarChart {
        title,
        description,
        ..chart
    }
}
