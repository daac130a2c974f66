//! The house's promises, checked from outside: no escape sequence from a guide, a transcript
//! or a file name ever reaches the terminal from any command or screen, and a rebinding in
//! `keymap.ron` changes every sentence that names the key, in the workbook and the console.

mod common;

use common::pty::Pty;
use common::{ctrl, key, leverage_guide, model, run_leverage, screen_text, t0};
use leverage::app::{Model, Msg, update};
use leverage::content::Library;
use leverage::keymap::Keymap;
use leverage::pairing::Pairing;
use leverage::session::Session;
use leverage::store::{FileStore, Store};
use ratatui::crossterm::event::KeyCode;

/// A window title change (OSC 0, ended by BEL) and a clear screen (CSI 2 J).
const HOSTILE: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J";

/// The built-in `own-the-story` guide (it has a scale, a choice and a statement step) with
/// the hostile sequence in its title, every step title, cue, prompt, option, scale label and
/// audience.
fn hostile_guide() -> String {
    let (_, text) = leverage::content::BUILT_IN
        .iter()
        .find(|(name, _)| name.contains("own-the-story"))
        .expect("the built-in guide");
    let mut g = text.replace("id: \"own-the-story\"", "id: \"hostile\"");
    for field in [
        "title: \"",
        "cue: \"",
        "prompt: \"",
        "min_label: \"",
        "max_label: \"",
    ] {
        g = g.replace(field, &format!("{field}{HOSTILE}"));
    }
    // The first audience is named again as the key of its draft and its rehearsal questions.
    let first = "\"one person, privately\": [";
    g.replace("options: [\"", &format!("options: [\"{HOSTILE}"))
        .replace("audiences: [\"", &format!("audiences: [\"{HOSTILE}"))
        .replace(first, &format!("\"{HOSTILE}one person, privately\": ["))
}

/// A data folder with the hostile guide installed, a session of it whose headline, tags and
/// audience hold the sequence, one in the trash, and a file whose name holds it.
fn hostile_folder() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let guides = dir.path().join("config/guides");
    std::fs::create_dir_all(&guides).unwrap();
    std::fs::write(guides.join("hostile.ron"), hostile_guide()).unwrap();
    let library = Library::load(Some(&guides));
    assert!(library.errors.is_empty(), "{:?}", library.errors);
    let guide = library.find("hostile").expect("installed").clone();
    let mut store = FileStore::new(dir.path().join("data"));
    let id = "2026-11-21T16-05-33-hostil".to_string();
    let mut s = Session::new(id.clone(), guide.clone(), t0());
    for (i, step) in guide.steps.iter().enumerate() {
        if matches!(step.kind, leverage::guide::StepKind::Text) {
            s.set_text(i, &format!("{HOSTILE} words"), t0());
        }
    }
    s.tags = vec![format!("{HOSTILE}tag")];
    store.save(&s.to_transcript()).unwrap();
    let mut gone = Session::new("2026-11-20T16-05-33-trashd".into(), guide, t0());
    gone.set_text(0, &format!("{HOSTILE} trashed"), t0());
    store.save(&gone.to_transcript()).unwrap();
    store.delete("2026-11-20T16-05-33-trashd").unwrap();
    let sessions = dir.path().join("data/sessions");
    std::fs::write(sessions.join(format!("{HOSTILE}.ron")), "not ron").unwrap();
    (dir, id)
}

fn assert_no_escape(what: &str, bytes: &[u8]) {
    assert!(
        !bytes.contains(&0x1b) && !bytes.contains(&0x07),
        "{what}: a raw ESC or BEL reached the terminal:\n{}",
        String::from_utf8_lossy(bytes)
    );
}

#[test]
fn no_command_lets_an_escape_from_a_file_reach_the_terminal() {
    let (dir, id) = hostile_folder();
    let guide_file = dir.path().join("config/guides/hostile.ron");
    let guide_file = guide_file.to_str().unwrap();
    let runs: Vec<(Vec<&str>, &str)> = vec![
        (vec!["show", &id], ""),
        (vec!["show", &id, "--format", "markdown"], ""),
        (vec!["show", &id, "--format", "json"], ""),
        (vec!["show", &id, "--format", "ron"], ""),
        (vec!["export", &id, "--format", "text"], ""),
        (vec!["list"], ""),
        (vec!["list", "--json"], ""),
        (vec!["trash"], ""),
        (vec!["guides"], ""),
        (vec!["guides", "--check", guide_file], ""),
        (vec!["show", "hostile-no-such"], ""),
        (vec!["new", "--plain", "--guide", "hostile"], "5\n1\n"),
    ];
    for (args, stdin) in runs {
        let out = run_leverage(dir.path(), &args, stdin);
        let what = args.join(" ");
        assert_no_escape(&format!("{what} (stdout)"), &out.stdout);
        assert_no_escape(&format!("{what} (stderr)"), &out.stderr);
        if args[0] == "show" && args[1] == id {
            assert!(out.status.success(), "{what}");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.contains("PWNED"),
                "{what}: the words are shown, made safe"
            );
        }
    }
}

