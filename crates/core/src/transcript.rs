//! The transcript: the saved, human-readable record of one session (one RON file each).
//!
//! This module owns the on-disk shape only; a live session converts to and from it in
//! `session/record.rs`. The
//! top-level headline, check-in, statement and next step are copies for readers and listings;
//! the step records are the source of truth when a session is reopened.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use crate::pairing::{Clock, Entry, Pairing, Speaker, Visibility};

/// Bumped when the shape changes in a way an older reader could not follow.
/// Format 2 added paired sessions (`pair`, `clock`, each step's `conversation`); format 1
/// files read unchanged, since every new field has a default.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    pub format_version: u32,
    pub id: String,
    pub guide: GuideRef,
    /// The mode the guide was run in, for guides that have modes.
    #[serde(default)]
    pub mode: Option<String>,
    pub started: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub finished: Option<Timestamp>,
    pub status: Status,
    /// The step the person was on, so a resumed session opens exactly there.
    pub current_step: String,
    /// On a rehearsal step: the question the person was on (0 is the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_question: Option<u32>,
    #[serde(default)]
    pub headline: Option<String>,
    #[serde(default)]
    pub check_in: Option<u8>,
    #[serde(default)]
    pub check_out: Option<u8>,
    #[serde(default)]
    pub statement: Option<StatementRecord>,
    /// Who the statement and the rehearsal are for, even before the statement is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    #[serde(default)]
    pub next_step: Option<String>,
    /// What was agreed to do next, each with who takes it on and by when, when the guide
    /// asks for actions (read from the words of its step: see `actions::read`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// What the person wanted from the session, in their words, when the guide asks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    pub steps: Vec<StepRecord>,
    /// Words the person files the session under.
    #[serde(default)]
    pub tags: Vec<String>,
    /// When the person asked to come back to it.
    #[serde(default)]
    pub revisit_due: Option<Timestamp>,
    /// Notes added on rereading, oldest first. Appended only: the answers above never change.
    #[serde(default)]
    pub revisits: Vec<Revisit>,
    /// The coach and client, in a paired session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pair: Option<Pairing>,
    /// How long a paired session has been open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<Clock>,
    /// In a paired session: when the shared screen reached the current step (for the
    /// console's view of the step's time box).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_since: Option<Timestamp>,
    /// In a paired session: the client's next steps from earlier sessions, as they were
    /// reviewed at the start of this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewed: Vec<Review>,
    /// The shared screen was in the presentation layout (F6), so a resume opens in it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub presentation: bool,
    /// This session went on from another whose file changed elsewhere while it was open
    /// here: that session's id (it was kept as the other device left it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diverged_from: Option<String>,
}

/// One thing agreed to do after a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// As written (an owner's label in front taken off).
    pub text: String,
    #[serde(default, skip_serializing_if = "Owner::is_client")]
    pub owner: Owner,
    /// The day it is due, when the words name one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<jiff::civil::Date>,
}

/// Who takes an action on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Owner {
    /// The person the session is for (the only one in a solo session).
    #[default]
    Client,
    Coach,
}

impl Owner {
    fn is_client(&self) -> bool {
        *self == Owner::Client
    }
}

/// One earlier next step, looked at again at the start of a later session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The session it was agreed in.
    pub from: String,
    /// When that session started, for saying "from 24 Nov".
    pub agreed: Timestamp,
    /// What was agreed, as it was written.
    pub text: String,
    #[serde(default, skip_serializing_if = "Owner::is_client")]
    pub owner: Owner,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<jiff::civil::Date>,
    pub status: ReviewStatus,
    /// A word on how it went, in the client's or coach's words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub word: String,
}

/// How an earlier next step went. Open and NotYet carry it into the next session again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewStatus {
    /// Not looked at yet.
    Open,
    Done,
    NotYet,
    Dropped,
}

