//! The pure core of the TUI: the [`Model`], the messages that change it, and the effects it
//! asks the driver to carry out.
//!
//! `update` does no I/O and reads no clock: time arrives in [`Msg::Tick`], file results come
//! back as messages. That is what lets every behaviour be tested without a terminal. The
//! screens are an enum; the help overlay sits above whichever screen is showing.

mod browse;
mod hints;
mod home;
mod keys;
mod library;
mod overlays;
mod review;
mod step;
mod talk;

pub use browse::{CONSENT_ROW, body_height, reading_width};
pub use home::{HomeItem, items as home_items};
use keys::{leave, on_key, on_saved};
pub use library::{Dialog, Field, LibraryScreen, PatternsScreen, Row, ViewerScreen, parse_tags};
pub use overlays::{Overlay, Overlays};
pub use step::layout as step_layout;
pub use step::{SaveState, SessionScreen, edit_action, is_text_key};
use step_layout::Room;
pub use talk::{Talk, Target};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::KeyEvent;

use crate::content::Library;
use crate::guide::StepKind;
use crate::keymap::{Action, Keymap};
use crate::pairing::Pairing;
use crate::session::{Session, Shift};
use crate::store::Listing;
use crate::transcript::Transcript;

/// How long after the first unsaved change an autosave happens.
pub const AUTOSAVE_AFTER: jiff::SignedDuration = jiff::SignedDuration::from_secs(2);
/// The largest answer a paste may make.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;
/// How long to wait before trying a failed save again.
pub const RETRY_AFTER: jiff::SignedDuration = jiff::SignedDuration::from_secs(5);

#[derive(Debug)]
pub struct Model {
    pub library: Library,
    pub keymap: Keymap,
    pub listing: Listing,
    pub screen: Screen,
    /// The screens under this one, most recent last: Esc returns to the one you came from
    /// as you left it (the library keeps its search, filter, sort and selection).
    pub history: Vec<Screen>,
    /// The client this screen has been shared with: once a paired session opens here, the
    /// home screen, the library, its search and patterns show only that client's sessions.
    pub client_scope: Option<String>,
    /// The actions agreed in paired sessions and not settled since, with each client's name,
    /// worked out once per listing (the home screen shows those coming due).
    pub open_actions: Vec<(String, crate::transcript::Review)>,
    /// The clients in the listing, for the pair form (worked out once per listing, not per
    /// frame or key).
    pub known_clients: Vec<crate::actions::names::Known>,
    /// Where a copy of the session went when the sessions folder could not be written.
    pub copied_to: Option<String>,
    pub status: Option<StatusLine>,
    pub size: (u16, u16),
    pub now: Timestamp,
    pub tz: TimeZone,
    /// Colour is off (`NO_COLOR`); the view derives its theme from this and `presenting`.
    pub no_color: bool,
    pub home_selected: usize,
    /// Whether `listing` has been read yet (the first frame comes before it).
    pub listed: bool,
    /// Help and dialogs over the screen; the front one takes the keys.
    pub overlays: Overlays,
    pub quit: QuitState,
    /// The presentation layout (F6): high contrast, wider margins, less chrome.
    pub presenting: bool,
    /// Draw only ASCII (a locale that is not UTF-8, or `--ascii`).
    pub ascii: bool,
    /// While search reads sessions into its index (the first time, or after many changed):
    /// how many it has read so far.
    pub search_reading: Option<usize>,
}

#[derive(Debug)]
pub enum Screen {
    Home,
    /// Choosing how to run a guide that has modes, before its session starts.
    ChooseMode {
        guide_id: String,
        selected: usize,
        pair: Option<Pairing>,
    },
    Session(Box<SessionScreen>),
    Summary(Box<SummaryScreen>),
    Library(Box<LibraryScreen>),
    Viewer(Box<ViewerScreen>),
    Patterns(Box<PatternsScreen>),
}

