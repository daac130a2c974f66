//! A session's record: converting a [`Session`] to the [`Transcript`] it is saved as, and
//! back. The file format itself is in [`crate::transcript`], which knows no session.

use std::sync::Arc;

use jiff::Timestamp;

use super::{Session, StepState, Take};
use crate::guide::{Guide, StepKind};
use crate::transcript::*;

/// Drop sub-second digits: the file is for people to read.
fn secs(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second()).unwrap_or(t)
}

/// Why a saved session cannot be taken up again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResumeError {
    #[error("{id} was written with the guide {guide:?}, which is not installed")]
    GuideMissing { id: String, guide: String },
    #[error("{0} is already complete")]
    Complete(String),
    #[error(
        "{id} holds what this guide can no longer carry ({reason}), so it is left exactly as it \
         is: read it in the library or with `leverage show {id}`"
    )]
    Lossy { id: String, reason: String },
    #[error(
        "{file} is a copy of another session (a sync conflict?): read it, or resolve it with \
         `leverage resolve` (keep this, keep the other, or keep both), before going on with it"
    )]
    Copy { file: String },
}

impl Session {
    /// Take a saved session up again where it stopped, with its guide from `guides`.
    pub fn resume(
        t: &Transcript,
        guides: &crate::content::Library,
    ) -> Result<Session, ResumeError> {
        Self::reopen_as(t, guides, false)
    }

    /// [`Session::resume`], complete sessions included: to change one answer afterwards
    /// (`leverage edit`), with the same refusal of anything that would be lost.
    pub fn reopen(
        t: &Transcript,
        guides: &crate::content::Library,
    ) -> Result<Session, ResumeError> {
        Self::reopen_as(t, guides, true)
    }

    fn reopen_as(
        t: &Transcript,
        guides: &crate::content::Library,
        complete_too: bool,
    ) -> Result<Session, ResumeError> {
        let guide = guides
            .find(&t.guide.id)
            .ok_or_else(|| ResumeError::GuideMissing {
                id: t.id.clone(),
                guide: t.guide.id.clone(),
            })?;
        if t.status == Status::Complete && !complete_too {
            return Err(ResumeError::Complete(t.id.clone()));
        }
        if !crate::store::is_valid_session_id(&t.id) {
            return Err(ResumeError::Copy { file: t.id.clone() });
        }
        let session = Session::from_transcript(t, Arc::clone(guide));
        // Going on must not drop anything the file holds: if the session would save it back
        // with less, it is left as it is, to be read.
        if let Some(reason) = loss(t, &session.to_transcript()) {
            return Err(ResumeError::Lossy {
                id: t.id.clone(),
                reason,
            });
        }
        Ok(session)
    }

