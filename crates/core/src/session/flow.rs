//! Moving through a session: forward and back over the steps that run, rehearsal questions one
//! at a time, skipping, and the parts a guide is divided into.
//!
//! A step with a condition runs only while its condition holds on the answers given so far, so
//! the way forward follows the person: a care step after a very low check-in, deep work on the
//! leverage points they chose. A step passed over keeps whatever it holds.

use jiff::Timestamp;

use super::Session;
use crate::guide::{StepKind, Test};

impl Session {
    /// Whether step `i` runs, given the answers so far.
    pub fn is_active(&self, i: usize) -> bool {
        let Some(when) = &self.guide.steps[i].when else {
            return true;
        };
        let value = |j: usize| {
            let s = &self.steps[j];
            s.skipped.is_none().then_some(s.value).flatten()
        };
        match when.test {
            Test::Includes(option) => {
                let s = &self.steps[when.step];
                s.skipped.is_some() || s.selected.is_empty() || s.selected.contains(&option)
            }
            Test::AtMost(n) => value(when.step).is_some_and(|v| v <= n),
            Test::AtLeast(n) => value(when.step).is_some_and(|v| v >= n),
            Test::Below(other) => {
                matches!((value(when.step), value(other)), (Some(a), Some(b)) if a < b)
            }
        }
    }

    /// The next step after `i` that runs.
    pub fn next_active(&self, i: usize) -> Option<usize> {
        (i + 1..self.steps.len()).find(|&j| self.is_active(j))
    }

    fn prev_active(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| self.is_active(j))
    }

    /// The perspective offered on the answer just given, shown on the step that follows it.
    pub fn offer_on_screen(&self) -> Option<&str> {
        let i = self.offered?;
        (self.question == 0 && self.steps[i].is_answered())
            .then(|| self.guide.steps[i].offer.as_deref())
            .flatten()
    }

    /// The step on screen's place among the steps that run, and how many run: (1-based, of).
    pub fn progress(&self) -> (usize, usize) {
        let counted = |j: &usize| self.is_active(*j) || *j == self.current;
        let at = (0..self.current).filter(counted).count() + 1;
        (at, (0..self.steps.len()).filter(counted).count())
    }

    /// The part the step on screen opens, when it opens one after the first step: the place
    /// where the session offers a pause. A part whose first step did not run opens at its
    /// first step that does. (title, 1-based number, how many parts)
    pub fn part_opening(&self) -> Option<(&str, usize, usize)> {
        let steps = &self.guide.steps;
        if self.question > 0 {
            return None;
        }
        let start = (0..=self.current)
            .rev()
            .find(|&j| steps[j].part.is_some())?;
        if start == 0 || (start..self.current).any(|j| self.is_active(j)) {
            return None;
        }
        // Only the first part can open at step 0; any other needs a step before it that ran.
        self.prev_active(start)?;
        let title = steps[start].part.as_deref()?;
        let parts = steps.iter().filter(|s| s.part.is_some()).count();
        let number = steps[..=start].iter().filter(|s| s.part.is_some()).count();
        Some((title, number, parts))
    }

    /// At the first step of a part (after the first), what the TUI and plain mode both say:
    /// which part, and that this is a natural place to pause.
    pub fn part_banner(&self) -> Option<String> {
        let (title, n, of) = self.part_opening()?;
        Some(format!(
            "Part {n} of {of}: {}. A natural place to pause: leaving now keeps everything, and resuming picks it up here.",
            crate::text::sanitize(title)
        ))
    }

    /// How many questions the step on screen asks (1 unless it is a rehearsal).
    pub(super) fn question_count(&self) -> usize {
        match self.kind() {
            StepKind::Rehearsal(_) => self.steps[self.current].takes.len().max(1),
            _ => 1,
        }
    }

    /// Move forward: to the next rehearsal question, else to the next step that runs. Returns
    /// false at the very end (the caller decides whether that finishes the session).
    pub fn advance(&mut self, now: Timestamp) -> bool {
        if self.question + 1 < self.question_count() {
            self.stop_timer(now);
            self.question += 1;
            return true;
        }
        let Some(next) = self.next_active(self.current) else {
            return false;
        };
        self.stop_timer(now);
        let answered = self.steps[self.current].is_answered();
        self.offered =
            (answered && self.guide.steps[self.current].offer.is_some()).then_some(self.current);
        self.current = next;
        self.question = 0;
        self.arrive(now);
        true
    }

    /// Move back: to the previous rehearsal question, else to the previous step that runs.
    pub fn back(&mut self, now: Timestamp) -> bool {
        if self.question > 0 {
            self.stop_timer(now);
            self.question -= 1;
            return true;
        }
        let Some(prev) = self.prev_active(self.current) else {
            return false;
        };
        self.stop_timer(now);
        self.offered = None;
        self.current = prev;
        self.question = self.question_count() - 1;
        self.arrive(now);
        true
    }

    /// Jump to a step by index (used when resuming).
    pub fn go_to(&mut self, index: usize, now: Timestamp) {
        self.stop_timer(now);
        self.offered = None;
        self.current = index.min(self.steps.len().saturating_sub(1));
        self.question = 0;
        self.arrive(now);
    }

    /// Pass on what is on screen and move on. Anything typed is kept. On a rehearsal this
    /// passes on the question alone; the step counts as skipped only when every question was
    /// passed over and none answered.
    pub fn skip(&mut self, now: Timestamp) -> bool {
        let i = self.current;
        self.updated = now;
        if matches!(self.kind(), StepKind::Rehearsal(_)) {
            self.stop_timer(now);
            if let Some(take) = self.steps[i].takes.get_mut(self.question) {
                take.skipped = true;
            }
            let state = &mut self.steps[i];
            if state.takes.iter().all(|t| t.skipped) {
                state.skipped = Some(now);
            }
            state.written = Some(now);
            return self.advance(now);
        }
        self.steps[i].skipped = Some(now);
        self.question = self.question_count() - 1;
        self.advance(now)
    }
}
