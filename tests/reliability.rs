//! The promises in docs/reliability.md, each with a test that fails when it is broken:
//! saves that survive kill -9 and every failing step, a hostile library folder, corrupt input,
//! one writer per session.

mod common;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{at, leverage_guide, t0};
use leverage::session::Session;
use leverage::store::{FileStore, SaveStep, Store, StoreError, write_atomic_failing};
use leverage::transcript;

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

fn counter(t: &transcript::Transcript) -> u64 {
    t.headline
        .as_deref()
        .and_then(|h| h.strip_prefix("save "))
        .and_then(|n| n.parse().ok())
        .unwrap()
}

#[test]
fn kill_9_while_saving_never_leaves_a_broken_or_older_transcript() {
    let rounds: usize = std::env::var("LEVERAGE_KILL_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = "2026-11-21T16-05-33-kill99";
    let store = FileStore::new(&data);
    let mut last_reported: Option<u64> = None;
    for round in 0..rounds {
        let mut child = common::leverage_command(dir.path())
            .args(["debug-save-loop", id])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut last = None;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                last = line
                    .strip_prefix("saved ")
                    .and_then(|n| n.parse::<u64>().ok());
            }
            last
        });
        // Most kills land early in a save; every eighth round waits long enough for several
        // saves to complete even on a loaded machine, so "reported" is tested too.
        let wait = if round % 8 == 0 {
            150_000
        } else {
            fastrand::u64(2_000..25_000)
        };
        std::thread::sleep(Duration::from_micros(wait));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let reported = reader.join().unwrap();
        if let Some(n) = reported {
            last_reported = Some(n);
        }
        // Whatever moment the kill landed on, the transcript reads in full and holds at least
        // the last save the process said was done.
        if let Some(n) = reported {
            let t = store
                .load(id)
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            assert!(
                counter(&t) >= n,
                "round {round}: on disk {} < reported {n}",
                counter(&t)
            );
        } else if store.path_of(id).exists() {
            store
                .load(id)
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
        }
        // Leftover temp files are never sessions.
        assert!(store.list().sessions.iter().all(|s| s.id == id));
        assert!(
            store.list().unreadable.is_empty(),
            "{:?}",
            store.list().unreadable
        );
    }
    assert!(
        last_reported.is_some(),
        "the loop never completed a save: the test proves nothing"
    );
    // The next start cleans up what interrupted saves left.
    store.clean_temp(Duration::ZERO);
    assert!(temp_files(store.sessions_dir()).is_empty());
}

#[test]
fn each_failing_step_of_a_save_leaves_the_previous_file_and_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    let name = "2026-11-21T16-05-33-faults.ron";
    leverage::store::write_atomic(&sessions, name, b"version one").unwrap();
    for step in [
        SaveStep::Create,
        SaveStep::Write,
        SaveStep::Sync,
        SaveStep::Rename,
        SaveStep::SyncFolder,
    ] {
        leverage::store::write_atomic(&sessions, name, b"version one").unwrap();
        let err = write_atomic_failing(
            &sessions,
            name,
            b"version two",
            Some((step, std::io::ErrorKind::Other)),
        )
        .expect_err("the injected failure is reported");
        let after = std::fs::read(sessions.join(name)).unwrap();
        if step == SaveStep::SyncFolder {
            // The rename happened; only its durability is in doubt. Either whole version.
            assert!(
                after == b"version two" || after == b"version one",
                "{step:?}"
            );
        } else {
            assert_eq!(after, b"version one", "{step:?} changed the previous file");
        }
        assert!(
            temp_files(&sessions).is_empty(),
            "{step:?} left a temp file"
        );
        assert!(
            err.to_string().contains(name) || err.to_string().contains("sessions"),
            "{step:?}: {err}"
        );
        // And the next save goes through.
        leverage::store::write_atomic(&sessions, name, b"version three").unwrap();
        assert_eq!(
            std::fs::read(sessions.join(name)).unwrap(),
            b"version three"
        );
    }
}

