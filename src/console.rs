//! The coach's console (`leverage coach ID`): a second, private view of a paired session.
//!
//! It follows the shared screen by re-reading the transcript when the file changes, shows the
//! facilitator's guide for the step, the conversation with every coach-only note, and the
//! session timer, and keeps an editor for private notes. It never writes the transcript: its
//! notes go to `<id>.coach.ron`, so the two processes never write the same file. Like the
//! workbook, this part is pure (`update` returns effects); `console::run` does the I/O.

mod run;
pub mod view;

pub use run::{Follower, run};

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use crate::app::edit_action;
use crate::app::is_text_key;
use crate::app::{StatusKind, StatusLine};
use crate::editor::Editor;
use crate::guide::Guide;
use crate::keymap::{Action, Context, Keymap};
use crate::privacy::{CoachNotes, ConsoleNote, merge_notes};
use crate::transcript::{StepRecord, Transcript};

/// The keymap contexts of the console, most specific first.
pub const CONSOLE_KEYS: [Context; 3] = [Context::Console, Context::Editor, Context::Global];

/// A note being written is saved as a draft this long after the last change.
pub const DRAFT_AFTER: SignedDuration = SignedDuration::from_secs(2);

#[derive(Debug)]
pub struct Console {
    pub id: String,
    /// The transcript as last read; the shared screen writes it, this only reads it.
    pub transcript: Transcript,
    /// The guide it follows, for the facilitator's notes (none if it is not installed here).
    pub guide: Option<Arc<Guide>>,
    /// The console's own filed notes.
    pub notes: CoachNotes,
    pub editor: Editor,
    /// A step chosen to look at instead of following the shared screen.
    pub viewing: Option<String>,
    /// `viewing` was set because the shared screen moved on while a note was being written
    /// there: filing the note follows the shared screen again.
    pub held_for_note: bool,
    pub keymap: Keymap,
    /// Colour is off (`NO_COLOR`); the view derives its theme from this and `presenting`.
    pub no_color: bool,
    /// The presentation layout (high contrast).
    pub presenting: bool,
    /// Draw only ASCII (a locale that is not UTF-8, or `--ascii`).
    pub ascii: bool,
    pub now: Timestamp,
    pub status: Option<StatusLine>,
    pub help: bool,
    /// How far the help is scrolled.
    pub help_scroll: usize,
    /// When the note being written last changed without being saved.
    pub dirty_since: Option<Timestamp>,
    /// Leaving once the save asked for on the way out lands.
    pub leaving: bool,
    pub size: (u16, u16),
    /// How far the coach scrolled, and on which step (another step starts unscrolled).
    pub scroll: Scroll,
}

