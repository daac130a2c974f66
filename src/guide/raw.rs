//! The guide file format exactly as written on disk: serde structs that mirror the RON text.
//!
//! Nothing here is trusted. `deny_unknown_fields` turns a misspelt field into an error with a
//! position; everything else (ids, references, scales) is checked in `guide::validate`.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGuide {
    pub id: String,
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub about: String,
    pub steps: Vec<RawStep>,
    #[serde(default)]
    pub summary: RawSummary,
}

/// Which steps the end-of-session summary draws on. Every field names a step id.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSummary {
    #[serde(default)]
    pub check_in: Option<String>,
    #[serde(default)]
    pub check_out: Option<String>,
    #[serde(default)]
    pub statement: Option<String>,
    #[serde(default)]
    pub next_step: Option<String>,
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
}

#[derive(Debug, Deserialize)]
pub enum RawKind {
    /// A free answer of any length.
    Text,
    /// One line that names the setback; pinned above every later step.
    Headline,
    /// A number on a labelled scale.
    Scale {
        min: i64,
        max: i64,
        #[serde(default)]
        min_label: String,
        #[serde(default)]
        max_label: String,
    },
    /// A statement drafted from earlier answers by `template`, then edited by the person.
    Statement {
        template: String,
        audiences: Vec<String>,
    },
}
