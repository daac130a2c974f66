//! Transcripts on disk: exact round trips, atomic saves, private permissions, unreadable files
//! reported and left alone.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{at, leverage_guide, t0};
use leverage::session::Session;
use leverage::store::{FileStore, MemoryStore, Store, StoreError};
use leverage::transcript::{self, Status};

const TRICKY: &str = "She said \"no\" twice.\nPath C:\\new\\table, raw \"# and \"##\n\
    emoji 👩‍👩‍👧 and 🇳🇿, CJK 失败是成功之母, combining e\u{301}\n\n  indented\ttab";

fn tricky_session(id: &str) -> Session {
    let mut s = Session::new(id.into(), leverage_guide(), t0());
    s.set_value(0, 8, at(1));
    s.set_text(1, "Launch \"Atlas\" flopped \\ badly 🚀", at(2));
    s.set_text(2, TRICKY, at(3));
    s.go_to(3, at(0));
    s.skip(at(4));
    s
}

#[test]
fn write_then_read_back_equal_with_tricky_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path());
    let t = tricky_session("2026-11-21T16-05-33-abcdef").to_transcript();
    store.save(&t).unwrap();
    let back = store.load(&t.id).unwrap();
    assert_eq!(back, t);
    // Round trip through the session too: nothing is lost on reopening and saving again.
    let again = Session::from_transcript(&back, leverage_guide()).to_transcript();
    assert_eq!(again, t);
    let text = std::fs::read_to_string(store.path_of(&t.id)).unwrap();
    assert!(
        text.contains("失败是成功之母"),
        "text is stored as written, not escaped"
    );
}

#[test]
fn atomic_save_leaves_no_temp_file_and_private_modes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("data");
    let mut store = FileStore::new(&root);
    let t = tricky_session("2026-11-21T16-05-33-abcdef").to_transcript();
    for _ in 0..3 {
        store.save(&t).unwrap();
    }
    let names: Vec<_> = std::fs::read_dir(store.sessions_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec![format!("{}.ron", t.id)]);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&store.path_of(&t.id)), 0o600);
    assert_eq!(mode(store.sessions_dir()), 0o700);
    assert_eq!(mode(&root), 0o700);
}

#[test]
fn save_keeps_mode_0600_even_over_a_looser_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path());
    let t = tricky_session("2026-11-21T16-05-33-abcdef").to_transcript();
    store.save(&t).unwrap();
    let path = store.path_of(&t.id);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    store.save(&t).unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn unreadable_files_are_listed_by_name_and_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path());
    let good = tricky_session("2026-11-21T16-05-33-abcdef").to_transcript();
    store.save(&good).unwrap();
    let bad = store.sessions_dir().join("broken.ron");
    let garbage = b"(format_version: 1, id: \"broken\", oops";
    std::fs::write(&bad, garbage).unwrap();
    std::fs::write(store.sessions_dir().join("binary.ron"), [0xff, 0xfe, 0x00]).unwrap();
    std::fs::create_dir(store.sessions_dir().join("folder.ron")).unwrap();
    // A temp file from an interrupted save is not a session.
    std::fs::write(store.sessions_dir().join(".x.ron.1234.tmp"), "partial").unwrap();
    let listing = store.list();
    assert_eq!(listing.sessions.len(), 1);
    let names: Vec<_> = listing.unreadable.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["binary.ron", "broken.ron", "folder.ron"]);
    let broken = &listing.unreadable[1];
    assert!(
        broken.reason.starts_with("line 1, column"),
        "{}",
        broken.reason
    );
    assert!(listing.unreadable[0].reason.contains("UTF-8"));
    assert!(listing.unreadable[2].reason.contains("folder"));
    assert_eq!(std::fs::read(&bad).unwrap(), garbage);
    // Loading it names the file and the position.
    let err = store.load("broken").unwrap_err();
    assert!(
        err.to_string().contains("broken.ron: line 1, column"),
        "{err}"
    );
}

