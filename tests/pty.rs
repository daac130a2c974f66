//! The real binary in a pseudo-terminal: keys in, screen and files out, and the terminal put
//! back as it was (alternate screen left, cursor shown, bracketed paste off, raw mode off).

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;

struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Pty {
    /// Run `program args` in a fresh pty with private data and config folders.
    fn spawn(program: &str, args: &[&str], data: &Path) -> Pty {
        Self::spawn_env(program, args, data, &[])
    }

    fn spawn_env(program: &str, args: &[&str], data: &Path, env: &[(&str, &str)]) -> Pty {
        let system = native_pty_system();
        let pair = system
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("LEVERAGE_DATA_DIR", data.join("data"));
        cmd.env("LEVERAGE_CONFIG_DIR", data.join("config"));
        cmd.env("LEVERAGE_CACHE_DIR", data.join("cache"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("TZ", "UTC");
        cmd.env("LEVERAGE_BIN", env!("CARGO_BIN_EXE_leverage"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn in the pty");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let rows = NonZeroU16::new(ROWS).unwrap();
        let cols = NonZeroU16::new(COLS).unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // EIO when the child exits is the end of output.
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            parser,
            raw,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader drain what was written last.
                std::thread::sleep(Duration::from_millis(200));
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the program did not exit; screen:\n{}", self.screen());
    }

    fn assert_restored(&self) {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor still hidden");
        assert!(!screen.bracketed_paste(), "bracketed paste still on");
    }
}

fn transcripts(dir: &Path) -> Vec<String> {
    let sessions = dir.join("data/sessions");
    let mut out = Vec::new();
    for e in std::fs::read_dir(sessions).unwrap() {
        let p = e.unwrap().path();
        out.push(std::fs::read_to_string(p).unwrap());
    }
    out
}

#[test]
fn type_then_ctrl_c_saves_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // After leverage exits, stty reports the same tty's modes: raw mode must be off.
    let script = "\"$LEVERAGE_BIN\" new; code=$?; stty -a; echo EXIT=$code";
    let mut pty = Pty::spawn("sh", &["-c", script], dir.path());
    pty.wait_for("step 1 of 14");
    pty.send(b"6");
    pty.send(b"\x0e"); // Ctrl-N
    pty.wait_for("step 2 of 14");
    pty.send("Typed in a pty: q? 失败 🚀".as_bytes());
    pty.wait_for("Typed in a pty: q?");
    pty.send(b"\x03"); // Ctrl-C
    assert_eq!(pty.wait_exit(), 0);
    let out = String::from_utf8_lossy(&pty.raw.lock().unwrap()).into_owned();
    assert!(out.contains("EXIT=0"), "{out}");
    let stty = out.rsplit("Your session is saved in").next().unwrap();
    assert!(
        stty.contains(" icanon") && stty.contains(" echo"),
        "raw mode left on: {stty}"
    );
    pty.assert_restored();
    let files = transcripts(dir.path());
    assert_eq!(files.len(), 1);
    assert!(
        files[0].contains("Typed in a pty: q? 失败 🚀"),
        "{}",
        files[0]
    );
    assert!(files[0].contains("value: 6"));
}

/// Start a session, type `words` into the second step, and return the pty.
fn session_with(words: &str, dir: &Path, env: &[(&str, &str)]) -> Pty {
    let mut pty = Pty::spawn_env(env!("CARGO_BIN_EXE_leverage"), &["new"], dir, env);
    pty.wait_for("step 1 of 14");
    pty.send(b"\x0e");
    pty.wait_for("step 2 of 14");
    pty.send(words.as_bytes());
    pty.wait_for(words);
    pty
}

#[test]
fn each_signal_saves_the_session_and_restores_the_terminal() {
    for (name, number) in [("TERM", 15), ("HUP", 1), ("INT", 2)] {
        let dir = tempfile::tempdir().unwrap();
        let words = format!("words before SIG{name}");
        let mut pty = session_with(&words, dir.path(), &[]);
        let pid = pty.child.process_id().unwrap();
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(pty.wait_exit(), 128 + number, "SIG{name}");
        pty.assert_restored();
        let files = transcripts(dir.path());
        assert!(files[0].contains(&words), "SIG{name}: {}", files[0]);
    }
}

#[test]
fn a_panic_saves_the_session_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = session_with(
        "words before a panic",
        dir.path(),
        &[("LEVERAGE_DEBUG_PANIC", "1")],
    );
    pty.send(b"\x1b[24~"); // F12
    assert_eq!(pty.wait_exit(), 101);
    pty.assert_restored();
    let out = String::from_utf8_lossy(&pty.raw.lock().unwrap()).into_owned();
    assert!(
        out.contains("debug panic requested"),
        "the panic message is shown"
    );
    assert!(out.contains("your session was saved to"), "{out}");
    let files = transcripts(dir.path());
    assert!(files[0].contains("words before a panic"), "{}", files[0]);
}

#[test]
fn plain_text_paste_arrives_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(env!("CARGO_BIN_EXE_leverage"), &["new"], dir.path());
    pty.wait_for("step 1 of 14");
    pty.send(b"\x0e");
    pty.wait_for("step 2 of 14");
    pty.send(b"one line\r"); // Enter on the headline moves on
    pty.wait_for("step 3 of 14");
    // A bracketed paste with a newline and an escape byte inside it.
    pty.send(b"\x1b[200~pasted line\r\nsecond \x1b[31mline\x1b[201~");
    pty.wait_for("second");
    pty.send(b"\x11"); // Ctrl-Q
    assert_eq!(pty.wait_exit(), 0);
    let files = transcripts(dir.path());
    assert!(
        files[0].contains("pasted line\nsecond \u{241b}[31mline"),
        "{}",
        files[0]
    );
}
