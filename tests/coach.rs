//! The coach's side: the console's own logic, `show` and exports leaving coach-only notes out
//! unless asked, and two processes (the shared screen and the console) on one session.

mod common;

use std::time::Duration;

use common::pty::Pty;
use common::{chars, ctrl, key, leverage_guide, run_leverage, t0};
use leverage::console::{Console, ConsoleEffect, ConsoleMsg, update};
use leverage::keymap::Keymap;
use leverage::pairing::{Pairing, Speaker, Visibility};
use leverage::privacy::{CoachNotes, ConsoleNote};
use leverage::session::Session;
use leverage::store::{FileStore, Store};
use leverage::transcript::Transcript;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

const ID: &str = "2026-11-21T16-05-33-coachx";

/// A new paired session: Sam coaching Alex.
fn paired_session() -> Session {
    let mut s = Session::new(ID.into(), leverage_guide(), t0());
    s.pair = Some(Pairing {
        coach: "Sam".into(),
        client: "Alex".into(),
        planned_minutes: None,
        ..Pairing::new("a", "b", None).unwrap()
    });
    s
}

/// A paired session on the story step with a follow-up and a coach-only note.
fn paired_transcript() -> Transcript {
    let mut s = paired_session();
    s.go_to(2, t0());
    s.set_open_turn(2, "We shipped early.", t0());
    s.seal_turn(2, t0());
    s.file(
        2,
        Speaker::Coach,
        "What did you see first?",
        Visibility::Shared,
        t0(),
    );
    s.file(
        2,
        Speaker::Coach,
        "SCREENQZX defensive",
        Visibility::CoachOnly,
        t0(),
    );
    s.to_transcript()
}

