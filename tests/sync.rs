//! Two data folders kept in step as the sync engines do it: every row of the library is one
//! file, a conflict copy is listed as what it is, and deleting or resolving it acts on exactly
//! the file chosen.

mod common;

use std::path::Path;

use common::{at, leverage_guide, run_leverage, t0};
use leverage::session::Session;
use leverage::store::{FileStore, Keep, Store, StoreError};

const ID: &str = "2026-11-21T16-05-33-synced";

/// Machine A's folder after the engine met two edits of one session: the other machine's
/// version under the session's name, this machine's under the engine's conflict name.
fn conflicted(dir: &Path, copy_name: &str) -> FileStore {
    let mut store = FileStore::new(dir.join("data"));
    let mut s = Session::new(ID.into(), leverage_guide(), t0());
    s.set_text(1, "written on the laptop", at(1));
    store.save(&s.to_transcript()).unwrap();
    let ours = std::fs::read(store.path_of(ID)).unwrap();
    s.set_text(1, "written on the desktop", at(2));
    let theirs = leverage::transcript::to_ron(&s.to_transcript()).unwrap();
    // As Syncthing does: ours renamed aside, theirs written by temp file and rename.
    let sessions = store.sessions_dir().to_path_buf();
    std::fs::write(sessions.join(copy_name), &ours).unwrap();
    std::fs::write(sessions.join(".incoming.tmp"), theirs).unwrap();
    std::fs::rename(sessions.join(".incoming.tmp"), store.path_of(ID)).unwrap();
    FileStore::new(dir.join("data"))
}

#[test]
fn a_syncthing_conflict_copy_is_its_own_row_and_delete_moves_only_it() {
    let dir = tempfile::tempdir().unwrap();
    let copy = format!("{ID}.sync-conflict-20261201-101010-ABCDEFG");
    let mut store = conflicted(dir.path(), &format!("{copy}.ron"));
    let listing = store.list();
    assert_eq!(listing.sessions.len(), 2, "one row per file");
    let row = listing
        .sessions
        .iter()
        .find(|s| s.id == copy)
        .expect("the copy's own row");
    assert_eq!(row.copy_of.as_deref(), Some(ID));
    assert_eq!(row.headline.as_deref(), Some("written on the laptop"));
    let label = leverage::store::copy_label(row).unwrap();
    assert!(label.contains("Syncthing") && label.contains(ID), "{label}");
    // Its own words can be read, through its own name.
    assert_eq!(
        store.load(&copy).unwrap().headline.as_deref(),
        Some("written on the laptop")
    );
    let original = std::fs::read(store.path_of(ID)).unwrap();
    store.delete(&copy).unwrap();
    assert_eq!(
        std::fs::read(store.path_of(ID)).unwrap(),
        original,
        "the original untouched"
    );
    assert!(
        store.trash_dir().join(format!("{copy}.ron")).exists(),
        "only the copy moved"
    );
    assert_eq!(store.list().sessions.len(), 1);
}

#[test]
fn resolving_a_dropbox_copy_keeps_every_word_and_resume_refuses_it_until_then() {
    let dir = tempfile::tempdir().unwrap();
    let copy = format!("{ID} (conflicted copy 2026-12-01)");
    let mut store = conflicted(dir.path(), &format!("{copy}.ron"));
    let listing = store.list();
    let row = listing.sessions.iter().find(|s| s.id == copy).unwrap();
    assert!(
        leverage::store::copy_label(row)
            .unwrap()
            .contains("Dropbox or Nextcloud")
    );
    // The command line names it as `list` does, and will not carry on writing into it.
    let list = run_leverage(dir.path(), &["list"], "");
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains("conflict copy of"), "{text}");
    let out = run_leverage(dir.path(), &["resume", &copy, "--plain"], "");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("leverage resolve"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let original = std::fs::read(store.path_of(ID)).unwrap();
    // Keep both: the copy becomes a session of its own; the original is as it was.
    let said = store.resolve_copy(&copy, Keep::Both, at(10)).unwrap();
    assert!(said.contains("Kept both"), "{said}");
    assert_eq!(std::fs::read(store.path_of(ID)).unwrap(), original);
    let listing = store.list();
    assert_eq!(listing.sessions.len(), 2);
    assert!(listing.sessions.iter().all(|s| s.copy_of.is_none()));
    let new = listing.sessions.iter().find(|s| s.id != ID).unwrap();
    assert_eq!(new.headline.as_deref(), Some("written on the laptop"));
    assert!(store.trash_dir().join(format!("{copy}.ron")).exists());
}

