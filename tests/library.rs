//! Rereading: the library over a folder with a corrupt file, search, revisits, tags, trash,
//! export goldens, patterns, and the library, viewer and patterns screens.

mod common;

use std::sync::atomic::AtomicU64;

use common::{at, chars, ctrl, key, leverage_guide, model, screen_text};
use jiff::tz::TimeZone;
use leverage::app::{Effect, Model, Msg, Screen, update};
use leverage::driver::{Driver, ScriptedEvents, all_docs};
use leverage::export::{Format, render};
use leverage::library::search::search;
use leverage::library::{Filter, SortBy, patterns, visible};
use leverage::session::Session;
use leverage::store::{FileStore, Store};
use leverage::transcript::{Status, Transcript};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode};

/// Three finished sessions a week apart, with known answers, and one left unfinished.
fn fixture_sessions() -> Vec<Transcript> {
    let g = leverage_guide();
    let specs = [
        (
            "2026-09-01T09-00-00-aaaaaa",
            0,
            "The agency lost its anchor client",
            8,
            5,
            "I kept the team paid through the summer.",
        ),
        (
            "2026-09-08T09-00-00-bbbbbb",
            7,
            "Our hardware launch slipped a year",
            7,
            6,
            "I told the board before they asked.",
        ),
        (
            "2026-09-15T09-00-00-cccccc",
            14,
            "The nonprofit merger fell through",
            9,
            4,
            "I stayed for the hand-over.",
        ),
    ];
    let mut out = Vec::new();
    for (id, day, headline, check_in, check_out, resilience) in specs {
        let t0 = at(day * 86_400);
        let mut s = Session::new(id.into(), g.clone(), t0);
        s.set_value(g.step_index("check-in").unwrap(), check_in, t0);
        s.set_text(g.step_index("headline").unwrap(), headline, t0);
        s.set_text(
            g.step_index("story").unwrap(),
            &format!("{headline}. It took months.\n\nDeep in the second paragraph, the word {} appears once.", if day == 7 { "quixotic" } else { "ordinary" }),
            t0,
        );
        s.set_text(g.step_index("resilience").unwrap(), resilience, t0);
        s.set_text(
            g.step_index("debrief").unwrap(),
            &format!("Lesson {day}: measure first."),
            t0,
        );
        s.set_value(g.step_index("check-out").unwrap(), check_out, t0);
        let st = g.step_index("statement").unwrap();
        s.go_to(st, t0);
        // The person keeps the draft, as Enter on it does.
        assert!(s.accept_draft(st, t0));
        s.finish(at(day * 86_400 + 3600));
        out.push(s.to_transcript());
    }
    let mut open = Session::new(
        "2026-09-20T09-00-00-dddddd".into(),
        g.clone(),
        at(19 * 86_400),
    );
    open.set_text(
        g.step_index("headline").unwrap(),
        "Still thinking about the spin-out",
        at(19 * 86_400),
    );
    open.go_to(2, at(19 * 86_400));
    out.push(open.to_transcript());
    out
}

fn fixture_store(dir: &std::path::Path) -> FileStore {
    let mut store = FileStore::new(dir);
    for t in fixture_sessions() {
        store.save(&t).unwrap();
    }
    std::fs::write(
        store.sessions_dir().join("2026-08-01T00-00-00-broken.ron"),
        "(format_version: 1, id: ",
    )
    .unwrap();
    store
}

/// The fixture sessions in a data folder with its caches (summary and search index) beside it.
fn cached_fixture_store(dir: &std::path::Path) -> (FileStore, std::path::PathBuf) {
    let cache = dir.join("cache");
    let mut store = FileStore::new(dir.join("data")).with_index_in(&cache);
    for t in fixture_sessions() {
        store.save(&t).unwrap();
    }
    (store, cache)
}

#[test]
fn the_library_lists_every_valid_session_and_reports_the_corrupt_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture_store(dir.path());
    let listing = store.list();
    assert_eq!(listing.sessions.len(), 4);
    assert_eq!(listing.unreadable.len(), 1);
    assert_eq!(listing.unreadable[0].name, "2026-08-01T00-00-00-broken.ron");
    let by_date = visible(&listing.sessions, None, SortBy::Date);
    assert_eq!(
        listing.sessions[by_date[0]].id, "2026-09-20T09-00-00-dddddd",
        "newest first"
    );
    let by_headline = visible(&listing.sessions, None, SortBy::Headline);
    assert_eq!(
        listing.sessions[by_headline[0]].headline.as_deref(),
        Some("Our hardware launch slipped a year")
    );
    let done = visible(
        &listing.sessions,
        Some(&Filter::Status(Status::Complete)),
        SortBy::Date,
    );
    assert_eq!(done.len(), 3);
    let unfinished = visible(
        &listing.sessions,
        Some(&Filter::Status(Status::InProgress)),
        SortBy::Date,
    );
    assert_eq!(unfinished.len(), 1);
    assert_eq!(
        leverage::library::shift_label(&listing.sessions[by_date[1]]),
        "9 → 4"
    );
}

#[test]
fn search_finds_a_word_deep_in_one_answer_and_shows_a_snippet_around_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture_store(dir.path());
    let docs = all_docs(&store);
    let hits = search(&docs, "QUIXOTIC", 1, &AtomicU64::new(1)).unwrap();
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit.id, "2026-09-08T09-00-00-bbbbbb");
    assert_eq!(hit.place().label(), "The story");
    assert!(
        hit.snippet().contains("the word quixotic appears"),
        "{}",
        hit.snippet()
    );
    assert!(
        hit.snippet().starts_with('…'),
        "cut before: {}",
        hit.snippet()
    );
    assert_eq!(hit.marks().len(), 1);
    assert_eq!(&hit.snippet()[hit.marks()[0].clone()], "quixotic");
    // Fuzzy on headlines: letters in order.
    let fuzzy = search(&docs, "hrdwr", 2, &AtomicU64::new(2)).unwrap();
    assert_eq!(fuzzy[0].id, "2026-09-08T09-00-00-bbbbbb");
    // Words anywhere in the session, in any order.
    let words = search(&docs, "board told", 3, &AtomicU64::new(3)).unwrap();
    assert_eq!(words.len(), 1);
    // A newer query cancels an older one.
    assert!(search(&docs, "month", 4, &AtomicU64::new(5)).is_none());
}