    /// The transcript of this session as it stands.
    pub fn to_transcript(&self) -> Transcript {
        let guide = &self.guide;
        let steps = guide
            .steps
            .iter()
            .zip(&self.steps)
            .enumerate()
            .map(|(i, (step, state))| {
                let words = self.wording(i);
                // An answer keeps the words it was given against.
                let (title, prompt) = state.asked.clone().unwrap_or_else(|| {
                    (
                        words.title.unwrap_or_default(),
                        words.prompt.unwrap_or_default(),
                    )
                });
                StepRecord {
                    id: step.id.clone(),
                    title,
                    prompt,
                    answer: answer_of(state, &step.kind, self.updated),
                    point: step.point.clone(),
                    conversation: self.conversation_record(i),
                    drafted_from: state.draft.clone().filter(|_| state.own),
                    passed_over: !self.is_active(i) && !state.is_answered(),
                    not_kept: state.not_kept,
                    added_questions: state.added.clone(),
                }
            })
            .chain(self.extra.iter().cloned())
            .collect();
        let mut t = Transcript {
            format_version: FORMAT_VERSION,
            id: self.id.clone(),
            guide: GuideRef {
                id: guide.id.clone(),
                version: guide.version,
                title: guide.title.clone(),
            },
            mode: self.mode.clone(),
            started: secs(self.started),
            updated: secs(self.updated),
            finished: self.finished.map(secs),
            status: if self.finished.is_some() {
                Status::Complete
            } else {
                Status::InProgress
            },
            current_step: guide.steps[self.current].id.clone(),
            current_question: matches!(guide.steps[self.current].kind, StepKind::Rehearsal(_))
                .then_some(self.question as u32),
            headline: self.headline().map(str::to_string),
            check_in: self.check_in(),
            check_out: self.check_out(),
            statement: self.statement().map(|text| StatementRecord {
                audience: self.audience_label().unwrap_or_default().to_string(),
                text: text.to_string(),
            }),
            audience: self.audience_label().map(str::to_string),
            next_step: self.next_step(),
            actions: self.actions(),
            goal: self.goal(),
            steps,
            tags: self.tags.clone(),
            revisit_due: self.revisit_due,
            revisits: self.revisits.clone(),
            pair: self.pair.clone(),
            clock: self.pair.as_ref().map(|_| Clock {
                banked_secs: self.clock.banked_secs,
                sitting: self.clock.sitting.map(secs),
            }),
            current_since: self.pair.as_ref().map(|_| secs(self.arrived_at)),
            reviewed: self.reviewed.clone(),
            presentation: self.presentation,
            diverged_from: self.diverged_from.clone(),
        };
        // Once it ends, a session whose client agreed to keeping only the summary keeps that.
        if self.finished.is_some()
            && self
                .pair
                .as_ref()
                .is_some_and(|p| p.consent == crate::pairing::Consent::SummaryOnly)
        {
            let s = &guide.summary;
            let keep: Vec<&str> = [
                s.headline,
                s.check_in,
                s.check_out,
                s.statement,
                s.next_step,
                s.goal,
                s.actions,
            ]
            .into_iter()
            .flatten()
            .map(|i| guide.steps[i].id.as_str())
            .collect();
            t.keep_summary_only(&keep);
        }
        t
    }

    /// Step `i`'s conversation as saved: the filed entries, then anything still being written
    /// (marked as drafts, so a crash loses none of it and a resume puts it back).
    fn conversation_record(&self, i: usize) -> Vec<Entry> {
        let state = &self.steps[i];
        let mut out: Vec<Entry> = state
            .conversation
            .iter()
            .map(|e| Entry {
                written: secs(e.written),
                ..e.clone()
            })
            .collect();
        let written = secs(state.written.unwrap_or(self.updated));
        let open = if self.is_chat(i) && !state.conversation.is_empty() {
            self.open_turn(i)
        } else {
            &state.reply_draft
        };
        let drafts = [
            (Speaker::Client, open, Visibility::Shared),
            (Speaker::Coach, &state.coach_draft, Visibility::Shared),
            (Speaker::Coach, &state.note_draft, Visibility::CoachOnly),
        ];
        for (speaker, text, visibility) in drafts {
            if !text.trim().is_empty() {
                out.push(Entry {
                    speaker,
                    text: text.to_string(),
                    written,
                    visibility,
                    draft: true,
                    question: self.question_here(i),
                });
            }
        }
        out
    }