#[test]
fn a_full_disk_and_a_refused_folder_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    let full = write_atomic_failing(
        &sessions,
        "x.ron",
        b"text",
        Some((SaveStep::Write, std::io::ErrorKind::StorageFull)),
    )
    .unwrap_err();
    assert!(
        full.to_string().starts_with("disk full while writing"),
        "{full}"
    );
    let denied = write_atomic_failing(
        &sessions,
        "x.ron",
        b"text",
        Some((SaveStep::Create, std::io::ErrorKind::PermissionDenied)),
    )
    .unwrap_err();
    assert!(
        denied.to_string().starts_with("permission denied: "),
        "{denied}"
    );
    assert!(
        denied.to_string().contains(&sessions.display().to_string()),
        "names the path: {denied}"
    );
    assert!(!sessions.join("x.ron").exists(), "no truncated file");
    // A real read-only folder (root ignores modes, so only when not running as root).
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).unwrap();
    if std::fs::write(ro.join("probe"), b"x").is_err() {
        let err = leverage::store::write_atomic(&ro, "x.ron", b"text").unwrap_err();
        assert!(err.to_string().starts_with("permission denied: "), "{err}");
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700)).unwrap();
}

fn hash(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_fifo() || meta.is_dir() {
        return Some(format!("{:?}", meta.file_type()).into_bytes());
    }
    std::fs::read(path).ok().or_else(|| {
        std::fs::read_link(path)
            .ok()
            .map(|p| p.display().to_string().into_bytes())
    })
}

#[test]
fn a_hostile_library_folder_is_listed_quickly_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path().join("data"));
    let mut good = Session::new("2026-11-21T16-05-33-goodok".into(), leverage_guide(), t0());
    good.set_text(1, "A valid one", at(1));
    store.save(&good.to_transcript()).unwrap();
    let golden = transcript::to_ron(&good.to_transcript()).unwrap();
    let s = store.sessions_dir().to_path_buf();
    std::fs::write(s.join("empty.ron"), b"").unwrap();
    std::fs::write(
        s.join("truncated.ron"),
        &golden.as_bytes()[..golden.len() / 2],
    )
    .unwrap();
    let mut flipped = golden.clone().into_bytes();
    flipped[200] ^= 0x5a;
    std::fs::write(s.join("flipped.ron"), &flipped).unwrap();
    std::fs::write(s.join("latin1.ron"), b"(headline: \"caf\xe9\")").unwrap();
    std::fs::write(s.join("nested.ron"), "[".repeat(100_000)).unwrap();
    let big = std::fs::File::create(s.join("huge.ron")).unwrap();
    big.set_len(65 * 1024 * 1024).unwrap();
    std::fs::create_dir(s.join("folder.ron")).unwrap();
    let outside = dir.path().join("outside.ron");
    std::fs::write(&outside, &golden).unwrap();
    std::os::unix::fs::symlink(&outside, s.join("link.ron")).unwrap();
    let fifo = s.join("fifo.ron");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );

    let names: Vec<_> = std::fs::read_dir(&s)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let before: Vec<_> = names.iter().map(|p| hash(p)).collect();
    let started = Instant::now();
    let listing = store.list();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(listing.sessions.len(), 1);
    let mut bad: Vec<_> = listing.unreadable.iter().map(|u| u.name.as_str()).collect();
    bad.sort();
    assert_eq!(
        bad,
        [
            "empty.ron",
            "fifo.ron",
            "flipped.ron",
            "folder.ron",
            "huge.ron",
            "latin1.ron",
            "link.ron",
            "nested.ron",
            "truncated.ron"
        ]
    );
    for u in &listing.unreadable {
        assert!(!u.reason.is_empty(), "{} has no reason", u.name);
    }
    let reason = |n: &str| {
        listing
            .unreadable
            .iter()
            .find(|u| u.name == n)
            .unwrap()
            .reason
            .clone()
    };
    assert!(reason("huge.ron").contains("larger than"));
    assert!(reason("link.ron").contains("symbolic link"));
    assert!(reason("fifo.ron").contains("not a regular file"));
    assert!(reason("latin1.ron").contains("UTF-8"));
    let after: Vec<_> = names.iter().map(|p| hash(p)).collect();
    assert!(before == after, "a file in the folder was changed");
}