#[test]
fn ids_resolve_from_a_unique_prefix() {
    let mut store = MemoryStore::new();
    for id in [
        "2026-11-21T16-05-33-aaaaaa",
        "2026-11-21T16-05-33-aabbbb",
        "2026-11-22T09-00-00-cccccc",
    ] {
        store.save(&tricky_session(id).to_transcript()).unwrap();
    }
    assert_eq!(
        store.resolve("2026-11-22").unwrap(),
        "2026-11-22T09-00-00-cccccc"
    );
    assert!(matches!(
        store.resolve("2026-11-21"),
        Err(StoreError::Ambiguous { .. })
    ));
    assert!(matches!(
        store.resolve("1999"),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn new_ids_carry_the_time_and_a_random_suffix() {
    let a = leverage::store::new_id(t0());
    let b = leverage::store::new_id(t0());
    assert_ne!(a, b);
    assert!(leverage::store::is_valid_session_id(&a));
    assert_eq!(a.len(), "2026-11-21T16-05-33-abcdef".len());
}

#[test]
fn listing_shows_status_headline_and_progress() {
    let mut store = MemoryStore::new();
    let mut s = tricky_session("2026-11-21T16-05-33-abcdef");
    store.save(&s.to_transcript()).unwrap();
    s.finish(at(9));
    let mut done = s.clone();
    done.id = "2026-11-21T16-05-34-zzzzzz".into();
    store.save(&done.to_transcript()).unwrap();
    let listing = store.list();
    assert_eq!(listing.sessions.len(), 2);
    let unfinished: Vec<_> = listing.unfinished().map(|s| s.id.as_str()).collect();
    assert_eq!(unfinished, ["2026-11-21T16-05-33-abcdef"]);
    assert_eq!(
        listing.sessions[1].position,
        (5, 14),
        "skipped step 4, so resumes at step 5"
    );
    let first = &listing.sessions[0];
    assert_eq!(
        first.headline.as_deref(),
        Some("Launch \"Atlas\" flopped \\ badly 🚀")
    );
    assert_eq!(first.status, Status::Complete);
}

/// A newer format this version can parse is read (to be shown), and named as what writing it
/// back would drop; one it cannot parse is refused as newer, not as a syntax error.
#[test]
fn a_newer_format_is_read_but_never_written_back() {
    let t = tricky_session("2026-11-21T16-05-33-abcdef").to_transcript();
    let text = transcript::to_ron(&t)
        .unwrap()
        .replace("format_version: 2", "format_version: 99");
    let read = transcript::parse(text.as_bytes()).unwrap();
    assert_eq!(read.format_version, 99);
    let what = transcript::uncarried(text.as_bytes(), &read).unwrap();
    assert!(what.contains("format 99"), "{what}");
    let ours = transcript::to_ron(&t).unwrap();
    assert_eq!(transcript::uncarried(ours.as_bytes(), &t), None);
    let unreadable = text.replacen("steps: [", "steps: Changed([", 1);
    let err = transcript::parse(unreadable.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("newer leverage"), "{err}");
}

#[test]
fn the_summary_index_follows_every_change_and_lives_outside_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let mut store = FileStore::new(dir.path().join("data")).with_index_in(&cache);
    let a = tricky_session("2026-11-21T16-05-33-aaaaaa").to_transcript();
    let b = tricky_session("2026-11-21T16-05-34-bbbbbb").to_transcript();
    store.save(&a).unwrap();
    store.save(&b).unwrap();
    assert_eq!(store.list().sessions.len(), 2);
    let index: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(index.len(), 1, "one index file, in the cache folder");
    assert!(
        !dir.path()
            .join("data")
            .join("sessions")
            .read_dir()
            .unwrap()
            .any(|e| { e.unwrap().file_name().to_string_lossy().contains("index") })
    );
    // A change made by another program (a new headline, a different size) is picked up.
    let path = store.path_of(&a.id);
    let mut t = store.load(&a.id).unwrap();
    t.headline = Some("Renamed from elsewhere".into());
    std::fs::write(&path, leverage::transcript::to_ron(&t).unwrap()).unwrap();
    let listing = store.list();
    let renamed = listing.sessions.iter().find(|s| s.id == a.id).unwrap();
    assert_eq!(renamed.headline.as_deref(), Some("Renamed from elsewhere"));
    // A file that turns bad is reported; a removed one disappears; the index never hides them.
    std::fs::write(store.path_of(&b.id), "(broken").unwrap();
    let listing = store.list();
    assert_eq!(listing.sessions.len(), 1);
    assert_eq!(listing.unreadable.len(), 1);
    std::fs::remove_file(store.path_of(&b.id)).unwrap();
    let listing = store.list();
    assert_eq!((listing.sessions.len(), listing.unreadable.len()), (1, 0));
    // A damaged index is rebuilt from the files.
    std::fs::write(&index[0], "not json").unwrap();
    assert_eq!(store.list().sessions.len(), 1);
}

#[test]
fn a_fresh_index_gives_the_newest_sessions_first_without_reading_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        FileStore::new(dir.path().join("data")).with_index_in(&dir.path().join("cache"));
    for (n, id) in [
        "2026-01-01T00-00-00-aaaaaa",
        "2026-03-01T00-00-00-cccccc",
        "2026-02-01T00-00-00-bbbbbb",
    ]
    .iter()
    .enumerate()
    {
        let mut s = tricky_session(id);
        s.started = at(n as i64 * 86_400 * 30);
        store.save(&s.to_transcript()).unwrap();
    }
    assert!(store.list_head(2).is_none(), "no index yet");
    let full = store.list();
    let head = store.list_head(2).expect("fresh index");
    assert_eq!(head.partial_of, Some(3));
    assert_eq!(head.sessions, full.sessions[..2].to_vec());
    assert_eq!(store.list_quick().unwrap().sessions, full.sessions);
    // Any change in the folder makes the quick paths step aside for a full listing.
    store
        .save(&tricky_session("2026-04-01T00-00-00-dddddd").to_transcript())
        .unwrap();
    assert!(store.list_head(2).is_none());
    assert!(store.list_quick().is_none());
    assert_eq!(store.list().sessions.len(), 4);
}

/// A session changed underneath while open: however many saves were already queued, its words
/// go on in exactly one diverted copy, locked like the original, so `delete` elsewhere refuses.
#[test]
fn a_change_underneath_makes_exactly_one_locked_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path());
    let g = common::leverage_guide();
    let mut s =
        leverage::session::Session::new("2026-11-21T16-05-33-under1".into(), g, common::t0());
    s.set_text(1, "mine", common::at(1));
    store.save(&s.to_transcript()).unwrap();
    let path = store.path_of(&s.id);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"mine\"", "\"theirs\"");
    std::fs::write(&path, &theirs).unwrap();
    // Four saves were queued under the original id before the first result came back.
    let mut copies = Vec::new();
    for n in 0..4 {
        s.set_text(1, &format!("mine {n}"), common::at(2 + n));
        match store.save(&s.to_transcript()) {
            Err(StoreError::Diverged { saved_as, .. }) => copies.push(saved_as),
            Ok(()) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(copies.len(), 1, "one divergence, one copy: {copies:?}");
    let files = std::fs::read_dir(store.sessions_dir())
        .unwrap()
        .flatten()
        .filter(|e| leverage::store::is_transcript_name(&e.file_name().to_string_lossy()))
        .count();
    assert_eq!(files, 2, "the original and one copy");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "theirs untouched"
    );
    let ours = store.load(&copies[0]).unwrap();
    assert_eq!(
        ours.headline.as_deref(),
        Some("mine 3"),
        "every later save went to the copy"
    );
    let mut other = FileStore::new(dir.path());
    assert!(
        matches!(other.delete(&copies[0]), Err(StoreError::Locked(_))),
        "the copy is locked while open"
    );
}

