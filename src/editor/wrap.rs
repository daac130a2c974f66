//! Word wrapping of one paragraph into visual rows, by grapheme cluster and display width.
//!
//! Rows are byte ranges into the paragraph, so the cursor (a byte offset) maps straight to a
//! row and a column. Whitespace may hang past the right edge instead of starting a row with a
//! space (the renderer clips it); a word longer than the row is broken where it must be.

use std::borrow::Cow;
use std::ops::Range;

pub use crate::text::{grapheme_width, is_control, placeholder, width as str_width};
use unicode_segmentation::UnicodeSegmentation;

/// How a grapheme is drawn: control characters (which a terminal would act on) become visible
/// placeholders; everything else is itself.
pub fn visible(g: &str) -> Cow<'_, str> {
    if !g.chars().any(is_control) {
        return Cow::Borrowed(g);
    }
    Cow::Owned(g.chars().map(placeholder).collect())
}

/// The visual rows of `line` at `width` columns; always at least one (an empty row).
pub fn wrap(line: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut start = 0;
    let mut used = 0;
    // Byte offset just after the last whitespace in the current row: a place to break.
    let mut brk: Option<(usize, usize)> = None;
    for (i, g) in line.grapheme_indices(true) {
        let w = grapheme_width(g);
        let space = g.chars().all(char::is_whitespace);
        if !space && used + w > width && used > 0 {
            if let Some((at, used_before)) = brk.filter(|&(at, _)| at > start) {
                rows.push(start..at);
                start = at;
                used -= used_before;
            }
            // What is left of the word may still not fit beside this grapheme (a wide one).
            if used > 0 && used + w > width {
                rows.push(start..i);
                start = i;
                used = 0;
            }
            brk = None;
        }
        used += w;
        if space {
            brk = Some((i + g.len(), used));
        }
    }
    rows.push(start..line.len());
    rows
}

/// Which row of `rows` holds byte offset `col`, and the display column within it. An offset at
/// a row boundary belongs to the start of the next row.
pub fn locate(line: &str, rows: &[Range<usize>], col: usize) -> (usize, usize) {
    let index = rows
        .iter()
        .position(|r| col < r.end || (col == r.end && r.end == line.len()))
        .unwrap_or(rows.len().saturating_sub(1));
    let start = rows.get(index).map_or(0, |r| r.start);
    (index, str_width(&line[start..col.max(start)]))
}

/// The byte offset in `line[row]` closest to display column `x` (never inside a grapheme).
pub fn offset_at(line: &str, row: &Range<usize>, x: usize) -> usize {
    let mut used = 0;
    for (i, g) in line[row.clone()].grapheme_indices(true) {
        let w = grapheme_width(g);
        if used + w > x {
            return row.start + i;
        }
        used += w;
    }
    row.end
}