#[test]
fn the_workbook_draws_a_hostile_guide_without_a_raw_escape() {
    let (dir, _) = hostile_folder();
    let library = Library::load(Some(&dir.path().join("config/guides")));
    let mut m = Model::new(
        library,
        Keymap::default_keymap().unwrap(),
        Default::default(),
        t0(),
        jiff::tz::TimeZone::UTC,
    );
    // The home screen lists the guide; starting it is an effect, so the session is handed
    // over as the driver would.
    update(
        &mut m,
        Msg::StartGuide {
            guide_id: "hostile".into(),
            mode: None,
            pair: None,
        },
    );
    let shown = screen_text(&mut m, 100, 30);
    assert_no_escape("the home screen", shown.as_bytes());
    let guide = m.library.find("hostile").unwrap().clone();
    let session = Session::new("2026-11-21T16-05-33-hostis".into(), guide.clone(), t0());
    update(
        &mut m,
        Msg::SessionReady {
            session: Box::new(session),
            location: "x".into(),
        },
    );
    for _ in 0..guide.steps.len() {
        let shown = screen_text(&mut m, 100, 30);
        assert_no_escape("the session screen", shown.as_bytes());
        // ratatui's buffer drops a raw control character silently, so the check above
        // alone cannot fail: the step's title must show the sequence as visible pictures.
        let title_row = shown
            .lines()
            .skip(3)
            .find(|l| l.contains("PWNED"))
            .unwrap_or_default();
        assert!(
            title_row.contains("␛]0;PWNED␇␛[2J"),
            "shown as placeholders, not dropped:\n{shown}"
        );
        update(&mut m, Msg::Key(ctrl('k')));
    }
}

/// A keymap that moves the worked example to Ctrl-X, handing over to F7, moving on to
/// Ctrl-J, and following the shared screen to Ctrl-G.
const REBOUND: &str = r#"[
    (context: Session, keys: ["ctrl-x"], action: ToggleExample),
    (context: Session, keys: ["f7"], action: SwitchSpeaker),
    (context: Session, keys: ["ctrl-j"], action: NextStep),
    (context: Console, keys: ["ctrl-g"], action: Follow),
    (context: Console, keys: ["ctrl-y"], action: FileNote),
]"#;

fn rebound() -> Keymap {
    let mut k = Keymap::default_keymap().unwrap();
    k.merge(Keymap::parse("keymap.ron", REBOUND).unwrap());
    k
}

#[test]
fn a_rebinding_changes_the_footer_the_help_and_every_hint_that_names_the_key() {
    let mut m = model();
    m.keymap = rebound();
    let guide = leverage_guide();
    let mut s = Session::new("2026-11-21T16-05-33-keysxx".into(), guide, t0());
    s.pair = Some(Pairing {
        coach: "Sam".into(),
        client: "Alex".into(),
        planned_minutes: None,
        ..Pairing::new("a", "b", None).unwrap()
    });
    s.go_to(2, t0());
    update(
        &mut m,
        Msg::SessionReady {
            session: Box::new(s),
            location: "x".into(),
        },
    );
    let shown = screen_text(&mut m, 120, 30);
    assert!(shown.contains("Ctrl-X example"), "footer:\n{shown}");
    assert!(
        !shown.contains("Ctrl-E"),
        "the old key is named nowhere:\n{shown}"
    );
    assert!(
        shown.contains("F7 hands over to the coach; Ctrl-J moves on"),
        "the answer box's hint:\n{shown}"
    );
    assert!(!shown.contains("F2 "), "{shown}");
    update(&mut m, Msg::Key(key(KeyCode::F(1))));
    // The whole help, page by page.
    let mut help = screen_text(&mut m, 120, 50);
    for _ in 0..4 {
        update(&mut m, Msg::Key(key(KeyCode::PageDown)));
        help.push_str(&screen_text(&mut m, 120, 50));
    }
    assert!(help.contains("Ctrl-X"), "help:\n{help}");
    // Ctrl-End is another key; Ctrl-E alone is named nowhere.
    assert!(
        !help.contains("Ctrl-E ") && !help.contains("Ctrl-E,"),
        "help:\n{help}"
    );
}