#[test]
fn a_transcript_cut_at_every_byte_or_with_bytes_flipped_gives_clean_errors() {
    let mut s = Session::new("2026-11-21T16-05-33-golden".into(), leverage_guide(), t0());
    s.set_value(0, 4, at(1));
    s.set_text(1, "Cut me \"anywhere\" 🚀 失败", at(2));
    s.set_text(2, "Line one\nLine two \\ with a backslash", at(3));
    let golden = transcript::to_ron(&s.to_transcript()).unwrap().into_bytes();
    let mut errors = 0;
    for cut in 0..golden.len() {
        if transcript::parse(&golden[..cut]).is_err() {
            errors += 1;
        }
    }
    assert!(
        errors > golden.len() / 2,
        "most cuts are errors, and none panics"
    );
    for i in 0..golden.len() {
        let mut bytes = golden.clone();
        bytes[i] ^= 0xff;
        let _ = transcript::parse(&bytes);
        bytes[i] ^= 0xff ^ 0x01;
        let _ = transcript::parse(&bytes);
    }
    // Guides too.
    let guide = leverage::content::BUILT_IN[0].1.as_bytes();
    for cut in (0..guide.len()).step_by(7) {
        if let Ok(text) = std::str::from_utf8(&guide[..cut]) {
            let _ = leverage::guide::parse("cut.ron", text);
        }
    }
}

#[test]
fn a_second_writer_is_refused_at_once_even_after_many_saves_and_a_killed_holder_frees_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path().join("data"));
    let id = "2026-11-21T16-05-33-locked";
    let first = store.lock(id).unwrap();
    let mut s = Session::new(id.into(), leverage_guide(), t0());
    for n in 0..50 {
        s.set_text(1, &format!("save {n}"), at(n));
        store.save(&s.to_transcript()).unwrap();
    }
    let started = Instant::now();
    match store.lock(id) {
        Err(StoreError::Locked(_)) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(
        store.delete(id).is_err(),
        "an open session cannot be moved to the trash"
    );
    drop(first);
    drop(store.lock(id).unwrap());

    // A process holding the lock (plain mode waiting for input), then killed with -9.
    let mut child = common::leverage_command(dir.path())
        .args(["resume", id, "--plain"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap(); // it has started (and so holds the lock)
    let refused = common::leverage_command(dir.path())
        .args(["resume", id, "--plain"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("open in another leverage window"), "{err}");
    child.kill().unwrap();
    child.wait().unwrap();
    drop(
        store
            .lock(id)
            .expect("a killed holder leaves no lock behind"),
    );
}

// ----- changed underneath -------------------------------------------------------------------

#[test]
fn a_transcript_changed_on_disk_is_never_overwritten_and_both_versions_are_kept() {
    use leverage::app::{Effect, Msg, Screen};
    use leverage::driver::Driver;
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path().join("data"));
    let mut driver = Driver::new(&mut store, common::model());
    driver.start(Effect::CreateSession {
        guide_id: "leverage".into(),
        mode: None,
        pair: None,
    });
    driver.dispatch(Msg::Key(common::ctrl('n')));
    for k in common::chars("mine") {
        driver.dispatch(Msg::Key(k));
    }
    driver.dispatch(Msg::Key(common::ctrl('s')));
    let Screen::Session(s) = &driver.model.screen else {
        panic!()
    };
    let id = s.session.id.clone();
    let path = dir.path().join("data/sessions").join(format!("{id}.ron"));
    // Another device syncs a different version in.
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"mine\"", "\"theirs, from the laptop\"");
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&path, &theirs).unwrap();
    for k in common::chars(" and more") {
        driver.dispatch(Msg::Key(k));
    }
    driver.dispatch(Msg::Key(common::ctrl('s')));
    let status = driver.model.status.clone().unwrap();
    assert!(status.text.contains("changed elsewhere"), "{}", status.text);
    let Screen::Session(s) = &driver.model.screen else {
        panic!()
    };
    let new_id = s.session.id.clone();
    assert_ne!(new_id, id);
    drop(driver);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "their version is untouched"
    );
    let ours = store.load(&new_id).unwrap();
    assert_eq!(ours.headline.as_deref(), Some("mine and more"));
}

// ----- terminal ---------------------------------------------------------------------------

