//! A [`Drawing`] as SVG: `<title>` and `<desc>` first (named by `aria-labelledby`, so screen
//! readers announce the chart by its description), then the marks as rectangles, lines and
//! real `<text>`, never paths of glyphs, so the text can be selected and searched.

use super::{Anchor, Drawing, Mark};
// The same five characters as HTML: an SVG's text and attributes need nothing else.
use crate::html::escape;

/// How the SVG is written.
#[derive(Debug, Clone)]
pub struct SvgOptions<'a> {
    /// A prefix for the element ids, unique in the page the SVG is placed in.
    pub id: &'a str,
    /// True for a file of its own (XML declaration, namespace, font family); false for an
    /// SVG inlined in HTML, which takes the page's font.
    pub standalone: bool,
}

/// Writes `d` as an SVG element (or document).
pub fn render(d: &Drawing, o: &SvgOptions) -> String {
    let id = escape(o.id);
    let mut out = String::new();
    if o.standalone {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"",
        w = num(d.width),
        h = num(d.height),
    ));
    if o.standalone {
        out.push_str(" font-family=\"'BIZ UDPGothic', 'Noto Sans CJK JP', sans-serif\"");
    }
    out.push_str(&format!(
        "><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(&d.title),
        escape(&d.description)
    ));
    for m in &d.marks {
        match m {
            Mark::Rect { x, y, w, h, paint } => out.push_str(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                num(*x),
                num(*y),
                num(*w),
                num(*h),
                paint.hex()
            )),
            Mark::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                paint,
            } => out.push_str(&format!(
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
                num(*x1),
                num(*y1),
                num(*x2),
                num(*y2),
                paint.hex(),
                num(*width)
            )),
            Mark::Text {
                x,
                y,
                size,
                text,
                anchor,
                bold,
                paint,
            } => {
                let anchor = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                let weight = if *bold { " font-weight=\"bold\"" } else { "" };
                out.push_str(&format!(
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\" fill=\"{}\"{weight}>{}</text>",
                    num(*x),
                    num(*y),
                    num(*size),
                    paint.hex(),
                    escape(text)
                ));
            }
        }
    }
    out.push_str("</svg>");
    if o.standalone {
        out.push('\n');
    }
    out
}

/// Two decimals at most, no trailing zeros: SVG files stay small and diff well.
fn num(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Bar, BarChart, bar_chart};

    #[test]
    fn svg_has_title_desc_and_real_text_escaped() {
        let chart = BarChart {
            title: "医療費 <per capita>".into(),
            description: "A & B".into(),
            bars: vec![Bar {
                label: "タイ".into(),
                code: "TH".into(),
                value: 1.0,
                value_label: "1ドル".into(),
                highlight: true,
            }],
        };
        let svg = render(
            &bar_chart(&chart, 300.0, 9.0),
            &SvgOptions {
                id: "c1",
                standalone: true,
            },
        );
        assert!(svg.contains("<title id=\"c1-title\">医療費 &lt;per capita&gt;</title><desc id=\"c1-desc\">A &amp; B</desc>"), "{svg}");
        assert!(
            svg.contains(">タイ</text>") && svg.contains(">1ドル</text>"),
            "{svg}"
        );
        assert!(svg.contains("aria-labelledby=\"c1-title c1-desc\""));
        assert_eq!(num(12.0), "12");
        assert_eq!(num(0.375), "0.38");
        assert_eq!(num(2.50), "2.5");
    }
}
