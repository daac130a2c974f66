//! The pure core of the TUI: the [`Model`], the messages that change it, and the effects it
//! asks the driver to carry out.
//!
//! `update` does no I/O and reads no clock: time arrives in [`Msg::Tick`], file results come
//! back as messages. That is what lets every behaviour be tested without a terminal. The
//! screens are an enum; the help overlay sits above whichever screen is showing.

mod home;
mod step;

pub use home::HomeItem;
pub use step::{SaveState, SessionScreen};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use crate::content::Library;
use crate::guide::StepKind;
use crate::keymap::{Action, Context, Keymap};
use crate::session::{Session, Shift};
use crate::store::Listing;
use crate::transcript::Transcript;

/// How long after the first unsaved change an autosave happens.
pub const AUTOSAVE_AFTER: jiff::SignedDuration = jiff::SignedDuration::from_secs(2);
/// How long to wait before trying a failed save again.
pub const RETRY_AFTER: jiff::SignedDuration = jiff::SignedDuration::from_secs(5);

#[derive(Debug)]
pub struct Model {
    pub library: Library,
    pub keymap: Keymap,
    pub listing: Listing,
    pub screen: Screen,
    pub help: Option<u16>,
    pub status: Option<StatusLine>,
    pub size: (u16, u16),
    pub now: Timestamp,
    pub tz: TimeZone,
    pub theme: crate::ui::Theme,
    pub home_selected: usize,
    pub quit: QuitState,
    /// Set once the driver should stop.
    pub exit: bool,
}

#[derive(Debug)]
pub enum Screen {
    Home,
    /// Choosing how to run a guide that has modes, before its session starts.
    ChooseMode {
        guide_id: String,
        selected: usize,
    },
    Session(Box<SessionScreen>),
    Summary(Box<SummaryScreen>),
}

/// What the end-of-session screen shows, taken from the finished session.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryScreen {
    pub guide_title: String,
    pub headline: Option<String>,
    pub statement: Option<String>,
    pub audience: Option<String>,
    pub shift: Option<Shift>,
    pub next_step: Option<String>,
    pub answered: usize,
    pub skipped: usize,
    pub total: usize,
    pub location: String,
    pub saved: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuitState {
    #[default]
    Running,
    /// A save was asked for on the way out; leave when it lands (or at once when forced).
    Saving { force: bool },
    /// Saving on the way out failed; the same key again leaves without saving.
    ConfirmUnsaved,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// The current time; sent by the driver before other messages and at deadlines.
    Tick(Timestamp),
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Listed(Listing),
    SessionReady {
        session: Box<Session>,
        location: String,
    },
    /// Start a session from this guide, asking for its mode first if it has modes.
    StartGuide {
        guide_id: String,
        mode: Option<String>,
    },
    OpenFailed(String),
    /// The result of an [`Effect::Save`] for the given edit generation.
    Saved {
        generation: u64,
        result: Result<(), String>,
    },
    /// Leave now, saving first: a signal arrived or the terminal went away.
    Terminate,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Save {
        transcript: Box<Transcript>,
        generation: u64,
    },
    CreateSession {
        guide_id: String,
        mode: Option<String>,
    },
    OpenSession {
        id: String,
    },
    RefreshListing,
    Exit,
}

impl Model {
    pub fn new(
        library: Library,
        keymap: Keymap,
        listing: Listing,
        now: Timestamp,
        tz: TimeZone,
    ) -> Self {
        let status = library.errors.first().map(|e| StatusLine {
            text: format!("A guide could not be loaded: {e}"),
            error: true,
        });
        Model {
            library,
            keymap,
            listing,
            screen: Screen::Home,
            help: None,
            status,
            size: (80, 24),
            now,
            tz,
            theme: crate::ui::Theme::color(),
            home_selected: 0,
            quit: QuitState::Running,
            exit: false,
        }
    }

    /// When the driver must wake even without input (autosave, save retry).
    pub fn next_deadline(&self) -> Option<Timestamp> {
        match &self.screen {
            Screen::Session(s) => {
                let save = s.save.deadline();
                // A rehearsal shows a running clock: wake each second to redraw it.
                let clock = matches!(s.current_kind(), StepKind::Rehearsal(_))
                    .then(|| {
                        self.now
                            .checked_add(jiff::SignedDuration::from_secs(1))
                            .ok()
                    })
                    .flatten();
                save.into_iter().chain(clock).min()
            }
            _ => None,
        }
    }

