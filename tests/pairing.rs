//! Paired sessions: speakers and turns, coach-only notes that never reach the shared screen
//! (checked on rendered buffers at 80x24 and 200x50, on every screen, while typed), the
//! timer and time box that never move a step, and old transcripts that still read.

mod common;

use common::{at, chars, ctrl, key, leverage_guide, model, t0};
use leverage::app::{Dialog, Model, Msg, Screen, Target, update};
use leverage::driver::Driver;
use leverage::pairing::{Audience, Pairing, Speaker, Visibility, visible};
use leverage::session::Session;
use leverage::store::{MemoryStore, Store};
use leverage::transcript;
use leverage::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Color;

/// Written as every coach-only note; "QZX" never occurs in the guides or the chrome.
const CANARY: &str = "QZXsecretQZX";
const ID: &str = "2026-11-21T16-05-33-pairab";

fn pairing() -> Pairing {
    Pairing {
        coach: "Sam".into(),
        client: "Alex".into(),
        planned_minutes: Some(60),
        ..Pairing::new("a", "b", None).unwrap()
    }
}

fn paired_session(step: usize) -> Session {
    let mut s = Session::new(ID.into(), leverage_guide(), t0());
    s.pair = Some(pairing());
    s.go_to(step, t0());
    s
}

fn paired_model(step: usize) -> Model {
    let mut m = model();
    update(
        &mut m,
        Msg::SessionReady {
            session: Box::new(paired_session(step)),
            location: "/data/sessions/x.ron".into(),
        },
    );
    m
}

fn screen(m: &mut Model, w: u16, h: u16) -> Terminal<TestBackend> {
    update(m, Msg::Resize(w, h));
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| ui::view(m, f)).unwrap();
    term
}

