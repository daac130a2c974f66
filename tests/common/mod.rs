//! Helpers shared by the integration tests: fixed times, the built-in guide, key events.
#![allow(dead_code)]

pub mod pty;

use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use leverage::app::Model;
use leverage::content::Library;
use leverage::guide::Guide;
use leverage::keymap::Keymap;
use leverage::store::Listing;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

pub fn t0() -> Timestamp {
    "2026-11-21T16:05:33Z".parse().unwrap()
}

pub fn at(secs: i64) -> Timestamp {
    t0().checked_add(jiff::SignedDuration::from_secs(secs))
        .unwrap()
}

pub fn leverage_guide() -> Arc<Guide> {
    Library::built_in()
        .find("leverage")
        .cloned()
        .expect("built-in leverage guide")
}

pub fn model() -> Model {
    Model::new(
        Library::built_in(),
        Keymap::default_keymap().unwrap(),
        Listing::default(),
        t0(),
        TimeZone::UTC,
    )
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn chars(text: &str) -> Vec<KeyEvent> {
    text.chars().map(|c| key(KeyCode::Char(c))).collect()
}

pub fn ev(k: KeyEvent) -> Event {
    Event::Key(k)
}

/// Key events typing `text`.
pub fn typing(text: &str) -> Vec<Event> {
    chars(text).into_iter().map(Event::Key).collect()
}
