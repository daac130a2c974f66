//! The thin driver: feeds terminal events to `update`, runs the effects it returns (saving,
//! loading, creating sessions), and draws when something changed.
//!
//! It is generic over the ratatui backend and over where events come from, so tests run the
//! real loop over a `TestBackend` and a scripted list of events. It blocks on input until the
//! next deadline (an autosave, a save retry) instead of ticking, and checks for a termination
//! signal at least every quarter second.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event};

mod background;
mod effects;
mod events;
mod search;

pub use background::Background;
pub use events::{CrosstermEvents, EventSource, Polled, ScriptedEvents};
pub use search::{SearchSource, SearchWorker, index_of};

use crate::app::{Effect, Model, Msg, Screen, update};
use crate::library::search::Doc;
use crate::store::{Store, StoreError};
use crate::transcript::Transcript;
use crate::ui;

/// Lets another program change a text: the text as it was left, or why not.
pub type OutsideEditor = Box<dyn FnMut(&str) -> Result<String, String>>;

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The person chose to leave.
    Quit,
    /// A signal asked us to stop (its number).
    Signal(usize),
    /// Input closed: the terminal went away or the script ended.
    InputClosed,
}

/// Longest time to block for input, so a pending signal is noticed quickly.
const MAX_WAIT: Duration = Duration::from_millis(250);

/// How often the home screen and the library look at the sessions folder for changes.
pub const WATCH_EVERY: Duration = Duration::from_secs(2);

/// Files looked at for an in-place rewrite at each look at the folder: all of them up to
/// this many, in turn beyond it (about half a millisecond).
const SCAN_EACH: usize = 400;

pub struct Driver<'a> {
    pub store: &'a mut dyn Store,
    pub model: Model,
    /// Set (to the signal number) by a signal handler; checked between events.
    pub signal: Arc<AtomicUsize>,
    /// Debug builds only: F12 panics when `LEVERAGE_DEBUG_PANIC` is set, so tests can prove
    /// that a panic saves the session and restores the terminal.
    panic_key: bool,
    /// Searches off the UI thread; without one (tests) searches run inline.
    pub searcher: Option<SearchWorker>,
    /// Where a search worker reads sessions from; it is started when the library first opens.
    pub search_source: Option<Arc<dyn SearchSource>>,
    /// Where `e` in the library and viewer writes Markdown.
    pub export_dir: Option<std::path::PathBuf>,
    /// Called with true when a screen wants mouse wheel events, false when it does not.
    pub mouse: Option<Box<dyn FnMut(bool)>>,
    /// Lets the person's own editor change an answer (see `crate::external`); none in tests
    /// that do not give one.
    pub outside_editor: Option<OutsideEditor>,
    /// The terminal was handed to another program: draw everything again.
    repaint: bool,
    /// Saves and listings off the UI thread; without one (tests) they run inline.
    pub background: Option<Background>,
    listing_asked: bool,
    /// The sessions folder's stamp, and the client the screen was scoped to, when the
    /// listing held was asked for.
    listed_as: Option<(u128, Option<String>)>,
    /// The lock on the session being written, held until another session opens or we leave.
    lock: Option<crate::store::SessionLock>,
    /// `Effect::Exit` ran: the loop ends after this turn.
    leaving: bool,
    search_warm: bool,
    /// The sessions folder as last looked at (see `watch_folder`), and when.
    watched: Option<(Option<u128>, std::time::Instant)>,
    /// Each listed session's file as last looked at, and where the next look starts: a few
    /// hundred files a look, in turn, so a file rewritten in place is noticed too.
    file_keys: HashMap<String, Option<u64>>,
    scan_at: usize,
    mouse_on: bool,
}

/// The environment variable that arms the debug-only panic key.
pub const DEBUG_PANIC_ENV: &str = "LEVERAGE_DEBUG_PANIC";

impl<'a> Driver<'a> {
    pub fn new(store: &'a mut dyn Store, model: Model) -> Self {
        let panic_key = cfg!(debug_assertions) && std::env::var_os(DEBUG_PANIC_ENV).is_some();
        Driver {
            store,
            model,
            signal: Arc::new(AtomicUsize::new(0)),
            panic_key,
            searcher: None,
            search_source: None,
            export_dir: None,
            mouse: None,
            outside_editor: None,
            repaint: false,
            mouse_on: false,
            background: None,
            listing_asked: false,
            listed_as: None,
            lock: None,
            leaving: false,
            search_warm: false,
            watched: None,
            file_keys: HashMap::new(),
            scan_at: 0,
        }
    }

    /// On the home screen and in the library, look at the sessions folder every couple of
    /// seconds: files another device synced in (or took away) are listed and searchable
    /// without a restart. True when the listing was asked for again.
    pub fn watch_folder(&mut self, now: std::time::Instant) -> bool {
        if !matches!(self.model.screen, Screen::Home | Screen::Library(_)) {
            return false;
        }
        if let Some((_, at)) = self.watched
            && now.duration_since(at) < WATCH_EVERY
        {
            return false;
        }
        let stamp = self.store.folder_stamp();
        let before = self.watched.map(|(s, _)| s);
        self.watched = Some((stamp, now));
        let rewritten = self.rewritten_in_place();
        if (before.is_some() && before != Some(stamp)) || rewritten {
            // Read again even when the folder's time says nothing moved.
            self.listed_as = None;
            self.sessions_changed();
            self.start(Effect::RefreshListing);
            return true;
        }
        false
    }

