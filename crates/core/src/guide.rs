//! Guides: the scripts a session follows (steps, cues, prompts, worked examples).
//!
//! A guide is content, not code. It is read from RON into the raw structs of `guide::raw`, then
//! validated into the types below, or into a [`GuideError`] that names the file, the line, the
//! column and the reason. Nothing in this module touches the terminal.

mod locate;
pub mod raw;
mod rules;
mod validate;

use std::borrow::Cow;
use std::collections::BTreeMap;

use raw::RawGuide;

/// A validated guide, ready for a session to follow.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub about: String,
    pub steps: Vec<Step>,
    pub summary: SummaryRefs,
    /// Ways to run the guide, chosen at the start; empty when there is only one way.
    pub modes: Vec<Mode>,
    /// Where the guide came from, for messages (a path inside `content/` or on disk).
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mode {
    pub id: String,
    pub title: String,
}

/// Step indices the summary screen draws on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SummaryRefs {
    pub headline: Option<usize>,
    pub check_in: Option<usize>,
    pub check_out: Option<usize>,
    pub statement: Option<usize>,
    pub next_step: Option<usize>,
    /// What the person wants from the session (the contract step).
    pub goal: Option<usize>,
    /// A step whose lines are actions, each with an owner and a due date read from its words.
    pub actions: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: String,
    pub kind: StepKind,
    pub title: String,
    /// The coach's framing, in the coach's voice.
    pub cue: String,
    pub prompt: String,
    /// A worked answer from a composite person, shown on demand.
    pub example: Option<String>,
    /// Wording for particular modes, by mode id.
    pub variants: BTreeMap<String, Wording>,
    /// The leverage point this step works on; answers are laid side by side by point.
    pub point: Option<String>,
    /// What the coach of a paired session sees for this step (empty when the guide has none).
    pub facilitator: Facilitator,
    /// The step runs only when this holds; always when there is none.
    pub when: Option<Condition>,
    /// The title of the part this step opens, if it opens one.
    pub part: Option<String>,
    /// A perspective the coach offers once the person has answered, never before: shown as
    /// they move on to the next step.
    pub offer: Option<String>,
}

/// A test on an earlier step's answer, deciding whether a step runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The index of the earlier step tested.
    pub step: usize,
    pub test: Test,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// A Choice step's option (by index) was chosen, or nothing was chosen at all: a choice
    /// not made filters nothing out.
    Includes(usize),
    /// A Scale step's value is at most this (false while it has no value).
    AtMost(u8),
    /// A Scale step's value is at least this (false while it has no value).
    AtLeast(u8),
    /// A Scale step's value is below this other Scale step's (false unless both have one).
    Below(usize),
}

/// The facilitator's guide to one step: shown only in the coach's console.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facilitator {
    pub purpose: String,
    pub follow_ups: Vec<String>,
    pub listen_for: Vec<String>,
    /// A soft time box in minutes: past it the timer changes colour, nothing else.
    pub minutes: Option<u32>,
}

/// The words of a step as shown in one mode.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wording {
    pub title: Option<String>,
    pub cue: Option<String>,
    pub prompt: Option<String>,
    pub example: Option<String>,
}

