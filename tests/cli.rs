//! The command line: plain mode end to end, list, show, guides, and the errors people see.

mod common;

use std::process::Output;

use common::run_leverage as leverage;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A whole leverage session in plain mode: every kind of step, a retry and a skip.
const FULL_RUN: &str = "\
eleven
7
Our hardware launch slipped a year and the company folded
We promised a ship date before the supply chain was real.
I owned operations.
.
-
I kept the team together to the end.
.
Optimism in forecasts.
.
I ask for the worst case first.
.
I would say: here is what I missed.
.
A small paid pilot.
.
Measure supply before promising dates.
.
2

.
We promised a date we could not keep and the company folded.
.
I would check the supply chain before promising anything.
.
Because I have already been through the worst version of this.
.
9
Call Ana on Tuesday.
.
";

#[test]
fn plain_mode_runs_the_whole_guide_and_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = leverage(
        dir.path(),
        &["new", "--guide", "leverage", "--plain"],
        FULL_RUN,
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{}{}", text, stderr(&out));
    assert!(text.contains("── Step 1 of 14: Check in ──"), "{text}");
    assert!(
        text.contains("Please give a whole number from 0 to 10"),
        "a bad number asks again"
    );
    assert!(
        text.contains("Setback: Our hardware launch slipped"),
        "the headline is pinned"
    );
    assert!(text.contains("Check-in 7 → check-out 9 (+2)."), "{text}");
    assert!(text.contains("── Session complete ──"));
    assert!(
        text.contains("Question 3 of 3 (aim for about 01:30; \"-\" skips this question):"),
        "{text}"
    );
    assert!(
        text.contains("You took 00:"),
        "each rehearsal answer reports its time"
    );

    let list = leverage(dir.path(), &["list", "--json"], "");
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let session = &json["sessions"][0];
    assert_eq!(session["status"], "Complete");
    assert_eq!(session["check_in"], 7);
    assert_eq!(session["check_out"], 9);
    let id = session["id"].as_str().unwrap();

    let show = stdout(&leverage(
        dir.path(),
        &["show", &id[..22], "--format", "ron"],
        "",
    ));
    assert!(show.contains("I owned operations."), "{show}");
    assert!(
        show.contains("Skipped("),
        "the replay step is recorded as skipped"
    );
    assert!(show.contains("audience: \"a board\""), "{show}");
    assert!(
        show.contains("question: \"What would you do differently?\""),
        "{show}"
    );
    assert!(
        show.contains("answer: \"I would check the supply chain before promising anything.\""),
        "{show}"
    );
    assert!(
        show.contains("The lesson I carry: measure supply before promising dates."),
        "{show}"
    );
    let md = stdout(&leverage(
        dir.path(),
        &["show", id, "--format", "markdown"],
        "",
    ));
    assert!(
        md.starts_with("# Our hardware launch slipped a year and the company folded"),
        "{md}"
    );
    assert!(
        md.contains("## The replay") && md.contains("_(skipped)_"),
        "{md}"
    );
    assert!(
        md.contains("> Our hardware launch slipped"),
        "the statement is a quote block"
    );
}

#[test]
fn end_of_input_in_plain_mode_saves_what_was_answered_and_resume_continues() {
    let dir = tempfile::tempdir().unwrap();
    let out = leverage(
        dir.path(),
        &["new", "--plain"],
        "3\nA one-line headline\nhalf a story",
    );
    // A session cut short is not a finished one: exit 3, with the way back on stderr.
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("leverage resume"), "{}", stderr(&out));
    assert!(stdout(&out).contains("Input ended."));
    let list = stdout(&leverage(dir.path(), &["list"], ""));
    assert!(
        list.contains("in progress") && list.contains("A one-line headline"),
        "{list}"
    );

    let out = leverage(dir.path(), &["resume", "--plain"], " and the rest\n.\n");
    let text = stdout(&out);
    assert!(
        text.contains("── Step 3 of 14: The story ──"),
        "resumes where it stopped: {text}"
    );
    let show = stdout(&leverage(dir.path(), &["show", "2"], ""));
    assert!(text.contains("Your answer so far"), "{text}");
    assert!(
        show.contains("   You: half a story\n         and the rest"),
        "the partial answer was kept: {show}"
    );
}

