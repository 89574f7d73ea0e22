//! A chart's [`Drawing`] (the one chart model, `crate::chart`) drawn into a PDF page: its
//! rectangles and lines as paths, its text shaped like every other text of the PDF, so the
//! labels are real text in the text layer. The whole drawing is one `Figure` element whose
//! /Alt is the chart's description and whose /BBox is where it stands; its paths and text
//! are the Figure's content, not artifacts.

use super::{Item, Layout};
use crate::chart::{Anchor, Drawing, Mark, Paint};
use crate::pdf::fonts::Role;
use crate::pdf::shape::Span;
use crate::pdf::style::{PAGE_H, Rgb, SpanStyle};
use crate::pdf::tags::Role as Tag;

fn rgb(p: Paint) -> Rgb {
    let (r, g, b) = p.rgb();
    Rgb(f32::from(r) / 255.0, f32::from(g) / 255.0, f32::from(b) / 255.0)
}

/// Draws `d` with its top-left corner at (`x`, `y`) (points from the page's top left) as a
/// Figure of the current element.
pub fn figure(l: &mut Layout, d: &Drawing, x: f32, y: f32) {
    let fig = l.begin(Tag::Figure);
    let alt = if d.description.trim().is_empty() {
        &d.title
    } else {
        &d.description
    };
    l.tree.nodes[fig].alt = Some(alt.clone());
    l.tree.nodes[fig].bbox = Some([x, PAGE_H - (y + d.height), x + d.width, PAGE_H - y]);
    for m in &d.marks {
        match m {
            Mark::Rect {
                x: rx,
                y: ry,
                w,
                h,
                paint,
            } => {
                let mark = l.image_mark();
                l.page().items.push(Item::Drawn {
                    item: Box::new(Item::Rect {
                        x: x + rx,
                        y: y + ry,
                        w: *w,
                        h: *h,
                        fill: Some(rgb(*paint)),
                        stroke: None,
                    }),
                    mark,
                });
            }
            Mark::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                paint,
            } => {
                let mark = l.image_mark();
                l.page().items.push(Item::Drawn {
                    item: Box::new(Item::Line {
                        x1: x + x1,
                        y1: y + y1,
                        x2: x + x2,
                        y2: y + y2,
                        color: rgb(*paint),
                        width: *width,
                    }),
                    mark,
                });
            }
            Mark::Text {
                x: tx,
                y: baseline,
                size,
                text,
                anchor,
                bold,
                paint,
            } => {
                let mut st = SpanStyle::new(if *bold { Role::Bold } else { Role::Sans }, *size);
                st.color = rgb(*paint);
                let spans = vec![Span {
                    text: text.clone(),
                    style: st,
                }];
                let lines = l.lines(&spans, f32::INFINITY, false);
                let Some(line) = lines.first() else { continue };
                let left = match anchor {
                    Anchor::Start => x + tx,
                    Anchor::Middle => x + tx - line.width / 2.0,
                    Anchor::End => x + tx - line.width,
                };
                // draw_line puts the baseline 0.86 of the size below the top of a line as
                // tall as the size.
                l.draw_line(line, &spans, left, y + baseline - size * 0.86, *size);
            }
        }
    }
    l.end();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Bar, BarChart, bar_chart};
    use crate::pdf::fonts::{FontConfig, FontFiles, Fonts};
    use crate::pdf::tags::{Kid, Mark as Tagged};

    #[test]
    fn a_charts_bars_and_labels_are_content_of_one_figure_with_alt_and_bbox() {
        let files = FontFiles::open(&FontConfig::default(), true).expect("fonts (make setup)");
        let fonts = Fonts::load(&files, &mut Vec::new()).expect("fonts (make setup)");
        let mut l = Layout::new(&fonts, std::path::PathBuf::new());
        let bar = |label: &str, value: f64, highlight| Bar {
            label: label.into(),
            code: "XX".into(),
            value,
            value_label: format!("{value}ドル"),
            highlight,
        };
        let chart = BarChart {
            title: "1人当たり医療費".into(),
            description: "タイは2か国中1位".into(),
            bars: vec![bar("タイ", 370.0, true), bar("ベトナム", 189.0, false)],
        };
        let d = bar_chart(&chart, 300.0, 9.0);
        figure(&mut l, &d, 100.0, 200.0);
        let fig = l
            .tree
            .nodes
            .iter()
            .position(|n| n.role == Tag::Figure)
            .expect("a Figure");
        assert_eq!(l.tree.nodes[fig].alt.as_deref(), Some("タイは2か国中1位"));
        let [x0, y0, x1, y1] = l.tree.nodes[fig].bbox.expect("bbox");
        assert!((x0 - 100.0).abs() < 0.01 && (x1 - 400.0).abs() < 0.01);
        assert!((y1 - (PAGE_H - 200.0)).abs() < 0.01 && y0 < y1);
        // Every mark is the Figure's content: text as shaped glyphs, bars as paths.
        let page = &l.pages[0];
        let mut text = String::new();
        let mut drawn = 0;
        for item in &page.items {
            match item {
                Item::Glyphs { glyphs, mark, .. } => {
                    assert_eq!(*mark, Tagged::Node(fig));
                    text.extend(glyphs.iter().map(|g| g.text.as_str()));
                }
                Item::Drawn { mark, .. } => {
                    assert_eq!(*mark, Tagged::Node(fig));
                    drawn += 1;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        for label in ["1人当たり医療費", "タイ", "ベトナム", "370ドル", "189ドル"] {
            assert!(text.contains(label), "{label} in {text}");
        }
        assert_eq!(drawn, 3, "two bars and the axis");
        let contents = l.tree.nodes[fig]
            .kids
            .iter()
            .filter(|k| **k == Kid::Content)
            .count();
        assert_eq!(contents, page.items.len());
    }
}
