//! Guides beyond the basics: every step kind, modes, rehearsal timing, plain-mode runs of
//! every built-in guide, transcripts that outlive their guide, and guides of your own.

mod common;

use common::{at, run_leverage as leverage, t0};
use leverage::content::{BUILT_IN, Library};
use leverage::guide::{Guide, StepKind};
use leverage::session::Session;
use leverage::transcript::Answer;

fn guide(id: &str) -> std::sync::Arc<Guide> {
    Library::built_in().find(id).cloned().unwrap()
}

#[test]
fn a_rehearsal_records_each_answer_and_its_time_with_an_injected_clock() {
    let g = guide("leverage");
    let r = g.step_index("rehearsal").unwrap();
    let mut s = Session::new("s".into(), g.clone(), t0());
    s.go_to(r, at(100));
    assert_eq!(
        s.elapsed(at(130)),
        0,
        "reading the question is not answering it"
    );
    s.set_take(r, 0, "We ran out of runway.", at(130));
    assert_eq!(s.elapsed(at(145)), 15, "the clock runs from the first key");
    assert!(s.advance(at(160)), "on to question 2");
    assert_eq!(s.question, 1);
    s.set_take(r, 1, "Talk to users first.", at(200));
    assert!(s.back(at(220)), "back to question 1");
    s.set_take(r, 0, "We ran out of runway, fast.", at(225));
    assert!(s.advance(at(230)), "and forward again: time adds up");
    assert!(
        s.advance(at(300)),
        "question 2 left without typing: no time"
    );
    s.set_take(r, 2, "Because I know.", at(350));
    s.bank_time(at(390));
    let t = s.to_transcript();
    let Answer::Rehearsal { takes, .. } = &t.steps[r].answer else {
        panic!("{:?}", t.steps[r].answer)
    };
    assert_eq!(takes[0].question, s.questions(r)[0].ask);
    assert_eq!(
        takes.iter().take(3).map(|t| t.seconds).collect::<Vec<_>>(),
        [30 + 5, 20, 40]
    );
    assert_eq!(takes[1].answer, "Talk to users first.");
    // Reopened, the times and answers come back.
    let back = Session::from_transcript(&t, g);
    assert_eq!(back.steps[r].takes[0].seconds, 35);
    assert_eq!(back.steps[r].takes[1].text, "Talk to users first.");
}

#[test]
fn choices_lists_and_modes_round_trip() {
    let g = guide("value-cycle");
    let mut s = Session::new("s".into(), g.clone(), t0());
    s.set_mode("ahead");
    let signals = g.step_index("signals").unwrap();
    let rebound = g.step_index("rebound").unwrap();
    s.set_text(signals, "Logins falling\n\n  Sponsor silent  \n", at(1));
    s.toggle_choice(rebound, 2, at(2));
    s.toggle_choice(rebound, 0, at(3));
    s.toggle_choice(rebound, 2, at(4));
    s.toggle_choice(rebound, 3, at(5));
    let t = s.to_transcript();
    assert_eq!(t.mode.as_deref(), Some("ahead"));
    assert!(
        t.steps[g.step_index("headline").unwrap()]
            .prompt
            .starts_with("Imagine it is a year from now"),
        "the mode's prompt is kept"
    );
    assert_eq!(
        t.steps[signals].answer,
        Answer::List {
            items: vec!["Logins falling".into(), "Sponsor silent".into()],
            written: at(1)
        }
    );
    let Answer::Choice { selected, .. } = &t.steps[rebound].answer else {
        panic!()
    };
    assert_eq!(
        selected,
        &[
            "Try again, changed by what I learned",
            "Help someone else avoid the same failure"
        ]
    );
    let back = Session::from_transcript(&t, g);
    assert_eq!(back.mode.as_deref(), Some("ahead"));
    assert_eq!(back.steps[rebound].selected, vec![0, 3]);
    assert_eq!(back.to_transcript(), t);
}