#[test]
fn keeping_this_copy_puts_it_in_the_sessions_place_and_the_other_in_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let copy = format!("{ID}.sync-conflict-20261201-101010-ABCDEFG");
    let mut store = conflicted(dir.path(), &format!("{copy}.ron"));
    let copy_bytes = std::fs::read(store.sessions_dir().join(format!("{copy}.ron"))).unwrap();
    let theirs = std::fs::read(store.path_of(ID)).unwrap();
    store.resolve_copy(&copy, Keep::This, at(10)).unwrap();
    assert_eq!(
        std::fs::read(store.path_of(ID)).unwrap(),
        copy_bytes,
        "byte for byte"
    );
    assert_eq!(
        std::fs::read(store.trash_dir().join(format!("{ID}.ron"))).unwrap(),
        theirs,
        "the version it replaced is kept in the trash"
    );
    assert!(matches!(
        store.resolve_copy(ID, Keep::Other, at(11)),
        Err(StoreError::NotACopy(_))
    ));
}

#[test]
fn a_file_whose_id_is_not_its_name_is_shown_and_deleted_as_itself() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = conflicted(dir.path(), "renamed by hand.ron");
    let out = run_leverage(dir.path(), &["show", "renamed by hand"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("written on the laptop"));
    let original = std::fs::read(store.path_of(ID)).unwrap();
    store.delete("renamed by hand").unwrap();
    assert_eq!(std::fs::read(store.path_of(ID)).unwrap(), original);
}

#[test]
fn a_file_left_with_git_conflict_markers_says_so_wherever_files_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let store = conflicted(dir.path(), "unused.ron");
    let path = store.path_of(ID);
    let text = std::fs::read_to_string(&path).unwrap();
    let marked = text.replacen(
        "    headline:",
        "<<<<<<< HEAD\n    headline: Some(\"a\"),\n=======\n    headline: Some(\"b\"),\n>>>>>>> laptop\n    headline:",
        1,
    );
    std::fs::write(&path, marked).unwrap();
    let listing = store.list();
    let bad = listing
        .unreadable
        .iter()
        .find(|u| u.name == format!("{ID}.ron"))
        .unwrap();
    assert!(
        bad.reason.contains("git conflict markers at line"),
        "{}",
        bad.reason
    );
    let list = run_leverage(dir.path(), &["list"], "");
    assert!(String::from_utf8_lossy(&list.stdout).contains("git conflict markers"));
}

#[test]
fn a_file_that_is_not_a_transcript_is_named_without_quoting_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = conflicted(dir.path(), "unused.ron");
    std::fs::write(
        store.sessions_dir().join("passwd.ron"),
        "root:x:0:0:secret-canary\n",
    )
    .unwrap();
    let listing = store.list();
    let bad = listing
        .unreadable
        .iter()
        .find(|u| u.name == "passwd.ron")
        .unwrap();
    assert_eq!(bad.reason, "not a leverage transcript");
    let list = run_leverage(dir.path(), &["list"], "");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&list.stdout),
        String::from_utf8_lossy(&list.stderr)
    );
    assert!(!all.contains("root") && !all.contains("canary"), "{all}");
}

