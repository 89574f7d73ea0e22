//! The summary page (概要) after the cover: a `crate::summary::Summary` laid out on exactly
//! one A4 page. The status line, the routes and the indicators always show; the key points
//! keep their bold leads while anything else can give way (the caveat's and the 福祉用具 row's
//! sentences after the first, then the caveat, then the 福祉用具 row, which the body's
//! subsection repeats) and their text while it fits, first point first. What fits is measured
//! by laying the page out, not estimated.

use super::blocks::{LEFT, WIDTH, heading};
use super::{BOTTOM, Layout};
use crate::pdf::fonts::Role;
use crate::pdf::shape::Span;
use crate::pdf::style::{ACCENT, HEAD_FILL, INK, MUTED, RULE, SpanStyle};
use crate::pdf::tags::Role as Tag;
use crate::report::Language;
use crate::summary::Summary;

/// The summary heading's anchor (outline entry and links).
pub const ANCHOR: &str = "kuni-summary";

const TEXT: f32 = 9.5;
const TEXT_LEAD: f32 = TEXT * 1.6;
const SMALL: f32 = 8.5;
const ROW: f32 = 15.0;
const STRIP_H: f32 = 8.0;

/// What to leave out to stay on one page, from nothing to the most.
#[derive(Clone)]
struct Plan {
    /// Per key point: print its text after the lead.
    text: Vec<bool>,
    /// How many key points are printed.
    points: usize,
    /// Print the first caveat.
    caveat: bool,
    /// Print only the caveat's first sentence.
    caveat_lead: bool,
    /// Print only the first sentence of how assistive products are treated (the body's
    /// 福祉用具の扱い has the rest).
    assistive_lead: bool,
    /// Print the assistive-products row at all.
    assistive: bool,
}

/// Lays `s` out on the layout's current (empty) page; the page is full at most.
pub fn summary_page(l: &mut Layout, s: &Summary) {
    let n = s.key_points.len();
    let mut plan = Plan {
        text: vec![false; n],
        points: n,
        caveat: true,
        caveat_lead: false,
        assistive_lead: false,
        assistive: true,
    };
    // Leads only first; if even that is too long, the caveat's first sentence only, then no
    // caveat, and only then fewer points.
    let mut end = loop {
        let (fits, end) = measure(l, s, &plan);
        if fits || (plan.points == 0 && !plan.caveat) {
            break end;
        }
        // Every lead stays as long as anything else can give way.
        if !plan.caveat_lead {
            plan.caveat_lead = true;
        } else if !plan.assistive_lead {
            plan.assistive_lead = true;
        } else if plan.caveat {
            plan.caveat = false;
        } else if plan.assistive {
            plan.assistive = false;
        } else {
            plan.points = plan.points.saturating_sub(1);
        }
    };
    // Then each point's text, first point first, while the page has room: what a text adds
    // is its paragraph's extra lines, measured by breaking it as the page will.
    let mut accepted = Vec::new();
    for i in 0..plan.points {
        let extra = point_height(l, s, i, true) - point_height(l, s, i, false);
        if end + extra > BOTTOM {
            break;
        }
        end += extra;
        plan.text[i] = true;
        accepted.push(i);
    }
    // The sum is exact as long as nothing moved to another page; make sure.
    while !accepted.is_empty() && !measure(l, s, &plan).0 {
        if let Some(i) = accepted.pop() {
            plan.text[i] = false;
        }
    }
    draw(l, s, &plan);
}

/// The height of key point `i`'s paragraph, with or without its text.
fn point_height(l: &mut Layout, s: &Summary, i: usize, with_text: bool) -> f32 {
    let spans = point_spans(s, i, with_text);
    let indent = TEXT * 1.4;
    l.lines(&spans, WIDTH - indent, true).len() as f32 * TEXT_LEAD
}

fn point_spans(s: &Summary, i: usize, with_text: bool) -> Vec<Span> {
    let k = &s.key_points[i];
    let mut spans = Vec::new();
    // An item without a bold lead is printed whole, in the body face, like the report.
    if k.lead.is_empty() {
        spans.push(span(&k.text, Role::Body, TEXT, INK));
        return spans;
    }
    spans.push(span(&k.lead, Role::Bold, TEXT, INK));
    if with_text && !k.text.is_empty() {
        let joined = s.language == Language::Ja || k.text.starts_with([':', ';', ',', '.', ')']);
        let sep = if joined { "" } else { " " };
        spans.push(span(&format!("{sep}{}", k.text), Role::Body, TEXT, INK));
    }
    spans
}

