//! The coaching outcome: guides that follow the person (conditional steps, parts), statement
//! drafts a person could say, rehearsals worth doing, and content in its own words.

mod common;

use std::sync::Arc;

use jiff::Timestamp;
use leverage::guide::Guide;
use leverage::session::Session;

fn at(s: i64) -> Timestamp {
    Timestamp::from_second(1_780_000_000 + s).unwrap()
}

fn builtin(id: &str) -> Arc<Guide> {
    let lib = leverage::content::Library::built_in();
    Arc::clone(lib.find(id).expect("built-in guide"))
}

fn idx(s: &Session, id: &str) -> usize {
    s.guide.step_index(id).unwrap()
}

/// Ines's answers, as a newcomer might write them: the part in its own paragraph.
fn answered() -> Session {
    let mut s = Session::new("t".into(), builtin("leverage"), at(0));
    let text = |s: &mut Session, id: &str, t: &str| {
        let i = idx(s, id);
        s.set_text(i, t, at(1));
    };
    text(&mut s, "contract", "Words for Tuesday's interview.");
    let ci = idx(&s, "check-in");
    s.set_value(ci, 4, at(1));
    text(
        &mut s,
        "headline",
        "The furniture-rental company I ran operations for closed when our round fell through",
    );
    text(&mut s, "loss", "Savings. A team I loved.");
    text(
        &mut s,
        "story",
        "We opened in three cities in eight months. The leases ate the runway.\nMy part: I pushed the expansion because I trusted the model more than the numbers.",
    );
    text(
        &mut s,
        "hinge",
        "Because I have already paid for the most common mistake a growing company makes.",
    );
    let focus = idx(&s, "focus");
    s.set_choices(focus, &[0, 1], at(1));
    text(
        &mut s,
        "resilience",
        "I ran the wind-down with every supplier paid and most of the team placed.",
    );
    text(
        &mut s,
        "patterns",
        "I now ask for the measure before the plan.",
    );
    text(
        &mut s,
        "debrief",
        "Measure before you scale. It would have saved us.",
    );
    s
}

fn draft(s: &Session) -> String {
    s.draft_statement(idx(s, "statement"))
}

#[test]
fn drafts_read_as_sentences_for_each_audience() {
    let mut s = answered();
    let st = idx(&s, "statement");
    let mut seen = Vec::new();
    for a in 0..3 {
        s.set_audience(a, at(2));
        let d = draft(&s);
        assert!(!d.contains('[') && !d.contains('{'), "no placeholder: {d}");
        // A lead-in ending in a colon is followed by a lower-case word, "I" or a name.
        for (n, _) in d.match_indices(": ") {
            let next = d[n + 2..].split_whitespace().next().unwrap();
            assert!(
                next == "I" || next.chars().next().unwrap().is_lowercase(),
                "a capital after a lead-in: {next:?} in {d}"
            );
        }
        assert!(
            d.contains("I pushed the expansion"),
            "the part comes from the \"My part\" paragraph: {d}"
        );
        assert!(!d.contains("three cities"), "not the background: {d}");
        let secs = leverage::session::compose::speaking_seconds(&d);
        assert!(secs < 60, "under a minute aloud: {secs} s for {d}");
        seen.push(d);
    }
    assert!(
        seen[0] != seen[1] && seen[1] != seen[2],
        "each audience its own words"
    );
    assert_eq!(
        s.steps[st].text,
        s.draft_statement(st),
        "the offer follows the audience"
    );
}

#[test]
fn a_skipped_or_unchosen_source_leaves_its_sentence_out() {
    let mut s = answered();
    assert!(draft(&s).contains("every supplier paid"));
    let r = idx(&s, "resilience");
    s.go_to(r, at(3));
    s.skip(at(3));
    let d = draft(&s);
    assert!(
        !d.contains("supplier") && !d.contains("[resilience]"),
        "{d}"
    );
    // Humility was not chosen: the team's draft has no sentence for it, and no gap.
    s.set_audience(2, at(3));
    let d = draft(&s);
    assert!(!d.contains("  ") && !d.contains(".."), "{d}");
}

