//! The paired side of the session screen: who is typing, the coach's follow-up composer on
//! each step, the coach-only note being written, and hold-to-peek.
//!
//! Handing over (F2) files what the speaker wrote and gives the keys to the other person.
//! A coach-only note lives in its own editor that the shared screen never draws (only its
//! length), except while the coach holds the peek key.

use super::step::layout::Room;
use jiff::Timestamp;

use super::{Effect, SessionScreen};
use crate::editor::Editor;
use crate::pairing::{Speaker, Visibility};
use crate::session::Session;

/// Where typing goes on the session screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The client's answer (the only target in a solo session).
    Answer,
    /// The coach's follow-up or observation, filed on handing over.
    Coach,
    /// A coach-only note, filed with Ctrl-O.
    Note,
    /// On a scale or choice step: the client's reply to the coach's follow-up (the answer
    /// itself is picked), filed on handing back.
    Reply,
}

#[derive(Debug, Default)]
pub struct Talk {
    pub speaker: Speaker,
    /// The coach's composer, one per step, so moving between steps keeps what was typed.
    pub coach: Vec<Editor>,
    /// A coach-only note being written on the step on screen.
    pub note: Option<Editor>,
    /// The client's reply being written on a scale or choice step, once the coach has asked
    /// a follow-up there.
    pub reply: Option<Editor>,
}

impl Talk {
    pub fn new(session: &Session) -> Talk {
        Talk {
            speaker: Speaker::Client,
            coach: session
                .steps
                .iter()
                .map(|s| Editor::new(&s.coach_draft))
                .collect(),
            note: None,
            // A reply left half-written on the step the session opens on is taken up again.
            reply: session
                .steps
                .get(session.current)
                .map(|s| s.reply_draft.as_str())
                .filter(|r| !r.trim().is_empty())
                .map(Editor::new),
        }
    }

    /// Copy a composer's text into the session's drafts; true if it changed.
    pub(super) fn commit(&mut self, session: &mut Session, target: Target) -> bool {
        let i = session.current;
        let (editor, draft) = match (target, &self.note, &self.reply) {
            (Target::Note, Some(note), _) => (note, &mut session.steps[i].note_draft),
            (Target::Reply, _, Some(reply)) => (reply, &mut session.steps[i].reply_draft),
            (Target::Coach, _, _) => (&self.coach[i], &mut session.steps[i].coach_draft),
            _ => return false,
        };
        let text = editor.text();
        if *draft == text {
            return false;
        }
        *draft = text;
        true
    }

    /// Characters in the note being written, the only thing the shared screen says about it.
    pub fn note_len(&self) -> usize {
        self.note.as_ref().map_or(0, |n| n.text().chars().count())
    }
}

impl SessionScreen {
    /// Hand over: file what the current speaker wrote on this step, switch speaker, and save.
    pub(super) fn switch_speaker(&mut self, now: Timestamp, size: Room) -> Vec<Effect> {
        if !self.session.is_paired() {
            return Vec::new();
        }
        self.commit(now);
        let i = self.session.current;
        match self.talk.speaker {
            Speaker::Client => {
                if self.session.seal_turn(i, now) {
                    self.reset_answer_editor(i);
                }
                self.file_reply(now);
            }
            Speaker::Coach => {
                let text = std::mem::take(&mut self.session.steps[i].coach_draft);
                if !text.trim().is_empty() {
                    self.session
                        .file(i, Speaker::Coach, &text, Visibility::Shared, now);
                    // On a picked answer the client's keys now write a reply to it.
                    if !self.session.kind().takes_text() {
                        self.talk.reply = Some(Editor::new(&self.session.steps[i].reply_draft));
                    }
                }
                self.talk.coach[i] = Editor::default();
            }
        }
        self.talk.speaker = self.talk.speaker.other();
        self.save.changed(now);
        self.fit_viewport(size);
        // Saved at once, so the coach's console shows the turn as it is handed over.
        self.force_save(now)
    }

    /// File the client's reply on a picked answer as their turn (on handing back, or on
    /// leaving the step: a reply is never left behind unsaved), and give the keys back to
    /// the picker.
    pub(super) fn file_reply(&mut self, now: Timestamp) {
        if self.talk.reply.is_none() {
            return;
        }
        let i = self.session.current;
        self.talk.commit(&mut self.session, Target::Reply);
        self.talk.reply = None;
        let text = std::mem::take(&mut self.session.steps[i].reply_draft);
        if !text.trim().is_empty() {
            self.session
                .file(i, Speaker::Client, &text, Visibility::Shared, now);
            self.save.changed(now);
        }
    }

    /// On a rehearsal step, the coach playing the panel: what they wrote becomes one more
    /// question, put to the client at once (the keys go to them, its clock at zero).
    pub(super) fn ask_question(&mut self, now: Timestamp, size: Room) -> Vec<Effect> {
        if self.target() != Target::Coach
            || !matches!(self.session.kind(), crate::guide::StepKind::Rehearsal(_))
        {
            return Vec::new();
        }
        self.commit(now);
        let i = self.session.current;
        let ask = self.session.steps[i].coach_draft.clone();
        if !self.session.add_question(i, &ask, now) {
            return Vec::new();
        }
        self.session.steps[i].coach_draft.clear();
        self.talk.coach[i] = Editor::default();
        self.talk.speaker = Speaker::Client;
        self.pull_draft();
        self.save.changed(now);
        self.fit_viewport(size);
        self.force_save(now)
    }

    /// Open a coach-only note on this step (with any note left unfiled there before).
    pub(super) fn open_note(&mut self, size: Room) -> Vec<Effect> {
        if !self.session.is_paired() || self.talk.note.is_some() {
            return Vec::new();
        }
        let i = self.session.current;
        self.talk.note = Some(Editor::new(&self.session.steps[i].note_draft));
        self.fit_viewport(size);
        Vec::new()
    }

    /// File the coach-only note and save at once: it is the coach's only copy.
    pub(super) fn file_note(&mut self, now: Timestamp, size: Room) -> Vec<Effect> {
        if self.talk.note.is_none() {
            return Vec::new();
        }
        self.commit(now);
        let i = self.session.current;
        let text = std::mem::take(&mut self.session.steps[i].note_draft);
        self.talk.note = None;
        self.fit_viewport(size);
        if text.trim().is_empty() {
            return Vec::new();
        }
        self.session
            .file(i, Speaker::Coach, &text, Visibility::CoachOnly, now);
        self.save.changed(now);
        self.force_save(now)
    }

    /// Whether the note being written has any words (so cancelling it should ask first).
    pub fn note_has_text(&self) -> bool {
        self.talk
            .note
            .as_ref()
            .is_some_and(|n| !n.text().trim().is_empty())
    }

    /// Throw the note being written away (after asking, when it had words).
    pub fn discard_note(&mut self, now: Timestamp, size: Room) {
        let i = self.session.current;
        self.talk.note = None;
        if !std::mem::take(&mut self.session.steps[i].note_draft).is_empty() {
            self.save.changed(now);
        }
        self.fit_viewport(size);
    }
}
