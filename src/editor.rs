//! The answer editor: multi-line text with a cursor, word wrap, undo and redo.
//!
//! The text is a list of paragraphs; the cursor is a paragraph and a byte offset that always
//! sits on a grapheme-cluster boundary, so Backspace removes what a person sees as one
//! character (an emoji with joiners, a letter with its accents). Vertical movement and the
//! scroll position work on wrapped rows, and only the paragraphs on screen are wrapped, so a
//! keystroke costs the same in a short answer and a 50 KB one. No terminal types here: the
//! view draws it from [`Editor::visible_rows`] and [`Editor::cursor_xy`].

pub mod wrap;

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Undo steps kept per answer.
const UNDO_LIMIT: usize = 200;

/// One undo step: the text between `start` and `start + new.len()` (bytes of the whole
/// answer, paragraphs joined by `\n`) was `old` and became `new`. An edit holds what changed,
/// never a copy of the answer, so a long answer's undo history costs what was typed.
#[derive(Debug, Clone, PartialEq)]
struct Edit {
    start: usize,
    old: String,
    new: String,
    /// The cursor before and after, as (paragraph, byte offset).
    before: (usize, usize),
    after: (usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Typing,
    Deleting,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Editor {
    lines: Vec<String>,
    row: usize,
    col: usize,
    /// The display column vertical moves aim for, kept across short lines.
    goal_x: Option<usize>,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// The text as it was at the last undo step, and the cursor then: the next step is
    /// what changed since. One copy of the answer, however long the history.
    base: String,
    base_cursor: (usize, usize),
    group: Option<Group>,
    /// The first visible wrapped row: (paragraph, row within it).
    top: (usize, usize),
    /// Bumped on every change of text, so callers can tell when to copy it out.
    revision: u64,
}

impl Default for Editor {
    fn default() -> Self {
        Editor::new("")
    }
}

impl Editor {
    pub fn new(text: &str) -> Self {
        let text = clean(text);
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let row = lines.len() - 1;
        let col = lines[row].len();
        Editor {
            lines,
            row,
            col,
            goal_x: None,
            undo: Vec::new(),
            redo: Vec::new(),
            base: text,
            base_cursor: (row, col),
            group: None,
            top: (0, 0),
            revision: 0,
        }
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.lines.len() == 1 && self.lines[0].is_empty()
    }

    pub fn len_bytes(&self) -> usize {
        self.lines.iter().map(|l| l.len() + 1).sum::<usize>() - 1
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The cursor as (paragraph, byte offset).
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    /// Replace the whole text as one undoable edit (the cursor goes to the end).
    pub fn set_text(&mut self, text: &str) {
        self.checkpoint(None);
        self.lines = clean(text).split('\n').map(str::to_string).collect();
        self.row = self.lines.len() - 1;
        self.col = self.lines[self.row].len();
        self.changed();
    }

    // ----- editing -----------------------------------------------------------------------

    /// Insert typed or pasted text at the cursor. Line endings are normalised and control
    /// characters become visible placeholders; a paste is one undo step.
    pub fn insert(&mut self, text: &str) {
        let text = clean(text);
        if text.is_empty() {
            return;
        }
        let single = text.graphemes(true).count() == 1;
        let starts_word = single && !text.chars().all(char::is_whitespace);
        let prev_space = self.lines[self.row][..self.col]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        // A typed run is one undo step until a new word starts; a paste is always its own.
        if !single || self.group != Some(Group::Typing) || (starts_word && prev_space) {
            self.checkpoint(Some(Group::Typing));
        }
        if !single {
            self.group = None;
        }
        let tail = self.lines[self.row].split_off(self.col);
        let mut parts = text.split('\n');
        if let Some(first) = parts.next() {
            self.lines[self.row].push_str(first);
        }
        for part in parts {
            self.row += 1;
            self.lines.insert(self.row, part.to_string());
        }
        self.col = self.lines[self.row].len();
        self.lines[self.row].push_str(&tail);
        self.changed();
    }

    pub fn new_line(&mut self) {
        self.checkpoint(None);
        self.insert("\n");
        self.group = None;
    }

    pub fn delete_back(&mut self) {
        if self.col == 0 && self.row == 0 {
            return;
        }
        self.begin_delete();
        if self.col == 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.lines[self.row].len();
            self.lines[self.row].push_str(&line);
        } else {
            let start = self.prev_boundary();
            self.lines[self.row].replace_range(start..self.col, "");
            self.col = start;
        }
        self.changed();
    }

    pub fn delete_forward(&mut self) {
        let len = self.lines[self.row].len();
        if self.col == len && self.row + 1 == self.lines.len() {
            return;
        }
        self.begin_delete();
        if self.col == len {
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
        } else {
            let end = self.next_boundary();
            self.lines[self.row].replace_range(self.col..end, "");
        }
        self.changed();
    }

    pub fn delete_word_back(&mut self) {
        if self.col == 0 {
            self.delete_back();
            return;
        }
        self.checkpoint(None);
        let start = word_start_before(&self.lines[self.row], self.col);
        self.lines[self.row].replace_range(start..self.col, "");
        self.col = start;
        self.changed();
    }

    /// Bytes the undo and redo history holds (for the memory budget's test).
    #[doc(hidden)]
    pub fn history_bytes(&self) -> usize {
        self.undo
            .iter()
            .chain(&self.redo)
            .map(|e| e.old.len() + e.new.len())
            .sum()
    }

    pub fn undo(&mut self) {
        self.seal();
        if let Some(edit) = self.undo.pop() {
            let mut text = std::mem::take(&mut self.base);
            text.replace_range(edit.start..edit.start + edit.new.len(), &edit.old);
            self.restore(text, edit.before);
            self.redo.push(edit);
        }
    }

    pub fn redo(&mut self) {
        self.seal();
        if let Some(edit) = self.redo.pop() {
            let mut text = std::mem::take(&mut self.base);
            text.replace_range(edit.start..edit.start + edit.old.len(), &edit.new);
            self.restore(text, edit.after);
            self.undo.push(edit);
        }
    }

    fn begin_delete(&mut self) {
        if self.group != Some(Group::Deleting) {
            self.checkpoint(Some(Group::Deleting));
        }
    }

    /// Start a new undo step: what changed since the last one becomes one edit.
    fn checkpoint(&mut self, group: Option<Group>) {
        self.seal();
        self.group = group;
    }

    /// Record what changed since the last undo step (if anything) as one edit: the
    /// differing middle between the common start and the common end of the two texts.
    fn seal(&mut self) {
        let now = self.text();
        if now == self.base {
            self.base_cursor = (self.row, self.col);
            return;
        }
        let (old, new) = (self.base.as_bytes(), now.as_bytes());
        let mut start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let max_tail = old.len().min(new.len()) - start;
        let mut tail = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(max_tail)
            .take_while(|(a, b)| a == b)
            .count();
        // Cut on character boundaries in both texts.
        while !self.base.is_char_boundary(start) || !now.is_char_boundary(start) {
            start -= 1;
        }
        while !self.base.is_char_boundary(old.len() - tail)
            || !now.is_char_boundary(new.len() - tail)
        {
            tail -= 1;
        }
        self.undo.push(Edit {
            start,
            old: self.base[start..old.len() - tail].to_string(),
            new: now[start..new.len() - tail].to_string(),
            before: self.base_cursor,
            after: (self.row, self.col),
        });
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.base = now;
        self.base_cursor = (self.row, self.col);
    }

    fn restore(&mut self, text: String, cursor: (usize, usize)) {
        self.lines = text.split('\n').map(str::to_string).collect();
        self.base = text;
        self.row = cursor.0.min(self.lines.len() - 1);
        self.col = cursor.1.min(self.lines[self.row].len());
        while !self.lines[self.row].is_char_boundary(self.col) {
            self.col -= 1;
        }
        self.base_cursor = (self.row, self.col);
        self.group = None;
        self.changed();
    }

    fn changed(&mut self) {
        self.goal_x = None;
        self.revision += 1;
    }

    // ----- movement ----------------------------------------------------------------------

    fn moved(&mut self) {
        self.group = None;
    }

    pub fn left(&mut self) {
        if self.col > 0 {
            self.col = self.prev_boundary();
        } else if self.row > 0 {
            self.row -= 1;
            self.col = self.lines[self.row].len();
        }
        self.goal_x = None;
        self.moved();
    }

    pub fn right(&mut self) {
        if self.col < self.lines[self.row].len() {
            self.col = self.next_boundary();
        } else if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = 0;
        }
        self.goal_x = None;
        self.moved();
    }

    pub fn word_left(&mut self) {
        if self.col == 0 {
            self.left();
            return;
        }
        self.col = word_start_before(&self.lines[self.row], self.col);
        self.goal_x = None;
        self.moved();
    }

    pub fn word_right(&mut self) {
        let line = &self.lines[self.row];
        if self.col == line.len() {
            self.right();
            return;
        }
        self.col = line
            .split_word_bound_indices()
            .map(|(i, w)| (i + w.len(), w))
            .find(|&(end, w)| end > self.col && w.chars().any(char::is_alphanumeric))
            .map_or(line.len(), |(end, _)| end);
        self.goal_x = None;
        self.moved();
    }

    pub fn text_start(&mut self) {
        (self.row, self.col) = (0, 0);
        self.goal_x = None;
        self.moved();
    }

    pub fn text_end(&mut self) {
        self.row = self.lines.len() - 1;
        self.col = self.lines[self.row].len();
        self.goal_x = None;
        self.moved();
    }

    /// Start of the wrapped row the cursor is on.
    pub fn line_start(&mut self, width: usize) {
        let rows = wrap::wrap(&self.lines[self.row], width);
        let (i, _) = wrap::locate(&self.lines[self.row], &rows, self.col);
        self.col = rows[i].start;
        self.goal_x = None;
        self.moved();
    }

    /// End of the wrapped row the cursor is on (before the break, on a row that wraps).
    pub fn line_end(&mut self, width: usize) {
        let line = &self.lines[self.row];
        let rows = wrap::wrap(line, width);
        let (i, _) = wrap::locate(line, &rows, self.col);
        self.col = if i + 1 == rows.len() {
            line.len()
        } else {
            line[rows[i].clone()]
                .grapheme_indices(true)
                .next_back()
                .map_or(rows[i].start, |(j, _)| rows[i].start + j)
        };
        self.goal_x = None;
        self.moved();
    }

    /// Move `delta` wrapped rows up (negative) or down, keeping the goal column.
    pub fn vertical(&mut self, delta: isize, width: usize) {
        let rows = wrap::wrap(&self.lines[self.row], width);
        let (mut sub, x) = wrap::locate(&self.lines[self.row], &rows, self.col);
        let goal = *self.goal_x.get_or_insert(x);
        let mut rows = rows;
        let mut steps = delta.unsigned_abs();
        while steps > 0 {
            if delta < 0 {
                if sub > 0 {
                    sub -= 1;
                } else if self.row > 0 {
                    self.row -= 1;
                    rows = wrap::wrap(&self.lines[self.row], width);
                    sub = rows.len() - 1;
                } else {
                    self.col = 0;
                    self.moved();
                    return;
                }
            } else if sub + 1 < rows.len() {
                sub += 1;
            } else if self.row + 1 < self.lines.len() {
                self.row += 1;
                rows = wrap::wrap(&self.lines[self.row], width);
                sub = 0;
            } else {
                self.col = self.lines[self.row].len();
                self.moved();
                return;
            }
            steps -= 1;
        }
        let line = &self.lines[self.row];
        let mut col = wrap::offset_at(line, &rows[sub], goal);
        // Landing exactly on a row's end would show the cursor on the next row.
        if col == rows[sub].end && sub + 1 < rows.len() {
            col = line[rows[sub].clone()]
                .grapheme_indices(true)
                .next_back()
                .map_or(rows[sub].start, |(j, _)| rows[sub].start + j);
        }
        self.col = col;
        self.moved();
    }

    fn prev_boundary(&self) -> usize {
        self.lines[self.row][..self.col]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.lines[self.row][self.col..]
            .graphemes(true)
            .next()
            .map_or(self.col, |g| self.col + g.len())
    }

    // ----- viewport ----------------------------------------------------------------------

    /// Scroll so that the cursor is inside a `width` x `height` viewport. Only the paragraphs
    /// between the old top and the cursor are wrapped.
    pub fn scroll_to_cursor(&mut self, width: usize, height: usize) {
        let height = height.max(1);
        let (top_para, mut top_sub) = self.top;
        let top_para = top_para.min(self.lines.len() - 1);
        let cur_rows = wrap::wrap(&self.lines[self.row], width);
        let (cur_sub, _) = wrap::locate(&self.lines[self.row], &cur_rows, self.col);
        if top_para == self.row {
            top_sub = top_sub.min(cur_rows.len() - 1);
        }
        if (self.row, cur_sub) < (top_para, top_sub) {
            self.top = (self.row, cur_sub);
            return;
        }
        // Count rows from the top to the cursor, giving up once past the viewport.
        let mut count = 0;
        let mut para = top_para;
        let mut fits = true;
        while para <= self.row {
            let rows_here = if para == self.row {
                cur_sub + 1
            } else {
                wrap::wrap(&self.lines[para], width).len()
            };
            let skip = if para == top_para { top_sub } else { 0 };
            count += rows_here.saturating_sub(skip);
            if count > height {
                fits = false;
                break;
            }
            para += 1;
        }
        if fits {
            self.top = (top_para, top_sub);
            return;
        }
        // Put the cursor on the last visible row: walk back `height - 1` rows from it.
        let (mut para, mut sub) = (self.row, cur_sub);
        let mut left = height - 1;
        while left > 0 {
            if sub >= left {
                sub -= left;
                break;
            }
            left -= sub + 1;
            if para == 0 {
                sub = 0;
                break;
            }
            para -= 1;
            sub = wrap::wrap(&self.lines[para], width).len() - 1;
            if left == 0 {
                break;
            }
        }
        self.top = (para, sub);
    }

    /// Whether there is text above the viewport `width` x `height`, and below it.
    pub fn more(&self, width: usize, height: usize) -> (bool, bool) {
        let above = self.top != (0, 0) && self.top.0 < self.lines.len();
        let below = self.visible_rows(width, height + 1).len() > height;
        (above, below)
    }

    /// The rows to draw from the scroll position: (paragraph, byte range), at most `height`.
    pub fn visible_rows(&self, width: usize, height: usize) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::with_capacity(height);
        let (mut para, mut skip) = self.top;
        if para >= self.lines.len() {
            (para, skip) = (0, 0);
        }
        while out.len() < height && para < self.lines.len() {
            for r in wrap::wrap(&self.lines[para], width).into_iter().skip(skip) {
                if out.len() == height {
                    break;
                }
                out.push((para, r));
            }
            skip = 0;
            para += 1;
        }
        out
    }

    /// Where the cursor is drawn within the viewport, if it is inside it.
    pub fn cursor_xy(&self, width: usize, height: usize) -> Option<(usize, usize)> {
        let rows = self.visible_rows(width, height);
        let line = &self.lines[self.row];
        let wrapped = wrap::wrap(line, width);
        let (sub, x) = wrap::locate(line, &wrapped, self.col);
        let target = &wrapped[sub];
        let y = rows
            .iter()
            .position(|(p, r)| *p == self.row && r.start == target.start)?;
        Some((x.min(width.saturating_sub(1)), y))
    }
}

/// The start of the word before byte `col` (skipping spaces and punctuation first).
fn word_start_before(line: &str, col: usize) -> usize {
    line[..col]
        .split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, _)| i)
        .next_back()
        .unwrap_or(0)
}

pub use crate::text::clean;