    /// The keymap contexts that are active, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.help.is_some() {
            return vec![Context::Help, Context::List, Context::Global];
        }
        match &self.screen {
            Screen::Home | Screen::Summary(_) | Screen::ChooseMode { .. } => {
                vec![Context::List, Context::NoText, Context::Global]
            }
            Screen::Session(s) => match s.current_kind() {
                StepKind::Scale(_) => {
                    vec![
                        Context::Scale,
                        Context::Session,
                        Context::NoText,
                        Context::Global,
                    ]
                }
                StepKind::Choice(_) => {
                    vec![
                        Context::Choice,
                        Context::Session,
                        Context::NoText,
                        Context::Global,
                    ]
                }
                _ if s.one_line() => {
                    vec![
                        Context::OneLine,
                        Context::Editor,
                        Context::Session,
                        Context::Global,
                    ]
                }
                _ => vec![Context::Editor, Context::Session, Context::Global],
            },
        }
    }

    /// The actions worth a footer hint on the screen showing, most useful first, each with
    /// the word that says what it does here. The keys come from the keymap.
    pub fn hint_actions(&self) -> Vec<(Action, &'static str)> {
        use Action::*;
        if self.help.is_some() {
            return vec![(Back, "close"), (Quit, "leave")];
        }
        match &self.screen {
            Screen::Home => vec![(Activate, "choose"), (Help, "help"), (Quit, "leave")],
            Screen::ChooseMode { .. } => {
                vec![
                    (Activate, "start"),
                    (Back, "back"),
                    (Help, "help"),
                    (Quit, "leave"),
                ]
            }
            Screen::Summary(_) => vec![(Activate, "home"), (Help, "help"), (Quit, "leave")],
            Screen::Session(s) => {
                let mut v = vec![(NextStep, "next"), (PrevStep, "back"), (SkipStep, "skip")];
                match s.current_kind() {
                    StepKind::Statement(_) => v.push((CycleAudience, "audience")),
                    StepKind::Choice(_) => v.insert(0, (Toggle, "choose")),
                    _ => {}
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

    pub fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(StatusLine {
            text: text.into(),
            error,
        });
    }
}

/// Apply one message; return what the driver should do.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Tick(now) => {
            model.now = now;
            match &mut model.screen {
                Screen::Session(s) => s.on_tick(now),
                _ => Vec::new(),
            }
        }
        Msg::Resize(w, h) => {
            model.size = (w, h);
            if let Screen::Session(s) = &mut model.screen {
                s.fit_viewport(model.size);
            }
            Vec::new()
        }
        Msg::Listed(listing) => {
            model.listing = listing;
            model.home_selected = model
                .home_selected
                .min(home::items(model).len().saturating_sub(1));
            Vec::new()
        }
        Msg::SessionReady { session, location } => {
            let mut screen = SessionScreen::new(*session, location);
            screen.fit_viewport(model.size);
            model.screen = Screen::Session(Box::new(screen));
            model.status = None;
            Vec::new()
        }
        Msg::StartGuide { guide_id, mode } => start_guide(model, guide_id, mode),
        Msg::OpenFailed(reason) => {
            model.set_status(reason, true);
            Vec::new()
        }
        Msg::Saved { generation, result } => on_saved(model, generation, result),
        Msg::Terminate => leave(model, true),
        Msg::Paste(text) => {
            if model.help.is_none()
                && let Screen::Session(s) = &mut model.screen
            {
                return s.paste(&text, model.now);
            }
            Vec::new()
        }
        Msg::Key(key) => on_key(model, key),
    }
}

fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    let contexts = model.contexts();
    // Printable characters are text whenever the editor has focus: typing `q` never quits.
    if contexts.contains(&Context::Editor)
        && step::is_text_key(&key)
        && let Screen::Session(s) = &mut model.screen
    {
        return s.type_key(&key, model.now);
    }
    let action = model.keymap.resolve(&contexts, &key);
    if action != Some(Action::Quit) && model.quit == QuitState::ConfirmUnsaved {
        model.quit = QuitState::Running;
    }
    if let Some(scroll) = model.help {
        return match action {
            Some(Action::Help | Action::Back) => {
                model.help = None;
                Vec::new()
            }
            Some(Action::Up) => {
                model.help = Some(scroll.saturating_sub(1));
                Vec::new()
            }
            Some(Action::Down) => {
                model.help = Some(scroll.saturating_add(1));
                Vec::new()
            }
            Some(Action::Quit) => leave(model, false),
            Some(Action::Save) => save_now(model),
            _ => Vec::new(),
        };
    }
    match action {
        Some(Action::Help) => {
            model.help = Some(0);
            Vec::new()
        }
        Some(Action::Quit) => leave(model, false),
        Some(Action::Save) => save_now(model),
        Some(action) => match &mut model.screen {
            Screen::Home => home::on_action(model, action),
            Screen::ChooseMode { guide_id, selected } => {
                let count = model
                    .library
                    .find(guide_id)
                    .map_or(0, |g| g.modes.len())
                    .max(1);
                match action {
                    Action::Up => *selected = (*selected + count - 1) % count,
                    Action::Down => *selected = (*selected + 1) % count,
                    Action::Back => model.screen = Screen::Home,
                    Action::Activate => {
                        let mode = model
                            .library
                            .find(guide_id)
                            .and_then(|g| g.modes.get(*selected))
                            .map(|m| m.id.clone());
                        return vec![Effect::CreateSession {
                            guide_id: guide_id.clone(),
                            mode,
                        }];
                    }
                    _ => {}
                }
                Vec::new()
            }
            Screen::Summary(_) => match action {
                Action::Activate | Action::Back => {
                    model.screen = Screen::Home;
                    model.home_selected = 0;
                    vec![Effect::RefreshListing]
                }
                _ => Vec::new(),
            },
            Screen::Session(s) => s.on_action(action, model.now, model.size),
        },
        None => match &mut model.screen {
            Screen::Session(s) => s.digit_key(&key, model.now),
            _ => Vec::new(),
        },
    }
}