    /// Reopen a saved session against its guide. Steps the guide no longer has are carried
    /// along untouched so that saving again never drops them.
    pub fn from_transcript(t: &Transcript, guide: Arc<Guide>) -> Session {
        let mut session = Session::new(t.id.clone(), guide.clone(), t.started);
        if let Some(mode) = &t.mode {
            session.set_mode(mode);
        }
        session.updated = t.updated;
        session.finished = t.finished;
        session.tags = t.tags.clone();
        session.revisit_due = t.revisit_due;
        session.revisits = t.revisits.clone();
        session.reviewed = t.reviewed.clone();
        session.presentation = t.presentation;
        session.diverged_from = t.diverged_from.clone();
        session.pair = t.pair.clone();
        // The clock runs again when the session is opened on screen (`Clock::start`).
        session.clock = t.clock.map_or_else(Clock::default, |c| {
            let mut c = c;
            c.pause(t.updated.max(c.sitting.unwrap_or(t.updated)));
            c
        });
        for record in &t.steps {
            let Some(i) = guide.step_index(&record.id) else {
                session.extra.push(record.clone());
                continue;
            };
            let state = &mut session.steps[i];
            state.added = record.added_questions.clone();
            state.not_kept = record.not_kept;
            if !matches!(record.answer, Answer::Pending) || !record.conversation.is_empty() {
                state.asked = Some((record.title.clone(), record.prompt.clone()));
            }
            for e in &record.conversation {
                match (e.draft, e.speaker, e.visibility) {
                    (false, _, _) => state.conversation.push(e.clone()),
                    // A reply on a picked answer; elsewhere the client's open turn is already
                    // the end of the answer's text.
                    (true, Speaker::Client, _) if !guide.steps[i].kind.takes_text() => {
                        state.reply_draft = e.text.clone()
                    }
                    (true, Speaker::Client, _) => {}
                    (true, Speaker::Coach, Visibility::Shared) => {
                        state.coach_draft = e.text.clone()
                    }
                    (true, Speaker::Coach, Visibility::CoachOnly) => {
                        state.note_draft = e.text.clone()
                    }
                }
            }
            match &record.answer {
                Answer::Pending => {}
                Answer::Text { text, written } => {
                    state.text = text.clone();
                    state.written = Some(*written);
                    // A saved statement is the person's: only kept or edited drafts are saved.
                    if matches!(guide.steps[i].kind, StepKind::Statement(_)) {
                        state.own = true;
                        state.draft = record.drafted_from.clone();
                    }
                }
                Answer::Scale { value, written } => {
                    state.value = Some(*value);
                    state.written = Some(*written);
                }
                Answer::Choice { selected, written } => {
                    if let StepKind::Choice(spec) = &guide.steps[i].kind {
                        state.selected = selected
                            .iter()
                            .filter_map(|s| spec.options.iter().position(|o| o == s))
                            .collect();
                        state.selected.sort_unstable();
                    }
                    state.written = Some(*written);
                }
                Answer::List { items, written } => {
                    state.text = items.join("\n");
                    state.written = Some(*written);
                }
                Answer::Rehearsal { takes, written } => {
                    restore_takes(state, takes);
                    state.written = Some(*written);
                }
                Answer::Skipped { at, draft, takes } => {
                    state.skipped = Some(*at);
                    state.text = draft.clone().unwrap_or_default();
                    restore_takes(state, takes);
                    if matches!(guide.steps[i].kind, StepKind::Statement(_)) {
                        state.own = draft.is_some();
                    }
                }
            }
        }
        let audience = t
            .audience
            .as_ref()
            .or(t.statement.as_ref().map(|r| &r.audience));
        if let (Some(audience), Some(i)) = (audience, guide.summary.statement)
            && let StepKind::Statement(spec) = &guide.steps[i].kind
        {
            session.audience = spec
                .audiences
                .iter()
                .position(|a| a == audience)
                .unwrap_or(0);
        }
        session.align_takes();
        let current = guide.step_index(&t.current_step).unwrap_or(0);
        session.go_to(current, t.updated);
        // When the step was reached; [`Session::reopen_clock`] moves it past the time closed.
        session.arrived_at = t.current_since.unwrap_or(t.updated);
        if let Some(q) = t.current_question {
            session.question = (q as usize).min(session.question_count() - 1);
        }
        session
    }
}

/// Put a transcript's rehearsal takes back; `Session::align_takes` then lines them up with
/// the questions asked of the chosen audience, matched by the question's words.
fn restore_takes(state: &mut StepState, takes: &[TakeRecord]) {
    state.takes.clear();
    state.set_aside = takes
        .iter()
        .map(|t| Take {
            question: t.question.clone(),
            text: t.answer.clone(),
            seconds: t.seconds,
            skipped: t.skipped,
            earlier: t.earlier.clone(),
        })
        .collect();
}

/// The takes of a rehearsal as recorded: the questions asked now, then any set aside.
fn take_records(state: &StepState) -> Vec<TakeRecord> {
    state
        .takes
        .iter()
        .chain(state.set_aside.iter())
        .map(|t| TakeRecord {
            question: t.question.clone(),
            answer: t.text.clone(),
            seconds: t.seconds,
            skipped: t.skipped,
            earlier: t.earlier.clone(),
        })
        .collect()
}