/// A session another device syncs in shows in the open library within a couple of seconds.
#[test]
fn the_open_library_notices_a_session_that_arrives() {
    use leverage::app::{Msg, Screen};
    use leverage::driver::Driver;
    let dir = tempfile::tempdir().unwrap();
    let mut store = conflicted(dir.path(), "unused.ron");
    std::fs::remove_file(store.sessions_dir().join("unused.ron")).unwrap();
    let mut driver = Driver::new(&mut store, common::model());
    driver.dispatch(Msg::Resize(100, 30));
    driver.dispatch(Msg::OpenLibrary);
    assert!(matches!(driver.model.screen, Screen::Library(_)));
    let start = std::time::Instant::now();
    assert!(!driver.watch_folder(start), "the first look is only a look");
    let count = driver.model.listing.sessions.len();
    // Another device's session arrives, by temp file and rename.
    let mut other = FileStore::new(dir.path().join("data"));
    let s = Session::new("2026-11-22T09-00-00-arrive".into(), leverage_guide(), t0());
    other.save(&s.to_transcript()).unwrap();
    let later = start + leverage::driver::WATCH_EVERY;
    assert!(driver.watch_folder(later), "the change is seen");
    assert_eq!(driver.model.listing.sessions.len(), count + 1);
    assert!(
        driver
            .model
            .listing
            .sessions
            .iter()
            .any(|x| x.id == "2026-11-22T09-00-00-arrive")
    );
}

/// After delete and `trash --empty`, no word of the session remains under the cache folder.
#[test]
fn a_deleted_and_emptied_session_leaves_nothing_in_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_leverage(
        dir.path(),
        &["new", "--guide", "leverage", "--plain"],
        "5\nCANARYHEADLINE in the cache\n",
    );
    assert_eq!(out.status.code(), Some(3));
    let list = run_leverage(dir.path(), &["list", "--json"], "");
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let id = json["sessions"][0]["id"].as_str().unwrap().to_string();
    let cached = |dir: &Path| -> bool {
        common::walk(&dir.join("cache")).iter().any(|p| {
            std::fs::read(p).is_ok_and(|b| String::from_utf8_lossy(&b).contains("CANARYHEADLINE"))
        })
    };
    assert!(cached(dir.path()), "the index holds it while it exists");
    assert!(
        run_leverage(dir.path(), &["delete", &id, "--yes"], "")
            .status
            .success()
    );
    assert!(
        run_leverage(dir.path(), &["trash", "--empty"], "")
            .status
            .success()
    );
    assert!(!cached(dir.path()), "no word of it is left in the cache");
}

/// A git repository of sessions on two machines, with leverage as the merge driver.
mod git {
    use std::path::Path;
    use std::process::Command;

    pub fn git(dir: &Path, args: &[&str]) -> std::process::Output {
        Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("git runs")
    }

    /// A repository at `dir` whose `.ron` files merge with leverage.
    pub fn init(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        assert!(git(dir, &["init", "-q", "-b", "main"]).status.success());
        let driver = format!(
            "{} merge-driver %O %A %B %P",
            env!("CARGO_BIN_EXE_leverage")
        );
        git(dir, &["config", "merge.leverage.driver", &driver]);
        std::fs::write(dir.join(".gitattributes"), "*.ron merge=leverage\n").unwrap();
    }
}