#[test]
fn a_revisit_note_is_appended_and_the_answers_stay_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let id = "2026-09-01T09-00-00-aaaaaa";
    let before = std::fs::read_to_string(store.path_of(id)).unwrap();
    let mut driver = Driver::new(&mut store, model());
    driver.start(Effect::AddRevisit {
        id: id.into(),
        text: "Reading this in December: calmer.".into(),
        at: at(100 * 86_400),
    });
    driver.start(Effect::SetTags {
        id: id.into(),
        before: Vec::new(),
        after: vec!["agency".into()],
    });
    drop(driver);
    let after = std::fs::read_to_string(store.path_of(id)).unwrap();
    let answers = |text: &str| {
        text[text.find("    steps: [").unwrap()..text.find("    tags:").unwrap()].to_string()
    };
    assert_eq!(answers(&before), answers(&after));
    let t = store.load(id).unwrap();
    assert_eq!(t.revisits.len(), 1);
    assert_eq!(t.revisits[0].text, "Reading this in December: calmer.");
    assert_eq!(t.tags, ["agency"]);
    assert_eq!(
        t.finished,
        fixture_sessions()[0].finished,
        "reading never reopens a session"
    );
}

#[test]
fn trash_and_restore_round_trip_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let id = "2026-09-08T09-00-00-bbbbbb";
    let bytes = std::fs::read(store.path_of(id)).unwrap();
    store.delete(id).unwrap();
    assert!(!store.path_of(id).exists());
    assert_eq!(store.list().sessions.len(), 3);
    assert_eq!(store.trash().sessions[0].id, id);
    store.restore(id).unwrap();
    assert_eq!(std::fs::read(store.path_of(id)).unwrap(), bytes);
    store.delete(id).unwrap();
    assert_eq!(store.empty_trash().unwrap(), 1);
    assert!(
        store.restore(id).is_err(),
        "gone for good only after emptying"
    );
}

#[test]
fn export_golden_files() {
    let t = &fixture_sessions()[1];
    let mut t = t.clone();
    t.tags = vec!["hardware".into()];
    t.revisits.push(leverage::transcript::Revisit {
        written: at(40 * 86_400),
        text: "Still true.".into(),
    });
    insta::assert_snapshot!(
        "export_markdown",
        render(&t, Format::Markdown, &TimeZone::UTC)
    );
    insta::assert_snapshot!("export_text", render(&t, Format::Text, &TimeZone::UTC));
    let json: serde_json::Value =
        serde_json::from_str(&render(&t, Format::Json, &TimeZone::UTC)).unwrap();
    assert_eq!(json["headline"], "Our hardware launch slipped a year");
}

#[test]
fn patterns_lay_lessons_side_by_side_and_chart_the_check_ins() {
    let sessions = fixture_sessions();
    let p = patterns::gather(sessions, &|_, _| None);
    let resilience = &p
        .points
        .iter()
        .find(|(name, _)| name == "Resilience")
        .unwrap()
        .1;
    let texts: Vec<&str> = resilience.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "I stayed for the hand-over",
            "I told the board before they asked",
            "I kept the team paid through the summer"
        ]
    );
    let series: Vec<_> = p.series.iter().map(|r| (r.check_in, r.check_out)).collect();
    assert_eq!(
        series,
        [(Some(8), Some(5)), (Some(7), Some(6)), (Some(9), Some(4))]
    );
    assert_eq!(p.points[0].0, "Resilience", "points in the guide's order");
}

fn run_screen(
    store: &mut FileStore,
    script: Vec<Event>,
    w: u16,
    h: u16,
) -> (Terminal<TestBackend>, Model) {
    let mut m = model();
    m.listing = store.list();
    let mut driver = Driver::new(store, m);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    driver.dispatch(Msg::Resize(w, h));
    let mut events = ScriptedEvents::new(script);
    // Run until the script is used up, but without the driver's own exit on close.
    driver.run(&mut term, &mut events).unwrap();
    let model = std::mem::replace(&mut driver.model, model());
    (term, model)
}

fn ev(k: ratatui::crossterm::event::KeyEvent) -> Event {
    Event::Key(k)
}

#[test]
fn library_viewer_and_patterns_screens() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    for (w, h) in [(80u16, 24u16), (50, 15)] {
        let (term, m) = run_screen(&mut store, vec![ev(key(KeyCode::Char('l')))], w, h);
        assert!(matches!(m.screen, Screen::Library(_)));
        insta::assert_snapshot!(format!("library_{w}x{h}"), term.backend());
        let mut script = vec![ev(key(KeyCode::Char('l'))), ev(key(KeyCode::Char('/')))];
        script.extend(chars("quixotic").into_iter().map(ev));
        let (term, _) = run_screen(&mut store, script, w, h);
        insta::assert_snapshot!(format!("library_search_{w}x{h}"), term.backend());
        let script = vec![
            ev(key(KeyCode::Char('l'))),
            ev(key(KeyCode::Down)),
            ev(key(KeyCode::Enter)),
        ];
        let (term, m) = run_screen(&mut store, script, w, h);
        assert!(matches!(m.screen, Screen::Viewer(_)));
        insta::assert_snapshot!(format!("viewer_{w}x{h}"), term.backend());
        let script = vec![ev(key(KeyCode::Char('l'))), ev(key(KeyCode::Char('p')))];
        let (term, m) = run_screen(&mut store, script, w, h);
        assert!(matches!(m.screen, Screen::Patterns(_)));
        insta::assert_snapshot!(format!("patterns_{w}x{h}"), term.backend());
    }
}

