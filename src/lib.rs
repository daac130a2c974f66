//! leverage: a terminal coaching workbook that turns a setback into leverage.
//!
//! The library holds everything but the command-line edge, so tests can drive the whole app:
//! domain types (`guide`, `session`, `transcript`), storage (`store`), the pure TUI core
//! (`app`, `ui`, `keymap`, `editor`), the `driver` that runs it over a terminal or a script,
//! `terminal` safety, `plain` mode and `export` for reading transcripts as text.

pub use leverage_core::{
    actions, content, export, guide, library, merge, pairing, paths, privacy, session, store, text,
    time, transcript,
};

pub mod app;
pub mod cli;
pub mod config;
pub mod console;
pub mod driver;
pub mod editor;
pub mod external;
pub mod keymap;
pub mod plain;
pub mod terminal;
pub mod ui;
