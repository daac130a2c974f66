//! The real binary in a pseudo-terminal: keys in, screen and files out, and the terminal put
//! back as it was (alternate screen left, cursor shown, bracketed paste off, raw mode off).

mod common;

use std::path::Path;

use common::pty::{Pty, transcripts};

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

/// Closing a terminal window (tmux killing its pane) takes the terminal away without any
/// signal the program can rely on. It must notice, save and end, not spin on a dead terminal.
#[test]
fn a_window_closed_under_the_program_saves_and_ends_it() {
    use std::process::Command;
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: skipping the window-closing test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sock = format!("leverage-test-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-L", &sock, "-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap()
    };
    let data = dir.path();
    common::pin_guide(data);
    let cmd = format!(
        "env LEVERAGE_DATA_DIR={d}/data LEVERAGE_CONFIG_DIR={d}/config LEVERAGE_CACHE_DIR={d}/cache {bin} new --pair --coach Sam --client Alex",
        d = data.display(),
        bin = env!("CARGO_BIN_EXE_leverage")
    );
    assert!(
        tmux(&["new", "-d", "-s", "w", "-x", "90", "-y", "28", &cmd])
            .status
            .success()
    );
    let screen =
        || String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", "w"]).stdout).into_owned();
    let wait_for = |text: &str| {
        let start = std::time::Instant::now();
        while !screen().contains(text) {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(20),
                "waiting for {text:?}:\n{}",
                screen()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    wait_for("step 1 of 14");
    let pid =
        String::from_utf8_lossy(&tmux(&["list-panes", "-t", "w", "-F", "#{pane_pid}"]).stdout)
            .trim()
            .to_string();
    tmux(&["send-keys", "-t", "w", "C-n"]);
    wait_for("step 2 of 14");
    tmux(&[
        "send-keys",
        "-t",
        "w",
        "-l",
        "typed before the window closed",
    ]);
    wait_for("typed before the window closed");
    tmux(&["kill-server"]);
    let start = std::time::Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .unwrap_or_default()
            .contains(") Z")
    {
        if start.elapsed() > std::time::Duration::from_secs(5) {
            let _ = Command::new("kill").args(["-9", &pid]).status();
            panic!("still running 5 s after its window closed");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let files = common::pty::transcripts(dir.path());
    assert!(
        files
            .iter()
            .any(|f| f.contains("typed before the window closed")),
        "{files:?}"
    );
}

/// Make every later save of the session fail, as a full disk would: its folder becomes a file.
fn break_the_sessions_folder(dir: &Path) {
    let sessions = dir.join("data/sessions");
    std::fs::rename(&sessions, dir.join("data/sessions.gone")).unwrap();
    std::fs::write(&sessions, "").unwrap();
}

#[test]
fn leaving_while_saves_fail_asks_until_answered_and_a_copy_keeps_the_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = session_with("first words", dir.path(), &[]);
    pty.send(b"\x13"); // Ctrl-S: the session has a file
    pty.wait_for("Saved");
    break_the_sessions_folder(dir.path());
    pty.send(b" and words the disk refused");
    pty.wait_for("the disk refused");
    pty.send(b"\x11"); // Ctrl-Q
    pty.wait_for("Your last changes are not saved");
    // Ctrl-Q again (after the retry timer has had its go) never leaves without saving.
    std::thread::sleep(std::time::Duration::from_millis(5500));
    pty.send(b"\x11");
    std::thread::sleep(std::time::Duration::from_millis(300));
    pty.send(b"\x11");
    pty.wait_for("Your last changes are not saved");
    assert!(pty.child.try_wait().unwrap().is_none(), "still running");
    // A copy in another folder.
    let rescue = dir.path().join("usb");
    pty.send(b"c");
    pty.wait_for("Save a copy elsewhere");
    pty.send(&[0x7f; 120]); // Backspace over the suggested folder
    pty.send(rescue.to_str().unwrap().as_bytes());
    pty.send(b"\r");
    assert_eq!(pty.wait_exit(), 0);
    let out = String::from_utf8_lossy(&pty.raw.lock().unwrap()).into_owned();
    assert!(out.contains("a copy of your session is in"), "{out}");
    assert!(
        !out.contains("Your session is saved in"),
        "never 'saved' when it was not"
    );
    let copies: Vec<_> = std::fs::read_dir(&rescue).unwrap().collect();
    assert_eq!(copies.len(), 1);
    let copy = std::fs::read_to_string(copies[0].as_ref().unwrap().path()).unwrap();
    assert!(
        copy.contains("first words and words the disk refused"),
        "{copy}"
    );
}

#[test]
fn a_signal_while_saves_fail_writes_an_emergency_copy_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = session_with("words before", dir.path(), &[]);
    pty.send(b"\x13");
    pty.wait_for("Saved");
    break_the_sessions_folder(dir.path());
    pty.send(b" and after the disk filled");
    pty.wait_for("the disk filled");
    let pid = pty.child.process_id().unwrap();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(pty.wait_exit(), 143);
    let out = String::from_utf8_lossy(&pty.raw.lock().unwrap()).into_owned();
    assert!(
        out.contains("a copy of your session was written to"),
        "{out}"
    );
    let rescued: Vec<_> = std::fs::read_dir(dir.path().join("data"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.contains(".rescued-") && name.ends_with(".ron")
        })
        .collect();
    assert_eq!(rescued.len(), 1);
    let copy = std::fs::read_to_string(rescued[0].path()).unwrap();
    assert!(
        copy.contains("words before and after the disk filled"),
        "{copy}"
    );
}

/// F5 hands the answer to the person's own editor (`$VISUAL`): the edited text comes back
/// into the answer and is saved, the file it was edited in was private and inside the data
/// folder and is gone afterwards, nothing went to the system temp folder, and the terminal
/// is full-screen again while leverage runs and restored when it ends.
#[test]
fn your_own_editor_writes_the_answer_and_leaves_nothing_behind() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let script = dir.path().join("editor.sh");
    let seen = dir.path().join("seen");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nstat -c '%a %n' \"$1\" > '{}'\nprintf '\\nwritten in my editor: canary-ed' >> \"$1\"\n",
            seen.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    let script = script.display().to_string();
    let tmp_s = tmp.display().to_string();
    let env = [("VISUAL", script.as_str()), ("TMPDIR", tmp_s.as_str())];
    let mut pty = session_with("typed here first", dir.path(), &env);
    pty.send(b"\x1b[15~"); // F5
    pty.wait_for("written in my editor: canary-ed");
    assert!(
        pty.parser.lock().unwrap().screen().alternate_screen(),
        "full screen again after the editor"
    );
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(), 0);
    pty.assert_restored();
    let files = transcripts(dir.path());
    assert_eq!(files.len(), 1);
    // Step 2 is the one-line headline: the editor's lines come back as one.
    assert!(
        files[0].contains("headline: Some(\"typed here first written in my editor: canary-ed\")"),
        "{}",
        files[0]
    );
    let seen = std::fs::read_to_string(&seen).unwrap();
    let data = dir.path().join("data");
    assert!(
        seen.starts_with("600 ") && seen.contains(&*data.join("editing").to_string_lossy()),
        "edited in a private file inside the data folder: {seen}"
    );
    assert_eq!(
        std::fs::read_dir(data.join("editing")).unwrap().count(),
        0,
        "the file is removed"
    );
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "nothing in TMPDIR"
    );
}

