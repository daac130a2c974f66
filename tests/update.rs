//! The pure core: keys to actions, autosave timing, failed saves, leaving safely.

mod common;

use common::{at, chars, ctrl, in_session, key, model};
use leverage::app::{Dialog, Effect, Model, Msg, QuitState, Screen, update};
use ratatui::crossterm::event::KeyCode;

fn session(m: &Model) -> &leverage::app::SessionScreen {
    match &m.screen {
        Screen::Session(s) => s,
        other => panic!("not in a session: {other:?}"),
    }
}

fn press(m: &mut Model, k: ratatui::crossterm::event::KeyEvent) -> Vec<Effect> {
    update(m, Msg::Key(k))
}

/// Type `text` key by key; every effect the keys led to.
fn type_text(m: &mut Model, text: &str) -> Vec<Effect> {
    chars(text).into_iter().flat_map(|k| press(m, k)).collect()
}

fn saves(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::Save { .. }))
        .count()
}

#[test]
fn q_and_question_mark_are_text_in_an_answer() {
    let mut m = in_session("memory");
    press(&mut m, ctrl('n'));
    let effects = type_text(&mut m, "q?");
    assert!(!effects.contains(&Effect::Exit));
    assert!(m.overlays.help().is_none());
    assert_eq!(session(&m).editor().text(), "q?");
    assert_eq!(session(&m).session.steps[1].text, "q?");
}

#[test]
fn question_mark_opens_help_on_a_scale_step_and_f1_anywhere() {
    let mut m = in_session("memory");
    press(&mut m, key(KeyCode::Char('?')));
    assert!(m.overlays.help().is_some());
    press(&mut m, key(KeyCode::Esc));
    assert!(m.overlays.help().is_none());
    press(&mut m, ctrl('n'));
    press(&mut m, key(KeyCode::F(1)));
    assert!(m.overlays.help().is_some());
}

#[test]
fn digits_and_arrows_set_a_scale() {
    let mut m = in_session("memory");
    press(&mut m, key(KeyCode::Char('1')));
    press(&mut m, key(KeyCode::Char('0')));
    assert_eq!(session(&m).session.steps[0].value, Some(10));
    press(&mut m, key(KeyCode::Left));
    assert_eq!(session(&m).session.steps[0].value, Some(9));
    press(&mut m, key(KeyCode::Char('4')));
    assert_eq!(
        session(&m).session.steps[0].value,
        Some(4),
        "a new digit starts again"
    );
}

#[test]
fn every_step_change_saves_and_autosave_waits_two_seconds() {
    let mut m = in_session("memory");
    let effects = press(&mut m, ctrl('n'));
    assert_eq!(saves(&effects), 1);
    let generation = session(&m).save.generation;
    update(
        &mut m,
        Msg::Saved {
            generation,
            result: Ok(()),
        },
    );
    update(&mut m, Msg::Tick(at(10)));
    type_text(&mut m, "abc");
    assert!(session(&m).save.is_dirty());
    assert_eq!(m.next_deadline(), Some(at(12)));
    assert_eq!(saves(&update(&mut m, Msg::Tick(at(11)))), 0);
    let effects = update(&mut m, Msg::Tick(at(12)));
    assert_eq!(saves(&effects), 1);
    let Some(Effect::Save {
        transcript,
        generation,
    }) = effects.into_iter().next()
    else {
        panic!()
    };
    assert_eq!(transcript.steps[1].id, "headline");
    update(
        &mut m,
        Msg::Saved {
            generation,
            result: Ok(()),
        },
    );
    assert!(!session(&m).save.is_dirty());
    assert_eq!(m.next_deadline(), None);
}