fn text_of(term: &Terminal<TestBackend>) -> String {
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The shared screen at both sizes never shows the canary (nor half of it, wrapped).
fn assert_private(m: &mut Model, when: &str) {
    for (w, h) in [(80, 24), (200, 50)] {
        let text = text_of(&screen(m, w, h));
        assert!(
            !text.contains("QZX") && !text.contains("secret"),
            "a coach-only note showed {when} at {w}x{h}:\n{text}"
        );
    }
}

fn press(m: &mut Model, k: KeyEvent) {
    update(m, Msg::Key(k));
}

fn type_in(m: &mut Model, text: &str) {
    for k in chars(text) {
        press(m, k);
    }
}

fn session(m: &Model) -> &leverage::app::SessionScreen {
    match &m.screen {
        Screen::Session(s) => s,
        other => panic!("not in a session: {other:?}"),
    }
}

#[test]
fn handing_over_files_each_turn_under_its_speaker() {
    let mut m = paired_model(2);
    let header = text_of(&screen(&mut m, 100, 30));
    assert!(header.contains("Alex (client)"), "{header}");
    type_in(&mut m, "We shipped too early.");
    let effects = update(&mut m, Msg::Key(key(KeyCode::F(2))));
    assert!(
        matches!(effects.as_slice(), [leverage::app::Effect::Save { .. }]),
        "a hand-over is saved at once, for the console: {effects:?}"
    );
    assert_eq!(session(&m).talk.speaker, Speaker::Coach);
    let text = text_of(&screen(&mut m, 100, 30));
    assert!(text.contains("Sam (coach)"), "{text}");
    type_in(&mut m, "What did you see first?");
    press(&mut m, ctrl('t'));
    type_in(&mut m, "Churn in week two.");

    let s = &session(&m).session;
    let talk = common::turns(&s.steps[2].conversation);
    assert_eq!(
        talk,
        [
            (Speaker::Client, "We shipped too early."),
            (Speaker::Coach, "What did you see first?")
        ]
    );
    // The client's answer is their turns, the open one included.
    assert_eq!(
        s.steps[2].text,
        "We shipped too early.\n\nChurn in week two."
    );
    let t = s.to_transcript();
    let record = &t.steps[2];
    assert!(
        matches!(&record.answer, transcript::Answer::Text { text, .. } if text.ends_with("week two."))
    );
    let last = record.conversation.last().unwrap();
    assert!(last.draft && last.speaker == Speaker::Client && last.text == "Churn in week two.");
    // Reopened, the turns and the open turn come back as they were.
    let back = Session::from_transcript(&t, leverage_guide());
    assert_eq!(back.steps[2].conversation, s.steps[2].conversation);
    assert_eq!(back.open_turn(2), "Churn in week two.");
    assert_eq!(back.pair, Some(pairing()));
}

#[test]
fn moving_between_steps_keeps_what_either_person_was_typing() {
    let mut m = paired_model(2);
    type_in(&mut m, "the client's half");
    press(&mut m, key(KeyCode::F(2)));
    type_in(&mut m, "the coach's half");
    press(&mut m, ctrl('n'));
    assert_eq!(session(&m).session.current, 3);
    assert!(
        session(&m).editor().is_empty(),
        "a fresh composer on the next step"
    );
    press(&mut m, ctrl('p'));
    assert_eq!(session(&m).editor().text(), "the coach's half");
    press(&mut m, key(KeyCode::F(2)));
    // Handing over filed the coach's words; the client's half is still theirs to go on with.
    let s = session(&m);
    assert_eq!(s.session.steps[2].conversation[1].text, "the coach's half");
    assert_eq!(s.session.steps[2].conversation[0].text, "the client's half");
    assert!(s.editor().is_empty());
}

#[test]
fn the_coach_can_follow_up_on_a_scale_and_the_client_still_picks() {
    let mut m = paired_model(0);
    press(&mut m, key(KeyCode::Char('4')));
    press(&mut m, key(KeyCode::F(2)));
    // Digits are words now: the coach is typing, not picking.
    type_in(&mut m, "Why 4 and not 5?");
    press(&mut m, key(KeyCode::F(2)));
    press(&mut m, key(KeyCode::Char('5')));
    let s = &session(&m).session;
    assert_eq!(s.steps[0].value, Some(5));
    assert_eq!(s.steps[0].conversation[0].text, "Why 4 and not 5?");
    assert_eq!(s.steps[0].conversation[0].speaker, Speaker::Coach);
}

#[test]
fn a_coach_only_note_is_never_drawn_while_typed_filed_or_on_any_later_screen() {
    let mut m = paired_model(2);
    type_in(&mut m, "The launch.");
    press(&mut m, ctrl('o'));
    assert_eq!(session(&m).target(), Target::Note);
    for (n, k) in chars(CANARY).into_iter().enumerate() {
        press(&mut m, k);
        assert_private(&mut m, &format!("after {} characters typed", n + 1));
    }
    let text = text_of(&screen(&mut m, 80, 24));
    assert!(text.contains("12 characters"), "{text}");
    press(&mut m, ctrl('o'));
    let s = &session(&m).session;
    let note = s.steps[2].conversation.last().unwrap();
    assert_eq!(
        (note.visibility, note.text.as_str()),
        (Visibility::CoachOnly, CANARY)
    );
    assert_eq!(
        visible(&s.steps[2].conversation, Audience::Shared).count(),
        0,
        "the shared projection leaves the note out"
    );
    assert_private(&mut m, "after filing");
    press(&mut m, key(KeyCode::F(6)));
    assert_private(&mut m, "in the presentation layout");
    press(&mut m, key(KeyCode::F(1)));
    assert_private(&mut m, "under the help overlay");
}

#[test]
fn a_coach_only_note_is_never_drawn_on_the_shared_screen_whatever_the_keys() {
    let mut m = paired_model(2);
    press(&mut m, ctrl('o'));
    type_in(&mut m, CANARY);
    // The old peek key, held (repeats) and tapped, and in the presentation layout.
    for _ in 0..5 {
        press(&mut m, key(KeyCode::F(4)));
        assert_private(&mut m, "while F4 is held");
    }
    press(&mut m, key(KeyCode::F(6)));
    press(&mut m, key(KeyCode::F(4)));
    assert_private(&mut m, "F4 in the presentation layout");
    press(&mut m, key(KeyCode::Esc));
    assert_private(&mut m, "behind the discard dialog");
    press(&mut m, key(KeyCode::Char('n')));
    let shown = text_of(&screen(&mut m, 100, 30));
    assert!(
        shown.contains("leverage coach 2026"),
        "the note box says where its words can be read:\n{shown}"
    );
}

#[test]
fn cancelling_a_note_with_words_asks_first() {
    let mut m = paired_model(2);
    press(&mut m, ctrl('o'));
    press(&mut m, key(KeyCode::Esc));
    assert_eq!(
        session(&m).target(),
        Target::Answer,
        "an empty note just closes"
    );
    press(&mut m, ctrl('o'));
    type_in(&mut m, CANARY);
    press(&mut m, key(KeyCode::Esc));
    assert!(matches!(m.overlays.dialog(), Some(Dialog::DiscardNote)));
    assert_private(&mut m, "while asking to discard");
    press(&mut m, key(KeyCode::Char('n')));
    assert_eq!(session(&m).talk.note_len(), CANARY.len(), "kept");
    press(&mut m, key(KeyCode::Esc));
    press(&mut m, key(KeyCode::Char('y')));
    assert_eq!(session(&m).target(), Target::Answer);
    assert!(session(&m).session.steps[2].conversation.is_empty());
}

/// Answer whatever the step on screen asks, the way a person would.
fn answer_step(m: &mut Model) {
    let kind = session(m).current_kind().clone();
    match kind {
        leverage::guide::StepKind::Scale(_) | leverage::guide::StepKind::Choice(_) => {
            press(m, key(KeyCode::Char('3')))
        }
        _ => type_in(m, "An answer in plain words."),
    }
}

#[test]
fn every_screen_of_a_whole_paired_session_keeps_the_notes_private() {
    let mut store = MemoryStore::new();
    let mut m = model();
    m.now = t0();
    let mut driver = Driver::new(&mut store, m);
    driver.dispatch(Msg::SessionReady {
        session: Box::new(paired_session(0)),
        location: "memory".into(),
    });
    let steps = leverage_guide().steps.len();
    for n in 0..steps {
        let m = &mut driver.model;
        answer_step(m);
        press(m, key(KeyCode::F(2)));
        type_in(m, "A follow-up.");
        press(m, key(KeyCode::F(2)));
        press(m, ctrl('o'));
        type_in(m, CANARY);
        assert_private(m, &format!("while typing on step {}", n + 1));
        driver.dispatch(Msg::Key(ctrl('o')));
        let m = &mut driver.model;
        assert_private(m, &format!("after filing on step {}", n + 1));
        // Rehearsal questions, then the next step.
        while matches!(&driver.model.screen, Screen::Session(s) if s.session.current == n) {
            driver.dispatch(Msg::Key(ctrl('n')));
        }
    }
    assert!(
        matches!(driver.model.screen, Screen::Summary(_)),
        "{:?}",
        driver.model.screen
    );
    assert_private(&mut driver.model, "on the summary");
    // The note is in the file, for the coach; the shared screens below must not show it.
    let saved = driver.store.load(ID).unwrap();
    let private: usize = saved
        .steps
        .iter()
        .map(|s| s.conversation.iter().filter(|e| e.is_private()).count())
        .sum();
    assert_eq!(private, steps);
    driver.dispatch(Msg::OpenLibrary);
    assert_private(&mut driver.model, "in the library");
    let listed = text_of(&screen(&mut driver.model, 100, 30));
    assert!(
        listed.contains("with Alex"),
        "the library says it was paired, and with whom:\n{listed}"
    );
    driver.dispatch(Msg::Key(key(KeyCode::Char('/'))));
    for k in chars("qzxsecret") {
        driver.dispatch(Msg::Key(k));
    }
    assert!(
        matches!(&driver.model.screen, Screen::Library(l) if l.hits.as_ref().is_some_and(|h| h.is_empty())),
        "searching for a private word finds nothing"
    );
    // (The query itself is on screen, as typed; clearing it leaves nothing private behind.)
    driver.dispatch(Msg::Key(key(KeyCode::Esc)));
    assert_private(&mut driver.model, "after searching the library");
    driver.dispatch(Msg::Key(key(KeyCode::Enter)));
    assert!(matches!(driver.model.screen, Screen::Viewer(_)));
    let text = text_of(&screen(&mut driver.model, 200, 50));
    assert!(
        text.contains("A follow-up."),
        "the viewer shows shared entries:\n{text}"
    );
    for _ in 0..40 {
        assert_private(&mut driver.model, "reading in the viewer");
        driver.dispatch(Msg::Key(key(KeyCode::PageDown)));
    }
    // `e` in the viewer writes a Markdown export someone may hand to the client.
    let out = tempfile::tempdir().unwrap();
    driver.export_dir = Some(out.path().to_path_buf());
    driver.dispatch(Msg::Key(key(KeyCode::Char('e'))));
    // Named by its date (the id) and its headline.
    let name = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(ID) && n.ends_with(".md"))
        .expect("exported");
    let file = std::fs::read_to_string(out.path().join(name)).unwrap();
    assert!(
        !file.contains("QZX") && file.contains("A follow-up."),
        "{file}"
    );
    let status = &driver.model.status.as_ref().unwrap().text;
    assert!(status.contains("14 coach-only notes left out"), "{status}");
}