fn console_text(c: &Console) -> String {
    let mut term = Terminal::new(TestBackend::new(110, 32)).unwrap();
    term.draw(|f| leverage::console::view::view(c, f)).unwrap();
    let buf = term.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

fn console() -> Console {
    Console::new(
        paired_transcript(),
        Some(leverage_guide()),
        CoachNotes::new(ID),
        Keymap::default_keymap().unwrap(),
        t0(),
    )
}

#[test]
fn the_console_shows_everything_to_the_coach_and_files_notes_of_its_own() {
    let mut c = console();
    let text = console_text(&c);
    for part in [
        "SCREENQZX defensive",
        "What did you see first?",
        "We shipped early.",
        "Purpose",
    ] {
        assert!(text.contains(part), "{part:?} missing:\n{text}");
    }
    for k in chars("ask about the board") {
        update(&mut c, ConsoleMsg::Key(k));
    }
    let effects = update(&mut c, ConsoleMsg::Key(ctrl('o')));
    let [ConsoleEffect::SaveNotes(notes)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(notes.notes.len(), 1);
    assert_eq!(
        (notes.notes[0].step.as_str(), notes.notes[0].text.as_str()),
        ("story", "ask about the board")
    );
    assert!(c.editor.is_empty());
    assert!(console_text(&c).contains("ask about the board"));
}

#[test]
fn the_console_follows_the_shared_screen_and_can_look_back() {
    let mut c = console();
    assert_eq!(c.step_id(), "story");
    update(&mut c, ConsoleMsg::Key(ctrl('p')));
    assert_eq!(c.step_id(), "headline");
    // The shared screen moves on while the coach looks back: the console stays put...
    let mut t = paired_transcript();
    t.current_step = "replay".into();
    update(&mut c, ConsoleMsg::Reloaded(Ok(Box::new(t))));
    assert_eq!(c.step_id(), "headline");
    // ...until told to follow again.
    update(&mut c, ConsoleMsg::Key(ctrl('f')));
    assert_eq!(c.step_id(), "replay");
}

#[test]
fn a_note_half_written_in_the_console_is_saved_as_a_draft_and_comes_back() {
    let mut c = console();
    for k in chars("half a thought") {
        update(&mut c, ConsoleMsg::Key(k));
    }
    let later = t0()
        .checked_add(jiff::SignedDuration::from_secs(3))
        .unwrap();
    let effects = update(&mut c, ConsoleMsg::Tick(later));
    let [ConsoleEffect::SaveNotes(notes)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(notes.notes[0].draft);
    let back = Console::new(
        paired_transcript(),
        None,
        notes.clone(),
        Keymap::default_keymap().unwrap(),
        later,
    );
    assert_eq!(back.editor.text(), "half a thought");
    assert!(back.notes.notes.is_empty());
    // Leaving saves too, then exits once the save is done.
    let mut c = back;
    let effects = update(&mut c, ConsoleMsg::Key(ctrl('q')));
    assert!(matches!(effects.as_slice(), [ConsoleEffect::SaveNotes(_)]));
    assert_eq!(
        update(&mut c, ConsoleMsg::Saved(Ok(()))),
        vec![ConsoleEffect::Exit]
    );
}

/// A data folder holding the paired transcript and a console note.
fn folder_with_notes() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path().join("data"));
    store.save(&paired_transcript()).unwrap();
    let mut notes = CoachNotes::new(ID);
    notes.notes.push(ConsoleNote {
        step: "story".into(),
        text: "CONSOLEQZX ask about the board".into(),
        written: t0(),
        draft: false,
    });
    store.save_notes(&notes).unwrap();
    dir
}

#[test]
fn show_and_exports_leave_coach_only_notes_out_unless_asked() {
    let dir = folder_with_notes();
    for args in [
        vec!["show", ID],
        vec!["show", ID, "--format", "markdown"],
        vec!["show", ID, "--format", "json"],
        vec!["show", ID, "--format", "ron"],
        vec!["export", ID],
        vec!["export", ID, "--format", "text"],
        vec!["export", ID, "--format", "json"],
    ] {
        let out = run_leverage(dir.path(), &args, "");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(!stdout.contains("QZX"), "{args:?} leaked:\n{stdout}");
        assert!(
            stdout.contains("What did you see first?"),
            "{args:?}:\n{stdout}"
        );
        assert!(
            stderr.contains("2 coach-only notes were left out"),
            "{args:?} says how many: {stderr}"
        );
    }
    let out_dir = dir.path().join("out");
    let out = run_leverage(
        dir.path(),
        &["export", "--all", "-o", out_dir.to_str().unwrap()],
        "",
    );
    assert!(out.status.success());
    let file = std::fs::read_to_string(out_dir.join(format!("{ID}.md"))).unwrap();
    assert!(
        !file.contains("QZX") && file.contains("Sam (coach)"),
        "{file}"
    );

    for args in [
        vec!["show", ID, "--include-private"],
        vec!["export", ID, "--include-private"],
    ] {
        let out = run_leverage(dir.path(), &args, "");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("SCREENQZX defensive"),
            "{args:?}:\n{stdout}"
        );
        assert!(
            stdout.contains("CONSOLEQZX ask about the board"),
            "{args:?}:\n{stdout}"
        );
        assert!(
            stdout.contains("coach-only"),
            "marked as private:\n{stdout}"
        );
        assert!(out.stderr.is_empty(), "nothing withheld");
        assert!(
            stdout.contains("Coach's copy") || stdout.contains("COACH'S COPY"),
            "the coach's copy says so at its top:\n{stdout}"
        );
    }
    // Written to a folder, the coach's copy has a name of its own beside the client's.
    let out = run_leverage(
        dir.path(),
        &[
            "export",
            ID,
            "--include-private",
            "-o",
            out_dir.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success());
    let private =
        std::fs::read_to_string(out_dir.join(format!("{ID}.with-private-notes.md"))).unwrap();
    assert!(private.contains("SCREENQZX") && private.starts_with("> **Coach's copy**"));
    let client = std::fs::read_to_string(out_dir.join(format!("{ID}.md"))).unwrap();
    assert!(
        !client.contains("QZX"),
        "the client's copy is left as it was"
    );
}

#[test]
fn the_notes_file_is_private_moves_with_its_session_and_is_never_listed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder_with_notes();
    let mut store = FileStore::new(dir.path().join("data"));
    let path = store.notes_path(ID);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let listing = store.list();
    assert_eq!(listing.sessions.len(), 1, "the notes file is not a session");
    let json = run_leverage(dir.path(), &["list", "--json"], "");
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["sessions"][0]["paired"], true, "{doc}");
    assert_eq!(doc["unreadable"].as_array().map(Vec::len), Some(0), "{doc}");
    assert!(listing.unreadable.is_empty(), "{:?}", listing.unreadable);
    store.delete(ID).unwrap();
    assert!(!path.exists(), "notes go to the trash with their session");
    store.restore(ID).unwrap();
    assert!(store.load_notes(ID).unwrap().is_some());
}

