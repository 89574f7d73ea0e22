//! Byte offsets → file lines and character columns.

use crate::problem::Location;

/// Maps byte offsets in the body to file lines and character columns.
pub(super) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: usize,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            first_line,
        }
    }

    pub(super) fn at(&self, offset: usize) -> Location {
        let idx = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[idx];
        let column = self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        Location::new(self.first_line + idx, column)
    }
}