#[test]
fn a_failed_save_keeps_the_text_shows_the_error_and_retries() {
    let mut m = in_session("memory");
    press(&mut m, ctrl('n'));
    type_text(&mut m, "precious");
    let effects = press(&mut m, ctrl('s'));
    let Some(Effect::Save { generation, .. }) = effects.first().cloned() else {
        panic!()
    };
    update(
        &mut m,
        Msg::Saved {
            generation,
            result: Err("disk full while writing x".into()),
        },
    );
    assert_eq!(session(&m).editor().text(), "precious");
    assert!(m.status.as_ref().unwrap().text.contains("disk full"));
    assert!(session(&m).save.is_dirty());
    let retry = m.next_deadline().expect("a retry is scheduled");
    assert_eq!(saves(&update(&mut m, Msg::Tick(retry))), 1);
}

#[test]
fn a_save_that_lands_after_more_typing_does_not_mark_it_saved() {
    let mut m = in_session("memory");
    press(&mut m, ctrl('n'));
    type_text(&mut m, "one");
    let Some(Effect::Save { generation, .. }) = press(&mut m, ctrl('s')).first().cloned() else {
        panic!()
    };
    type_text(&mut m, " two");
    update(
        &mut m,
        Msg::Saved {
            generation,
            result: Ok(()),
        },
    );
    assert!(session(&m).save.is_dirty());
}

fn fail_save(m: &mut Model, why: &str) -> Vec<Effect> {
    let generation = session(m).save.generation;
    update(
        m,
        Msg::Saved {
            generation,
            result: Err(why.into()),
        },
    )
}

fn unsaved_dialog(m: &Model) -> Option<(&str, bool)> {
    match m.overlays.dialog() {
        Some(Dialog::Unsaved { reason, copy_to }) => Some((reason.as_str(), copy_to.is_some())),
        _ => None,
    }
}

#[test]
fn leaving_saves_first_and_a_failure_asks_in_a_dialog_that_stays_until_answered() {
    let mut m = in_session("memory");
    press(&mut m, ctrl('n'));
    type_text(&mut m, "words");
    let effects = press(&mut m, ctrl('q'));
    assert_eq!(saves(&effects), 1);
    assert!(!effects.contains(&Effect::Exit));
    let effects = fail_save(&mut m, "No space left on device (os error 28)");
    assert!(
        !effects.contains(&Effect::Exit),
        "a failed save never quits on its own"
    );
    assert_eq!(m.quit, QuitState::Unsaved);
    let (reason, _) = unsaved_dialog(&m).expect("the leaving dialog");
    assert!(reason.contains("No space left"), "{reason}");
    // The retry timer fails again while the dialog is up: it stays, with the new reason.
    update(&mut m, Msg::Tick(at(10)));
    fail_save(&mut m, "No space left on device (os error 28), still");
    assert!(unsaved_dialog(&m).unwrap().0.contains("still"));
    // Ctrl-Q, twice, is "save and leave": it tries again, and never discards.
    for _ in 0..2 {
        let effects = press(&mut m, ctrl('q'));
        assert_eq!(saves(&effects), 1, "Ctrl-Q tries to save again");
        assert!(!effects.contains(&Effect::Exit));
        fail_save(&mut m, "No space left on device (os error 28)");
        assert!(unsaved_dialog(&m).is_some(), "the dialog stays");
    }
    // Typing is not lost to the dialog: Esc goes back to writing.
    press(&mut m, key(KeyCode::Esc));
    assert!(unsaved_dialog(&m).is_none() && m.quit == QuitState::Running);
    assert_eq!(session(&m).editor().text(), "words");
    // Leave again; this time a copy elsewhere.
    press(&mut m, ctrl('q'));
    fail_save(&mut m, "No space left on device (os error 28)");
    press(&mut m, key(KeyCode::Char('c')));
    assert_eq!(
        unsaved_dialog(&m).map(|d| d.1),
        Some(true),
        "a folder to type"
    );
    for _ in 0..200 {
        press(&mut m, key(KeyCode::Backspace));
    }
    type_text(&mut m, "/mnt/usb");
    let effects = press(&mut m, key(KeyCode::Enter));
    let Some(Effect::SaveCopy { transcript, dir }) = effects.first() else {
        panic!("a copy is asked for: {effects:?}");
    };
    assert_eq!(dir, &std::path::PathBuf::from("/mnt/usb"));
    assert_eq!(
        transcript.steps[1].answer,
        session(&m).session.to_transcript().steps[1].answer
    );
    let effects = update(&mut m, Msg::CopySaved(Err("read-only file system".into())));
    assert!(effects.is_empty(), "a failed copy keeps asking");
    assert!(unsaved_dialog(&m).unwrap().0.contains("read-only"));
    let effects = update(&mut m, Msg::CopySaved(Ok("/mnt/usb/x.ron".into())));
    assert_eq!(effects, vec![Effect::Exit]);
    assert_eq!(m.copied_to.as_deref(), Some("/mnt/usb/x.ron"));
}

