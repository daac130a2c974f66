//! Where the driver's events come from: the terminal (crossterm, waiting on stdin itself so a
//! signal or a deadline ends the wait), or a script of events for tests.

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

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