#[test]
fn the_viewer_finds_within_and_jumps_between_steps_without_changing_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture_store(dir.path());
    let id = "2026-09-08T09-00-00-bbbbbb";
    let before = std::fs::read(store.path_of(id)).unwrap();
    let mut m = model();
    update(&mut m, Msg::Resize(80, 24));
    let t = store.load(id).unwrap();
    update(
        &mut m,
        Msg::TranscriptLoaded {
            id: t.id.clone(),
            result: Ok(Box::new(t)),
        },
    );
    let Screen::Viewer(v) = &m.screen else {
        panic!()
    };
    let steps = v.reading.steps.clone();
    update(&mut m, Msg::Key(key(KeyCode::Tab)));
    update(&mut m, Msg::Key(key(KeyCode::Tab)));
    let Screen::Viewer(v) = &m.screen else {
        panic!()
    };
    assert_eq!(v.scroll, steps[1]);
    update(&mut m, Msg::Key(key(KeyCode::Char('/'))));
    for k in chars("measure") {
        update(&mut m, Msg::Key(k));
    }
    update(&mut m, Msg::Key(key(KeyCode::Enter)));
    let Screen::Viewer(v) = &m.screen else {
        panic!()
    };
    assert!(!v.matches.is_empty());
    let first = v.matches[v.current_match];
    assert!(
        v.reading.lines[first]
            .text
            .to_lowercase()
            .contains("measure")
    );
    update(&mut m, Msg::Key(key(KeyCode::Char('n'))));
    update(&mut m, Msg::Key(key(KeyCode::Char('N'))));
    let Screen::Viewer(v) = &m.screen else {
        panic!()
    };
    assert_eq!(v.matches[v.current_match], first, "n then N comes back");
    update(&mut m, Msg::Scroll(3));
    update(&mut m, Msg::Key(ctrl('c')));
    assert_eq!(std::fs::read(store.path_of(id)).unwrap(), before);
}

#[test]
fn esc_from_the_viewer_returns_to_the_library_as_it_was_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let mut script = vec![ev(key(KeyCode::Char('l'))), ev(key(KeyCode::Char('s')))];
    script.push(ev(key(KeyCode::Char('/'))));
    script.extend(chars("quixotic").into_iter().map(ev));
    // Enter leaves the search field with its query; Enter again opens the hit.
    script.push(ev(key(KeyCode::Enter)));
    script.push(ev(key(KeyCode::Enter)));
    script.push(ev(key(KeyCode::Esc)));
    let (_, m) = run_screen(&mut store, script, 80, 24);
    let Screen::Library(lib) = &m.screen else {
        panic!("Esc goes back to the library: {:?}", m.screen);
    };
    assert_eq!(
        lib.search.as_ref().map(|f| f.text()),
        Some("quixotic".to_string()),
        "the search is kept"
    );
    assert_ne!(lib.sort, Default::default(), "the sort is kept");
    assert!(m.history.is_empty());
}

#[test]
fn words_whose_case_changes_length_are_found_in_the_library_and_the_viewer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let mut s = Session::new(
        "2026-09-20T09-00-00-istanb".into(),
        common::leverage_guide(),
        common::at(0),
    );
    s.set_text(1, "The İSTANBUL office closed", common::at(0));
    s.set_text(
        2,
        "We opened İSTANBUL and STRAẞE in one winter.",
        common::at(0),
    );
    store.save(&s.to_transcript()).unwrap();
    for query in ["İSTANBUL", "istanbul", "STRAẞE", "i"] {
        let mut script = vec![ev(key(KeyCode::Char('l'))), ev(key(KeyCode::Char('/')))];
        script.extend(chars(query).into_iter().map(ev));
        let (term, _) = run_screen(&mut store, script, 80, 24);
        let shown: String = term
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(shown.contains("İSTANBUL"), "{query}: the hit is shown");
        // Open the hit and find the word within it.
        let mut script = vec![ev(key(KeyCode::Char('l'))), ev(key(KeyCode::Char('/')))];
        script.extend(chars("İSTANBUL").into_iter().map(ev));
        script.push(ev(key(KeyCode::Enter)));
        script.push(ev(key(KeyCode::Enter)));
        script.push(ev(key(KeyCode::Char('/'))));
        script.extend(chars(query).into_iter().map(ev));
        script.push(ev(key(KeyCode::Enter)));
        let (_, m) = run_screen(&mut store, script, 80, 24);
        let Screen::Viewer(v) = &m.screen else {
            panic!("{query}: the viewer is open: {:?}", m.screen);
        };
        assert!(!v.matches.is_empty(), "{query}: found within");
    }
}

#[test]
fn tags_saved_from_the_library_keep_a_tag_another_device_added_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let id = "2026-09-01T09-00-00-aaaaaa";
    let mut m = model();
    m.listing = store.list();
    let mut driver = Driver::new(&mut store, m);
    driver.dispatch(Msg::Resize(80, 24));
    driver.dispatch(Msg::OpenLibrary);
    // Find the session's row and open its tags.
    let Screen::Library(lib) = &driver.model.screen else {
        panic!()
    };
    let row = lib
        .rows(&driver.model.listing)
        .iter()
        .position(|r| r.session.id == id)
        .unwrap();
    for _ in 0..row {
        driver.dispatch(Msg::Key(key(KeyCode::Down)));
    }
    driver.dispatch(Msg::Key(key(KeyCode::Char('t'))));
    // Another device's version arrives (a sync tool writes the file) with a tag of its own.
    let mut other = FileStore::new(dir.path());
    let mut t = other.load(id).unwrap();
    t.tags.push("remote-tag".into());
    other.save(&t).unwrap();
    for k in chars(", board") {
        driver.dispatch(Msg::Key(k));
    }
    driver.dispatch(Msg::Key(key(KeyCode::Enter)));
    drop(driver);
    let tags = store.load(id).unwrap().tags;
    assert!(tags.contains(&"remote-tag".to_string()), "{tags:?}");
    assert!(tags.contains(&"board".to_string()), "{tags:?}");
}

#[test]
fn a_revisit_note_clears_the_reminder_that_asked_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let id = "2026-09-01T09-00-00-aaaaaa";
    let mut driver = Driver::new(&mut store, model());
    driver.start(Effect::SetRevisitDue {
        id: id.into(),
        due: Some(at(30 * 86_400)),
    });
    driver.start(Effect::AddRevisit {
        id: id.into(),
        text: "Came back to it.".into(),
        at: at(31 * 86_400),
    });
    drop(driver);
    let t = store.load(id).unwrap();
    assert_eq!(t.revisit_due, None, "revisiting deals with the reminder");
    assert_eq!(t.revisits.len(), 1);
}

