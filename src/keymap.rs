//! Keys as data: which key does what, in which context.
//!
//! The default keymap is `assets/keymap.ron`, embedded in the binary; a user's
//! `<config>/keymap.ron` in the same format is merged on top. The help overlay and the footer
//! hints are generated from this one table, so they cannot drift from what the keys do.
//! Printable characters never reach this table while a text field has focus: they are text.

pub mod help;
mod keys;

pub use keys::Key;

use ratatui::crossterm::event::KeyEvent;
use serde::Deserialize;

/// The default bindings, embedded so the binary needs nothing beside it.
pub const DEFAULT_KEYMAP: &str = include_str!("../assets/keymap.ron");

/// Everything a key can ask the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Action {
    Quit,
    Help,
    Save,
    NextStep,
    PrevStep,
    SkipStep,
    ToggleExample,
    CycleAudience,
    Increase,
    Decrease,
    Toggle,
    Up,
    Down,
    Activate,
    Back,
    CursorLeft,
    CursorRight,
    WordLeft,
    WordRight,
    CursorUp,
    CursorDown,
    LineStart,
    LineEnd,
    TextStart,
    TextEnd,
    PageUp,
    PageDown,
    NewLine,
    DeleteBack,
    DeleteForward,
    DeleteWordBack,
    Undo,
    Redo,
    Search,
    CycleSort,
    CycleFilter,
    EditTags,
    Delete,
    Resume,
    ShowPatterns,
    Export,
    AddRevisit,
    NextMatch,
    PrevMatch,
    NextSection,
    PrevSection,
    Top,
    Bottom,
    Yes,
    No,
    RemindWeek,
    RemindMonth,
    RemindQuarter,
    OpenLibrary,
    SwitchSpeaker,
    PrivateNote,
    FileNote,
    Present,
    StartPaired,
    Follow,
    Retry,
    SaveCopy,
    LeaveUnsaved,
    Retake,
    DismissReminder,
    OpenEditor,
    ReviewDone,
    ReviewNotYet,
    ReviewDropped,
    CompleteName,
    AskQuestion,
    GuideUp,
    GuideDown,
    TalkUp,
    TalkDown,
    OpenTrash,
    ExportSummary,
}

impl Action {
    /// The line shown in the help overlay.
    pub fn describe(self) -> &'static str {
        use Action::*;
        match self {
            Quit => "save and leave",
            Help => "show or hide this help",
            Save => "save now",
            NextStep => "next step",
            PrevStep => "previous step (answers are kept)",
            SkipStep => "skip this step (recorded as skipped)",
            ToggleExample => "show or hide the worked example",
            CycleAudience => "change who the statement is for",
            Increase => "raise the value",
            Decrease => "lower the value",
            Toggle => "choose or unchoose the option",
            Up => "move up",
            Down => "move down",
            Activate => "choose",
            Back => "back",
            CursorLeft => "cursor left",
            CursorRight => "cursor right",
            WordLeft => "previous word",
            WordRight => "next word",
            CursorUp => "line up",
            CursorDown => "line down",
            LineStart => "start of line",
            LineEnd => "end of line",
            TextStart => "start of answer",
            TextEnd => "end of answer",
            PageUp => "page up",
            PageDown => "page down",
            NewLine => "new line",
            DeleteBack => "delete before the cursor",
            DeleteForward => "delete under the cursor",
            DeleteWordBack => "delete the word before the cursor",
            Undo => "undo",
            Redo => "redo",
            Search => "search (results update as you type)",
            CycleSort => "sort by date or headline",
            CycleFilter => "filter by guide, status, mode or tag (repeat to cycle, off at the end)",
            EditTags => "edit tags",
            Delete => "move to the trash (asks first)",
            Resume => "resume an unfinished session",
            ShowPatterns => "patterns across sessions",
            Export => "export as Markdown",
            AddRevisit => "add a dated revisit note",
            NextMatch => "next match",
            PrevMatch => "previous match",
            NextSection => "next step",
            PrevSection => "previous step",
            Top => "to the top",
            Bottom => "to the end",
            Yes => "yes",
            No => "no",
            RemindWeek => "remind me to revisit in a week",
            RemindMonth => "remind me to revisit in a month",
            RemindQuarter => "remind me to revisit in three months",
            OpenLibrary => "open the library",
            SwitchSpeaker => "hand over (files what was written)",
            PrivateNote => "coach-only note, never shown here",
            FileNote => "file the coach-only note",
            Retry => "try saving again",
            SaveCopy => "save a copy in another folder",
            LeaveUnsaved => "leave without saving the last changes",
            Retake => "answer again, keeping the earlier take",
            DismissReminder => "clear the reminder to revisit it",
            OpenEditor => "write this answer in your own editor ($VISUAL or $EDITOR)",
            Present => "shared-screen layout: high contrast",
            StartPaired => "start a paired session (coach and client)",
            Follow => "follow the shared screen again",
            ReviewDone => "it is done",
            ReviewNotYet => "not yet (it carries on to next time)",
            ReviewDropped => "dropped",
            CompleteName => "fill in the name of a client seen before",
            AskQuestion => "ask what the coach wrote as one more rehearsal question",
            GuideUp => "scroll the facilitator's guide up",
            GuideDown => "scroll the facilitator's guide down",
            TalkUp => "scroll the conversation back",
            TalkDown => "scroll the conversation on (to the latest)",
            OpenTrash => "the trash: bring back a session moved there",
            ExportSummary => "write the one-page summary to send the client",
        }
    }
}

