//! Which keymap contexts are active on each screen, and which actions earn a footer hint
//! there. The keys themselves come from the keymap, so hints and help cannot drift.

use super::library::{self, Dialog};
use super::{Model, Screen, Target};
use crate::guide::StepKind;
use crate::keymap::{Action, Context};

impl Model {
    /// The keymap contexts that are active, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        use Context::*;
        if self.overlays.help().is_some() {
            return vec![Help, List, Global];
        }
        self.contexts_under_help()
    }

    /// The contexts of what lies under the help overlay (all of them when it is closed): the
    /// keys help shows first.
    pub fn contexts_under_help(&self) -> Vec<Context> {
        use Context::*;
        match self.overlays.dialog() {
            Some(library::Dialog::ConfirmDelete { .. }) => return vec![Confirm, Global],
            Some(library::Dialog::Tags { .. }) => return vec![Field, Dialog, Editor, Global],
            Some(library::Dialog::Revisit { .. }) => return vec![Dialog, Editor, Global],
            Some(library::Dialog::DiscardNote) => return vec![Confirm, Global],
            Some(library::Dialog::Unsaved {
                copy_to: Some(_), ..
            }) => return vec![Field, Dialog, Editor, Global],
            Some(library::Dialog::Unsaved { .. }) => return vec![Unsaved, Global],
            Some(library::Dialog::Pair { .. }) => return vec![Field, Dialog, Editor, Global],
            Some(library::Dialog::Review { chosen: None, .. }) => return vec![Review, Global],
            Some(library::Dialog::Review { .. }) => return vec![Field, Editor, Global],
            Some(library::Dialog::Trash { .. }) => return vec![List, Global],
            Some(library::Dialog::Diverged { .. }) => return vec![Confirm, Global],
            None => {}
        }
        match &self.screen {
            Screen::Home => vec![Home, List, NoText, Global],
            Screen::ChooseMode { .. } => vec![List, NoText, Global],
            Screen::Summary(_) => vec![Summary, List, NoText, Global],
            Screen::Library(l) if l.search_focused() => vec![Field, Editor, Global],
            Screen::Library(_) => vec![Library, List, NoText, Global],
            Screen::Viewer(v) if v.find_focused() => vec![Field, Editor, Global],
            Screen::Viewer(_) => vec![Viewer, NoText, Global],
            Screen::Patterns(_) => vec![Patterns, NoText, Global],
            Screen::Session(s) if s.target() == Target::Note => vec![Note, Editor, Global],
            Screen::Session(s) if !s.answering() => vec![Editor, Session, Global],
            Screen::Session(s) => match s.current_kind() {
                StepKind::Scale(_) => vec![Scale, Session, NoText, Global],
                StepKind::Choice(_) => vec![Choice, Session, NoText, Global],
                _ if s.one_line() => vec![OneLine, Editor, Session, Global],
                _ => vec![Editor, Session, Global],
            },
        }
    }

    /// The actions worth a footer hint on the screen showing, most useful first, each with
    /// the word that says what it does here. The keys come from the keymap.
    pub fn hint_actions(&self) -> Vec<(Action, &'static str)> {
        use Action::*;
        if self.overlays.help().is_some() {
            return vec![(Back, "close"), (Quit, "leave")];
        }
        match self.overlays.dialog() {
            Some(Dialog::ConfirmDelete { .. }) => {
                return vec![(Yes, "move to trash"), (No, "keep it")];
            }
            Some(Dialog::Tags { .. }) => return vec![(Activate, "save tags"), (Back, "cancel")],
            Some(Dialog::Revisit { .. }) => return vec![(Save, "file the note"), (Back, "cancel")],
            Some(Dialog::DiscardNote) => {
                return vec![(Yes, "discard the note"), (No, "keep writing")];
            }
            Some(Dialog::Unsaved {
                copy_to: Some(_), ..
            }) => return vec![(Activate, "save the copy there"), (Back, "back")],
            Some(Dialog::Unsaved { .. }) => {
                return vec![
                    (Retry, "try again"),
                    (SaveCopy, "save a copy"),
                    (LeaveUnsaved, "leave without saving"),
                    (Back, "keep writing"),
                ];
            }
            Some(Dialog::Pair { focus: 1, .. }) => {
                return vec![
                    (Activate, "next / start"),
                    (CompleteName, "a known name"),
                    (Down, "next field"),
                    (Back, "cancel"),
                ];
            }
            Some(Dialog::Pair { .. }) => {
                return vec![
                    (Activate, "next / start"),
                    (Down, "next field"),
                    (Back, "cancel"),
                ];
            }
            Some(Dialog::Review { chosen: None, .. }) => {
                return vec![
                    (ReviewDone, "done"),
                    (ReviewNotYet, "not yet"),
                    (ReviewDropped, "dropped"),
                    (Back, "later"),
                ];
            }
            Some(Dialog::Review { .. }) => {
                return vec![(Activate, "file it"), (Back, "back")];
            }
            Some(Dialog::Trash { .. }) => {
                return vec![(Activate, "bring it back"), (Back, "close")];
            }
            Some(Dialog::Diverged { .. }) => return vec![(Yes, "go on writing")],
            None => {}
        }
        match &self.screen {
            Screen::Home => vec![
                (Activate, "choose"),
                (StartPaired, "paired"),
                (OpenLibrary, "library"),
                (Help, "help"),
                (Quit, "leave"),
            ],
            Screen::ChooseMode { .. } => vec![
                (Activate, "start"),
                (Back, "back"),
                (Help, "help"),
                (Quit, "leave"),
            ],
            Screen::Summary(_) => vec![
                (Activate, "home"),
                (RemindWeek, "revisit in a week"),
                (RemindMonth, "a month"),
                (RemindQuarter, "3 months"),
                (Quit, "leave"),
            ],
            Screen::Library(l) if l.search_focused() => {
                vec![(Activate, "open"), (Down, "results"), (Back, "clear")]
            }
            Screen::Library(_) => vec![
                (Activate, "read"),
                (Search, "search"),
                (CycleFilter, "filter"),
                (CycleSort, "sort"),
                (EditTags, "tags"),
                (Resume, "resume"),
                (ShowPatterns, "patterns"),
                (Delete, "trash"),
                (Back, "back"),
            ],
            Screen::Viewer(v) if v.find_focused() => vec![(Activate, "done"), (Back, "clear")],
            Screen::Viewer(_) => vec![
                (NextSection, "next step"),
                (Search, "find"),
                (NextMatch, "next match"),
                (AddRevisit, "revisit note"),
                (EditTags, "tags"),
                (Export, "export"),
                (Back, "back"),
            ],
            Screen::Patterns(_) => vec![
                (Down, "next lesson"),
                (Activate, "read its session"),
                (Back, "back"),
                (Help, "help"),
            ],
            Screen::Session(s) if s.target() == Target::Note => vec![
                (FileNote, "file the note"),
                (Back, "cancel"),
                (Help, "help"),
            ],
            Screen::Session(s) if self.presenting => {
                let mut v = vec![(NextStep, "next"), (PrevStep, "back")];
                if s.session.is_paired() {
                    v.push((SwitchSpeaker, "hand over"));
                }
                v.push((Present, "normal view"));
                v
            }
            Screen::Session(s) => {
                let mut v = vec![(NextStep, "next"), (PrevStep, "back"), (SkipStep, "skip")];
                if s.session.is_paired() {
                    v.insert(0, (SwitchSpeaker, "hand over"));
                    v.insert(1, (PrivateNote, "coach-only note"));
                }
                match s.current_kind() {
                    StepKind::Statement(_) => {
                        if s.session.draft_untouched(s.session.current) {
                            relabel(&mut v, NextStep, "keep draft");
                        }
                        v.push((CycleAudience, "audience"));
                    }
                    StepKind::Rehearsal(_) if s.target() == Target::Coach => {
                        relabel(&mut v, SkipStep, "skip question");
                        v.insert(1, (AskQuestion, "ask it as a question"));
                    }
                    StepKind::Rehearsal(_) => relabel(&mut v, SkipStep, "skip question"),
                    StepKind::Choice(_) => v.insert(0, (Toggle, "choose")),
                    _ => {}
                }
                if matches!(s.current_kind(), StepKind::Rehearsal(_)) {
                    // Help and leave come before the extras, so a narrow footer keeps them.
                    v.extend([(Help, "help"), (Quit, "leave"), (Retake, "try again")]);
                    v.extend([(ToggleExample, "example"), (Save, "save")]);
                    return v;
                }
                v.extend([
                    (ToggleExample, "example"),
                    (Help, "help"),
                    (Quit, "leave"),
                    (Save, "save"),
                ]);
                v
            }
        }
    }
}

/// Give the hint for `action` other words, where it is shown.
fn relabel(hints: &mut [(Action, &'static str)], action: Action, label: &'static str) {
    if let Some(h) = hints.iter_mut().find(|(a, _)| *a == action) {
        h.1 = label;
    }
}