#[test]
fn every_screen_renders_at_every_size_from_1x1_to_250x80() {
    use leverage::app::{Msg, update};
    let build = |which: usize| {
        let mut m = common::model();
        match which {
            0 => {}
            1 | 2 => {
                let mut s =
                    Session::new("2026-11-21T16-05-33-sizes1".into(), leverage_guide(), t0());
                s.set_text(1, "A headline 失败 with 👩‍👩‍👧 wide text", at(1));
                s.set_text(
                    2,
                    &"Long answer with words and 失败是成功之母. ".repeat(50),
                    at(1),
                );
                s.go_to(
                    if which == 1 {
                        2
                    } else {
                        leverage_guide().step_index("rehearsal").unwrap()
                    },
                    at(1),
                );
                update(
                    &mut m,
                    Msg::SessionReady {
                        session: Box::new(s),
                        location: "x".into(),
                    },
                );
            }
            3 => {
                update(
                    &mut m,
                    Msg::Key(common::key(ratatui::crossterm::event::KeyCode::F(1))),
                );
            }
            _ => {
                let mut s =
                    Session::new("2026-11-21T16-05-33-sizes2".into(), leverage_guide(), t0());
                s.set_text(1, "Read me", at(1));
                let t = s.to_transcript();
                update(&mut m, Msg::OpenLibrary);
                update(
                    &mut m,
                    Msg::TranscriptLoaded {
                        id: t.id.clone(),
                        result: Ok(Box::new(t)),
                    },
                );
            }
        }
        m
    };
    std::thread::scope(|scope| {
        for which in 0..5 {
            scope.spawn(move || {
                let mut m = build(which);
                // Where layouts break: every width at small heights, every height at narrow widths,
                // and a grid (with the far corner) over the rest of 250x80.
                let sizes = (1..=250u16)
                    .flat_map(|w| (1..=16u16).map(move |h| (w, h)))
                    .chain((1..=60u16).flat_map(|w| (17..=80u16).map(move |h| (w, h))))
                    .chain(
                        (61..=250u16)
                            .step_by(9)
                            .flat_map(|w| (17..=80u16).step_by(9).map(move |h| (w, h))),
                    )
                    .chain([(250, 80), (249, 79), (120, 40)]);
                // LEVERAGE_FULL_SWEEP=1: every one of the 20,000 sizes (the long run).
                let sizes: Vec<(u16, u16)> = if std::env::var_os("LEVERAGE_FULL_SWEEP").is_some() {
                    (1..=250u16)
                        .flat_map(|w| (1..=80u16).map(move |h| (w, h)))
                        .collect()
                } else {
                    sizes.collect()
                };
                for (w, h) in sizes {
                    {
                        update(&mut m, Msg::Resize(w, h));
                        let mut term =
                            ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h))
                                .unwrap();
                        term.draw(|f| leverage::ui::view(&m, f)).unwrap();
                    }
                }
            });
        }
    });
}

#[test]
fn when_the_terminal_goes_away_the_session_is_saved_and_the_program_ends() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = common::pty::Pty::spawn(env!("CARGO_BIN_EXE_leverage"), &["new"], dir.path());
    pty.wait_for("step 1 of 14");
    pty.send(b"\x0e");
    pty.wait_for("step 2 of 14");
    pty.send(b"typed before the window closed");
    pty.wait_for("typed before the window closed");
    // The window closes: the terminal's side of the pty goes, and the kernel hangs up on the
    // program (the reader thread here keeps a copy of the terminal side open, so the hangup
    // the kernel would send is sent by hand).
    let closed = Instant::now();
    drop(pty.master.take());
    drop(std::mem::replace(
        &mut pty.writer,
        Box::new(std::io::sink()),
    ));
    let pid = pty.child.process_id().unwrap().to_string();
    assert!(
        Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success()
    );
    loop {
        if pty.child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            closed.elapsed() < Duration::from_secs(2),
            "still running 2 s after the terminal went away"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let files = common::pty::transcripts(dir.path());
    assert!(files[0].contains("typed before the window closed"));
}

// ----- text -------------------------------------------------------------------------------

