//! leverage: a terminal coaching workbook that turns a setback into leverage.
//!
//! The library holds everything but the command-line edge, so tests can drive the whole app:
//! domain types (`guide`, `session`, `transcript`), storage (`store`), the pure TUI core
//! (`app`, `ui`, `keymap`, `editor`), the `driver` that runs it over a terminal or a script,
//! `terminal` safety, `plain` mode and `export` for reading transcripts as text.

pub mod app;
pub mod console;
pub mod content;
pub mod driver;
pub mod editor;
pub mod export;
pub mod guide;
pub mod keymap;
pub mod library;
pub mod pairing;
pub mod paths;
pub mod plain;
pub mod privacy;
pub mod session;
pub mod store;
pub mod terminal;
pub mod transcript;
pub mod ui;
