//! The guide file format exactly as written on disk: serde structs that mirror the RON text.
//!
//! Nothing here is trusted. `deny_unknown_fields` turns a misspelt field into an error with a
//! position; everything else (ids, references, scales, modes) is checked in `guide`.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGuide {
    pub id: String,
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub about: String,
    /// Ways to run the guide, chosen at the start (for example looking back or looking ahead).
    #[serde(default)]
    pub modes: Vec<RawMode>,
    #[serde(default)]
    pub summary: RawSummary,
    pub steps: Vec<RawStep>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMode {
    pub id: String,
    pub title: String,
}

/// Which steps the session's summary draws on. Every field names a step id.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSummary {
    /// A one-line text step, pinned above every later step once written.
    #[serde(default)]
    pub headline: Option<String>,
    #[serde(default)]
    pub check_in: Option<String>,
    #[serde(default)]
    pub check_out: Option<String>,
    #[serde(default)]
    pub statement: Option<String>,
    #[serde(default)]
    pub next_step: Option<String>,
    /// What the person wants from the session, in their words (the contract).
    #[serde(default)]
    pub goal: Option<String>,
    /// A step written one action a line ("Coach: send the article by Friday").
    #[serde(default)]
    pub actions: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub id: String,
    pub kind: RawKind,
    pub title: String,
    #[serde(default)]
    pub cue: String,
    pub prompt: String,
    #[serde(default)]
    pub example: Option<String>,
    /// The leverage point (or lesson) this step works on, for the patterns view.
    #[serde(default)]
    pub point: Option<String>,
    /// Wording for a mode, replacing the fields it gives.
    #[serde(default)]
    pub variants: BTreeMap<String, RawVariant>,
    /// For the coach of a paired session: why the step is there and how to run it.
    #[serde(default)]
    pub facilitator: Option<RawFacilitator>,
    /// Run the step only when this holds for an earlier answer.
    #[serde(default)]
    pub when: Option<RawWhen>,
    /// A perspective offered after the person has answered, shown as they move on.
    #[serde(default)]
    pub offer: Option<String>,
    /// This step opens a part of the session with this title; the session offers a pause
    /// before it.
    #[serde(default)]
    pub part: Option<String>,
}

/// A condition on an earlier step's answer. Exactly one test is given.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWhen {
    /// The earlier step whose answer is tested.
    pub step: String,
    /// A Choice step: the option is among those chosen (or nothing was chosen at all).
    #[serde(default)]
    pub includes: Option<String>,
    /// A Scale step: the value is at most this.
    #[serde(default)]
    pub at_most: Option<i64>,
    /// A Scale step: the value is at least this.
    #[serde(default)]
    pub at_least: Option<i64>,
    /// A Scale step: the value is below the value of this other Scale step.
    #[serde(default)]
    pub below: Option<String>,
}

/// A rehearsal question as written in the long form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub ask: String,
    /// The length a spoken answer aims for; the step's `target_seconds` when left out.
    #[serde(default)]
    pub seconds: Option<u32>,
    /// A probing follow-up to the question before it, rather than an opener.
    #[serde(default)]
    pub probe: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFacilitator {
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub follow_ups: Vec<String>,
    #[serde(default)]
    pub listen_for: Vec<String>,
    /// A soft time box in minutes: past it the timer changes colour, nothing else.
    #[serde(default)]
    pub minutes: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub cue: Option<String>,
    #[serde(default)]
    pub prompt: Option<String>,
    #[serde(default)]
    pub example: Option<String>,
}

/// The closed set of step kinds. `docs/guides.md` documents each one.
#[derive(Debug, Deserialize)]
pub enum RawKind {
    /// A free answer of any length.
    Text,
    /// A number on a labelled scale.
    Scale {
        min: i64,
        max: i64,
        #[serde(default)]
        min_label: String,
        #[serde(default)]
        max_label: String,
    },
    /// One option, or several when `multiple` is true.
    Choice {
        options: Vec<String>,
        #[serde(default)]
        multiple: bool,
    },
    /// Several short items, one per line.
    List,
    /// A statement drafted from earlier answers by `template`, then edited by the person.
    Statement {
        /// The draft for every audience without one of its own in `drafts`.
        #[serde(default)]
        template: Option<String>,
        audiences: Vec<String>,
        /// A draft per audience: whole sentences, each left out when a slot has nothing.
        #[serde(default)]
        drafts: BTreeMap<String, Vec<String>>,
    },
    /// Practice answers to likely questions, one at a time, timed against a target length.
    Rehearsal {
        /// The questions for every audience without a set of its own in `sets`.
        #[serde(default)]
        questions: Vec<String>,
        target_seconds: u32,
        /// Questions per audience of the guide's statement, with probing follow-ups.
        #[serde(default)]
        sets: BTreeMap<String, Vec<RawQuestion>>,
    },
}