fn cell_fg(term: &Terminal<TestBackend>, needle: &str) -> Color {
    let text = text_of(term);
    let row = text.lines().position(|l| l.contains(needle)).unwrap();
    let line: Vec<char> = text.lines().nth(row).unwrap().chars().collect();
    let col = line
        .windows(needle.chars().count())
        .position(|w| w.iter().collect::<String>() == needle)
        .unwrap();
    term.backend().buffer()[(col as u16, row as u16)].fg
}

#[test]
fn the_timer_and_time_box_change_a_colour_and_nothing_else() {
    let mut m = paired_model(2);
    m.no_color = false;
    type_in(&mut m, "half a sentence");
    let before = screen(&mut m, 100, 30);
    assert_ne!(cell_fg(&before, "step 3 of 14"), Color::Red);
    // The story's time box is 10 minutes; the session was planned for 60.
    for secs in [300, 601, 3700, 7200] {
        update(&mut m, Msg::Tick(at(secs)));
        let s = session(&m);
        assert_eq!(s.session.current, 2, "the step never moves by itself");
        assert_eq!(
            s.editor().text(),
            "half a sentence",
            "typing is never cleared"
        );
    }
    let after = screen(&mut m, 100, 30);
    assert_eq!(
        cell_fg(&after, "step 3 of 14"),
        Color::Red,
        "past the time box"
    );
    assert_eq!(
        cell_fg(&after, "2:00:00"),
        Color::Red,
        "past the planned hour"
    );
    type_in(&mut m, " and the rest");
    assert_eq!(session(&m).editor().text(), "half a sentence and the rest");
}

