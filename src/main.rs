//! The command-line edge: parses arguments, finds the folders, and hands over to the TUI,
//! plain mode, or one of the reading commands. Errors end here as one line on stderr.

use std::io::{self, IsTerminal, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand};
use jiff::Timestamp;

use leverage::app::{Effect, Model, Msg};
use leverage::content::{self, Library};
use leverage::driver::{CrosstermEvents, Driver, Ending};
use leverage::export::{self, Format};
use leverage::keymap::Keymap;
use leverage::session::Session;
use leverage::store::{FileStore, Store};
use leverage::transcript::Status;
use leverage::{paths, plain, terminal, ui};

/// A terminal coaching workbook: turn a setback into leverage, one guided step at a time.
#[derive(Debug, Parser)]
#[command(name = "leverage", version, about)]
struct Cli {
    /// Where transcripts are kept [default: the platform data folder; or $LEVERAGE_DATA_DIR]
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a new session
    New {
        /// The guide to follow (see `leverage guides`)
        #[arg(long, default_value = "leverage")]
        guide: String,
        /// For guides with modes (see `leverage guides`): which one; asked for when left out
        #[arg(long)]
        mode: Option<String>,
        /// Sequential prompts on stdin/stdout instead of the full-screen workbook
        #[arg(long, conflicts_with = "pair")]
        plain: bool,
        /// A coach and a client on one shared screen (needs --coach and --client)
        #[arg(long, requires_all = ["coach", "client"])]
        pair: bool,
        /// The coach's name, in a paired session
        #[arg(long, value_name = "NAME", requires = "pair")]
        coach: Option<String>,
        /// The client's name, in a paired session
        #[arg(long, value_name = "NAME", requires = "pair")]
        client: Option<String>,
        /// The planned length in minutes, shown beside the session timer
        #[arg(long, value_name = "MINUTES", requires = "pair", value_parser = clap::value_parser!(u32).range(1..=1440))]
        minutes: Option<u32>,
    },
    /// The coach's console: follow a paired session live from a second terminal, with the
    /// facilitator's guide and private notes the client never sees
    Coach {
        /// A session id, or a unique start of one
        id: String,
    },
    /// Reopen an unfinished session where it stopped (the latest one without an ID)
    Resume {
        /// A session id, or a unique start of one
        id: Option<String>,
        /// Sequential prompts on stdin/stdout instead of the full-screen workbook
        #[arg(long)]
        plain: bool,
    },
    /// List sessions, newest first, and any files that could not be read
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Open the library of past sessions
    Library,
    /// Move a session to the trash (`leverage trash --restore ID` brings it back)
    Delete {
        /// A session id, or a unique start of one
        id: String,
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
    /// List the trash, restore a session from it, or empty it for good
    Trash {
        /// Bring this session back, byte for byte
        #[arg(long, value_name = "ID", conflicts_with = "empty")]
        restore: Option<String>,
        /// Remove every file in the trash for good
        #[arg(long)]
        empty: bool,
    },
    /// Write sessions out as Markdown, text or JSON
    Export {
        /// Session ids (or unique starts of them)
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        ids: Vec<String>,
        /// Every session, one file each (needs -o)
        #[arg(long, requires = "output")]
        all: bool,
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
        /// Write one file per session into this folder instead of printing
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Include the coach's private notes (left out unless asked for)
        #[arg(long)]
        include_private: bool,
    },
    /// Print one transcript
    Show {
        /// A session id, or a unique start of one
        id: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Include the coach's private notes (left out unless asked for)
        #[arg(long)]
        include_private: bool,
    },
    /// Debug builds only: save one session over and over, printing each save once it is
    /// done. Tests kill it mid-save to prove a save is never half-done.
    #[command(hide = true)]
    DebugSaveLoop { id: String },
    /// List the guides on offer, check a guide file, or start one of your own
    Guides {
        /// Validate this guide file and print its errors
        #[arg(long, value_name = "FILE", conflicts_with = "new")]
        check: Option<PathBuf>,
        /// Write a commented starter guide with this id to your guides folder
        #[arg(long, value_name = "NAME")]
        new: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("leverage: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    let data = paths::data_dir(cli.data_dir).map_err(|e| anyhow!(e))?;
    let mut store = FileStore::new(data);
    if let Some(cache) = paths::cache_dir() {
        store = store.with_index_in(&cache);
    }
    let library = Library::load(paths::guides_dir().as_deref());
    match cli.command {
        None => tui(store, library, None),
        Some(Command::New {
            guide,
            mode,
            plain,
            pair,
            coach,
            client,
            minutes,
        }) => {
            let g = library
                .find(&guide)
                .cloned()
                .ok_or_else(|| unknown_guide(&library, &guide))?;
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
            let pair = match (pair, coach, client) {
                (true, Some(coach), Some(client)) => Some(
                    leverage::pairing::Pairing::new(&coach, &client, minutes)
                        .map_err(|e| anyhow!("{e} (--coach NAME --client NAME)"))?,
                ),
                _ => None,
            };
            if plain {
                let now = Timestamp::now();
                let id = store.allocate_id(now)?;
                let mut session = Session::new(id, g, now);
                if let Some(m) = &mode {
                    session.set_mode(m);
                }
                run_plain(&mut session, &mut store)
            } else {
                tui(
                    store,
                    library,
                    Some(Start::Guide {
                        guide_id: guide,
                        mode,
                        pair,
                    }),
                )
            }
        }
        Some(Command::Resume { id, plain }) => {
            let id = match id {
                Some(prefix) => store.resolve(&prefix)?,
                None => latest_unfinished(&store)?,
            };
            if plain {
                let t = store
                    .load(&id)
                    .with_context(|| format!("cannot resume {id}"))?;
                if t.pair.is_some() {
                    bail!(
                        "{id} is a paired session: it needs the full screen for two speakers and \
                         coach-only notes (`leverage resume {id}` without --plain)"
                    );
                }
                let model = base_model(&library, &store);
                let mut session =
                    leverage::driver::session_for(&model, &t).map_err(|e| anyhow!(e))?;
                run_plain(&mut session, &mut store)
            } else {
                // Fail before the screen opens when the file cannot be read or is open elsewhere.
                store
                    .load(&id)
                    .with_context(|| format!("cannot resume {id}"))?;
                drop(store.lock(&id)?);
                tui(store, library, Some(Start::Resume(id)))
            }
        }
        Some(Command::List { json }) => list(&store, json),
        Some(Command::Coach { id }) => {
            let id = store.resolve(&id)?;
            let code = leverage::console::run(store, &library, &id)?;
            Ok(code)
        }
        Some(Command::DebugSaveLoop { id }) => save_loop(&mut store, &id),
        Some(Command::Library) => tui(store, library, Some(Start::Library)),
        Some(Command::Delete { id, yes }) => delete(&mut store, &id, yes),
        Some(Command::Trash { restore, empty }) => trash(&mut store, restore, empty),
        Some(Command::Export {
            ids,
            all,
            format,
            output,
            include_private,
        }) => export_sessions(&store, ids, all, format, output, include_private),
        Some(Command::Show {
            id,
            format,
            include_private,
        }) => {
            let id = store.resolve(&id)?;
            let t = for_reader(&store, &id, include_private)?;
            print!("{}", export::render(&t, format, &paths::local_time_zone()));
            Ok(0)
        }
        Some(Command::Guides {
            check,
            new: Some(name),
        }) if check.is_none() => new_guide(&library, &name),
        Some(Command::Guides { check, .. }) => guides(&library, check),
    }
}

/// A transcript for whoever runs the command: coach-only notes left out (saying how many on
/// stderr) unless `include_private`, which adds the console's notes too.
fn for_reader(
    store: &FileStore,
    id: &str,
    include_private: bool,
) -> Result<leverage::transcript::Transcript> {
    use leverage::pairing::Audience;
    let t = store.load(id)?;
    let notes = match store.load_notes(id) {
        Ok(n) => n,
        Err(e) if include_private => return Err(e.into()),
        // Unreadable notes are still notes: count them as withheld without reading them.
        Err(_) => None,
    };
    let audience = if include_private {
        Audience::Coach
    } else {
        Audience::Shared
    };
    let p = leverage::privacy::project(&t, audience, notes.as_ref());
    if let Some(notice) = leverage::privacy::withheld_notice(p.withheld) {
        eprintln!("{id}: {notice}");
    }
    Ok(p.transcript)
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

fn base_model(library: &Library, store: &FileStore) -> Model {
    let keymap = Keymap::default_keymap().unwrap_or(Keymap {
        bindings: Vec::new(),
    });
    Model::new(
        library.clone(),
        keymap,
        store.list(),
        Timestamp::now(),
        paths::local_time_zone(),
    )
}

fn run_plain(session: &mut Session, store: &mut FileStore) -> Result<u8> {
    let _lock = store.lock(&session.id)?;
    store.clean_temp(STALE_TEMP);
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut out = io::stdout().lock();
    plain::run(session, store, &mut input, &mut out, &Timestamp::now)?;
    Ok(0)
}

/// Temp files of saves interrupted this long ago (a crash, kill -9) are removed on start.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(60);

/// The keymap: the built-in one, with the user's `<config>/keymap.ron` merged on top.
fn load_keymap() -> Result<(Keymap, Option<String>)> {
    let mut keymap = Keymap::default_keymap().map_err(|e| anyhow!("built-in keymap: {e}"))?;
    let Some(path) = paths::config_dir().map(|c| c.join("keymap.ron")) else {
        return Ok((keymap, None));
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok((keymap, None));
    };
    match Keymap::parse(&path.display().to_string(), &text) {
        Ok(user) => {
            keymap.merge(user);
            Ok((keymap, None))
        }
        Err(e) => Ok((keymap, Some(format!("Your keymap was not used: {e}")))),
    }
}

/// Where the workbook opens when not on the home screen.
enum Start {
    Guide {
        guide_id: String,
        mode: Option<String>,
        pair: Option<leverage::pairing::Pairing>,
    },
    Resume(String),
    Library,
}

fn tui(mut store: FileStore, library: Library, start: Option<Start>) -> Result<u8> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        bail!(
            "the workbook needs a terminal on stdin and stdout; for prompts on plain \
             input and output use `leverage new --plain`"
        );
    }
    let (keymap, keymap_warning) = load_keymap()?;
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
        paths::local_time_zone(),
    );
    model.listed = listed;
    model.theme = ui::Theme::from_env();
    if let Some(w) = keymap_warning {
        model.set_status(w, true);
    } else if let Some(n) = model.library.notices.first() {
        model.set_status(n.clone(), false);
    }
    let search_store = store.clone();
    let driver_store_clone = store.clone();
    let source: Arc<dyn leverage::driver::SearchSource> = Arc::new(search_store);
    let export_dir = store.root().join("exports");
    let mut driver = Driver::new(&mut store, model);
    driver.search_source = Some(source);
    driver.export_dir = Some(export_dir);
    driver.mouse = Some(Box::new(terminal::set_mouse));
    driver.background = leverage::driver::Background::spawn(driver_store_clone).ok();
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
            if let Some(where_) = saved {
                eprintln!("leverage: your session was saved to {where_}");
            }
            return Ok(101);
        }
    };
    drop(term);
    terminal::restore();
    let location = driver.saved_location();
    match outcome {
        Ok(Ending::Quit) | Ok(Ending::InputClosed) => {
            if let Some(l) = location {
                println!("Your session is saved in {l}");
            }
            Ok(0)
        }
        Ok(Ending::Signal(sig)) => Ok(128 + u8::try_from(sig).unwrap_or(0)),
        Err(e) => Err(anyhow!("terminal error: {e}")),
    }
}