#[test]
fn unreadable_notes_stop_the_console_by_name_and_are_never_overwritten() {
    let dir = folder_with_notes();
    let store = FileStore::new(dir.path().join("data"));
    let path = store.notes_path(ID);
    std::fs::write(&path, "(format_version: 1, session: ").unwrap();
    let out = run_leverage(dir.path(), &["coach", ID], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(".coach.ron") && stderr.contains("line 1"),
        "{stderr}"
    );
    // (Without a terminal it stops even sooner; the file is untouched either way.)
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "(format_version: 1, session: "
    );
    let out = run_leverage(dir.path(), &["show", ID, "--include-private"], "");
    let stderr2 = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr2.contains(".coach.ron"),
        "{stderr} / {stderr2}"
    );
}

#[test]
fn shared_screen_and_console_in_two_processes_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_leverage");
    let mut screen = Pty::spawn(
        bin,
        &[
            "new",
            "--pair",
            "--coach",
            "Sam",
            "--client",
            "Alex",
            "--minutes",
            "30",
        ],
        dir.path(),
    );
    screen.wait_for("Check in");
    screen.wait_for("of 30:00");
    screen.send(b"4");
    screen.send(b"\r");
    screen.wait_for("The setback, in one line");
    screen.send(b"Launch flopped\r");
    screen.wait_for("The story");
    screen.send(b"We shipped early.");
    screen.send(b"\x13"); // Ctrl-S
    std::thread::sleep(Duration::from_millis(300));
    let id = std::fs::read_dir(dir.path().join("data/sessions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| leverage::store::is_transcript_name(n))
        .unwrap()
        .trim_end_matches(".ron")
        .to_string();

    let mut console = Pty::spawn(bin, &["coach", &id], dir.path());
    console.wait_for("coach's console");
    console.wait_for("We shipped early.");
    console.send(b"CONSOLEQZX1 ask about the board");
    console.send(b"\x0f"); // Ctrl-O files it
    console.wait_for("1 note filed");

    screen.send(b"\x0f");
    screen.send(b"SCREENQZX2 defensive");
    screen.send(b"\x0f");
    screen.send(b"\x1bOQ"); // F2: the coach
    screen.send(b"Follow up?");
    screen.send(b"\x1bOQ"); // back to the client
    screen.send(b"More.");
    assert!(!screen.screen().contains("QZX"), "{}", screen.screen());
    screen.send(b"\x0e"); // Ctrl-N: the next step, saved
    screen.wait_for("The replay");
    console.wait_for("The replay");
    console.send(b"draft CONSOLEQZX3");
    console.send(b"\x11"); // Ctrl-Q
    assert_eq!(console.wait_exit(), 0);
    console.assert_restored();
    screen.send(b"\x11");
    assert_eq!(screen.wait_exit(), 0);
    screen.assert_restored();

    let all = run_leverage(dir.path(), &["show", &id, "--include-private"], "");
    let all = String::from_utf8_lossy(&all.stdout);
    for part in [
        "Launch flopped",
        "We shipped early.",
        "Follow up?",
        "More.",
        "SCREENQZX2 defensive",
        "CONSOLEQZX1 ask about the board",
        "draft CONSOLEQZX3",
    ] {
        assert!(all.contains(part), "{part:?} lost:\n{all}");
    }
    let shared = run_leverage(dir.path(), &["show", &id], "");
    let text = String::from_utf8_lossy(&shared.stdout);
    assert!(
        !text.contains("QZX") && text.contains("Follow up?"),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&shared.stderr).contains("3 coach-only notes were left out"));
    let _ = key(KeyCode::Esc);
}