/// A search hit opens at the match with find filled in, and back returns to the library
/// with its search as it was left.
#[test]
fn a_search_hit_opens_at_its_match_and_back_keeps_the_search() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let mut script = vec![ev(key(KeyCode::Char('l'))), ev(key(KeyCode::Char('/')))];
    script.extend(chars("quixotic").into_iter().map(ev));
    script.push(ev(key(KeyCode::Enter))); // leave the search field
    script.push(ev(key(KeyCode::Enter))); // open the hit
    let (term, mut m) = run_screen(&mut store, script, 80, 24);
    let Screen::Viewer(v) = &m.screen else {
        panic!("{:?}", term.backend())
    };
    assert_eq!(
        v.find.as_ref().map(|f| f.text()).as_deref(),
        Some("quixotic")
    );
    assert!(!v.matches.is_empty());
    let shown: String = format!("{}", term.backend());
    assert!(
        shown.to_lowercase().contains("quixotic"),
        "the match is on screen: {shown}"
    );
    m.go_back();
    let Screen::Library(lib) = &m.screen else {
        panic!()
    };
    assert_eq!(
        lib.search.as_ref().map(|f| f.text()).as_deref(),
        Some("quixotic")
    );
}

/// From a search hit's session, n past its last match goes on to the next session found
/// (opened at its match), N before the first back to the previous one, and back returns to
/// the library on the session last read.
#[test]
fn n_and_shift_n_step_on_through_the_sessions_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let mut search = vec![ev(key(KeyCode::Char('l'))), ev(key(KeyCode::Char('/')))];
    search.extend(chars("pressure").into_iter().map(ev));
    let (_, m) = run_screen(&mut store, search.clone(), 80, 24);
    let Screen::Library(lib) = &m.screen else {
        panic!("{:?}", m.screen)
    };
    let found: Vec<String> = lib
        .rows(&m.listing)
        .iter()
        .map(|r| r.session.id.clone())
        .collect();
    assert!(found.len() >= 2, "{found:?}");
    let open = |keys: &[KeyCode], store: &mut FileStore| {
        let mut script = search.clone();
        script.push(ev(key(KeyCode::Enter))); // the first hit, from the search field
        script.extend(keys.iter().map(|&k| ev(key(k))));
        run_screen(store, script, 80, 24).1
    };
    let reading = |m: &Model| match &m.screen {
        Screen::Viewer(v) => (
            v.transcript.id.clone(),
            v.find.as_ref().map(|f| f.text()),
            v.current_match,
            v.matches.len(),
        ),
        _ => panic!("the reader"),
    };
    // Two matches in each (the statement, and its step): the second, then on.
    let m = open(&[KeyCode::Char('n')], &mut store);
    let (id, _, at, matches) = reading(&m);
    assert_eq!((id.as_str(), at, matches), (found[0].as_str(), 1, 2));
    let m = open(&[KeyCode::Char('n'); 2], &mut store);
    let (id, find, at, _) = reading(&m);
    assert_eq!(id, found[1]);
    assert_eq!(find.as_deref(), Some("pressure"), "opened at its match");
    assert_eq!(at, 0);
    // Past the last: it says so and stays.
    let last = found.len() - 1;
    let m = open(&vec![KeyCode::Char('n'); 2 * found.len()], &mut store);
    assert_eq!(reading(&m).0, found[last]);
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("last session found")),
        "{:?}",
        m.status
    );
    // Back with N, at its last match; back to the library on it.
    let m = open(
        &[KeyCode::Char('n'), KeyCode::Char('n'), KeyCode::Char('N')],
        &mut store,
    );
    let (id, _, at, matches) = reading(&m);
    assert_eq!(id, found[0]);
    assert_eq!((at, matches), (1, 2), "at its last match");
    let m = open(
        &[KeyCode::Char('n'), KeyCode::Char('n'), KeyCode::Esc],
        &mut store,
    );
    let Screen::Library(lib) = &m.screen else {
        panic!("back to the library")
    };
    assert_eq!(
        lib.selected_id(&m.listing).as_deref(),
        Some(found[1].as_str())
    );
}

/// A reminder can be set, snoozed or cleared from the library and the reader, not only at the
/// end of a session.
#[test]
fn reminders_are_set_snoozed_and_cleared_from_the_library_and_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let id = store.list().sessions[0].id.clone();
    // In the library, on the first row: a week from now.
    let (_, m) = run_screen(
        &mut store,
        vec![ev(key(KeyCode::Char('l'))), ev(key(KeyCode::Char('1')))],
        80,
        24,
    );
    let due = store
        .load(&id)
        .unwrap()
        .revisit_due
        .expect("set from the library");
    let days = (due.as_second() - m.now.as_second()) / 86_400;
    assert!((6..=7).contains(&days), "{days} days");
    // In the reader: three months, then cleared.
    let script = vec![
        ev(key(KeyCode::Char('l'))),
        ev(key(KeyCode::Enter)),
        ev(key(KeyCode::Char('3'))),
    ];
    run_screen(&mut store, script, 80, 24);
    let due = store.load(&id).unwrap().revisit_due.unwrap();
    assert!(due.as_second() - m.now.as_second() > 80 * 86_400);
    let script = vec![
        ev(key(KeyCode::Char('l'))),
        ev(key(KeyCode::Enter)),
        ev(key(KeyCode::Char('x'))),
    ];
    run_screen(&mut store, script, 80, 24);
    assert_eq!(
        store.load(&id).unwrap().revisit_due,
        None,
        "cleared from the reader"
    );
}

