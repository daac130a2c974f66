//! The commands, one function each, callable from tests without spawning the binary.
//!
//! [`run`] builds the store and the guide catalog once and dispatches to the command's file:
//! [`workbook`] (the full-screen workbook, plain mode, the console), [`sessions`] (`list`,
//! `delete`, `trash`), [`read`] (`show`, `export`), [`guides`]. Every command writes to the
//! `out` it is given, and every text from a file reaches it through [`crate::text::Safe`].
//! Errors are returned, never printed: `main` prints one line.

mod args;
pub mod clients;
pub mod edit;
pub mod guides;
pub mod merge;
pub mod read;
pub mod sessions;
pub mod workbook;

use std::io::Write;

use anyhow::{Result, anyhow};

pub use args::{Cli, Command, FormatArg};

use crate::content::Library;
use crate::paths;
use crate::store::FileStore;

/// Temp files of saves interrupted this long ago (a crash, kill -9) are removed on start.
pub const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(60);

/// What every command starts from: the data folder's store (with its index in the cache
/// folder) and the guides on offer.
pub fn open(data_dir: Option<std::path::PathBuf>) -> Result<(FileStore, Library)> {
    let data = paths::data_dir(data_dir).map_err(|e| anyhow!(e))?;
    let mut store = FileStore::new(data);
    // Said before any screen opens: a folder others could read is made private, and the
    // person is told, once.
    for dir in store.tighten()? {
        eprintln!(
            "leverage: {} was open to other users; it is now private (0700)",
            crate::text::safe_display(dir.display())
        );
    }
    if let Some(cache) = paths::cache_dir() {
        store = store.with_index_in(&cache);
    }
    Ok((store, Library::load(paths::guides_dir().as_deref())))
}

/// Run one parsed command line; the exit code on success.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8> {
    crate::terminal::set_color(cli.color);
    crate::terminal::set_ascii(cli.ascii);
    let (config, warning) = crate::config::Config::load();
    if let Some(w) = &warning {
        // Said on every start, whatever the command; the full screen says it again.
        eprintln!("leverage: {w}");
    }
    let configured = config.data_dir.clone();
    crate::config::Config::install(config);
    crate::config::set_warning(warning);
    let data_dir = cli.data_dir.or_else(|| {
        std::env::var_os(paths::DATA_ENV)
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from)
            .or(configured)
    });
    let (mut store, library) = open(data_dir)?;
    let Some(command) = cli.command else {
        return workbook::tui(store, library, None);
    };
    match command {
        Command::New {
            guide,
            mode,
            plain,
            pair,
            coach,
            client,
            minutes,
            between_us,
            summary_only,
        } => {
            let pair = match (pair, coach, client) {
                (true, Some(coach), Some(client)) => {
                    let mut p = crate::pairing::Pairing::new(&coach, &client, minutes)
                        .map_err(|e| anyhow::anyhow!("{e} (--coach NAME --client NAME)"))?;
                    p.confidential = crate::text::clean(between_us.unwrap_or_default().trim());
                    if summary_only {
                        p.consent = crate::pairing::Consent::SummaryOnly;
                    }
                    Some(p)
                }
                _ => None,
            };
            let guide = guide
                .or_else(|| crate::config::Config::current().guide.clone())
                .unwrap_or_else(|| "leverage".into());
            workbook::new(store, library, &guide, mode, plain, pair)
        }
        Command::Resume { id, plain } => workbook::resume(store, library, id, plain),
        Command::Coach { id } => workbook::coach(store, &library, id.as_deref()),
        Command::Edit { id, step } => edit::edit(store, &library, &id, step.as_deref(), out),
        Command::Library => workbook::tui(store, library, Some(workbook::Start::Library)),
        Command::DebugSaveLoop { id } => workbook::save_loop(&mut store, &id, out),
        Command::List { json, client } => sessions::list(&store, json, client.as_deref(), out),
        Command::Clients { json } => clients::clients(&store, json, out),
        Command::Delete { id, yes } => sessions::delete(&mut store, &id, yes, out),
        Command::Trash { restore, empty } => sessions::trash(&mut store, restore, empty, out),
        Command::Resolve { file, keep } => sessions::resolve(&mut store, &file, keep, out),
        Command::Compare { first, second } => {
            merge::compare(&store, &first, second.as_deref(), out)
        }
        Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        } => merge::merge_driver(&base, &ours, &theirs, path.as_deref()),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "leverage", out);
            Ok(0)
        }
        Command::Man => {
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)?;
            Ok(0)
        }
        Command::Export {
            ids,
            all,
            format,
            output,
            include_private,
            summary,
        } => read::export(
            &store,
            &ids,
            all,
            if summary {
                read::Kind::Summary
            } else {
                read::Kind::Whole(format.into(), include_private)
            },
            output,
            out,
        ),
        Command::Show {
            id,
            format,
            include_private,
        } => read::show(&store, &id, format.into(), include_private, out),
        Command::Guides {
            check,
            new: Some(name),
        } if check.is_none() => guides::new_guide(&library, &name, out),
        Command::Guides { check, .. } => guides::guides(&library, check, out),
    }
}