/// The coach's console on a saved paired session, with `keymap` as the user's keymap.ron.
fn console_with_keymap(keymap: &str) -> (tempfile::TempDir, Pty) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::write(dir.path().join("config/keymap.ron"), keymap).unwrap();
    let mut store = FileStore::new(dir.path().join("data"));
    let id = "2026-11-21T16-05-33-consol";
    let mut s = Session::new(id.into(), leverage_guide(), t0());
    s.pair = Some(Pairing {
        coach: "Sam".into(),
        client: "Alex".into(),
        planned_minutes: None,
        ..Pairing::new("a", "b", None).unwrap()
    });
    store.save(&s.to_transcript()).unwrap();
    let console = Pty::spawn(env!("CARGO_BIN_EXE_leverage"), &["coach", id], dir.path());
    (dir, console)
}

#[test]
fn the_console_honours_the_users_keymap() {
    let (_dir, mut console) = console_with_keymap(REBOUND);
    console.wait_for("Ctrl-Y files it");
    // Looking back at an earlier step names the rebound key to follow again.
    console.send(b"\x1b[1;3C");
    console.wait_for("Ctrl-G follows the shared screen again");
    let shown = console.screen();
    assert!(!shown.contains("Ctrl-F"), "{shown}");
    assert!(!shown.contains("Ctrl-O"), "{shown}");
    console.send(b"\x07");
    console.wait_for("following the shared screen");
    console.send(b"\x11");
    console.wait_exit();
}

#[test]
fn a_broken_keymap_is_reported_where_the_console_starts() {
    let (_dir, mut console) = console_with_keymap("[ (context: Nowhere");
    console.wait_for("Your keymap was not used");
    console.send(b"\x11");
    console.wait_exit();
}

