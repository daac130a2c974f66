//! A session's record: converting a [`Session`] to the [`Transcript`] it is saved as, and
//! back. The file format itself is in [`crate::transcript`], which knows no session.

use std::sync::Arc;

use jiff::Timestamp;

use super::{Session, StepState};
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
}

impl Session {
    /// Take a saved session up again where it stopped, with its guide from `guides`.
    pub fn resume(
        t: &Transcript,
        guides: &crate::content::Library,
    ) -> Result<Session, ResumeError> {
        let guide = guides
            .find(&t.guide.id)
            .ok_or_else(|| ResumeError::GuideMissing {
                id: t.id.clone(),
                guide: t.guide.id.clone(),
            })?;
        if t.status == Status::Complete {
            return Err(ResumeError::Complete(t.id.clone()));
        }
        Ok(Session::from_transcript(t, Arc::clone(guide)))
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
                StepRecord {
                    id: step.id.clone(),
                    title: words.title.unwrap_or_default(),
                    prompt: words.prompt.unwrap_or_default(),
                    answer: answer_of(state, &step.kind, self.updated),
                    point: step.point.clone(),
                    conversation: self.conversation_record(i),
                }
            })
            .chain(self.extra.iter().cloned())
            .collect();
        Transcript {
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
            headline: self.headline().map(str::to_string),
            check_in: self.check_in(),
            check_out: self.check_out(),
            statement: self.statement().map(|text| StatementRecord {
                audience: self.audience_label().unwrap_or_default().to_string(),
                text: text.to_string(),
            }),
            next_step: self.next_step(),
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
        }
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
            ""
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
            for e in &record.conversation {
                match (e.draft, e.speaker, e.visibility) {
                    (false, _, _) => state.conversation.push(e.clone()),
                    // The client's open turn is already the end of the answer's text.
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
                    if let StepKind::Rehearsal(spec) = &guide.steps[i].kind {
                        restore_takes(state, spec, takes);
                    }
                    state.written = Some(*written);
                }
                Answer::Skipped { at, draft, takes } => {
                    state.skipped = Some(*at);
                    state.text = draft.clone().unwrap_or_default();
                    if let StepKind::Rehearsal(spec) = &guide.steps[i].kind {
                        restore_takes(state, spec, takes);
                    }
                }
            }
        }
        if let (Some(record), Some(i)) = (&t.statement, guide.summary.statement)
            && let StepKind::Statement(spec) = &guide.steps[i].kind
        {
            session.audience = spec
                .audiences
                .iter()
                .position(|a| *a == record.audience)
                .unwrap_or(0);
        }
        let current = guide.step_index(&t.current_step).unwrap_or(0);
        session.go_to(current, t.updated);
        session
    }
}

/// Put a transcript's rehearsal takes back into the step, each under its question.
fn restore_takes(state: &mut StepState, spec: &crate::guide::RehearsalSpec, takes: &[TakeRecord]) {
    for (n, take) in takes.iter().enumerate() {
        // Match by the question's words; fall back to its place.
        let q = spec
            .questions
            .iter()
            .position(|q| *q == take.question)
            .unwrap_or(n);
        if let Some(slot) = state.takes.get_mut(q) {
            slot.text = take.answer.clone();
            slot.seconds = take.seconds;
        }
    }
}

/// The takes of a rehearsal as recorded, one per question.
fn take_records(state: &StepState, spec: &crate::guide::RehearsalSpec) -> Vec<TakeRecord> {
    spec.questions
        .iter()
        .zip(&state.takes)
        .map(|(q, t)| TakeRecord {
            question: q.clone(),
            answer: t.text.clone(),
            seconds: t.seconds,
        })
        .collect()
}

fn answer_of(state: &StepState, kind: &StepKind, fallback: Timestamp) -> Answer {
    let written = secs(state.written.unwrap_or(fallback));
    if let Some(at) = state.skipped {
        let draft = (!state.text.trim().is_empty()).then(|| state.text.clone());
        // A skipped rehearsal keeps what was typed and timed to each question.
        let takes = match kind {
            StepKind::Rehearsal(spec)
                if state
                    .takes
                    .iter()
                    .any(|t| !t.text.trim().is_empty() || t.seconds > 0) =>
            {
                take_records(state, spec)
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
        StepKind::Rehearsal(spec)
            if state.is_answered() || state.takes.iter().any(|t| t.seconds > 0) =>
        {
            Answer::Rehearsal {
                takes: take_records(state, spec),
                written,
            }
        }
        StepKind::Rehearsal(_) => Answer::Pending,
        _ if state.text.trim().is_empty() => Answer::Pending,
        _ => Answer::Text {
            text: state.text.clone(),
            written,
        },
    }
}
