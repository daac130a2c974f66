//! The session state machine: moving, skipping, drafting the statement, the check-in shift.

mod common;

use common::{at, leverage_guide, t0};
use leverage::session::{Session, first_sentence};
use leverage::transcript::Answer;

fn session() -> Session {
    Session::new("s1".into(), leverage_guide(), t0())
}

fn idx(s: &Session, id: &str) -> usize {
    s.guide.step_index(id).unwrap()
}

#[test]
fn next_back_and_skip_keep_every_answer() {
    let mut s = session();
    s.set_value(0, 7, at(1));
    assert!(s.advance(at(0)));
    s.set_text(1, "The shop closed", at(2));
    assert!(s.advance(at(0)));
    s.set_text(2, "Long story", at(3));
    assert!(s.advance(at(0)));
    assert!(s.skip(at(4)));
    assert_eq!(s.current, 4);
    assert!(s.back(at(0)) && s.back(at(0)) && s.back(at(0)) && s.back(at(0)));
    assert_eq!(s.current, 0);
    assert!(!s.back(at(0)), "there is no step before the first");
    assert_eq!(s.steps[0].value, Some(7));
    assert_eq!(s.steps[1].text, "The shop closed");
    assert_eq!(s.steps[2].text, "Long story");
    assert!(s.steps[2].skipped.is_none());
    assert!(s.steps[3].skipped.is_some());
}

#[test]
fn going_back_and_editing_keeps_later_answers() {
    let mut s = session();
    s.go_to(idx(&s, "replay"), at(0));
    s.set_text(s.current, "the decisions", at(1));
    s.go_to(idx(&s, "story"), at(0));
    s.set_text(s.current, "edited story", at(2));
    assert_eq!(s.steps[idx(&s, "replay")].text, "the decisions");
    assert_eq!(s.steps[idx(&s, "story")].text, "edited story");
}

#[test]
fn skipping_is_recorded_as_skipped_not_as_an_empty_answer() {
    let mut s = session();
    s.go_to(idx(&s, "story"), at(0));
    s.set_text(s.current, "half a thought", at(1));
    s.skip(at(2));
    let t = s.to_transcript();
    let story = t.steps.iter().find(|r| r.id == "story").unwrap();
    match &story.answer {
        Answer::Skipped { draft, .. } => assert_eq!(draft.as_deref(), Some("half a thought")),
        other => panic!("expected a skip, got {other:?}"),
    }
    let replay = t.steps.iter().find(|r| r.id == "replay").unwrap();
    assert_eq!(replay.answer, Answer::Pending);
}

#[test]
fn typing_into_a_skipped_step_answers_it() {
    let mut s = session();
    s.go_to(idx(&s, "story"), at(0));
    s.skip(at(1));
    s.back(at(0));
    s.set_text(s.current, "after all", at(2));
    assert!(s.steps[s.current].skipped.is_none());
    assert!(s.steps[s.current].is_answered());
}

#[test]
fn statement_is_prefilled_from_the_answers() {
    let mut s = session();
    s.set_text(idx(&s, "headline"), "My studio closed", at(1));
    s.set_text(
        idx(&s, "story"),
        "I hired ahead of revenue. Then a client left.",
        at(1),
    );
    s.set_text(idx(&s, "debrief"), "Cash is oxygen.\nMore detail", at(1));
    s.set_text(idx(&s, "resilience"), "I kept paying everyone", at(1));
    s.go_to(idx(&s, "statement") - 1, at(0));
    s.advance(at(0));
    let text = &s.steps[s.current].text;
    assert!(
        text.starts_with("My studio closed. My part in it: I hired ahead of revenue."),
        "{text}"
    );
    assert!(
        text.contains("The lesson I carry: cash is oxygen."),
        "the case follows the lead-in: {text}"
    );
    assert!(text.contains("because I kept paying everyone."), "{text}");
}