/// Two machines add a revisit note and a tag to one session: git merges them with leverage's
/// driver, and the merged file reads with both notes and both tags.
#[test]
fn git_merges_two_machines_notes_with_the_merge_driver() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let sessions = data.join("sessions");
    git::init(&sessions);
    let mut store = FileStore::new(&data);
    let mut s = Session::new("2026-11-01T10-00-00-gitmrg".into(), leverage_guide(), t0());
    let h = s.guide.summary.headline.unwrap();
    s.set_text(h, "Our launch was cancelled", t0());
    store.save(&s.to_transcript()).unwrap();
    let file = "2026-11-01T10-00-00-gitmrg.ron";
    git::git(&sessions, &["add", "."]);
    git::git(&sessions, &["commit", "-qm", "start"]);
    let edit = |note: &str, tag: &str, when: i64| {
        let mut t = FileStore::read_file(&sessions.join(file)).unwrap();
        t.revisits.push(leverage::transcript::Revisit {
            written: at(when),
            text: note.into(),
        });
        t.tags.push(tag.into());
        std::fs::write(
            sessions.join(file),
            leverage::transcript::to_ron(&t).unwrap(),
        )
        .unwrap();
    };
    git::git(&sessions, &["checkout", "-qb", "laptop"]);
    edit("Seen from the laptop", "laptop", 100);
    git::git(&sessions, &["commit", "-qam", "laptop note"]);
    git::git(&sessions, &["checkout", "-q", "main"]);
    edit("Seen from the desktop", "desktop", 200);
    git::git(&sessions, &["commit", "-qam", "desktop note"]);
    let merge = git::git(&sessions, &["merge", "-q", "laptop", "-m", "merge"]);
    assert!(
        merge.status.success(),
        "{}{}",
        String::from_utf8_lossy(&merge.stdout),
        String::from_utf8_lossy(&merge.stderr)
    );
    let t = FileStore::read_file(&sessions.join(file)).unwrap();
    let notes: Vec<&str> = t.revisits.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(notes, ["Seen from the laptop", "Seen from the desktop"]);
    assert!(t.tags.contains(&"laptop".into()) && t.tags.contains(&"desktop".into()));
    assert_eq!(t.headline.as_deref(), Some("Our launch was cancelled"));
}

/// Both machines rewrote one answer: nothing is guessed. This side stays, the other is kept
/// beside it as a copy that `compare` explains and `list` shows.
#[test]
fn git_keeps_both_sides_of_one_answer_changed_twice() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let sessions = data.join("sessions");
    git::init(&sessions);
    let mut store = FileStore::new(&data);
    let id = "2026-11-01T10-00-00-gitcon";
    let s = Session::new(id.into(), leverage_guide(), t0());
    store.save(&s.to_transcript()).unwrap();
    git::git(&sessions, &["add", "."]);
    git::git(&sessions, &["commit", "-qm", "start"]);
    let answer = |text: &str| {
        let mut s = Session::from_transcript(&store.load(id).unwrap(), leverage_guide());
        let h = s.guide.summary.headline.unwrap();
        s.set_text(h, text, t0());
        std::fs::write(
            sessions.join(format!("{id}.ron")),
            leverage::transcript::to_ron(&s.to_transcript()).unwrap(),
        )
        .unwrap();
    };
    git::git(&sessions, &["checkout", "-qb", "laptop"]);
    answer("LAPTOPWORDS for the headline");
    git::git(&sessions, &["commit", "-qam", "laptop"]);
    git::git(&sessions, &["checkout", "-q", "main"]);
    answer("DESKTOPWORDS for the headline");
    git::git(&sessions, &["commit", "-qam", "desktop"]);
    let merge = git::git(&sessions, &["merge", "-q", "laptop", "-m", "merge"]);
    assert!(!merge.status.success(), "a conflict is reported");
    let ours = std::fs::read_to_string(sessions.join(format!("{id}.ron"))).unwrap();
    assert!(
        ours.contains("DESKTOPWORDS") && !ours.contains("<<<<"),
        "{ours}"
    );
    let copy = std::fs::read_dir(&sessions)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.contains("merge-conflict"))
        .expect("the other side is kept");
    assert!(
        std::fs::read_to_string(sessions.join(&copy))
            .unwrap()
            .contains("LAPTOPWORDS")
    );
    let out = run_leverage(dir.path(), &["compare", copy.trim_end_matches(".ron")], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("the answers differ"), "{text}");
}