/// Lays the page out on a scratch layout: whether it stays on one page, and where it ends.
fn measure(l: &Layout, s: &Summary, plan: &Plan) -> (bool, f32) {
    let mut scratch = Layout::new(l.fonts, std::path::PathBuf::new());
    draw(&mut scratch, s, plan);
    (scratch.pages.len() == 1 && scratch.y <= BOTTOM, scratch.y)
}

fn span(text: &str, role: Role, size: f32, color: crate::pdf::style::Rgb) -> Span {
    let mut st = SpanStyle::new(role, size);
    st.color = color;
    Span {
        text: text.to_string(),
        style: st,
    }
}

/// A paragraph of `spans` at `x`, `width` wide, as a `P`.
fn para(l: &mut Layout, spans: &[Span], x: f32, width: f32, lead: f32, justify: bool) {
    let lines = l.lines(spans, width, justify);
    l.begin(Tag::P);
    l.place_lines(&lines, spans, x, lead);
    l.end();
}

/// A sub-heading of the summary (H3 under the H2 概要), compact.
fn subhead(l: &mut Layout, text: &str) {
    l.y += 7.0;
    let spans = [span(text, Role::Bold, 10.5, ACCENT)];
    let lines = l.lines(&spans, WIDTH, false);
    l.begin(Tag::H(3));
    l.place_lines(&lines, &spans, LEFT, 16.0);
    l.end();
    l.y += 1.0;
}

fn draw(l: &mut Layout, s: &Summary, plan: &Plan) {
    let lb = &s.labels;
    let ja = s.language == Language::Ja;
    heading(l, 2, &lb.heading, ANCHOR, LEFT, WIDTH);
    let status = if ja {
        format!("{}（{}）・{}", s.country_name, s.country, lb.status_line)
    } else {
        format!("{} ({}) · {}", s.country_name, s.country, lb.status_line)
    };
    para(
        l,
        &[span(&status, Role::Sans, SMALL, MUTED)],
        LEFT,
        WIDTH,
        13.0,
        false,
    );

    // Key points.
    if plan.points > 0 {
        subhead(l, &lb.key_points);
        let list = l.begin(Tag::L);
        l.tree.nodes[list].numbering = Some("Disc");
        let indent = TEXT * 1.4;
        for i in 0..plan.points.min(s.key_points.len()) {
            l.begin(Tag::LI);
            l.begin(Tag::Lbl);
            let bullet = [span("•", Role::Sans, TEXT, MUTED)];
            let lines = l.lines(&bullet, indent, false);
            if let Some(first) = lines.first() {
                let top = l.y;
                l.draw_line(first, &bullet, LEFT, top, TEXT_LEAD);
            }
            l.end();
            l.begin(Tag::LBody);
            let spans = point_spans(s, i, plan.text[i]);
            para(l, &spans, LEFT + indent, WIDTH - indent, TEXT_LEAD, true);
            l.end();
            l.end();
            l.y += 1.5;
        }
        l.end();
    }

    // The registration path: the facts, then the route per class.
    subhead(l, &lb.registration);
    let assistive = if !plan.assistive {
        String::new()
    } else if plan.assistive_lead {
        first_sentence(&s.assistive_products, ja)
    } else {
        s.assistive_products.clone()
    };
    let facts = [
        (&lb.regulator, &s.regulator),
        (&lb.local_representative, &s.local_representative),
        (&lb.review_time, &s.review_time),
        (&lb.validity, &s.validity),
        (&lb.assistive_products, &assistive),
    ];
    let facts: Vec<(String, String)> = facts
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let routes: Vec<(String, String)> = s
        .routes
        .iter()
        .map(|r| (r.class.clone(), r.route.clone()))
        .collect();
    // One label column for both tables, as wide as the longest label, so they align.
    let label_w = facts
        .iter()
        .map(|(k, _)| k)
        .chain(routes.iter().map(|(c, _)| c))
        .chain([&lb.class])
        .map(|k| width_of(l, &[span(k, Role::Bold, SMALL, INK)]))
        .fold(0.0, f32::max)
        .min(WIDTH * 0.35);
    grid(l, None, &facts, label_w);
    l.y += 5.0;
    if !routes.is_empty() {
        grid(l, Some([&lb.class, &lb.route]), &routes, label_w);
    }

    // Indicators: label, value with year, rank, strip.
    if !s.indicators.is_empty() {
        subhead(l, &lb.indicators);
        indicators(l, s);
    }

    if plan.caveat
        && let Some(c) = &s.first_caveat
    {
        subhead(l, &lb.caveat);
        // A caveat that opens with a short sentence (the report's bold lead) keeps it bold.
        let stop = [if ja { "。" } else { ". " }, ": "]
            .into_iter()
            .filter_map(|p| c.find(p).map(|at| (at, p)))
            .min();
        let split = stop.map(|(at, p)| (&c[..at], p.trim(), &c[at + p.len()..]));
        let spans = match split {
            Some((lead, stop, rest)) if lead.chars().count() <= 60 && !rest.trim().is_empty() => {
                let mut spans = vec![span(&format!("{lead}{stop}"), Role::Bold, TEXT, INK)];
                if !plan.caveat_lead {
                    let sep = if ja { "" } else { " " };
                    spans.push(span(
                        &format!("{sep}{}", rest.trim_start()),
                        Role::Body,
                        TEXT,
                        INK,
                    ));
                }
                spans
            }
            _ => vec![span(c, Role::Body, TEXT, INK)],
        };
        para(l, &spans, LEFT, WIDTH, TEXT_LEAD, true);
    }
}