/// Start from a guide: straight in, or by way of choosing its mode.
fn start_guide(model: &mut Model, guide_id: String, mode: Option<String>) -> Vec<Effect> {
    let Some(guide) = model.library.find(&guide_id) else {
        model.set_status(format!("No guide with the id {guide_id:?}"), true);
        return Vec::new();
    };
    if mode.is_none() && !guide.modes.is_empty() {
        model.screen = Screen::ChooseMode {
            guide_id,
            selected: 0,
        };
        return Vec::new();
    }
    vec![Effect::CreateSession { guide_id, mode }]
}

fn save_now(model: &mut Model) -> Vec<Effect> {
    match &mut model.screen {
        Screen::Session(s) => s.save_effect(model.now).into_iter().collect(),
        _ => {
            model.set_status(
                "Nothing to save here: sessions save themselves as you write.",
                false,
            );
            Vec::new()
        }
    }
}

/// Leave the app, saving the open session first. `force` (a signal, a lost terminal) leaves
/// even if that save fails; a person pressing the key is asked again instead.
fn leave(model: &mut Model, force: bool) -> Vec<Effect> {
    let Screen::Session(s) = &mut model.screen else {
        model.exit = true;
        return vec![Effect::Exit];
    };
    if model.quit == QuitState::ConfirmUnsaved && !force {
        model.exit = true;
        return vec![Effect::Exit];
    }
    match s.save_effect(model.now) {
        Some(save) => {
            model.quit = QuitState::Saving { force };
            vec![save]
        }
        None => {
            model.exit = true;
            vec![Effect::Exit]
        }
    }
}

fn on_saved(model: &mut Model, generation: u64, result: Result<(), String>) -> Vec<Effect> {
    let ok = result.is_ok();
    match &mut model.screen {
        Screen::Session(s) => s.on_saved(generation, result, model.now),
        Screen::Summary(summary) => {
            summary.saved = ok;
            if let Err(e) = &result {
                model.set_status(format!("Could not save: {e}"), true);
            }
        }
        Screen::Home | Screen::ChooseMode { .. } => {}
    }
    // A finished session moves to its summary only once it is safely on disk.
    if let Screen::Session(s) = &model.screen
        && ok
        && s.session.finished.is_some()
        && !s.save.is_dirty()
        && model.quit == QuitState::Running
    {
        let summary = s.summary();
        model.screen = Screen::Summary(Box::new(summary));
        return vec![Effect::RefreshListing];
    }
    if let Screen::Session(s) = &model.screen {
        if let Some(err) = &s.save.error {
            model.status = Some(StatusLine {
                text: format!("Could not save: {err}"),
                error: true,
            });
        } else if model
            .status
            .as_ref()
            .is_some_and(|st| st.error && st.text.starts_with("Could not save"))
        {
            model.status = None;
        }
    }
    match model.quit {
        QuitState::Saving { force } if ok || force => {
            model.exit = true;
            vec![Effect::Exit]
        }
        QuitState::Saving { .. } => {
            model.quit = QuitState::ConfirmUnsaved;
            let key = model
                .keymap
                .key_for(&[Context::Global], Action::Quit)
                .map_or_else(|| "the quit key".to_string(), |k| k.display());
            let reason = match &model.screen {
                Screen::Session(s) => s.save.error.clone().unwrap_or_default(),
                _ => String::new(),
            };
            model.set_status(
                format!("Could not save: {reason}. Your words are still here. {key} again leaves without saving."),
                true,
            );
            Vec::new()
        }
        _ => Vec::new(),
    }
}