/// A session open here while another device adds a tag and a revisit note to it: the next
/// save keeps both (no copy is made), and later saves keep them too; a change to its answers
/// over there is still never overwritten.
#[test]
fn tags_and_notes_added_elsewhere_survive_the_open_sessions_saves() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path().join("data"));
    let id = "2026-11-01T10-00-00-around";
    let mut s = Session::new(id.into(), leverage_guide(), t0());
    store.save(&s.to_transcript()).unwrap();
    let t = store.load_to_write(id).unwrap();
    s = Session::from_transcript(&t, leverage_guide());
    // The other device, through the sync folder.
    let path = store.path_of(id);
    let mut there = FileStore::read_file(&path).unwrap();
    there.tags.push("remote".into());
    there.revisits.push(leverage::transcript::Revisit {
        written: at(500),
        text: "Written on the laptop".into(),
    });
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, leverage::transcript::to_ron(&there).unwrap()).unwrap();
    // Here, typing goes on and is saved.
    let h = s.guide.summary.headline.unwrap();
    s.set_text(h, "Typed here meanwhile", at(600));
    store
        .save(&s.to_transcript())
        .expect("saved in place, not diverted");
    let now = FileStore::read_file(&path).unwrap();
    assert_eq!(now.headline.as_deref(), Some("Typed here meanwhile"));
    assert_eq!(now.tags, ["remote"]);
    assert_eq!(now.revisits.len(), 1);
    // Later saves, with a tag of this side's own, keep the other's.
    s.tags.push("mine".into());
    store.save(&s.to_transcript()).unwrap();
    let now = FileStore::read_file(&path).unwrap();
    assert_eq!(now.tags, ["mine", "remote"]);
    assert_eq!(now.revisits.len(), 1);
    assert_eq!(store.list().sessions.len(), 1, "no copy was made");
    // An answer changed over there is another matter: kept apart, as before.
    let mut there = FileStore::read_file(&path).unwrap();
    there.headline = Some("Changed on the laptop".into());
    there.steps[h].answer = leverage::transcript::Answer::Text {
        text: "Changed on the laptop".into(),
        written: at(700),
    };
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, leverage::transcript::to_ron(&there).unwrap()).unwrap();
    s.set_text(h, "Typed here again", at(800));
    assert!(matches!(
        store.save(&s.to_transcript()),
        Err(StoreError::Diverged { .. })
    ));
    assert_eq!(
        FileStore::read_file(&path).unwrap().headline.as_deref(),
        Some("Changed on the laptop")
    );
}

/// A session rewritten in place (a plain `cp` over it: the folder's time does not move) is
/// noticed by the open library, which lists it as it is now.
#[test]
fn the_open_library_notices_a_session_rewritten_in_place() {
    use leverage::app::{Msg, Screen};
    use leverage::driver::Driver;
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileStore::new(dir.path().join("data"));
    let id = "2026-11-01T10-00-00-inplce";
    let mut s = Session::new(id.into(), leverage_guide(), t0());
    let h = s.guide.summary.headline.unwrap();
    s.set_text(h, "Before the copy", t0());
    store.save(&s.to_transcript()).unwrap();
    let path = store.path_of(id);
    let dir_time = || {
        std::fs::metadata(path.parent().unwrap())
            .unwrap()
            .modified()
            .unwrap()
    };
    let mut driver = Driver::new(&mut store, common::model());
    driver.dispatch(Msg::Resize(100, 30));
    driver.dispatch(Msg::OpenLibrary);
    assert!(matches!(driver.model.screen, Screen::Library(_)));
    let start = std::time::Instant::now();
    assert!(!driver.watch_folder(start));
    let folder_before = dir_time();
    s.set_text(h, "After the copy", t0());
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(
        &path,
        leverage::transcript::to_ron(&s.to_transcript()).unwrap(),
    )
    .unwrap();
    assert_eq!(
        dir_time(),
        folder_before,
        "written in place: the folder did not change"
    );
    assert!(
        driver.watch_folder(start + leverage::driver::WATCH_EVERY),
        "the change is seen"
    );
    assert_eq!(
        driver.model.listing.sessions[0].headline.as_deref(),
        Some("After the copy")
    );
}
