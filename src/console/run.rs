//! The console's driver: reads the files, follows the transcript by its modification time
//! (every half second), saves the coach's notes, and runs the terminal.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result, anyhow};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;

use super::{Console, ConsoleEffect, ConsoleMsg, update};
use crate::content::Library;
use crate::driver::{CrosstermEvents, EventSource, Polled};
use crate::keymap::Keymap;
use crate::privacy::CoachNotes;
use crate::store::{FileStore, Store};

/// How often the transcript's modification time is checked.
pub const FOLLOW_EVERY: Duration = Duration::from_millis(500);

/// Open the console on session `id` in this terminal until the coach leaves.
pub fn run(store: FileStore, library: &Library, id: &str) -> Result<u8> {
    let transcript = store
        .load(id)
        .with_context(|| format!("cannot follow {id}"))?;
    if transcript.pair.is_none() {
        return Err(anyhow!(
            "{id} is a solo session; the console follows paired sessions (`leverage new --pair`)"
        ));
    }
    // Notes that cannot be read are never overwritten: say which file and stop.
    let notes = store
        .load_notes(id)
        .with_context(|| format!("cannot read the coach's notes for {id}"))?
        .unwrap_or_else(|| CoachNotes::new(id));
    let guide = library.find(&transcript.guide.id).cloned();
    let (keymap, keymap_warning) = Keymap::load();
    let mut console = Console::new(transcript, guide, notes, keymap, Timestamp::now());
    console.no_color = crate::terminal::no_color();
    console.ascii = crate::terminal::ascii();
    if let Some(w) = crate::config::warning()
        .map(str::to_string)
        .or(keymap_warning)
    {
        console.status = Some(crate::app::StatusLine::new(
            w,
            crate::app::StatusKind::Error,
        ));
    }
    let signal = Arc::new(AtomicUsize::new(0));
    crate::terminal::watch_signals(&signal).context("cannot watch for signals")?;
    let mut term = crate::terminal::enter().context("cannot switch the terminal to full screen")?;
    let mut follower = Follower::new(store);
    let result = follow(
        &mut follower,
        console,
        &mut term,
        &mut CrosstermEvents,
        &signal,
    );
    drop(term);
    // Coach-only notes are on that screen: leave nothing of it in the scrollback.
    crate::terminal::restore_private();
    let ending = result.map_err(|e| anyhow!("terminal error: {e}"))?;
    if let Some(path) = ending {
        println!("Your notes are in {path}");
    }
    Ok(0)
}

/// The files behind a console: reads the transcript when it changes, writes the notes.
pub struct Follower {
    pub store: FileStore,
    seen: Option<(SystemTime, u64)>,
    /// Whether the first look (taken as already read) has happened.
    started: bool,
    pub notes_saved: bool,
    /// `ConsoleEffect::Exit` ran: the loop ends after this turn.
    pub leaving: bool,
}

impl Follower {
    pub fn new(store: FileStore) -> Follower {
        Follower {
            store,
            seen: None,
            started: false,
            notes_saved: false,
            leaving: false,
        }
    }

    /// The transcript again if its file changed since last looked at; or, when the shared
    /// screen went on under another id, that id.
    pub fn poll(&mut self, id: &str) -> Option<ConsoleMsg> {
        if let Some(to) = self.store.moved_to(id) {
            self.seen = None;
            return Some(ConsoleMsg::Moved(to));
        }
        let path = self.store.path_of(id);
        let Ok(meta) = std::fs::metadata(&path) else {
            // Said once: the last view stays up, and following resumes if the file comes back.
            if self.seen.take().is_some() {
                return Some(ConsoleMsg::Reloaded(Err(format!(
                    "{} is gone (moved to the trash?); showing it as it last was",
                    path.display()
                ))));
            }
            return None;
        };
        let stamp = (meta.modified().ok()?, meta.len());
        if self.seen == Some(stamp) {
            return None;
        }
        let first = !self.started;
        self.started = true;
        self.seen = Some(stamp);
        if first {
            return None;
        }
        Some(ConsoleMsg::Reloaded(
            self.store.load(id).map(Box::new).map_err(|e| e.to_string()),
        ))
    }

    fn run_effect(&mut self, effect: ConsoleEffect) -> Option<ConsoleMsg> {
        match effect {
            ConsoleEffect::SaveNotes(notes) => {
                let result = self.store.save_notes(&notes).map_err(|e| e.to_string());
                self.notes_saved |= result.is_ok();
                Some(ConsoleMsg::Saved(result))
            }
            ConsoleEffect::Exit => {
                self.leaving = true;
                None
            }
        }
    }
}

/// One message to the console, with every effect it leads to carried out.
fn send_now(console: &mut Console, files: &mut Follower, msg: ConsoleMsg) {
    let mut queue = vec![msg];
    while let Some(msg) = queue.pop() {
        for effect in update(console, msg) {
            queue.extend(files.run_effect(effect));
        }
    }
}

/// The loop, generic over backend and events so tests can drive it. Returns where the notes
/// are when any were saved.
pub fn follow<B: Backend>(
    files: &mut Follower,
    mut console: Console,
    terminal: &mut Terminal<B>,
    events: &mut dyn EventSource,
    signal: &AtomicUsize,
) -> Result<Option<String>, B::Error> {
    let size = terminal.size()?;
    let mut id = console.id.clone();
    if let Some(moved) = files.poll(&id) {
        send_now(&mut console, files, moved);
        id = console.id.clone();
    }
    send_now(&mut console, files, ConsoleMsg::Tick(Timestamp::now()));
    send_now(
        &mut console,
        files,
        ConsoleMsg::Resize(size.width, size.height),
    );
    loop {
        terminal.draw(|f| super::view::view(&console, f))?;
        if files.leaving {
            break;
        }
        if signal.load(Ordering::SeqCst) != 0 {
            send_now(&mut console, files, ConsoleMsg::Terminate);
            break;
        }
        let msg = match events.poll(FOLLOW_EVERY) {
            Polled::Event(Event::Key(k)) => Some(ConsoleMsg::Key(k)),
            Polled::Event(Event::Paste(p)) => Some(ConsoleMsg::Paste(p)),
            Polled::Event(Event::Resize(w, h)) => Some(ConsoleMsg::Resize(w, h)),
            Polled::Event(_) | Polled::Timeout => None,
            Polled::Closed => {
                send_now(&mut console, files, ConsoleMsg::Terminate);
                break;
            }
        };
        send_now(&mut console, files, ConsoleMsg::Tick(Timestamp::now()));
        if let Some(msg) = msg {
            send_now(&mut console, files, msg);
        }
        if let Some(reloaded) = files.poll(&id) {
            send_now(&mut console, files, reloaded);
            id = console.id.clone();
        }
    }
    Ok(files
        .notes_saved
        .then(|| files.store.notes_path(&id).display().to_string()))
}