#[test]
fn statement_draft_leaves_out_missing_answers_and_never_overwrites_an_edit() {
    let mut s = session();
    let st = idx(&s, "statement");
    s.go_to(st, at(0));
    assert_eq!(
        s.steps[st].text, "That experience is why I am ready for what comes next.",
        "a sentence whose answer is missing is left out, never shown as a placeholder"
    );
    s.set_text(st, "my own words", at(1));
    s.back(at(0));
    s.advance(at(0));
    assert_eq!(s.steps[st].text, "my own words");
}

#[test]
fn check_in_shift_is_computed() {
    let mut s = session();
    s.set_value(idx(&s, "check-in"), 3, at(1));
    assert_eq!(s.shift(), None);
    s.set_value(idx(&s, "check-out"), 7, at(2));
    let shift = s.shift().unwrap();
    assert_eq!((shift.before, shift.after, shift.delta()), (3, 7, 4));
    let t = s.to_transcript();
    assert_eq!(t.shift(), Some((3, 7)));
}

#[test]
fn scale_values_are_clamped_to_the_scale() {
    let mut s = session();
    s.set_value(0, 42, at(1));
    assert_eq!(s.steps[0].value, Some(10));
    s.set_value(0, -3, at(1));
    assert_eq!(s.steps[0].value, Some(0));
}

#[test]
fn headline_is_the_pinned_line() {
    let mut s = session();
    assert_eq!(s.headline(), None);
    s.set_text(idx(&s, "headline"), "  The launch flopped  ", at(1));
    assert_eq!(s.headline(), Some("The launch flopped"));
}

#[test]
fn transcript_round_trip_reopens_exactly_where_it_stopped() {
    let mut s = session();
    s.set_value(0, 4, at(1));
    s.set_text(1, "closed", at(2));
    s.go_to(idx(&s, "humility"), at(0));
    s.set_audience(2, at(3));
    let t = s.to_transcript();
    let back = Session::from_transcript(&t, leverage_guide());
    assert_eq!(back.current, idx(&s, "humility"));
    assert_eq!(back.steps[0].value, Some(4));
    assert_eq!(back.steps[1].text, "closed");
    assert_eq!(back.to_transcript(), t);
}

#[test]
fn first_sentence_stops_at_the_first_full_stop_or_line() {
    assert_eq!(first_sentence("One. Two."), "One");
    assert_eq!(
        first_sentence("v1.2 shipped late! Then"),
        "v1.2 shipped late"
    );
    assert_eq!(first_sentence("\n\nfirst line\nsecond"), "first line");
    assert_eq!(first_sentence(""), "");
}

#[test]
fn braces_typed_in_answers_are_words_not_placeholders() {
    let mut s = session();
    // Every answer names every placeholder: expanded again, this would grow without bound.
    let braces = "{headline} {story} {debrief} {resilience} {statement}";
    let headline = format!("{braces} {}", "h".repeat(7_000));
    s.set_text(idx(&s, "headline"), &headline, at(1));
    let story = format!("{braces} {}", "s".repeat(100_000));
    s.set_text(idx(&s, "story"), &story, at(1));
    s.set_text(idx(&s, "debrief"), braces, at(1));
    s.set_text(idx(&s, "resilience"), braces, at(1));
    let st = idx(&s, "statement");
    s.go_to(st - 1, at(0));
    s.advance(at(0));
    let text = &s.steps[s.current].text;
    assert!(text.contains("{story}"), "the braces are kept as typed");
    let sources = headline.len() + story.len() + 4 * braces.len();
    let template = match &s.guide.steps[st].kind {
        leverage::guide::StepKind::Statement(spec) => spec
            .drafts
            .iter()
            .flatten()
            .map(|t| t.len() + 1)
            .sum::<usize>(),
        _ => unreachable!(),
    };
    assert!(
        text.len() <= sources + template,
        "a draft is bounded by its sources: {} bytes",
        text.len()
    );
    let saved = leverage::transcript::to_ron(&s.to_transcript()).unwrap();
    assert!(
        saved.len() < 1_000_000,
        "transcript is {} bytes",
        saved.len()
    );
}

