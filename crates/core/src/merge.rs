//! Two versions of one session brought together: what a git merge driver does with a
//! transcript both machines changed, and what `leverage compare` shows of a conflict copy.
//!
//! Three-way, field by field, against the version both started from: what only one side
//! changed is taken from it; notes, revisits, tags and reviews added on either side are all
//! kept (two machines adding a revisit note never conflict); only a step whose answer both
//! sides changed differently is a conflict, and then nothing is guessed.

use crate::pairing::Entry;
use crate::transcript::{Review, Revisit, StepRecord, Transcript};

/// Whether two versions of a session differ only in what is added or set around it while
/// it is open elsewhere (tags, revisit notes, the revisit reminder), not in its answers.
pub fn only_around(a: &Transcript, b: &Transcript) -> bool {
    let bare = |t: &Transcript| Transcript {
        tags: Vec::new(),
        revisits: Vec::new(),
        revisit_due: None,
        updated: t.started,
        ..t.clone()
    };
    bare(a) == bare(b)
}

/// `ours` with what another device added around the session since `sent` (the version
/// `ours` was made from) kept: the tags either side added (less those either removed), every
/// revisit note, and the reminder as the side that changed it set it.
pub fn keep_around(sent: &Transcript, ours: &Transcript, disk: &Transcript) -> Transcript {
    let mut out = ours.clone();
    out.tags = merge_set(Some(&sent.tags), &ours.tags, &disk.tags);
    out.revisits = union_by(&ours.revisits, &disk.revisits, |r: &Revisit| r.written);
    out.revisit_due = pick(
        Some(&sent.revisit_due),
        &ours.revisit_due,
        &disk.revisit_due,
    )
    .unwrap_or(ours.revisit_due);
    out
}

/// Two sides that both changed one thing, differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// What it is, for a person: a step's title, or a field's name.
    pub what: String,
}

/// The value of a field after a three-way merge, or `None` when both sides changed it
/// differently.
pub fn pick<T: PartialEq + Clone>(base: Option<&T>, ours: &T, theirs: &T) -> Option<T> {
    if ours == theirs || base == Some(theirs) {
        Some(ours.clone())
    } else if base == Some(ours) {
        Some(theirs.clone())
    } else {
        None
    }
}

/// `base` merged with the two versions made from it. Conflicts name each step or field both
/// sides changed differently; the merge is then not made.
pub fn merge3(
    base: Option<&Transcript>,
    ours: &Transcript,
    theirs: &Transcript,
) -> Result<Transcript, Vec<Conflict>> {
    let mut conflicts = Vec::new();
    let mut out = ours.clone();
    macro_rules! field {
        ($f:ident, $name:expr) => {
            match pick(base.map(|b| &b.$f), &ours.$f, &theirs.$f) {
                Some(v) => out.$f = v,
                None => conflicts.push(Conflict { what: $name.into() }),
            }
        };
    }
    // Copies of what the steps hold, and where the session is: the steps decide, and the
    // one saved last says where it stopped.
    let later = if theirs.updated > ours.updated {
        theirs
    } else {
        ours
    };
    macro_rules! follow {
        ($f:ident) => {
            out.$f =
                pick(base.map(|b| &b.$f), &ours.$f, &theirs.$f).unwrap_or_else(|| later.$f.clone());
        };
    }
    follow!(headline);
    follow!(check_in);
    follow!(check_out);
    follow!(statement);
    follow!(audience);
    follow!(next_step);
    follow!(actions);
    follow!(goal);
    follow!(current_step);
    follow!(current_question);
    follow!(clock);
    follow!(current_since);
    follow!(revisit_due);
    field!(mode, "the mode");
    field!(pair, "the coach and client");
    // Finished on either side is finished.
    out.finished = ours.finished.or(theirs.finished);
    out.status = if out.finished.is_some() {
        crate::transcript::Status::Complete
    } else {
        ours.status
    };
    out.updated = ours.updated.max(theirs.updated);
    out.format_version = ours.format_version.max(theirs.format_version);
    out.tags = merge_set(base.map(|b| &b.tags[..]), &ours.tags, &theirs.tags);
    out.revisits = union_by(&ours.revisits, &theirs.revisits, |r: &Revisit| r.written);
    out.reviewed = {
        // One action is known by its session and its words: a session can agree several.
        let same = |a: &Review, b: &Review| a.from == b.from && a.text == b.text;
        let mut all = ours.reviewed.clone();
        for r in &theirs.reviewed {
            match all.iter_mut().find(|o| same(o, r)) {
                Some(o) => {
                    let b = base.and_then(|b| b.reviewed.iter().find(|x| same(x, r)));
                    match pick(b, o, r) {
                        Some(v) => *o = v,
                        None => conflicts.push(Conflict {
                            what: format!("how \"{}\" went", r.text),
                        }),
                    }
                }
                None => all.push(r.clone()),
            }
        }
        all
    };
    // Steps, by id, in our order, then any only the other side has.
    let mut steps = Vec::new();
    for o in &ours.steps {
        let t = theirs.steps.iter().find(|s| s.id == o.id);
        let b = base.and_then(|b| b.steps.iter().find(|s| s.id == o.id));
        match t {
            None => steps.push(o.clone()),
            Some(t) => match merge_step(b, o, t) {
                Some(s) => steps.push(s),
                None => {
                    conflicts.push(Conflict {
                        what: o.title.clone(),
                    });
                    steps.push(o.clone());
                }
            },
        }
    }
    for t in &theirs.steps {
        if !ours.steps.iter().any(|s| s.id == t.id) {
            steps.push(t.clone());
        }
    }
    out.steps = steps;
    // A session that ended keeping only its summary (as its client agreed) stays so: what
    // the other side still held of the rest goes, rather than coming back with the merge.
    if let Some(ended) = [ours, theirs].into_iter().find(|t| {
        t.finished.is_some()
            && t.pair
                .as_ref()
                .is_some_and(|p| p.consent == crate::pairing::Consent::SummaryOnly)
    }) {
        let kept: Vec<&str> = ended
            .steps
            .iter()
            .filter(|s| !matches!(s.answer, crate::transcript::Answer::Pending))
            .map(|s| s.id.as_str())
            .collect();
        out.keep_summary_only(&kept);
    }
    if conflicts.is_empty() {
        Ok(out)
    } else {
        Err(conflicts)
    }
}