fn save_loop(store: &mut FileStore, id: &str) -> Result<u8> {
    if !cfg!(debug_assertions) {
        bail!("debug-save-loop exists only in debug builds");
    }
    let guide = Library::built_in()
        .find("leverage")
        .cloned()
        .ok_or_else(|| anyhow!("no guide"))?;
    let mut session = Session::new(id.to_string(), guide, Timestamp::now());
    // A long answer, so that a kill often lands in the middle of writing it.
    let story = "A long answer that takes a while to write out. ".repeat(2000);
    session.set_text(2, &story, Timestamp::now());
    let mut out = io::stdout().lock();
    for n in 0u64.. {
        session.set_text(1, &format!("save {n}"), Timestamp::now());
        store.save(&session.to_transcript())?;
        writeln!(out, "saved {n}")?;
        out.flush()?;
    }
    Ok(0)
}

fn delete(store: &mut FileStore, prefix: &str, yes: bool) -> Result<u8> {
    let id = store.resolve(prefix)?;
    if !yes {
        let headline = store
            .load(&id)
            .ok()
            .and_then(|t| t.headline)
            .unwrap_or_default();
        eprint!("Move {id} ({headline}) to the trash? [y/N] ");
        let mut answer = String::new();
        io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("Left as it is.");
            return Ok(1);
        }
    }
    store.delete(&id)?;
    println!("Moved {id} to the trash. `leverage trash --restore {id}` brings it back.");
    Ok(0)
}