/// Resume keeps the file's truth: a session written under the last version of the guide goes
/// on with every take and recorded prompt; one that cannot be carried without loss is refused
/// and its bytes never change.
#[test]
fn resume_keeps_what_the_file_holds_or_leaves_the_file_alone() {
    let lib = leverage::content::Library::built_in();
    // Written under version 2 of the leverage guide (the frozen copy), part-way through.
    let mut old = Session::new(
        "2026-11-21T16-05-33-oldver".into(),
        common::leverage_guide(),
        at(0),
    );
    let r = idx(&old, "rehearsal");
    old.set_text(idx(&old, "story"), "What happened.", at(1));
    old.go_to(r, at(1));
    old.set_take(r, 0, "My answer to the old first question.", at(2));
    let t = old.to_transcript();
    let resumed = Session::resume(&t, &lib).expect("a session of the last version goes on");
    let saved = resumed.to_transcript();
    let story = saved.steps.iter().find(|s| s.id == "story").unwrap();
    let was = t.steps.iter().find(|s| s.id == "story").unwrap();
    assert_eq!(
        story.prompt, was.prompt,
        "the prompt it was answered against is kept"
    );
    let text = leverage::transcript::to_ron(&saved).unwrap();
    assert!(
        text.contains("My answer to the old first question."),
        "every take kept"
    );

    // What the guide cannot carry: the session is refused, never rewritten.
    let dir = tempfile::tempdir().unwrap();
    common::real_guides(dir.path());
    let sessions = dir.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let mut cases = Vec::new();
    let mut choice = Session::new("2026-11-21T16-05-34-choice".into(), builtin(), at(0));
    let focus = idx(&choice, "focus");
    choice.set_choices(focus, &[0], at(1));
    let mut t = choice.to_transcript();
    if let leverage::transcript::Answer::Choice { selected, .. } =
        &mut t.steps.iter_mut().find(|s| s.id == "focus").unwrap().answer
    {
        selected.push("An option the guide no longer has".into());
    }
    cases.push(t);
    let mut dup = Session::new("2026-11-21T16-05-35-dupeid".into(), builtin(), at(0));
    dup.set_text(idx(&dup, "headline"), "One", at(1));
    let mut t = dup.to_transcript();
    let copy = t.steps[idx(&dup, "headline")].clone();
    t.steps.push(leverage::transcript::StepRecord {
        answer: leverage::transcript::Answer::Text {
            text: "Two".into(),
            written: at(1),
        },
        ..copy
    });
    cases.push(t);
    let mut t = Session::new("2026-11-21T16-05-36-modeid".into(), builtin(), at(0)).to_transcript();
    t.mode = Some("sideways".into());
    t.steps[0].answer = leverage::transcript::Answer::Text {
        text: "Something".into(),
        written: at(1),
    };
    cases.push(t);
    for t in cases {
        assert!(
            matches!(
                Session::resume(&t, &lib),
                Err(leverage::session::ResumeError::Lossy { .. })
            ),
            "{}",
            t.id
        );
        let path = sessions.join(format!("{}.ron", t.id));
        std::fs::write(&path, leverage::transcript::to_ron(&t).unwrap()).unwrap();
        let before = std::fs::read(&path).unwrap();
        let out = common::run_leverage(dir.path(), &["resume", &t.id, "--plain"], "x\n.\n");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("left exactly as it is"), "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{}: bytes unchanged",
            t.id
        );
    }
}

fn builtin() -> std::sync::Arc<leverage::guide::Guide> {
    leverage::content::Library::built_in()
        .find("leverage")
        .cloned()
        .unwrap()
}