#[test]
fn an_untouched_draft_is_an_offer_refreshed_and_an_edit_is_never_overwritten() {
    let mut s = answered();
    let st = idx(&s, "statement");
    s.go_to(st, at(4));
    assert!(s.draft_untouched(st));
    assert!(s.statement().is_none(), "an offer is not the answer");
    let record = s.to_transcript();
    let saved = record.steps.iter().find(|r| r.id == "statement").unwrap();
    assert_eq!(saved.answer, leverage::transcript::Answer::Pending);
    // The sources change: the untouched draft follows them.
    let d = idx(&s, "debrief");
    s.set_text(d, "Ask for the numbers first.", at(5));
    s.go_to(st, at(5));
    assert!(
        s.steps[st].text.contains("ask for the numbers first"),
        "{}",
        s.steps[st].text
    );
    // An edit makes it theirs; a later change of source never touches it, but is pointed out.
    let mine = format!("{} And I mean it.", s.steps[st].text);
    s.set_text(st, &mine, at(6));
    assert!(!s.draft_sources_changed(st));
    s.set_text(d, "Measure first.", at(7));
    s.go_to(st, at(7));
    assert_eq!(s.steps[st].text, mine, "an edited draft is never refreshed");
    assert!(s.draft_sources_changed(st));
    assert_eq!(s.statement(), Some(mine.as_str()));
    // Resumed, it is still theirs and still knows its sources changed.
    let back = Session::from_transcript(&s.to_transcript(), builtin("leverage"));
    assert_eq!(back.steps[st].text, mine);
    assert!(back.draft_sources_changed(st));
    // Keeping an untouched draft makes it the answer.
    let mut k = answered();
    k.go_to(st, at(8));
    assert!(k.accept_draft(st, at(8)));
    assert!(k.statement().is_some());
}

#[test]
fn care_steps_run_only_when_the_check_in_or_check_out_calls_for_them() {
    let mut s = Session::new("t".into(), builtin("leverage"), at(0));
    let care = idx(&s, "care");
    let after = idx(&s, "after-care");
    let (ci, co) = (idx(&s, "check-in"), idx(&s, "check-out"));
    assert!(!s.is_active(care), "no check-in yet: no care step");
    s.set_value(ci, 2, at(1));
    assert!(s.is_active(care));
    s.go_to(ci, at(1));
    s.advance(at(1));
    assert_eq!(
        s.current, care,
        "a very low check-in is met with care first"
    );
    s.set_value(ci, 6, at(2));
    assert!(!s.is_active(care));
    s.go_to(ci, at(2));
    s.advance(at(2));
    assert_eq!(s.guide.steps[s.current].id, "headline");
    s.set_value(co, 6, at(3));
    assert!(!s.is_active(after), "the same number is not a fall");
    s.set_value(co, 5, at(3));
    assert!(s.is_active(after), "lower than the check-in");
}

#[test]
fn the_points_chosen_are_the_ones_worked_and_none_chosen_runs_all_five() {
    let mut s = Session::new("t".into(), builtin("leverage"), at(0));
    let focus = idx(&s, "focus");
    let points = [
        "resilience",
        "patterns",
        "humility",
        "credibility",
        "innovation",
    ];
    assert!(points.iter().all(|p| s.is_active(idx(&s, p))));
    s.set_choices(focus, &[1, 3], at(1));
    let active: Vec<&str> = points
        .iter()
        .copied()
        .filter(|p| s.is_active(idx(&s, p)))
        .collect();
    assert_eq!(active, ["patterns", "credibility"]);
    s.go_to(focus, at(1));
    s.advance(at(1));
    assert_eq!(s.guide.steps[s.current].id, "patterns");
    assert_eq!(
        s.part_opening().map(|p| p.0),
        Some("The leverage points"),
        "the part opens at its first step that runs, when its own first step was passed over"
    );
    s.advance(at(1));
    assert_eq!(s.guide.steps[s.current].id, "credibility");
    s.advance(at(1));
    assert_eq!(s.guide.steps[s.current].id, "debrief");
    s.back(at(1));
    assert_eq!(
        s.guide.steps[s.current].id, "credibility",
        "back follows the same path"
    );
    let (n, of) = s.progress();
    assert!(
        n < of && of < s.len(),
        "progress counts the steps that run: {n} of {of}"
    );
}

