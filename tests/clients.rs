//! A coach's practice around the hour: clients, the next step of one session looked at at the
//! start of the next with the same client, and the recap sent afterwards.

mod common;

use std::time::Duration;

use common::pty::Pty;
use common::{at, leverage_guide, run_leverage, screen_text};
use leverage::pairing::{Pairing, Speaker, Visibility};
use leverage::session::Session;
use leverage::store::{FileStore, Store};
use leverage::transcript::{ReviewStatus, Transcript};

const DAY: i64 = 86_400;

/// A finished paired session with `client`, started `day` days after t0, whose next step is
/// `next`, with a coach-only note holding a canary on its story step.
fn finished(id: &str, client: &str, day: i64, next: &str) -> Transcript {
    let when = at(day * DAY);
    let mut s = Session::new(id.into(), leverage_guide(), when);
    s.pair = Some(Pairing::new("Sam", client, None).unwrap());
    s.file(
        2,
        Speaker::Coach,
        "PRIVATECANARY sounds defensive",
        Visibility::CoachOnly,
        when,
    );
    let mut t = s.to_transcript();
    t.next_step = Some(next.into());
    t.goal = Some("Two minutes I could say to a panel.".into());
    t.headline = Some("Our launch was cancelled".into());
    t.status = leverage::transcript::Status::Complete;
    t.finished = Some(when);
    t
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::pin_guide(dir.path());
    let mut store = FileStore::new(dir.path().join("data"));
    store
        .save(&finished(
            "2026-11-01T10-00-00-alexaa",
            "Alex",
            0,
            "Call Ana on Tuesday.",
        ))
        .unwrap();
    store
        .save(&finished(
            "2026-11-03T10-00-00-blairb",
            "Blair",
            2,
            "BLAIRCANARY step.",
        ))
        .unwrap();
    dir
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `leverage clients` lists each client with what is open; `list --client` keeps to one.
#[test]
fn clients_and_list_by_client() {
    let dir = folder();
    let out = run_leverage(dir.path(), &["clients"], "");
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Alex: 1 session"), "{text}");
    assert!(
        text.contains("for Alex, no date set: Call Ana on Tuesday."),
        "{text}"
    );
    assert!(text.contains("Blair: 1 session"), "{text}");
    let out = run_leverage(dir.path(), &["list", "--client", "alex"], "");
    let text = stdout(&out);
    assert!(text.contains("alexaa") && text.contains("[Alex]"), "{text}");
    assert!(!text.contains("blairb"), "{text}");
    let out = run_leverage(dir.path(), &["clients", "--json"], "");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc[1]["client"], "Alex");
    assert_eq!(doc[1]["open"][0]["text"], "Call Ana on Tuesday.");
}

/// The next session with the same client (typed in another case) opens on last time's next
/// step; what is said about it is saved in the new session, the name is spelt as before, and
/// a step that is done is open no more. Another client's step never shows.
#[test]
fn the_next_session_with_a_client_opens_on_last_times_next_step() {
    let dir = folder();
    let mut pty = Pty::spawn(
        env!("CARGO_BIN_EXE_leverage"),
        &["new", "--pair", "--coach", "Sam", "--client", "alex"],
        dir.path(),
    );
    pty.wait_for("From last time");
    pty.wait_for("Call Ana on Tuesday.");
    assert!(!pty.screen().contains("BLAIRCANARY"), "{}", pty.screen());
    pty.send(b"1");
    pty.wait_for("A word on how it went");
    pty.send(b"she said yes");
    pty.wait_for("she said yes");
    pty.send(b"\r");
    // The dialog closes: the session's first step is there to answer.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while pty.screen().contains("From last time") {
        assert!(std::time::Instant::now() < deadline, "{}", pty.screen());
        std::thread::sleep(Duration::from_millis(50));
    }
    pty.send(b"\x11"); // Ctrl-Q
    pty.wait_exit();
    let store = FileStore::new(dir.path().join("data"));
    let listing = store.list();
    let new = listing
        .sessions
        .iter()
        .find(|s| !s.id.ends_with("alexaa") && !s.id.ends_with("blairb"))
        .expect("the new session is saved");
    let t = store.load(&new.id).unwrap();
    assert_eq!(t.pair.as_ref().unwrap().client, "Alex", "spelt as before");
    assert_eq!(t.reviewed.len(), 1);
    assert_eq!(t.reviewed[0].status, ReviewStatus::Done);
    assert_eq!(t.reviewed[0].word, "she said yes");
    let out = run_leverage(dir.path(), &["clients"], "");
    let text = stdout(&out);
    assert!(text.contains("Alex: 2 sessions"), "{text}");
    assert!(!text.contains("Call Ana"), "done is open no more: {text}");
}

