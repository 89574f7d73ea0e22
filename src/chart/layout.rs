//! Lays a [`BarChart`] out as a [`Drawing`]: the full ranked bar chart (the chart view and
//! its export) and the one-line strip the summary uses beside each indicator.

use super::{Anchor, BarChart, Drawing, Mark, Paint, text_width};

/// A ranked horizontal bar chart, `width` points wide, text at `size` points: the title on
/// top, then one row per bar with the label on the left and the value after the bar.
pub fn bar_chart(chart: &BarChart, width: f32, size: f32) -> Drawing {
    let row = size * 2.0;
    let bar_h = size * 1.3;
    let title_h = size * 2.6;
    let label_w = chart
        .bars
        .iter()
        .map(|b| text_width(&b.label, size))
        .fold(0.0, f32::max)
        + size;
    let value_w = chart
        .bars
        .iter()
        .map(|b| text_width(&b.value_label, size))
        .fold(0.0, f32::max)
        + size * 0.6;
    let area = (width - label_w - value_w).max(width * 0.25);
    let max = chart.bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let mut marks = vec![Mark::Text {
        x: 0.0,
        y: size * 1.5,
        size: size * 1.2,
        text: chart.title.clone(),
        anchor: Anchor::Start,
        bold: true,
        paint: Paint::Text,
    }];
    for (i, b) in chart.bars.iter().enumerate() {
        let top = title_h + i as f32 * row;
        let baseline = top + row / 2.0 + size * 0.35;
        let len = if max > 0.0 {
            (b.value / max) as f32 * area
        } else {
            0.0
        };
        marks.push(Mark::Text {
            x: label_w - size * 0.5,
            y: baseline,
            size,
            text: b.label.clone(),
            anchor: Anchor::End,
            bold: b.highlight,
            paint: Paint::Text,
        });
        marks.push(Mark::Rect {
            x: label_w,
            y: top + (row - bar_h) / 2.0,
            w: len.max(0.5),
            h: bar_h,
            paint: if b.highlight { Paint::Highlight } else { Paint::Bar },
        });
        marks.push(Mark::Text {
            x: label_w + len + size * 0.4,
            y: baseline,
            size,
            text: b.value_label.clone(),
            anchor: Anchor::Start,
            bold: b.highlight,
            paint: Paint::Text,
        });
    }
    let bottom = title_h + chart.bars.len() as f32 * row;
    marks.push(Mark::Line {
        x1: label_w,
        y1: title_h,
        x2: label_w,
        y2: bottom,
        width: 0.75,
        paint: Paint::Axis,
    });
    Drawing {
        width,
        height: bottom + size * 0.5,
        title: chart.title.clone(),
        description: chart.description.clone(),
        marks,
    }
}

/// A one-line strip `width` × `height` points: a thin track from zero to the largest value,
/// a tick for every other country and a bar from zero to the highlighted country's value,
/// so a reader sees at once where the country stands among the others.
pub fn strip(chart: &BarChart, width: f32, height: f32) -> Drawing {
    let max = chart.bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let x = |v: f64| if max > 0.0 { (v / max) as f32 * width } else { 0.0 };
    let mid = height / 2.0;
    let mut marks = vec![Mark::Line {
        x1: 0.0,
        y1: mid,
        x2: width,
        y2: mid,
        width: 0.5,
        paint: Paint::Axis,
    }];
    for b in chart.bars.iter().filter(|b| !b.highlight) {
        let at = x(b.value).clamp(0.5, width - 0.5);
        marks.push(Mark::Line {
            x1: at,
            y1: height * 0.15,
            x2: at,
            y2: height * 0.85,
            width: 1.0,
            paint: Paint::Bar,
        });
    }
    for b in chart.bars.iter().filter(|b| b.highlight) {
        marks.push(Mark::Rect {
            x: 0.0,
            y: height * 0.3,
            w: x(b.value).max(1.0),
            h: height * 0.4,
            paint: Paint::Highlight,
        });
        let at = x(b.value).clamp(0.75, width - 0.75);
        marks.push(Mark::Line {
            x1: at,
            y1: 0.0,
            x2: at,
            y2: height,
            width: 1.5,
            paint: Paint::Highlight,
        });
    }
    Drawing {
        width,
        height,
        title: chart.title.clone(),
        description: chart.description.clone(),
        marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Bar;

    fn chart() -> BarChart {
        let bar = |label: &str, code: &str, value: f64, highlight| Bar {
            label: label.into(),
            code: code.into(),
            value,
            value_label: format!("{value}ドル"),
            highlight,
        };
        BarChart {
            title: "1人当たり医療費".into(),
            description: "タイは3か国中2位".into(),
            bars: vec![
                bar("ベトナム", "VN", 180.0, false),
                bar("タイ", "TH", 380.0, true),
                bar("シンガポール", "SG", 3900.0, false),
            ],
        }
        .sorted()
    }

    #[test]
    fn bars_are_ranked_scaled_to_the_largest_and_stay_inside() {
        let d = bar_chart(&chart(), 400.0, 9.0);
        let rects: Vec<(f32, f32, Paint)> = d
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Rect { x, w, paint, .. } => Some((*x, *w, *paint)),
                _ => None,
            })
            .collect();
        assert_eq!(rects.len(), 3);
        // Largest first; the highlighted country in the accent colour.
        assert!(rects[0].1 > rects[1].1 && rects[1].1 > rects[2].1, "{rects:?}");
        assert_eq!(rects[1].2, Paint::Highlight);
        let ratio = rects[1].1 / rects[0].1;
        assert!((ratio - 380.0 / 3900.0).abs() < 1e-3, "{ratio}");
        for m in &d.marks {
            if let Mark::Text {
                x,
                text,
                anchor: Anchor::Start,
                size,
                ..
            } = m
            {
                assert!(x + text_width(text, *size) <= d.width + 0.01, "{text} overflows");
            }
        }
        let labels: Vec<&str> = d
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text {
                    text,
                    anchor: Anchor::End,
                    ..
                } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(labels, ["シンガポール", "タイ", "ベトナム"]);
    }

    #[test]
    fn a_strip_marks_the_country_among_the_others() {
        let d = strip(&chart(), 100.0, 8.0);
        let bar = d.marks.iter().find_map(|m| match m {
            Mark::Rect {
                w,
                paint: Paint::Highlight,
                ..
            } => Some(*w),
            _ => None,
        });
        assert!((bar.expect("highlight bar") - 100.0 * 380.0 / 3900.0).abs() < 1e-3);
        let ticks = d
            .marks
            .iter()
            .filter(|m| {
                matches!(
                    m,
                    Mark::Line {
                        paint: Paint::Bar,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(ticks, 2);
    }
}