#[test]
fn the_workbook_refuses_a_non_terminal_and_points_to_plain() {
    let dir = tempfile::tempdir().unwrap();
    let out = leverage(dir.path(), &[], "");
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("--plain"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
}

#[test]
fn errors_are_one_line_with_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let out = leverage(dir.path(), &["show", "nope"], "");
    assert!(!out.status.success());
    assert_eq!(stderr(&out).trim(), "leverage: no session matches \"nope\"");
    let out = leverage(dir.path(), &["new", "--guide", "missing", "--plain"], "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains(
        "no guide with the id \"missing\" (available: leverage, value-cycle, own-the-story)"
    ));
    let out = leverage(dir.path(), &["resume"], "");
    assert!(stderr(&out).contains("no unfinished session"));
}

#[test]
fn list_reports_unreadable_files_with_their_error() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::write(
        sessions.join("2026-01-01T00-00-00-bad.ron"),
        "(format_version: ",
    )
    .unwrap();
    let out = leverage(dir.path(), &["list"], "");
    let text = stdout(&out);
    assert!(
        text.contains("unreadable  2026-01-01T00-00-00-bad.ron: line 1, column"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&leverage(dir.path(), &["list", "--json"], "").stdout).unwrap();
    assert_eq!(json["unreadable"][0]["file"], "2026-01-01T00-00-00-bad.ron");
    let show = leverage(dir.path(), &["show", "2026-01-01"], "");
    assert!(
        stderr(&show).contains("2026-01-01T00-00-00-bad.ron: line 1, column"),
        "{}",
        stderr(&show)
    );
}

#[test]
fn guides_lists_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&leverage(dir.path(), &["guides"], ""));
    assert!(
        out.contains("leverage") && out.contains("Failure as leverage"),
        "{out}"
    );
    let bad = leverage(
        dir.path(),
        &[
            "guides",
            "--check",
            "tests/fixtures/guides/duplicate_id.ron",
        ],
        "",
    );
    assert!(!bad.status.success());
    assert_eq!(
        stderr(&bad).trim(),
        "tests/fixtures/guides/duplicate_id.ron:15:13: duplicate step id \"one\": each step needs its own id"
    );
    let good = leverage(
        dir.path(),
        &["guides", "--check", "content/guides/leverage.ron"],
        "",
    );
    assert!(good.status.success(), "{}", stderr(&good));
}

#[test]
fn help_is_there_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [
        &["--help"][..],
        &["new", "--help"],
        &["resume", "--help"],
        &["list", "--help"],
        &["show", "--help"],
        &["guides", "--help"],
    ] {
        let out = leverage(dir.path(), cmd, "");
        assert!(out.status.success());
        assert!(stdout(&out).contains("Usage:"), "{cmd:?}");
    }
}

#[test]
fn commands_are_functions_a_test_can_call_with_its_own_output() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = leverage::store::FileStore::new(dir.path());
    let s = leverage::session::Session::new(
        "2026-11-21T16-05-33-direct".into(),
        common::leverage_guide(),
        common::t0(),
    );
    leverage::store::Store::save(&mut store, &s.to_transcript()).unwrap();
    let mut out = Vec::new();
    assert_eq!(
        leverage::cli::sessions::list(&store, false, None, &mut out).unwrap(),
        0
    );
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains("2026-11-21T16-05-33-direct")
    );
    let mut out = Vec::new();
    let library = leverage::content::Library::built_in();
    assert_eq!(
        leverage::cli::guides::guides(&library, None, &mut out).unwrap(),
        0
    );
    assert!(String::from_utf8(out).unwrap().contains("leverage"));
}

/// A data folder holding one whole plain-mode run of FULL_RUN.
fn finished_session() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = leverage(
        dir.path(),
        &["new", "--guide", "leverage", "--plain"],
        FULL_RUN,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

/// `export --all` names each file it could not read and says so in its exit code.
#[test]
fn export_all_names_what_it_skipped_and_exits_non_zero() {
    let dir = finished_session();
    let sessions = dir.path().join("data/sessions");
    std::fs::write(
        sessions.join("2026-01-01T00-00-00-broken.ron"),
        "(not a transcript",
    )
    .unwrap();
    let target = dir.path().join("exported");
    let out = leverage(
        dir.path(),
        &["export", "--all", "--output", target.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("skipped 2026-01-01T00-00-00-broken.ron"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_dir(&target).unwrap().count(),
        1,
        "the readable one is exported"
    );
}

#[test]
fn completions_and_a_man_page_come_from_the_command_line_itself() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = leverage(dir.path(), &["completions", shell], "");
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            text.contains("resolve") && text.contains("export"),
            "{shell}: {text}"
        );
    }
    let man = leverage(dir.path(), &["man"], "");
    assert!(man.status.success());
    let text = stdout(&man);
    assert!(text.contains(".TH leverage 1"), "{text}");
    assert!(text.contains("coaching workbook"));
}