#[test]
fn a_user_guide_with_non_ascii_comments_never_stops_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_leverage(dir.path(), &["guides", "--new", "etape"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join("config/guides/etape.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    // A comment in each style before the steps, and a broken step so validation must place
    // its error by scanning past them.
    let mut text = format!("/* Étape: café */\n// ünïcode: ✓ 日本\n{text}");
    // The first step's prompt emptied (a validation error, placed by scanning the text),
    // with a non-ASCII comment right before it.
    let at = text.find("prompt: \"").unwrap();
    let end = at + 9 + text[at + 9..].find('"').unwrap();
    text.replace_range(at..=end, "/* é ✓ */ prompt: \"\"");
    std::fs::write(&path, text).unwrap();
    for args in [
        vec!["list"],
        vec!["guides"],
        vec!["guides", "--check", path.to_str().unwrap()],
    ] {
        let out = run_leverage(dir.path(), &args, "");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {err}");
    }
}

#[test]
fn every_command_into_a_closed_pipe_ends_quietly() {
    let (dir, id) = hostile_folder();
    let runs: Vec<Vec<&str>> = vec![
        vec!["show", &id],
        vec!["show", &id, "--format", "json"],
        vec!["export", &id],
        vec!["list"],
        vec!["list", "--json"],
        vec!["guides"],
        vec!["trash"],
        vec!["new", "--plain"],
    ];
    for args in runs {
        // The reader is gone before the first byte is written.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = common::leverage_command(dir.path())
            .args(&args)
            .stdin(std::process::Stdio::null())
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn an_error_names_the_os_reason_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("file"), "").unwrap();
    let data = dir.path().join("file/data");
    let out = run_leverage(
        dir.path(),
        &["--data-dir", data.to_str().unwrap(), "new", "--plain"],
        "",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(err.matches("os error").count(), 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_keymap_that_leaves_no_way_out_is_refused_and_the_defaults_are_used() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    // Every key that leaves, given to something else.
    let lockout = r#"[
        (context: Global, keys: ["ctrl-q", "ctrl-c"], action: Help),
        (context: Global, keys: ["ctrl-s"], action: Present),
    ]"#;
    std::fs::write(dir.path().join("config/keymap.ron"), lockout).unwrap();
    let mut pty = Pty::spawn(env!("CARGO_BIN_EXE_leverage"), &[], dir.path());
    pty.wait_for("Your keymap was not used");
    pty.wait_for("no key to leave");
    pty.send(b"\x11"); // Ctrl-Q still leaves: the defaults are in use
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn guides_check_reads_only_regular_files_of_bounded_size() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.ron");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for path in ["/dev/zero", fifo.to_str().unwrap()] {
        let start = std::time::Instant::now();
        let out = run_leverage(dir.path(), &["guides", "--check", path], "");
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{path}"
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{path}: {err}");
        assert!(err.contains("not a regular file"), "{path}: {err}");
    }
}

#[test]
fn the_lock_never_follows_a_planted_link_and_open_folders_are_tightened() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::set_permissions(
        dir.path().join("data"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    std::fs::set_permissions(&sessions, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut store = FileStore::new(dir.path().join("data"));
    let id = "2026-11-21T16-05-33-linkyy";
    let target = dir.path().join("planted");
    std::os::unix::fs::symlink(&target, sessions.join(format!(".{id}.lock"))).unwrap();
    assert!(store.lock(id).is_err(), "a linked lock is refused");
    assert!(!target.exists(), "nothing was created at the link's target");
    let s = Session::new("2026-11-21T16-05-33-savedd".into(), leverage_guide(), t0());
    store.save(&s.to_transcript()).unwrap();
    for d in [dir.path().join("data"), sessions] {
        let mode = std::fs::metadata(&d).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", d.display());
    }
}

#[test]
fn term_dumb_points_to_plain_mode_instead_of_drawing() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn_env(
        env!("CARGO_BIN_EXE_leverage"),
        &[],
        dir.path(),
        &[("TERM", "dumb")],
    );
    pty.wait_for("--plain");
    assert_ne!(pty.wait_exit(), 0);
}

#[test]
fn q_closes_the_reader_and_the_home_screen_offers_the_unfinished_session_first() {
    let (dir, _) = hostile_folder();
    let mut pty = Pty::spawn(env!("CARGO_BIN_EXE_leverage"), &["library"], dir.path());
    pty.wait_for("Library");
    // The row is there (the listing may follow the first frame) before Enter opens it.
    pty.wait_for("in progress");
    pty.send(b"\r");
    pty.wait_for("revisit note");
    pty.send(b"q");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        pty.child.try_wait().unwrap().is_none(),
        "q closed the reader, not the program"
    );
    pty.wait_for("newest first");
    pty.send(b"\x11");
    assert_eq!(pty.wait_exit(), 0);
    // The home screen's cursor starts on the unfinished session.
    let mut m = Model::new(
        Library::load(Some(&dir.path().join("config/guides"))),
        Keymap::default_keymap().unwrap(),
        Default::default(),
        t0(),
        jiff::tz::TimeZone::UTC,
    );
    let store = FileStore::new(dir.path().join("data"));
    // As at launch: the first frame comes before the listing.
    m.listed = false;
    update(&mut m, Msg::Listed(store.list()));
    let items = leverage::app::home_items(&m);
    assert!(
        matches!(
            items[m.home_selected],
            leverage::app::HomeItem::Resume { .. }
        ),
        "{:?}",
        items
    );
}

#[test]
fn a_data_folder_open_to_others_is_made_private_and_the_person_is_told() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::set_permissions(&sessions, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = common::run_leverage(dir.path(), &["list"], "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("was open to other users; it is now private (0700)"),
        "{err}"
    );
    let mode = std::fs::metadata(&sessions).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    let again = common::run_leverage(dir.path(), &["list"], "");
    assert!(
        String::from_utf8_lossy(&again.stderr).is_empty(),
        "told once"
    );
}

/// `--color never` draws no colour even where NO_COLOR is unset; `--color always` draws it
/// even where NO_COLOR asks for none.
#[test]
fn the_color_flag_overrides_no_color_either_way() {
    let colours = |args: &[&str], env: &[(&str, &str)]| {
        let dir = tempfile::tempdir().unwrap();
        let mut pty = Pty::spawn_env(env!("CARGO_BIN_EXE_leverage"), args, dir.path(), env);
        pty.wait_for("leverage");
        std::thread::sleep(std::time::Duration::from_millis(200));
        let coloured = {
            let parser = pty.parser.lock().unwrap();
            let screen = parser.screen();
            (0..30u16).any(|r| {
                (0..100u16).any(|c| {
                    screen.cell(r, c).is_some_and(|cell| {
                        cell.fgcolor() != vt100::Color::Default
                            || cell.bgcolor() != vt100::Color::Default
                    })
                })
            })
        };
        pty.send(b"\x11");
        pty.wait_exit();
        coloured
    };
    assert!(!colours(&["--color", "never"], &[]), "never: no colour");
    assert!(
        colours(&["--color", "always"], &[("NO_COLOR", "1")]),
        "always: colour"
    );
    assert!(!colours(&[], &[("NO_COLOR", "1")]), "auto follows NO_COLOR");
}