/// Width of a one-line text.
fn width_of(l: &mut Layout, spans: &[Span]) -> f32 {
    l.lines(spans, f32::INFINITY, false)
        .first()
        .map_or(0.0, |ln| ln.width)
}

/// The indicators as a table: a header row, then per indicator its label, value and year,
/// rank among the compared countries, and the strip (a Figure) in the last cell.
fn indicators(l: &mut Layout, s: &Summary) {
    let ja = s.language == Language::Ja;
    let (h_label, h_value, h_rank, h_chart) = if ja {
        ("指標", "値（年）", "順位", "比較（濃い線が当該国）")
    } else {
        ("Indicator", "Value (year)", "Rank", "Compared")
    };
    let rows: Vec<[String; 3]> = s
        .indicators
        .iter()
        .map(|i| {
            let value = match (&i.value, i.year) {
                (Some(v), Some(y)) if ja => format!("{v}（{y}年）"),
                (Some(v), Some(y)) => format!("{v} ({y})"),
                (Some(v), None) => v.clone(),
                (None, _) => {
                    let unverified = i.note.as_deref().is_some_and(|n| n.contains("要確認"));
                    match (ja, unverified) {
                        (true, true) => "—（要確認）".to_string(),
                        (false, true) => "— (to verify)".to_string(),
                        _ => "—".to_string(),
                    }
                }
            };
            let rank = match (i.rank, ja) {
                (Some((r, n)), true) => format!("{}の{n}か国中{r}位", group_short(&i.group)),
                (Some((r, n)), false) => format!("{r} of {n} ({})", i.group),
                (None, _) => String::new(),
            };
            [i.label.clone(), value, rank]
        })
        .collect();
    let pad = 4.0;
    let mut widths = [0.0f32; 3];
    for (c, h) in [h_label, h_value, h_rank].iter().enumerate() {
        widths[c] = width_of(l, &[span(h, Role::Bold, SMALL, ACCENT)]);
    }
    for r in &rows {
        for c in 0..3 {
            let role = if c == 1 { Role::Bold } else { Role::Sans };
            widths[c] = widths[c].max(width_of(l, &[span(&r[c], role, SMALL, INK)]));
        }
    }
    let xs = [
        LEFT + pad,
        LEFT + widths[0] + 3.0 * pad,
        LEFT + widths[0] + widths[1] + 5.0 * pad,
    ];
    let chart_x = xs[2] + widths[2] + 2.0 * pad;
    let chart_w = (LEFT + WIDTH - pad - chart_x).max(40.0);

    let table = l.begin(Tag::Table);
    // Header row.
    let top = l.y;
    l.page().back.push(super::Item::Rect {
        x: LEFT,
        y: top,
        w: WIDTH,
        h: ROW,
        fill: Some(HEAD_FILL),
        stroke: None,
    });
    l.rule(LEFT, top, WIDTH, ACCENT, 0.8);
    l.begin(Tag::THead);
    l.begin(Tag::TR);
    for (text, x) in [h_label, h_value, h_rank, h_chart]
        .iter()
        .zip([xs[0], xs[1], xs[2], chart_x])
    {
        let cell = l.begin(Tag::TH);
        l.tree.nodes[cell].scope_column = true;
        let spans = [span(text, Role::Bold, SMALL, ACCENT)];
        let lines = l.lines(&spans, f32::INFINITY, false);
        if let Some(line) = lines.first() {
            l.draw_line(line, &spans, x, top, ROW);
        }
        l.end();
    }
    l.end();
    l.end();
    l.y += ROW;
    l.rule(LEFT, l.y, WIDTH, ACCENT, 0.6);
    let body = l.tree.add(Tag::TBody, table);
    l.enter(body);
    for (i, r) in s.indicators.iter().zip(&rows) {
        let top = l.y;
        l.begin(Tag::TR);
        for c in 0..3 {
            l.begin(Tag::TD);
            let role = if c == 1 { Role::Bold } else { Role::Sans };
            let color = if c == 2 { MUTED } else { INK };
            let spans = [span(&r[c], role, SMALL, color)];
            if !r[c].is_empty() {
                let lines = l.lines(&spans, f32::INFINITY, false);
                if let Some(line) = lines.first() {
                    l.draw_line(line, &spans, xs[c], top, ROW);
                }
            }
            l.end();
        }
        l.begin(Tag::TD);
        if let Some(chart) = &i.chart {
            let d = crate::chart::strip(chart, chart_w, STRIP_H);
            super::chart::figure(l, &d, chart_x, top + (ROW - STRIP_H) / 2.0);
        }
        l.end();
        l.end();
        l.y += ROW;
        l.rule(LEFT, l.y, WIDTH, RULE, 0.4);
    }
    l.end();
    l.end();
    l.y += 4.0;
    // What the ranks are against, when it is not the region (a region of two ranks nothing).
    for note in crate::summary::group_notes(s) {
        l.begin(Tag::P);
        let spans = [span(note, Role::Sans, SMALL, MUTED)];
        for line in l.lines(&spans, WIDTH, true) {
            l.draw_line(&line, &spans, LEFT, l.y, SMALL * 1.5);
            l.y += SMALL * 1.5;
        }
        l.end();
    }
}