#[test]
fn the_console_and_a_paired_screen_draw_at_every_size_without_panicking() {
    let mut c = console();
    for k in chars("a note long enough to wrap over a few rows of a narrow window") {
        update(&mut c, ConsoleMsg::Key(k));
    }
    let mut m = common::model();
    let mut s = Session::from_transcript(&paired_transcript(), leverage_guide());
    s.go_to(2, t0());
    leverage::app::update(
        &mut m,
        leverage::app::Msg::SessionReady {
            session: Box::new(s),
            location: "x".into(),
        },
    );
    let sizes = (1..=130u16)
        .step_by(3)
        .flat_map(|w| (1..=45u16).step_by(2).map(move |h| (w, h)));
    for (w, h) in sizes {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| leverage::console::view::view(&c, f)).unwrap();
        leverage::app::update(&mut m, leverage::app::Msg::Resize(w, h));
        term.draw(|f| leverage::ui::view(&m, f)).unwrap();
    }
    // The note box too.
    leverage::app::update(&mut m, leverage::app::Msg::Key(ctrl('o')));
    for (w, h) in [(50, 15), (51, 16), (80, 24), (200, 50)] {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        leverage::app::update(&mut m, leverage::app::Msg::Resize(w, h));
        term.draw(|f| leverage::ui::view(&m, f)).unwrap();
    }
}

#[test]
fn following_notices_changes_and_a_session_that_went_away() {
    use leverage::console::Follower;
    let dir = folder_with_notes();
    let store = FileStore::new(dir.path().join("data"));
    let path = store.path_of(ID);
    let mut f = Follower::new(store);
    assert_eq!(
        f.poll(ID),
        None,
        "the first look is what the console opened with"
    );
    assert_eq!(f.poll(ID), None, "nothing changed");
    let mut t = paired_transcript();
    t.current_step = "replay".into();
    let text = leverage::transcript::to_ron(&t).unwrap();
    // A different length, so the change shows even within one tick of the file clock.
    std::fs::write(&path, format!("{text}\n")).unwrap();
    match f.poll(ID) {
        Some(ConsoleMsg::Reloaded(Ok(t))) => assert_eq!(t.current_step, "replay"),
        other => panic!("{other:?}"),
    }
    let moved = path.with_extension("away");
    std::fs::rename(&path, &moved).unwrap();
    assert!(matches!(f.poll(ID), Some(ConsoleMsg::Reloaded(Err(e))) if e.contains("is gone")));
    assert_eq!(f.poll(ID), None, "said once");
    std::fs::rename(&moved, &path).unwrap();
    assert!(
        matches!(f.poll(ID), Some(ConsoleMsg::Reloaded(Ok(_)))),
        "followed again"
    );
}

#[test]
fn an_export_counts_the_sitting_under_way_on_the_session_clock() {
    let mut t = paired_transcript();
    t.clock = Some(leverage::pairing::Clock {
        banked_secs: 60,
        sitting: Some(t0()),
    });
    t.updated = t0()
        .checked_add(jiff::SignedDuration::from_secs(120))
        .unwrap();
    let text =
        leverage::export::render(&t, leverage::export::Format::Text, &jiff::tz::TimeZone::UTC);
    assert!(text.contains("coach Sam · client Alex · 03:00"), "{text}");
}