#[test]
fn presentation_mode_keeps_no_color() {
    let mut m = paired_model(2);
    m.no_color = true;
    press(&mut m, key(KeyCode::F(6)));
    assert!(m.presenting && m.no_color);
    let term = screen(&mut m, 80, 24);
    let buf = term.backend().buffer();
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "NO_COLOR: no colour anywhere"
    );
    press(&mut m, key(KeyCode::F(6)));
    assert!(!m.presenting && m.no_color);
}

#[test]
fn a_paired_session_starts_from_the_home_screen_with_both_names() {
    let mut m = model();
    press(&mut m, key(KeyCode::Char('p')));
    assert!(matches!(m.overlays.dialog(), Some(Dialog::Pair { .. })));
    type_in(&mut m, "Sam");
    press(&mut m, key(KeyCode::Enter));
    // Skipping the client's name: starting (Ctrl-S, from any field) asks for it.
    press(&mut m, key(KeyCode::Enter));
    let effects = leverage::app::update(&mut m, Msg::Key(ctrl('s')));
    assert!(effects.is_empty(), "the client's name is still missing");
    assert!(matches!(
        m.overlays.dialog(),
        Some(Dialog::Pair { focus: 1, .. })
    ));
    type_in(&mut m, "Alex");
    press(&mut m, key(KeyCode::Enter));
    type_in(&mut m, "45");
    press(&mut m, key(KeyCode::Enter));
    // The agreement: what stays between them, and what may be kept.
    type_in(&mut m, "Names of the board members");
    press(&mut m, key(KeyCode::Enter));
    let form = text_of(&screen(&mut m, 100, 30));
    assert!(
        form.contains("▸ Transcript: keep the whole transcript"),
        "{form}"
    );
    press(&mut m, key(KeyCode::Char(' ')));
    let form = text_of(&screen(&mut m, 100, 30));
    assert!(
        form.contains("Transcript: keep only the summary once the session ends"),
        "{form}"
    );
    let effects = leverage::app::update(&mut m, Msg::Key(key(KeyCode::Enter)));
    assert_eq!(
        effects,
        vec![leverage::app::Effect::CreateSession {
            guide_id: "leverage".into(),
            mode: None,
            pair: Some(Pairing {
                coach: "Sam".into(),
                client: "Alex".into(),
                planned_minutes: Some(45),
                confidential: "Names of the board members".into(),
                consent: leverage::pairing::Consent::SummaryOnly,
            }),
        }]
    );
}

