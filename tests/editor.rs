//! The answer editor: graphemes, wrapping, word motion, undo, paste, scrolling.

mod common;

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

mod drawn {
    use super::common::{chars, in_session, key};
    use leverage::app::{Model, Msg, update};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyCode;

    fn draw(m: &mut Model, w: u16, h: u16) -> Terminal<TestBackend> {
        update(m, Msg::Resize(w, h));
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| leverage::ui::view(m, f)).unwrap();
        term
    }

    fn row_text(term: &Terminal<TestBackend>, y: u16) -> String {
        let buf = term.backend().buffer();
        (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
    }

    fn story_model() -> Model {
        let mut m = in_session("memory");
        update(&mut m, Msg::Key(key(KeyCode::Char('5'))));
        update(&mut m, Msg::Key(super::common::ctrl('n')));
        update(&mut m, Msg::Key(key(KeyCode::Char('x'))));
        update(&mut m, Msg::Key(super::common::ctrl('n')));
        m
    }

    #[test]
    fn home_and_end_land_where_the_row_is_drawn_at_every_width() {
        let words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu ".repeat(6);
        for w in [80u16, 90, 100, 120] {
            let mut m = story_model();
            for k in chars(&words) {
                update(&mut m, Msg::Key(k));
            }
            let mut term = draw(&mut m, w, 30);
            let end = term.get_cursor_position().unwrap();
            update(&mut m, Msg::Key(key(KeyCode::Home)));
            let mut term2 = draw(&mut m, w, 30);
            let home = term2.get_cursor_position().unwrap();
            assert_eq!(home.y, end.y, "{w}: Home stays on the drawn row");
            // The drawn row starts right where Home put the cursor.
            let row = row_text(&term2, home.y);
            let before: String = row.chars().take(home.x as usize).collect();
            assert!(
                before
                    .trim_start_matches(' ')
                    .trim_start_matches('│')
                    .trim()
                    .is_empty(),
                "{w}: Home went mid-row: {row:?} at {}",
                home.x
            );
            update(&mut m, Msg::Key(key(KeyCode::Up)));
            let up = draw(&mut m, w, 30).get_cursor_position().unwrap();
            assert_eq!(up.y + 1, home.y, "{w}: Up moves one drawn row");
            assert_eq!(up.x, home.x, "{w}: Up keeps the column");
            let _ = term.get_cursor_position();
        }
    }

    #[test]
    fn the_row_being_typed_stays_in_the_box_after_many_paragraphs_and_a_resize() {
        let mut m = story_model();
        for n in 0..40 {
            for k in chars(&format!("paragraph {n} with a few words in it")) {
                update(&mut m, Msg::Key(k));
            }
            update(&mut m, Msg::Key(key(KeyCode::Enter)));
        }
        for k in chars("LASTWORD") {
            update(&mut m, Msg::Key(k));
        }
        for (w, h) in [(80u16, 24u16), (50, 15), (120, 40), (80, 24)] {
            let mut term = draw(&mut m, w, h);
            let cursor = term.get_cursor_position().unwrap();
            let row = row_text(&term, cursor.y);
            assert!(
                row.contains("LASTWORD"),
                "{w}x{h}: the typed row is drawn: {row:?}"
            );
        }
    }

    #[test]
    fn keys_typed_while_the_window_is_too_small_do_not_change_the_answer() {
        let mut m = story_model();
        for k in chars("kept") {
            update(&mut m, Msg::Key(k));
        }
        draw(&mut m, 30, 10);
        for k in chars(" unseen") {
            update(&mut m, Msg::Key(k));
        }
        update(&mut m, Msg::Paste("pasted unseen".into()));
        draw(&mut m, 80, 24);
        let leverage::app::Screen::Session(s) = &m.screen else {
            panic!()
        };
        assert_eq!(s.editor().text(), "kept");
    }
}

#[test]
fn undo_history_costs_what_changed_not_a_copy_per_step() {
    let paste: String = (0..9_000)
        .map(|n| format!("paragraph {n:05} of a very long pasted answer, with words.\n"))
        .collect();
    assert!(paste.len() > 500_000);
    let mut e = Editor::default();
    e.insert(&paste);
    // 150 words: with the paste, within the 200 steps kept.
    for n in 0..150 {
        for c in format!(" word{n}").chars() {
            e.insert(&c.to_string());
        }
    }
    // The paste itself is one step; each word a small one.
    assert!(
        e.history_bytes() < paste.len() + 10_000,
        "history holds {} bytes",
        e.history_bytes()
    );
    for _ in 0..300 {
        e.undo();
    }
    assert!(e.text().is_empty(), "every step undone");
    e.redo();
    assert!(e.text() == paste, "the paste comes back whole");
}

/// The key for the person's own editor hands over the answer as it stands, takes the edited
/// text back as one undo step, changes nothing when the editor fails, and is not offered on a
/// scale.
#[test]
fn your_own_editor_is_one_undo_step_and_a_failure_changes_nothing() {
    use leverage::app::{Effect, Msg, Screen, update};
    use ratatui::crossterm::event::KeyCode;
    let mut m = common::in_session("/tmp/x.ron");
    let answer = |m: &leverage::app::Model| match &m.screen {
        Screen::Session(s) => s.session.steps[s.session.current].text.clone(),
        _ => panic!("not in a session"),
    };
    // Step 1 is a scale: nothing to hand over.
    assert!(update(&mut m, Msg::Key(common::key(KeyCode::F(5)))).is_empty());
    update(&mut m, Msg::Key(common::ctrl('n')));
    update(&mut m, Msg::Key(common::ctrl('n')));
    for k in common::chars("typed here") {
        update(&mut m, Msg::Key(k));
    }
    let effects = update(&mut m, Msg::Key(common::key(KeyCode::F(5))));
    assert_eq!(
        effects,
        vec![Effect::EditOutside {
            text: "typed here".into()
        }]
    );
    update(
        &mut m,
        Msg::EditedOutside(Ok("typed here\nand a second line from the editor".into())),
    );
    assert_eq!(answer(&m), "typed here\nand a second line from the editor");
    update(&mut m, Msg::Key(common::ctrl('z')));
    assert_eq!(
        answer(&m),
        "typed here",
        "one undo step puts back what was there"
    );
    update(
        &mut m,
        Msg::EditedOutside(Err("your editor ended with an error".into())),
    );
    assert_eq!(answer(&m), "typed here");
    let status = m.status.as_ref().unwrap();
    assert!(
        status.is_error() && status.text.contains("as it was"),
        "{}",
        status.text
    );
}