#[test]
fn a_finished_sessions_export_never_calls_its_last_turn_still_being_written() {
    let mut s = paired_session();
    s.go_to(2, t0());
    s.set_open_turn(2, "We shipped early.", t0());
    s.seal_turn(2, t0());
    s.set_open_turn(2, "And then we learned.", t0());
    let mut t = s.to_transcript();
    let under_way =
        leverage::export::render(&t, leverage::export::Format::Text, &jiff::tz::TimeZone::UTC);
    assert!(under_way.contains("still being written"), "{under_way}");
    t.status = leverage::transcript::Status::Complete;
    for format in [
        leverage::export::Format::Text,
        leverage::export::Format::Markdown,
    ] {
        let done = leverage::export::render(&t, format, &jiff::tz::TimeZone::UTC);
        assert!(!done.contains("still being written"), "{done}");
        assert!(done.contains("And then we learned."), "{done}");
    }
}

/// A finished session: the console says it ended and its timer stands at the session's length.
#[test]
fn the_console_says_the_session_ended_and_its_timer_stops() {
    let mut s = paired_session();
    s.clock.start(t0());
    s.finish(common::at(411)); // 06:51
    let t = s.to_transcript();
    let mut c = Console::new(
        t,
        Some(leverage_guide()),
        CoachNotes::new(ID),
        Keymap::default_keymap().unwrap(),
        common::at(617),
    );
    let text = console_text(&c);
    assert!(text.contains("the session ended at"), "{text}");
    assert!(text.contains("06:51"), "{text}");
    c.now = common::at(2000);
    assert!(
        console_text(&c).contains("06:51"),
        "the timer does not run on"
    );
}

/// A note being written when the shared screen moves on is filed on the step it was about.
#[test]
fn a_note_in_progress_is_filed_on_its_own_step_when_the_shared_screen_moves_on() {
    use leverage::console::{ConsoleMsg, update};
    let mut c = console();
    let drafted_on = c.transcript.current_step.clone();
    for ch in "about the story".chars() {
        update(
            &mut c,
            ConsoleMsg::Key(common::key(ratatui::crossterm::event::KeyCode::Char(ch))),
        );
    }
    let mut moved = paired_transcript();
    moved.current_step = "replay".into();
    update(&mut c, ConsoleMsg::Reloaded(Ok(Box::new(moved))));
    assert_eq!(c.step_id(), drafted_on, "the view stays with the note");
    update(&mut c, ConsoleMsg::Key(common::ctrl('o')));
    let filed = c.notes.notes.last().unwrap();
    assert_eq!(filed.step, drafted_on);
    assert_eq!(filed.text, "about the story");
    assert_eq!(
        c.step_id(),
        "replay",
        "filing it follows the shared screen again"
    );
}

/// When the shared screen goes on under a new id (its file changed underneath it), the
/// console follows it there, notes and all, instead of watching the other device's file.
#[test]
fn the_console_follows_a_session_that_went_on_under_a_new_id() {
    use leverage::console::Follower;
    use leverage::console::{ConsoleEffect, ConsoleMsg, update};
    use leverage::store::{FileStore, Store, StoreError};
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path());
    let t = paired_transcript();
    store.save(&t).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let path = store.path_of(ID);
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("We shipped early.", "Elsewhere.");
    std::fs::write(&path, theirs).unwrap();
    let Err(StoreError::Diverged { saved_as, .. }) = store.save(&t) else {
        panic!("the change underneath diverts the save")
    };
    let mut files = Follower::new(FileStore::new(dir.path()));
    assert_eq!(files.poll(ID), Some(ConsoleMsg::Moved(saved_as.clone())));
    let mut c = console();
    let effects = update(&mut c, ConsoleMsg::Moved(saved_as.clone()));
    assert_eq!(c.id, saved_as);
    assert!(matches!(&effects[..], [ConsoleEffect::SaveNotes(n)] if n.session == saved_as));
    assert!(
        console_text(&c).contains("goes on as"),
        "{}",
        console_text(&c)
    );
}