/// What the end-of-session screen shows, taken from the finished session.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryScreen {
    pub id: String,
    pub revisit_due: Option<Timestamp>,
    pub guide_title: String,
    pub headline: Option<String>,
    pub statement: Option<String>,
    pub audience: Option<String>,
    pub shift: Option<Shift>,
    pub next_step: Option<String>,
    /// What was agreed, with owners and dates, when the guide asks for actions.
    pub actions: Vec<crate::transcript::Action>,
    pub pair: Option<crate::pairing::Pairing>,
    /// Each rehearsal question answered or passed over, with its time and target.
    pub rehearsal: Vec<crate::session::TakeTime>,
    pub answered: usize,
    pub skipped: usize,
    pub total: usize,
    pub location: String,
    pub saved: bool,
}

/// Why a session could not be started or opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenFailure {
    NoGuide(String),
    /// The store could not give a new session an id or a lock.
    Start(String),
    Open {
        id: String,
        reason: String,
    },
}

/// Which change to a transcript a [`Msg::TranscriptChanged`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Tags,
    Revisit,
    RevisitDue(Option<Timestamp>),
}

/// A session exported for a client: where it went, and how many coach-only notes were left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub id: String,
    pub path: String,
    pub withheld: usize,
}

/// The line under the screen: a sentence and what kind of news it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub text: String,
    pub kind: StatusKind,
}

/// What a status line reports, so a later event can clear exactly its own kind of news
/// (a save that works clears a failed save's warning) without reading the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
    /// The open session could not be saved; cleared by the next save that works.
    SaveFailed,
    /// The followed session could not be read (the console); cleared by the next good read.
    ReadFailed,
}

impl StatusLine {
    pub fn new(text: impl Into<String>, kind: StatusKind) -> StatusLine {
        StatusLine {
            text: text.into(),
            kind,
        }
    }
}