/// The text up to and with its first full stop (`。`, or `. ` in English), else all of it.
fn first_sentence(text: &str, ja: bool) -> String {
    let stop = if ja { "。" } else { ". " };
    match text.find(stop) {
        Some(at) if !text[at + stop.len()..].trim().is_empty() => {
            text[..at + stop.trim_end().len()].to_string()
        }
        _ => text.to_string(),
    }
}

/// `ライブラリ全体` → `全体` so the rank fits its column; a region stays as it is.
fn group_short(group: &str) -> &str {
    if group == "ライブラリ全体" {
        "全体"
    } else {
        group
    }
}

/// A two-column table: a label column `label_w` wide and a text column that wraps. With
/// `head`, a header row of column headers and the labels as data; without, the labels head
/// their rows.
fn grid(l: &mut Layout, head: Option<[&str; 2]>, rows: &[(String, String)], label_w: f32) {
    let pad = 4.0;
    let lead = SMALL * 1.45;
    let text_x = LEFT + label_w + 3.0 * pad;
    let text_w = LEFT + WIDTH - pad - text_x;
    let table = l.begin(Tag::Table);
    if let Some([a, b]) = head {
        let top = l.y;
        let h = lead + 2.0 * 2.5;
        l.page().back.push(super::Item::Rect {
            x: LEFT,
            y: top,
            w: WIDTH,
            h,
            fill: Some(HEAD_FILL),
            stroke: None,
        });
        l.rule(LEFT, top, WIDTH, ACCENT, 0.8);
        l.begin(Tag::THead);
        l.begin(Tag::TR);
        for (t, x) in [(a, LEFT + pad), (b, text_x)] {
            let cell = l.begin(Tag::TH);
            l.tree.nodes[cell].scope_column = true;
            let spans = [span(t, Role::Bold, SMALL, ACCENT)];
            if let Some(line) = l.lines(&spans, f32::INFINITY, false).first() {
                l.draw_line(line, &spans, x, top + 2.5, lead);
            }
            l.end();
        }
        l.end();
        l.end();
        l.y += h;
        l.rule(LEFT, l.y, WIDTH, ACCENT, 0.6);
    } else {
        l.rule(LEFT, l.y, WIDTH, RULE, 0.4);
    }
    let body = l.tree.add(Tag::TBody, table);
    l.enter(body);
    for (k, v) in rows {
        let top = l.y;
        l.begin(Tag::TR);
        l.begin(if head.is_some() { Tag::TD } else { Tag::TH });
        let label_spans = [span(k, Role::Bold, SMALL, INK)];
        let label_lines = l.lines(&label_spans, label_w, false);
        let mut y = top + 2.5;
        for line in &label_lines {
            l.draw_line(line, &label_spans, LEFT + pad, y, lead);
            y += lead;
        }
        l.end();
        l.begin(Tag::TD);
        let spans = [span(v, Role::Sans, SMALL, INK)];
        let lines = l.lines(&spans, text_w, false);
        let mut ty = top + 2.5;
        for line in &lines {
            l.draw_line(line, &spans, text_x, ty, lead);
            ty += lead;
        }
        l.end();
        l.end();
        l.y = y.max(ty) + 2.5;
        l.rule(LEFT, l.y, WIDTH, RULE, 0.4);
    }
    l.end();
    l.end();
}