/// A field this version does not know (written by a newer one) is never dropped by resuming:
/// the session is refused and its bytes stay as they are.
#[test]
fn a_field_this_version_does_not_know_keeps_the_file_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new("2026-11-21T16-05-33-future".into(), leverage_guide(), at(0));
    s.set_text(1, "A headline", at(1));
    let text = leverage::transcript::to_ron(&s.to_transcript())
        .unwrap()
        .replacen(
            "    tags: [],",
            "    tags: [],\n    mood: Some(\"hopeful\"),",
            1,
        );
    assert!(text.contains("mood"));
    assert_eq!(
        leverage::transcript::unknown_field(text.as_bytes()).as_deref(),
        Some("mood")
    );
    let plain = leverage::transcript::to_ron(&s.to_transcript()).unwrap();
    assert_eq!(leverage::transcript::unknown_field(plain.as_bytes()), None);
    let sessions = dir.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let path = sessions.join(format!("{}.ron", s.id));
    std::fs::write(&path, &text).unwrap();
    let out = common::run_leverage(dir.path(), &["resume", &s.id, "--plain"], "more\n.\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("mood"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "bytes unchanged"
    );
}

/// Tags or a revisit note on a file holding a field this version does not know are refused,
/// so saving them never drops the field.
#[test]
fn tags_and_notes_never_drop_a_field_this_version_does_not_know() {
    use leverage::app::Effect;
    use leverage::driver::Driver;
    let dir = tempfile::tempdir().unwrap();
    let mut store = leverage::store::FileStore::new(dir.path().join("data"));
    let s = Session::new("2026-11-21T16-05-33-future".into(), leverage_guide(), at(0));
    leverage::store::Store::save(&mut store, &s.to_transcript()).unwrap();
    let path = store.path_of(&s.id);
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "    tags: [],",
        "    tags: [],\n    mood: Some(\"hopeful\"),",
        1,
    );
    std::fs::write(&path, &text).unwrap();
    let mut driver = Driver::new(&mut store, common::model());
    driver.start(Effect::SetTags {
        id: s.id.clone(),
        before: Vec::new(),
        after: vec!["new".into()],
    });
    driver.start(Effect::AddRevisit {
        id: s.id.clone(),
        text: "later".into(),
        at: at(10),
    });
    let status = driver
        .model
        .status
        .clone()
        .map(|s| s.text)
        .unwrap_or_default();
    drop(driver);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "bytes unchanged"
    );
    assert!(status.contains("mood"), "{status}");
}

/// Taking up a session this version cannot write back (a newer format, a field it does not
/// know, or one already complete) opens it to read, saying why, and leaves its bytes alone.
#[test]
fn what_cannot_be_taken_up_again_opens_to_read_with_the_reason() {
    use leverage::app::{Effect, Screen};
    use leverage::driver::Driver;
    let dir = tempfile::tempdir().unwrap();
    let mut store = leverage::store::FileStore::new(dir.path().join("data"));
    let mut s = Session::new("2026-11-21T16-05-33-newver".into(), leverage_guide(), at(0));
    s.set_text(1, "A headline from the future", at(1));
    leverage::store::Store::save(&mut store, &s.to_transcript()).unwrap();
    let path = store.path_of(&s.id);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("format_version: 2", "format_version: 3");
    std::fs::write(&path, &text).unwrap();
    let mut driver = Driver::new(&mut store, common::model());
    driver.start(Effect::OpenSession { id: s.id.clone() });
    let Screen::Viewer(v) = &driver.model.screen else {
        panic!("not opened to read: {:?}", driver.model.status);
    };
    let notice = v.notice.clone().unwrap_or_default();
    assert!(
        notice.starts_with("Read only") && notice.contains("format 3"),
        "{notice}"
    );
    assert!(
        v.reading.lines.iter().any(|l| l.text.contains("Read only")),
        "the reason is on the screen"
    );
    assert!(
        v.reading
            .lines
            .iter()
            .any(|l| l.text.contains("A headline from the future"))
    );
    driver.start(Effect::SetTags {
        id: s.id.clone(),
        before: Vec::new(),
        after: vec!["new".into()],
    });
    drop(driver);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "bytes unchanged"
    );
    assert!(
        leverage::store::Store::lock(&store, &s.id).is_ok(),
        "not held after opening to read"
    );
}