/// The recap to send: the goal, the setback, how last time's step went and the new one, and
/// never a coach-only word; the coach's own copy is named and headed as such.
#[test]
fn the_summary_to_send_holds_the_clients_words_and_no_coach_only_word() {
    let dir = folder();
    let mut store = FileStore::new(dir.path().join("data"));
    let mut second = finished("2026-11-08T10-00-00-alexcc", "Alex", 7, "Send the deck.");
    second.reviewed.push(leverage::transcript::Review {
        from: "2026-11-01T10-00-00-alexaa".into(),
        agreed: at(0),
        text: "Call Ana on Tuesday.".into(),
        owner: Default::default(),
        due: None,
        status: ReviewStatus::NotYet,
        word: "she was away".into(),
    });
    store.save(&second).unwrap();
    let out = run_leverage(
        dir.path(),
        &["export", "2026-11-08T10-00-00-alexcc", "--summary"],
        "",
    );
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for want in [
        "# After our session",
        "Alex, here is what we worked on",
        "## What you wanted from it",
        "Two minutes I could say to a panel.",
        "Our launch was cancelled",
        "Call Ana on Tuesday.",
        "**not yet**: Call Ana on Tuesday.",
        "you said: she was away",
        "## What we agreed to do next",
        "- Send the deck. _(Alex, no date set)_",
    ] {
        assert!(text.contains(want), "{want:?} in:\n{text}");
    }
    assert!(!text.contains("PRIVATECANARY"), "{text}");
    let out_dir = dir.path().join("out");
    let out = run_leverage(
        dir.path(),
        &[
            "export",
            "2026-11-08T10-00-00-alexcc",
            "--summary",
            "-o",
            out_dir.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success());
    let file = std::fs::read_to_string(
        out_dir.join("2026-11-08T10-00-00-alexcc-our-launch-was-cancelled.summary.md"),
    )
    .unwrap();
    assert!(!file.contains("PRIVATECANARY"));
    // The summary cannot be asked for with the coach's notes.
    let out = run_leverage(
        dir.path(),
        &[
            "export",
            "2026-11-08T10-00-00-alexcc",
            "--summary",
            "--include-private",
        ],
        "",
    );
    assert!(!out.status.success());
}

/// Plain mode for coach and client (a screen reader): each answer is the client's, the
/// coach's follow-ups and the client's replies are filed as turns, and last time's next step
/// is looked at first.
#[test]
fn plain_mode_takes_a_paired_session_turn_by_turn() {
    let dir = folder();
    let input = "1\nIt went well, she said yes\n7\nWhat put it at 7?\nThe call with Ana.\n.\n\nLaunch cancelled\nWe shipped too early.\n.\nWhat did you see first?\nThe churn numbers.\n.\n\n";
    let out = run_leverage(
        dir.path(),
        &[
            "new", "--plain", "--pair", "--coach", "Sam", "--client", "alex",
        ],
        input,
    );
    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("From last time: Call Ana on Tuesday."),
        "{text}"
    );
    assert!(
        text.contains("Alex (client):"),
        "the name spelt as before: {text}"
    );
    assert!(text.contains("Sam (coach): a follow-up"), "{text}");
    let store = FileStore::new(dir.path().join("data"));
    let new = store
        .list()
        .sessions
        .into_iter()
        .find(|s| !s.id.ends_with("alexaa") && !s.id.ends_with("blairb"))
        .unwrap();
    let t = store.load(&new.id).unwrap();
    assert_eq!(t.reviewed[0].status, ReviewStatus::Done);
    assert_eq!(t.reviewed[0].word, "It went well, she said yes");
    // A reply on the check-in's number is the client's turn there.
    let check_in = t.steps.iter().find(|s| s.id == "check-in").unwrap();
    let said = common::turns(&check_in.conversation);
    assert_eq!(
        said,
        [
            (Speaker::Coach, "What put it at 7?"),
            (Speaker::Client, "The call with Ana.")
        ]
    );
    let story = t.steps.iter().find(|s| s.id == "story").unwrap();
    let turns = common::turns(&story.conversation);
    assert_eq!(
        turns,
        [
            (Speaker::Client, "We shipped too early."),
            (Speaker::Coach, "What did you see first?"),
            (Speaker::Client, "The churn numbers."),
        ]
    );
    assert!(
        story
            .conversation
            .iter()
            .all(|e| e.visibility == Visibility::Shared)
    );
}