/// Leaving the console clears its screen and the terminal's scrollback, where a resized window
/// could otherwise keep coach-only notes.
#[test]
fn leaving_the_console_clears_the_scrollback_of_coach_only_words() {
    use common::pty::Pty;
    use leverage::store::{FileStore, Store};
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path().join("data"));
    store.save(&paired_transcript()).unwrap();
    let mut pty = Pty::spawn(env!("CARGO_BIN_EXE_leverage"), &["coach", ID], dir.path());
    pty.wait_for("coach's console");
    pty.send(b"PRIVATECANARY note");
    pty.wait_for("PRIVATECANARY");
    pty.send(b"\x11"); // Ctrl-Q
    pty.wait_exit();
    let raw = pty.raw.lock().unwrap().clone();
    let text = String::from_utf8_lossy(&raw);
    let left = text
        .rfind("\u{1b}[?1049l")
        .expect("left the alternate screen");
    assert!(
        text[left..].contains("\u{1b}[3J"),
        "the scrollback is purged after leaving"
    );
}

/// `leverage coach` with no id follows the paired session open on the shared screen, even
/// when another unfinished paired session was saved after it.
#[test]
fn coach_without_an_id_follows_the_open_shared_screen() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_leverage");
    let mut screen = Pty::spawn(
        bin,
        &["new", "--pair", "--coach", "Sam", "--client", "Alex"],
        dir.path(),
    );
    screen.wait_for("Check in");
    // Another paired session, unfinished and saved later, but not open anywhere.
    let mut other = paired_session();
    other.id = "2099-01-01T00-00-00-otherx".into();
    other.pair.as_mut().unwrap().client = "Blair".into();
    let mut t = other.to_transcript();
    t.updated = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1);
    FileStore::new(dir.path().join("data")).save(&t).unwrap();
    let mut console = Pty::spawn(bin, &["coach"], dir.path());
    console.wait_for("coach's console");
    console.wait_for("Alex");
    assert!(!console.screen().contains("Blair"), "{}", console.screen());
    console.send(b"\x11");
    console.wait_exit();
    screen.send(b"\x11");
    screen.wait_exit();
}

/// The console counts steps as the shared screen does: a step its condition passes over
/// (the care steps, after an ordinary check-in) is not counted.
#[test]
fn the_console_counts_steps_as_the_shared_screen_does() {
    let guide = leverage::content::Library::built_in()
        .find("leverage")
        .cloned()
        .unwrap();
    let mut s = Session::new(ID.into(), guide.clone(), t0());
    s.pair = paired_session().pair;
    s.set_value(guide.summary.check_in.unwrap(), 6, t0());
    let headline = guide.summary.headline.unwrap();
    s.go_to(headline, t0());
    let (at, of) = s.progress();
    assert!(of < guide.steps.len(), "some steps do not run: {of}");
    let t = s.to_transcript();
    assert_eq!(t.progress(headline), (at, of));
    let c = Console::new(
        t,
        Some(guide),
        CoachNotes::new(ID),
        Keymap::default_keymap().unwrap(),
        t0(),
    );
    let text = console_text(&c);
    assert!(text.contains(&format!("step {at} of {of}")), "{text}");
}