#[test]
fn a_solo_session_says_what_the_paired_keys_are_for() {
    let mut m = common::in_session("x");
    press(&mut m, key(KeyCode::F(2)));
    assert!(m.status.as_ref().unwrap().text.contains("paired"));
    assert_eq!(session(&m).target(), Target::Answer);
}

#[test]
fn a_transcript_from_the_previous_format_still_reads_in_full() {
    let bytes = include_bytes!("fixtures/transcripts/format1-solo.ron");
    let t = transcript::parse(bytes).unwrap();
    assert_eq!(t.format_version, 1);
    assert!(t.pair.is_none() && t.steps.iter().all(|s| s.conversation.is_empty()));
    let s = Session::from_transcript(&t, leverage_guide());
    let again = s.to_transcript();
    assert_eq!(again.format_version, transcript::FORMAT_VERSION);
    // The guide gained a step since (a rehearsal): every old answer is still there, by id.
    for a in &t.steps {
        let b = again.steps.iter().find(|b| b.id == a.id).unwrap();
        assert_eq!(a.answer, b.answer, "step {}", a.id);
    }
    assert_eq!(t.statement, again.statement);
    let text =
        leverage::export::render(&t, leverage::export::Format::Text, &jiff::tz::TimeZone::UTC);
    assert!(text.contains("My design studio closed"));
    // And the file store lists and opens it.
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::write(sessions.join(format!("{}.ron", t.id)), bytes).unwrap();
    let store = leverage::store::FileStore::new(dir.path().join("data"));
    assert_eq!(store.list().sessions.len(), 1);
    assert_eq!(store.load(&t.id).unwrap(), t);
}

#[test]
fn a_shared_screen_shows_only_its_clients_sessions_in_home_library_search_and_patterns() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = leverage::store::FileStore::new(dir.path());
    let other = |id: &str, client: &str, words: &str| {
        let mut s = Session::new(id.into(), leverage_guide(), t0());
        s.pair = Some(Pairing {
            coach: "Sam".into(),
            client: client.into(),
            planned_minutes: None,
            ..Pairing::new("a", "b", None).unwrap()
        });
        s.set_text(1, words, t0());
        s.set_text(2, words, t0());
        s.to_transcript()
    };
    store
        .save(&other(
            "2026-11-01T10-00-00-jordan",
            "Jordan",
            "OTHERCLIENT the board is suing me",
        ))
        .unwrap();
    store
        .save(&other(
            "2026-11-02T10-00-00-alexaa",
            "Alex",
            "Alex's own earlier words",
        ))
        .unwrap();
    let mut solo = Session::new("2026-11-03T10-00-00-soloxx".into(), leverage_guide(), t0());
    solo.set_text(1, "OTHERCLIENT solo words", t0());
    store.save(&solo.to_transcript()).unwrap();
    let mut m = model();
    m.listing = store.list();
    let mut driver = Driver::new(&mut store, m);
    driver.dispatch(Msg::Resize(100, 30));
    driver.dispatch(Msg::SessionReady {
        session: Box::new(paired_session(2)),
        location: "x".into(),
    });
    // Leave the session for the home screen and the library, as a coach might mid-hour.
    driver.dispatch(Msg::Listed(leverage::store::Store::list(&*driver.store)));
    let ids: Vec<_> = driver
        .model
        .listing
        .sessions
        .iter()
        .map(|s| s.id.clone())
        .collect();
    // This session (written at once, so a console can attach) and Alex's earlier one.
    assert_eq!(
        ids,
        ["2026-11-21T16-05-33-pairab", "2026-11-02T10-00-00-alexaa"],
        "only Alex's sessions"
    );
    driver.dispatch(Msg::OpenLibrary);
    driver.dispatch(Msg::Listed(leverage::store::Store::list(&*driver.store)));
    let shown = text_of(&screen(&mut driver.model, 100, 30));
    assert!(
        !shown.contains("OTHERCLIENT") && !shown.contains("suing"),
        "{shown}"
    );
    driver.dispatch(Msg::Key(key(KeyCode::Char('/'))));
    for k in chars("OTHERCLIENT") {
        driver.dispatch(Msg::Key(k));
    }
    let shown = text_of(&screen(&mut driver.model, 100, 30));
    assert!(
        !shown.contains("suing") && !shown.contains("solo words"),
        "{shown}"
    );
    driver.dispatch(Msg::OpenLibrary);
    driver.dispatch(Msg::Key(key(KeyCode::Char('p'))));
    assert!(matches!(driver.model.screen, Screen::Patterns(_)));
    let shown = text_of(&screen(&mut driver.model, 100, 30));
    assert!(!shown.contains("OTHERCLIENT"), "patterns: {shown}");
}

