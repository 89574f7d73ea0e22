//! Tables: column widths from content, wrapped cells, rules, and the header row repeated on
//! every page a table continues on. Cells are drawn row by row, left to right, so the text
//! layer reads a table in that order.

use super::{Item, Layout, TOP};
use crate::doc::Inline;
use crate::pdf::fonts::Role;
use crate::pdf::linebreak::{Line, content_widths};
use crate::pdf::shape::{Span, shape};
use crate::pdf::style::{ACCENT, HEAD_FILL, RULE, SpanStyle};
use crate::pdf::tags::{Mark, Role as Tag};

const SIZE: f32 = 9.0;
const LEAD: f32 = SIZE * 1.55;
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;

struct Cell {
    spans: Vec<Span>,
    lines: Vec<Line>,
}

/// Lays out a table at `x`, `width` wide.
pub fn table(l: &mut Layout, head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>], x: f32, width: f32) {
    let ncols = rows.iter().map(Vec::len).chain([head.len()]).max().unwrap_or(0);
    if ncols == 0 {
        return;
    }
    let mut head_style = SpanStyle::new(Role::Bold, SIZE);
    head_style.color = ACCENT;
    let body_style = SpanStyle::new(Role::Sans, SIZE);
    let to_spans = |l: &Layout, cells: &[Vec<Inline>], st: &SpanStyle| -> Vec<Vec<Span>> {
        (0..ncols)
            .map(|c| {
                cells
                    .get(c)
                    .map_or_else(Vec::new, |inl| super::spans(inl, st, &l.notes))
            })
            .collect()
    };
    let head_spans = to_spans(l, head, &head_style);
    let body_spans: Vec<Vec<Vec<Span>>> = rows.iter().map(|r| to_spans(l, r, &body_style)).collect();

    // Column widths from the content: each at least its longest word, the rest shared in
    // proportion to what each column would like.
    let mut min = vec![0.0f32; ncols];
    let mut max = vec![0.0f32; ncols];
    for row in std::iter::once(&head_spans).chain(&body_spans) {
        for (c, spans) in row.iter().enumerate() {
            let text: String = spans.iter().map(|s| s.text.as_str()).collect();
            let glyphs = shape(l.fonts, spans, &mut l.missing);
            let (lo, hi) = content_widths(&text, &glyphs);
            min[c] = min[c].max(lo);
            max[c] = max[c].max(hi);
        }
    }
    let avail = width - ncols as f32 * 2.0 * PAD_X;
    let widths = column_widths(&min, &max, avail);

    let layout_row = |l: &mut Layout, row: &[Vec<Span>]| -> Vec<Cell> {
        row.iter()
            .enumerate()
            .map(|(c, spans)| Cell {
                lines: l.lines(spans, widths[c], false),
                spans: spans.clone(),
            })
            .collect()
    };
    let head_cells = if head.is_empty() {
        None
    } else {
        Some(layout_row(l, &head_spans))
    };
    let head_height = head_cells.as_deref().map_or(0.0, row_height);

    l.ensure(head_height + LEAD + 2.0 * PAD_Y + 4.0);
    l.y += 2.0;
    let table = l.begin(Tag::Table);
    if let Some(h) = &head_cells {
        let group = l.begin(Tag::THead);
        let nodes = row_nodes(l, group, Tag::TH, h.len());
        draw_row(l, h, &widths, x, width, true, Some(&nodes));
        l.end();
    }
    let body_group = (!body_spans.is_empty()).then(|| l.tree.add(Tag::TBody, table));
    for row in &body_spans {
        let cells = layout_row(l, row);
        let height = row_height(&cells);
        let nodes = row_nodes(l, body_group.unwrap_or(table), Tag::TD, cells.len());
        if l.y + height > super::BOTTOM && l.y > TOP + head_height + 0.5 {
            // Continue on the next page under a repeated header (an artifact: it was read once).
            l.new_page();
            if let Some(h) = &head_cells {
                draw_row(l, h, &widths, x, width, true, None);
            }
        }
        if l.y + height <= super::BOTTOM {
            draw_row(l, &cells, &widths, x, width, false, Some(&nodes));
        } else {
            // A row taller than a page: its lines continue page after page.
            let mut from = 0;
            let most = cells.iter().map(|c| c.lines.len()).max().unwrap_or(0);
            while from < most {
                let fit = (((super::BOTTOM - l.y - 2.0 * PAD_Y) / LEAD).floor() as usize).max(1);
                let part: Vec<Cell> = cells
                    .iter()
                    .map(|c| Cell {
                        spans: c.spans.clone(),
                        lines: c.lines.iter().skip(from).take(fit).cloned().collect(),
                    })
                    .collect();
                draw_row(l, &part, &widths, x, width, false, Some(&nodes));
                from += fit;
                if from < most {
                    l.new_page();
                    if let Some(h) = &head_cells {
                        draw_row(l, h, &widths, x, width, true, None);
                    }
                }
            }
        }
    }
    l.end();
    l.y += 8.0;
}

