//! The answer editor: graphemes, wrapping, word motion, undo, paste, scrolling.

use leverage::editor::{Editor, clean, wrap};

fn typed(text: &str) -> Editor {
    let mut e = Editor::default();
    for c in text.chars() {
        e.insert(&c.to_string());
    }
    e
}

#[test]
fn backspace_removes_one_grapheme_cluster() {
    let mut e = typed("a👩‍👩‍👧e\u{301}");
    e.delete_back();
    assert_eq!(e.text(), "a👩‍👩‍👧");
    e.delete_back();
    assert_eq!(e.text(), "a");
}

#[test]
fn delete_forward_removes_one_cluster_and_joins_lines() {
    let mut e = Editor::new("🇳🇿x\ny");
    e.text_start();
    e.delete_forward();
    assert_eq!(e.text(), "x\ny");
    e.right();
    e.delete_forward();
    assert_eq!(e.text(), "xy");
}

#[test]
fn arrows_cross_line_ends_and_stay_on_boundaries() {
    let mut e = Editor::new("ab\n失败");
    e.text_start();
    e.right();
    e.right();
    e.right();
    assert_eq!(e.cursor(), (1, 0));
    e.right();
    assert_eq!(e.cursor(), (1, "失".len()));
    e.left();
    e.left();
    assert_eq!(e.cursor(), (0, 2));
}

#[test]
fn word_motion_skips_spaces_and_punctuation() {
    let mut e = Editor::new("one, two  three");
    e.word_left();
    assert_eq!(e.cursor(), (0, 10));
    e.word_left();
    assert_eq!(e.cursor(), (0, 5));
    e.word_right();
    assert_eq!(e.cursor(), (0, 8));
    e.delete_word_back();
    assert_eq!(e.text(), "one,   three");
}

#[test]
fn undo_and_redo_by_word_and_paste() {
    let mut e = typed("hello world");
    e.insert("PASTED\nTEXT");
    assert_eq!(e.text(), "hello worldPASTED\nTEXT");
    e.undo();
    assert_eq!(e.text(), "hello world", "a paste is one undo step");
    e.undo();
    assert_eq!(e.text(), "hello ");
    e.undo();
    assert_eq!(e.text(), "");
    e.redo();
    e.redo();
    assert_eq!(e.text(), "hello world");
    e.insert("!");
    e.redo();
    assert_eq!(e.text(), "hello world!", "a new edit clears redo");
}

#[test]
fn pasted_text_is_normalised_and_controls_made_visible() {
    assert_eq!(clean("a\r\nb\rc\td"), "a\nb\nc    d");
    assert_eq!(clean("x\u{1b}[31my"), "x\u{241b}[31my");
    let mut e = Editor::default();
    e.insert("one\r\ntwo");
    assert_eq!(e.lines(), ["one", "two"]);
}

#[test]
fn wrap_breaks_at_words_and_fits_the_width() {
    let rows = wrap::wrap("the quick brown fox jumps", 10);
    let line = "the quick brown fox jumps";
    let texts: Vec<_> = rows.iter().map(|r| &line[r.clone()]).collect();
    assert_eq!(texts, ["the quick ", "brown fox ", "jumps"]);
    let cjk = "失败是成功之母失败";
    for r in wrap::wrap(cjk, 5) {
        assert!(wrap::str_width(&cjk[r]) <= 5);
    }
    let long = "x".repeat(25);
    assert_eq!(wrap::wrap(&long, 10).len(), 3, "a long word is broken");
}

#[test]
fn vertical_moves_follow_wrapped_rows() {
    let mut e = Editor::new("aaaa bbbb cccc\nzz");
    e.text_start();
    e.vertical(1, 5);
    assert_eq!(e.cursor(), (0, 5));
    e.vertical(1, 5);
    assert_eq!(e.cursor(), (0, 10));
    e.vertical(1, 5);
    assert_eq!(e.cursor(), (1, 0));
    e.vertical(-1, 5);
    assert_eq!(e.cursor(), (0, 10));
}

#[test]
fn home_and_end_work_on_the_wrapped_row() {
    let mut e = Editor::new("aaaa bbbb cccc");
    e.text_start();
    e.vertical(1, 5);
    e.line_end(5);
    assert_eq!(e.cursor(), (0, 9), "end stops on the hanging space");
    e.line_start(5);
    assert_eq!(e.cursor(), (0, 5));
}

#[test]
fn scrolling_keeps_the_cursor_visible() {
    let text: String = (0..100).map(|i| format!("line {i}\n")).collect();
    let mut e = Editor::new(&text);
    e.scroll_to_cursor(20, 5);
    let (_, y) = e.cursor_xy(20, 5).expect("cursor visible at the end");
    assert_eq!(y, 4);
    e.text_start();
    e.scroll_to_cursor(20, 5);
    assert_eq!(e.cursor_xy(20, 5), Some((0, 0)));
    let rows = e.visible_rows(20, 5);
    assert_eq!(rows.len(), 5);
}

#[test]
fn cursor_column_counts_wide_characters() {
    let e = Editor::new("失败x");
    assert_eq!(e.cursor_xy(20, 3), Some((5, 0)));
}