/// The console can attach the moment a paired session starts: its file is written at once.
#[test]
fn a_paired_session_is_on_disk_before_anyone_types() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = leverage::store::FileStore::new(dir.path());
    let mut driver = Driver::new(&mut store, model());
    driver.dispatch(Msg::Resize(100, 30));
    driver.dispatch(Msg::SessionReady {
        session: Box::new(paired_session(0)),
        location: "x".into(),
    });
    let id = match &driver.model.screen {
        leverage::app::Screen::Session(s) => s.session.id.clone(),
        _ => panic!(),
    };
    drop(driver);
    let t = leverage::store::Store::load(&store, &id).expect("written at once");
    assert!(t.pair.is_some());
}

/// Feedback on a rehearsal answer stays with its question: the shared screen shows the
/// feedback on the question on screen only, and exports print it under that question's answer.
#[test]
fn rehearsal_feedback_stays_with_its_question() {
    let guide = leverage_guide();
    let r = common::rehearsal_step(&guide);
    let mut m = paired_model(r);
    let Screen::Session(s) = &mut m.screen else {
        panic!("a session")
    };
    s.session.set_take(r, 0, "My first answer.", t0());
    s.session
        .file(r, Speaker::Coach, "FEEDBACKONE", Visibility::Shared, t0());
    assert!(text_of(&screen(&mut m, 100, 30)).contains("FEEDBACKONE"));
    let Screen::Session(s) = &mut m.screen else {
        panic!("a session")
    };
    s.session.question = 1;
    s.session.set_take(r, 1, "My second answer.", t0());
    s.session
        .file(r, Speaker::Coach, "FEEDBACKTWO", Visibility::Shared, t0());
    let shown = text_of(&screen(&mut m, 100, 30));
    assert!(shown.contains("FEEDBACKTWO"), "{shown}");
    assert!(
        !shown.contains("FEEDBACKONE"),
        "question 1's feedback under question 2:\n{shown}"
    );
    let Screen::Session(s) = &m.screen else {
        panic!("a session")
    };
    let t = s.session.to_transcript();
    let questions = s.session.questions(r);
    for text in [
        leverage::export::text(&t, &jiff::tz::TimeZone::UTC),
        leverage::export::markdown(&t, &jiff::tz::TimeZone::UTC),
    ] {
        let q2 = text.find(questions[1].ask.as_str()).unwrap();
        let one = text.find("FEEDBACKONE").unwrap();
        let two = text.find("FEEDBACKTWO").unwrap();
        assert!(one < q2 && q2 < two, "each under its own question:\n{text}");
    }
    // And it comes back the same way from the file.
    let back = transcript::parse(transcript::to_ron(&t).unwrap().as_bytes()).unwrap();
    assert_eq!(back.steps[r].conversation[0].question, Some(0));
    assert_eq!(back.steps[r].conversation[1].question, Some(1));
}

