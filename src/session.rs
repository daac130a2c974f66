//! A session in progress: which guide, where the person is, and what they have answered.
//!
//! This is the one state machine behind both the TUI and plain mode. It knows nothing of
//! terminals or files; time arrives as an argument. Moving between steps never clears an
//! answer, and skipping records a skip rather than an empty answer.

use std::sync::Arc;

use jiff::Timestamp;

use crate::guide::{Guide, StepKind, placeholders};

/// What the person has given for one step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepState {
    /// Typed text (kept even when the step is skipped, so nothing typed is ever dropped).
    pub text: String,
    pub value: Option<u8>,
    pub skipped: Option<Timestamp>,
    /// When the answer last changed.
    pub written: Option<Timestamp>,
}

impl StepState {
    pub fn is_answered(&self) -> bool {
        self.skipped.is_none() && (self.value.is_some() || !self.text.trim().is_empty())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: String,
    pub guide: Arc<Guide>,
    pub steps: Vec<StepState>,
    pub current: usize,
    pub started: Timestamp,
    pub updated: Timestamp,
    pub finished: Option<Timestamp>,
    /// The chosen audience of the statement, an index into that step's audiences.
    pub audience: usize,
    /// Steps from the transcript that the guide no longer has, kept so they are saved again.
    pub extra: Vec<crate::transcript::StepRecord>,
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
        let steps = vec![StepState::default(); guide.steps.len()];
        Session {
            id,
            guide,
            steps,
            current: 0,
            started: now,
            updated: now,
            finished: None,
            audience: 0,
            extra: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    pub fn is_last(&self) -> bool {
        self.current + 1 >= self.steps.len()
    }

    pub fn current_state(&self) -> &StepState {
        &self.steps[self.current]
    }

    /// Move forward; returns false at the last step (the caller decides whether that finishes).
    pub fn advance(&mut self) -> bool {
        if self.is_last() {
            return false;
        }
        self.current += 1;
        self.prepare_current();
        true
    }

    pub fn back(&mut self) -> bool {
        if self.current == 0 {
            return false;
        }
        self.current -= 1;
        true
    }

    /// Jump to a step by index (used when resuming).
    pub fn go_to(&mut self, index: usize) {
        self.current = index.min(self.steps.len().saturating_sub(1));
        self.prepare_current();
    }

    /// Mark the current step skipped and move on. Text already typed is kept.
    pub fn skip(&mut self, now: Timestamp) -> bool {
        self.steps[self.current].skipped = Some(now);
        self.updated = now;
        self.advance()
    }

    pub fn set_text(&mut self, index: usize, text: &str, now: Timestamp) {
        let state = &mut self.steps[index];
        if state.text != text {
            state.text = text.to_string();
            state.written = Some(now);
            state.skipped = None;
            self.updated = now;
        }
    }

    pub fn set_value(&mut self, index: usize, value: i64, now: Timestamp) {
        let StepKind::Scale(scale) = &self.guide.steps[index].kind else {
            return;
        };
        let value = scale.clamp(value);
        let state = &mut self.steps[index];
        if state.value != Some(value) || state.skipped.is_some() {
            state.value = Some(value);
            state.written = Some(now);
            state.skipped = None;
            self.updated = now;
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
        }
    }

    pub fn finish(&mut self, now: Timestamp) {
        self.finished = Some(now);
        self.updated = now;
    }

    /// On arriving at a statement step with nothing written yet, draft it from the answers.
    fn prepare_current(&mut self) {
        if let StepKind::Statement(_) = self.guide.steps[self.current].kind
            && self.steps[self.current].text.trim().is_empty()
        {
            self.steps[self.current].text = self.draft_statement(self.current);
        }
    }

    /// The statement template with each `{step}` replaced by the first sentence of that answer.
    pub fn draft_statement(&self, index: usize) -> String {
        let StepKind::Statement(spec) = &self.guide.steps[index].kind else {
            return String::new();
        };
        let mut out = spec.template.clone();
        for name in placeholders(&spec.template) {
            let answer = self
                .guide
                .step_index(name)
                .map(|i| &self.steps[i])
                .filter(|s| s.is_answered())
                .map(|s| first_sentence(&s.text))
                .unwrap_or_else(|| format!("[{name}]"));
            out = out.replace(&format!("{{{name}}}"), &answer);
        }
        out
    }

    /// The setback's one-line headline, once written.
    pub fn headline(&self) -> Option<&str> {
        let i = self.guide.headline_step()?;
        let text = self.steps[i].text.trim();
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

    fn text_of(&self, index: Option<usize>) -> Option<&str> {
        let state = &self.steps[index?];
        state.is_answered().then_some(state.text.trim())
    }

    pub fn statement(&self) -> Option<&str> {
        self.text_of(self.guide.summary.statement)
    }

    pub fn audience_label(&self) -> Option<&str> {
        let StepKind::Statement(spec) = &self.guide.steps[self.guide.summary.statement?].kind
        else {
            return None;
        };
        spec.audiences.get(self.audience).map(String::as_str)
    }

    pub fn next_step(&self) -> Option<&str> {
        self.text_of(self.guide.summary.next_step)
    }

    pub fn answered_count(&self) -> usize {
        self.steps.iter().filter(|s| s.is_answered()).count()
    }
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
