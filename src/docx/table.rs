//! Tables as Word tables: a header row marked `w:tblHeader` (Word and LibreOffice repeat it
//! on every page the table continues on), fixed column widths from the content (each column at
//! least its longest word, the rest shared by how much text each holds, as in the PDF), thin
//! rules and the PDF's header shading. Word allows at most 63 columns: a wider table is split
//! into tables of 63 columns side by side in reading order, with a warning.

use super::inline::is_wide;
use super::writer::{RunStyle, Writer};
use super::xml::hex;
use crate::doc::{Align, Inline, inline_text};
use crate::pdf::style;

/// Word's limit on columns in a table.
pub const MAX_COLUMNS: usize = 63;

/// Cell padding on each side, in twips.
const PAD: u32 = 80;
/// Table text size in points (as the PDF's tables).
const SIZE: f32 = 9.0;

/// The text width in twips.
pub fn text_width() -> u32 {
    ((style::PAGE_W - 2.0 * style::MARGIN_X) * 20.0) as u32
}

/// (Narrowest, widest) width of a cell's text in points: its longest unbreakable piece, and
/// all of it on one line. Wide characters are one em, others about half; Japanese text can
/// break between any two characters, Latin text at spaces.
fn cell_widths(text: &str) -> (f32, f32) {
    let (mut total, mut word, mut longest) = (0.0f32, 0.0f32, 0.0f32);
    for c in text.chars() {
        let w = if is_wide(c) { 1.0 } else { 0.55 };
        total += w;
        if c.is_whitespace() || is_wide(c) {
            longest = longest.max(word);
            word = if is_wide(c) { w } else { 0.0 };
        } else {
            word += w;
        }
    }
    (longest.max(word) * SIZE, total * SIZE)
}

/// Shares `avail` between columns that want between `min` and `max`.
fn column_widths(min: &[f32], max: &[f32], avail: f32) -> Vec<f32> {
    let sum_min: f32 = min.iter().sum();
    let sum_max: f32 = max.iter().sum();
    if sum_max <= avail && sum_max > 0.0 {
        // Everything fits on one line: widen in proportion to the text.
        return max.iter().map(|m| m / sum_max * avail).collect();
    }
    if sum_min >= avail || sum_max <= sum_min {
        let total = sum_min.max(f32::EPSILON);
        return min.iter().map(|m| m / total * avail).collect();
    }
    let spare = avail - sum_min;
    min.iter()
        .zip(max)
        .map(|(lo, hi)| lo + (hi - lo) / (sum_max - sum_min) * spare)
        .collect()
}

/// Writes a table (`head` may be empty), indented by `indent` twips.
pub fn table(
    w: &mut Writer,
    align: &[Align],
    head: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    indent: u32,
    line: usize,
) {
    let ncols = rows.iter().map(Vec::len).chain([head.len()]).max().unwrap_or(0);
    if ncols == 0 {
        return;
    }
    if ncols > MAX_COLUMNS {
        w.warnings.push(format!(
            "line {line}: a table of {ncols} columns is split into tables of {MAX_COLUMNS} columns (Word allows no more)"
        ));
    }
    let mut first = 0;
    while first < ncols {
        let last = (first + MAX_COLUMNS).min(ncols);
        let slice = |cells: &[Vec<Inline>]| -> Vec<Vec<Inline>> {
            (first..last)
                .map(|c| cells.get(c).cloned().unwrap_or_default())
                .collect()
        };
        let head: Vec<Vec<Inline>> = if head.is_empty() { Vec::new() } else { slice(head) };
        let rows: Vec<Vec<Vec<Inline>>> = rows.iter().map(|r| slice(r)).collect();
        let align: Vec<Align> = (first..last)
            .map(|c| align.get(c).copied().unwrap_or(Align::None))
            .collect();
        if first > 0 {
            // Word joins two adjacent tables into one: keep a paragraph between them.
            w.out
                .push_str("<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>");
        }
        one_table(w, &align, &head, &rows, indent);
        first = last;
    }
    // A paragraph after the table keeps it apart from a following one and gives the space
    // the PDF leaves below a table.
    w.out
        .push_str("<w:p><w:pPr><w:pStyle w:val=\"AfterTable\"/></w:pPr></w:p>");
}

fn one_table(w: &mut Writer, align: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>], indent: u32) {
    let ncols = align.len();
    let mut min = vec![SIZE; ncols];
    let mut max = vec![SIZE; ncols];
    for row in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
        for (c, cell) in row.iter().enumerate() {
            let (lo, hi) = cell_widths(&inline_text(cell));
            min[c] = min[c].max(lo);
            max[c] = max[c].max(hi);
        }
    }
    let total = text_width().saturating_sub(indent);
    let pad_pt = (2 * PAD) as f32 / 20.0;
    let avail = (total as f32 / 20.0 - pad_pt * ncols as f32).max(ncols as f32);
    let widths: Vec<u32> = column_widths(&min, &max, avail)
        .iter()
        .map(|w| ((w + pad_pt) * 20.0).round().max(1.0) as u32)
        .collect();
    let rule = hex(style::RULE);
    let border =
        |side: &str| format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{rule}\"/>");
    let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|s| border(s))
        .collect();
    let table_w: u32 = widths.iter().sum();
    let ind = if indent > 0 {
        format!("<w:tblInd w:w=\"{indent}\" w:type=\"dxa\"/>")
    } else {
        String::new()
    };
    w.out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{table_w}\" w:type=\"dxa\"/>{ind}<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"{PAD}\" w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"{PAD}\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0020\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
    ));
    for width in &widths {
        w.out.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
    }
    w.out.push_str("</w:tblGrid>");
    if !head.is_empty() {
        row(w, head, &widths, align, true);
    }
    for r in rows {
        row(w, r, &widths, align, false);
    }
    w.out.push_str("</w:tbl>");
}

fn row(w: &mut Writer, cells: &[Vec<Inline>], widths: &[u32], align: &[Align], header: bool) {
    w.out.push_str("<w:tr>");
    if header {
        w.out.push_str("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    }
    let fill = hex(style::HEAD_FILL);
    for (c, cell) in cells.iter().enumerate() {
        let shd = if header {
            format!("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>")
        } else {
            String::new()
        };
        w.out.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{shd}</w:tcPr>",
            widths[c]
        ));
        let jc = match align.get(c) {
            Some(Align::Center) => "<w:jc w:val=\"center\"/>",
            Some(Align::Right) => "<w:jc w:val=\"right\"/>",
            _ => "",
        };
        let style = if header { "TableHeading" } else { "TableText" };
        w.out
            .push_str(&format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{jc}</w:pPr>"));
        w.inlines(cell, &RunStyle::default());
        w.out.push_str("</w:p></w:tc>");
    }
    w.out.push_str("</w:tr>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_content_and_fill_the_text_width() {
        let w = column_widths(&[10.0, 10.0], &[20.0, 60.0], 400.0);
        assert!(
            (w[0] - 100.0).abs() < 0.01 && (w[1] - 300.0).abs() < 0.01,
            "{w:?}"
        );
        let w = column_widths(&[50.0, 50.0], &[100.0, 500.0], 200.0);
        assert!(
            w[0] >= 50.0 && w[1] > w[0] && (w.iter().sum::<f32>() - 200.0).abs() < 0.01,
            "{w:?}"
        );
        let (lo, hi) = cell_widths("薬事 approval");
        assert!((lo - 8.0 * 0.55 * SIZE).abs() < 0.01 && hi > lo, "{lo} {hi}");
    }
}