/// The console's scrolling on one step: the conversation from its end (0 shows the latest),
/// the facilitator's guide from its top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scroll {
    pub step: String,
    pub talk_back: usize,
    pub guide_top: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConsoleMsg {
    Tick(Timestamp),
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// The transcript changed on disk: the new one, or why it could not be read.
    Reloaded(Result<Box<Transcript>, String>),
    /// The shared screen went on under another id (its file changed underneath it): follow it.
    Moved(String),
    Saved(Result<(), String>),
    /// A signal or a lost terminal: save and leave.
    Terminate,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConsoleEffect {
    SaveNotes(CoachNotes),
    Exit,
}

impl Console {
    pub fn new(
        transcript: Transcript,
        guide: Option<Arc<Guide>>,
        mut notes: CoachNotes,
        keymap: Keymap,
        now: Timestamp,
    ) -> Console {
        // A draft left by a console that closed mid-note goes back into the editor.
        let draft = notes
            .notes
            .iter()
            .position(|n| n.draft)
            .map(|i| notes.notes.remove(i));
        let viewing = draft
            .as_ref()
            .filter(|d| d.step != transcript.current_step)
            .map(|d| d.step.clone());
        Console {
            id: transcript.id.clone(),
            transcript,
            guide,
            notes,
            editor: Editor::new(draft.as_ref().map_or("", |d| d.text.as_str())),
            viewing,
            held_for_note: false,
            keymap,
            no_color: false,
            presenting: false,
            ascii: false,
            now,
            status: None,
            help: false,
            help_scroll: 0,
            dirty_since: None,
            leaving: false,
            size: (80, 24),
            scroll: Scroll::default(),
        }
    }

    /// The scrolling that applies to the step on show.
    pub fn scroll_here(&self) -> (usize, usize) {
        if self.scroll.step == self.step_id() {
            (self.scroll.talk_back, self.scroll.guide_top)
        } else {
            (0, 0)
        }
    }

    /// Scroll the conversation back (`talk` > 0) or on, or the guide down (`guide` > 0) or
    /// up, by rows; the view keeps each within what there is to show.
    fn scroll_by(&mut self, talk: isize, guide: isize) {
        let (t, g) = self.scroll_here();
        let step = self.step_id().to_string();
        self.scroll = Scroll {
            step,
            talk_back: t.saturating_add_signed(talk),
            guide_top: g.saturating_add_signed(guide),
        };
    }

    /// The step on show: the one chosen, else the shared screen's.
    pub fn step_id(&self) -> &str {
        self.viewing
            .as_deref()
            .unwrap_or(&self.transcript.current_step)
    }

    pub fn step_index(&self) -> usize {
        let id = self.step_id();
        self.transcript
            .steps
            .iter()
            .position(|s| s.id == id)
            .unwrap_or(0)
    }

    /// The step with everything the coach may see: the conversation, private notes included.
    pub fn merged_step(&self) -> Option<StepRecord> {
        let mut step = self.transcript.steps.get(self.step_index())?.clone();
        merge_notes(&mut step, &self.notes.notes);
        Some(step)
    }

    /// The session timer: seconds, running while the shared screen has the session open.
    pub fn elapsed(&self) -> u64 {
        self.transcript.clock.map_or(0, |c| c.elapsed(self.now))
    }

    /// Seconds the shared screen has been on its current step.
    pub fn step_secs(&self) -> u64 {
        self.transcript
            .current_since
            .map_or(0, |since| crate::time::secs_between(since, self.now))
    }

    pub fn contexts(&self) -> Vec<Context> {
        CONSOLE_KEYS.to_vec()
    }

    /// The notes as they should be saved, the note being written included as a draft.
    fn to_save(&self) -> CoachNotes {
        let mut notes = self.notes.clone();
        let text = self.editor.text();
        if !text.trim().is_empty() {
            notes.notes.push(ConsoleNote {
                step: self.step_id().to_string(),
                text,
                written: self.now,
                draft: true,
            });
        }
        notes
    }

    /// When the driver must wake: a draft to save.
    pub fn deadline(&self) -> Option<Timestamp> {
        self.dirty_since?.checked_add(DRAFT_AFTER).ok()
    }

    fn file_note(&mut self) -> Vec<ConsoleEffect> {
        let text = self.editor.text();
        if text.trim().is_empty() {
            self.status = Some(StatusLine::new(
                "Nothing to file: write the note first.",
                StatusKind::Info,
            ));
            return Vec::new();
        }
        self.notes.notes.push(ConsoleNote {
            step: self.step_id().to_string(),
            text: text.trim_end().to_string(),
            written: self.now,
            draft: false,
        });
        self.editor = Editor::default();
        self.dirty_since = None;
        if std::mem::take(&mut self.held_for_note) {
            self.viewing = None;
        }
        vec![ConsoleEffect::SaveNotes(self.notes.clone())]
    }

    fn move_view(&mut self, by: isize) {
        let n = self.transcript.steps.len();
        if n == 0 {
            return;
        }
        let i = (self.step_index() as isize + by).clamp(0, n as isize - 1) as usize;
        let id = self.transcript.steps[i].id.clone();
        self.viewing = (id != self.transcript.current_step).then_some(id);
    }
}

/// Apply one message to the console.
pub fn update(c: &mut Console, msg: ConsoleMsg) -> Vec<ConsoleEffect> {
    match msg {
        ConsoleMsg::Tick(now) => {
            c.now = now;
            match c.deadline() {
                Some(due) if due <= now => {
                    c.dirty_since = None;
                    vec![ConsoleEffect::SaveNotes(c.to_save())]
                }
                _ => Vec::new(),
            }
        }
        ConsoleMsg::Resize(w, h) => {
            c.size = (w, h);
            Vec::new()
        }
        ConsoleMsg::Reloaded(Ok(t)) => {
            if t.id == c.id {
                // A note being written stays on the step it is about: the view stays there too.
                let before = c.transcript.current_step.clone();
                if c.viewing.is_none()
                    && t.current_step != before
                    && !c.editor.text().trim().is_empty()
                {
                    c.viewing = Some(before.clone());
                    c.held_for_note = true;
                    c.status = Some(StatusLine::new(
                        format!(
                            "The shared screen moved on; your note stays on this step until you file it ({})",
                            c.keymap.label(&CONSOLE_KEYS, Action::FileNote)
                        ),
                        StatusKind::Info,
                    ));
                }
                c.transcript = *t;
                if c.status
                    .as_ref()
                    .is_some_and(|s| s.kind == StatusKind::ReadFailed)
                {
                    c.status = None;
                }
                if c.viewing.as_deref() == Some(c.transcript.current_step.as_str()) {
                    c.viewing = None;
                }
            }
            Vec::new()
        }
        ConsoleMsg::Moved(to) => {
            c.status = Some(StatusLine::new(
                format!("Changed elsewhere: the shared screen goes on as {to}"),
                StatusKind::Info,
            ));
            c.id = to.clone();
            c.notes.session = to;
            // The notes go with the words: saved under the session the shared screen now writes.
            vec![ConsoleEffect::SaveNotes(c.to_save())]
        }
        ConsoleMsg::Reloaded(Err(e)) => {
            c.status = Some(StatusLine::new(
                format!("Could not read the session: {e}"),
                StatusKind::ReadFailed,
            ));
            Vec::new()
        }
        ConsoleMsg::Saved(Ok(())) => {
            if c.leaving {
                return vec![ConsoleEffect::Exit];
            }
            Vec::new()
        }
        ConsoleMsg::Saved(Err(e)) => {
            c.leaving = false;
            c.status = Some(StatusLine::new(
                format!("Your notes were not saved: {e}"),
                StatusKind::SaveFailed,
            ));
            c.dirty_since.get_or_insert(c.now);
            Vec::new()
        }
        ConsoleMsg::Terminate => leave(c),
        ConsoleMsg::Paste(text) => {
            c.editor.insert(&text);
            c.dirty_since.get_or_insert(c.now);
            Vec::new()
        }
        ConsoleMsg::Key(key) => on_key(c, key),
    }
}

fn leave(c: &mut Console) -> Vec<ConsoleEffect> {
    if c.leaving && c.status.as_ref().is_some_and(StatusLine::is_error) {
        // Asked again after a failed save: leave anyway.
        return vec![ConsoleEffect::Exit];
    }
    c.leaving = true;
    vec![ConsoleEffect::SaveNotes(c.to_save())]
}

fn on_key(c: &mut Console, key: KeyEvent) -> Vec<ConsoleEffect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if is_text_key(&key)
        && !c.help
        && let KeyCode::Char(ch) = key.code
    {
        c.editor.insert(ch.encode_utf8(&mut [0u8; 4]));
        c.dirty_since.get_or_insert(c.now);
        return Vec::new();
    }
    let contexts = if c.help {
        vec![Context::Help, Context::Global]
    } else {
        c.contexts()
    };
    let Some(action) = c.keymap.resolve(&contexts, &key) else {
        return Vec::new();
    };
    if c.help {
        let max = view::help_max_scroll(c);
        let page = usize::from(c.size.1.saturating_sub(6)).max(1);
        match action {
            Action::Help | Action::Back => {
                c.help = false;
                c.help_scroll = 0;
            }
            Action::Quit => return leave(c),
            Action::Up => c.help_scroll = c.help_scroll.saturating_sub(1),
            Action::Down => c.help_scroll = (c.help_scroll + 1).min(max),
            Action::PageUp => c.help_scroll = c.help_scroll.saturating_sub(page),
            Action::PageDown => c.help_scroll = (c.help_scroll + page).min(max),
            Action::Top => c.help_scroll = 0,
            Action::Bottom => c.help_scroll = max,
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Quit => return leave(c),
        Action::Help => c.help = true,
        Action::FileNote => return c.file_note(),
        Action::Save => {
            c.dirty_since = None;
            return vec![ConsoleEffect::SaveNotes(c.to_save())];
        }
        Action::PrevSection => c.move_view(-1),
        Action::NextSection => c.move_view(1),
        Action::Follow => c.viewing = None,
        Action::Present => c.presenting = !c.presenting,
        Action::TalkUp | Action::TalkDown | Action::GuideUp | Action::GuideDown => {
            let page = (usize::from(c.size.1) / 3).max(1) as isize;
            let (t, g) = view::scroll_limits(c);
            let (talk, guide) = match action {
                Action::TalkUp => (page, 0),
                Action::TalkDown => (-page, 0),
                Action::GuideUp => (0, -page),
                _ => (0, page),
            };
            c.scroll_by(talk, guide);
            c.scroll.talk_back = c.scroll.talk_back.min(t);
            c.scroll.guide_top = c.scroll.guide_top.min(g);
        }
        edit => {
            let w = usize::from(c.size.0.saturating_sub(4)).max(1);
            if edit_action(&mut c.editor, edit, w, 4) && edit_changes_text(edit) {
                c.dirty_since.get_or_insert(c.now);
            }
        }
    }
    Vec::new()
}

fn edit_changes_text(a: Action) -> bool {
    matches!(
        a,
        Action::NewLine
            | Action::DeleteBack
            | Action::DeleteForward
            | Action::DeleteWordBack
            | Action::Undo
            | Action::Redo
    )
}
