//! The command line's shape: every command, flag and its help text, as clap derives it.
//! Parsing only; what each command does is in its own file beside this one.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::export::Format;

/// A terminal coaching workbook: turn a setback into leverage, one guided step at a time.
#[derive(Debug, Parser)]
#[command(name = "leverage", version, about)]
pub struct Cli {
    /// Where transcripts are kept [default: the platform data folder; or $LEVERAGE_DATA_DIR]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Colour on screen: auto (follows NO_COLOR), always, or never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t)]
    pub color: crate::terminal::ColorChoice,
    /// Draw and print only ASCII (the default when the locale is not UTF-8, such as LANG=C)
    #[arg(long, global = true)]
    pub ascii: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The formats `show` and `export` take, named as the command line spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Markdown,
    Json,
    Ron,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Json => Format::Json,
            FormatArg::Ron => Format::Ron,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new session
    New {
        /// The guide to follow (see `leverage guides`) [default: config.ron's `guide`, else
        /// leverage]
        #[arg(long)]
        guide: Option<String>,
        /// For guides with modes (see `leverage guides`): which one; asked for when left out
        #[arg(long)]
        mode: Option<String>,
        /// Sequential prompts on stdin/stdout instead of the full-screen workbook (with
        /// --pair: each answer the client's, then the coach's follow-ups)
        #[arg(long)]
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
        /// What the coach and client agree stays between them, in their words (kept with
        /// the session; the TUI's pair form asks for it too)
        #[arg(long, value_name = "TEXT", requires = "pair")]
        between_us: Option<String>,
        /// The client agrees to keeping only the summary: when the session ends, every other
        /// answer and the whole conversation are removed from its file
        #[arg(long, requires = "pair")]
        summary_only: bool,
    },
    /// The coach's console: follow a paired session live from a second terminal, with the
    /// facilitator's guide and private notes the client never sees
    Coach {
        /// A session id, or a unique start of one [default: the paired session open on the
        /// shared screen, else the latest unfinished paired session]
        id: Option<String>,
    },
    /// Reopen an unfinished session where it stopped (the latest one without an ID)
    Resume {
        /// A session id, or a unique start of one
        id: Option<String>,
        /// Sequential prompts on stdin/stdout instead of the full-screen workbook
        #[arg(long)]
        plain: bool,
    },
    /// Write one answer of a session in your own editor ($VISUAL, then $EDITOR)
    Edit {
        /// A session id, or a unique start of one
        id: String,
        /// The step: its id (as `leverage show --format json` names it) or its number in the
        /// guide; where the session stands when left out
        step: Option<String>,
    },
    /// List sessions, newest first, and any files that could not be read
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
        /// Only the paired sessions with this client
        #[arg(long, value_name = "NAME")]
        client: Option<String>,
    },
    /// List the clients of paired sessions, with their sessions and the next steps still open
    Clients {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script: `leverage completions bash > ~/.local/share/bash-completion/completions/leverage`
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `leverage man > ~/.local/share/man/man1/leverage.1`
    Man,
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
    /// Settle a copy of a session (a sync engine's conflict copy, or a file under another name)
    Resolve {
        /// The copy, as `leverage list` names it
        file: String,
        /// Which to keep: this copy (the original goes to the trash), the other (this copy goes
        /// to the trash), or both (this copy becomes a session of its own)
        #[arg(long, value_enum)]
        keep: KeepWhich,
    },
    /// What differs between a copy and the session it copies (or between two sessions)
    Compare {
        /// A copy, as `leverage list` names it (or any session)
        first: String,
        /// The other session [default: the one the first is a copy of]
        second: Option<String>,
    },
    /// Git's merge driver for transcripts: see docs/sync.md
    /// (`git config merge.leverage.driver "leverage merge-driver %O %A %B %P"`)
    MergeDriver {
        /// The version both sides started from (%O)
        base: PathBuf,
        /// This side's version (%A), where the merged session is written
        ours: PathBuf,
        /// The other side's version (%B)
        theirs: PathBuf,
        /// The file's path in the repository (%P), beside which a conflicting side is kept
        path: Option<PathBuf>,
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
        /// Every session: one file each with -o, else one document, oldest first
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value = "markdown")]
        format: FormatArg,
        /// Write one file per session into this folder instead of printing
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Include the coach's private notes (left out unless asked for)
        #[arg(long, conflicts_with = "summary")]
        include_private: bool,
        /// A one-page Markdown recap to send the client: what the session was for, the
        /// statement, the check-in shift, earlier next steps and the new one; never a
        /// coach-only word
        #[arg(long, conflicts_with = "format")]
        summary: bool,
    },
    /// Print one transcript
    Show {
        /// A session id, or a unique start of one
        id: String,
        #[arg(long, value_enum, default_value = "text")]
        format: FormatArg,
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

/// What `leverage resolve` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KeepWhich {
    This,
    Other,
    Both,
}