#[test]
fn leaving_without_saving_is_an_explicit_choice_and_a_retry_that_works_leaves() {
    let mut m = in_session("memory");
    press(&mut m, ctrl('n'));
    type_text(&mut m, "words");
    press(&mut m, ctrl('q'));
    fail_save(&mut m, "disk full");
    let effects = press(&mut m, key(KeyCode::Char('x')));
    assert_eq!(effects, vec![Effect::Exit], "x leaves without saving");

    let mut m = in_session("memory");
    press(&mut m, ctrl('n'));
    type_text(&mut m, "words");
    press(&mut m, ctrl('q'));
    fail_save(&mut m, "disk full");
    let effects = press(&mut m, key(KeyCode::Char('r')));
    assert_eq!(saves(&effects), 1);
    let generation = session(&m).save.generation;
    let effects = update(
        &mut m,
        Msg::Saved {
            generation,
            result: Ok(()),
        },
    );
    assert!(effects.contains(&Effect::Exit), "saved this time: leave");
}

#[test]
fn terminate_saves_and_exits_even_if_the_save_fails() {
    let mut m = in_session("memory");
    press(&mut m, ctrl('n'));
    type_text(&mut m, "x");
    let effects = update(&mut m, Msg::Terminate);
    assert_eq!(saves(&effects), 1);
    let gen_ = session(&m).save.generation;
    let effects = update(
        &mut m,
        Msg::Saved {
            generation: gen_,
            result: Err("gone".into()),
        },
    );
    assert!(effects.contains(&Effect::Exit));
}

#[test]
fn going_back_keeps_later_answers_in_the_editors() {
    let mut m = in_session("memory");
    press(&mut m, ctrl('n'));
    type_text(&mut m, "headline");
    press(&mut m, key(KeyCode::Tab));
    type_text(&mut m, "story");
    press(&mut m, key(KeyCode::BackTab));
    press(&mut m, ctrl('p'));
    press(&mut m, ctrl('n'));
    press(&mut m, ctrl('n'));
    assert_eq!(session(&m).editor().text(), "story");
}

#[test]
fn skip_is_recorded_and_finishing_shows_the_summary_once_saved() {
    let mut m = in_session("memory");
    let last = session(&m).session.len() - 1;
    // Ctrl-K passes on each step (and on a rehearsal, on each question in turn).
    while session(&m).session.current < last {
        let effects = press(&mut m, ctrl('k'));
        assert_eq!(saves(&effects), 1);
    }
    let effects = press(&mut m, ctrl('n'));
    let Some(Effect::Save {
        transcript,
        generation,
    }) = effects.first().cloned()
    else {
        panic!()
    };
    assert_eq!(transcript.status, leverage::transcript::Status::Complete);
    assert!(matches!(
        transcript.steps[1].answer,
        leverage::transcript::Answer::Skipped { .. }
    ));
    assert!(
        matches!(m.screen, Screen::Session(_)),
        "stays until the save lands"
    );
    update(
        &mut m,
        Msg::Saved {
            generation,
            result: Ok(()),
        },
    );
    assert!(matches!(m.screen, Screen::Summary(_)));
}

