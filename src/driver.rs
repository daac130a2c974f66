//! The thin driver: feeds terminal events to `update`, runs the effects it returns (saving,
//! loading, creating sessions), and draws when something changed.
//!
//! It is generic over the ratatui backend and over where events come from, so tests run the
//! real loop over a `TestBackend` and a scripted list of events. It blocks on input until the
//! next deadline (an autosave, a save retry) instead of ticking, and checks for a termination
//! signal at least every quarter second.

use std::collections::{HashMap, VecDeque};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event};

mod background;
mod search;

pub use background::Background;
pub use search::{SearchSource, SearchWorker, index_of};

use crate::app::{Change, Effect, Exported, Model, Msg, OpenFailure, Screen, update};
use crate::library::search::Doc;
use crate::session::Session;
use crate::store::{Store, StoreError};
use crate::transcript::Transcript;
use crate::ui;

/// Lets another program change a text: the text as it was left, or why not.
pub type OutsideEditor = Box<dyn FnMut(&str) -> Result<String, String>>;

/// What the event source produced.
#[derive(Debug)]
pub enum Polled {
    Event(Event),
    /// Nothing arrived before the timeout.
    Timeout,
    /// No more input will ever come (the script ended, the terminal went away).
    Closed,
}

pub trait EventSource {
    fn poll(&mut self, timeout: Duration) -> Polled;
}

/// Events from the real terminal.
#[derive(Debug, Default)]
pub struct CrosstermEvents;

impl EventSource for CrosstermEvents {
    fn poll(&mut self, timeout: Duration) -> Polled {
        // crossterm 0.29 keeps reading a terminal that has hung up (it takes end-of-file for
        // "no data yet"), spinning forever; so the hang-up is looked for here first, and the
        // wait for input is done here too.
        if wait_for_input(Duration::ZERO) == Input::HungUp {
            return Polled::Closed;
        }
        match read_ready() {
            Some(polled) => return polled,
            None if timeout.is_zero() => return Polled::Timeout,
            None => {}
        }
        match wait_for_input(timeout) {
            Input::HungUp => Polled::Closed,
            Input::Idle => Polled::Timeout,
            Input::Ready => read_ready().unwrap_or(Polled::Timeout),
        }
    }
}

/// An event crossterm already has, or can read without waiting.
fn read_ready() -> Option<Polled> {
    match event::poll(Duration::ZERO) {
        Ok(true) => Some(match event::read() {
            Ok(e) => Polled::Event(e),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Polled::Timeout,
            Err(_) => Polled::Closed,
        }),
        Ok(false) => None,
        Err(e) if e.kind() == io::ErrorKind::Interrupted => None,
        Err(_) => Some(Polled::Closed),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Ready,
    Idle,
    HungUp,
}

/// Wait up to `timeout` for the terminal (stdin) to have input, or to hang up.
fn wait_for_input(timeout: Duration) -> Input {
    use rustix::event::{PollFd, PollFlags, Timespec};
    let stdin = io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let ts = Timespec {
        tv_sec: timeout.as_secs().try_into().unwrap_or(i64::MAX),
        tv_nsec: timeout.subsec_nanos().into(),
    };
    match rustix::event::poll(&mut fds, Some(&ts)) {
        Ok(0) => Input::Idle,
        Ok(_) => {
            let got = fds[0].revents();
            if got.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                Input::HungUp
            } else {
                Input::Ready
            }
        }
        Err(rustix::io::Errno::INTR) => Input::Idle,
        Err(_) => Input::HungUp,
    }
}

/// Lower the calling thread's priority (Linux nice values are per thread): listing, indexing
/// and saving in the background never take the processor from the UI thread or from the
/// terminal drawing what it wrote. Failing to lower it changes nothing else.
pub fn background_priority() {
    let _ = rustix::process::setpriority_process(None, 10);
}

/// A fixed list of events, for tests; closes when it runs out.
#[derive(Debug, Default)]
pub struct ScriptedEvents {
    pub events: VecDeque<Event>,
}

