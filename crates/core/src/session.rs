//! A session in progress: which guide, where the person is, and what they have answered.
//!
//! This is the one state machine behind both the TUI and plain mode. It knows nothing of
//! terminals or files; time arrives as an argument, so rehearsal timing can be tested with an
//! injected clock. Moving between steps never clears an answer, and skipping records a skip
//! rather than an empty answer.

use std::sync::Arc;

use jiff::Timestamp;

pub mod compose;
mod draft;
mod flow;
mod record;
mod rehearse;
pub use record::ResumeError;
pub use rehearse::{TakeTime, rehearsal_line};
mod turns;

use crate::guide::{Guide, StepKind, Wording};
use crate::pairing::{Clock, Entry, Pairing};

/// What the person has given for one step. Which fields matter depends on the step's kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepState {
    /// Typed text for Text, List and Statement steps (kept even when the step is skipped).
    pub text: String,
    /// A Scale step's value.
    pub value: Option<u8>,
    /// A Choice step's chosen option indices, in option order.
    pub selected: Vec<usize>,
    /// A Rehearsal step's answers, one per question.
    pub takes: Vec<Take>,
    pub skipped: Option<Timestamp>,
    /// When the answer last changed.
    pub written: Option<Timestamp>,
    /// In a paired session: what was said and noted on this step, in order (filed entries).
    pub conversation: Vec<Entry>,
    /// The coach's follow-up being written, not yet filed.
    pub coach_draft: String,
    /// The coach-only note being written, not yet filed.
    pub note_draft: String,
    /// On a scale or choice step of a paired session: the client's reply to a follow-up,
    /// being written (the answer itself is picked, so it has no text of its own).
    pub reply_draft: String,
    /// On a rehearsal step: questions the coach added on the fly, after the guide's.
    pub added: Vec<String>,
    /// Its answer was removed when the session ended (only the summary was kept, as the
    /// client agreed): said so again on every later save.
    pub not_kept: bool,
    /// The title and prompt an answer read from a transcript was given against, kept as the
    /// record even when the guide's wording has changed since.
    pub asked: Option<(String, String)>,
    /// A Statement step: the draft composed from earlier answers that `text` started from.
    pub draft: Option<String>,
    /// A Statement step: the person kept or edited the draft, so `text` is their answer. An
    /// untouched draft is only an offer, and is composed again when its sources change.
    pub own: bool,
    /// A Rehearsal step: takes of questions not asked of the audience now chosen, kept so a
    /// change of audience loses none of them.
    pub set_aside: Vec<Take>,
}

/// One rehearsal answer and the time spent on it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Take {
    /// The question as asked.
    pub question: String,
    pub text: String,
    pub seconds: u32,
    /// The person passed on the question (their words, if any, are kept).
    pub skipped: bool,
    /// Earlier takes of this question, oldest first.
    pub earlier: Vec<crate::transcript::EarlierTake>,
}

impl Take {
    pub fn is_answered(&self) -> bool {
        !self.skipped && !self.text.trim().is_empty()
    }

    /// Whether there is anything in it worth keeping in the record.
    pub fn has_content(&self) -> bool {
        !self.text.trim().is_empty() || self.seconds > 0 || self.skipped || !self.earlier.is_empty()
    }
}

impl StepState {
    pub fn is_answered(&self) -> bool {
        self.skipped.is_none()
            && (self.value.is_some()
                || !self.selected.is_empty()
                || (!self.text.trim().is_empty() && (self.draft.is_none() || self.own))
                || self.takes.iter().any(Take::is_answered))
    }

    /// The non-empty lines of a List answer.
    pub fn items(&self) -> Vec<&str> {
        self.text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// A rehearsal question on screen since `since`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Timer {
    step: usize,
    question: usize,
    since: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: String,
    pub guide: Arc<Guide>,
    /// The mode chosen at the start, for guides that have modes.
    pub mode: Option<String>,
    pub steps: Vec<StepState>,
    pub current: usize,
    /// The question on screen, on a Rehearsal step.
    pub question: usize,
    pub started: Timestamp,
    pub updated: Timestamp,
    pub finished: Option<Timestamp>,
    /// The chosen audience of the statement, an index into that step's audiences.
    pub audience: usize,
    /// Steps from the transcript that the guide no longer has, kept so they are saved again.
    pub extra: Vec<crate::transcript::StepRecord>,
    /// Carried through unchanged from the transcript (set from the library).
    pub tags: Vec<String>,
    pub revisit_due: Option<Timestamp>,
    pub revisits: Vec<crate::transcript::Revisit>,
    /// The coach and client, in a paired session.
    pub pair: Option<Pairing>,
    /// The client's next steps from earlier sessions, reviewed at the start of this one.
    pub reviewed: Vec<crate::transcript::Review>,
    /// Shown in the presentation layout (F6): kept so a resume opens the same way.
    pub presentation: bool,
    /// The session this one went on from, when that one changed elsewhere while open here.
    pub diverged_from: Option<String>,
    /// How long the session has been open, over every sitting.
    pub clock: Clock,
    /// When the step on screen was reached, for its soft time box.
    pub arrived_at: Timestamp,
    timer: Option<Timer>,
    /// The step just answered whose offered perspective shows on the step now on screen.
    offered: Option<usize>,
    /// The statement step on screen, when the answers its kept draft came from have changed
    /// since: worked out on arrival (and when another answer changes), not on every frame.
    stale_draft: Option<usize>,
}

/// The change between check-in and check-out, both on the guide's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub before: u8,
    pub after: u8,
}

