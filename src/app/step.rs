//! The session screen's state and behaviour: one step at a time, an editor per step, and the
//! bookkeeping that makes autosave safe.
//!
//! Every change bumps an edit generation; a save carries the generation it captured, so a
//! save that lands after further typing never marks that typing as saved.

use jiff::Timestamp;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub mod layout;

use layout::Room;

use super::{AUTOSAVE_AFTER, Effect, RETRY_AFTER, SummaryScreen};
use crate::editor::Editor;
use crate::guide::StepKind;
use crate::keymap::Action;
use crate::pairing::Speaker;
use crate::session::Session;

pub use super::talk::{Talk, Target};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SaveState {
    /// Bumped on every change to the session.
    pub generation: u64,
    /// The newest generation known to be on disk.
    pub saved_generation: u64,
    /// When the oldest unsaved change was made.
    pub dirty_since: Option<Timestamp>,
    pub saved_at: Option<Timestamp>,
    pub error: Option<String>,
    pub retry_at: Option<Timestamp>,
}

impl SaveState {
    pub fn is_dirty(&self) -> bool {
        self.generation != self.saved_generation
    }

    pub(super) fn changed(&mut self, now: Timestamp) {
        self.generation += 1;
        self.dirty_since.get_or_insert(now);
    }

    /// When an autosave or a retry is due.
    pub fn deadline(&self) -> Option<Timestamp> {
        if !self.is_dirty() {
            return None;
        }
        if self.error.is_some() {
            return self.retry_at;
        }
        self.dirty_since
            .and_then(|t| t.checked_add(AUTOSAVE_AFTER).ok())
    }
}

#[derive(Debug)]
pub struct SessionScreen {
    pub session: Session,
    /// One editor per step, or per question on a rehearsal step, so each keeps its own cursor
    /// and undo history.
    editors: Vec<Vec<Editor>>,
    /// The editor revision last copied into the session, alongside `editors`.
    synced: Vec<Vec<u64>>,
    pub show_example: bool,
    pub save: SaveState,
    /// Where the transcript is written, for the summary.
    pub location: String,
    /// Digits typed so far on a scale step ("1" then "0" makes 10).
    digits: String,
    /// The highlighted option on a choice step.
    pub choice_cursor: usize,
    /// The editor's size on screen (width, height), from the last layout.
    viewport: (usize, usize),
    /// Paired sessions: who is typing, the coach's composers, a coach-only note.
    pub talk: Talk,
}

/// Whether a key is plain text for the editor (no Ctrl or Alt, except AltGr's Ctrl+Alt).
pub fn is_text_key(key: &KeyEvent) -> bool {
    let KeyCode::Char(_) = key.code else {
        return false;
    };
    let ctrl_alt = KeyModifiers::CONTROL | KeyModifiers::ALT;
    let m = key.modifiers & ctrl_alt;
    m.is_empty() || m == ctrl_alt
}

/// Apply an editing action to `ed` laid out `w` wide and `h` high; false if it is not one.
pub fn edit_action(ed: &mut Editor, action: Action, w: usize, h: usize) -> bool {
    match action {
        Action::CursorLeft => ed.left(),
        Action::CursorRight => ed.right(),
        Action::WordLeft => ed.word_left(),
        Action::WordRight => ed.word_right(),
        Action::CursorUp => ed.vertical(-1, w),
        Action::CursorDown => ed.vertical(1, w),
        Action::PageUp => ed.vertical(-(h.max(2) as isize - 1), w),
        Action::PageDown => ed.vertical(h.max(2) as isize - 1, w),
        Action::LineStart => ed.line_start(w),
        Action::LineEnd => ed.line_end(w),
        Action::TextStart => ed.text_start(),
        Action::TextEnd => ed.text_end(),
        Action::NewLine => ed.new_line(),
        Action::DeleteBack => ed.delete_back(),
        Action::DeleteForward => ed.delete_forward(),
        Action::DeleteWordBack => ed.delete_word_back(),
        Action::Undo => ed.undo(),
        Action::Redo => ed.redo(),
        _ => return false,
    }
    true
}

