//! The real driver over scripted events: start from home, answer every step, finish, and find
//! every answer in the transcript on disk. Also: leaving mid-session, resuming, failed saves.

mod common;

use common::{ctrl, ev, key, model, typing};
use leverage::app::{Effect, Screen};
use leverage::driver::{Driver, Ending, ScriptedEvents};
use leverage::store::{FileStore, MemoryStore, Store};
use leverage::transcript::{Answer, Status};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode};

fn answers() -> Vec<(&'static str, Vec<Event>)> {
    let text = |s: &str| typing(s);
    vec![
        ("check-in", vec![ev(key(KeyCode::Char('8')))]),
        (
            "headline",
            text("The clinic app we built never found its users"),
        ),
        ("story", {
            let mut v = text("Eighteen months, two pivots.");
            v.push(ev(key(KeyCode::Enter)));
            v.extend(text("I ran product and said yes to every request."));
            v
        }),
        ("replay", text("Hiring sales before the product was ready.")),
        (
            "resilience",
            text("I told the team the truth on the last day."),
        ),
        ("patterns", text("Growth without retention numbers.")),
        ("humility", text("I ask nurses first now.")),
        ("credibility", text("I will say what I got wrong.")),
        ("innovation", text("A tiny paid pilot with one ward.")),
        ("debrief", text("Retention before growth.")),
        (
            "statement",
            vec![ev(key(KeyCode::F(3))), ev(key(KeyCode::End))],
        ),
        ("rehearsal", {
            let mut v = text("We ran out of runway.");
            v.push(ev(ctrl('n')));
            v.extend(text("Talk to ten users first."));
            v.push(ev(ctrl('n')));
            v.extend(text("I have already failed once, carefully."));
            v
        }),
        ("check-out", vec![ev(key(KeyCode::Char('4')))]),
        ("next-step", text("Email Dr. Reyes on Monday.")),
    ]
}

#[test]
fn start_answer_every_step_finish_and_find_it_all_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path());
    let mut script = vec![ev(key(KeyCode::Enter))];
    for (_, events) in answers() {
        script.extend(events);
        script.push(ev(ctrl('n')));
    }
    script.push(ev(key(KeyCode::Enter)));
    script.push(ev(key(KeyCode::Char('q'))));
    let mut driver = Driver::new(&mut store, model());
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let ending = driver
        .run(&mut term, &mut ScriptedEvents::new(script))
        .unwrap();
    assert_eq!(ending, Ending::Quit, "{}", term.backend());
    drop(driver);

    let listing = store.list();
    assert_eq!(listing.sessions.len(), 1);
    let t = store.load(&listing.sessions[0].id).unwrap();
    assert_eq!(t.status, Status::Complete);
    assert!(t.finished.is_some());
    assert_eq!(t.check_in, Some(8));
    assert_eq!(t.check_out, Some(4));
    assert_eq!(
        t.headline.as_deref(),
        Some("The clinic app we built never found its users")
    );
    let statement = t.statement.as_ref().unwrap();
    assert_eq!(statement.audience, "a board");
    assert!(
        statement
            .text
            .contains("The lesson I carry: retention before growth."),
        "{}",
        statement.text
    );
    assert_eq!(t.next_step.as_deref(), Some("Email Dr. Reyes on Monday."));
    let story = t.steps.iter().find(|s| s.id == "story").unwrap();
    match &story.answer {
        Answer::Text { text, .. } => {
            assert_eq!(
                text,
                "Eighteen months, two pivots.\nI ran product and said yes to every request."
            )
        }
        other => panic!("{other:?}"),
    }
    let rehearsal = t.steps.iter().find(|s| s.id == "rehearsal").unwrap();
    let Answer::Rehearsal { takes, .. } = &rehearsal.answer else {
        panic!("{:?}", rehearsal.answer)
    };
    let said: Vec<_> = takes.iter().map(|t| t.answer.as_str()).collect();
    assert_eq!(
        said,
        [
            "We ran out of runway.",
            "Talk to ten users first.",
            "I have already failed once, carefully."
        ]
    );
    assert_eq!(takes[1].question, "What would you do differently?");
    for (id, _) in answers() {
        let rec = t.steps.iter().find(|s| s.id == id).unwrap();
        assert!(
            matches!(
                rec.answer,
                Answer::Text { .. } | Answer::Scale { .. } | Answer::Rehearsal { .. }
            ),
            "{id} was not answered: {:?}",
            rec.answer
        );
    }
}