/// The home screen lists a handful of unfinished sessions and says how many more there are.
#[test]
fn home_lists_a_handful_of_each_kind_and_how_many_more() {
    use leverage::app::HomeItem;
    let mut m = model();
    let mut listing = leverage::store::Listing::default();
    for n in 0..8 {
        let s = Session::new(
            format!("2026-11-0{}T10-00-00-unfin{n}", n + 1),
            common::leverage_guide(),
            common::t0(),
        );
        listing
            .sessions
            .push(leverage::store::SessionSummary::of(&s.to_transcript()));
    }
    listing.sort();
    m.listing = listing;
    let items = m.home_items();
    let resumes = items
        .iter()
        .filter(|i| matches!(i, HomeItem::Resume { .. }))
        .count();
    assert_eq!(resumes, 5);
    assert!(
        items.contains(&HomeItem::More {
            count: 3,
            what: "unfinished",
            filter: Some(Filter::Status(Status::InProgress)),
        }),
        "{items:?}"
    );
    // Seven finished sessions due for a revisit, and one set for later.
    for n in 0..8 {
        let mut t = fixture_sessions().remove(0);
        t.id = format!("2026-10-0{}T10-00-00-dueses{n}", n + 1);
        t.revisit_due = Some(if n == 7 {
            m.now + jiff::SignedDuration::from_hours(24)
        } else {
            m.now - jiff::SignedDuration::from_hours(24)
        });
        m.listing
            .sessions
            .push(leverage::store::SessionSummary::of(&t));
    }
    // Seven started on this day in other years.
    let zoned = m.now.to_zoned(m.tz.clone());
    for n in 0..7 {
        let mut t = fixture_sessions().remove(0);
        t.id = format!("2020-01-0{}T10-00-00-oldday{n}", n + 1);
        t.started = zoned
            .checked_sub(jiff::Span::new().years(n + 1))
            .unwrap()
            .timestamp();
        m.listing
            .sessions
            .push(leverage::store::SessionSummary::of(&t));
    }
    m.listing.sort();
    m.scope_listing();
    // "and N more" opens the library filtered to them, and says so.
    for (what, shown) in [
        ("unfinished", 8),
        ("due for a revisit", 7),
        ("from this day in other years", 7),
    ] {
        m.screen = Screen::Home;
        let items = m.home_items();
        m.home_selected = items
            .iter()
            .position(|i| matches!(i, HomeItem::More { what: w, .. } if *w == what))
            .unwrap_or_else(|| panic!("and N more {what}: {items:?}"));
        update(&mut m, Msg::Key(key(KeyCode::Enter)));
        let Screen::Library(lib) = &m.screen else {
            panic!("{what}: the library")
        };
        assert_eq!(lib.rows(&m.listing).len(), shown, "{what}");
        let f = lib.active_filter().expect("filtered").clone();
        let label = match what {
            "unfinished" => "status: in progress",
            "from this day in other years" => "on this day",
            w => w,
        };
        assert_eq!(f.label(), label);
        // And `f` goes on from there to the other filters, then to none.
        update(&mut m, Msg::Key(key(KeyCode::Char('f'))));
        let Screen::Library(lib) = &m.screen else {
            panic!()
        };
        assert_ne!(lib.active_filter().map(Filter::label), Some(f.label()));
    }
}

/// Search and the filter combine, and the header says the hits are ranked by match.
#[test]
fn search_keeps_to_the_active_filter_and_says_how_hits_are_ordered() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let all = store.list().sessions.len();
    let mut script = vec![ev(key(KeyCode::Char('l')))];
    // Cycle the filter until it narrows the list.
    script.push(ev(key(KeyCode::Char('f'))));
    script.push(ev(key(KeyCode::Char('/'))));
    script.extend(chars("measure").into_iter().map(ev));
    let (term, m) = run_screen(&mut store, script, 100, 30);
    let Screen::Library(lib) = &m.screen else {
        panic!()
    };
    let filter = lib.active_filter().expect("a filter is on");
    let rows = lib.rows(&m.listing);
    assert!(
        rows.iter().all(|r| filter.accepts(r.session)),
        "every hit passes {}",
        filter.label()
    );
    assert!(rows.len() <= all);
    let shown = format!("{}", term.backend());
    assert!(shown.contains("best match first"), "{shown}");
}

/// Search as people type it: accents and case aside, one letter off when little matches,
/// "phrases", and tag:, guide:, client:, after: and before: filters; a headline whose
/// letters merely appear in order is no hit when real matches exist.
#[test]
fn search_folds_accents_forgives_a_typo_and_takes_phrases_and_filters() {
    use leverage::library::search::{Doc, Place, SearchIndex};
    let doc = |id: &str, headline: &str, text: &str, guide: &str, tags: &[&str]| Doc {
        id: id.into(),
        headline: headline.into(),
        guide: guide.into(),
        client: None,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        fields: vec![(Place::Step("The story".into()), text.into())],
    };
    let docs = vec![
        (
            doc(
                "a",
                "The Zürich office closed",
                "We ran out of runway in two weeks.",
                "leverage",
                &["work"],
            ),
            1_700_000_000,
        ),
        (
            doc(
                "b",
                "Harvest season went badly",
                "The harvest failed; weeks two and three.",
                "value-cycle",
                &["farm"],
            ),
            1_760_000_000,
        ),
        (
            doc(
                "c",
                "Hardware arrived, shipped late",
                "Nothing about crops.",
                "leverage",
                &[],
            ),
            1_770_000_000,
        ),
        (
            doc(
                "d",
                "Café launch",
                "A café that never opened.",
                "own-the-story",
                &["work", "food"],
            ),
            1_780_000_000,
        ),
    ];
    let index = SearchIndex::build(docs.clone());
    let by_id = |id: &str| {
        docs.iter()
            .find(|(d, _)| d.id == id)
            .map(|(d, _)| d.clone())
    };
    let ids = |q: &str| -> Vec<String> {
        index
            .query(q, 1, &AtomicU64::new(1), &by_id)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    assert_eq!(ids("zurich"), ["a"], "accents aside");
    assert_eq!(ids("CAFE"), ["d"]);
    assert_eq!(ids("harvest"), ["b"], "no fuzzy noise beside a real match");
    assert_eq!(ids("harvset"), ["b"], "two letters swapped");
    assert_eq!(ids("runwya"), ["a"]);
    let typo = index
        .query("harvset", 1, &AtomicU64::new(1), &by_id)
        .unwrap();
    let h = &typo[0];
    assert_eq!(
        &h.snippet()[h.marks()[0].clone()],
        "Harvest",
        "the word meant is marked"
    );
    assert_eq!(ids("\"two weeks\""), ["a"], "the words together, in order");
    assert_eq!(ids("two weeks"), ["b", "a"], "words anywhere, newest first");
    assert_eq!(ids("tag:work"), ["d", "a"]);
    assert_eq!(ids("tag:work cafe"), ["d"]);
    assert_eq!(ids("guide:value weeks"), ["b"]);
    assert_eq!(ids("after:2025 before:2026-05"), ["c", "b"]);
    assert!(ids("tag:none").is_empty());
}

/// The search index is saved in the cache and brought up to date from the files alone: a
/// session rewritten on another machine is searched as it is now, one that arrives is found,
/// and one deleted leaves no word of it in the saved index.
#[test]
fn the_saved_search_index_follows_the_files_and_forgets_what_is_deleted() {
    use leverage::driver::SearchSource;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, cache) = cached_fixture_store(dir.path());
    let find = |store: &FileStore, q: &str| -> Vec<String> {
        store
            .index(&Default::default())
            .query(q, 1, &AtomicU64::new(1), &|id| store.doc(id))
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    assert_eq!(find(&store, "quixotic"), ["2026-09-08T09-00-00-bbbbbb"]);
    let saved = store.search_cache().unwrap();
    let bytes = std::fs::read(&saved).expect("saved after the first build");
    assert!(String::from_utf8_lossy(&bytes).contains("quixotic"));
    // Rewritten in place elsewhere (a plain cp), with another word.
    let path = store.path_of("2026-09-08T09-00-00-bbbbbb");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("quixotic", "zeppelin")).unwrap();
    assert!(find(&store, "quixotic").is_empty(), "the old word is gone");
    assert_eq!(find(&store, "zeppelin"), ["2026-09-08T09-00-00-bbbbbb"]);
    // One arrives.
    let mut new = fixture_sessions().remove(0);
    new.id = "2026-10-01T09-00-00-newone".into();
    new.headline = Some("Marmalade factory".into());
    std::fs::write(
        store.path_of(&new.id),
        leverage::transcript::to_ron(&new).unwrap(),
    )
    .unwrap();
    assert_eq!(find(&store, "marmalade"), ["2026-10-01T09-00-00-newone"]);
    // Deleted: the saved index holds none of its words.
    store.delete("2026-10-01T09-00-00-newone").unwrap();
    let none_left = || {
        common::walk(&cache).iter().all(|p| {
            !String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).contains("Marmalade")
        })
    };
    assert!(none_left(), "deleting forgets the saved index");
    assert!(find(&store, "marmalade").is_empty());
    assert!(none_left(), "and rebuilding does not bring it back");
    // A saved index that is cut or garbled is built again, not trusted.
    std::fs::write(&saved, b"\x01\x02garbage").unwrap();
    assert_eq!(find(&store, "zeppelin"), ["2026-09-08T09-00-00-bbbbbb"]);
}