#[test]
fn list_json_names_each_file_with_its_tags_and_reminder() {
    let dir = finished_session();
    let list = leverage(dir.path(), &["list", "--json"], "");
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let s = &json["sessions"][0];
    let file = s["file"].as_str().unwrap();
    assert!(std::path::Path::new(file).exists(), "{file}");
    assert!(s["tags"].is_array());
    assert!(s.get("revisit_due").is_some());
}

/// Plain mode: `<` goes back, an audience out of range is asked again (never taken as the
/// first), and the end offers a reminder.
#[test]
fn plain_mode_goes_back_asks_again_and_offers_a_reminder() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = String::from("5\nFirst headline\n<\nSecond headline\n");
    input.push_str(&"-\n".repeat(8)); // the story to the debrief
    input.push_str("9\n2\n\n.\n"); // an audience that is not there, then the board; keep the draft
    input.push_str(&"-\n".repeat(5)); // three questions, the check-out, the next step
    input.push_str("1\n"); // come back in a week
    let out = leverage(
        dir.path(),
        &["new", "--guide", "leverage", "--plain"],
        &input,
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    assert!(text.contains("Please give a number from 1 to 3."), "{text}");
    assert!(text.contains("Your statement, for a board:"), "{text}");
    assert!(
        text.contains("You will be asked to revisit it from"),
        "{text}"
    );
    let list = leverage(dir.path(), &["list", "--json"], "");
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(json["sessions"][0]["headline"], "Second headline");
    assert!(json["sessions"][0]["revisit_due"].is_string());
}

/// With a locale that is not UTF-8 (LANG=C), plain mode prints no box drawing or arrows.
#[test]
fn plain_mode_under_lang_c_prints_ascii_decoration() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = common::leverage_command(dir.path());
    cmd.env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .args(["new", "--guide", "leverage", "--plain"]);
    let out = common::run_command(&mut cmd, FULL_RUN);
    let text = stdout(&out);
    assert!(text.contains("Step 1 of 14: Check in"), "{text}");
    assert!(text.contains("Check-in 7 to check-out 9 (+2)."), "{text}");
    assert!(!text.contains('─') && !text.contains('→'), "{text}");
    let bad: String = text.chars().filter(|c| !c.is_ascii()).collect();
    assert!(bad.is_empty(), "only ASCII, guide words too: {bad:?}");
    // `--ascii` asks for the same under a UTF-8 locale.
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = common::leverage_command(dir.path());
    cmd.args(["--ascii", "new", "--guide", "leverage", "--plain"]);
    let out = common::run_command(&mut cmd, FULL_RUN);
    let text = stdout(&out);
    assert!(text.contains("Step 1 of 14: Check in"), "{text}");
    assert!(text.is_ascii(), "{text}");
}

/// `leverage edit ID STEP` opens the person's own editor on one written answer of a finished
/// session and saves what they wrote back into the same file; a failing editor changes
/// nothing, and a step that is not written (a scale) is refused with the ones that are.
#[test]
fn edit_writes_one_answer_in_your_own_editor() {
    use std::os::unix::fs::PermissionsExt;
    let dir = finished_session();
    let sessions = dir.path().join("data/sessions");
    let file = std::fs::read_dir(&sessions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "ron"))
        .unwrap();
    let id = file.file_stem().unwrap().to_str().unwrap().to_string();
    let script = dir.path().join("editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nprintf '\\nAdded later, in my editor: canary-edit' >> \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    let before = std::fs::read_to_string(&file).unwrap();
    let mut cmd = common::leverage_command(dir.path());
    cmd.env("VISUAL", "false").args(["edit", &id, "story"]);
    let out = common::run_command(&mut cmd, "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("error"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before, "unchanged");
    let mut cmd = common::leverage_command(dir.path());
    cmd.env("VISUAL", &script).args(["edit", &id, "check-in"]);
    let out = common::run_command(&mut cmd, "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("3 story"), "{}", stderr(&out));
    let mut cmd = common::leverage_command(dir.path());
    cmd.env("VISUAL", &script).args(["edit", &id, "story"]);
    let out = common::run_command(&mut cmd, "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Saved your edit"));
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(
        after.contains("Added later, in my editor: canary-edit"),
        "{after}"
    );
    assert!(after.contains("status: Complete"), "still complete");
    let rons = std::fs::read_dir(&sessions)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "ron")
        })
        .count();
    assert_eq!(rons, 1, "saved into the same file, no copy");
    assert_eq!(
        std::fs::read_dir(dir.path().join("data/editing"))
            .unwrap()
            .count(),
        0
    );
}