/// The library can be filtered to one client: `f` cycles through each client once.
#[test]
fn the_library_filters_by_client() {
    use leverage::library::{Filter, SortBy, filters, visible};
    let dir = folder();
    let store = FileStore::new(dir.path().join("data"));
    let listing = store.list();
    let all = filters(&listing.sessions);
    let alex = all
        .iter()
        .find(|f| matches!(f, Filter::Client(c) if c == "Alex"))
        .expect("a filter for Alex");
    assert_eq!(alex.label(), "client: Alex");
    let shown = visible(&listing.sessions, Some(alex), SortBy::Date);
    assert_eq!(shown.len(), 1);
    assert!(listing.sessions[shown[0]].id.ends_with("alexaa"));
}

/// A two-step guide whose last step is written as actions.
const TINY_GUIDE: &str = r#"(
    id: "tiny",
    version: 1,
    title: "Two steps",
    about: "A goal, then what to do next.",
    summary: (goal: "contract", next_step: "next-step", actions: "next-step"),
    steps: [
        (id: "contract", kind: Text, title: "What this is for", cue: "Let's agree.", prompt: "What do you want from today?"),
        (id: "next-step", kind: Text, title: "What you will do next", cue: "Small steps.", prompt: "What will you do, and by when?"),
    ],
)"#;