#[test]
fn a_single_choice_keeps_one_option() {
    let g = guide("own-the-story");
    let mut s = Session::new("s".into(), g.clone(), t0());
    let i = g.step_index("who").unwrap();
    assert!(matches!(&g.steps[i].kind, StepKind::Choice(c) if c.multiple));
    let starter = leverage::guide::parse("starter", &starter_text("x")).unwrap();
    let j = starter.step_index("next-move").unwrap();
    let mut t = Session::new("t".into(), std::sync::Arc::new(starter), t0());
    t.toggle_choice(j, 0, at(1));
    t.toggle_choice(j, 2, at(2));
    assert_eq!(t.steps[j].selected, vec![2]);
    s.set_choices(i, &[4, 0, 0, 9], at(3));
    assert_eq!(s.steps[i].selected, vec![0, 4]);
}

fn starter_text(id: &str) -> String {
    include_str!("../assets/starter-guide.ron")
        .replace("GUIDE_ID", id)
        .replace("GUIDE_TITLE", "Mine")
}

/// Plain-mode input that answers every step of `g` with something of the right shape, found
/// by walking a session along the same path (conditions, parts and rehearsal questions).
fn answers_for(g: &std::sync::Arc<Guide>) -> String {
    let mut input = String::new();
    let mut s = Session::new("walk".into(), g.clone(), t0());
    if let Some(m) = g.modes.get(1) {
        input.push_str("2\n");
        s.set_mode(&m.id);
    }
    let mut first = true;
    loop {
        let i = s.current;
        if !first && s.part_opening().is_some() {
            input.push('\n'); // go on past the offered pause
        }
        first = false;
        match &g.steps[i].kind {
            StepKind::Scale(sc) => {
                input.push_str(&format!("{}\n", sc.max));
                s.set_value(i, i64::from(sc.max), at(1));
            }
            StepKind::Choice(_) => {
                input.push_str("1\n");
                s.set_choices(i, &[0], at(1));
            }
            StepKind::Statement(_) => {
                input.push_str("\n.\n");
                s.accept_draft(i, at(1));
            }
            StepKind::Rehearsal(_) => {
                let q = s.question;
                let ask = s.questions(i)[q].ask.clone();
                input.push_str(&format!("My answer to: {ask}\n.\n"));
                s.set_take(i, q, &ask, at(1));
            }
            // The headline is one line: the line ends it.
            StepKind::Text if g.summary.headline == Some(i) => {
                input.push_str("A headline of one line\n");
                s.set_text(i, "answer", at(1));
            }
            StepKind::Text | StepKind::List => {
                input.push_str(&format!("Answer for {}\n.\n", g.steps[i].id));
                s.set_text(i, "answer", at(1));
            }
        }
        if !s.advance(at(1)) {
            return input;
        }
    }
}

#[test]
fn a_plain_mode_run_of_each_built_in_guide_completes() {
    for (_, text) in BUILT_IN {
        let g = std::sync::Arc::new(leverage::guide::parse("built-in", text).unwrap());
        let dir = tempfile::tempdir().unwrap();
        common::real_guides(dir.path());
        let out = leverage(
            dir.path(),
            &["new", "--guide", &g.id, "--plain"],
            &answers_for(&g),
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}: {stdout}{}",
            g.id,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("── Session complete ──"),
            "{}: {stdout}",
            g.id
        );
        let list = leverage(dir.path(), &["list", "--json"], "");
        let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
        assert_eq!(json["sessions"][0]["status"], "Complete", "{}", g.id);
        let show = leverage(
            dir.path(),
            &["show", json["sessions"][0]["id"].as_str().unwrap()],
            "",
        );
        let show = String::from_utf8_lossy(&show.stdout);
        assert!(
            !show.contains("(not answered)"),
            "{}: every step that ran is answered:\n{show}",
            g.id
        );
        if g.id == "leverage" {
            assert!(
                show.contains("(not part of this session)"),
                "the points not chosen and the care steps did not run:\n{show}"
            );
        }
    }
}