/// `list --json` and `show --format json` spell every value they share the same way (the
/// transcript's own spelling), and `list --json` carries the file, tags, client and reminder.
#[test]
fn list_json_and_show_json_agree_on_every_shared_value() {
    let dir = finished_session();
    let list = leverage(dir.path(), &["list", "--json"], "");
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let row = &list["sessions"][0];
    let id = row["id"].as_str().unwrap();
    let show = leverage(dir.path(), &["show", id, "--format", "json"], "");
    let show: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    for key in [
        "id",
        "status",
        "started",
        "updated",
        "headline",
        "check_in",
        "check_out",
        "mode",
        "tags",
        "revisit_due",
    ] {
        assert_eq!(row[key], show[key], "{key}");
    }
    assert_eq!(row["guide"], show["guide"]["id"]);
    assert_eq!(row["status"], "Complete");
    for key in ["file", "tags", "client", "revisit_due"] {
        assert!(row.get(key).is_some(), "list --json has {key}");
    }
    assert!(
        row["file"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{id}.ron"))
    );
}

/// In plain mode the draft statement can be gone through a sentence at a time: kept, dropped
/// or replaced one by one, with more added at the end; what results is the person's own.
#[test]
fn plain_mode_keeps_most_of_a_draft_a_sentence_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let run = FULL_RUN.replacen(
        "2\n\n.\n",
        "2\nedit\nMy own first sentence, in my words.\n-\n\n\n\nAnd one I add at the end.\n.\n",
        1,
    );
    let out = leverage(dir.path(), &["new", "--guide", "leverage", "--plain"], &run);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    assert!(text.contains("Sentence 1 of "), "{text}");
    let files = common::pty::transcripts(dir.path());
    let statement = files[0]
        .split("statement: Some(")
        .nth(1)
        .and_then(|s| s.split("text: \"").nth(1))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_string();
    assert!(
        statement.starts_with("My own first sentence, in my words."),
        "{statement}"
    );
    assert!(
        statement.ends_with("And one I add at the end."),
        "{statement}"
    );
}

/// `export --all` without a folder prints one document, oldest first: Markdown and text with
/// what is in it and a rule between sessions, JSON as an array, RON as a list.
#[test]
fn export_all_without_a_folder_is_one_document() {
    use leverage::session::Session;
    use leverage::store::{FileStore, Store};
    let dir = tempfile::tempdir().unwrap();
    common::pin_guide(dir.path());
    let mut store = FileStore::new(dir.path().join("data"));
    for (n, headline) in ["The first setback", "The second setback"]
        .iter()
        .enumerate()
    {
        let id = format!("2026-0{}-01T09-00-00-combi{n}", n + 1);
        let mut s = Session::new(id, common::leverage_guide(), common::at(n as i64 * 86_400));
        let h = s.guide.summary.headline.unwrap();
        s.set_text(h, headline, common::t0());
        store.save(&s.to_transcript()).unwrap();
    }
    let md = leverage(dir.path(), &["export", "--all"], "");
    let text = stdout(&md);
    assert!(md.status.success(), "{text}{}", stderr(&md));
    assert!(text.starts_with("# 2 sessions"), "{text}");
    let first = text.rfind("# The first setback").unwrap();
    let second = text.rfind("# The second setback").unwrap();
    assert!(first < second, "oldest first");
    assert!(
        text.contains("- Sun 22 Nov 2026: The second setback\n\n---\n"),
        "{text}"
    );
    let json = leverage(dir.path(), &["export", "--all", "--format", "json"], "");
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc.as_array().unwrap().len(), 2);
    let ron = leverage(dir.path(), &["export", "--all", "--format", "ron"], "");
    let back: Vec<leverage::transcript::Transcript> =
        ron::from_str(&String::from_utf8_lossy(&ron.stdout)).unwrap();
    assert_eq!(back[1].headline.as_deref(), Some("The second setback"));
}