/// Actions written in one session, each line read for who takes it on and by when, are
/// looked at one by one at the start of the next session with that client; `leverage
/// clients`, the summary and the home screen say who and when, and a settled one is gone.
#[test]
fn actions_carry_their_owner_and_date_into_the_next_session() {
    let dir = tempfile::tempdir().unwrap();
    let guides = dir.path().join("config/guides");
    std::fs::create_dir_all(&guides).unwrap();
    std::fs::write(guides.join("tiny.ron"), TINY_GUIDE).unwrap();
    let pair = [
        "new", "--plain", "--pair", "--guide", "tiny", "--coach", "Sam", "--client",
    ];
    let first =
        "Two minutes to say\n.\n\nSay it to Marta by 2031-03-14\nCoach: send the questions\n.\n\n";
    let out = run_leverage(dir.path(), &[&pair[..], &["Alex"]].concat(), first);
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("- Say it to Marta by 2031-03-14 (Alex, due Fri 14 Mar 2031, in"),
        "read back as it is written: {text}"
    );
    assert!(
        text.contains("- send the questions (Sam (coach), no date set)"),
        "{text}"
    );
    let store = FileStore::new(dir.path().join("data"));
    let id = store.list().sessions[0].id.clone();
    let t = store.load(&id).unwrap();
    assert_eq!(t.actions.len(), 2);
    assert_eq!(t.actions[0].due, Some(jiff::civil::date(2031, 3, 14)));
    assert_eq!(t.actions[1].owner, leverage::transcript::Owner::Coach);

    let clients = stdout(&run_leverage(dir.path(), &["clients"], ""));
    assert!(
        clients.contains("for Alex, due Fri 14 Mar 2031"),
        "{clients}"
    );
    assert!(
        clients.contains("for you, no date set: send the questions"),
        "{clients}"
    );
    let summary = stdout(&run_leverage(dir.path(), &["export", &id, "--summary"], ""));
    assert!(
        summary.contains("- Say it to Marta by 2031-03-14 _(Alex, by Fri 14 Mar 2031)_"),
        "{summary}"
    );

    // The home screen, a few days before it is due, lists it as coming due.
    let listing = store.list();
    let now: jiff::Timestamp = "2031-03-10T09:00:00Z".parse().unwrap();
    let mut m = leverage::app::Model::new(
        leverage::content::Library::built_in(),
        leverage::keymap::Keymap::default_keymap().unwrap(),
        listing,
        now,
        jiff::tz::TimeZone::UTC,
    );
    let home = screen_text(&mut m, 100, 40);
    assert!(home.contains("Agreed to do, coming due"), "{home}");
    assert!(home.contains("Say it to Marta by 2031-03-14"), "{home}");
    assert!(
        home.contains("Alex, due Fri 14 Mar 2031, in 4 days"),
        "{home}"
    );
    assert!(
        !home.contains("send the questions"),
        "no date: not coming due\n{home}"
    );

    // The next session with Alex opens on both; the coach's is done, the client's not yet.
    let second = "2\nnot yet, Marta was away\n1\n\n-\n-\n";
    let out = run_leverage(dir.path(), &[&pair[..], &["alex"]].concat(), second);
    let text = stdout(&out);
    assert!(
        text.contains("From last time: Say it to Marta by 2031-03-14 (Alex, due"),
        "{text}"
    );
    assert!(
        text.contains("From last time: send the questions (Sam (coach), no date set)"),
        "{text}"
    );
    let clients = stdout(&run_leverage(dir.path(), &["clients"], ""));
    assert!(
        clients.contains("last said: not yet, Marta was away"),
        "{clients}"
    );
    assert!(
        !clients.contains("send the questions"),
        "settled: {clients}"
    );

    // The summary index carries actions and what settled them, as the files say.
    let cache = dir.path().join("index-cache");
    let data = dir.path().join("data");
    let _ = FileStore::new(&data).with_index_in(&cache).list();
    let again = FileStore::new(&data).with_index_in(&cache).list();
    for s in &again.sessions {
        let of = leverage::store::SessionSummary::of(&store.load(&s.id).unwrap());
        assert_eq!((&s.actions, &s.settled), (&of.actions, &of.settled));
    }
    assert!(again.sessions.iter().any(|s| !s.settled.is_empty()));
    assert!(again.sessions.iter().any(|s| !s.actions.is_empty()));
}