#[test]
fn a_transcript_reads_in_full_after_its_guide_changes_and_after_it_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let guides = dir.path().join("config/guides");
    std::fs::create_dir_all(&guides).unwrap();
    let v1 = starter_text("mine");
    std::fs::write(guides.join("mine.ron"), &v1).unwrap();
    // Answer the first steps (going on past the pause offered before the second part), then
    // stop.
    let out = leverage(
        dir.path(),
        &["new", "--guide", "mine", "--plain"],
        "3\nThe launch slipped\n\nMy part: I kept the date.\n.\nMissed milestones\n.\n",
    );
    // Stopped part-way: exit 3 says the session was cut short, not finished.
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Version 2 renames a prompt and drops the signals step.
    let v2 = v1
        .replace("version: 1", "version: 2")
        .replace("In one line: what happened?", "What would you call it?");
    let start = v2.find("        (\n            id: \"signals\"").unwrap();
    let end = v2[start..]
        .find("        (\n            id: \"next-move\"")
        .unwrap()
        + start;
    let v2 = format!("{}{}", &v2[..start], &v2[end..]);
    std::fs::write(guides.join("mine.ron"), &v2).unwrap();
    let id = {
        let list = leverage(dir.path(), &["list", "--json"], "");
        let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
        json["sessions"][0]["id"].as_str().unwrap().to_string()
    };
    let show = String::from_utf8_lossy(
        &leverage(dir.path(), &["show", &id, "--format", "ron"], "").stdout,
    )
    .into_owned();
    assert!(
        show.contains("version: 1"),
        "the transcript keeps the version it ran"
    );
    assert!(
        show.contains("In one line: what happened?"),
        "and the prompt as it was asked"
    );
    assert!(show.contains("Missed milestones"));

    // Resuming under version 2 keeps the answer to the step v2 no longer has.
    let out = leverage(dir.path(), &["resume", "--plain"], "1\n");
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let show = String::from_utf8_lossy(
        &leverage(dir.path(), &["show", &id, "--format", "ron"], "").stdout,
    )
    .into_owned();
    assert!(
        show.contains("Missed milestones"),
        "nothing lost on saving under v2:\n{show}"
    );

    // With the guide gone, the transcript still reads; resuming says why it cannot.
    std::fs::remove_file(guides.join("mine.ron")).unwrap();
    let show =
        String::from_utf8_lossy(&leverage(dir.path(), &["show", &id], "").stdout).into_owned();
    assert!(
        show.contains("The launch slipped") && show.contains("Missed milestones"),
        "{show}"
    );
    let out = leverage(dir.path(), &["resume", &id, "--plain"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not installed"));
}

#[test]
fn guides_new_writes_a_starter_that_validates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = leverage(dir.path(), &["guides", "--new", "team-debrief"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join("config/guides/team-debrief.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("// A guide of your own"));
    let check = leverage(
        dir.path(),
        &["guides", "--check", path.to_str().unwrap()],
        "",
    );
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let again = leverage(dir.path(), &["guides", "--new", "team-debrief"], "");
    assert!(!again.status.success());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let bad = leverage(dir.path(), &["guides", "--new", "Bad Name"], "");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a guide id"));
    let listed =
        String::from_utf8_lossy(&leverage(dir.path(), &["guides"], "").stdout).into_owned();
    assert!(listed.contains("team-debrief"), "{listed}");
}

#[test]
fn an_invalid_user_guide_is_listed_with_its_error_and_never_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let guides = dir.path().join("config/guides");
    std::fs::create_dir_all(&guides).unwrap();
    std::fs::write(
        guides.join("broken.ron"),
        starter_text("broken").replace("kind: List", "kind: Essay"),
    )
    .unwrap();
    let out = String::from_utf8_lossy(&leverage(dir.path(), &["guides"], "").stdout).into_owned();
    assert!(
        out.contains("invalid") && out.contains("broken.ron:") && out.contains("Essay"),
        "{out}"
    );
    let lib = Library::load(Some(&guides));
    assert_eq!(lib.errors.len(), 1);
    assert_eq!(lib.guides.len(), BUILT_IN.len());
}