fn trash(store: &mut FileStore, restore: Option<String>, empty: bool) -> Result<u8> {
    if let Some(prefix) = restore {
        let listing = store.trash();
        let ids: Vec<&str> = listing
            .sessions
            .iter()
            .map(|s| s.id.as_str())
            .chain(
                listing
                    .unreadable
                    .iter()
                    .filter_map(|u| u.name.strip_suffix(".ron")),
            )
            .collect();
        let id = match ids.iter().find(|i| **i == prefix) {
            Some(i) => i.to_string(),
            None => {
                let matches: Vec<_> = ids.iter().filter(|i| i.starts_with(&prefix)).collect();
                match matches.as_slice() {
                    [one] => one.to_string(),
                    [] => bail!("nothing in the trash matches {prefix:?}"),
                    _ => bail!(
                        "{prefix:?} matches {} sessions in the trash; give more of the id",
                        matches.len()
                    ),
                }
            }
        };
        store.restore(&id)?;
        println!("Restored {id}.");
        return Ok(0);
    }
    if empty {
        let n = store.empty_trash()?;
        println!(
            "Removed {n} file{} from the trash for good.",
            if n == 1 { "" } else { "s" }
        );
        return Ok(0);
    }
    let listing = store.trash();
    if listing.sessions.is_empty() && listing.unreadable.is_empty() {
        println!("The trash is empty.");
        return Ok(0);
    }
    let tz = paths::local_time_zone();
    for s in &listing.sessions {
        println!(
            "{:<28}  {:<22}  {}",
            s.id,
            ui::local_time(s.started, &tz, true),
            ui::text_sanitize(s.headline.as_deref().unwrap_or("-"))
        );
    }
    for u in &listing.unreadable {
        println!("unreadable  {}: {}", u.name, u.reason);
    }
    println!(
        "(`leverage trash --restore ID` brings one back; `leverage trash --empty` removes them for good)"
    );
    Ok(0)
}