/// The index never lies: a file rewritten in place with its size and modification time put
/// back (`touch -r`, as `cp -p` and `rsync -a` do), or an index cut at a line's end, are noticed;
/// a deleted session leaves no word of it in the cache.
#[test]
fn the_index_notices_what_touch_r_hides_and_forgets_deleted_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let mut store = FileStore::new(dir.path().join("data")).with_index_in(&cache);
    let mut ids = Vec::new();
    for n in 0..3 {
        let mut s = Session::new(
            format!("2026-11-21T16-05-3{n}-index{n}"),
            leverage_guide(),
            t0(),
        );
        s.set_text(1, &format!("alpha {n} canary-headline"), at(1));
        store.save(&s.to_transcript()).unwrap();
        ids.push(s.id.clone());
    }
    assert_eq!(store.list().sessions.len(), 3);
    let path = store.path_of(&ids[0]);
    let reference = dir.path().join("reference");
    std::fs::copy(&path, &reference).unwrap();
    let std::process::Output { status, .. } = std::process::Command::new("touch")
        .arg("-r")
        .arg(&path)
        .arg(&reference)
        .output()
        .unwrap();
    assert!(status.success());
    // Same size, same modification time, other words.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("alpha 0", "omega 0");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, text).unwrap();
    std::process::Command::new("touch")
        .arg("-r")
        .arg(&reference)
        .arg(&path)
        .status()
        .unwrap();
    let listing = store.list();
    let first = listing.sessions.iter().find(|s| s.id == ids[0]).unwrap();
    assert_eq!(first.headline.as_deref(), Some("omega 0 canary-headline"));
    // An index cut at a line's end is damaged, not a shorter library.
    let index = leverage::store::index_path(&cache, &dir.path().join("data"));
    let text = std::fs::read_to_string(&index).unwrap();
    let cut: Vec<&str> = text.lines().take(3).collect();
    std::fs::write(&index, cut.join("\n") + "\n").unwrap();
    assert!(
        store.list_quick().is_none_or(|l| l.sessions.len() == 3),
        "a cut index is not trusted for a first frame"
    );
    assert!(store.list_head(10).is_none_or(|l| l.sessions.len() == 3));
    assert_eq!(store.list().sessions.len(), 3);
    // Deleted: gone from the cache at once.
    store.delete(&ids[1]).unwrap();
    let cached = std::fs::read_to_string(&index).unwrap();
    assert!(!cached.contains("alpha 1"), "{cached}");
}

