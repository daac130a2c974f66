//! Paired sessions: who is speaking, what each entry of a step's conversation is, and the one
//! rule that keeps coach-only notes off the shared screen.
//!
//! The projection here ([`visible`]) is the only way the shared screen, `show`, exports and
//! the library get at a conversation; anything marked [`Visibility::CoachOnly`] reaches only
//! the coach's console and `--include-private`. No terminal or file code lives here.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The two people in a paired session, and how long they planned to take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    pub coach: String,
    pub client: String,
    /// The planned length in minutes, shown beside the session timer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_minutes: Option<u32>,
    /// What the two agreed stays between them, in their words (empty: nothing said).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub confidential: String,
    /// Whether the client agreed to keeping the whole transcript.
    #[serde(default, skip_serializing_if = "Consent::is_keep_all")]
    pub consent: Consent,
}

/// What the client agreed may be kept once the session ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Consent {
    /// The whole transcript, as on every solo session.
    #[default]
    KeepAll,
    /// Only what the summary needs (what it was for, the headline, the check-in and out, the
    /// statement, the actions); every other answer and the whole conversation are removed from
    /// the file when the session ends.
    SummaryOnly,
}

impl Consent {
    fn is_keep_all(&self) -> bool {
        *self == Consent::KeepAll
    }

    /// As the pair form and readers say it.
    pub fn label(self) -> &'static str {
        match self {
            Consent::KeepAll => "keep the whole transcript",
            Consent::SummaryOnly => "keep only the summary once the session ends",
        }
    }
}

/// Whether two typed names are one person: case, and spaces around and between words, aside.
pub fn same_client(a: &str, b: &str) -> bool {
    plain_name(a) == plain_name(b)
}