impl StatusLine {
    pub fn is_error(&self) -> bool {
        self.kind != StatusKind::Info
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuitState {
    #[default]
    Running,
    /// A save was asked for on the way out; leave when it lands (or at once when forced).
    Saving { force: bool },
    /// Saving on the way out failed: the leaving dialog asks what to do, and stays until
    /// answered. A save that works meanwhile (the retry timer) leaves.
    Unsaved,
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
        pair: Option<Pairing>,
    },
    OpenFailed(OpenFailure),
    /// A session asked to be taken up again that can only be read (complete, a copy, or
    /// holding what this version would drop), and why.
    OpenedToRead {
        transcript: Box<Transcript>,
        reason: String,
    },
    /// The result of an [`Effect::Save`] for the given edit generation.
    Saved {
        generation: u64,
        result: Result<(), String>,
    },
    /// Leave now, saving first: a signal arrived or the terminal went away.
    Terminate,
    /// The transcript had changed on disk, so the save went to a new session (`saved_as`,
    /// kept at `location`) and the other version was left alone.
    Diverged {
        generation: u64,
        original: String,
        saved_as: String,
        location: String,
    },
    /// A transcript to read, or why it could not be read.
    TranscriptLoaded {
        id: String,
        result: Result<Box<Transcript>, String>,
    },
    /// A transcript after the store changed it (tags, a revisit, a reminder), with what changed.
    /// A change to a transcript (tags, a revisit note, a reminder) was saved, or why not.
    TranscriptChanged {
        id: String,
        change: Change,
        result: Result<Box<Transcript>, String>,
    },
    SearchResults {
        generation: u64,
        hits: Vec<crate::library::search::Hit>,
    },
    /// How far search has got reading sessions into its index (`None`: not reading).
    SearchReading(Option<usize>),
    /// A session went to the trash (its id), or why not.
    Deleted(Result<String, String>),
    /// What is in the trash.
    TrashReady(Vec<crate::store::SessionSummary>),
    /// A session came back from the trash (its headline), or why it could not.
    Restored(Result<String, String>),
    /// The copy asked for when saving failed was written (where), or why not.
    CopySaved(Result<String, String>),
    /// An export was written, or why not.
    Exported(Result<Exported, String>),
    PatternsReady(Box<crate::library::patterns::Patterns>),
    /// The answer as the person's own editor left it, or why the editor was not used.
    EditedOutside(Result<String, String>),
    /// The mouse wheel: lines to scroll (negative is up).
    Scroll(i16),
    OpenLibrary,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Save {
        transcript: Box<Transcript>,
        generation: u64,
    },
    /// Write a copy of the session into `dir` (the person chose it when saving failed).
    SaveCopy {
        transcript: Box<Transcript>,
        dir: std::path::PathBuf,
    },
    CreateSession {
        guide_id: String,
        mode: Option<String>,
        pair: Option<Pairing>,
    },
    OpenSession {
        id: String,
    },
    RefreshListing,
    /// Read a transcript to open in the reader (Esc returns to the screen it came from).
    LoadTranscript {
        id: String,
    },
    Search {
        query: String,
        generation: u64,
    },
    /// Change a session's tags from `before` (what the dialog showed) to `after`, merged
    /// with whatever the file holds now: a tag another device added meanwhile stays.
    SetTags {
        id: String,
        before: Vec<String>,
        after: Vec<String>,
    },
    AddRevisit {
        id: String,
        text: String,
        at: Timestamp,
    },
    SetRevisitDue {
        id: String,
        due: Option<Timestamp>,
    },
    Delete {
        id: String,
    },
    /// List the trash (answered with [`Msg::TrashReady`]).
    LoadTrash,
    /// Bring a session back from the trash, byte for byte; `headline` is what to call it
    /// once it is back (from the trash listing already on screen).
    Restore {
        id: String,
        headline: String,
    },
    Export {
        id: String,
    },
    /// The one-page recap to send the client, into the exports folder.
    ExportSummary {
        id: String,
    },
    /// Every session's lessons, side by side; only `client`'s when the screen is shared
    /// with a client.
    LoadPatterns {
        client: Option<String>,
    },
    /// Hand the answer to the person's own editor (`$VISUAL`, `$EDITOR`).
    EditOutside {
        text: String,
    },
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
            kind: StatusKind::Error,
        });
        let open_actions = crate::actions::open_listed(&listing.sessions);
        let known_clients = crate::actions::names::known(&listing.sessions);
        Model {
            library,
            keymap,
            open_actions,
            known_clients,
            listing,
            screen: Screen::Home,
            history: Vec::new(),
            copied_to: None,
            client_scope: None,
            status,
            size: (80, 24),
            now,
            tz,
            no_color: false,
            home_selected: 0,
            overlays: Overlays::default(),
            listed: true,
            quit: QuitState::Running,
            presenting: false,
            ascii: false,
            search_reading: None,
        }
    }

    /// When the driver must wake even without input (autosave, save retry).
    pub fn next_deadline(&self) -> Option<Timestamp> {
        match &self.screen {
            Screen::Session(s) => {
                let save = s.save.deadline();
                // A rehearsal and a paired session show a running clock: redraw each second.
                let ticking =
                    matches!(s.current_kind(), StepKind::Rehearsal(_)) || s.session.is_paired();
                let clock = ticking
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

    /// Keep only the sessions this screen may show: all of them, or, once it has been shared
    /// with a client, that client's alone (files that could not be read are left out too:
    /// their names say nothing a client needs). What is open and due, and the clients the pair
    /// form knows, follow the same scope.
    pub fn scope_listing(&mut self) {
        if let Some(client) = &self.client_scope {
            self.listing.sessions.retain(|s| {
                s.client
                    .as_deref()
                    .is_some_and(|c| crate::actions::same_client(c, client))
            });
            self.listing.unreadable.clear();
        }
        self.open_actions = crate::actions::open_listed(&self.listing.sessions);
        self.known_clients = crate::actions::names::known(&self.listing.sessions);
    }

    /// Open `screen` over the one showing, which Esc (through [`Model::go_back`]) returns to.
    pub fn push_screen(&mut self, screen: Screen) {
        let under = std::mem::replace(&mut self.screen, screen);
        self.history.push(under);
    }

    /// Back to the screen this one was opened from, as it was left; the home screen when
    /// there is none.
    pub fn go_back(&mut self) {
        self.screen = self.history.pop().unwrap_or(Screen::Home);
    }

    /// Show `screen` as a fresh start: nothing to go back to but the home screen.
    pub fn set_root(&mut self, screen: Screen) {
        self.history.clear();
        self.screen = screen;
    }

    /// The room the screens have: the terminal's size and the presentation layout.
    pub fn room(&self) -> Room {
        Room {
            size: self.size,
            presenting: self.presenting,
        }
    }

    /// Switch the presentation layout on or off.
    pub fn toggle_presenting(&mut self) {
        self.presenting = !self.presenting;
        let room = self.room();
        let (presenting, now) = (self.presenting, self.now);
        if let Screen::Session(s) = &mut self.screen {
            s.fit_viewport(room);
            // Kept with the session, so a resume opens in the same layout.
            if s.session.presentation != presenting {
                s.session.presentation = presenting;
                s.mark_changed(now);
            }
        }
    }

    pub fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(StatusLine {
            text: text.into(),
            kind: if error {
                StatusKind::Error
            } else {
                StatusKind::Info
            },
        });
    }
}

/// Apply one message; return what the driver should do.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Tick(now) => {
            model.now = now;
            match &mut model.screen {
                Screen::Session(s) => {
                    if model.quit == QuitState::Running {
                        // Paused on the way out; a leaving that did not happen runs it again.
                        s.session.clock.start(now);
                    }
                    s.on_tick(now)
                }
                _ => Vec::new(),
            }
        }
        Msg::Resize(w, h) => {
            model.size = (w, h);
            let room = model.room();
            match &mut model.screen {
                Screen::Session(s) => s.fit_viewport(room),
                Screen::Viewer(v) => v.relayout(reading_width(model.size), &model.tz),
                _ => {}
            }
            Vec::new()
        }
        Msg::Listed(listing) => {
            // The first listing of a launch places the home screen's cursor; later ones
            // (after a save, a return home) leave it where the person put it.
            let first = !model.listed;
            model.listing = listing;
            model.scope_listing();
            if first && matches!(model.screen, Screen::Home) {
                // An unfinished session is what a person most likely came back for: Enter
                // resumes it rather than starting a second one.
                // Otherwise the guide the config file names comes first.
                let items = home::items(model);
                let configured = crate::config::Config::current().guide.as_deref();
                if let Some(i) = items
                    .iter()
                    .position(|item| matches!(item, HomeItem::Resume { .. }))
                    .or_else(|| {
                        items.iter().position(|item| {
                            matches!(item, HomeItem::NewSession { guide_id } if Some(guide_id.as_str()) == configured)
                        })
                    })
                {
                    model.home_selected = i;
                }
            }
            model.listed = true;
            model.home_selected = model
                .home_selected
                .min(home::items(model).len().saturating_sub(1));
            browse::after_listing(model);
            Vec::new()
        }
        Msg::TranscriptLoaded { id, result } => {
            let result = result.map_err(|e| format!("Could not read {id}: {e}"));
            browse::on_loaded(model, result);
            Vec::new()
        }
        Msg::TranscriptChanged { id, change, result } => {
            let what = match change {
                Change::Tags => "Tags saved.".to_string(),
                Change::Revisit => "Revisit note added.".to_string(),
                Change::RevisitDue(Some(d)) => format!(
                    "You will find it on the home screen from {}.",
                    crate::time::date_time(d, &model.tz)
                ),
                Change::RevisitDue(None) => "Reminder cleared.".to_string(),
            };
            let result = result.map_err(|e| format!("Could not change {id}: {e}"));
            browse::on_changed(model, result, &what)
        }
        Msg::SearchReading(read) => {
            model.search_reading = read;
            Vec::new()
        }
        Msg::SearchResults { generation, hits } => {
            if let Screen::Library(lib) = &mut model.screen {
                lib.on_results(generation, hits, &model.listing);
            }
            Vec::new()
        }
        Msg::Deleted(result) => {
            match result {
                Ok(id) => {
                    let key = model.keymap.label(
                        &[crate::keymap::Context::Library],
                        crate::keymap::Action::OpenTrash,
                    );
                    model.set_status(
                        format!(
                            "Moved to the trash: {key} in the library brings it back (or `leverage trash --restore {id}`)."
                        ),
                        false,
                    );
                }
                Err(e) => model.set_status(e, true),
            }
            vec![Effect::RefreshListing]
        }
        Msg::TrashReady(mut sessions) => {
            // A screen shared with a client shows only that client's, in the trash too.
            if let Some(client) = &model.client_scope {
                sessions.retain(|s| {
                    s.client
                        .as_deref()
                        .is_some_and(|c| crate::actions::same_client(c, client))
                });
            }
            sessions.sort_by_key(|s| std::cmp::Reverse(s.updated));
            if sessions.is_empty() {
                model.set_status("The trash is empty.", false);
            } else {
                model.overlays.open(Dialog::Trash {
                    sessions,
                    selected: 0,
                });
            }
            Vec::new()
        }
        Msg::Restored(result) => {
            match result {
                Ok(headline) => model.set_status(format!("Brought back: {headline}"), false),
                Err(e) => model.set_status(e, true),
            }
            vec![Effect::RefreshListing]
        }
        Msg::CopySaved(result) => browse::on_copy_saved(model, result),
        Msg::Exported(result) => {
            match result {
                Ok(Exported { id, path, withheld }) => {
                    let them = if withheld == 1 { "it" } else { "them" };
                    let note = match withheld {
                        0 => String::new(),
                        1 => format!(
                            " (1 coach-only note left out; `leverage export {id} --include-private` adds {them})"
                        ),
                        n => format!(
                            " ({n} coach-only notes left out; `leverage export {id} --include-private` adds {them})"
                        ),
                    };
                    model.set_status(format!("Exported to {path}{note}"), false)
                }
                Err(e) => model.set_status(e, true),
            }
            Vec::new()
        }
        Msg::PatternsReady(p) => {
            browse::patterns_ready(model, *p);
            Vec::new()
        }
        Msg::Scroll(lines) => {
            let height = body_height(model.size);
            match &mut model.screen {
                Screen::Viewer(v) => v.scroll_by(isize::from(lines), height),
                Screen::Patterns(p) => {
                    p.scroll = (p.scroll as isize + isize::from(lines)).max(0) as usize
                }
                Screen::Library(lib) => {
                    let action = if lines < 0 { Action::Up } else { Action::Down };
                    for _ in 0..lines.unsigned_abs() {
                        lib.on_action(action, &model.listing, 1);
                    }
                }
                _ => {}
            }
            Vec::new()
        }
        Msg::SessionReady { session, location } => {
            if let Some(pair) = &session.pair {
                model.client_scope = Some(pair.client.clone());
                model.scope_listing();
            }
            let mut screen = SessionScreen::new(*session, location);
            screen.session.clock.start(model.now);
            screen.session.reopen_clock(model.now);
            // A session left in the presentation layout opens in it again (and one opened
            // in it keeps it).
            if screen.session.presentation {
                model.presenting = true;
            } else if model.presenting {
                screen.session.presentation = true;
            }
            screen.fit_viewport(model.room());
            // A paired session is written at once, so the coach's console can attach to it
            // before anyone has typed (the box on screen names the command to run).
            let effects = if screen.session.is_paired() {
                screen.force_save(model.now)
            } else {
                Vec::new()
            };
            model.set_root(Screen::Session(Box::new(screen)));
            model.status = None;
            review::open_if_any(model);
            effects
        }
        Msg::StartGuide {
            guide_id,
            mode,
            pair,
        } => start_guide(model, guide_id, mode, pair),
        Msg::OpenLibrary => browse::open_library(model),
        Msg::OpenFailed(failure) => {
            let sentence = match failure {
                OpenFailure::NoGuide(id) => format!("no guide with the id {id:?}"),
                OpenFailure::Start(reason) => format!("Could not start a session: {reason}"),
                OpenFailure::Open { id, reason } => format!("Could not open {id}: {reason}"),
            };
            model.set_status(sentence, true);
            Vec::new()
        }
        Msg::OpenedToRead { transcript, reason } => {
            browse::on_loaded(model, Ok(transcript));
            if let Screen::Viewer(v) = &mut model.screen {
                v.set_notice(reason);
            }
            Vec::new()
        }
        Msg::EditedOutside(result) => {
            let now = model.now;
            let room = model.room();
            let Screen::Session(s) = &mut model.screen else {
                return Vec::new();
            };
            match result {
                Ok(text) if s.take_outside_edit(&text, now, room) => model.set_status(
                    "Your editor's text is in the answer (Ctrl-Z puts back what was there).",
                    false,
                ),
                Ok(_) => model.set_status("Your editor left the answer as it was.", false),
                Err(e) => model.set_status(format!("{e}; the answer is as it was."), true),
            }
            Vec::new()
        }
        Msg::Saved { generation, result } => on_saved(model, generation, result),
        Msg::Diverged {
            generation,
            original,
            saved_as,
            location,
        } => {
            let mut effects = Vec::new();
            if let Screen::Session(s) = &mut model.screen
                && s.session.id == original
            {
                s.session.id = saved_as.clone();
                s.session.diverged_from = Some(original.clone());
                s.location = location.clone();
                // The copy says which session it went on from.
                s.mark_changed(model.now);
            }
            effects.extend(on_saved(model, generation, Ok(())));
            model.set_status(
                format!("Your words go on as {saved_as}: the session was changed elsewhere, and the other version was kept as it was."),
                true,
            );
            model.overlays.open(Dialog::Diverged {
                original,
                saved_as,
                location,
            });
            effects
        }
        Msg::Terminate => leave(model, true),
        Msg::Paste(text) => {
            if model.overlays.help().is_some() || step_layout::too_small(model.size) {
                return Vec::new();
            }
            if model.overlays.dialog().is_none()
                && let Screen::Session(s) = &mut model.screen
            {
                // Past this size an answer stops being something a person reads or edits.
                if s.editor().len_bytes() + text.len() > MAX_ANSWER_BYTES {
                    let mib = text.len() as f64 / (1024.0 * 1024.0);
                    model.set_status(
                        format!(
                            "That paste ({mib:.1} MB) was not added: an answer holds up to 1 MB."
                        ),
                        true,
                    );
                    return Vec::new();
                }
                return s.paste(&text, model.now);
            }
            browse::type_text(model, &text).unwrap_or_default()
        }
        Msg::Key(key) => on_key(model, key),
    }
}

/// Start from a guide: straight in, or by way of choosing its mode.
fn start_guide(
    model: &mut Model,
    guide_id: String,
    mode: Option<String>,
    pair: Option<Pairing>,
) -> Vec<Effect> {
    let Some(guide) = model.library.find(&guide_id) else {
        model.set_status(format!("No guide with the id {guide_id:?}"), true);
        return Vec::new();
    };
    if mode.is_none() && !guide.modes.is_empty() {
        model.screen = Screen::ChooseMode {
            guide_id,
            selected: 0,
            pair,
        };
        return Vec::new();
    }
    vec![Effect::CreateSession {
        guide_id,
        mode,
        pair,
    }]
}