#[test]
fn rehearsal_skips_one_question_resumes_on_it_and_times_only_answering() {
    let mut s = answered();
    s.set_audience(1, at(10));
    let r = idx(&s, "rehearsal");
    s.go_to(r, at(10));
    let asks: Vec<String> = s.questions(r).iter().map(|q| q.ask.clone()).collect();
    assert!(
        asks[0].contains("what it cost"),
        "the board's questions: {asks:?}"
    );
    assert!(s.questions(r)[1].probe, "a probing follow-up");
    // Reading the question is not answering it: no time passes on the clock.
    assert_eq!(s.elapsed(at(40)), 0);
    s.set_take(r, 0, "We closed.", at(40));
    s.set_take(r, 0, "We closed. It cost two years.", at(55));
    s.advance(at(55));
    assert_eq!(
        s.steps[r].takes[0].seconds, 15,
        "from the first key to moving on"
    );
    // Skip the follow-up only: the step goes on to the next question.
    s.skip(at(60));
    assert_eq!((s.current, s.question), (r, 2));
    assert!(s.steps[r].takes[1].skipped);
    assert!(
        s.steps[r].skipped.is_none(),
        "the step itself is not skipped"
    );
    s.set_take(r, 2, "With care.", at(61));
    // A retake keeps the first take.
    assert!(s.retake(at(70)));
    s.set_take(r, 2, "With care and notice.", at(71));
    let back = Session::from_transcript(&s.to_transcript(), builtin("leverage"));
    assert_eq!(
        (back.current, back.question),
        (r, 2),
        "resume lands on the question"
    );
    assert_eq!(back.steps[r].takes[0].text, "We closed. It cost two years.");
    assert!(back.steps[r].takes[1].skipped);
    assert_eq!(back.steps[r].takes[2].earlier[0].answer, "With care.");
    assert_eq!(back.steps[r].takes[2].text, "With care and notice.");
    // Another audience asks other questions; the board's takes are kept aside, not lost.
    let mut other = back.clone();
    other.set_audience(2, at(80));
    assert!(other.steps[r].takes.iter().all(|t| t.text.is_empty()));
    other.set_audience(1, at(81));
    assert_eq!(
        other.steps[r].takes[0].text,
        "We closed. It cost two years."
    );
}

#[test]
fn every_built_in_step_has_facilitation() {
    for id in ["leverage", "value-cycle", "own-the-story"] {
        let g = builtin(id);
        for step in &g.steps {
            let f = &step.facilitator;
            assert!(
                !f.purpose.is_empty()
                    && !f.follow_ups.is_empty()
                    && !f.listen_for.is_empty()
                    && f.minutes.is_some(),
                "{id}/{}: facilitator notes need a purpose, follow-ups, what to listen for and minutes",
                step.id
            );
            assert!(step.example.is_some(), "{id}/{}: a worked example", step.id);
        }
    }
}