/// A typed name made plain, so one person is one key: spaces made single, case folded.
pub fn plain_name(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Pairing {
    /// The two names as typed (on the command line or in the home screen's form), made one
    /// clean line each; both are needed.
    pub fn new(coach: &str, client: &str, planned_minutes: Option<u32>) -> Result<Pairing, String> {
        let clean = |s: &str| {
            crate::text::clean(s)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (coach, client) = (clean(coach), clean(client));
        if coach.is_empty() || client.is_empty() {
            return Err("A paired session needs both names, the coach's and the client's.".into());
        }
        Ok(Pairing {
            coach,
            client,
            planned_minutes,
            confidential: String::new(),
            consent: Consent::KeepAll,
        })
    }

    pub fn name(&self, speaker: Speaker) -> &str {
        match speaker {
            Speaker::Client => &self.client,
            Speaker::Coach => &self.coach,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Speaker {
    #[default]
    Client,
    Coach,
}

impl Speaker {
    pub fn other(self) -> Speaker {
        match self {
            Speaker::Client => Speaker::Coach,
            Speaker::Coach => Speaker::Client,
        }
    }

    pub fn role(self) -> &'static str {
        match self {
            Speaker::Client => "client",
            Speaker::Coach => "coach",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Visibility {
    /// Part of the session: on the shared screen and in every export.
    #[default]
    Shared,
    /// The coach's private note: only in the coach's console and `--include-private`.
    CoachOnly,
}

/// One thing said (or privately noted) during a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub speaker: Speaker,
    pub text: String,
    pub written: Timestamp,
    #[serde(default)]
    pub visibility: Visibility,
    /// Still being written when the session was saved; reopened in its editor on resume.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// On a rehearsal step: the question it was written under (0 is the first), so feedback
    /// stays with the answer it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<u32>,
}

impl Entry {
    pub fn is_private(&self) -> bool {
        self.visibility == Visibility::CoachOnly
    }

    /// Whether it belongs under question `q` of a rehearsal (an entry written before
    /// entries were kept per question belongs under every one).
    pub fn on_question(&self, q: usize) -> bool {
        self.question.is_none_or(|x| x as usize == q)
    }
}

/// Who is looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The shared screen, and anything the client may be given.
    Shared,
    /// The coach alone (the console, `--include-private`).
    Coach,
}

/// The entries `audience` may see, in order. Coach-only notes never pass for [`Audience::Shared`].
pub fn visible(entries: &[Entry], audience: Audience) -> impl Iterator<Item = &Entry> {
    entries
        .iter()
        .filter(move |e| audience == Audience::Coach || !e.is_private())
}

/// How many entries `audience` does not get to see.
pub fn withheld(entries: &[Entry], audience: Audience) -> usize {
    entries.len() - visible(entries, audience).count()
}

/// How long a paired session has been open, over every sitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Clock {
    /// Seconds from earlier sittings.
    pub banked_secs: u64,
    /// When the sitting under way began; none while nobody has the session open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sitting: Option<Timestamp>,
}

impl Clock {
    pub fn elapsed(&self, now: Timestamp) -> u64 {
        let running = self
            .sitting
            .map_or(0, |s| crate::time::secs_between(s, now));
        self.banked_secs.saturating_add(running)
    }

    pub fn start(&mut self, now: Timestamp) {
        self.sitting.get_or_insert(now);
    }

    /// Stop counting (the session is being left); what ran so far is banked.
    pub fn pause(&mut self, now: Timestamp) {
        self.banked_secs = self.elapsed(now);
        self.sitting = None;
    }
}

/// The client's filed turns, joined as the step's answer reads them.
pub fn join_turns<'a>(turns: impl Iterator<Item = &'a str>, open: &'a str) -> String {
    let mut out = String::new();
    for t in turns.chain(std::iter::once(open)) {
        if t.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(TURN_BREAK);
        }
        out.push_str(t);
    }
    out
}

/// Between two turns of the client's answer.
pub const TURN_BREAK: &str = "\n\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(speaker: Speaker, text: &str, visibility: Visibility) -> Entry {
        Entry {
            speaker,
            text: text.into(),
            written: Timestamp::UNIX_EPOCH,
            visibility,
            draft: false,
            question: None,
        }
    }

    #[test]
    fn the_shared_audience_never_sees_a_coach_only_note() {
        let entries = vec![
            entry(Speaker::Client, "answer", Visibility::Shared),
            entry(Speaker::Coach, "CANARY", Visibility::CoachOnly),
            entry(Speaker::Coach, "follow-up", Visibility::Shared),
        ];
        let shared: Vec<_> = visible(&entries, Audience::Shared)
            .map(|e| &e.text)
            .collect();
        assert_eq!(shared, ["answer", "follow-up"]);
        assert_eq!(withheld(&entries, Audience::Shared), 1);
        assert_eq!(visible(&entries, Audience::Coach).count(), 3);
        assert_eq!(withheld(&entries, Audience::Coach), 0);
    }

    #[test]
    fn names_are_one_clean_line_and_both_are_needed() {
        let p = Pairing::new("  Sam \n Lee ", "Alex\u{1b}[2J", Some(45)).unwrap();
        assert_eq!(p.coach, "Sam Lee");
        assert!(!p.client.contains('\u{1b}'), "{:?}", p.client);
        assert!(Pairing::new("Sam", "  ", None).is_err());
        assert!(Pairing::new("", "Alex", None).is_err());
    }

    #[test]
    fn the_clock_banks_each_sitting() {
        let t = |s| Timestamp::from_second(s).unwrap();
        let mut c = Clock::default();
        c.start(t(100));
        assert_eq!(c.elapsed(t(160)), 60);
        c.pause(t(160));
        assert_eq!(c.elapsed(t(1000)), 60);
        c.start(t(2000));
        assert_eq!(c.elapsed(t(2030)), 90);
    }

    #[test]
    fn turns_join_with_a_blank_line_and_skip_empty_ones() {
        assert_eq!(join_turns(["a", " "].into_iter(), "b"), "a\n\nb");
        assert_eq!(join_turns(std::iter::empty(), ""), "");
    }
}