/// At 80x24 the console scrolls: the conversation opens on its latest words and PgUp brings
/// back the first; Alt-Down shows the end of a facilitator's guide that does not fit.
#[test]
fn the_console_scrolls_its_guide_and_conversation_at_80x24() {
    let mut s = paired_session();
    s.go_to(2, t0());
    s.file(
        2,
        Speaker::Coach,
        "FIRSTWORDS of it",
        Visibility::Shared,
        t0(),
    );
    for n in 0..30 {
        s.file(
            2,
            Speaker::Coach,
            &format!("Follow-up {n}"),
            Visibility::Shared,
            t0(),
        );
    }
    s.file(
        2,
        Speaker::Coach,
        "LASTWORDS of it",
        Visibility::Shared,
        t0(),
    );
    let mut c = Console::new(
        s.to_transcript(),
        Some(leverage_guide()),
        CoachNotes::new(ID),
        Keymap::default_keymap().unwrap(),
        t0(),
    );
    update(&mut c, ConsoleMsg::Resize(80, 24));
    let at = |c: &Console| {
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| leverage::console::view::view(c, f)).unwrap();
        format!("{}", term.backend())
    };
    let first = at(&c);
    assert!(
        first.contains("LASTWORDS") && !first.contains("FIRSTWORDS"),
        "{first}"
    );
    assert!(first.contains("earlier: PgUp"), "{first}");
    for _ in 0..20 {
        update(&mut c, ConsoleMsg::Key(key(KeyCode::PageUp)));
    }
    let back = at(&c);
    assert!(
        back.contains("FIRSTWORDS") && !back.contains("LASTWORDS"),
        "{back}"
    );
    update(&mut c, ConsoleMsg::Key(key(KeyCode::PageDown)));
    for _ in 0..20 {
        update(&mut c, ConsoleMsg::Key(key(KeyCode::PageDown)));
    }
    assert!(at(&c).contains("LASTWORDS"), "back to the latest");
    // The guide: its last line comes into view.
    let guide = leverage_guide();
    let last = guide.steps[2]
        .facilitator
        .listen_for
        .last()
        .unwrap()
        .clone();
    let tail: String = last.chars().take(20).collect();
    assert!(!at(&c).contains(&tail), "{}", at(&c));
    for _ in 0..10 {
        update(
            &mut c,
            ConsoleMsg::Key(ratatui::crossterm::event::KeyEvent::new(
                KeyCode::Down,
                ratatui::crossterm::event::KeyModifiers::ALT,
            )),
        );
    }
    assert!(at(&c).contains(&tail), "{}", at(&c));
}

/// The console says which rehearsal question the client is answering, with its aim, and how
/// much of the planned session and of the step's time box is left.
#[test]
fn the_console_shows_the_question_up_and_the_time_left() {
    let guide = leverage_guide();
    let r = common::rehearsal_step(&guide);
    let mut s = paired_session();
    s.pair.as_mut().unwrap().planned_minutes = Some(45);
    s.go_to(r, t0());
    s.question = 1;
    s.clock.start(t0());
    let ask = s.questions(r)[1].ask.clone();
    let mut c = Console::new(
        s.to_transcript(),
        Some(guide),
        CoachNotes::new(ID),
        Keymap::default_keymap().unwrap(),
        common::at(600),
    );
    update(&mut c, ConsoleMsg::Tick(common::at(600)));
    let text = console_text(&c);
    assert!(text.contains("Question 2 of"), "{text}");
    let start: String = ask.chars().take(20).collect();
    assert!(text.contains(&start), "{text}");
    assert!(text.contains("35 min left of the session"), "{text}");
}

/// The console's help at 80x24 says there is more and scrolls to its end: the note's keys are
/// under "Writing the private note", and the closing sentence is reached.
#[test]
fn the_consoles_help_scrolls_to_its_end_at_80x24() {
    let mut c = console();
    update(&mut c, ConsoleMsg::Resize(80, 24));
    update(&mut c, ConsoleMsg::Key(key(KeyCode::F(1))));
    let at = |c: &Console| {
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| leverage::console::view::view(c, f)).unwrap();
        format!("{}", term.backend())
    };
    let first = at(&c);
    assert!(first.contains("more below (PgDn)"), "{first}");
    update(&mut c, ConsoleMsg::Key(key(KeyCode::End)));
    let end = at(&c);
    assert!(end.contains("Esc closes."), "{end}");
    assert!(!end.contains("more below"), "{end}");
    let mut all = first.clone();
    all.push_str(&end);
    assert!(all.contains("Writing the private note"), "{all}");
}