/// A broken config file is said on the full screen too, with its line and column.
#[test]
fn a_broken_config_is_said_on_the_full_screen() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::write(
        dir.path().join("config/config.ron"),
        "(presentation: maybe)",
    )
    .unwrap();
    let mut pty = Pty::spawn(env!("CARGO_BIN_EXE_leverage"), &[], dir.path());
    // The warning is printed on stderr before the full screen starts, too: wait for the
    // screen's own footer, or Ctrl-Q would reach a terminal not yet raw (where it is XON).
    pty.wait_for("Enter choose");
    pty.wait_for("Your config was not used");
    assert!(pty.screen().contains("config.ron:1:"), "{}", pty.screen());
    pty.send(b"\x11");
    assert_eq!(pty.wait_exit(), 0);
}

/// Under LANG=C the real binary writes only ASCII to the terminal, chrome and all.
#[test]
fn lang_c_gets_only_ascii_from_the_full_screen() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("LANG", "C"), ("LC_ALL", "C"), ("LC_CTYPE", "C")];
    let mut pty = Pty::spawn_env(env!("CARGO_BIN_EXE_leverage"), &["new"], dir.path(), &env);
    pty.wait_for("step 1 of 14");
    pty.send(b"\x1bOP"); // F1: the help, full of keys and arrows
    pty.wait_for("Keys");
    pty.send(b"\x1b");
    pty.send(b"\x11");
    assert_eq!(pty.wait_exit(), 0);
    let raw = pty.raw.lock().unwrap().clone();
    let bad: String = String::from_utf8_lossy(&raw)
        .chars()
        .filter(|c| !c.is_ascii())
        .collect();
    assert!(bad.is_empty(), "not ASCII: {bad:?}");
}
