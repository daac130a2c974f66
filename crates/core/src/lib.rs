//! leverage-core: the domain of the coaching workbook, with no terminal, no command line.
//!
//! Layers, lowest first (a module uses only what is above it in this list):
//!
//! | module | owns |
//! |---|---|
//! | [`text`] | the one safe path for text to a terminal, width, truncate, wrap |
//! | [`time`] | the local zone; one style each for clock, date and duration |
//! | [`paths`] | where data, config and cache folders are |
//! | [`guide`] | guides: raw RON, validation with positions, steps and wording |
//! | [`content`] | the catalog of built-in and user guides |
//! | [`pairing`] | coach and client: speakers, entries, the session clock |
//! | [`transcript`] | the file format of a session, parse and write |
//! | [`session`] | a session being worked: moving, answering; converts to and from its transcript |
//! | [`merge`] | two versions of one session brought together (git's merge driver), and compared |
//! | [`privacy`] | the one rule of what each audience may see; the coach's notes file |
//! | [`store`] | the `Store` trait, the file store with atomic saves and its index, a memory store |
//! | [`library`] | filters, search, reading, patterns across past sessions |
//! | [`actions`] | clients, and the next steps carried from one paired session into the next |
//! | [`export`] | a transcript as text, Markdown, JSON or RON |

pub mod text;
pub mod time;

pub mod paths;

pub mod guide;

pub mod content;
pub mod pairing;

pub mod transcript;

pub mod session;

pub mod merge;

pub mod privacy;

pub mod store;

pub mod library;

pub mod actions;

pub mod export;
