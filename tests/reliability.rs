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
        let mut child = Command::new(env!("CARGO_BIN_EXE_leverage"))
            .args(["debug-save-loop", id])
            .env("LEVERAGE_DATA_DIR", &data)
            .env("LEVERAGE_CACHE_DIR", dir.path().join("cache"))
            .env("LEVERAGE_CONFIG_DIR", dir.path().join("config"))
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
        std::thread::sleep(Duration::from_micros(fastrand::u64(2_000..25_000)));
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_leverage"))
        .args(["resume", id, "--plain"])
        .env("LEVERAGE_DATA_DIR", dir.path().join("data"))
        .env("LEVERAGE_CACHE_DIR", dir.path().join("cache"))
        .env("LEVERAGE_CONFIG_DIR", dir.path().join("config"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap(); // it has started (and so holds the lock)
    let refused = Command::new(env!("CARGO_BIN_EXE_leverage"))
        .args(["resume", id, "--plain"])
        .env("LEVERAGE_DATA_DIR", dir.path().join("data"))
        .env("LEVERAGE_CACHE_DIR", dir.path().join("cache"))
        .env("LEVERAGE_CONFIG_DIR", dir.path().join("config"))
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
