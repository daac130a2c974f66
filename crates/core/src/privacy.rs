//! What each audience may be given of a transcript, and the coach's own notes file.
//!
//! Everything that leaves the program (`show`, exports, the library's viewer and search) goes
//! through [`project`]: for the shared audience it removes every coach-only entry and counts
//! them; for the coach it merges in the notes written in the console (`<id>.coach.ron`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::pairing::{self, Audience, Entry, Speaker, Visibility};
use crate::transcript::{StepRecord, Transcript};

/// Bumped when the notes file changes shape.
pub const NOTES_FORMAT: u32 = 1;

/// The coach's notes from the console, kept beside the transcript and written only by the
/// console, so the two processes never write the same file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoachNotes {
    pub format_version: u32,
    pub session: String,
    pub notes: Vec<ConsoleNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleNote {
    /// The step id the note was written on.
    pub step: String,
    pub text: String,
    pub written: Timestamp,
    /// Still being written when the console saved it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
}

impl CoachNotes {
    pub fn new(session: &str) -> Self {
        CoachNotes {
            format_version: NOTES_FORMAT,
            session: session.to_string(),
            notes: Vec::new(),
        }
    }

    pub fn parse(bytes: &[u8]) -> Result<CoachNotes, crate::transcript::ParseError> {
        let notes: CoachNotes = crate::transcript::parse_ron(bytes)?;
        if notes.format_version > NOTES_FORMAT {
            return Err(crate::transcript::ParseError::TooNew {
                found: notes.format_version,
            });
        }
        Ok(notes)
    }

    pub fn to_ron(&self) -> Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(false)
            .escape_strings(false)
            .indentor("    ");
        Ok(format!(
            "// leverage: the coach's private notes for session {}. Never shown to the client.\n{}\n",
            self.session,
            ron::ser::to_string_pretty(self, config)?
        ))
    }
}

/// A transcript as one audience may have it.
#[derive(Debug, Clone, PartialEq)]
pub struct Projected {
    pub transcript: Transcript,
    /// Coach-only entries left out (always 0 for the coach).
    pub withheld: usize,
}

/// The transcript for `audience`. For the coach, notes from the console are merged into their
/// steps' conversations in time order; for the shared audience, every coach-only entry goes.
pub fn project(t: &Transcript, audience: Audience, notes: Option<&CoachNotes>) -> Projected {
    let mut out = t.clone();
    let mut withheld = 0;
    match audience {
        Audience::Shared => {
            // The one rule, from `pairing`: what the shared audience sees and what it does not.
            for step in &mut out.steps {
                withheld += pairing::withheld(&step.conversation, audience);
                step.conversation = pairing::visible(&step.conversation, audience)
                    .cloned()
                    .collect();
            }
            withheld += notes.map_or(0, |n| n.notes.len());
        }
        Audience::Coach => {
            let notes = notes.map(|n| n.notes.as_slice()).unwrap_or_default();
            for step in &mut out.steps {
                merge_notes(step, notes);
            }
        }
    }
    Projected {
        transcript: out,
        withheld,
    }
}

/// Put the console's notes on `step` into its conversation, in time order, marked coach-only.
pub fn merge_notes(step: &mut StepRecord, notes: &[ConsoleNote]) {
    for note in notes.iter().filter(|n| n.step == step.id) {
        let entry = Entry {
            speaker: Speaker::Coach,
            text: note.text.clone(),
            written: note.written,
            visibility: Visibility::CoachOnly,
            draft: note.draft,
            question: None,
        };
        // After every entry written at or before it.
        let at = step
            .conversation
            .iter()
            .rposition(|e| e.written <= entry.written)
            .map_or(0, |p| p + 1);
        step.conversation.insert(at, entry);
    }
}

/// "2 coach-only notes were left out; --include-private adds them." or nothing.
pub fn withheld_notice(withheld: usize) -> Option<String> {
    match withheld {
        0 => None,
        1 => Some("1 coach-only note was left out; --include-private adds it.".into()),
        n => Some(format!(
            "{n} coach-only notes were left out; --include-private adds them."
        )),
    }
}