impl ReviewStatus {
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Open => "not talked about yet",
            ReviewStatus::Done => "done",
            ReviewStatus::NotYet => "not yet",
            ReviewStatus::Dropped => "dropped",
        }
    }

    /// Whether the step is settled and stops carrying into later sessions.
    pub fn settled(self) -> bool {
        matches!(self, ReviewStatus::Done | ReviewStatus::Dropped)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revisit {
    pub written: Timestamp,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideRef {
    pub id: String,
    pub version: u32,
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    InProgress,
    Complete,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::InProgress => "in progress",
            Status::Complete => "complete",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRecord {
    pub audience: String,
    pub text: String,
}

/// One step as it was asked and answered. The title and prompt are kept so the transcript
/// reads in full even after its guide changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    pub id: String,
    pub title: String,
    pub prompt: String,
    pub answer: Answer,
    /// The leverage point the step works on, when the guide names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    /// In a paired session: the client's turns, the coach's follow-ups and coach-only notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conversation: Vec<Entry>,
    /// A statement the person edited: the draft their edit started from, so a later change to
    /// the answers it was drafted from can be pointed out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drafted_from: Option<String>,
    /// The step did not run: its condition on earlier answers did not hold.
    #[serde(default, skip_serializing_if = "is_false")]
    pub passed_over: bool,
    /// Its answer was removed when the session ended: the client agreed to keeping only the
    /// summary.
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_kept: bool,
    /// On a rehearsal step: questions the coach added on the fly, after the guide's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_questions: Vec<String>,
}

impl StepRecord {
    /// How a reader shows a step with no answer: not reached yet, or not part of the session.
    pub fn unanswered_label(&self) -> &'static str {
        if self.not_kept {
            "(not kept: only the summary was kept, as agreed at the start)"
        } else if self.passed_over {
            "(not part of this session)"
        } else {
            "(not answered)"
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// Not reached or not answered yet.
    Pending,
    Text {
        text: String,
        written: Timestamp,
    },
    Scale {
        value: u8,
        written: Timestamp,
    },
    Choice {
        selected: Vec<String>,
        written: Timestamp,
    },
    List {
        items: Vec<String>,
        written: Timestamp,
    },
    /// Each rehearsal question as asked, the answer, and the seconds spent on it.
    Rehearsal {
        takes: Vec<TakeRecord>,
        written: Timestamp,
    },
    /// Deliberately skipped; anything typed before the skip is kept as a draft.
    Skipped {
        at: Timestamp,
        #[serde(default)]
        draft: Option<String>,
        /// A skipped rehearsal keeps every take typed so far.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        takes: Vec<TakeRecord>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakeRecord {
    pub question: String,
    pub answer: String,
    pub seconds: u32,
    /// The person passed on this question (what they typed before is kept in `answer`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub skipped: bool,
    /// Earlier takes of the same question, oldest first, kept when the person tried again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<EarlierTake>,
}

impl TakeRecord {
    /// The time and any note for a reader: "00:35", "00:35, skipped", "00:35, take 2".
    pub fn timing(&self) -> String {
        let mut out = crate::time::duration(u64::from(self.seconds));
        if self.skipped {
            out.push_str(", skipped");
        } else if !self.earlier.is_empty() {
            out.push_str(&format!(", take {}", self.earlier.len() + 1));
        }
        out
    }
}

/// A take the person answered again: its words and the seconds it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierTake {
    pub answer: String,
    pub seconds: u32,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Transcript {
    /// The shift from check-in to check-out, when both were given.
    /// Step `i`'s place among the steps that run, and how many run: (1-based, of), as the
    /// shared screen counts them (a step passed over by its condition is not counted).
    pub fn progress(&self, i: usize) -> (usize, usize) {
        let counted = |(j, s): &(usize, &StepRecord)| !s.passed_over || *j == i;
        let at = self
            .steps
            .iter()
            .enumerate()
            .take(i)
            .filter(counted)
            .count()
            + 1;
        (at, self.steps.iter().enumerate().filter(counted).count())
    }

    /// What was agreed to do next: the actions, or (from a guide without them, or a session
    /// saved before them) the next step as one action of the client's with no date.
    pub fn agreed(&self) -> Vec<Action> {
        if !self.actions.is_empty() {
            return self.actions.clone();
        }
        self.next_step
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|text| Action {
                text: text.to_string(),
                owner: Owner::Client,
                due: None,
            })
            .into_iter()
            .collect()
    }

    /// Keep only what the summary needs, as a client may ask: the steps `keep` names keep
    /// their answers, every other step's answer goes, and every conversation goes (coach-only
    /// notes with it); what the summary and the next session need is kept.
    pub fn keep_summary_only(&mut self, keep: &[&str]) {
        for step in &mut self.steps {
            step.conversation.clear();
            step.drafted_from = None;
            if !keep.contains(&step.id.as_str()) && !matches!(step.answer, Answer::Pending) {
                step.answer = Answer::Pending;
                step.not_kept = true;
            }
        }
    }

    pub fn shift(&self) -> Option<(u8, u8)> {
        Some((self.check_in?, self.check_out?))
    }
}

/// Largest transcript read; far beyond any real session, small enough to never exhaust memory.
pub const MAX_TRANSCRIPT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("line {line}, column {col}: {reason}")]
    Syntax {
        line: usize,
        col: usize,
        reason: String,
    },
    #[error("written by a newer leverage (format {found}, this one reads up to {FORMAT_VERSION})")]
    TooNew { found: u32 },
    #[error("not valid UTF-8 (first bad byte at offset {0})")]
    NotUtf8(usize),
    #[error("git conflict markers at line {0}: finish the merge (see docs/sync.md)")]
    ConflictMarkers(usize),
    /// Nothing in it looks like a transcript; its content is not quoted (it may be anything).
    #[error("not a leverage transcript")]
    NotTranscript,
}

/// Parse a transcript from the bytes of its file.
pub fn parse(bytes: &[u8]) -> Result<Transcript, ParseError> {
    let parsed = parse_ron::<Transcript>(bytes);
    // A merge left unfinished says so, rather than as a RON syntax error.
    if parsed.is_err()
        && let Some(n) = bytes
            .split(|&b| b == b'\n')
            .position(|l| l.starts_with(b"<<<<<<< ") || l == b"<<<<<<<")
    {
        return Err(ParseError::ConflictMarkers(n + 1));
    }
    if matches!(parsed, Err(ParseError::Syntax { .. })) {
        // A newer leverage may write what this one cannot read at all: say so, not where.
        if let Some(found) = written_format(bytes).filter(|&v| v > FORMAT_VERSION) {
            return Err(ParseError::TooNew { found });
        }
        if !looks_like_transcript(bytes) {
            return Err(ParseError::NotTranscript);
        }
    }
    // A newer format this version can read is read, to be shown; writing it back is refused
    // (see [`uncarried`]).
    parsed
}

/// The `format_version` a file says it was written in, found without parsing the rest.
fn written_format(bytes: &[u8]) -> Option<u32> {
    let head = &bytes[..bytes.len().min(4096)];
    let key = b"format_version";
    let at = head.windows(key.len()).position(|w| w == key)? + key.len();
    let rest = &head[at..];
    let rest = rest.strip_prefix(b":").or_else(|| {
        let skip = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest[skip..].strip_prefix(b":")
    })?;
    let digits: Vec<u8> = rest
        .iter()
        .copied()
        .skip_while(u8::is_ascii_whitespace)
        .take_while(u8::is_ascii_digit)
        .take(9)
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// What writing `t` (parsed from `bytes`) back would lose, if anything: a newer format than
/// this version writes ("format 3"), or a field it does not know ("the field steps[3].mood").
pub fn uncarried(bytes: &[u8], t: &Transcript) -> Option<String> {
    if t.format_version > FORMAT_VERSION {
        return Some(format!(
            "format {}, newer than this version's {FORMAT_VERSION},",
            t.format_version
        ));
    }
    unknown_field_of(bytes, t).map(|field| format!("the field {field},"))
}

/// Whether the start of a file names the transcript's first fields.
fn looks_like_transcript(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    head.windows(b"format_version".len())
        .any(|w| w == b"format_version")
}

/// Any of leverage's RON files from its bytes, with the position and reason of an error.
pub fn parse_ron<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ParseError::NotUtf8(e.valid_up_to()))?;
    crate::guide::ron_options()
        .from_str(text)
        .map_err(|e| ParseError::Syntax {
            line: e.span.start.line,
            col: e.span.start.col,
            reason: e.code.to_string(),
        })
}

