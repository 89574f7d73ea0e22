//! Byte offsets → file lines and character columns.

use crate::problem::Location;
use std::cell::Cell;

/// Maps byte offsets in the body to file lines and character columns.
pub(super) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: usize,
    /// The last offset asked for in [`LineIndex::at`] and its column, so that walking forward
    /// along one long line counts each character once: without it, a 2 MB single-line body
    /// of `[` costs a count from the line start per parser event (minutes, quadratic).
    last: Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            first_line,
            last: Cell::new((0, 1)),
        }
    }

    fn line_index(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// The file line of `offset`.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.first_line + self.line_index(offset)
    }

    /// The file line and character column of `offset`.
    pub(super) fn at(&self, offset: usize) -> Location {
        let idx = self.line_index(offset);
        let start = self.starts.get(idx).copied().unwrap_or(0);
        let (last_offset, last_column) = self.last.get();
        // Continue from the last position when it is on the same line and not past `offset`.
        let (from, base) = if last_offset >= start && last_offset <= offset {
            (last_offset, last_column)
        } else {
            (start, 1)
        };
        let column = self
            .text
            .get(from..offset)
            .map_or(1, |s| base + s.chars().count());
        self.last.set((offset, column));
        Location::new(self.first_line + idx, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_forwards_and_backwards() {
        let index = LineIndex::new("あいう\nabc\n", 10);
        assert_eq!(index.at(3), Location::new(10, 2));
        assert_eq!(index.at(9), Location::new(10, 4));
        assert_eq!(index.at(0), Location::new(10, 1));
        assert_eq!(index.at(11), Location::new(11, 2));
        assert_eq!(index.at(6), Location::new(10, 3));
        assert_eq!(index.line(13), 11);
        assert_eq!(index.line(14), 12);
    }
}