fn export_sessions(
    store: &FileStore,
    ids: Vec<String>,
    all: bool,
    format: Format,
    output: Option<PathBuf>,
    include_private: bool,
) -> Result<u8> {
    let ids: Vec<String> = if all {
        store.list().sessions.into_iter().map(|s| s.id).collect()
    } else {
        ids.iter()
            .map(|p| store.resolve(p))
            .collect::<Result<_, _>>()?
    };
    let tz = paths::local_time_zone();
    for id in &ids {
        let t = for_reader(store, id, include_private)?;
        let text = export::render(&t, format, &tz);
        match &output {
            Some(dir) => {
                let name = format!("{id}.{}", format.extension());
                leverage::store::write_atomic(dir, &name, text.as_bytes())?;
                println!("{}", dir.join(name).display());
            }
            None => print!("{text}"),
        }
    }
    if all && ids.is_empty() {
        eprintln!("No sessions to export.");
    }
    Ok(0)
}

fn list(store: &FileStore, json: bool) -> Result<u8> {
    // The index as it stands when nothing in the folder changed since it was written (every
    // save, delete and restore changes the folder); otherwise a full listing.
    let listing = store.list_quick().unwrap_or_else(|| store.list());
    let tz = paths::local_time_zone();
    if json {
        let sessions: Vec<_> = listing
            .sessions
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id,
                    "started": s.started.to_string(),
                    "updated": s.updated.to_string(),
                    "guide": s.guide_id,
                    "status": s.status.label(),
                    "headline": s.headline,
                    "check_in": s.check_in,
                    "check_out": s.check_out,
                    "paired": s.paired,
                })
            })
            .collect();
        let unreadable: Vec<_> = listing
            .unreadable
            .iter()
            .map(|u| serde_json::json!({ "file": u.name, "error": u.reason }))
            .collect();
        let doc = serde_json::json!({ "sessions": sessions, "unreadable": unreadable });
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(0);
    }
    if listing.sessions.is_empty() && listing.unreadable.is_empty() {
        println!("No sessions yet. Start one with `leverage` or `leverage new`.");
        return Ok(0);
    }
    // One write for the whole list, not one per line (stdout is line-buffered).
    let mut out = io::BufWriter::new(io::stdout().lock());
    for s in &listing.sessions {
        writeln!(
            out,
            "{:<28}  {:<22}  {:<10}  {:<11}  {}",
            s.id,
            ui::local_time(s.started, &tz, true),
            s.guide_id,
            s.status.label(),
            ui::text_sanitize(s.headline.as_deref().unwrap_or("-"))
        )?;
    }
    for u in &listing.unreadable {
        writeln!(
            out,
            "unreadable  {}: {}",
            u.name,
            ui::text_sanitize(&u.reason)
        )?;
    }
    out.flush()?;
    Ok(0)
}