fn answer_of(state: &StepState, kind: &StepKind, fallback: Timestamp) -> Answer {
    let written = secs(state.written.unwrap_or(fallback));
    if let Some(at) = state.skipped {
        let offer = matches!(kind, StepKind::Statement(_)) && !state.own && state.draft.is_some();
        let draft = (!state.text.trim().is_empty() && !offer).then(|| state.text.clone());
        // A skipped rehearsal keeps what was typed and timed to each question.
        let takes = match kind {
            StepKind::Rehearsal(_) if state.takes.iter().any(Take::has_content) => {
                take_records(state)
            }
            _ => Vec::new(),
        };
        return Answer::Skipped {
            at: secs(at),
            draft,
            takes,
        };
    }
    match kind {
        StepKind::Scale(_) => state
            .value
            .map_or(Answer::Pending, |value| Answer::Scale { value, written }),
        StepKind::Choice(spec) if !state.selected.is_empty() => Answer::Choice {
            selected: state
                .selected
                .iter()
                .filter_map(|&o| spec.options.get(o).cloned())
                .collect(),
            written,
        },
        StepKind::Choice(_) => Answer::Pending,
        StepKind::List if state.items().is_empty() => Answer::Pending,
        StepKind::List => Answer::List {
            items: state.items().into_iter().map(str::to_string).collect(),
            written,
        },
        StepKind::Rehearsal(_)
            if state
                .takes
                .iter()
                .chain(&state.set_aside)
                .any(Take::has_content) =>
        {
            Answer::Rehearsal {
                takes: take_records(state),
                written,
            }
        }
        StepKind::Rehearsal(_) => Answer::Pending,
        // A draft nobody has kept or edited is an offer, not an answer: it is composed again.
        StepKind::Statement(_) if !state.own && state.draft.is_some() => Answer::Pending,
        _ if state.text.trim().is_empty() => Answer::Pending,
        _ => Answer::Text {
            text: state.text.clone(),
            written,
        },
    }
}

/// What saving `back` (a session reopened from `t`) would lose of `t`, if anything.
fn loss(t: &Transcript, back: &Transcript) -> Option<String> {
    if t.mode.is_some() && back.mode != t.mode {
        return Some(format!(
            "the mode {:?}, which the guide does not have",
            t.mode.as_deref().unwrap_or_default()
        ));
    }
    let audience = t
        .audience
        .as_ref()
        .or(t.statement.as_ref().map(|s| &s.audience));
    if audience.is_some() && back.audience.as_ref() != audience {
        return Some(format!(
            "the audience {:?}, which the guide does not offer",
            audience.map(String::as_str).unwrap_or_default()
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for record in &t.steps {
        if !seen.insert(record.id.as_str()) {
            return Some(format!("two steps with the id {:?}", record.id));
        }
        let Some(ours) = back.steps.iter().find(|r| r.id == record.id) else {
            return Some(format!("the step {:?}", record.id));
        };
        if !same_answer(&record.answer, &ours.answer)
            || ours.conversation != record.conversation
            || (!matches!(record.answer, Answer::Pending)
                && (ours.title != record.title || ours.prompt != record.prompt))
        {
            return Some(format!(
                "the answer to {:?} as it was recorded",
                record.title
            ));
        }
    }
    None
}

/// Whether `ours` carries everything `theirs` holds: equal, or for a rehearsal, every take with
/// words or time in it kept (the questions may be ordered or grouped differently).
fn same_answer(theirs: &Answer, ours: &Answer) -> bool {
    let takes = |a: &Answer| -> Option<Vec<TakeRecord>> {
        match a {
            Answer::Rehearsal { takes, .. } => Some(takes.clone()),
            Answer::Skipped { takes, .. } if !takes.is_empty() => Some(takes.clone()),
            _ => None,
        }
    };
    match (takes(theirs), takes(ours)) {
        (Some(t), Some(o)) => {
            matches!(theirs, Answer::Skipped { .. }) == matches!(ours, Answer::Skipped { .. })
                && t.iter()
                    .filter(|x| {
                        !x.answer.trim().is_empty()
                            || x.seconds > 0
                            || x.skipped
                            || !x.earlier.is_empty()
                    })
                    .all(|x| o.contains(x))
        }
        _ => theirs == ours,
    }
}