/// The trash inside the library: `d` moves a session there, `T` shows what is there, and
/// Enter brings the chosen one back byte for byte.
#[test]
fn the_library_brings_a_session_back_from_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let id = "2026-09-15T09-00-00-cccccc";
    let before = std::fs::read(store.path_of(id)).unwrap();
    store.delete(id).unwrap();
    assert!(!store.path_of(id).exists());
    let script = vec![ev(key(KeyCode::Char('l'))), ev(key(KeyCode::Char('T')))];
    let (term, m) = run_screen(&mut store, script, 100, 30);
    let shown = format!("{}", term.backend());
    assert!(shown.contains("The trash"), "{shown}");
    assert!(m.overlays.dialog().is_some());
    let script = vec![
        ev(key(KeyCode::Char('l'))),
        ev(key(KeyCode::Char('T'))),
        ev(key(KeyCode::Enter)),
    ];
    let (term, _) = run_screen(&mut store, script, 100, 30);
    assert_eq!(
        std::fs::read(store.path_of(id)).unwrap(),
        before,
        "byte for byte"
    );
    let shown = format!("{}", term.backend());
    assert!(shown.contains("Brought back"), "{shown}");
}

/// The patterns view over two years: the chart says which years and that it shows only the
/// newest sessions that fit, each lesson names the session it comes from, and after paging
/// past the end PageUp moves back at once.
#[test]
fn patterns_name_their_years_and_sessions_and_page_back_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path());
    let g = leverage_guide();
    let lesson = g.steps.iter().position(|s| s.point.is_some()).unwrap();
    let check_in = g.summary.check_in.unwrap();
    for n in 0..20i64 {
        let id = format!("2025-{:02}-01T09-00-00-pat{n:03}", (n % 12) + 1);
        let mut s = Session::new(id, g.clone(), at(n * 40 * 86_400 - 400 * 86_400));
        s.set_value(check_in, 5, at(0));
        s.set_text(
            lesson,
            &format!("Lesson number {n} about measuring first."),
            at(0),
        );
        let h = g.summary.headline.unwrap();
        s.set_text(h, &format!("Setback {n}"), at(0));
        store.save(&s.to_transcript()).unwrap();
    }
    let script = vec![ev(key(KeyCode::Char('l'))), ev(key(KeyCode::Char('p')))];
    let (term, _) = run_screen(&mut store, script, 80, 24);
    let shown = format!("{}", term.backend());
    assert!(
        shown.contains("Dec 2026–Nov 2027"),
        "the years it covers: {shown}"
    );
    assert!(
        shown.contains("by month, last 9 of"),
        "every session, by month: {shown}"
    );
    assert!(shown.contains("from “Setback 19”"), "{shown}");
    let mut script = vec![ev(key(KeyCode::Char('l'))), ev(key(KeyCode::Char('p')))];
    script.extend((0..40).map(|_| ev(key(KeyCode::PageDown))));
    let (deep, _) = run_screen(&mut store, script.clone(), 80, 24);
    script.push(ev(key(KeyCode::PageUp)));
    let (back, _) = run_screen(&mut store, script, 80, 24);
    assert_ne!(
        format!("{}", deep.backend()),
        format!("{}", back.backend()),
        "PageUp moves back at once"
    );
}

/// In patterns, Up and Down pick a lesson, Enter opens the session it comes from, and going
/// back returns to the lesson picked.
#[test]
fn a_lesson_in_patterns_opens_its_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let script = vec![
        ev(key(KeyCode::Char('l'))),
        ev(key(KeyCode::Char('p'))),
        ev(key(KeyCode::Down)),
        ev(key(KeyCode::Enter)),
    ];
    let (_, m) = run_screen(&mut store, script.clone(), 100, 30);
    let Screen::Viewer(v) = &m.screen else {
        panic!("the session opens to read")
    };
    // The second lesson listed is the second-newest session's.
    assert_eq!(v.transcript.id, "2026-09-08T09-00-00-bbbbbb");
    let mut back = script;
    back.push(ev(key(KeyCode::Esc)));
    let (term, m) = run_screen(&mut store, back, 100, 30);
    let Screen::Patterns(p) = &m.screen else {
        panic!("back to patterns")
    };
    assert_eq!(p.selected, 1);
    assert!(
        format!("{}", term.backend()).contains("▸ "),
        "the lesson is marked"
    );
}

