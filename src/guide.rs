//! Guides: the scripts a session follows (steps, cues, prompts, worked examples).
//!
//! A guide is content, not code. It is read from RON into the raw structs of `guide::raw`, then
//! validated into the types below, or into a [`GuideError`] that names the file, the line, the
//! column and the reason. Nothing in this module touches the terminal.

mod locate;
pub mod raw;

use std::collections::HashSet;

use locate::Locator;
use raw::{RawGuide, RawKind};

/// A validated guide, ready for a session to follow.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub about: String,
    pub steps: Vec<Step>,
    pub summary: SummaryRefs,
    /// Where the guide came from, for messages ("built in" or a path).
    pub origin: String,
}

/// Step indices the summary screen draws on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SummaryRefs {
    pub check_in: Option<usize>,
    pub check_out: Option<usize>,
    pub statement: Option<usize>,
    pub next_step: Option<usize>,
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
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepKind {
    Text,
    Headline,
    Scale(Scale),
    Statement(StatementSpec),
}

impl StepKind {
    /// Whether the step's answer is typed text (as opposed to a number).
    pub fn takes_text(&self) -> bool {
        !matches!(self, StepKind::Scale(_))
    }
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
    /// Text with `{step-id}` placeholders, filled from earlier answers.
    pub template: String,
    pub audiences: Vec<String>,
}

impl Guide {
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// The step whose answer is pinned above later steps, if the guide has one.
    pub fn headline_step(&self) -> Option<usize> {
        self.steps
            .iter()
            .position(|s| matches!(s.kind, StepKind::Headline))
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
    validate(file, text, raw)
}

/// serde names the raw structs in its messages; say what they are to a guide author instead.
fn humanize(reason: &str) -> String {
    reason
        .replace("`RawGuide`", "the guide")
        .replace("`RawStep`", "a step")
        .replace("enum `RawKind`", "kind")
        .replace("`RawSummary`", "summary")
        .replace("`RawKind`", "kind")
}

fn validate(file: &str, text: &str, raw: RawGuide) -> Result<Guide, GuideError> {
    let loc = Locator::new(text);
    let err = |pos: locate::Pos, reason: String| GuideError {
        file: file.to_string(),
        line: pos.line,
        col: pos.col,
        reason,
    };
    if !is_valid_id(&raw.id) {
        return Err(err(
            loc.field("id", 0),
            format!(
                "guide id {:?} must be lowercase letters, digits and '-'",
                raw.id
            ),
        ));
    }
    if raw.title.trim().is_empty() {
        return Err(err(
            loc.field("title", 0),
            "the guide title is empty".into(),
        ));
    }
    if raw.steps.is_empty() {
        return Err(err(
            loc.field("steps", 0),
            "a guide needs at least one step".into(),
        ));
    }
    let mut seen = HashSet::new();
    let mut headlines = 0;
    let mut steps = Vec::with_capacity(raw.steps.len());
    for (i, rs) in raw.steps.into_iter().enumerate() {
        // Field positions are searched from the step's own id onwards, so they point into it.
        let at = loc.step_start(i);
        if !is_valid_id(&rs.id) {
            return Err(err(
                loc.field("id", at),
                format!(
                    "step id {:?} must be lowercase letters, digits and '-'",
                    rs.id
                ),
            ));
        }
        if !seen.insert(rs.id.clone()) {
            return Err(err(
                loc.field("id", at),
                format!("duplicate step id {:?}: each step needs its own id", rs.id),
            ));
        }
        if rs.title.trim().is_empty() {
            return Err(err(
                loc.field("title", at),
                format!("step {:?} has an empty title", rs.id),
            ));
        }
        if rs.prompt.trim().is_empty() {
            return Err(err(
                loc.field("prompt", at),
                format!("step {:?} has an empty prompt", rs.id),
            ));
        }
        let kind = match rs.kind {
            RawKind::Text => StepKind::Text,
            RawKind::Headline => {
                headlines += 1;
                if headlines > 1 {
                    return Err(err(
                        loc.field("kind", at),
                        format!(
                            "step {:?} is a second headline step; a guide has one at most",
                            rs.id
                        ),
                    ));
                }
                StepKind::Headline
            }
            RawKind::Scale {
                min,
                max,
                min_label,
                max_label,
            } => {
                if !(0..=100).contains(&min) || !(0..=100).contains(&max) {
                    return Err(err(
                        loc.field("min", at),
                        format!("step {:?}: scale ends must be between 0 and 100", rs.id),
                    ));
                }
                if min >= max {
                    return Err(err(
                        loc.field("min", at),
                        format!(
                            "step {:?}: scale min ({min}) must be below its max ({max})",
                            rs.id
                        ),
                    ));
                }
                StepKind::Scale(Scale {
                    min: min as u8,
                    max: max as u8,
                    min_label,
                    max_label,
                })
            }
            RawKind::Statement {
                template,
                audiences,
            } => {
                if audiences.iter().all(|a| a.trim().is_empty()) {
                    return Err(err(
                        loc.field("audiences", at),
                        format!("step {:?}: a statement needs at least one audience", rs.id),
                    ));
                }
                StepKind::Statement(StatementSpec {
                    template,
                    audiences,
                })
            }
        };
        steps.push(Step {
            id: rs.id,
            kind,
            title: rs.title,
            cue: rs.cue,
            prompt: rs.prompt,
            example: rs.example.filter(|e| !e.trim().is_empty()),
        });
    }

    // References: statement templates may only name earlier steps; the summary any step.
    for (i, step) in steps.iter().enumerate() {
        if let StepKind::Statement(spec) = &step.kind {
            for name in placeholders(&spec.template) {
                match steps.iter().position(|s| s.id == name) {
                    Some(j) if j < i => {}
                    Some(_) => {
                        return Err(err(
                            loc.text(&format!("{{{name}}}"), loc.step_start(i)),
                            format!(
                                "statement {:?} uses {{{name}}}, which comes after it",
                                step.id
                            ),
                        ));
                    }
                    None => {
                        return Err(err(
                            loc.text(&format!("{{{name}}}"), loc.step_start(i)),
                            format!(
                                "statement {:?} uses {{{name}}}, but no step has that id",
                                step.id
                            ),
                        ));
                    }
                }
            }
        }
    }
    let summary_ref = |field: &str, value: &Option<String>, want_scale: bool| {
        let Some(id) = value else { return Ok(None) };
        let pos = loc.field(field, loc.field("summary", 0).offset);
        let Some(index) = steps.iter().position(|s| &s.id == id) else {
            return Err(err(
                pos,
                format!("summary.{field} names step {id:?}, but no step has that id"),
            ));
        };
        if want_scale != matches!(steps[index].kind, StepKind::Scale(_)) {
            let what = if want_scale { "a scale" } else { "a text" };
            return Err(err(
                pos,
                format!("summary.{field} names step {id:?}, which is not {what} step"),
            ));
        }
        Ok(Some(index))
    };
    let summary = SummaryRefs {
        check_in: summary_ref("check_in", &raw.summary.check_in, true)?,
        check_out: summary_ref("check_out", &raw.summary.check_out, true)?,
        statement: summary_ref("statement", &raw.summary.statement, false)?,
        next_step: summary_ref("next_step", &raw.summary.next_step, false)?,
    };
    Ok(Guide {
        id: raw.id,
        version: raw.version,
        title: raw.title,
        about: raw.about,
        steps,
        summary,
        origin: file.to_string(),
    })
}

/// Ids are what file names and templates refer to: keep them plain.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The `{name}` placeholders of a statement template, in order.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}
