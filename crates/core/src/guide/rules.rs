//! Checking the parts of a guide that refer to other parts: a step's condition, a statement's
//! drafts per audience, and a rehearsal's question sets per audience.
//!
//! Each check returns the kind it builds or the place and reason of the first mistake; the
//! caller in `guide` turns that into a [`super::GuideError`] naming the file.

use std::collections::BTreeMap;

use super::locate::{Locator, Pos};
use super::raw::{RawQuestion, RawWhen};
use super::{Condition, Question, RehearsalSpec, StatementSpec, Step, StepKind, Test};

pub type Failure = (Pos, String);

/// A Statement step: the drafts per audience, with `template` for those without their own.
pub fn statement(
    loc: &Locator,
    at: usize,
    id: &str,
    template: Option<String>,
    audiences: Vec<String>,
    mut drafts: BTreeMap<String, Vec<String>>,
) -> Result<StepKind, Failure> {
    if audiences.is_empty() || audiences.iter().any(|a| a.trim().is_empty()) {
        return Err((
            loc.field("audiences", at),
            format!("step {id:?}: a statement needs audiences, none of them empty"),
        ));
    }
    if let Some(name) = drafts.keys().find(|k| !audiences.contains(k)) {
        return Err((
            loc.text(&format!("\"{name}\""), loc.field("drafts", at).offset),
            format!("step {id:?} has a draft for {name:?}, which is not one of its audiences"),
        ));
    }
    let fallback = template
        .filter(|t| !t.trim().is_empty())
        .map(|t| super::split_sentences(&t));
    let mut per_audience = Vec::with_capacity(audiences.len());
    for a in &audiences {
        let sentences = match (drafts.remove(a), &fallback) {
            (Some(s), _) => s,
            (None, Some(f)) => f.clone(),
            (None, None) => {
                return Err((
                    loc.field("audiences", at),
                    format!(
                        "step {id:?}: the audience {a:?} has no draft; give a `template` or a draft for it"
                    ),
                ));
            }
        };
        let sentences: Vec<String> = sentences
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if sentences.is_empty() {
            return Err((
                loc.field("drafts", at),
                format!("step {id:?}: the draft for {a:?} has no sentences"),
            ));
        }
        per_audience.push(sentences);
    }
    Ok(StepKind::Statement(StatementSpec {
        audiences,
        drafts: per_audience,
    }))
}

/// A Rehearsal step: its default questions and the sets per audience (whose names are checked
/// against the statement's audiences once every step is known, in [`rehearsal_sets`]).
pub fn rehearsal(
    loc: &Locator,
    at: usize,
    id: &str,
    questions: Vec<String>,
    target_seconds: u32,
    sets: BTreeMap<String, Vec<RawQuestion>>,
) -> Result<StepKind, Failure> {
    if target_seconds == 0 {
        return Err((
            loc.field("target_seconds", at),
            format!("step {id:?}: target_seconds must be above 0"),
        ));
    }
    if questions.iter().any(|q| q.trim().is_empty()) || (questions.is_empty() && sets.is_empty()) {
        return Err((
            loc.field("questions", at),
            format!("step {id:?}: a rehearsal needs questions, none of them empty"),
        ));
    }
    let questions = questions
        .into_iter()
        .map(|ask| Question {
            ask,
            seconds: target_seconds,
            probe: false,
        })
        .collect();
    let mut out = BTreeMap::new();
    for (audience, set) in sets {
        let here = loc.text(&format!("\"{audience}\""), loc.field("sets", at).offset);
        if set.is_empty() || set.iter().any(|q| q.ask.trim().is_empty()) {
            return Err((
                here,
                format!("step {id:?}: the questions for {audience:?} are empty"),
            ));
        }
        if set.first().is_some_and(|q| q.probe) {
            return Err((
                here,
                format!(
                    "step {id:?}: the questions for {audience:?} start with a probe; a probe follows a question"
                ),
            ));
        }
        if set.iter().any(|q| q.seconds == Some(0)) {
            return Err((
                loc.field("seconds", here.offset),
                format!(
                    "step {id:?}: a question of 0 seconds; leave `seconds` out for the step's target"
                ),
            ));
        }
        let set = set
            .into_iter()
            .map(|q| Question {
                ask: q.ask,
                seconds: q.seconds.unwrap_or(target_seconds),
                probe: q.probe,
            })
            .collect();
        out.insert(audience, set);
    }
    Ok(StepKind::Rehearsal(RehearsalSpec {
        questions,
        target_seconds,
        sets: out,
    }))
}