/// In the reader, S writes the one-page summary to send the client into the exports folder.
#[test]
fn the_reader_writes_the_summary_to_send() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let script = vec![
        ev(key(KeyCode::Char('l'))),
        ev(key(KeyCode::Enter)),
        ev(key(KeyCode::Char('S'))),
    ];
    let mut m = model();
    m.listing = store.list();
    let mut driver = Driver::new(&mut store, m);
    driver.export_dir = Some(dir.path().join("exports"));
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    driver.dispatch(Msg::Resize(100, 30));
    driver
        .run(&mut term, &mut ScriptedEvents::new(script))
        .unwrap();
    let exports: Vec<_> = common::walk(dir.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".summary.md"))
        .collect();
    assert_eq!(exports.len(), 1, "{}", term.backend());
    let text = std::fs::read_to_string(&exports[0]).unwrap();
    assert!(text.starts_with("# After our session"), "{text}");
}

/// The value cycle's stages are points of their own in patterns: what a person wrote at
/// "Expect it" lines up across their value-cycle sessions.
#[test]
fn the_value_cycles_stages_are_points_in_patterns() {
    let g = leverage::content::Library::built_in()
        .find("value-cycle")
        .cloned()
        .unwrap();
    let i = g.step_index("inevitable").unwrap();
    let mut s = Session::new("2026-11-01T10-00-00-vcycle".into(), g.clone(), at(0));
    s.set_mode("back");
    s.set_text(i, "We polished features nobody asked for.", at(0));
    let p = leverage::library::patterns::gather([s.to_transcript()], &|_, _| None);
    let names: Vec<&str> = p.points.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"Expecting failure"), "{names:?}");
}

/// A query through the search worker, waited for.
fn ask(worker: &mut leverage::driver::SearchWorker, q: &str, generation: u64) -> Vec<String> {
    worker.submit(q.into(), generation);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some((g, hits)) = worker.poll()
            && g == generation
        {
            return hits.into_iter().map(|h| h.id).collect();
        }
        assert!(std::time::Instant::now() < deadline, "no answer");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// The search worker brings the index it holds up to date when sessions change: a word
/// rewritten in a session is found as it is now after a reload.
#[test]
fn the_search_worker_follows_a_changed_session() {
    use leverage::driver::SearchWorker;
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = cached_fixture_store(dir.path());
    let mut worker = SearchWorker::spawn(std::sync::Arc::new(store.clone())).unwrap();
    assert_eq!(
        ask(&mut worker, "quixotic", 1),
        ["2026-09-08T09-00-00-bbbbbb"]
    );
    let path = store.path_of("2026-09-08T09-00-00-bbbbbb");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("quixotic", "zeppelin")).unwrap();
    worker.reload();
    assert_eq!(
        ask(&mut worker, "zeppelin", 2),
        ["2026-09-08T09-00-00-bbbbbb"]
    );
    assert!(ask(&mut worker, "quixotic", 3).is_empty());
}

/// While the search index is built, the worker says how many sessions it has read, and the
/// library's search line says so; once built it says nothing more.
#[test]
fn the_first_index_build_shows_how_far_it_has_got() {
    use leverage::driver::{SearchSource, SearchWorker};
    use leverage::library::search::{Doc, SearchIndex};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex, mpsc};
    struct Slow(Mutex<mpsc::Receiver<()>>);
    impl SearchSource for Slow {
        fn index(&self, read: &AtomicUsize) -> SearchIndex {
            // Half the sessions read, then wait for the test to look.
            read.fetch_add(250, Ordering::Relaxed);
            let _ = self.0.lock().unwrap().recv();
            SearchIndex::default()
        }
        fn refresh(&self, _: &mut SearchIndex, _: &AtomicUsize) -> bool {
            false
        }
        fn doc(&self, _: &str) -> Option<Doc> {
            None
        }
    }
    let (go, wait) = mpsc::channel();
    let mut worker = SearchWorker::spawn(Arc::new(Slow(Mutex::new(wait)))).unwrap();
    worker.warm();
    let start = std::time::Instant::now();
    while worker.reading() != Some(250) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "no progress said"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    go.send(()).unwrap();
    while worker.reading().is_some() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    // On screen: the library's search line while it reads.
    let mut m = model();
    m.listing.sessions = fixture_sessions()
        .iter()
        .map(leverage::store::SessionSummary::of)
        .collect();
    update(&mut m, Msg::Key(key(KeyCode::Char('l'))));
    update(&mut m, Msg::Key(key(KeyCode::Char('/'))));
    for k in chars("less") {
        update(&mut m, Msg::Key(k));
    }
    update(&mut m, Msg::SearchReading(Some(250)));
    let text = screen_text(&mut m, 100, 30);
    assert!(
        text.contains("reading your sessions for search: 250"),
        "{text}"
    );
    assert!(!text.contains("Nothing matches"), "{text}");
    update(&mut m, Msg::SearchReading(None));
    assert!(!screen_text(&mut m, 100, 30).contains("reading your sessions"));
}