/// A client who agrees to keeping only the summary: everything is saved while the session
/// runs (a crash loses nothing), and when it ends every other answer and the whole
/// conversation leave the file; what stays between them is in the recap.
#[test]
fn a_summary_only_agreement_keeps_only_the_summary_once_the_session_ends() {
    let dir = tempfile::tempdir().unwrap();
    let guides = dir.path().join("config/guides");
    std::fs::create_dir_all(&guides).unwrap();
    let three = TINY_GUIDE.replace(
        r#"        (id: "next-step","#,
        r#"        (id: "story", kind: Text, title: "What happened", cue: "Tell it.", prompt: "What happened?"),
        (id: "next-step","#,
    );
    std::fs::write(guides.join("tiny.ron"), three).unwrap();
    let args = [
        "new",
        "--plain",
        "--pair",
        "--guide",
        "tiny",
        "--coach",
        "Sam",
        "--client",
        "Alex",
        "--between-us",
        "Names of the board",
        "--summary-only",
    ];
    let goal = "Two minutes to say\n.\n\n";
    let story = "STORYCANARY we ran out of money\n.\nCOACHCANARY what did you see first?\nThe churn.\n.\n\n";
    // Input that ends mid-session: every word is on disk.
    let out = run_leverage(dir.path(), &args, &format!("{goal}{story}"));
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(stdout(&out).contains("Agreed: keep only the summary once the session ends."));
    let files = common::walk(&dir.path().join("data"));
    let saved: String = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(saved.contains("STORYCANARY") && saved.contains("COACHCANARY"));
    for f in files.iter().filter(|p| p.is_file()) {
        std::fs::remove_file(f).unwrap();
    }
    // A whole session: once it ends, only the summary is kept.
    let input = format!("{goal}{story}Send the deck by 2031-03-14\n.\n\n\n");
    let out = run_leverage(dir.path(), &args, &input);
    assert!(
        out.status.success(),
        "{}{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    let store = FileStore::new(dir.path().join("data"));
    let id = store.list().sessions[0].id.clone();
    let raw = std::fs::read_to_string(store.path_of(&id)).unwrap();
    assert!(
        !raw.contains("STORYCANARY") && !raw.contains("COACHCANARY"),
        "{raw}"
    );
    assert!(!raw.contains("The churn"), "{raw}");
    let t = store.load(&id).unwrap();
    assert_eq!(t.goal.as_deref(), Some("Two minutes to say"));
    assert_eq!(t.actions[0].text, "Send the deck by 2031-03-14");
    assert!(t.steps.iter().find(|s| s.id == "story").unwrap().not_kept);
    // Opened again (to edit an answer, say) and saved, it still says what was not kept.
    let guide = std::sync::Arc::new(
        leverage::guide::parse(
            "tiny.ron",
            &std::fs::read_to_string(guides.join("tiny.ron")).unwrap(),
        )
        .unwrap(),
    );
    let again = Session::from_transcript(&t, guide).to_transcript();
    assert!(
        again
            .steps
            .iter()
            .find(|s| s.id == "story")
            .unwrap()
            .not_kept
    );
    let show = stdout(&run_leverage(dir.path(), &["show", &id], ""));
    assert!(
        show.contains("(not kept: only the summary was kept"),
        "{show}"
    );
    assert!(
        show.contains("Stays between us: Names of the board"),
        "{show}"
    );
    let summary = stdout(&run_leverage(dir.path(), &["export", &id, "--summary"], ""));
    assert!(
        summary.contains("## What stays between us\n\n> Names of the board"),
        "{summary}"
    );
}

/// In the coach's own library, patterns follow the client filtered to, and say whose they are.
#[test]
fn patterns_are_scoped_to_the_client_the_library_is_filtered_to() {
    use leverage::app::{Effect, Msg, Screen, update};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = folder();
    let store = FileStore::new(dir.path().join("data"));
    let mut m = leverage::app::Model::new(
        leverage::content::Library::built_in(),
        leverage::keymap::Keymap::default_keymap().unwrap(),
        store.list(),
        at(30 * DAY),
        jiff::tz::TimeZone::UTC,
    );
    let key = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    update(&mut m, key('l'));
    assert!(matches!(m.screen, Screen::Library(_)));
    for _ in 0..8 {
        let text = screen_text(&mut m, 100, 30);
        if text.contains("client: Alex") {
            break;
        }
        update(&mut m, key('f'));
    }
    assert!(screen_text(&mut m, 100, 30).contains("client: Alex"));
    let effects = update(&mut m, key('p'));
    assert_eq!(
        effects,
        vec![Effect::LoadPatterns {
            client: Some("Alex".into())
        }]
    );
    let patterns = leverage::library::patterns::Patterns {
        client: Some("Alex".into()),
        ..Default::default()
    };
    update(&mut m, Msg::PatternsReady(Box::new(patterns)));
    assert!(screen_text(&mut m, 100, 30).contains("Patterns across sessions with Alex"));
}