/// One step of both sides: the answer three-way, the conversation as every entry either side
/// has, in time order.
fn merge_step(
    base: Option<&StepRecord>,
    ours: &StepRecord,
    theirs: &StepRecord,
) -> Option<StepRecord> {
    let mut out = ours.clone();
    out.answer = pick(base.map(|b| &b.answer), &ours.answer, &theirs.answer)?;
    out.drafted_from = pick(
        base.map(|b| &b.drafted_from),
        &ours.drafted_from,
        &theirs.drafted_from,
    )
    .unwrap_or_else(|| ours.drafted_from.clone());
    out.passed_over = ours.passed_over && theirs.passed_over;
    out.not_kept = ours.not_kept || theirs.not_kept;
    // Questions a coach added on either side are all asked.
    out.added_questions = merge_set(
        base.map(|b| &b.added_questions[..]),
        &ours.added_questions,
        &theirs.added_questions,
    );
    out.conversation = union_by(&ours.conversation, &theirs.conversation, |e: &Entry| {
        e.written
    });
    Some(out)
}

/// How many items of `p` are not in `q`.
fn only_in<T: PartialEq>(p: &[T], q: &[T]) -> usize {
    p.iter().filter(|x| !q.contains(x)).count()
}

/// Every item of either list once, sorted by `key` (stable: ours first among equals).
pub fn union_by<T: PartialEq + Clone, K: Ord>(
    ours: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let mut all = ours.to_vec();
    for t in theirs {
        if !all.contains(t) {
            all.push(t.clone());
        }
    }
    all.sort_by_key(|x| key(x));
    all
}