/// At launch the saved search index answers at once when the sessions folder has not moved
/// since it matched it; a session rewritten in place meanwhile (which leaves the folder as it
/// was) is caught by the check right after that first answer, and answered again.
#[test]
fn the_saved_index_answers_at_once_and_is_checked_right_after() {
    use leverage::driver::{SearchSource, SearchWorker};
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = cached_fixture_store(dir.path());
    let _ = store.index(&Default::default());
    let unchecked = |store: &FileStore| store.start(&Default::default()).1;
    assert!(unchecked(&store), "nothing moved: used as saved");
    let id = "2026-09-08T09-00-00-bbbbbb";
    let folder_time = || {
        std::fs::metadata(store.sessions_dir())
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = folder_time();
    let text = std::fs::read_to_string(store.path_of(id)).unwrap();
    std::fs::write(store.path_of(id), text.replace("quixotic", "zeppelin")).unwrap();
    assert_eq!(folder_time(), before, "rewritten in place");
    assert!(unchecked(&store));
    let mut worker = SearchWorker::spawn(std::sync::Arc::new(store.clone())).unwrap();
    worker.submit("zeppelin".into(), 1);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some((1, hits)) = worker.poll()
            && hits.iter().any(|h| h.id == id)
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never found as it is now"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(ask(&mut worker, "quixotic", 2).is_empty());
    // A session that arrives moves the folder: the saved index is brought up to date first.
    let mut new = fixture_sessions().remove(0);
    new.id = "2026-10-01T09-00-00-newone".into();
    std::fs::write(
        store.path_of(&new.id),
        leverage::transcript::to_ron(&new).unwrap(),
    )
    .unwrap();
    assert!(!unchecked(&store));
}

/// Opening the library at launch reads the sessions once: the library's own request for a
/// listing stands for the one the first frame would make (with both, every session was held
/// twice at once, one listing kept while the other was read).
#[test]
fn opening_the_library_at_launch_lists_the_sessions_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture_store(dir.path());
    let background = leverage::driver::Background::spawn(store.clone()).unwrap();
    let mut m = model();
    // As at launch: nothing listed yet, the listing to come from the background.
    m.listed = false;
    let mut driver = Driver::new(&mut store, m);
    driver.background = Some(background);
    driver.dispatch(Msg::Resize(80, 24));
    driver.dispatch(Msg::OpenLibrary);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    driver
        .run(&mut term, &mut ScriptedEvents::new(Vec::new()))
        .unwrap();
    assert_eq!(
        driver.background.as_ref().unwrap().listings(),
        1,
        "one listing"
    );
}

/// A hit whose session the first frame's partial listing does not hold yet shows at once,
/// from what the hit says of it (headline and date), and becomes the listing's own row when
/// the whole listing arrives.
#[test]
fn a_search_hit_shows_before_the_whole_listing_arrives() {
    use leverage::driver::SearchSource;
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = cached_fixture_store(dir.path());
    let full = store.list();
    let id = "2026-09-08T09-00-00-bbbbbb";
    // The first frame's listing: the newest sessions only, not the one searched for.
    let mut partial = full.clone();
    partial.sessions.retain(|s| s.id != id);
    partial.partial_of = Some(full.sessions.len());
    let mut m = model();
    m.listing = partial;
    m.listed = false;
    update(&mut m, Msg::OpenLibrary);
    update(&mut m, Msg::Key(key(KeyCode::Char('/'))));
    let mut generation = 0;
    for c in "quixotic".chars() {
        for e in update(&mut m, Msg::Key(key(KeyCode::Char(c)))) {
            if let Effect::Search { generation: g, .. } = e {
                generation = g;
            }
        }
    }
    let hits = store
        .index(&Default::default())
        .query("quixotic", 1, &AtomicU64::new(1), &|i| store.doc(i))
        .unwrap();
    update(&mut m, Msg::SearchResults { generation, hits });
    let Screen::Library(lib) = &m.screen else {
        panic!()
    };
    let rows = lib.rows(&m.listing);
    assert_eq!(rows.len(), 1, "shown before the listing holding it");
    assert!(rows[0].stand_in);
    assert_eq!(rows[0].session.id, id);
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    term.draw(|f| leverage::ui::view(&m, f)).unwrap();
    let shown = format!("{}", term.backend());
    let headline = full.sessions.iter().find(|s| s.id == id).unwrap();
    let headline = headline.headline.as_deref().unwrap();
    assert!(shown.contains(headline), "{shown}");
    update(&mut m, Msg::Listed(full));
    let Screen::Library(lib) = &m.screen else {
        panic!()
    };
    let rows = lib.rows(&m.listing);
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].stand_in, "the listing's own row now");
}

/// Opening the library again reads every session's summary only when something came, went
/// or was saved since (the folder's time says): going home and back is instant, and never
/// holds two listings at once.
#[test]
fn opening_the_library_again_lists_the_sessions_only_when_they_changed() {
    use leverage::store::{Listing, StoreError};
    use std::cell::Cell;
    use std::rc::Rc;
    struct Counting(FileStore, Rc<Cell<usize>>);
    impl Store for Counting {
        fn allocate_id(&mut self, now: jiff::Timestamp) -> Result<String, StoreError> {
            self.0.allocate_id(now)
        }
        fn save(&mut self, t: &Transcript) -> Result<(), StoreError> {
            self.0.save(t)
        }
        fn load(&self, id: &str) -> Result<Transcript, StoreError> {
            self.0.load(id)
        }
        fn list(&self) -> Listing {
            self.1.set(self.1.get() + 1);
            self.0.list()
        }
        fn location(&self, id: &str) -> String {
            self.0.location(id)
        }
        fn delete(&mut self, id: &str) -> Result<(), StoreError> {
            self.0.delete(id)
        }
        fn restore(&mut self, id: &str) -> Result<(), StoreError> {
            self.0.restore(id)
        }
        fn trash(&self) -> Listing {
            self.0.trash()
        }
        fn empty_trash(&mut self) -> Result<usize, StoreError> {
            self.0.empty_trash()
        }
        fn folder_stamp(&self) -> Option<u128> {
            self.0.folder_stamp()
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let lists = Rc::new(Cell::new(0));
    let mut store = Counting(fixture_store(dir.path()), Rc::clone(&lists));
    let mut m = model();
    m.listed = false;
    let mut driver = Driver::new(&mut store, m);
    driver.dispatch(Msg::OpenLibrary);
    assert_eq!(lists.get(), 1);
    let before = driver.model.listing.sessions.len();
    for _ in 0..3 {
        driver.dispatch(Msg::Key(key(KeyCode::Esc)));
        assert!(matches!(driver.model.screen, Screen::Home));
        driver.dispatch(Msg::OpenLibrary);
    }
    assert_eq!(lists.get(), 1, "nothing changed: the listing held stands");
    // A session saved (here, or arriving from another device): read again.
    let mut new = fixture_sessions().remove(0);
    new.id = "2026-10-01T09-00-00-newone".into();
    driver.store.save(&new).unwrap();
    driver.dispatch(Msg::Key(key(KeyCode::Esc)));
    driver.dispatch(Msg::OpenLibrary);
    assert_eq!(lists.get(), 2);
    assert_eq!(driver.model.listing.sessions.len(), before + 1);
}