mod editor_properties {
    use leverage::editor::{Editor, wrap};
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "a",
        "word ",
        "失败",
        "👩‍👩‍👧",
        "e\u{301}",
        "שלום",
        "مرحبا",
        "\n",
        "\t",
        "\u{1b}[31m",
        "\r\n",
        " ",
        "🇳🇿",
        "x\u{200d}",
        "\u{7f}",
    ];

    #[derive(Debug, Clone)]
    enum Op {
        Insert(usize),
        Back,
        Delete,
        Left,
        Right,
        Up,
        Down,
        WordLeft,
        WordRight,
        Home,
        End,
        Undo,
        Redo,
        DeleteWord,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0..PIECES.len()).prop_map(Op::Insert),
            1 => Just(Op::Back), 1 => Just(Op::Delete), 1 => Just(Op::Left), 1 => Just(Op::Right),
            1 => Just(Op::Up), 1 => Just(Op::Down), 1 => Just(Op::WordLeft), 1 => Just(Op::WordRight),
            1 => Just(Op::Home), 1 => Just(Op::End), 1 => Just(Op::Undo), 1 => Just(Op::Redo),
            1 => Just(Op::DeleteWord),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn the_cursor_stays_on_a_boundary_and_rows_fit(ops in prop::collection::vec(op(), 1..80), width in 1usize..30) {
            let mut e = Editor::default();
            for o in ops {
                match o {
                    Op::Insert(i) => e.insert(PIECES[i]),
                    Op::Back => e.delete_back(),
                    Op::Delete => e.delete_forward(),
                    Op::Left => e.left(),
                    Op::Right => e.right(),
                    Op::Up => e.vertical(-1, width),
                    Op::Down => e.vertical(1, width),
                    Op::WordLeft => e.word_left(),
                    Op::WordRight => e.word_right(),
                    Op::Home => e.line_start(width),
                    Op::End => e.line_end(width),
                    Op::Undo => e.undo(),
                    Op::Redo => e.redo(),
                    Op::DeleteWord => e.delete_word_back(),
                }
                let (row, col) = e.cursor();
                prop_assert!(row < e.lines().len());
                prop_assert!(e.lines()[row].is_char_boundary(col));
                // No control character survives to be drawn.
                prop_assert!(!e.text().chars().any(|c| c.is_control() && c != '\n'));
                e.scroll_to_cursor(width, 5);
                prop_assert!(e.cursor_xy(width, 5).is_some(), "the cursor is on screen");
                for line in e.lines() {
                    for r in wrap::wrap(line, width) {
                        let row = &line[r];
                        let single = unicode_segmentation::UnicodeSegmentation::graphemes(row.trim_end(), true).count() <= 1;
                        prop_assert!(single || wrap::str_width(row.trim_end()) <= width, "{row:?} wider than {width}");
                    }
                }
            }
        }
    }
}

#[test]
fn escape_sequences_in_a_transcript_are_shown_as_placeholders_never_sent() {
    use leverage::app::{Msg, update};
    let mut s = Session::new("2026-11-21T16-05-33-escape".into(), leverage_guide(), t0());
    s.set_text(1, "red \u{1b}[31mALERT\u{1b}[0m bell\u{7}", at(1));
    // Written straight into a file, as another program might.
    let mut t = s.to_transcript();
    if let transcript::Answer::Text { text, .. } = &mut t.steps[1].answer {
        *text = "red \u{1b}[31mALERT\u{1b}[0m bell\u{7}".into();
    }
    t.headline = Some("\u{1b}]0;pwned\u{7}".into());
    let mut m = common::model();
    update(&mut m, Msg::Resize(80, 24));
    update(
        &mut m,
        Msg::TranscriptLoaded {
            id: t.id.clone(),
            result: Ok(Box::new(t)),
        },
    );
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| leverage::ui::view(&m, f)).unwrap();
    let cells: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        !cells.chars().any(|c| c.is_control()),
        "a control character reached the screen"
    );
    assert!(cells.contains('\u{241b}'), "ESC is shown as ␛");
}

