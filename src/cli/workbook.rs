//! The interactive commands: the full-screen workbook (home, a new or resumed session, the
//! library), plain mode's prompts, and the coach's console.

use std::io::{self, IsTerminal, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use jiff::Timestamp;

use super::STALE_TEMP;
use crate::app::{Effect, Model, Msg};
use crate::content::Library;
use crate::driver::{CrosstermEvents, Driver, Ending};
use crate::keymap::Keymap;
use crate::pairing::Pairing;
use crate::session::Session;
use crate::store::{FileStore, Store};
use crate::text::{Safe, safe_display};
use crate::transcript::Status;
use crate::{plain, terminal};

/// Where the workbook opens when not on the home screen.
pub enum Start {
    Guide {
        guide_id: String,
        mode: Option<String>,
        pair: Option<Pairing>,
    },
    Resume(String),
    Library,
}

/// `leverage new`: a new session of `guide`, full screen or in plain mode; `pair` is the
/// coach and client, with what they agreed.
pub fn new(
    mut store: FileStore,
    library: Library,
    guide: &str,
    mode: Option<String>,
    plain: bool,
    pair: Option<Pairing>,
) -> Result<u8> {
    let g = library
        .find(guide)
        .cloned()
        .ok_or_else(|| unknown_guide(&library, guide))?;
    if let Some(m) = &mode
        && g.mode(m).is_none()
    {
        let ids: Vec<_> = g.modes.iter().map(|m| m.id.as_str()).collect();
        let ids = if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        };
        bail!("the guide {guide:?} has no mode {m:?} (its modes: {ids})");
    }
    if plain {
        let now = Timestamp::now();
        let id = store.allocate_id(now)?;
        let mut session = Session::new(id, g, now);
        if let Some(m) = &mode {
            session.set_mode(m);
        }
        let mut pair = pair;
        if let Some(p) = &mut pair {
            session.reviewed = crate::actions::returning(&store, p);
        }
        session.pair = pair;
        return run_plain(&mut session, &mut store);
    }
    let start = Start::Guide {
        guide_id: guide.to_string(),
        mode,
        pair,
    };
    tui(store, library, Some(start))
}

/// `leverage resume`: the session `id` (or the latest unfinished one) where it stopped.
pub fn resume(
    mut store: FileStore,
    library: Library,
    id: Option<String>,
    plain: bool,
) -> Result<u8> {
    let id = match id {
        Some(prefix) => store.resolve(&prefix)?,
        None => latest_unfinished(&store)?,
    };
    // Fail before the screen opens when the file cannot be read or is open elsewhere. On the
    // full screen, a session that can only be read (complete, or holding what this version
    // would drop) opens to read, saying why.
    if !plain {
        store
            .load(&id)
            .with_context(|| format!("cannot resume {id}"))?;
        drop(store.lock(&id)?);
        return tui(store, library, Some(Start::Resume(id)));
    }
    let t = store
        .load_to_write(&id)
        .with_context(|| format!("cannot resume {id}"))?;
    let mut session = Session::resume(&t, &library)?;
    run_plain(&mut session, &mut store)
}

/// `leverage coach`: the coach's console on a paired session.
pub fn coach(store: FileStore, library: &Library, id: Option<&str>) -> Result<u8> {
    let id = match id {
        Some(id) => store.resolve(id)?,
        None => open_paired(&store)?,
    };
    crate::console::run(store, library, &id)
}

/// The paired session the shared screen has open (its lock is held), else the latest
/// unfinished paired session.
fn open_paired(store: &FileStore) -> Result<String> {
    let mut paired: Vec<_> = store
        .list()
        .sessions
        .into_iter()
        .filter(|s| s.paired && s.status == Status::InProgress && s.copy_of.is_none())
        .collect();
    paired.sort_by_key(|s| std::cmp::Reverse(s.updated));
    let open = paired.iter().find(|s| store.lock(&s.id).is_err());
    open.or(paired.first())
        .map(|s| s.id.clone())
        .ok_or_else(|| {
            anyhow!(
                "no paired session to follow: start one with `leverage new --pair --coach NAME \
                 --client NAME`, or name one with `leverage coach ID`"
            )
        })
}