impl Step {
    /// The words to show in `mode`: the mode's variant where it has one, the step's own otherwise.
    pub fn wording(&self, mode: Option<&str>) -> Wording {
        let v = mode.and_then(|m| self.variants.get(m));
        let pick = |own: &str, var: Option<&Option<String>>| {
            var.and_then(Option::as_ref)
                .cloned()
                .unwrap_or_else(|| own.to_string())
        };
        Wording {
            title: Some(pick(&self.title, v.map(|v| &v.title))),
            cue: Some(pick(&self.cue, v.map(|v| &v.cue))),
            prompt: Some(pick(&self.prompt, v.map(|v| &v.prompt))),
            example: v
                .and_then(|v| v.example.clone())
                .or_else(|| self.example.clone()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepKind {
    Text,
    Scale(Scale),
    Choice(ChoiceSpec),
    List,
    Statement(StatementSpec),
    Rehearsal(RehearsalSpec),
}

impl StepKind {
    /// Whether the answer is written in the editor (as opposed to picked).
    pub fn takes_text(&self) -> bool {
        !matches!(self, StepKind::Scale(_) | StepKind::Choice(_))
    }

    /// The kind's name as written in guide files.
    pub fn name(&self) -> &'static str {
        match self {
            StepKind::Text => "Text",
            StepKind::Scale(_) => "Scale",
            StepKind::Choice(_) => "Choice",
            StepKind::List => "List",
            StepKind::Statement(_) => "Statement",
            StepKind::Rehearsal(_) => "Rehearsal",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceSpec {
    pub options: Vec<String>,
    pub multiple: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RehearsalSpec {
    /// The questions for an audience without a set of its own.
    pub questions: Vec<Question>,
    /// The length an answer aims for, spoken aloud, when a question gives none.
    pub target_seconds: u32,
    /// Questions by audience (the audiences of the guide's statement step).
    pub sets: BTreeMap<String, Vec<Question>>,
}

impl RehearsalSpec {
    /// The questions asked of someone speaking to `audience`, then those a coach added on the
    /// fly (`added`, each aiming for the default length).
    pub fn questions_with(&self, audience: Option<&str>, added: &[String]) -> Cow<'_, [Question]> {
        let set = self.questions_for(audience);
        if added.is_empty() {
            return Cow::Borrowed(set);
        }
        let mut all = set.to_vec();
        all.extend(added.iter().map(|ask| Question {
            ask: ask.clone(),
            seconds: self.target_seconds,
            probe: false,
        }));
        Cow::Owned(all)
    }

    /// The questions asked of someone speaking to `audience`.
    pub fn questions_for(&self, audience: Option<&str>) -> &[Question] {
        audience
            .and_then(|a| self.sets.get(a))
            .unwrap_or(&self.questions)
    }
}

/// One rehearsal question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub ask: String,
    /// About how long a spoken answer should take.
    pub seconds: u32,
    /// A probing follow-up to the question before it.
    pub probe: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub min: u8,
    pub max: u8,
    pub min_label: String,
    pub max_label: String,
}

impl Scale {
    pub fn clamp(&self, value: i64) -> u8 {
        value.clamp(i64::from(self.min), i64::from(self.max)) as u8
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatementSpec {
    pub audiences: Vec<String>,
    /// The draft for each audience, in the order of `audiences`: whole sentences with
    /// `{step-id}` or `{step-id:Lead in|Other lead in}` slots, filled from earlier answers.
    pub drafts: Vec<Vec<String>>,
}

impl StatementSpec {
    /// The draft's sentences for audience `n` (the first audience's when out of range).
    pub fn sentences(&self, n: usize) -> &[String] {
        self.drafts
            .get(n)
            .or_else(|| self.drafts.first())
            .map_or(&[], Vec::as_slice)
    }
}

impl Guide {
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// The step whose answer is pinned above later steps, if the guide has one.
    pub fn headline_step(&self) -> Option<usize> {
        self.summary.headline
    }

    pub fn mode(&self, id: &str) -> Option<&Mode> {
        self.modes.iter().find(|m| m.id == id)
    }
}

/// Why a guide could not be used, with where in which file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{col}: {reason}")]
pub struct GuideError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub reason: String,
}

/// The RON options every content file is read with: `Some(..)` may be left out.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// Read and validate one guide. `file` is only used to name the source in errors.
pub fn parse(file: &str, text: &str) -> Result<Guide, GuideError> {
    let raw: RawGuide = ron_options().from_str(text).map_err(|e| GuideError {
        file: file.to_string(),
        line: e.span.start.line,
        col: e.span.start.col,
        reason: humanize(&e.code.to_string()),
    })?;
    validate::validate(file, text, raw)
}

/// serde names the raw structs in its messages; say what they are to a guide author instead.
fn humanize(reason: &str) -> String {
    reason
        .replace("`RawGuide`", "the guide")
        .replace("`RawStep`", "a step")
        .replace("enum `RawKind`", "kind")
        .replace("`RawSummary`", "summary")
        .replace("`RawKind`", "kind")
        .replace("`RawMode`", "a mode")
        .replace("`RawVariant`", "a wording")
}

/// Ids are what file names and templates refer to: keep them plain.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A statement template in pieces, in order: the text between slots, and each `{slot}` as
/// written between its braces (`story` or `story:My part|I`). A `{` with no `}` after it is
/// text. The one scanner of templates: validation reads the slots, the composer fills them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Slot(&after[..close]));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The `{slot}`s of a statement template, in order.
pub fn placeholders(template: &str) -> Vec<&str> {
    pieces(template)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Slot(s) => Some(s),
            Piece::Text(_) => None,
        })
        .collect()
}

/// The step a slot names: `story` in `story:My part|I`.
pub fn slot_name(slot: &str) -> &str {
    slot.split_once(':').map_or(slot, |(name, _)| name).trim()
}

/// The lead-ins a slot asks for (`My part`, `I` in `story:My part|I`): empty for none.
pub fn slot_leads(slot: &str) -> Vec<&str> {
    slot.split_once(':').map_or_else(Vec::new, |(_, leads)| {
        leads
            .split('|')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// A one-string template as whole sentences: split after `.`, `!` or `?` followed by a space,
/// outside the braces of a slot.
pub fn split_sentences(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = template.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'.' | b'!' | b'?' if depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                out.push(template[start..=i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    let rest = template[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}