#[test]
fn a_10_mb_paste_is_refused_with_a_message_within_2_seconds() {
    use leverage::app::{Msg, Screen, update};
    let mut m = common::model();
    let s = Session::new("2026-11-21T16-05-33-pastes".into(), leverage_guide(), t0());
    update(
        &mut m,
        Msg::SessionReady {
            session: Box::new(s),
            location: "x".into(),
        },
    );
    update(&mut m, Msg::Key(common::ctrl('n')));
    update(
        &mut m,
        Msg::Key(common::key(ratatui::crossterm::event::KeyCode::Enter)),
    );
    let big = "ten megabytes of pasted words ".repeat(10 * 1024 * 1024 / 30);
    let started = Instant::now();
    update(&mut m, Msg::Paste(big));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        m.status.as_ref().unwrap().text.contains("up to 1 MB"),
        "{:?}",
        m.status
    );
    // A large paste under the limit is taken, one undo step, and typing stays quick.
    let half = "A paragraph of pasted text, as from a document.\n".repeat(512 * 1024 / 48);
    let started = Instant::now();
    update(&mut m, Msg::Paste(half.clone()));
    for k in common::chars("and then typing") {
        update(&mut m, Msg::Key(k));
    }
    assert!(started.elapsed() < Duration::from_secs(2));
    let Screen::Session(s) = &m.screen else {
        panic!()
    };
    assert!(s.editor().text().starts_with(&half));
}

// ----- privacy ------------------------------------------------------------------------------

#[test]
fn files_are_0600_and_folders_0700_under_any_umask() {
    for umask in ["000", "022", "077"] {
        let dir = tempfile::tempdir().unwrap();
        let script = format!("umask {umask}; exec \"$0\" new --plain");
        let out = Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_leverage")])
            .env("LEVERAGE_DATA_DIR", dir.path().join("data"))
            .env("LEVERAGE_CACHE_DIR", dir.path().join("cache"))
            .env("LEVERAGE_CONFIG_DIR", dir.path().join("config"))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().unwrap().write_all(b"4\nA headline\n")?;
                c.wait_with_output()
            })
            .unwrap();
        // Input ends part-way: exit 3, and what was answered is saved.
        assert_eq!(out.status.code(), Some(3));
        let list = Command::new("sh")
            .args([
                "-c",
                &format!("umask {umask}; exec \"$0\" list"),
                env!("CARGO_BIN_EXE_leverage"),
            ])
            .env("LEVERAGE_DATA_DIR", dir.path().join("data"))
            .env("LEVERAGE_CACHE_DIR", dir.path().join("cache"))
            .output()
            .unwrap();
        assert!(list.status.success());
        for entry in common::walk(dir.path()) {
            let meta = std::fs::metadata(&entry).unwrap();
            let mode = meta.permissions().mode() & 0o777;
            if entry == dir.path() {
                continue;
            }
            let want = if meta.is_dir() { 0o700 } else { 0o600 };
            assert_eq!(mode, want, "umask {umask}: {} is {mode:o}", entry.display());
        }
    }
}

#[test]
fn a_canary_never_reaches_logs_panic_messages_or_temp_folders() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let canary = "CANARY-7f3a9-private-words";
    let mut pty = common::pty::Pty::spawn_env(
        env!("CARGO_BIN_EXE_leverage"),
        &["new"],
        dir.path(),
        &[
            ("LEVERAGE_DEBUG_PANIC", "1"),
            ("TMPDIR", tmp.to_str().unwrap()),
        ],
    );
    pty.wait_for("step 1 of 14");
    pty.send(b"\x0e");
    pty.wait_for("step 2 of 14");
    pty.send(canary.as_bytes());
    pty.wait_for(canary);
    pty.send(b"\x1b[24~"); // F12: the debug panic
    assert_eq!(pty.wait_exit(), 101);
    // What the program printed on the way out (the panic message, the saved-to line) is
    // everything after it left the alternate screen, where the canary was on display.
    let raw = String::from_utf8_lossy(&pty.raw.lock().unwrap()).into_owned();
    let after = raw.rsplit("\u{1b}[?1049l").next().unwrap_or("");
    assert!(after.contains("debug panic"), "{after}");
    assert!(
        !after.contains(canary),
        "the canary was printed on exit: {after}"
    );
    for f in common::walk(&tmp) {
        if f.is_file() {
            assert!(
                !std::fs::read_to_string(&f)
                    .unwrap_or_default()
                    .contains(canary),
                "{}",
                f.display()
            );
        }
    }
    // It is where it belongs: in the transcript, and nowhere else under the data folder.
    assert!(common::pty::transcripts(dir.path())[0].contains(canary));
}