/// The starter guide written by `guides --new`.
const STARTER_GUIDE: &str = include_str!("../assets/starter-guide.ron");

fn new_guide(library: &Library, name: &str) -> Result<u8> {
    if !leverage::guide::is_valid_id(name) {
        bail!("{name:?} is not a guide id: use lowercase letters, digits and '-'");
    }
    let dir = paths::guides_dir().ok_or_else(|| {
        anyhow!(
            "cannot find a config folder; set {} to choose one",
            paths::CONFIG_ENV
        )
    })?;
    let path = dir.join(format!("{name}.ron"));
    if path.exists() {
        bail!("{} already exists; it was left as it is", path.display());
    }
    let title = name.replace('-', " ");
    let mut title_chars = title.chars();
    let title: String = title_chars
        .next()
        .map(|c| c.to_uppercase().chain(title_chars).collect())
        .unwrap_or_default();
    let text = STARTER_GUIDE
        .replace("GUIDE_ID", name)
        .replace("GUIDE_TITLE", &title);
    leverage::store::create_private_dir(&dir)?;
    leverage::store::write_atomic(&dir, &format!("{name}.ron"), text.as_bytes())?;
    println!("Wrote {}", path.display());
    if library.find(name).is_some() {
        println!("Note: it has the id of an existing guide, which it now replaces.");
    }
    println!(
        "Edit it, then check it with: leverage guides --check {}",
        path.display()
    );
    Ok(0)
}

fn guides(library: &Library, check: Option<PathBuf>) -> Result<u8> {
    if let Some(path) = check {
        return match content::read_guide_file(&path) {
            Ok(g) => {
                println!(
                    "{}: ok: guide {:?} version {}, {} steps",
                    path.display(),
                    g.id,
                    g.version,
                    g.steps.len()
                );
                Ok(0)
            }
            Err(e) => {
                eprintln!("{e}");
                Ok(1)
            }
        };
    }
    for g in &library.guides {
        println!(
            "{:<16} v{:<3} {:>2} steps  {}  ({})",
            g.id,
            g.version,
            g.steps.len(),
            g.title,
            if content::BUILT_IN.iter().any(|(name, _)| *name == g.origin) {
                "built in"
            } else {
                &g.origin
            }
        );
        for m in &g.modes {
            println!("{:<16}   --mode {:<8} {}", "", m.id, m.title);
        }
    }
    for e in &library.errors {
        println!("invalid          {e}");
    }
    for n in &library.notices {
        println!("note: {n}");
    }
    Ok(0)
}