impl Shift {
    /// Positive when the setback weighs less (the scale runs from burden to leverage).
    pub fn delta(&self) -> i16 {
        i16::from(self.after) - i16::from(self.before)
    }
}

impl Session {
    pub fn new(id: String, guide: Arc<Guide>, now: Timestamp) -> Self {
        let steps = guide.steps.iter().map(|_| StepState::default()).collect();
        let mut session = Session {
            id,
            guide,
            mode: None,
            steps,
            current: 0,
            question: 0,
            started: now,
            updated: now,
            finished: None,
            audience: 0,
            extra: Vec::new(),
            tags: Vec::new(),
            revisit_due: None,
            revisits: Vec::new(),
            reviewed: Vec::new(),
            presentation: false,
            diverged_from: None,
            pair: None,
            clock: Clock::default(),
            arrived_at: now,
            timer: None,
            offered: None,
            stale_draft: None,
        };
        session.align_takes();
        session.clock.start(now);
        session.arrive(now);
        session
    }

    /// Choose the mode (for guides that have modes); unknown ids are ignored.
    pub fn set_mode(&mut self, mode: &str) {
        if self.guide.mode(mode).is_some() {
            self.mode = Some(mode.to_string());
        }
    }

    /// The words of step `index` in this session's mode.
    pub fn wording(&self, index: usize) -> Wording {
        self.guide.steps[index].wording(self.mode.as_deref())
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    pub fn kind(&self) -> &StepKind {
        &self.guide.steps[self.current].kind
    }

    pub fn set_text(&mut self, index: usize, text: &str, now: Timestamp) {
        let state = &mut self.steps[index];
        if state.text != text {
            state.text = text.to_string();
            // An edit makes a drafted statement the person's own.
            if state.draft.is_some() {
                state.own = true;
            }
            self.touch(index, now);
        }
    }

    pub fn set_value(&mut self, index: usize, value: i64, now: Timestamp) {
        let StepKind::Scale(scale) = &self.guide.steps[index].kind else {
            return;
        };
        let value = scale.clamp(value);
        if self.steps[index].value != Some(value) || self.steps[index].skipped.is_some() {
            self.steps[index].value = Some(value);
            self.touch(index, now);
        }
    }

    /// Choose option `option` of a Choice step: the only one, or toggled among several.
    pub fn toggle_choice(&mut self, index: usize, option: usize, now: Timestamp) {
        let StepKind::Choice(spec) = &self.guide.steps[index].kind else {
            return;
        };
        if option >= spec.options.len() {
            return;
        }
        let multiple = spec.multiple;
        let selected = &mut self.steps[index].selected;
        if !multiple {
            *selected = vec![option];
        } else if let Some(at) = selected.iter().position(|&o| o == option) {
            selected.remove(at);
        } else {
            selected.push(option);
            selected.sort_unstable();
        }
        self.touch(index, now);
    }

    /// Set a Choice step's whole selection (option indices; out-of-range ones are dropped).
    pub fn set_choices(&mut self, index: usize, options: &[usize], now: Timestamp) {
        let StepKind::Choice(spec) = &self.guide.steps[index].kind else {
            return;
        };
        let mut chosen: Vec<usize> = options
            .iter()
            .copied()
            .filter(|&o| o < spec.options.len())
            .collect();
        chosen.sort_unstable();
        chosen.dedup();
        if !spec.multiple {
            chosen.truncate(1);
        }
        self.steps[index].selected = chosen;
        self.touch(index, now);
    }

    pub(crate) fn touch(&mut self, index: usize, now: Timestamp) {
        let state = &mut self.steps[index];
        state.written = Some(now);
        state.skipped = None;
        self.updated = now;
        if index != self.current {
            self.note_stale_draft();
        }
    }

    pub fn set_audience(&mut self, audience: usize, now: Timestamp) {
        if let Some(StepKind::Statement(spec)) = self
            .guide
            .summary
            .statement
            .map(|i| &self.guide.steps[i].kind)
        {
            self.audience = audience % spec.audiences.len().max(1);
            self.updated = now;
            self.align_takes();
            self.refresh_draft(self.guide.summary.statement.unwrap_or(0));
        }
    }

    pub fn finish(&mut self, now: Timestamp) {
        self.stop_timer(now);
        // The session's clock stops with it: a console reading the file shows how long it took.
        self.clock.pause(now);
        self.finished = Some(now);
        self.updated = now;
    }

    /// Settle on the current step: offer a fresh draft of a statement not yet the person's own.
    fn arrive(&mut self, now: Timestamp) {
        self.arrived_at = now;
        self.refresh_draft(self.current);
    }

    /// An answer as words, whatever its kind, for templates and summaries.
    pub fn answer_text(&self, index: usize) -> Option<String> {
        let state = &self.steps[index];
        if !state.is_answered() {
            return None;
        }
        Some(match &self.guide.steps[index].kind {
            StepKind::Scale(_) => state.value?.to_string(),
            StepKind::Choice(spec) => {
                let names: Vec<&str> = state
                    .selected
                    .iter()
                    .filter_map(|&o| spec.options.get(o))
                    .map(String::as_str)
                    .collect();
                names.join(", ")
            }
            StepKind::List => state.items().join("; "),
            StepKind::Rehearsal(_) => state.takes.iter().find(|t| t.is_answered())?.text.clone(),
            StepKind::Text | StepKind::Statement(_) => state.text.trim().to_string(),
        })
    }

    /// The setback's one-line headline, once written.
    pub fn headline(&self) -> Option<&str> {
        let i = self.guide.headline_step()?;
        let text = self.steps[i].text.trim();
        let text = text.lines().next().unwrap_or("").trim();
        (!text.is_empty() && self.steps[i].skipped.is_none()).then_some(text)
    }

    fn value_of(&self, index: Option<usize>) -> Option<u8> {
        let state = &self.steps[index?];
        state.skipped.is_none().then_some(state.value).flatten()
    }

    pub fn check_in(&self) -> Option<u8> {
        self.value_of(self.guide.summary.check_in)
    }

    pub fn check_out(&self) -> Option<u8> {
        self.value_of(self.guide.summary.check_out)
    }

    pub fn shift(&self) -> Option<Shift> {
        Some(Shift {
            before: self.check_in()?,
            after: self.check_out()?,
        })
    }

    /// The person's statement: only once they kept or edited the draft.
    pub fn statement(&self) -> Option<&str> {
        let state = &self.steps[self.guide.summary.statement?];
        state.is_answered().then_some(state.text.trim())
    }

    pub fn audience_label(&self) -> Option<&str> {
        let StepKind::Statement(spec) = &self.guide.steps[self.guide.summary.statement?].kind
        else {
            return None;
        };
        spec.audiences.get(self.audience).map(String::as_str)
    }

    pub fn next_step(&self) -> Option<String> {
        self.answer_text(self.guide.summary.next_step?)
    }

    /// What was agreed to do next, when the guide asks for actions: each line of its step,
    /// read against the day it was written (so a "by Thursday" keeps meaning that Thursday).
    pub fn actions(&self) -> Vec<crate::transcript::Action> {
        let Some(i) = self.guide.summary.actions else {
            return Vec::new();
        };
        let state = &self.steps[i];
        if !state.is_answered() {
            return Vec::new();
        }
        let on = state.written.unwrap_or(self.started);
        let today = crate::time::local_zone().to_datetime(on).date();
        crate::actions::read_all(&state.text, today)
    }

    /// What the person said they wanted from the session, when the guide asks.
    pub fn goal(&self) -> Option<String> {
        self.answer_text(self.guide.summary.goal?)
    }

    pub fn answered_count(&self) -> usize {
        self.steps.iter().filter(|s| s.is_answered()).count()
    }

    /// Whether the step on screen is the last one that runs.
    pub fn is_last(&self) -> bool {
        self.next_active(self.current).is_none()
    }
}

fn seconds_between(a: Timestamp, b: Timestamp) -> u32 {
    u32::try_from(crate::time::secs_between(a, b)).unwrap_or(u32::MAX)
}

/// The first sentence (or first line) of an answer, without its closing mark: sentences are
/// found as the statement composer finds them.
pub fn first_sentence(text: &str) -> String {
    compose::sentences(text)
        .first()
        .map_or("", |s| s.trim_end_matches(['.', '!', '?']).trim_end())
        .to_string()
}