#[test]
fn home_starts_a_session_from_the_selected_guide() {
    let mut m = model();
    let effects = press(&mut m, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::CreateSession {
            mode: None,
            guide_id: "leverage".into(),
            pair: None,
        }]
    );
    press(&mut m, key(KeyCode::Up));
    let effects = press(&mut m, key(KeyCode::Enter));
    assert_eq!(effects, vec![Effect::Exit], "the last item quits");
}

#[test]
fn a_guide_with_modes_asks_for_the_mode_first() {
    let mut m = model();
    press(&mut m, key(KeyCode::Down));
    assert!(press(&mut m, key(KeyCode::Enter)).is_empty());
    assert!(matches!(m.screen, Screen::ChooseMode { .. }));
    press(&mut m, key(KeyCode::Esc));
    assert!(matches!(m.screen, Screen::Home), "Esc goes back home");
    press(&mut m, key(KeyCode::Enter));
    press(&mut m, key(KeyCode::Down));
    let effects = press(&mut m, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::CreateSession {
            guide_id: "value-cycle".into(),
            mode: Some("ahead".into()),
            pair: None,
        }]
    );
}

#[test]
fn paste_is_one_edit_and_lands_in_the_answer() {
    let mut m = in_session("memory");
    press(&mut m, ctrl('n'));
    update(&mut m, Msg::Paste("the headline\r\nis one line".into()));
    assert_eq!(
        session(&m).session.steps[1].text,
        "the headline is one line"
    );
    press(&mut m, key(KeyCode::Enter));
    assert_eq!(
        session(&m).session.current,
        2,
        "Enter on the headline moves on"
    );
    update(&mut m, Msg::Paste("line one\r\nline two".into()));
    assert_eq!(session(&m).session.steps[2].text, "line one\nline two");
    press(&mut m, ctrl('z'));
    assert_eq!(session(&m).session.steps[2].text, "");
}

#[test]
fn statement_audience_cycles_with_its_key() {
    let mut m = in_session("memory");
    let st = session(&m).session.guide.step_index("statement").unwrap();
    for _ in 0..st {
        press(&mut m, ctrl('n'));
    }
    assert_eq!(
        session(&m).editor().text(),
        "That experience is why I am ready for what comes next.",
        "the draft is shown, with no placeholder for what was never answered"
    );
    assert!(session(&m).session.draft_untouched(st));
    assert_eq!(
        session(&m).session.audience_label(),
        Some("an interview panel")
    );
    press(&mut m, key(KeyCode::F(3)));
    assert_eq!(session(&m).session.audience_label(), Some("a board"));
}

#[test]
fn help_lists_every_binding_in_the_keymap() {
    let m = model();
    let total: usize = m.keymap.bindings.len();
    let listed: usize = m.keymap.help_sections().iter().map(|(_, l)| l.len()).sum();
    assert_eq!(total, listed);
}

#[test]
fn skipping_a_rehearsal_question_keeps_every_take_typed_so_far_after_a_resume() {
    let mut m = in_session("memory");
    let rehearsal = {
        let s = session(&m);
        s.session.guide.step_index("rehearsal").unwrap()
    };
    if let Screen::Session(s) = &mut m.screen {
        s.session.go_to(rehearsal, at(0));
    }
    // Arrive on the step the way a person does (from the one before it).
    press(&mut m, ctrl('p'));
    press(&mut m, ctrl('n'));
    type_text(&mut m, "My first answer, said out loud.");
    press(&mut m, ctrl('n')); // the next question
    type_text(&mut m, "Half of the second");
    let effects = press(&mut m, ctrl('k'));
    let transcript = effects
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::Save { transcript, .. } => Some(transcript.clone()),
            _ => None,
        })
        .expect("skipping saves");
    let step = transcript
        .steps
        .iter()
        .find(|s| s.id == "rehearsal")
        .unwrap();
    // Ctrl-K passed on the second question alone: the step goes on to the third.
    let leverage::transcript::Answer::Rehearsal { takes, .. } = &step.answer else {
        panic!("still a rehearsal: {:?}", step.answer);
    };
    let answers: Vec<&str> = takes.iter().map(|t| t.answer.as_str()).collect();
    assert_eq!(answers[0], "My first answer, said out loud.");
    assert_eq!(answers[1], "Half of the second");
    assert!(takes[1].skipped && !takes[0].skipped);
    assert_eq!(session(&m).session.question, 2);
    let back =
        leverage::session::Session::from_transcript(&transcript, session(&m).session.guide.clone());
    assert_eq!(
        back.steps[rehearsal].takes[0].text,
        "My first answer, said out loud."
    );
    assert_eq!(back.steps[rehearsal].takes[1].text, "Half of the second");
}