/// A lock lives as long as its holder: released, its file is gone, and the session can be
/// locked again; two holders at once are impossible.
#[test]
fn locks_are_removed_when_released_and_never_shared() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path());
    let id = "2026-11-21T16-05-33-locked";
    let lock_file = store.sessions_dir().join(format!(".{id}.lock"));
    let held = store.lock(id).unwrap();
    assert!(lock_file.exists());
    assert!(matches!(
        FileStore::new(dir.path()).lock(id),
        Err(StoreError::Locked(_))
    ));
    drop(held);
    assert!(!lock_file.exists(), "a released lock leaves no file behind");
    let again = store.lock(id).unwrap();
    assert!(matches!(store.lock(id), Err(StoreError::Locked(_))));
    drop(again);
}

/// Two consoles on one session: each save keeps the notes the other filed.
#[test]
fn two_consoles_never_overwrite_each_others_notes() {
    use leverage::privacy::{CoachNotes, ConsoleNote};
    let dir = tempfile::tempdir().unwrap();
    let id = "2026-11-21T16-05-33-twocon";
    let mut a = FileStore::new(dir.path());
    let mut b = FileStore::new(dir.path());
    let note = |text: &str, secs: i64, draft: bool| ConsoleNote {
        step: "story".into(),
        text: text.into(),
        written: at(secs),
        draft,
    };
    let mut mine = CoachNotes::new(id);
    mine.notes.push(note("from console A", 1, false));
    a.save_notes(&mine).unwrap();
    let mut theirs = CoachNotes::new(id);
    theirs.notes.push(note("from console B", 2, false));
    theirs.notes.push(note("B still typing", 3, true));
    b.save_notes(&theirs).unwrap();
    mine.notes.push(note("A again", 4, false));
    a.save_notes(&mine).unwrap();
    let saved = a.load_notes(id).unwrap().unwrap();
    let texts: Vec<&str> = saved.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        texts,
        ["from console A", "from console B", "A again"],
        "{texts:?}"
    );
}

/// Finishing a session keeps the summary index fresh: the library opened next takes it as it
/// stands (no look at every file), and it already shows the session as complete.
#[test]
fn finishing_a_session_keeps_the_index_fresh_for_the_next_listing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        FileStore::new(dir.path().join("data")).with_index_in(&dir.path().join("cache"));
    let mut s = Session::new(
        "2026-11-01T10-00-00-finish".into(),
        common::leverage_guide(),
        common::t0(),
    );
    store.save(&s.to_transcript()).unwrap();
    let other = Session::new(
        "2026-11-02T10-00-00-second".into(),
        common::leverage_guide(),
        common::t0(),
    );
    store.save(&other.to_transcript()).unwrap();
    let _ = store.list();
    assert!(store.list_quick().is_some(), "fresh after a full listing");
    s.finish(common::at(60));
    store.save(&s.to_transcript()).unwrap();
    let quick = store.list_quick().expect("still fresh after finishing");
    let row = quick
        .sessions
        .iter()
        .find(|r| r.id == "2026-11-01T10-00-00-finish")
        .unwrap();
    assert_eq!(row.status, leverage::transcript::Status::Complete);
    assert_eq!(quick.sessions.len(), 2);
}
