//! Helpers shared by the integration tests: fixed times, the built-in guide, key events.
#![allow(dead_code)]

pub mod pty;

use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use leverage::app::Model;
use leverage::content::Library;
use leverage::guide::Guide;
use leverage::keymap::Keymap;
use leverage::store::Listing;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

pub fn t0() -> Timestamp {
    "2026-11-21T16:05:33Z".parse().unwrap()
}

pub fn at(secs: i64) -> Timestamp {
    t0().checked_add(jiff::SignedDuration::from_secs(secs))
        .unwrap()
}

/// The leverage guide the machinery tests run against: a frozen copy of version 2, so the
/// built-in coaching content can change without rewriting them (tests/coaching.rs tests it).
pub const PINNED_GUIDE: &str = include_str!("../fixtures/guides/leverage.ron");

pub fn leverage_guide() -> Arc<Guide> {
    Arc::new(leverage::guide::parse("tests/fixtures/guides/leverage.ron", PINNED_GUIDE).unwrap())
}

/// The built-in guides, with the leverage guide pinned to the frozen copy.
pub fn library() -> Library {
    let mut lib = Library::built_in();
    for g in lib.guides.iter_mut() {
        if g.id == "leverage" {
            *g = leverage_guide();
        }
    }
    lib
}

/// Give the binary run with data in `dir` the pinned leverage guide, as a user guide of the
/// same id (unless `real_guides(dir)` asked for the built-in content).
pub fn pin_guide(dir: &std::path::Path) {
    let guides = dir.join("config").join("guides");
    if guides.join(".real").exists() {
        return;
    }
    std::fs::create_dir_all(&guides).unwrap();
    std::fs::write(guides.join("leverage.ron"), PINNED_GUIDE).unwrap();
}

/// Run the binary with `dir` on the built-in guides as shipped.
pub fn real_guides(dir: &std::path::Path) {
    let guides = dir.join("config").join("guides");
    std::fs::create_dir_all(&guides).unwrap();
    let _ = std::fs::remove_file(guides.join("leverage.ron"));
    std::fs::write(guides.join(".real"), "").unwrap();
}

pub fn model() -> Model {
    Model::new(
        library(),
        Keymap::default_keymap().unwrap(),
        Listing::default(),
        t0(),
        TimeZone::UTC,
    )
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn chars(text: &str) -> Vec<KeyEvent> {
    text.chars().map(|c| key(KeyCode::Char(c))).collect()
}

pub fn ev(k: KeyEvent) -> Event {
    Event::Key(k)
}

/// Key events typing `text`.
pub fn typing(text: &str) -> Vec<Event> {
    chars(text).into_iter().map(Event::Key).collect()
}

/// The real binary, with data, config and cache folders inside `dir` and times in UTC.
pub fn leverage_command(dir: &std::path::Path) -> std::process::Command {
    pin_guide(dir);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_leverage"));
    cmd.env("LEVERAGE_DATA_DIR", dir.join("data"))
        .env("LEVERAGE_CONFIG_DIR", dir.join("config"))
        .env("LEVERAGE_CACHE_DIR", dir.join("cache"))
        .env("TZ", "UTC")
        // The same locale wherever the tests run (plain mode prints ASCII under LANG=C).
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE");
    cmd
}

/// Run the binary with `args`, feeding it `stdin`, and wait for it.
pub fn run_leverage(dir: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    run_command(leverage_command(dir).args(args), stdin)
}

/// Run `cmd` (from `leverage_command`, with any changes a test needs), feeding it `stdin`.
pub fn run_command(cmd: &mut std::process::Command, stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A model on the first step of a new session of the leverage guide.
pub fn in_session(location: &str) -> Model {
    let mut m = model();
    let s = leverage::session::Session::new(
        "2026-11-21T16-05-33-abcdef".into(),
        leverage_guide(),
        t0(),
    );
    leverage::app::update(
        &mut m,
        leverage::app::Msg::SessionReady {
            session: Box::new(s),
            location: location.into(),
        },
    );
    m
}

/// Every file and folder under `dir` (itself included), for checks over a whole folder.
pub fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Everything on a ratatui test screen of `w` x `h` showing `m`, a line per row.
pub fn screen_text(m: &mut Model, w: u16, h: u16) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    leverage::app::update(m, leverage::app::Msg::Resize(w, h));
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| leverage::ui::view(m, f)).unwrap();
    let buf = term.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

/// A step's conversation as (who, what) pairs, for comparing turns.
pub fn turns(conversation: &[leverage::pairing::Entry]) -> Vec<(leverage::pairing::Speaker, &str)> {
    conversation
        .iter()
        .map(|e| (e.speaker, e.text.as_str()))
        .collect()
}

/// Where `guide`'s rehearsal step is.
pub fn rehearsal_step(guide: &Guide) -> usize {
    guide
        .steps
        .iter()
        .position(|s| matches!(s.kind, leverage::guide::StepKind::Rehearsal(_)))
        .unwrap()
}