impl ScriptedEvents {
    pub fn new(events: impl IntoIterator<Item = Event>) -> Self {
        ScriptedEvents {
            events: events.into_iter().collect(),
        }
    }
}

impl EventSource for ScriptedEvents {
    fn poll(&mut self, _timeout: Duration) -> Polled {
        self.events
            .pop_front()
            .map_or(Polled::Closed, Polled::Event)
    }
}

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

    fn run_effect(&mut self, effect: Effect) -> Option<Msg> {
        match effect {
            Effect::Save {
                transcript,
                generation,
            } => {
                if let Some(bg) = &mut self.background
                    && bg.save(transcript.clone(), generation)
                {
                    return None;
                }
                let result = self.store.save(&transcript);
                // A save that wrote nothing leaves the folder as it was.
                if !matches!(
                    result,
                    Err(StoreError::Io { .. }
                        | StoreError::Encode(_)
                        | StoreError::InvalidId(_)
                        | StoreError::NoFreeId
                        | StoreError::Refused { .. }
                        | StoreError::Unsupported(_))
                ) {
                    self.sessions_changed();
                }
                Some(saved_msg(&*self.store, generation, result))
            }
            Effect::SaveCopy { transcript, dir } => {
                Some(Msg::CopySaved(save_copy(&transcript, &dir, "")))
            }
            Effect::CreateSession {
                guide_id,
                mode,
                pair,
            } => Some(self.create(&guide_id, mode.as_deref(), pair)),
            Effect::OpenSession { id } => Some(self.open(&id)),
            Effect::RefreshListing => {
                // Asked for: the first frame's own request is then not made again (two
                // listings of every session at once, one held while the other is read).
                self.listing_asked = true;
                // Nothing came, went or was saved since the listing held (the folder's time
                // moves with each), for the same client: it stands, and opening the library
                // again neither reads every summary nor holds two listings at once. A file
                // rewritten in place is found by `watch_folder`'s round of the files.
                let now = self
                    .store
                    .folder_stamp()
                    .map(|s| (s, self.model.client_scope.clone()));
                if self.model.listed && now.is_some() && now == self.listed_as {
                    return None;
                }
                self.listed_as = now;
                if let Some(bg) = &mut self.background
                    && bg.list()
                {
                    return None;
                }
                Some(Msg::Listed(self.store.list()))
            }
            Effect::LoadTranscript { id } => {
                let result = self
                    .store
                    .load(&id)
                    .map(Box::new)
                    .map_err(|e| e.to_string());
                Some(Msg::TranscriptLoaded { id, result })
            }
            Effect::Search { query, generation } => match &mut self.searcher {
                Some(worker) => {
                    worker.submit(query, generation);
                    None
                }
                None => {
                    // No worker (tests): search here, over every session.
                    let index = index_of(&*self.store);
                    let cancel = std::sync::atomic::AtomicU64::new(generation);
                    let store = &*self.store;
                    let doc = |id: &str| store.load(id).ok().map(|t| Doc::of(&t));
                    let hits = index
                        .query(&query, generation, &cancel, &doc)
                        .unwrap_or_default();
                    Some(Msg::SearchResults { generation, hits })
                }
            },
            Effect::SetTags { id, before, after } => Some(self.change(&id, Change::Tags, |t| {
                t.tags = crate::library::merge_tags(&t.tags, &before, &after);
            })),
            Effect::AddRevisit { id, text, at } => Some(self.change(&id, Change::Revisit, |t| {
                // To the second, as every other time in the file.
                let written = jiff::Timestamp::from_second(at.as_second()).unwrap_or(at);
                t.revisits
                    .push(crate::transcript::Revisit { written, text });
                // Revisiting is what the reminder asked for: a reminder now due is dealt with.
                if t.revisit_due.is_some_and(|due| due <= at) {
                    t.revisit_due = None;
                }
            })),
            Effect::SetRevisitDue { id, due } => {
                Some(self.change(&id, Change::RevisitDue(due), |t| t.revisit_due = due))
            }
            Effect::Delete { id } => {
                let result = self
                    .store
                    .delete(&id)
                    .map(|()| id)
                    .map_err(|e| e.to_string());
                self.sessions_changed();
                Some(Msg::Deleted(result))
            }
            Effect::LoadTrash => Some(Msg::TrashReady(self.store.trash().sessions)),
            Effect::Restore { id, headline } => {
                let result = self
                    .store
                    .restore(&id)
                    .map(|()| headline)
                    .map_err(|e| e.to_string());
                self.sessions_changed();
                Some(Msg::Restored(result))
            }
            Effect::Export { id } => Some(Msg::Exported(self.export(&id))),
            Effect::ExportSummary { id } => Some(Msg::Exported(self.export_summary(&id))),
            Effect::EditOutside { text } => {
                let result = match &mut self.outside_editor {
                    Some(edit) => edit(&text),
                    None => Err("no editor can be opened here".into()),
                };
                // The editor had the terminal: everything is drawn again, mouse mode included.
                self.repaint = true;
                self.mouse_on = false;
                Some(Msg::EditedOutside(result))
            }
            Effect::LoadPatterns { client } => {
                let store = &*self.store;
                let transcripts = store
                    .list()
                    .sessions
                    .into_iter()
                    .filter(|s| match (&client, &s.client) {
                        (None, _) => true,
                        (Some(want), Some(have)) => crate::actions::same_client(want, have),
                        (Some(_), None) => false,
                    })
                    .filter_map(|s| store.load(&s.id).ok());
                let guides = &self.model.library;
                let point_of = |guide: &str, step: &str| {
                    let g = guides.find(guide)?;
                    g.steps[g.step_index(step)?].point.clone()
                };
                let mut patterns = crate::library::patterns::gather(transcripts, &point_of);
                patterns.client = client;
                Some(Msg::PatternsReady(Box::new(patterns)))
            }
            Effect::Exit => {
                self.leaving = true;
                None
            }
        }
    }

    /// Load, change and save one transcript (never its answers), then report the new state.
    fn change(&mut self, id: &str, change: Change, f: impl FnOnce(&mut Transcript)) -> Msg {
        // Read to be written back: a file holding fields this version does not know is refused.
        let result = self.store.load_to_write(id).and_then(|mut t| {
            f(&mut t);
            self.store.save(&t).map(|()| t)
        });
        self.sessions_changed();
        Msg::TranscriptChanged {
            id: id.to_string(),
            change,
            result: result.map(Box::new).map_err(|e| e.to_string()),
        }
    }

    fn export(&mut self, id: &str) -> Result<Exported, String> {
        let t = self.store.load(id).map_err(|e| e.to_string())?;
        let notes = self.store.load_notes(id).ok().flatten();
        let (text, withheld) = crate::export::shared_copy(
            &t,
            notes.as_ref(),
            crate::export::Format::Markdown,
            &self.model.tz,
        );
        let dir = self
            .export_dir
            .clone()
            .ok_or("exporting needs a data folder")?;
        let name = format!("{}.md", crate::export::file_stem(id, t.headline.as_deref()));
        crate::store::write_atomic(&dir, &name, text.as_bytes()).map_err(|e| e.to_string())?;
        Ok(Exported {
            id: id.to_string(),
            path: dir.join(name).display().to_string(),
            withheld,
        })
    }

    /// The recap for the client: made from the shared projection only, so no coach-only
    /// word can reach it.
    fn export_summary(&mut self, id: &str) -> Result<Exported, String> {
        let t = self.store.load(id).map_err(|e| e.to_string())?;
        let shared = crate::privacy::project(&t, crate::pairing::Audience::Shared, None);
        let text = crate::export::summary(&shared.transcript, &self.model.tz);
        let dir = self
            .export_dir
            .clone()
            .ok_or("exporting needs a data folder")?;
        let name = format!(
            "{}.summary.md",
            crate::export::file_stem(id, t.headline.as_deref())
        );
        crate::store::write_atomic(&dir, &name, text.as_bytes()).map_err(|e| e.to_string())?;
        Ok(Exported {
            id: id.to_string(),
            path: dir.join(name).display().to_string(),
            withheld: 0,
        })
    }

    fn sessions_changed(&mut self) {
        if let Some(w) = &mut self.searcher {
            w.reload();
            self.search_warm = false;
        }
    }

    fn create(
        &mut self,
        guide_id: &str,
        mode: Option<&str>,
        pair: Option<crate::pairing::Pairing>,
    ) -> Msg {
        let Some(guide) = self.model.library.find(guide_id).cloned() else {
            return Msg::OpenFailed(OpenFailure::NoGuide(guide_id.to_string()));
        };
        let now = Timestamp::now();
        match self.store.allocate_id(now) {
            Ok(id) => {
                match self.store.lock(&id) {
                    Ok(lock) => self.lock = Some(lock),
                    Err(e) => return Msg::OpenFailed(OpenFailure::Start(e.to_string())),
                }
                let location = self.store.location(&id);
                let mut session = Session::new(id, guide, now);
                // A returning client's next steps from earlier sessions, to look at first.
                let mut pair = pair;
                if let Some(p) = &mut pair {
                    session.reviewed = crate::actions::returning(&*self.store, p);
                }
                session.pair = pair;
                if let Some(mode) = mode {
                    session.set_mode(mode);
                }
                Msg::SessionReady {
                    session: Box::new(session),
                    location,
                }
            }
            Err(e) => Msg::OpenFailed(OpenFailure::Start(e.to_string())),
        }
    }

    fn open(&mut self, id: &str) -> Msg {
        match self.store.lock(id) {
            Ok(lock) => self.lock = Some(lock),
            Err(e) => {
                return Msg::OpenFailed(OpenFailure::Open {
                    id: id.to_string(),
                    reason: e.to_string(),
                });
            }
        }
        // What cannot be taken up again (complete, a copy, its guide gone, or holding what this
        // version would drop) opens to read, saying why; its bytes are left as they are.
        let (transcript, reason) = match self.store.load_to_write(id) {
            Ok(t) => match Session::resume(&t, &self.model.library) {
                Ok(session) => {
                    return Msg::SessionReady {
                        session: Box::new(session),
                        location: self.store.location(id),
                    };
                }
                Err(e) => (Ok(t), read_only_notice(&e)),
            },
            Err(StoreError::Uncarried { what, .. }) => (
                self.store.load(id),
                format!(
                    "Read only: it holds {what} which this version cannot write back, so the \
                     file is left exactly as it is."
                ),
            ),
            Err(e) => (Err(e), String::new()),
        };
        // Not opened for writing: not held either.
        self.lock = None;
        match transcript {
            Ok(t) => Msg::OpenedToRead {
                transcript: Box::new(t),
                reason,
            },
            Err(e) => Msg::OpenFailed(OpenFailure::Open {
                id: id.to_string(),
                reason: e.to_string(),
            }),
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

/// Why a session asked to be taken up again is shown to read instead, said from the reader.
fn read_only_notice(e: &crate::session::ResumeError) -> String {
    use crate::session::ResumeError as E;
    match e {
        E::Complete(_) => "This session is complete: here it is to read.".into(),
        E::GuideMissing { guide, .. } => {
            format!("Read only: its guide {guide:?} is not installed, so it cannot go on.")
        }
        E::Lossy { reason, .. } => format!(
            "Read only: going on with it would lose {reason}, so the file is left exactly as it is."
        ),
        E::Copy { .. } => "Read only: this file is a copy of another session (a sync conflict?). \
                           Resolve it with `leverage resolve` before going on with it."
            .into(),
    }
}