fn unknown_guide(library: &Library, id: &str) -> anyhow::Error {
    let ids: Vec<_> = library.guides.iter().map(|g| g.id.as_str()).collect();
    anyhow!(
        "no guide with the id {id:?} (available: {})",
        ids.join(", ")
    )
}

fn latest_unfinished(store: &FileStore) -> Result<String> {
    let listing = store.list();
    listing
        .sessions
        .iter()
        .filter(|s| s.status == Status::InProgress)
        .max_by_key(|s| s.updated)
        .map(|s| s.id.clone())
        .ok_or_else(|| anyhow!("no unfinished session to resume (start one with `leverage new`)"))
}

fn run_plain(session: &mut Session, store: &mut FileStore) -> Result<u8> {
    let _lock = store.lock(&session.id)?;
    store.clean_temp(STALE_TEMP);
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut out = io::stdout().lock();
    match plain::run(session, store, &mut input, &mut out, &Timestamp::now)? {
        plain::PlainEnd::Finished | plain::PlainEnd::Paused => Ok(0),
        // A script can tell a session cut short from a finished one.
        plain::PlainEnd::InputEnded => {
            eprintln!(
                "leverage: input ended before the session finished; what was answered is \
                 saved, and `leverage resume {}` goes on from there",
                Safe(&session.id)
            );
            Ok(3)
        }
    }
}

/// The full-screen workbook, opening at `start` (the home screen when `None`).
pub fn tui(mut store: FileStore, library: Library, start: Option<Start>) -> Result<u8> {
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        bail!(
            "TERM=dumb: this terminal cannot draw the full-screen workbook; for prompts on \
             plain input and output use `leverage new --plain`"
        );
    }
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        bail!(
            "the workbook needs a terminal on stdin and stdout; for prompts on plain \
             input and output use `leverage new --plain`"
        );
    }
    let (keymap, keymap_warning) = Keymap::load();
    // The first frame never waits for a listing: the library takes the index as it stands
    // when the folder is unchanged, and the full listing follows from the background.
    let quick = if matches!(start, Some(Start::Library)) {
        store.list_head(200)
    } else {
        None
    };
    // A partial listing still needs the full one from the background.
    let listed = quick.as_ref().is_some_and(|l| l.partial_of.is_none());
    let mut model = Model::new(
        library,
        keymap,
        quick.unwrap_or_default(),
        Timestamp::now(),
        crate::time::local_zone(),
    );
    model.listed = listed;
    model.no_color = terminal::no_color();
    model.ascii = terminal::ascii();
    model.presenting = crate::config::Config::current()
        .presentation
        .unwrap_or(false);
    if let Some(w) = crate::config::warning() {
        model.set_status(w, true);
    } else if let Some(w) = keymap_warning {
        model.set_status(w, true);
    } else if let Some(n) = model.library.notices.first() {
        model.set_status(n.clone(), false);
    }
    // Where an emergency copy goes when a signal ends a session whose saves are failing.
    let rescue: Vec<std::path::PathBuf> = [
        Some(store.root().to_path_buf()),
        crate::paths::cache_dir(),
        std::env::var_os("HOME").map(std::path::PathBuf::from),
    ]
    .into_iter()
    .flatten()
    .collect();
    let source: Arc<dyn crate::driver::SearchSource> = Arc::new(store.clone());
    let background = store.clone();
    let export_dir = store.root().join("exports");
    let data = store.root().to_path_buf();
    let mut driver = Driver::new(&mut store, model);
    driver.search_source = Some(source);
    driver.export_dir = Some(export_dir);
    driver.mouse = Some(Box::new(terminal::set_mouse));
    driver.outside_editor = Some(Box::new(move |text| {
        crate::external::edit(&data, text, true)
    }));
    driver.background = crate::driver::Background::spawn(background).ok();
    terminal::watch_signals(&driver.signal).context("cannot watch for signals")?;
    match start {
        Some(Start::Guide {
            guide_id,
            mode,
            pair,
        }) => driver.dispatch(Msg::StartGuide {
            guide_id,
            mode,
            pair,
        }),
        Some(Start::Resume(id)) => driver.start(Effect::OpenSession { id }),
        Some(Start::Library) => driver.dispatch(Msg::OpenLibrary),
        None => {}
    }
    let mut term = terminal::enter().context("cannot switch the terminal to full screen")?;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        driver.run(&mut term, &mut CrosstermEvents)
    }));
    let outcome = match outcome {
        Ok(result) => result,
        Err(_) => {
            // The panic hook has restored the terminal and printed the message; keep the words.
            let saved = driver.emergency_save();
            terminal::restore();
            match saved {
                Some(where_) => {
                    eprintln!("leverage: your session was saved to {}", Safe(&where_))
                }
                None => rescue_unsaved(driver.unsaved(), &rescue),
            }
            return Ok(101);
        }
    };
    drop(term);
    terminal::restore();
    let location = driver.saved_location();
    let unsaved = driver.unsaved();
    match outcome {
        Ok(Ending::Quit) | Ok(Ending::InputClosed) => {
            if let Some(copy) = &driver.model.copied_to {
                println!(
                    "The sessions folder could not be written; a copy of your session is in {}",
                    Safe(copy)
                );
            } else if let Some(l) = location {
                println!("Your session is saved in {}", Safe(&l));
            } else if unsaved.is_some() {
                println!("You left without saving the last changes, as you chose.");
            }
            Ok(0)
        }
        Ok(Ending::Signal(sig)) => {
            rescue_unsaved(unsaved, &rescue);
            Ok(128 + u8::try_from(sig).unwrap_or(0))
        }
        Err(e) => Err(anyhow!("terminal error: {}", safe_display(e))),
    }
}