#[test]
fn leaving_mid_session_saves_and_resume_reopens_at_the_same_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path());
    let mut script = vec![
        ev(key(KeyCode::Enter)),
        ev(key(KeyCode::Char('5'))),
        ev(ctrl('n')),
    ];
    script.extend(typing("half way"));
    script.push(ev(ctrl('c')));
    let mut driver = Driver::new(&mut store, model());
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    assert_eq!(
        driver
            .run(&mut term, &mut ScriptedEvents::new(script))
            .unwrap(),
        Ending::Quit
    );
    drop(driver);

    let id = store.list().sessions[0].id.clone();
    let mut driver = Driver::new(&mut store, model());
    driver.start(Effect::OpenSession { id: id.clone() });
    let Screen::Session(s) = &driver.model.screen else {
        panic!("session not reopened")
    };
    assert_eq!(s.session.current, 1);
    assert_eq!(s.editor().text(), "half way");
    let script = typing(", and more");
    let ending = driver
        .run(&mut term, &mut ScriptedEvents::new(script))
        .unwrap();
    assert_eq!(
        ending,
        Ending::InputClosed,
        "the script ran out: saved on the way out"
    );
    drop(driver);
    let t = store.load(&id).unwrap();
    assert_eq!(t.headline.as_deref(), Some("half way, and more"));
    assert_eq!(t.status, Status::InProgress);
}

#[test]
fn a_failing_store_never_loses_the_words() {
    let mut store = MemoryStore::new();
    store.fail_next_saves(3, std::io::ErrorKind::StorageFull);
    let mut script = vec![ev(key(KeyCode::Enter)), ev(ctrl('n'))];
    script.extend(typing("keep me"));
    script.push(ev(ctrl('s')));
    script.push(ev(ctrl('q')));
    let mut driver = Driver::new(&mut store, model());
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    // Ctrl-N saves (fails), Ctrl-S (fails), Ctrl-Q (fails, asks again), then input closes:
    // the forced save on the way out succeeds.
    let ending = driver
        .run(&mut term, &mut ScriptedEvents::new(script))
        .unwrap();
    assert_eq!(ending, Ending::InputClosed);
    let screen = format!("{}", term.backend());
    assert!(screen.contains("disk full"), "{screen}");
    drop(driver);
    let id = store.list().sessions[0].id.clone();
    assert_eq!(
        store.load(&id).unwrap().headline.as_deref(),
        Some("keep me")
    );
}

#[test]
fn an_unreadable_transcript_is_shown_on_home_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path());
    std::fs::create_dir_all(store.sessions_dir()).unwrap();
    let bad = store.sessions_dir().join("2026-01-01T00-00-00-broken.ron");
    std::fs::write(&bad, "(not a transcript").unwrap();
    let mut m = model();
    m.listing = store.list();
    let mut driver = Driver::new(&mut store, m);
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    driver
        .run(
            &mut term,
            &mut ScriptedEvents::new(vec![ev(key(KeyCode::Char('q')))]),
        )
        .unwrap();
    let screen = format!("{}", term.backend());
    assert!(
        screen.contains("2026-01-01T00-00-00-broken.ron"),
        "{screen}"
    );
    assert_eq!(std::fs::read_to_string(&bad).unwrap(), "(not a transcript");
}