    /// Whether a file among the next few hundred listed sessions changed since it was last
    /// looked at (a `cp` over it, a sync tool that writes in place).
    fn rewritten_in_place(&mut self) -> bool {
        let sessions = &self.model.listing.sessions;
        let n = sessions.len();
        if n == 0 {
            return false;
        }
        let take = n.min(SCAN_EACH);
        let mut changed = false;
        for k in 0..take {
            let id = &sessions[(self.scan_at + k) % n].id;
            let key = self.store.file_key(id);
            if let Some(old) = self.file_keys.insert(id.clone(), key)
                && old != key
            {
                changed = true;
            }
        }
        self.scan_at = (self.scan_at + take) % n;
        changed
    }

    /// Send a message and carry out every effect it leads to.
    pub fn dispatch(&mut self, msg: Msg) {
        let mut queue = VecDeque::from([msg]);
        while let Some(msg) = queue.pop_front() {
            for effect in update(&mut self.model, msg) {
                if let Some(reply) = self.run_effect(effect) {
                    queue.push_back(reply);
                }
            }
        }
    }

    /// Carry out an effect before the loop starts (open a session from the command line).
    pub fn start(&mut self, effect: Effect) {
        if let Some(reply) = self.run_effect(effect) {
            self.dispatch(reply);
        }
    }

    /// Take the results of background work that has finished (or, with `wait`, all of it).
    fn collect(&mut self, wait: bool) -> bool {
        let Some(bg) = &mut self.background else {
            return false;
        };
        // Leaving waits for every save, never for a listing behind them.
        let msgs = if wait {
            bg.drain_saves(Duration::from_secs(10))
        } else {
            bg.poll()
        };
        let any = !msgs.is_empty();
        for msg in msgs {
            if matches!(
                msg,
                Msg::Saved { result: Ok(()), .. } | Msg::Diverged { .. }
            ) {
                self.sessions_changed();
            }
            self.dispatch(msg);
        }
        any
    }

    /// After a panic: save the open session as it stands, if there is one. Returns where.
    pub fn emergency_save(&mut self) -> Option<String> {
        self.collect(true);
        let now = Timestamp::now();
        let crate::app::Screen::Session(s) = &mut self.model.screen else {
            return None;
        };
        let Some(Effect::Save { transcript, .. }) = s.save_effect(now) else {
            return (s.save.saved_at.is_some()).then(|| s.location.clone());
        };
        self.store
            .save(&transcript)
            .ok()
            .map(|()| s.location.clone())
    }

    /// The session on screen as it stands, when some of it is not saved (the last save
    /// failed, or changes came after it).
    pub fn unsaved(&self) -> Option<Transcript> {
        match &self.model.screen {
            crate::app::Screen::Session(s) if s.save.error.is_some() || s.save.is_dirty() => {
                Some(s.session.to_transcript())
            }
            _ => None,
        }
    }

    /// Where the session on screen (or just finished) is saved, when its last save worked
    /// and nothing is left unsaved.
    pub fn saved_location(&self) -> Option<String> {
        match &self.model.screen {
            crate::app::Screen::Session(s)
                if s.save.saved_at.is_some() && s.save.error.is_none() && !s.save.is_dirty() =>
            {
                Some(s.location.clone())
            }
            crate::app::Screen::Summary(s) => Some(s.location.clone()),
            _ => None,
        }
    }

