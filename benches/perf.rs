//! Performance of leverage against the budgets in docs/performance.md.
//!
//! `cargo bench --bench perf` generates libraries of 100, 1,000 and 10,000 transcripts of
//! about 5 KB, then measures, as medians over several runs:
//! - in process: listing through the summary index, search per keystroke, moving the
//!   selection, a keystroke in a 50 KB answer, opening a transcript, an autosave;
//! - the release binary in a pseudo-terminal: launch to the first frame of the home screen
//!   and of the library, a keystroke to the screen, and peak memory with the library open
//!   and searched, beside a bare ratatui program run the same way on the same machine.
//!
//! `LEVERAGE_BENCH_QUICK=1` runs fewer rounds; `LEVERAGE_BENCH_SIZES=100,1000` picks sizes.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use leverage::app::{Model, Msg, Screen, update};
use leverage::content::Library;
use leverage::keymap::Keymap;
use leverage::library::search::Doc;
use leverage::session::Session;
use leverage::store::{FileStore, Store};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const WORDS: &[&str] = &[
    "we",
    "the",
    "launch",
    "team",
    "board",
    "forecast",
    "runway",
    "customers",
    "I",
    "should",
    "have",
    "measured",
    "before",
    "scaling",
    "a",
    "quarter",
    "too",
    "late",
    "trusted",
    "the",
    "model",
    "more",
    "than",
    "early",
    "numbers",
    "hired",
    "ahead",
    "of",
    "revenue",
    "investors",
    "asked",
    "told",
    "truth",
    "learned",
    "listen",
    "questions",
    "risk",
    "pilot",
    "small",
    "honest",
    "failure",
    "lesson",
    "city",
    "warehouse",
    "supplier",
    "contract",
    "renewal",
    "churn",
    "pricing",
    "product",
    "market",
    "sales",
    "cash",
    "month",
    "week",
    "quietly",
];

/// A sentence-ish run of `n` words from a simple deterministic generator.
fn prose(seed: &mut u64, n: usize) -> String {
    let mut out = String::with_capacity(n * 7);
    for i in 0..n {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let w = WORDS[(*seed >> 33) as usize % WORDS.len()];
        if i > 0 {
            out.push(if i % 14 == 0 { '.' } else { ' ' });
            if i % 14 == 0 {
                out.push(' ');
            }
        }
        out.push_str(w);
    }
    out.push('.');
    out
}

/// Write `count` finished sessions of about 5 KB each into a fresh data folder.
/// The word only one generated session holds.
const RARE: &str = "zephyrine";