impl SessionScreen {
    pub fn new(session: Session, location: String) -> Self {
        let editors: Vec<Vec<Editor>> = session
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if matches!(session.guide.steps[i].kind, StepKind::Rehearsal(_)) {
                    s.takes.iter().map(|t| Editor::new(&t.text)).collect()
                } else {
                    vec![Editor::new(session.open_turn(i))]
                }
            })
            .collect();
        let synced = editors
            .iter()
            .map(|v| v.iter().map(Editor::revision).collect())
            .collect();
        let talk = Talk::new(&session);
        let mut screen = SessionScreen {
            session,
            editors,
            synced,
            show_example: false,
            save: SaveState::default(),
            location,
            digits: String::new(),
            choice_cursor: 0,
            viewport: (40, 5),
            talk,
        };
        screen.pull_draft();
        screen
    }

    pub fn current_kind(&self) -> &StepKind {
        self.session.kind()
    }

    /// Whether the keys go to the client's answer (not a coach's composer or note).
    pub fn answering(&self) -> bool {
        self.target() == Target::Answer
    }

    /// Where typing goes: the answer, the coach's follow-up, or a coach-only note.
    pub fn target(&self) -> Target {
        if self.talk.note.is_some() {
            Target::Note
        } else if self.talk.speaker == Speaker::Coach && self.session.is_paired() {
            Target::Coach
        } else if self.talk.reply.is_some() {
            Target::Reply
        } else {
            Target::Answer
        }
    }

    /// Whether the answer is picked rather than written (a scale or a choice).
    pub fn picks(&self) -> bool {
        self.answering() && !self.current_kind().takes_text()
    }

    /// The headline is one line: Enter moves on instead of starting a new line.
    pub fn one_line(&self) -> bool {
        self.answering() && self.session.guide.summary.headline == Some(self.session.current)
    }

    /// The editor on screen: (step, question).
    fn slot(&self) -> (usize, usize) {
        let q = match self.current_kind() {
            StepKind::Rehearsal(_) => self.session.question,
            _ => 0,
        };
        (self.session.current, q)
    }

    pub fn editor(&self) -> &Editor {
        let (i, q) = self.slot();
        match (self.target(), &self.talk.note, &self.talk.reply) {
            (Target::Note, Some(note), _) => note,
            (Target::Reply, _, Some(reply)) => reply,
            (Target::Coach, _, _) => &self.talk.coach[i],
            _ => &self.editors[i][q],
        }
    }

    fn editor_mut(&mut self) -> &mut Editor {
        let (i, q) = self.slot();
        match self.target() {
            Target::Note => self.talk.note.get_or_insert_with(Editor::default),
            Target::Reply => self.talk.reply.get_or_insert_with(Editor::default),
            Target::Coach => &mut self.talk.coach[i],
            Target::Answer => &mut self.editors[i][q],
        }
    }

    /// Replace the client's editor on step `i` (after a turn is filed) and mark it synced.
    pub(super) fn reset_answer_editor(&mut self, i: usize) {
        self.editors[i][0] = Editor::new(self.session.open_turn(i));
        self.synced[i][0] = self.editors[i][0].revision();
    }

    /// Recompute the editor viewport for a terminal of `size` and keep the cursor in view.
    pub fn fit_viewport(&mut self, size: Room) {
        let (w, h) = layout::editor_viewport(self, size);
        self.viewport = (w.max(1), h.max(1));
        let (w, h) = self.viewport;
        self.editor_mut().scroll_to_cursor(w, h);
    }

    /// The answer as it stands, for the person's own editor; None where that is not offered:
    /// a scale or a choice, or a coach-only note (which would then be on the shared screen).
    pub fn outside_edit(&mut self, now: Timestamp) -> Option<String> {
        if self.picks() || self.target() == Target::Note {
            return None;
        }
        self.commit(now);
        Some(self.editor().text())
    }

    /// Take the answer back from the person's editor, as one undo step; false when it is
    /// unchanged. A one-line answer keeps to one line.
    pub fn take_outside_edit(&mut self, text: &str, now: Timestamp, size: Room) -> bool {
        let text = if self.one_line() {
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            crate::editor::clean(text)
        };
        if text == self.editor().text() {
            return false;
        }
        self.editor_mut().set_text(&text);
        self.after_edit(now);
        self.fit_viewport(size);
        true
    }

    /// Copy the editor's text into the session if it changed.
    pub(super) fn commit(&mut self, now: Timestamp) {
        if !self.answering() {
            let target = self.target();
            if self.talk.commit(&mut self.session, target) {
                self.save.changed(now);
            }
            return;
        }
        let (i, q) = self.slot();
        let editor = &self.editors[i][q];
        if editor.revision() == self.synced[i][q] {
            return;
        }
        let text = editor.text();
        self.synced[i][q] = editor.revision();
        if matches!(self.current_kind(), StepKind::Rehearsal(_)) {
            self.session.set_take(i, q, &text, now);
        } else if self.session.is_chat(i) {
            self.session.set_open_turn(i, &text, now);
        } else {
            self.session.set_text(i, &text, now);
        }
        self.save.changed(now);
    }

    /// After moving to a step (or changing the audience), show what the session holds for it:
    /// a statement's fresh draft, a rehearsal's questions for the audience now chosen.
    pub(super) fn pull_draft(&mut self) {
        let i = self.session.current;
        if let StepKind::Rehearsal(_) = self.current_kind() {
            let takes = &self.session.steps[i].takes;
            let same = self.editors[i].len() == takes.len()
                && self.editors[i]
                    .iter()
                    .zip(takes)
                    .all(|(e, t)| e.text() == t.text);
            if !same {
                self.editors[i] = takes.iter().map(|t| Editor::new(&t.text)).collect();
                self.synced[i] = self.editors[i].iter().map(Editor::revision).collect();
            }
            return;
        }
        // On a conversation step the editor holds only the open turn, never the filed ones.
        let text = self.session.open_turn(i);
        let offer = self.session.draft_untouched(i) && self.editors[i][0].text() != text;
        if self.editors[i].len() == 1
            && (offer || self.editors[i][0].is_empty() && !text.is_empty())
        {
            self.editors[i][0] = Editor::new(text);
            self.synced[i][0] = self.editors[i][0].revision();
        }
    }

    /// A save of the session as it stands, if there is anything to save.
    pub fn save_effect(&mut self, now: Timestamp) -> Option<Effect> {
        self.commit(now);
        if matches!(self.current_kind(), StepKind::Rehearsal(_)) && self.session.elapsed(now) > 0 {
            // Time spent rehearsing is part of the record.
            self.session.bank_time(now);
            self.save.changed(now);
        }
        if !self.save.is_dirty() && self.save.saved_at.is_some() {
            return None;
        }
        if !self.save.is_dirty() && self.session.answered_count() == 0 && self.session.current == 0
        {
            // Nothing has happened yet: no file for an empty session.
            return None;
        }
        Some(self.save_now())
    }

    fn save_now(&mut self) -> Effect {
        Effect::Save {
            transcript: Box::new(self.session.to_transcript()),
            generation: self.save.generation,
        }
    }

    /// Something about the session changed that the editors do not hold: save it soon.
    pub(super) fn mark_changed(&mut self, now: Timestamp) {
        self.save.changed(now);
    }

    pub(super) fn force_save(&mut self, now: Timestamp) -> Vec<Effect> {
        self.commit(now);
        self.session.bank_time(now);
        vec![self.save_now()]
    }

    pub fn on_tick(&mut self, now: Timestamp) -> Vec<Effect> {
        match self.save.deadline() {
            Some(due) if due <= now => self.force_save(now),
            _ => Vec::new(),
        }
    }

    pub fn on_saved(&mut self, generation: u64, result: Result<(), String>, now: Timestamp) {
        match result {
            Ok(()) => {
                self.save.saved_generation = self.save.saved_generation.max(generation);
                self.save.saved_at = Some(now);
                self.save.error = None;
                self.save.retry_at = None;
                self.save.dirty_since = (self.save.is_dirty()).then_some(now);
            }
            Err(e) => {
                self.save.error = Some(e);
                self.save.retry_at = now.checked_add(RETRY_AFTER).ok();
            }
        }
    }

    pub fn type_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        // A number before any word of a reply picks again ("why 4 and not 5?": 5).
        if self.target() == Target::Reply
            && self.editor().is_empty()
            && matches!(key.code, KeyCode::Char('0'..='9'))
        {
            return self.digit_key(key, now);
        }
        if let KeyCode::Char(c) = key.code {
            let mut buf = [0u8; 4];
            self.editor_mut().insert(c.encode_utf8(&mut buf));
            self.after_edit(now);
        }
        Vec::new()
    }

    pub fn paste(&mut self, text: &str, now: Timestamp) -> Vec<Effect> {
        if self.picks() {
            if let Ok(value) = text.trim().parse::<i64>() {
                self.pick_number(value, now);
            }
            return Vec::new();
        }
        let text = if self.one_line() {
            crate::editor::clean(text).replace('\n', " ")
        } else {
            text.to_string()
        };
        self.editor_mut().insert(&text);
        self.after_edit(now);
        Vec::new()
    }

    fn after_edit(&mut self, now: Timestamp) {
        self.commit(now);
        let (w, h) = self.viewport;
        self.editor_mut().scroll_to_cursor(w, h);
    }

    /// Digits on a scale set the value ("1" then "0" makes 10); on a choice, pick option n.
    pub fn digit_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        let KeyCode::Char(c @ '0'..='9') = key.code else {
            return Vec::new();
        };
        match self.current_kind().clone() {
            StepKind::Scale(scale) => {
                self.digits.push(c);
                let value = match self.digits.parse::<i64>() {
                    Ok(v) if v <= i64::from(scale.max) && self.digits.len() <= 3 => v,
                    _ => {
                        self.digits = c.to_string();
                        i64::from(c.to_digit(10).unwrap_or(0))
                    }
                };
                self.pick_number(value, now);
            }
            StepKind::Choice(_) => self.pick_number(i64::from(c.to_digit(10).unwrap_or(0)), now),
            _ => {}
        }
        Vec::new()
    }

    /// A number typed or pasted on a scale (its value) or a choice (its 1-based option).
    fn pick_number(&mut self, n: i64, now: Timestamp) {
        let i = self.session.current;
        match self.current_kind() {
            StepKind::Scale(_) => self.session.set_value(i, n, now),
            StepKind::Choice(spec) => {
                let Some(option) = usize::try_from(n).ok().and_then(|n| n.checked_sub(1)) else {
                    return;
                };
                if option >= spec.options.len() {
                    return;
                }
                self.choice_cursor = option;
                self.session.toggle_choice(i, option, now);
            }
            _ => return,
        }
        self.save.changed(now);
    }

    pub fn on_action(&mut self, action: Action, now: Timestamp, size: Room) -> Vec<Effect> {
        let (w, h) = self.viewport;
        let i = self.session.current;
        match action {
            Action::SwitchSpeaker => self.switch_speaker(now, size),
            Action::PrivateNote => self.open_note(size),
            Action::AskQuestion => self.ask_question(now, size),
            Action::FileNote => self.file_note(now, size),
            Action::NextStep => self.go_next(now, size, false),
            Action::PrevStep => self.go_back(now, size),
            Action::SkipStep => self.go_next(now, size, true),
            Action::ToggleExample => {
                self.show_example = !self.show_example;
                self.fit_viewport(size);
                Vec::new()
            }
            Action::CycleAudience => {
                if matches!(self.current_kind(), StepKind::Statement(_)) {
                    self.commit(now);
                    let next = self.session.audience + 1;
                    self.session.set_audience(next, now);
                    self.pull_draft();
                    self.save.changed(now);
                }
                Vec::new()
            }
            Action::Retake => {
                self.commit(now);
                if matches!(self.current_kind(), StepKind::Rehearsal(_)) && self.session.retake(now)
                {
                    self.pull_draft();
                    self.save.changed(now);
                }
                Vec::new()
            }
            Action::Up | Action::Down => {
                if let StepKind::Choice(spec) = self.current_kind() {
                    let n = spec.options.len();
                    self.choice_cursor = if action == Action::Up {
                        (self.choice_cursor + n - 1) % n
                    } else {
                        (self.choice_cursor + 1) % n
                    };
                }
                Vec::new()
            }
            Action::Toggle => {
                if matches!(self.current_kind(), StepKind::Choice(_)) {
                    self.session.toggle_choice(i, self.choice_cursor, now);
                    self.save.changed(now);
                }
                Vec::new()
            }
            Action::Increase | Action::Decrease => {
                if let StepKind::Scale(scale) = self.current_kind().clone() {
                    let mid = (i64::from(scale.min) + i64::from(scale.max)) / 2;
                    let value = match (self.session.steps[i].value, action) {
                        (None, _) => mid,
                        (Some(v), Action::Increase) => i64::from(v) + 1,
                        (Some(v), _) => i64::from(v) - 1,
                    };
                    self.digits.clear();
                    self.pick_number(value, now);
                }
                Vec::new()
            }
            editing => {
                if !self.picks() && edit_action(self.editor_mut(), editing, w, h) {
                    self.after_edit(now);
                }
                Vec::new()
            }
        }
    }

    /// Forward (next question or step); past the very end the session is finished.
    pub(super) fn go_next(&mut self, now: Timestamp, size: Room, skip: bool) -> Vec<Effect> {
        self.commit(now);
        self.file_reply(now);
        if !skip {
            // Moving on from an untouched draft keeps it: the hint says "keep draft".
            self.session.accept_draft(self.session.current, now);
        }
        let moved = if skip {
            self.session.skip(now)
        } else {
            self.session.advance(now)
        };
        if moved {
            self.arrived(size);
        } else {
            self.session.finish(now);
        }
        self.save.changed(now);
        self.force_save(now)
    }

    fn go_back(&mut self, now: Timestamp, size: Room) -> Vec<Effect> {
        self.commit(now);
        self.file_reply(now);
        if !self.session.back(now) {
            return Vec::new();
        }
        self.arrived(size);
        self.save.changed(now);
        self.force_save(now)
    }

    /// Settle on a newly reached step or question.
    fn arrived(&mut self, size: Room) {
        self.digits.clear();
        self.choice_cursor = self.session.steps[self.session.current]
            .selected
            .first()
            .copied()
            .unwrap_or(0);
        self.pull_draft();
        self.show_example = false;
        self.fit_viewport(size);
    }

    pub fn summary(&self) -> SummaryScreen {
        let s = &self.session;
        SummaryScreen {
            id: s.id.clone(),
            revisit_due: s.revisit_due,
            guide_title: s.guide.title.clone(),
            headline: s.headline().map(str::to_string),
            statement: s.statement().map(str::to_string),
            audience: s.audience_label().map(str::to_string),
            shift: s.shift(),
            next_step: s.next_step(),
            actions: s.actions(),
            pair: s.pair.clone(),
            rehearsal: s.rehearsal_times(),
            answered: s.answered_count(),
            skipped: s.steps.iter().filter(|x| x.skipped.is_some()).count(),
            total: s.progress().1,
            location: self.location.clone(),
            saved: !self.save.is_dirty(),
        }
    }
}