    /// Run until the person leaves, a signal arrives, or input closes. The session is saved
    /// on every one of those paths before this returns.
    pub fn run<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        events: &mut dyn EventSource,
    ) -> Result<Ending, B::Error> {
        let size = terminal.size()?;
        self.dispatch(Msg::Tick(Timestamp::now()));
        self.dispatch(Msg::Resize(size.width, size.height));
        let mut dirty = true;
        loop {
            // Saves and listings finished in the background.
            if self.collect(false) {
                dirty = true;
            }
            // Search results from the worker, whenever they arrive.
            while let Some((generation, hits)) = self.searcher.as_mut().and_then(SearchWorker::poll)
            {
                self.dispatch(Msg::SearchResults { generation, hits });
                dirty = true;
            }
            // How far a long index build has got, said as it goes.
            let reading = self.searcher.as_ref().and_then(SearchWorker::reading);
            if reading != self.model.search_reading {
                self.dispatch(Msg::SearchReading(reading));
                dirty = true;
            }
            // Opening the library starts indexing for search, before the first key is typed.
            if matches!(self.model.screen, Screen::Library(_)) && !self.search_warm {
                self.search_warm = true;
                if self.searcher.is_none()
                    && let Some(source) = self.search_source.take()
                {
                    self.searcher = SearchWorker::spawn(source).ok();
                }
                if let Some(w) = &mut self.searcher {
                    w.warm();
                }
            }
            let mouse = wants_mouse(&self.model);
            if mouse != self.mouse_on {
                self.mouse_on = mouse;
                if let Some(set) = &mut self.mouse {
                    set(mouse);
                }
            }
            if self.repaint {
                self.repaint = false;
                // The screen was cleared when it was taken back; a blank frame tells ratatui so
                // (its own clear asks the terminal where the cursor is, which not every one
                // answers), and the next frame is then drawn whole.
                terminal.draw(|f| f.render_widget(ratatui::widgets::Clear, f.area()))?;
                let size = terminal.size()?;
                self.dispatch(Msg::Resize(size.width, size.height));
                dirty = true;
            }
            if dirty {
                terminal.draw(|f| ui::view(&self.model, f))?;
                dirty = false;
                // The listing is read once the first frame is up, so launching never waits on it.
                if !self.model.listed && !self.listing_asked {
                    self.listing_asked = true;
                    self.start(Effect::RefreshListing);
                    dirty = true;
                }
            }
            if self.leaving {
                self.collect(true);
                return Ok(Ending::Quit);
            }
            let signal = self.signal.load(Ordering::SeqCst);
            if signal != 0 {
                self.dispatch(Msg::Terminate);
                self.collect(true);
                return Ok(Ending::Signal(signal));
            }
            let now = Timestamp::now();
            let wait = self
                .model
                .next_deadline()
                .map(|d| d.duration_since(now).unsigned_abs())
                .unwrap_or(MAX_WAIT)
                .min(MAX_WAIT);
            // While a search runs, wake often (every 2 ms, only until its results land) to
            // show them at once; while background work runs, every 10 ms.
            let busy = self.background.as_ref().is_some_and(Background::busy);
            let wait = if self.searcher.as_ref().is_some_and(SearchWorker::pending) {
                wait.min(Duration::from_millis(2))
            } else if busy || self.model.search_reading.is_some() {
                wait.min(Duration::from_millis(10))
            } else {
                wait
            };
            match events.poll(wait) {
                Polled::Event(ev) => {
                    if self.panic_key
                        && matches!(&ev, Event::Key(k) if k.code == event::KeyCode::F(12))
                    {
                        panic!("debug panic requested with F12");
                    }
                    self.dispatch(Msg::Tick(Timestamp::now()));
                    if let Some(msg) = to_msg(ev) {
                        self.dispatch(msg);
                    }
                    dirty = true;
                }
                Polled::Timeout => {
                    let before = self.model.next_deadline();
                    self.dispatch(Msg::Tick(Timestamp::now()));
                    if before != self.model.next_deadline() {
                        dirty = true;
                    }
                    dirty |= self.watch_folder(std::time::Instant::now());
                }
                Polled::Closed => {
                    self.dispatch(Msg::Tick(Timestamp::now()));
                    self.dispatch(Msg::Terminate);
                    self.collect(true);
                    return Ok(Ending::InputClosed);
                }
            }
        }
    }
}

fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(k) => Some(Msg::Key(k)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Mouse(m) => match m.kind {
            event::MouseEventKind::ScrollUp => Some(Msg::Scroll(-3)),
            event::MouseEventKind::ScrollDown => Some(Msg::Scroll(3)),
            _ => None,
        },
        _ => None,
    }
}

/// The message for the result of a save.
pub fn saved_msg(store: &dyn Store, generation: u64, result: Result<(), StoreError>) -> Msg {
    match result {
        Err(StoreError::Diverged { original, saved_as }) => {
            let location = store.location(&saved_as);
            Msg::Diverged {
                generation,
                original,
                saved_as,
                location,
            }
        }
        other => Msg::Saved {
            generation,
            result: other.map_err(|e| e.to_string()),
        },
    }
}

/// The searchable text of every session in the store.
pub fn all_docs(store: &dyn Store) -> Vec<Doc> {
    let listing = store.list();
    listing
        .sessions
        .iter()
        .filter_map(|s| store.load(&s.id).ok())
        .map(|t| Doc::of(&t))
        .collect()
}

/// Write `t` as `<dir>/<id><suffix>.ron` (creating `dir`, private), for a person whose
/// sessions folder cannot be written; where it went.
pub fn save_copy(t: &Transcript, dir: &std::path::Path, suffix: &str) -> Result<String, String> {
    let text = crate::transcript::to_ron(t).map_err(|e| e.to_string())?;
    crate::store::create_private_dir(dir).map_err(|e| e.to_string())?;
    let name = format!("{}{suffix}.ron", t.id);
    crate::store::write_atomic(dir, &name, text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(dir.join(name).display().to_string())
}

/// Whether the screen on show scrolls with the mouse wheel.
fn wants_mouse(model: &Model) -> bool {
    matches!(
        model.screen,
        Screen::Library(_) | Screen::Viewer(_) | Screen::Patterns(_)
    )
}
