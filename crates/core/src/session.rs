//! A session in progress: which guide, where the person is, and what they have answered.
//!
//! This is the one state machine behind both the TUI and plain mode. It knows nothing of
//! terminals or files; time arrives as an argument, so rehearsal timing can be tested with an
//! injected clock. Moving between steps never clears an answer, and skipping records a skip
//! rather than an empty answer.

use std::sync::Arc;

use jiff::Timestamp;

mod record;
pub use record::ResumeError;
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
}

/// One rehearsal answer and the time spent on it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Take {
    pub text: String,
    pub seconds: u32,
}

impl StepState {
    pub fn is_answered(&self) -> bool {
        self.skipped.is_none()
            && (self.value.is_some()
                || !self.selected.is_empty()
                || !self.text.trim().is_empty()
                || self.takes.iter().any(|t| !t.text.trim().is_empty()))
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
    /// How long the session has been open, over every sitting.
    pub clock: Clock,
    /// When the step on screen was reached, for its soft time box.
    pub arrived_at: Timestamp,
    timer: Option<Timer>,
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
        let steps = guide
            .steps
            .iter()
            .map(|s| StepState {
                takes: match &s.kind {
                    StepKind::Rehearsal(r) => vec![Take::default(); r.questions.len()],
                    _ => Vec::new(),
                },
                ..StepState::default()
            })
            .collect();
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
            pair: None,
            clock: Clock::default(),
            arrived_at: now,
            timer: None,
        };
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

    pub fn is_last(&self) -> bool {
        self.current + 1 >= self.steps.len()
    }

    fn question_count(&self) -> usize {
        match self.kind() {
            StepKind::Rehearsal(r) => r.questions.len(),
            _ => 1,
        }
    }

    /// Move forward: to the next rehearsal question, else to the next step. Returns false at
    /// the very end (the caller decides whether that finishes the session).
    pub fn advance(&mut self, now: Timestamp) -> bool {
        if self.question + 1 < self.question_count() {
            self.stop_timer(now);
            self.question += 1;
            self.start_timer(now);
            return true;
        }
        if self.is_last() {
            return false;
        }
        self.stop_timer(now);
        self.current += 1;
        self.question = 0;
        self.arrive(now);
        true
    }

    /// Move back: to the previous rehearsal question, else to the previous step.
    pub fn back(&mut self, now: Timestamp) -> bool {
        if self.question > 0 {
            self.stop_timer(now);
            self.question -= 1;
            self.start_timer(now);
            return true;
        }
        if self.current == 0 {
            return false;
        }
        self.stop_timer(now);
        self.current -= 1;
        self.question = self.question_count() - 1;
        self.arrive(now);
        true
    }

    /// Jump to a step by index (used when resuming).
    pub fn go_to(&mut self, index: usize, now: Timestamp) {
        self.stop_timer(now);
        self.current = index.min(self.steps.len().saturating_sub(1));
        self.question = 0;
        self.arrive(now);
    }

    /// Mark the current step skipped and move to the next step. Anything typed is kept.
    pub fn skip(&mut self, now: Timestamp) -> bool {
        self.steps[self.current].skipped = Some(now);
        self.updated = now;
        self.question = self.question_count() - 1;
        self.advance(now)
    }

    pub fn set_text(&mut self, index: usize, text: &str, now: Timestamp) {
        let state = &mut self.steps[index];
        if state.text != text {
            state.text = text.to_string();
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

    /// The answer to rehearsal question `question` of step `index`.
    pub fn set_take(&mut self, index: usize, question: usize, text: &str, now: Timestamp) {
        let Some(take) = self.steps[index].takes.get_mut(question) else {
            return;
        };
        if take.text != text {
            take.text = text.to_string();
            self.touch(index, now);
        }
    }

    fn touch(&mut self, index: usize, now: Timestamp) {
        let state = &mut self.steps[index];
        state.written = Some(now);
        state.skipped = None;
        self.updated = now;
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
        }
    }

    pub fn finish(&mut self, now: Timestamp) {
        self.stop_timer(now);
        self.finished = Some(now);
        self.updated = now;
    }

    /// Settle on the current step: draft an empty statement, start a rehearsal clock.
    fn arrive(&mut self, now: Timestamp) {
        self.arrived_at = now;
        if let StepKind::Statement(_) = self.kind()
            && self.steps[self.current].text.trim().is_empty()
        {
            self.steps[self.current].text = self.draft_statement(self.current);
        }
        self.start_timer(now);
    }

    fn start_timer(&mut self, now: Timestamp) {
        self.timer = matches!(self.kind(), StepKind::Rehearsal(_)).then_some(Timer {
            step: self.current,
            question: self.question,
            since: now,
        });
    }

    fn stop_timer(&mut self, now: Timestamp) {
        if let Some(t) = self.timer.take()
            && let Some(take) = self.steps[t.step].takes.get_mut(t.question)
        {
            take.seconds = take.seconds.saturating_add(seconds_between(t.since, now));
        }
    }

    /// Bank the time on the question on screen (before a save), and keep the clock running.
    pub fn bank_time(&mut self, now: Timestamp) {
        if self.timer.is_some() {
            self.stop_timer(now);
            self.start_timer(now);
        }
    }

    /// Seconds spent on the rehearsal question on screen, including time not yet banked.
    pub fn elapsed(&self, now: Timestamp) -> u32 {
        let banked = self.steps[self.current]
            .takes
            .get(self.question)
            .map_or(0, |t| t.seconds);
        let running = self
            .timer
            .filter(|t| t.step == self.current && t.question == self.question)
            .map_or(0, |t| seconds_between(t.since, now));
        banked.saturating_add(running)
    }

    /// The statement template with each `{step}` replaced by the first sentence of that answer.
    pub fn draft_statement(&self, index: usize) -> String {
        let StepKind::Statement(spec) = &self.guide.steps[index].kind else {
            return String::new();
        };
        crate::guide::fill(&spec.template, |name| {
            self.guide
                .step_index(name)
                .and_then(|i| self.answer_text(i))
                .map(|t| first_sentence(&t))
                .unwrap_or_else(|| format!("[{name}]"))
        })
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
            StepKind::Rehearsal(_) => state
                .takes
                .iter()
                .find(|t| !t.text.trim().is_empty())?
                .text
                .clone(),
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

    pub fn answered_count(&self) -> usize {
        self.steps.iter().filter(|s| s.is_answered()).count()
    }
}

fn seconds_between(a: Timestamp, b: Timestamp) -> u32 {
    u32::try_from(crate::time::secs_between(a, b)).unwrap_or(u32::MAX)
}

/// The first sentence (or first line) of an answer, without its closing full stop, so it can
/// sit inside a template sentence.
pub fn first_sentence(text: &str) -> String {
    let line = text
        .trim()
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let end = line
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && line[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(line.len(), |(i, _)| i);
    line[..end].trim().to_string()
}