/// Leaving on a signal or a panic with words the store could not take: write them into the
/// first of `dirs` that takes them, as `<id>.rescued-<seconds>.ron` (a new name each time,
/// so an earlier rescue is never replaced), and say where on stderr.
fn rescue_unsaved(unsaved: Option<crate::transcript::Transcript>, dirs: &[std::path::PathBuf]) {
    let Some(t) = unsaved else {
        return;
    };
    let suffix = format!(".rescued-{}", Timestamp::now().as_second());
    match dirs
        .iter()
        .find_map(|d| crate::driver::save_copy(&t, d, &suffix).ok())
    {
        Some(path) => eprintln!(
            "leverage: saving failed, so a copy of your session was written to {}",
            Safe(&path)
        ),
        None => eprintln!(
            "leverage: saving failed and no folder would take a copy; your last changes are lost"
        ),
    }
}

/// Debug builds only: save one session over and over, printing each save once it is done.
pub fn save_loop(store: &mut FileStore, id: &str, out: &mut dyn Write) -> Result<u8> {
    if !cfg!(debug_assertions) {
        bail!("debug-save-loop exists only in debug builds");
    }
    let guide = Library::built_in()
        .find("leverage")
        .cloned()
        .ok_or_else(|| anyhow!("no guide"))?;
    let (headline, story) = match (guide.summary.headline, guide.step_index("story")) {
        (Some(h), Some(s)) => (h, s),
        _ => bail!("the leverage guide has no headline or story step"),
    };
    let mut session = Session::new(id.to_string(), guide, Timestamp::now());
    // A long answer, so that a kill often lands in the middle of writing it.
    let long = "A long answer that takes a while to write out. ".repeat(2000);
    session.set_text(story, &long, Timestamp::now());
    for n in 0u64.. {
        session.set_text(headline, &format!("save {n}"), Timestamp::now());
        store.save(&session.to_transcript())?;
        writeln!(out, "saved {n}")?;
        out.flush()?;
    }
    Ok(0)
}
