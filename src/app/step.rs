//! The session screen's state and behaviour: one step at a time, an editor per step, and the
//! bookkeeping that makes autosave safe.
//!
//! Every change bumps an edit generation; a save carries the generation it captured, so a
//! save that lands after further typing never marks that typing as saved.

use jiff::Timestamp;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{AUTOSAVE_AFTER, Effect, RETRY_AFTER, SummaryScreen};
use crate::editor::Editor;
use crate::guide::StepKind;
use crate::keymap::Action;
use crate::session::Session;

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

    fn changed(&mut self, now: Timestamp) {
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
    /// One editor per step, so each keeps its own cursor and undo history.
    pub editors: Vec<Editor>,
    synced: Vec<u64>,
    pub show_example: bool,
    pub save: SaveState,
    /// Where the transcript is written, for the summary.
    pub location: String,
    /// Digits typed so far on a scale step ("1" then "0" makes 10).
    digits: String,
    /// The editor's size on screen (width, height), from the last layout.
    viewport: (usize, usize),
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

impl SessionScreen {
    pub fn new(session: Session, location: String) -> Self {
        let editors: Vec<Editor> = session.steps.iter().map(|s| Editor::new(&s.text)).collect();
        let synced = editors.iter().map(Editor::revision).collect();
        let mut screen = SessionScreen {
            session,
            editors,
            synced,
            show_example: false,
            save: SaveState::default(),
            location,
            digits: String::new(),
            viewport: (40, 5),
        };
        // Reopening on a statement step with nothing written drafts it, as arriving does.
        let current = screen.session.current;
        screen.session.go_to(current);
        screen.pull_draft();
        screen
    }

    pub fn on_scale(&self) -> bool {
        matches!(self.current_kind(), StepKind::Scale(_))
    }

    pub fn current_kind(&self) -> &StepKind {
        &self.session.guide.steps[self.session.current].kind
    }

    pub fn editor(&self) -> &Editor {
        &self.editors[self.session.current]
    }

    /// Recompute the editor viewport for a terminal of `size` and keep the cursor in view.
    pub fn fit_viewport(&mut self, size: (u16, u16)) {
        let (w, h) = crate::ui::editor_viewport(self, size);
        self.viewport = (w.max(1), h.max(1));
        let (w, h) = self.viewport;
        self.editors[self.session.current].scroll_to_cursor(w, h);
    }

    /// Copy the current editor's text into the session if it changed.
    fn commit(&mut self, now: Timestamp) {
        let i = self.session.current;
        if self.editors[i].revision() != self.synced[i] {
            let text = self.editors[i].text();
            self.session.set_text(i, &text, now);
            self.synced[i] = self.editors[i].revision();
            self.save.changed(now);
        }
    }

    /// After moving to a step, show any text the session drafted for it (a statement).
    fn pull_draft(&mut self) {
        let i = self.session.current;
        let text = &self.session.steps[i].text;
        if self.editors[i].is_empty() && !text.is_empty() {
            self.editors[i] = Editor::new(text);
            self.synced[i] = self.editors[i].revision();
        }
    }

    /// A save of the session as it stands, if there is anything to save.
    pub fn save_effect(&mut self, now: Timestamp) -> Option<Effect> {
        self.commit(now);
        if !self.save.is_dirty() && self.save.saved_at.is_some() {
            return None;
        }
        if !self.save.is_dirty() && self.session.answered_count() == 0 && self.session.current == 0
        {
            // Nothing has happened yet: no file for an empty session.
            return None;
        }
        Some(Effect::Save {
            transcript: Box::new(self.session.to_transcript()),
            generation: self.save.generation,
        })
    }

    fn force_save(&mut self, now: Timestamp) -> Vec<Effect> {
        self.commit(now);
        vec![Effect::Save {
            transcript: Box::new(self.session.to_transcript()),
            generation: self.save.generation,
        }]
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
        if let KeyCode::Char(c) = key.code {
            let mut buf = [0u8; 4];
            self.editors[self.session.current].insert(c.encode_utf8(&mut buf));
            self.after_edit(now);
        }
        Vec::new()
    }

    pub fn paste(&mut self, text: &str, now: Timestamp) -> Vec<Effect> {
        if self.on_scale() {
            if let Ok(value) = text.trim().parse::<i64>() {
                self.session.set_value(self.session.current, value, now);
                self.save.changed(now);
            }
            return Vec::new();
        }
        self.editors[self.session.current].insert(text);
        self.after_edit(now);
        Vec::new()
    }

    fn after_edit(&mut self, now: Timestamp) {
        self.commit(now);
        let (w, h) = self.viewport;
        self.editors[self.session.current].scroll_to_cursor(w, h);
    }

    /// Digits on a scale step set the value; "1" then "0" makes 10 on a 0 to 10 scale.
    pub fn scale_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        let StepKind::Scale(scale) = self.current_kind().clone() else {
            return Vec::new();
        };
        let KeyCode::Char(c @ '0'..='9') = key.code else {
            return Vec::new();
        };
        self.digits.push(c);
        let value = match self.digits.parse::<i64>() {
            Ok(v) if v <= i64::from(scale.max) && self.digits.len() <= 3 => v,
            _ => {
                self.digits = c.to_string();
                i64::from(c.to_digit(10).unwrap_or(0))
            }
        };
        self.session.set_value(self.session.current, value, now);
        self.save.changed(now);
        Vec::new()
    }

    pub fn on_action(&mut self, action: Action, now: Timestamp, size: (u16, u16)) -> Vec<Effect> {
        let (w, h) = self.viewport;
        let i = self.session.current;
        match action {
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
                    let next = self.session.audience + 1;
                    self.session.set_audience(next, now);
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
                    self.session.set_value(i, value, now);
                    self.save.changed(now);
                }
                Vec::new()
            }
            editing => {
                if self.on_scale() {
                    return Vec::new();
                }
                let ed = &mut self.editors[i];
                match editing {
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
                    _ => return Vec::new(),
                }
                self.after_edit(now);
                Vec::new()
            }
        }
    }

    /// Forward from the current step; past the last step the session is finished.
    fn go_next(&mut self, now: Timestamp, size: (u16, u16), skip: bool) -> Vec<Effect> {
        self.commit(now);
        let last = self.session.is_last();
        if skip {
            self.session.skip(now);
        } else {
            self.session.advance();
        }
        if last {
            self.session.finish(now);
        } else {
            self.arrived(size);
        }
        self.save.changed(now);
        self.force_save(now)
    }

    fn go_back(&mut self, now: Timestamp, size: (u16, u16)) -> Vec<Effect> {
        self.commit(now);
        if !self.session.back() {
            return Vec::new();
        }
        self.arrived(size);
        self.save.changed(now);
        self.force_save(now)
    }

    /// Settle on a newly reached step.
    fn arrived(&mut self, size: (u16, u16)) {
        self.digits.clear();
        self.pull_draft();
        self.show_example = false;
        self.fit_viewport(size);
    }

    pub fn summary(&self) -> SummaryScreen {
        let s = &self.session;
        SummaryScreen {
            guide_title: s.guide.title.clone(),
            headline: s.headline().map(str::to_string),
            statement: s.statement().map(str::to_string),
            audience: s.audience_label().map(str::to_string),
            shift: s.shift(),
            next_step: s.next_step().map(str::to_string),
            answered: s.answered_count(),
            skipped: s.steps.iter().filter(|x| x.skipped.is_some()).count(),
            total: s.len(),
            location: self.location.clone(),
            saved: !self.save.is_dirty(),
        }
    }
}