/// A set both sides edited: what either added, less what either removed.
pub fn merge_set(base: Option<&[String]>, ours: &[String], theirs: &[String]) -> Vec<String> {
    let base = base.unwrap_or_default();
    let removed = |s: &String| base.contains(s) && (!ours.contains(s) || !theirs.contains(s));
    let mut out: Vec<String> = Vec::new();
    for s in ours.iter().chain(theirs) {
        if !removed(s) && !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

/// What differs between two versions of one session, for a person: each step whose answer
/// or conversation differs (by title), and the tags, revisit notes and reviews.
pub fn differences(a: &Transcript, b: &Transcript) -> Vec<String> {
    let mut out = Vec::new();
    for s in &a.steps {
        match b.steps.iter().find(|x| x.id == s.id) {
            None => out.push(format!("{}: only in the first", s.title)),
            Some(x) => {
                if x.answer != s.answer {
                    out.push(format!("{}: the answers differ", s.title));
                }
                let (one, two) = (
                    only_in(&s.conversation, &x.conversation),
                    only_in(&x.conversation, &s.conversation),
                );
                if one + two > 0 {
                    out.push(format!(
                        "{}: {one} note(s) or turn(s) only in the first, {two} only in the second",
                        s.title
                    ));
                }
            }
        }
    }
    for x in &b.steps {
        if !a.steps.iter().any(|s| s.id == x.id) {
            out.push(format!("{}: only in the second", x.title));
        }
    }
    if a.tags != b.tags {
        out.push(format!(
            "tags: {} / {}",
            a.tags.join(", "),
            b.tags.join(", ")
        ));
    }
    let (one, two) = (
        only_in(&a.revisits, &b.revisits),
        only_in(&b.revisits, &a.revisits),
    );
    if one + two > 0 {
        out.push(format!(
            "revisit notes: {one} only in the first, {two} only in the second"
        ));
    }
    if a.reviewed != b.reviewed {
        out.push("last time's next steps were looked at differently".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Transcript {
        let g = crate::content::Library::built_in()
            .find("leverage")
            .cloned()
            .unwrap();
        let t0 = jiff::Timestamp::from_second(1_700_000_000).unwrap();
        let mut s = crate::session::Session::new("a".into(), g, t0);
        s.tags = vec!["work".into(), "old".into()];
        s.to_transcript()
    }

    #[test]
    fn what_one_side_changed_is_taken_and_what_both_added_is_kept() {
        let base = session();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        ours.tags = vec!["work".into(), "ours".into()]; // dropped "old"
        theirs.tags = vec!["work".into(), "old".into(), "theirs".into()];
        let h = 3;
        theirs.steps[h].answer = crate::transcript::Answer::Text {
            text: "Theirs".into(),
            written: base.started,
        };
        let m = merge3(Some(&base), &ours, &theirs).unwrap();
        assert_eq!(m.tags, ["work", "ours", "theirs"]);
        assert_eq!(m.steps[h].answer, theirs.steps[h].answer);
        // Both changed one answer: a conflict naming the step, nothing guessed.
        ours.steps[h].answer = crate::transcript::Answer::Text {
            text: "Ours".into(),
            written: base.started,
        };
        let c = merge3(Some(&base), &ours, &theirs).unwrap_err();
        assert_eq!(c[0].what, base.steps[h].title);
        assert!(!differences(&ours, &theirs).is_empty());
        assert!(differences(&ours, &ours).is_empty());
    }

    #[test]
    fn actions_their_reviews_and_a_summary_only_ending_survive_a_merge() {
        use crate::pairing::{Consent, Pairing, Speaker, Visibility};
        use crate::transcript::{Answer, Review, ReviewStatus};
        let mut base = session();
        base.pair = Some(Pairing::new("Sam", "Alex", None).unwrap());
        let review = |text: &str, status| Review {
            from: "earlier".into(),
            agreed: base.started,
            text: text.into(),
            owner: Default::default(),
            due: None,
            status,
            word: String::new(),
        };
        // Two actions of one earlier session, each looked at on one side.
        let mut ours = base.clone();
        let mut theirs = base.clone();
        ours.reviewed = vec![review("Call Ana", ReviewStatus::Done)];
        theirs.reviewed = vec![review("Send the deck", ReviewStatus::Dropped)];
        theirs.actions =
            crate::actions::read_all("Coach: the article", jiff::civil::date(2026, 12, 2));
        theirs.steps[5].added_questions = vec!["Why then?".into()];
        let m = merge3(Some(&base), &ours, &theirs).unwrap();
        assert_eq!(
            m.reviewed.len(),
            2,
            "both actions' reviews kept: {:?}",
            m.reviewed
        );
        assert_eq!(
            m.actions, theirs.actions,
            "the side that changed the actions"
        );
        assert_eq!(m.steps[5].added_questions, ["Why then?"]);
        // One side ended keeping only the summary; the other still holds a turn and an answer.
        let story = 3;
        let mut ended = base.clone();
        ended.finished = Some(base.started);
        ended.pair.as_mut().unwrap().consent = Consent::SummaryOnly;
        ended.keep_summary_only(&[]);
        let mut other = base.clone();
        other.steps[story].answer = Answer::Text {
            text: "STORYCANARY".into(),
            written: base.started,
        };
        other.steps[story].conversation.push(crate::pairing::Entry {
            speaker: Speaker::Coach,
            text: "NOTECANARY".into(),
            written: base.started,
            visibility: Visibility::CoachOnly,
            draft: false,
            question: None,
        });
        let m = merge3(Some(&base), &ended, &other).unwrap();
        let text = crate::transcript::to_ron(&m).unwrap();
        assert!(
            !text.contains("STORYCANARY") && !text.contains("NOTECANARY"),
            "{text}"
        );
        assert!(m.steps[story].not_kept);
    }
}