fn generate(dir: &Path, count: usize) {
    let guide = Library::built_in().find("leverage").cloned().unwrap();
    let sessions = dir.join("sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let mut seed = 42u64;
    let start: Timestamp = "2024-01-01T09:00:00Z".parse().unwrap();
    for n in 0..count {
        let t0 = start
            .checked_add(jiff::SignedDuration::from_secs(n as i64 * 3600))
            .unwrap();
        let id = format!("{}-{:06}", t0.strftime("%Y-%m-%dT%H-%M-%S"), n);
        let mut s = Session::new(id, guide.clone(), t0);
        for (i, step) in guide.steps.iter().enumerate() {
            match &step.kind {
                leverage::guide::StepKind::Scale(_) => s.set_value(i, (n % 11) as i64, t0),
                leverage::guide::StepKind::Rehearsal(r) => {
                    for q in 0..r.questions.len() {
                        s.set_take(i, q, &prose(&mut seed, 12), t0)
                    }
                }
                // One session in the middle holds a word no other has: the search a person
                // makes for the one they remember.
                _ if Some(i) == guide.summary.headline && n == count / 2 => {
                    s.set_text(i, &format!("{} {RARE}", prose(&mut seed, 6)), t0)
                }
                _ if Some(i) == guide.summary.headline => s.set_text(i, &prose(&mut seed, 8), t0),
                _ => s.set_text(i, &prose(&mut seed, 24), t0),
            }
        }
        s.finish(t0);
        let text = leverage::transcript::to_ron(&s.to_transcript()).unwrap();
        // Plain writes: generating is not what is measured.
        std::fs::write(sessions.join(format!("{}.ron", s.id)), text).unwrap();
    }
}

/// A launch's median beside the bare ratatui program's, timed in the same rounds.
fn beside_bare(d: Duration, bare: Duration) -> String {
    format!(
        "{} ({:.1}x bare ratatui, {} in the same rounds)",
        ms(d),
        d.as_secs_f64() / bare.as_secs_f64(),
        ms(bare)
    )
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(rounds: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut v = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        std::hint::black_box(f());
        v.push(t.elapsed());
    }
    median(v)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn model(listing: leverage::store::Listing) -> Model {
    let mut m = Model::new(
        Library::built_in(),
        Keymap::default_keymap().unwrap(),
        listing,
        Timestamp::now(),
        TimeZone::UTC,
    );
    update(&mut m, Msg::Resize(100, 30));
    m
}

fn draw(term: &mut Terminal<TestBackend>, m: &Model) {
    term.draw(|f| leverage::ui::view(m, f)).unwrap();
}

struct Row {
    what: String,
    figure: String,
}

/// The id of one session in `store`.
fn listing_first(store: &FileStore) -> String {
    store.list().sessions[0].id.clone()
}

fn in_process(dir: &Path, cache: &Path, count: usize, rounds: usize, rows: &mut Vec<Row>) {
    let store = FileStore::new(dir).with_index_in(cache);
    let _ = store.list(); // build the index
    let list = time(rounds, || store.list());
    rows.push(Row {
        what: format!("list via the index, {count} sessions"),
        figure: ms(list),
    });

    let ids: Vec<String> = store
        .list()
        .sessions
        .into_iter()
        .take(400)
        .map(|s| s.id)
        .collect();
    let look = time(rounds, || {
        // The folder's time, and 400 files' stamps in turn (what the driver does each look).
        let stamp = store.folder_stamp();
        let keys: Vec<_> = ids.iter().map(|id| store.file_key(id)).collect();
        (stamp, keys)
    });
    rows.push(Row {
        what: format!(
            "look at the sessions folder for changes (every 2 s, home and library), {count}"
        ),
        figure: ms(look),
    });

    let built = Instant::now();
    let index = leverage::driver::index_of(&store);
    rows.push(Row {
        what: format!("build the search index (worker thread, once), {count}"),
        figure: ms(built.elapsed()),
    });
    // The search worker's way in: the saved index, brought up to date from the files.
    {
        use leverage::driver::SearchSource;
        let _ = std::fs::remove_file(store.search_cache().unwrap());
        let first = Instant::now();
        std::hint::black_box(store.index(&Default::default()));
        rows.push(Row {
            what: format!("search index, no saved copy (read all, then save), {count}"),
            figure: ms(first.elapsed()),
        });
        let same = time(rounds, || store.index(&Default::default()));
        rows.push(Row {
            what: format!("search index from its saved copy, nothing changed, {count}"),
            figure: ms(same),
        });
        let one = listing_first(&store);
        let changed = time(rounds, || {
            // One session saved again since (another device, or this one).
            let t = store.load(&one).unwrap();
            leverage::store::write_atomic(
                store.sessions_dir(),
                &format!("{one}.ron"),
                leverage::transcript::to_ron(&t).unwrap().as_bytes(),
            )
            .unwrap();
            store.index(&Default::default())
        });
        rows.push(Row {
            what: format!("search index from its saved copy, one session changed, {count}"),
            figure: ms(changed),
        });
    }
    let cancel = AtomicU64::new(1);
    let doc = |id: &str| store.load(id).ok().map(|t| Doc::of(&t));
    let mut per_key = Vec::new();
    for query in ["l", "le", "les", "less", "lesso", "lesson"] {
        per_key.push(time(rounds.min(5), || index.query(query, 1, &cancel, &doc)));
    }
    rows.push(Row {
        what: format!("search per keystroke, full text, {count} sessions"),
        figure: ms(median(per_key)),
    });
    // The same keystrokes through the search worker a person types into: the query, then its
    // results back on the UI side (the sessions read for snippets are kept between keys).
    {
        let mut worker = leverage::driver::SearchWorker::spawn(Arc::new(store.clone())).unwrap();
        let mut generation = 0;
        let mut ask = |q: &str| {
            generation += 1;
            let t = Instant::now();
            worker.submit(q.to_string(), generation);
            loop {
                if let Some((g, _)) = worker.poll()
                    && g == generation
                {
                    return t.elapsed();
                }
                std::thread::sleep(Duration::from_micros(50));
            }
        };
        ask("warm");
        let mut typed = Vec::new();
        for _ in 0..rounds.min(5) {
            for query in ["l", "le", "les", "less", "lesso", "lesson"] {
                typed.push(ask(query));
            }
        }
        rows.push(Row {
            what: format!("search per keystroke through the search worker, {count} sessions"),
            figure: ms(median(typed)),
        });
    }

    let listing = store.list();
    let mut m = model(listing);
    update(&mut m, Msg::OpenLibrary);
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    draw(&mut term, &m);
    let mv = time(rounds * 5, || {
        update(&mut m, key(KeyCode::Down));
        draw(&mut term, &m);
    });
    rows.push(Row {
        what: format!("move the library selection (update + render), {count}"),
        figure: ms(mv),
    });

    // Moving through search results that match every session.
    update(&mut m, key(KeyCode::Char('/')));
    update(&mut m, key(KeyCode::Char('l')));
    let hits = index.query("l", 1, &cancel, &doc).unwrap();
    let matched = hits.len();
    let generation = match &m.screen {
        Screen::Library(lib) => lib.generation,
        _ => unreachable!(),
    };
    update(&mut m, Msg::SearchResults { generation, hits });
    let mv = time(rounds * 5, || {
        update(&mut m, key(KeyCode::Down));
        draw(&mut term, &m);
    });
    rows.push(Row {
        what: format!("move through {matched} search results (update + render), {count}"),
        figure: ms(mv),
    });

    let id = store.list().sessions[0].id.clone();
    let open = time(rounds, || {
        let t = store.load(&id).unwrap();
        update(
            &mut m,
            Msg::TranscriptLoaded {
                id: t.id.clone(),
                result: Ok(Box::new(t)),
            },
        );
        draw(&mut term, &m);
    });
    rows.push(Row {
        what: "open one transcript in the viewer (read + lay out + render)".into(),
        figure: ms(open),
    });
}

fn editor_rows(rounds: usize, rows: &mut Vec<Row>) {
    let guide = Library::built_in().find("leverage").cloned().unwrap();
    let mut seed = 7u64;
    let mut big = String::new();
    while big.len() < 50_000 {
        big.push_str(&prose(&mut seed, 60));
        big.push_str("\n\n");
    }
    let mut s = Session::new(
        "2026-01-01T00-00-00-bench1".into(),
        guide.clone(),
        Timestamp::now(),
    );
    let story = guide.step_index("story").unwrap();
    s.go_to(story, Timestamp::now());
    s.set_text(story, &big, Timestamp::now());
    let mut m = model(Default::default());
    update(
        &mut m,
        Msg::SessionReady {
            session: Box::new(s),
            location: "bench".into(),
        },
    );
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    draw(&mut term, &m);
    let type_key = time(rounds * 20, || {
        update(&mut m, key(KeyCode::Char('x')));
        draw(&mut term, &m);
    });
    rows.push(Row {
        what: "a keystroke in a 50 KB answer (update + render)".into(),
        figure: ms(type_key),
    });
    // Autosave: the UI thread only builds the transcript and hands it over (the Tick that
    // finds the autosave due); writing and fsyncing happen on the store thread.
    let mut when = Timestamp::now();
    let ui_share = time(rounds * 5, || {
        update(&mut m, key(KeyCode::Char('y')));
        when = when
            .checked_add(jiff::SignedDuration::from_secs(3))
            .unwrap();
        let effects = update(&mut m, Msg::Tick(when));
        assert!(matches!(
            effects.first(),
            Some(leverage::app::Effect::Save { .. })
        ));
        if let Some(leverage::app::Effect::Save { generation, .. }) = effects.into_iter().next() {
            update(
                &mut m,
                Msg::Saved {
                    generation,
                    result: Ok(()),
                },
            );
        }
    });
    rows.push(Row {
        what: "autosave, UI thread share (build the transcript, hand it over)".into(),
        figure: ms(ui_share),
    });
    undo_rows(rounds, rows);
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path());
    let Screen::Session(sc) = &m.screen else {
        unreachable!()
    };
    let t = sc.session.to_transcript();
    let save = time(rounds * 5, || store.save(&t).unwrap());
    rows.push(Row {
        what: "autosave, the write itself (store thread, two fsyncs)".into(),
        figure: ms(save),
    });
}

/// Undo in a 900 KB pasted answer with 200 words typed after it: each step's time, and what
/// the whole history holds (edits, not copies of the answer).
fn undo_rows(rounds: usize, rows: &mut Vec<Row>) {
    let mut seed = 11u64;
    let mut paste = String::new();
    while paste.len() < 900_000 {
        paste.push_str(&prose(&mut seed, 80));
        paste.push('\n');
    }
    let mut ed = leverage::editor::Editor::default();
    ed.insert(&paste);
    for n in 0..200 {
        ed.insert(if n % 2 == 0 { " word" } else { " more" });
    }
    let history = ed.history_bytes();
    let step = time(rounds * 10, || {
        ed.undo();
        ed.redo();
    });
    rows.push(Row {
        what: "undo + redo in a 900 KB answer with 200 words typed after it".into(),
        figure: ms(step),
    });
    rows.push(Row {
        what: "that answer's undo history (bytes held: edits, not copies)".into(),
        figure: format!("{:.1} MiB", history as f64 / (1024.0 * 1024.0)),
    });
}

/// The release binary (or this bench as a bare ratatui program) in a pseudo-terminal.
struct Pty {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    fn spawn(program: &Path, args: &[&str], env: &[(&str, &Path)]) -> (Pty, Instant) {
        let pair = portable_pty::native_pty_system()
            .openpty(portable_pty::PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = portable_pty::CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(30).unwrap(),
            NonZeroU16::new(100).unwrap(),
            0,
        )));
        let s = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
            }
        });
        (
            Pty {
                screen,
                writer,
                child,
                _master: pair.master,
            },
            started,
        )
    }

    /// Wait until the screen shows `text`; how long since `from`.
    fn until(&self, text: &str, from: Instant) -> Duration {
        self.until_screen(|s| s.contains(text), text, from)
    }

    /// The row the library's selection marker is on.
    fn marker_row(&self) -> Option<usize> {
        self.screen
            .lock()
            .unwrap()
            .screen()
            .contents()
            .lines()
            .position(|l| l.contains('▸'))
    }

    fn until_screen(&self, done: impl Fn(&str) -> bool, text: &str, from: Instant) -> Duration {
        loop {
            if done(&self.screen.lock().unwrap().screen().contents()) {
                return from.elapsed();
            }
            if from.elapsed() > Duration::from_secs(30) {
                panic!(
                    "timed out waiting for {text:?}:\n{}",
                    self.screen.lock().unwrap().screen().contents()
                );
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    fn send(&mut self, bytes: &[u8]) -> Instant {
        let t = Instant::now();
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        t
    }

    fn peak_kib(&self) -> u64 {
        let pid = self.child.process_id().unwrap();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    fn finish(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// This bench, re-run as the smallest ratatui program: draw one frame, wait for a key.
fn bare_ratatui() {
    let mut terminal = ratatui::init();
    terminal
        .draw(|f| {
            f.render_widget(
                ratatui::widgets::Paragraph::new("bare ratatui ready"),
                f.area(),
            )
        })
        .unwrap();
    let _ = ratatui::crossterm::event::read();
    ratatui::restore();
}

fn processes(
    bin: &Path,
    dir: &Path,
    cache: &Path,
    count: usize,
    rounds: usize,
    rows: &mut Vec<Row>,
    bare_program: &Path,
) {
    let env = [
        ("LEVERAGE_DATA_DIR", dir),
        ("LEVERAGE_CACHE_DIR", cache),
        ("LEVERAGE_CONFIG_DIR", dir),
    ];
    let mut home = Vec::new();
    let mut bare = Vec::new();
    let mut library = Vec::new();
    let mut keys = Vec::new();
    let mut peak = 0;
    for _ in 0..rounds {
        // The bare program right before each launch: the same moment, the same machine load.
        bare.push(bare_launch(bare_program));
        let (pty, t) = Pty::spawn(bin, &[], &env);
        home.push(pty.until("Start a new session", t));
        pty.finish();
        let (mut pty, t) = Pty::spawn(bin, &["library"], &env);
        library.push(pty.until(&format!("of {count} sessions"), t));
        // A keystroke to the screen: the selection moves down one row.
        let before = pty.marker_row();
        let t = pty.send(b"j");
        loop {
            if pty.marker_row() != before {
                keys.push(t.elapsed());
                break;
            }
            if t.elapsed() > Duration::from_secs(5) {
                panic!("the selection never moved");
            }
            std::thread::sleep(Duration::from_micros(100));
        }
        let _ = pty.send(b"/lesson");
        pty.until("found", Instant::now());
        std::thread::sleep(Duration::from_millis(300));
        peak = peak.max(pty.peak_kib());
        pty.finish();
    }
    // Launch to the rare word's one hit on screen, typed as soon as the library shows: with
    // the saved search index, and with none (the first launch ever: it is built first).
    let search_cache = leverage::store::FileStore::new(dir)
        .with_index_in(cache)
        .search_cache()
        .unwrap();
    let mut first_hit = Vec::new();
    let mut bare_hit = Vec::new();
    let mut cold = Vec::new();
    let mut cold_peak = 0;
    for round in 0..rounds {
        bare_hit.push(bare_launch(bare_program));
        let built_first = round % 2 == 1 || rounds == 1;
        if built_first {
            let _ = std::fs::remove_file(&search_cache);
        }
        let (mut pty, t) = Pty::spawn(bin, &["library"], &env);
        pty.until(" sessions · ", t);
        let _ = pty.send(format!("/{RARE}").as_bytes());
        let d = pty.until("   1 found", t);
        if built_first {
            cold.push(d);
            cold_peak = cold_peak.max(pty.peak_kib());
        } else {
            first_hit.push(d);
        }
        pty.finish();
    }
    if !first_hit.is_empty() {
        let d = median(first_hit);
        let b = median(bare_hit.clone());
        rows.push(Row {
            what: format!("launch to the first search hit on screen, saved index, {count}"),
            figure: beside_bare(d, b),
        });
    }
    rows.push(Row {
        what: format!("launch to the first search hit, no saved index (built first), {count}"),
        figure: format!(
            "{}, peak memory {:.1} MiB",
            ms(median(cold)),
            cold_peak as f64 / 1024.0
        ),
    });
    // The library's first frame right after a session was finished and saved by another
    // leverage process (the summary index is kept fresh by the process that saves).
    let mut after_save = Vec::new();
    for _ in 0..rounds {
        let sessions = || std::fs::read_dir(dir.join("sessions")).unwrap().count();
        let before = sessions();
        {
            use std::io::Write;
            let mut child = std::process::Command::new(bin)
                .args(["new", "--plain"])
                .envs(env.iter().map(|(k, v)| (k, v)))
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let _ = child
                .stdin
                .take()
                .unwrap()
                .write_all("-\n".repeat(60).as_bytes());
            child.wait().unwrap();
        }
        // Saved for certain, or this row would time a launch like any other.
        assert_eq!(sessions(), before + 1, "the plain session was not saved");
        let (pty, t) = Pty::spawn(bin, &["library"], &env);
        after_save.push(pty.until(" sessions · ", t));
        pty.finish();
    }
    rows.push(Row {
        what: format!("launch to the library's first frame right after a save, {count}"),
        figure: format!(
            "{} (a fresh index: the library row above)",
            ms(median(after_save))
        ),
    });
    let h = median(home);
    let bare = median(bare);
    rows.push(Row {
        what: format!("launch to the home screen's first frame, {count} sessions"),
        figure: beside_bare(h, bare),
    });
    rows.push(Row {
        what: format!("launch to the library's first frame, {count} sessions"),
        figure: ms(median(library)),
    });
    rows.push(Row {
        what: format!("a keystroke to the screen in the library, {count}"),
        figure: ms(median(keys)),
    });
    rows.push(Row {
        what: format!("peak memory, library open and searched, {count}"),
        figure: format!("{:.1} MiB", peak as f64 / 1024.0),
    });
}

/// This bench run as a bare ratatui program: launch to its first frame.
fn bare_launch(me: &Path) -> Duration {
    let (mut pty, t) = Pty::spawn(me, &[], &[("LEVERAGE_BENCH_BARE", Path::new("1"))]);
    let d = pty.until("bare ratatui ready", t);
    pty.send(b"q");
    pty.finish();
    d
}

fn list_command(
    bin: &Path,
    dir: &Path,
    cache: &Path,
    count: usize,
    rounds: usize,
    rows: &mut Vec<Row>,
) {
    let run = || {
        let out = std::process::Command::new(bin)
            .arg("list")
            .env("LEVERAGE_DATA_DIR", dir)
            .env("LEVERAGE_CACHE_DIR", cache)
            .env("LEVERAGE_CONFIG_DIR", dir)
            .output()
            .unwrap();
        assert!(out.status.success());
    };
    run();
    let list = time(rounds, run);
    rows.push(Row {
        what: format!("`leverage list`, {count} sessions"),
        figure: ms(list),
    });
    let command = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(args)
            .env("LEVERAGE_DATA_DIR", dir)
            .env("LEVERAGE_CACHE_DIR", cache)
            .env("LEVERAGE_CONFIG_DIR", dir)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(out.success());
    };
    let json = time(rounds, || command(&["list", "--json"]));
    rows.push(Row {
        what: format!("`leverage list --json`, {count} sessions"),
        figure: format!(
            "{} ({:.2}x `list`)",
            ms(json),
            json.as_secs_f64() / list.as_secs_f64()
        ),
    });
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().to_string_lossy().into_owned();
    let all = time(rounds.min(3), || {
        command(&["export", "--all", "-o", &out_dir]);
    });
    rows.push(Row {
        what: format!("`leverage export --all -o DIR` (a file per session), {count}"),
        figure: format!(
            "{} ({:.1}x `list`)",
            ms(all),
            all.as_secs_f64() / list.as_secs_f64()
        ),
    });
}

fn main() {
    if std::env::var_os("LEVERAGE_BENCH_BARE").is_some() {
        bare_ratatui();
        return;
    }
    // `LEVERAGE_BENCH_GENERATE=DIR:COUNT` only writes a library, for measuring by hand.
    if let Some((dir, count)) = std::env::var("LEVERAGE_BENCH_GENERATE").ok().and_then(|v| {
        let (d, c) = v.split_once(':')?;
        Some((PathBuf::from(d), c.parse::<usize>().ok()?))
    }) {
        generate(&dir, count);
        return;
    }
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing useful: run quick.
    let quick = std::env::var_os("LEVERAGE_BENCH_QUICK").is_some();
    let rounds = if quick { 3 } else { 11 };
    let sizes: Vec<usize> = std::env::var("LEVERAGE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1_000, 10_000]);
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_leverage"));
    let me = std::env::current_exe().unwrap();
    let work = tempfile::tempdir().unwrap();

    let bare = median((0..rounds).map(|_| bare_launch(&me)).collect());
    let mut rows = vec![Row {
        what: "bare ratatui program: launch to first frame".into(),
        figure: ms(bare),
    }];
    for &count in &sizes {
        let dir = work.path().join(format!("lib{count}"));
        let cache = work.path().join(format!("cache{count}"));
        eprintln!("generating {count} transcripts…");
        generate(&dir, count);
        // Written, not still being flushed while launches are timed.
        let _ = std::process::Command::new("sync").status();
        list_command(&bin, &dir, &cache, count, rounds, &mut rows);
        in_process(&dir, &cache, count, rounds, &mut rows);
        processes(&bin, &dir, &cache, count, rounds, &mut rows, &me);
    }
    editor_rows(rounds, &mut rows);
    println!("\n| what | median of {rounds} runs |\n|---|---|");
    for r in rows {
        println!("| {} | {} |", r.what, r.figure);
    }
}