/// Help scrolls by page and to its end, says there is more, never scrolls past its end, and
/// shows redo under its own keys.
#[test]
fn help_scrolls_by_page_to_its_end_and_names_redo_apart_from_undo() {
    let mut m = model();
    update(&mut m, Msg::Resize(80, 24));
    press(&mut m, key(KeyCode::F(1)));
    press(&mut m, key(KeyCode::PageDown));
    let after_page = m.overlays.help().unwrap();
    assert!(after_page > 10, "PgDn scrolls a page: {after_page}");
    press(&mut m, key(KeyCode::End));
    let end = m.overlays.help().unwrap();
    for _ in 0..20 {
        press(&mut m, key(KeyCode::Down));
    }
    assert_eq!(m.overlays.help().unwrap(), end, "never past the end");
    press(&mut m, key(KeyCode::Up));
    assert_eq!(
        m.overlays.help().unwrap(),
        end - 1,
        "the way back starts at once"
    );
    let sections = m.keymap.help_sections();
    let editor: Vec<_> = sections.iter().flat_map(|(_, l)| l.iter()).collect();
    let redo = editor.iter().find(|(_, what)| *what == "redo").unwrap();
    assert!(
        redo.0.contains("Ctrl-Shift-Z") && !redo.0.contains("Ctrl-Z,"),
        "{}",
        redo.0
    );
}

#[test]
fn news_in_the_status_line_goes_once_typing_goes_on_and_warnings_stay() {
    let mut m = in_session("memory");
    press(&mut m, ctrl('n')); // to the headline, where keys are text
    m.set_status("Saved a copy somewhere", false);
    press(&mut m, key(KeyCode::Char('a')));
    assert!(m.status.is_none(), "news is cleared by typing on");
    m.set_status("Could not save: disk full", true);
    press(&mut m, key(KeyCode::Char('b')));
    assert!(m.status.is_some(), "a warning stays until it is dealt with");
}

/// When the open session changed elsewhere, a dialog (not a passing status line) says which
/// file holds what, and the copy records the session it went on from.
#[test]
fn a_session_changed_elsewhere_says_which_file_holds_what() {
    let mut m = in_session("/data/sessions/old.ron");
    let original = match &m.screen {
        Screen::Session(s) => s.session.id.clone(),
        _ => panic!("a session"),
    };
    update(
        &mut m,
        Msg::Diverged {
            generation: 1,
            original: original.clone(),
            saved_as: "2026-11-21T17-00-00-newone".into(),
            location: "/data/sessions/2026-11-21T17-00-00-newone.ron".into(),
        },
    );
    assert!(matches!(m.overlays.dialog(), Some(Dialog::Diverged { .. })));
    update(&mut m, Msg::Resize(100, 30));
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    term.draw(|f| leverage::ui::view(&m, f)).unwrap();
    let shown = format!("{}", term.backend());
    assert!(
        shown.contains("go on as 2026-11-21T17-00-00-newone"),
        "{shown}"
    );
    assert!(shown.contains(&format!("stays as {original}")), "{shown}");
    let Screen::Session(s) = &m.screen else {
        panic!("a session")
    };
    let t = s.session.to_transcript();
    assert_eq!(t.id, "2026-11-21T17-00-00-newone");
    assert_eq!(t.diverged_from.as_deref(), Some(original.as_str()));
    update(&mut m, Msg::Key(key(KeyCode::Enter)));
    assert!(m.overlays.dialog().is_none(), "Enter goes on writing");
}