/// A step's time box counts only the time the session was open: resumed ten hours later, the
/// step goes on from the five minutes spent on it, not from when it was reached.
#[test]
fn a_steps_time_box_counts_only_open_time() {
    let mut s = paired_session(2);
    s.arrived_at = t0();
    s.updated = at(300);
    let t = s.to_transcript();
    let back = Session::from_transcript(&t, leverage_guide());
    let mut m = model();
    let later = at(10 * 3600);
    update(&mut m, Msg::Tick(later));
    update(
        &mut m,
        Msg::SessionReady {
            session: Box::new(back),
            location: "/data/sessions/x.ron".into(),
        },
    );
    let Screen::Session(s) = &m.screen else {
        panic!("a session")
    };
    assert_eq!(s.session.step_secs(later), 300);
    assert_eq!(s.session.step_secs(at(10 * 3600 + 60)), 360);
}

/// F6 is remembered with the session: left in the presentation layout, it opens in it again.
#[test]
fn the_presentation_layout_is_remembered_on_resume() {
    let mut m = paired_model(2);
    assert!(!m.presenting);
    update(&mut m, Msg::Key(key(KeyCode::F(6))));
    assert!(m.presenting);
    let Screen::Session(s) = &m.screen else {
        panic!("a session")
    };
    let t = s.session.to_transcript();
    assert!(t.presentation);
    let back = transcript::parse(transcript::to_ron(&t).unwrap().as_bytes()).unwrap();
    let mut fresh = model();
    update(
        &mut fresh,
        Msg::SessionReady {
            session: Box::new(Session::from_transcript(&back, leverage_guide())),
            location: "/data/sessions/x.ron".into(),
        },
    );
    assert!(fresh.presenting, "opens in the layout it was left in");
}

/// The pair form tells a returning client from a new one and catches a typo without naming
/// anyone who was not typed: Tab fills in the known name.
#[test]
fn the_pair_form_knows_a_returning_client_without_listing_anyone() {
    let mut m = model();
    let mut s = Session::new("2026-11-01T10-00-00-alexaa".into(), leverage_guide(), t0());
    s.pair = Some(Pairing::new("Sam", "Alexandra Chen", None).unwrap());
    let mut other = Session::new("2026-11-02T10-00-00-blairb".into(), leverage_guide(), t0());
    other.pair = Some(Pairing::new("Sam", "Blair", None).unwrap());
    let mut blairs = leverage::store::SessionSummary::of(&other.to_transcript());
    blairs.headline = Some("BLAIRCANARY lost the contract".into());
    let listing = leverage::store::Listing {
        sessions: vec![
            leverage::store::SessionSummary::of(&s.to_transcript()),
            blairs,
        ],
        ..Default::default()
    };
    update(&mut m, Msg::Listed(listing));
    let home = text_of(&screen(&mut m, 90, 30));
    assert!(home.contains("BLAIRCANARY"), "{home}");
    press(&mut m, key(KeyCode::Char('p')));
    // Behind the form (the client may be watching already), home names no session.
    let form = text_of(&screen(&mut m, 90, 30));
    assert!(!form.contains("BLAIR"), "{form}");
    type_in(&mut m, "Sam");
    press(&mut m, key(KeyCode::Enter));
    type_in(&mut m, "Alexandra Chne");
    let form = text_of(&screen(&mut m, 90, 30));
    assert!(
        form.contains("Not seen before, but a letter or two"),
        "{form}"
    );
    assert!(
        !form.contains("Blair") && !form.contains("Alexandra Chen"),
        "{form}"
    );
    press(&mut m, key(KeyCode::Tab));
    let form = text_of(&screen(&mut m, 90, 30));
    assert!(form.contains("Client: Alexandra Chen"), "{form}");
    assert!(form.contains("A returning client: 1 session"), "{form}");
    assert!(!form.contains("Blair"), "{form}");
    // A new name is said to be new; a start of a known one is filled in only on Tab.
    let Some(Dialog::Pair { fields, .. }) = m.overlays.dialog_mut() else {
        panic!("the form is open");
    };
    fields[1].set_text("Bl");
    let form = text_of(&screen(&mut m, 90, 30));
    assert!(
        form.contains("A new client.") && !form.contains("Blair"),
        "{form}"
    );
    press(&mut m, key(KeyCode::Tab));
    assert!(text_of(&screen(&mut m, 90, 30)).contains("Client: Blair"));
}