/// Words of a text, lower-cased, for comparing runs of words.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('\u{2019}', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn no_guide_borrows_five_words_in_a_row_from_the_sources() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let mut runs = std::collections::HashSet::new();
    let mut read = 0;
    for entry in std::fs::read_dir(&seeds).expect("../shared/seeds beside the project") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let w = words(&std::fs::read_to_string(&path).unwrap());
            runs.extend(w.windows(5).map(|r| r.join(" ")));
            read += 1;
        }
    }
    assert!(read >= 3, "the three source texts");
    let mut found = Vec::new();
    let guides = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/guides");
    for entry in std::fs::read_dir(guides).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            for run in words(line).windows(5) {
                let run = run.join(" ");
                if runs.contains(&run) {
                    found.push(format!("{}:{}: {run}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "runs of five words from the sources:\n{}",
        found.join("\n")
    );
}

/// The shipped guide in a real terminal, as a newcomer meets it: a low check-in brings the care
/// step and a higher one takes it away, the part paragraph fills the statement, the statement
/// is only an offer until kept, and the rehearsal asks the chosen audience's questions.
#[test]
fn a_newcomer_in_the_tui_meets_the_guide_that_follows_them() {
    use common::pty::{Pty, transcripts};
    let dir = tempfile::tempdir().unwrap();
    common::real_guides(dir.path());
    let mut pty = Pty::spawn(
        env!("CARGO_BIN_EXE_leverage"),
        &["new", "--guide", "leverage"],
        dir.path(),
    );
    pty.wait_for("What this hour is for");
    pty.send(b"A statement for Tuesday.");
    pty.send(b"\x0e"); // Ctrl-N
    pty.wait_for("Right now, how does this setback sit with you?");
    pty.send(b"1\x0e");
    pty.wait_for("Taking care first");
    pty.send(b"\x10"); // Ctrl-P: back to the check-in
    pty.wait_for("Right now, how does this setback sit with you?");
    pty.send(b"7\x0e");
    pty.wait_for("Name it in one line");
    pty.send(b"Our launch was cancelled\r");
    pty.wait_for("What it cost");
    pty.send(b"\x0b"); // Ctrl-K
    pty.wait_for("How it went");
    assert!(
        pty.screen().contains("Part 2 of 4: Looking at it"),
        "{}",
        pty.screen()
    );
    pty.send(b"We built for a year.\rMy part: I kept the date after two slips.\x0e");
    pty.wait_for("On what you just wrote");
    pty.send(b"\x0b"); // the replay
    pty.wait_for("The hard question");
    pty.send(b"\x0b");
    pty.wait_for("Where the leverage is");
    pty.send(b"2\r");
    pty.wait_for("What do you now notice early");
    pty.send(b"\x0b"); // pattern recognition, passed over
    pty.wait_for("The lesson you carry");
    pty.send(b"Say the slip out loud the day it happens.\x0e");
    pty.wait_for("keep draft");
    let screen = pty.screen();
    assert!(
        screen.contains("I was part of why: I kept the date"),
        "{screen}"
    );
    assert!(
        screen.contains("It is not yours until you keep it"),
        "{screen}"
    );
    assert!(!screen.contains('['), "no placeholder: {screen}");
    pty.send(b"\x0e"); // keep it
    pty.wait_for("Walk us through what happened.");
    pty.send(b"\x11"); // Ctrl-Q
    assert_eq!(pty.wait_exit(), 0);
    let locks: Vec<_> = std::fs::read_dir(dir.path().join("data/sessions"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".lock"))
        .collect();
    assert!(locks.is_empty(), "a clean exit removes its lock: {locks:?}");
    let files = transcripts(dir.path());
    let t = leverage::transcript::parse(files[0].as_bytes()).unwrap();
    let st = t.statement.expect("the kept draft is the statement");
    assert!(
        st.text
            .contains("I was part of why: I kept the date after two slips."),
        "{}",
        st.text
    );
    assert!(
        st.text
            .contains("What I took from it: say the slip out loud"),
        "{}",
        st.text
    );
    let care = t.steps.iter().find(|s| s.id == "care").unwrap();
    assert!(
        care.passed_over,
        "the care step did not run once the check-in rose"
    );
    assert_eq!(t.current_step, "rehearsal");
    assert_eq!(t.current_question, Some(0));
}

/// Plain mode follows the same conditions, offers the pause between parts, and stops there.
#[test]
fn plain_mode_follows_the_person_and_pauses_between_parts() {
    let dir = tempfile::tempdir().unwrap();
    common::real_guides(dir.path());
    let input = "To find words.\n.\n1\nGo gently.\n.\nOur launch was cancelled\nA year of work.\n.\npause\n";
    let out = common::run_leverage(
        dir.path(),
        &["new", "--guide", "leverage", "--plain"],
        input,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a chosen pause is not an error: {text}"
    );
    assert!(
        text.contains("Taking care first"),
        "a check-in of 1 brings the care step: {text}"
    );
    assert!(text.contains("Part 2 of 4: Looking at it"), "{text}");
    assert!(text.contains("Paused. Everything is saved"), "{text}");
    // Resumed, it picks up at the part, and a higher check-in would not have asked for care.
    let out = common::run_leverage(dir.path(), &["resume", "--plain"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("How it went"),
        "resume picks it up at the part: {text}"
    );
    let dir2 = tempfile::tempdir().unwrap();
    common::real_guides(dir2.path());
    let input = "To find words.\n.\n8\nOur launch was cancelled\n";
    let out = common::run_leverage(
        dir2.path(),
        &["new", "--guide", "leverage", "--plain"],
        input,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("Taking care first"), "{text}");
    assert!(text.contains("What it cost"), "{text}");
}

/// The value cycle ends with words to say, drafted from Tomas's answers, in either mode.
#[test]
fn the_value_cycle_drafts_what_to_tell_the_team() {
    let g = builtin("value-cycle");
    for mode in ["back", "ahead"] {
        let mut s = Session::new("t".into(), g.clone(), at(0));
        s.set_mode(mode);
        for id in ["headline", "reflect", "react", "remember"] {
            let i = idx(&s, id);
            let example = s.wording(i).example.unwrap();
            s.set_text(i, &example, at(1));
        }
        let st = idx(&s, "telling");
        s.go_to(st, at(2));
        let d = s.draft_statement(st);
        assert!(
            d.starts_with("The failure we are looking at: our"),
            "{mode}: {d}"
        );
        assert!(!d.contains('{') && !d.contains('['), "{mode}: {d}");
        let secs = leverage::session::compose::speaking_seconds(&d);
        assert!(secs < 60, "{mode}: {secs} s");
    }
}