/// Where a binding applies. Several contexts are active at once, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Context {
    /// Everywhere.
    Global,
    /// Anywhere in a session.
    Session,
    /// While the answer editor has focus.
    Editor,
    /// On a scale step.
    Scale,
    /// On a choice step.
    Choice,
    /// Writing a one-line answer (the headline).
    OneLine,
    /// Where no text field has focus (so plain characters can be commands).
    NoText,
    /// Lists such as the home screen.
    List,
    /// The help overlay.
    Help,
    /// The library of past sessions.
    Library,
    /// Reading one transcript.
    Viewer,
    /// The patterns view.
    Patterns,
    /// A one-line field: search in the library, find in the viewer.
    Field,
    /// A question waiting for yes or no.
    Confirm,
    /// Writing a note or tags in a dialog.
    Dialog,
    /// The end-of-session summary.
    Summary,
    /// The home screen.
    Home,
    /// Writing a coach-only note on the shared screen.
    Note,
    /// The coach's console.
    Console,
    /// Leaving while the last changes could not be saved.
    Unsaved,
    /// Looking at the next steps from last time, at the start of a paired session.
    Review,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Anywhere",
            Context::Session => "In a session",
            Context::Editor => "Writing an answer",
            Context::Scale => "On a scale step (digits set the value too)",
            Context::Choice => "On a choice step (digits pick an option too)",
            Context::OneLine => "Writing a one-line answer",
            Context::NoText => "Where no answer is being written",
            Context::List => "Lists",
            Context::Help => "This help",
            Context::Library => "The library",
            Context::Viewer => "Reading a session",
            Context::Patterns => "Patterns",
            Context::Field => "Typing a search",
            Context::Confirm => "Asked to confirm",
            Context::Dialog => "Writing a note or tags",
            Context::Summary => "At the end of a session",
            Context::Home => "Home",
            Context::Note => "Writing a coach-only note",
            Context::Console => "The coach's console",
            Context::Unsaved => "Leaving with changes not saved",
            Context::Review => "Looking at last time's next steps",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    context: Context,
    keys: Vec<String>,
    action: Action,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Keymap {
    /// The built-in keymap. It is checked by tests; should it ever fail, no keys would work,
    /// so the error is returned for the caller to report.
    /// The keymap every screen uses, the workbook's and the console's alike: the built-in
    /// one with the user's `<config>/keymap.ron` merged on top. A broken user file is not
    /// used; the second value says why, for the screen to show wherever it starts.
    pub fn load() -> (Keymap, Option<String>) {
        let keymap = Keymap::default_keymap().unwrap_or(Keymap {
            bindings: Vec::new(),
        });
        let Some(path) = crate::paths::config_dir().map(|c| c.join("keymap.ron")) else {
            return (keymap, None);
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            return (keymap, None);
        };
        let file = path.display().to_string();
        match Keymap::parse(&file, &text) {
            Ok(user) => {
                let mut merged = keymap.clone();
                merged.merge(user);
                match merged.lockout() {
                    None => (merged, None),
                    Some(what) => (
                        keymap,
                        Some(format!(
                            "Your keymap was not used: {file}: it leaves no key to {what}"
                        )),
                    ),
                }
            }
            Err(e) => (keymap, Some(format!("Your keymap was not used: {e}"))),
        }
    }

    pub fn default_keymap() -> Result<Keymap, String> {
        Keymap::parse("assets/keymap.ron", DEFAULT_KEYMAP)
    }

    pub fn parse(file: &str, text: &str) -> Result<Keymap, String> {
        let raw: Vec<RawBinding> = crate::guide::ron_options().from_str(text).map_err(|e| {
            format!(
                "{file}:{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            )
        })?;
        let mut bindings = Vec::with_capacity(raw.len());
        for b in raw {
            let keys = b
                .keys
                .iter()
                .map(|k| Key::parse(k).map_err(|e| format!("{file}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            bindings.push(Binding {
                context: b.context,
                keys,
                action: b.action,
            });
        }
        Ok(Keymap { bindings })
    }

    /// Merge `other` on top. A binding it gives for an action in a context is that action's
    /// binding there now (the built-in keys for it stop working, so a moved key is named
    /// everywhere by its new key alone); a key it binds in a context stops doing what it did.
    pub fn merge(&mut self, other: Keymap) {
        for b in &other.bindings {
            self.bindings
                .retain(|e| !(e.context == b.context && e.action == b.action));
            for existing in self.bindings.iter_mut().filter(|e| e.context == b.context) {
                existing.keys.retain(|k| !b.keys.contains(k));
            }
        }
        self.bindings.extend(other.bindings);
        self.bindings.retain(|b| !b.keys.is_empty());
    }

    /// The action for `event` in the first of `contexts` that binds it.
    pub fn resolve(&self, contexts: &[Context], event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.context == *ctx && b.keys.contains(&key))
                .map(|b| b.action)
        })
    }

    /// The key bound to `action` in the first of `contexts` that binds it, for hints. Where
    /// a context binds it twice (the user's file adds a key beside the built-in one), the
    /// user's, merged last, is the one named.
    pub fn key_for(&self, contexts: &[Context], action: Action) -> Option<Key> {
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .rev()
                .find(|b| b.context == *ctx && b.action == action)
                .and_then(|b| b.keys.first().copied())
        })
    }

    /// What a keymap would leave a person unable to do: leave or save from anywhere.
    pub fn lockout(&self) -> Option<&'static str> {
        let global = [Context::Global];
        if self.key_for(&global, Action::Quit).is_none() {
            return Some("leave (Quit, in the Global context)");
        }
        if self.key_for(&global, Action::Save).is_none() {
            return Some("save (Save, in the Global context)");
        }
        None
    }

    /// The label of the key that does `action` in the first of `contexts` that binds it, for
    /// every sentence that names a key ("F2 hands over"), so a rebinding shows everywhere.
    /// An action with no key reads "(no key)" rather than naming a key that does nothing.
    pub fn label(&self, contexts: &[Context], action: Action) -> String {
        self.key_for(contexts, action)
            .map_or_else(|| "(no key)".to_string(), |k| k.display())
    }

    /// Footer hints: for each of `actions` that has a key in the active `contexts`, the key
    /// that does it there and its short word, e.g. ("Ctrl-N", "next").
    pub fn hints(
        &self,
        contexts: &[Context],
        actions: &[(Action, &'static str)],
    ) -> Vec<(String, &'static str)> {
        actions
            .iter()
            .filter_map(|&(a, word)| Some((self.key_for(contexts, a)?.display(), word)))
            .collect()
    }

    /// The sections of [`Keymap::help_sections`] with those of `here` first, in its order
    /// (most specific first), and the rest after them as the keymap lists them.
    pub fn help_sections_from(
        &self,
        here: &[Context],
    ) -> Vec<(Context, Vec<(String, &'static str)>)> {
        let mut sections = self.help_sections();
        sections.sort_by_key(|(c, _)| here.iter().position(|h| h == c).unwrap_or(here.len()));
        sections
    }

    /// Every binding, grouped by context, for the help overlay.
    pub fn help_sections(&self) -> Vec<(Context, Vec<(String, &'static str)>)> {
        let mut sections: Vec<(Context, Vec<(String, &'static str)>)> = Vec::new();
        for b in &self.bindings {
            let keys = b
                .keys
                .iter()
                .map(Key::display)
                .collect::<Vec<_>>()
                .join(", ");
            let line = (keys, b.action.describe());
            match sections.iter_mut().find(|(c, _)| *c == b.context) {
                Some((_, lines)) => lines.push(line),
                None => sections.push((b.context, vec![line])),
            }
        }
        sections
    }
}