/// On a scale step the client picks a number, the coach asks what put it there, and the
/// client's keys then write a reply (digits too) that is filed as their turn; a reply half
/// written is saved with the session and taken up again.
#[test]
fn a_scale_step_takes_the_clients_reply_to_a_follow_up() {
    let mut m = paired_model(0);
    assert!(matches!(
        session(&m).session.kind(),
        leverage::guide::StepKind::Scale(_)
    ));
    type_in(&mut m, "3");
    press(&mut m, key(KeyCode::F(2)));
    type_in(&mut m, "What put it at 3?");
    press(&mut m, key(KeyCode::F(2)));
    assert_eq!(session(&m).target(), Target::Reply);
    let text = text_of(&screen(&mut m, 100, 30));
    assert!(text.contains("a reply to the follow-up"), "{text}");
    type_in(&mut m, "Mornings, 10 of them");
    // Saved and reopened mid-reply: every word is back, still a reply.
    let t = session(&m).session.to_transcript();
    let again = Session::from_transcript(&t, leverage_guide());
    assert_eq!(again.steps[0].reply_draft, "Mornings, 10 of them");
    let mut m2 = model();
    update(
        &mut m2,
        Msg::SessionReady {
            session: Box::new(again),
            location: "/data/sessions/x.ron".into(),
        },
    );
    assert_eq!(session(&m2).target(), Target::Reply);
    // Handing back files it as the client's turn; the number stays as picked.
    press(&mut m, key(KeyCode::F(2)));
    let s = &session(&m).session;
    assert_eq!(s.steps[0].value, Some(3));
    let turns = common::turns(&s.steps[0].conversation);
    assert_eq!(
        turns,
        [
            (Speaker::Coach, "What put it at 3?"),
            (Speaker::Client, "Mornings, 10 of them")
        ]
    );
    assert!(s.steps[0].reply_draft.is_empty());
    // The coach hands back without a question: the keys pick again.
    assert_eq!(session(&m).target(), Target::Coach);
    press(&mut m, key(KeyCode::F(2)));
    assert_eq!(session(&m).target(), Target::Answer);
    type_in(&mut m, "4");
    assert_eq!(session(&m).session.steps[0].value, Some(4));
}

/// The coach playing the panel asks a question of their own: it becomes one more rehearsal
/// question, put to the client at once, saved with its answer and read back in full.
#[test]
fn the_coach_adds_a_rehearsal_question_on_the_fly() {
    let g = leverage_guide();
    let r = common::rehearsal_step(&g);
    let mut m = paired_model(r);
    let before = session(&m).session.questions(r).len();
    press(&mut m, key(KeyCode::F(2)));
    type_in(&mut m, "Why did the board not see it coming?");
    press(&mut m, key(KeyCode::F(7)));
    let s = session(&m);
    assert_eq!(s.session.questions(r).len(), before + 1);
    assert_eq!(s.session.question, before, "on the new question");
    assert_eq!(s.target(), Target::Answer, "the client answers it");
    let text = text_of(&screen(&mut m, 100, 34));
    assert!(
        text.contains("Why did the board not see it coming?"),
        "{text}"
    );
    type_in(&mut m, "They did, and said nothing.");
    let t = session(&m).session.to_transcript();
    assert_eq!(
        t.steps[r].added_questions,
        ["Why did the board not see it coming?"]
    );
    let again = Session::from_transcript(&t, leverage_guide());
    assert_eq!(again.questions(r).len(), before + 1);
    assert_eq!(
        again.steps[r].takes[before].text,
        "They did, and said nothing."
    );
    let shown = leverage::export::text(&again.to_transcript(), &jiff::tz::TimeZone::UTC);
    assert!(
        shown.contains("Q: Why did the board not see it coming?"),
        "{shown}"
    );
    // Asked twice, or empty: nothing added.
    press(&mut m, key(KeyCode::F(2)));
    press(&mut m, key(KeyCode::F(7)));
    assert_eq!(session(&m).session.questions(r).len(), before + 1);
}