/// The file's text: pretty RON, multi-line answers written as they were typed.
pub fn to_ron(t: &Transcript) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .escape_strings(false)
        .indentor("    ");
    let mut text = format!(
        "// leverage session transcript. Written by leverage; safe to read, best not edited.\n{}",
        ron::ser::to_string_pretty(t, config)?
    );
    text.push('\n');
    Ok(text)
}

/// The first field in the file that this version does not know and would drop on saving it
/// back ("steps[3].mood"), if any: the file read as plain RON, compared with what this version
/// writes for it. Fields left at their empty value are not counted.
pub fn unknown_field(bytes: &[u8]) -> Option<String> {
    unknown_field_of(bytes, &parse(bytes).ok()?)
}

/// [`unknown_field`] for a file already parsed into `t`.
pub fn unknown_field_of(bytes: &[u8], t: &Transcript) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let options = crate::guide::ron_options();
    let theirs: ron::Value = options.from_str(text).ok()?;
    let ours: ron::Value = options.from_str(&to_ron(t).ok()?).ok()?;
    let mut path = String::new();
    first_missing(&theirs, &ours, &mut path).then_some(path)
}

fn is_empty_value(v: &ron::Value) -> bool {
    match v {
        ron::Value::Option(None) | ron::Value::Unit => true,
        ron::Value::Seq(s) => s.is_empty(),
        ron::Value::Map(m) => m.is_empty(),
        ron::Value::Bool(b) => !b,
        _ => false,
    }
}

/// Whether `theirs` holds a field `ours` lacks; `path` is left naming it.
fn first_missing(theirs: &ron::Value, ours: &ron::Value, path: &mut String) -> bool {
    use ron::Value;
    match (theirs, ours) {
        (Value::Map(a), Value::Map(b)) => {
            for (k, v) in a.iter() {
                let name = match k {
                    Value::String(s) => s.clone(),
                    other => format!("{other:?}"),
                };
                let at = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&name);
                match b.get(k) {
                    Some(w) if first_missing(v, w, path) => return true,
                    Some(_) => {}
                    None if !is_empty_value(v) => return true,
                    None => {}
                }
                path.truncate(at);
            }
            false
        }
        (Value::Seq(a), Value::Seq(b)) => {
            for (n, (v, w)) in a.iter().zip(b.iter()).enumerate() {
                let at = path.len();
                path.push_str(&format!("[{n}]"));
                if first_missing(v, w, path) {
                    return true;
                }
                path.truncate(at);
            }
            false
        }
        (Value::Option(Some(a)), Value::Option(Some(b))) => first_missing(a, b, path),
        (Value::Option(Some(a)), b) => first_missing(a, b, path),
        (a, Value::Option(Some(b))) => first_missing(a, b, path),
        _ => false,
    }
}
