//! A paired session's side of the state machine: the client's turns on a conversation step,
//! entries filed by either person, and the soft time box of the step on screen.

use jiff::Timestamp;

use super::Session;
use crate::guide::StepKind;
use crate::pairing::{Entry, Speaker, TURN_BREAK, Visibility, join_turns};

/// Paired sessions: turns, follow-ups and coach-only notes.
impl Session {
    pub fn is_paired(&self) -> bool {
        self.pair.is_some()
    }

    /// Whether step `index` is answered as a conversation: in a paired session, a free-text
    /// step (not the one-line headline). The client's answer is then their turns, joined.
    pub fn is_chat(&self, index: usize) -> bool {
        self.is_paired()
            && matches!(self.guide.steps[index].kind, StepKind::Text)
            && self.guide.summary.headline != Some(index)
    }

    fn filed_turns(&self, index: usize) -> impl Iterator<Item = &str> {
        self.steps[index]
            .conversation
            .iter()
            .filter(|e| e.speaker == Speaker::Client && !e.is_private())
            .map(|e| e.text.as_str())
    }

    /// The client's turn being written on a conversation step: the answer after its filed turns.
    pub fn open_turn(&self, index: usize) -> &str {
        let text = &self.steps[index].text;
        let filed = join_turns(self.filed_turns(index), "");
        if filed.is_empty() {
            return text;
        }
        match text.strip_prefix(filed.as_str()) {
            Some(rest) => rest.strip_prefix(TURN_BREAK).unwrap_or(rest),
            // Not the answer this conversation would give (an edited file): keep every word.
            None => text,
        }
    }

    /// Set the open turn; the answer becomes the filed turns and this one, joined.
    pub fn set_open_turn(&mut self, index: usize, open: &str, now: Timestamp) {
        let text = join_turns(self.filed_turns(index), open);
        self.set_text(index, &text, now);
    }

    /// File the client's open turn as an entry (on handing over). The answer does not change.
    pub fn seal_turn(&mut self, index: usize, now: Timestamp) -> bool {
        if !self.is_chat(index) {
            return false;
        }
        let open = self.open_turn(index).trim_end().to_string();
        if open.trim().is_empty() {
            return false;
        }
        self.steps[index].text = join_turns(self.filed_turns(index), &open);
        self.file(index, Speaker::Client, &open, Visibility::Shared, now);
        true
    }

    /// Add an entry to step `index`'s conversation.
    pub fn file(
        &mut self,
        index: usize,
        speaker: Speaker,
        text: &str,
        visibility: Visibility,
        now: Timestamp,
    ) {
        let question = self.question_here(index);
        self.steps[index].conversation.push(Entry {
            speaker,
            text: text.trim_end().to_string(),
            written: now,
            visibility,
            draft: false,
            question,
        });
        self.updated = now;
    }

    /// The rehearsal question entries on step `index` are written under: the one on screen,
    /// when `index` is the rehearsal on screen.
    pub fn question_here(&self, index: usize) -> Option<u32> {
        (index == self.current
            && matches!(
                self.guide.steps[index].kind,
                crate::guide::StepKind::Rehearsal(_)
            ))
        .then(|| u32::try_from(self.question).unwrap_or(u32::MAX))
    }

    /// Opened on screen at `now`: the step's time box goes on from the time spent on it before
    /// (up to the last save), not counting the time the session was closed.
    pub fn reopen_clock(&mut self, now: Timestamp) {
        let spent = crate::time::secs_between(self.arrived_at, self.updated);
        self.arrived_at = now - jiff::SignedDuration::from_secs(i64::try_from(spent).unwrap_or(0));
    }

    /// Seconds on the step on screen, this sitting.
    pub fn step_secs(&self, now: Timestamp) -> u64 {
        crate::time::secs_between(self.arrived_at, now)
    }

    /// Whether the step on screen has run past its soft time box (a colour, nothing more).
    pub fn over_time_box(&self, now: Timestamp) -> bool {
        self.guide.steps[self.current]
            .facilitator
            .minutes
            .is_some_and(|m| self.step_secs(now) >= u64::from(m) * 60)
    }
}