/// Every rehearsal's sets name audiences of the guide's statement, and every audience
/// without a set falls back to questions that exist.
pub fn rehearsal_sets(
    loc: &Locator,
    steps: &[Step],
    statement: Option<usize>,
) -> Result<(), Failure> {
    let audiences: &[String] = match statement.map(|i| &steps[i].kind) {
        Some(StepKind::Statement(spec)) => &spec.audiences,
        _ => &[],
    };
    for (i, step) in steps.iter().enumerate() {
        let StepKind::Rehearsal(spec) = &step.kind else {
            continue;
        };
        let at = loc.step_start(i);
        if let Some(name) = spec.sets.keys().find(|k| !audiences.contains(k)) {
            return Err((
                loc.text(&format!("\"{name}\""), loc.field("sets", at).offset),
                format!(
                    "step {:?} has questions for {name:?}, which is not an audience of the summary's statement step",
                    step.id
                ),
            ));
        }
        if spec.questions.is_empty()
            && (audiences.is_empty() || audiences.iter().any(|a| !spec.sets.contains_key(a)))
        {
            return Err((
                loc.field("questions", at),
                format!(
                    "step {:?}: an audience has no questions; give `questions` for the rest",
                    step.id
                ),
            ));
        }
    }
    Ok(())
}

/// Step `i`'s condition: it names an earlier step of the right kind and exactly one test.
pub fn condition(
    loc: &Locator,
    at: usize,
    steps: &[Step],
    i: usize,
    when: RawWhen,
) -> Result<Condition, Failure> {
    let here = loc.field("when", at);
    let id = &steps[i].id;
    let earlier = |name: &str| -> Result<usize, Failure> {
        match steps.iter().position(|s| s.id == name) {
            Some(j) if j < i => Ok(j),
            Some(_) => Err((
                here,
                format!("step {id:?} runs when {name:?} says so, but that step comes after it"),
            )),
            None => Err((
                here,
                format!("step {id:?} runs when {name:?} says so, but no step has that id"),
            )),
        }
    };
    let step = earlier(&when.step)?;
    let given = [
        when.includes.is_some(),
        when.at_most.is_some(),
        when.at_least.is_some(),
        when.below.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err((
            here,
            format!(
                "step {id:?}: a condition needs exactly one of includes, at_most, at_least or below"
            ),
        ));
    }
    let kind = &steps[step].kind;
    let wrong_kind = |want: &str| {
        (
            here,
            format!(
                "step {id:?}: {:?} is a {} step; this test needs a {want} step",
                when.step,
                kind.name()
            ),
        )
    };
    let scale_value = |v: i64| -> Result<u8, Failure> {
        let StepKind::Scale(scale) = kind else {
            return Err(wrong_kind("Scale"));
        };
        if !(i64::from(scale.min)..=i64::from(scale.max)).contains(&v) {
            return Err((
                here,
                format!(
                    "step {id:?}: {v} is outside {:?}'s scale ({} to {})",
                    when.step, scale.min, scale.max
                ),
            ));
        }
        Ok(v as u8)
    };
    let test = if let Some(option) = &when.includes {
        let StepKind::Choice(spec) = kind else {
            return Err(wrong_kind("Choice"));
        };
        let Some(n) = spec.options.iter().position(|o| o == option) else {
            return Err((
                here,
                format!("step {id:?}: {:?} has no option {option:?}", when.step),
            ));
        };
        Test::Includes(n)
    } else if let Some(v) = when.at_most {
        Test::AtMost(scale_value(v)?)
    } else if let Some(v) = when.at_least {
        Test::AtLeast(scale_value(v)?)
    } else {
        let other = earlier(when.below.as_deref().unwrap_or_default())?;
        if !matches!(kind, StepKind::Scale(_)) || !matches!(steps[other].kind, StepKind::Scale(_)) {
            return Err(wrong_kind("Scale"));
        }
        Test::Below(other)
    };
    Ok(Condition { step, test })
}