/// A TR element in `group` with `n` cells of `role`; returns the cells.
fn row_nodes(l: &mut Layout, group: usize, role: Tag, n: usize) -> Vec<usize> {
    let tr = l.tree.add(Tag::TR, group);
    (0..n)
        .map(|_| {
            let cell = l.tree.add(role, tr);
            l.tree.nodes[cell].scope_column = role == Tag::TH;
            cell
        })
        .collect()
}

fn row_height(cells: &[Cell]) -> f32 {
    cells.iter().map(|c| c.lines.len().max(1)).max().unwrap_or(1) as f32 * LEAD + 2.0 * PAD_Y
}

/// Draws a row; `nodes` are its cells' elements, `None` for a repeated header (an artifact).
fn draw_row(
    l: &mut Layout,
    cells: &[Cell],
    widths: &[f32],
    x: f32,
    width: f32,
    header: bool,
    nodes: Option<&[usize]>,
) {
    let height = row_height(cells);
    let top = l.y;
    if header {
        l.page().back.push(Item::Rect {
            x,
            y: top,
            w: width,
            h: height,
            fill: Some(HEAD_FILL),
            stroke: None,
        });
        l.rule(x, top, width, ACCENT, 0.8);
    }
    let mut cx = x;
    let saved = l.artifact;
    if nodes.is_none() {
        l.artifact = Some(Mark::Artifact);
    }
    for (c, cell) in cells.iter().enumerate() {
        let node = nodes.and_then(|n| n.get(c).copied());
        if let Some(n) = node {
            l.enter(n);
        }
        let mut y = top + PAD_Y;
        for line in &cell.lines {
            l.draw_line(line, &cell.spans, cx + PAD_X, y, LEAD);
            y += LEAD;
        }
        if node.is_some() {
            l.end();
        }
        cx += widths[c] + 2.0 * PAD_X;
    }
    l.artifact = saved;
    let bottom = top + height;
    let color = if header { ACCENT } else { RULE };
    l.rule(x, bottom, width, color, if header { 0.6 } else { 0.4 });
    l.y = bottom;
}

/// Shares `avail` among columns: everyone's natural width if it fits (stretched to fill),
/// else each column's minimum plus a share of the rest in proportion to what it lacks.
pub fn column_widths(min: &[f32], max: &[f32], avail: f32) -> Vec<f32> {
    let sum_max: f32 = max.iter().sum();
    let sum_min: f32 = min.iter().sum();
    if sum_max <= avail && sum_max > 0.0 {
        return max.iter().map(|m| m * avail / sum_max).collect();
    }
    if sum_min >= avail || sum_max <= sum_min {
        let total = sum_min.max(1e-3);
        return min.iter().map(|m| (m * avail / total).max(8.0)).collect();
    }
    let spare = avail - sum_min;
    let want = sum_max - sum_min;
    min.iter()
        .zip(max)
        .map(|(lo, hi)| lo + (hi - lo) * spare / want)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn widths_fill_the_space_and_respect_minimums() {
        let w = column_widths(&[20.0, 40.0], &[50.0, 100.0], 300.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.01);
        let w = column_widths(&[20.0, 40.0], &[200.0, 400.0], 300.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.01);
        assert!(w[0] >= 20.0 && w[1] >= 40.0);
        let w = column_widths(&[200.0, 400.0], &[300.0, 500.0], 300.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.01, "{w:?}");
    }
}
