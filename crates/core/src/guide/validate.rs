//! Turning a guide as written ([`RawGuide`]) into a [`Guide`] the session can trust, or into
//! the first mistake with its line and column: ids, titles, kinds, wording per mode, the
//! facilitator's notes, references between steps and the summary.

use std::collections::{BTreeMap, HashSet};

use super::locate::{self, Locator};
use super::raw::{RawGuide, RawKind};
use super::{
    ChoiceSpec, Facilitator, Guide, GuideError, Mode, Scale, Step, StepKind, SummaryRefs, Wording,
    is_valid_id, placeholders, rules, slot_name,
};

pub(super) fn validate(file: &str, text: &str, raw: RawGuide) -> Result<Guide, GuideError> {
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
    let mut modes = Vec::new();
    for m in raw.modes {
        if !is_valid_id(&m.id) || modes.iter().any(|x: &Mode| x.id == m.id) {
            return Err(err(
                loc.text(&format!("\"{}\"", m.id), loc.field("modes", 0).offset),
                format!(
                    "mode id {:?} must be unique lowercase letters, digits and '-'",
                    m.id
                ),
            ));
        }
        modes.push(Mode {
            id: m.id,
            title: m.title,
        });
    }
    if modes.len() == 1 {
        return Err(err(
            loc.field("modes", 0),
            "a guide with modes needs at least two".into(),
        ));
    }
    if raw.steps.is_empty() {
        return Err(err(
            loc.field("steps", 0),
            "a guide needs at least one step".into(),
        ));
    }
    let mut seen = HashSet::new();
    let mut steps = Vec::with_capacity(raw.steps.len());
    let mut whens = Vec::with_capacity(raw.steps.len());
    for (i, rs) in raw.steps.into_iter().enumerate() {
        // Field positions are searched from the step's own id onwards, so they point into it.
        let at = || loc.step_start(i);
        let id = rs.id.clone();
        if !is_valid_id(&id) {
            return Err(err(
                loc.field("id", at()),
                format!("step id {id:?} must be lowercase letters, digits and '-'"),
            ));
        }
        if !seen.insert(id.clone()) {
            return Err(err(
                loc.field("id", at()),
                format!("duplicate step id {id:?}: each step needs its own id"),
            ));
        }
        if rs.title.trim().is_empty() {
            return Err(err(
                loc.field("title", at()),
                format!("step {id:?} has an empty title"),
            ));
        }
        if rs.prompt.trim().is_empty() {
            return Err(err(
                loc.field("prompt", at()),
                format!("step {id:?} has an empty prompt"),
            ));
        }
        let kind = match rs.kind {
            RawKind::Text => StepKind::Text,
            RawKind::List => StepKind::List,
            RawKind::Scale {
                min,
                max,
                min_label,
                max_label,
            } => {
                if !(0..=100).contains(&min) || !(0..=100).contains(&max) {
                    return Err(err(
                        loc.field("min", at()),
                        format!("step {id:?}: scale ends must be between 0 and 100"),
                    ));
                }
                if min >= max {
                    return Err(err(
                        loc.field("min", at()),
                        format!("step {id:?}: scale min ({min}) must be below its max ({max})"),
                    ));
                }
                StepKind::Scale(Scale {
                    min: min as u8,
                    max: max as u8,
                    min_label,
                    max_label,
                })
            }
            RawKind::Choice { options, multiple } => {
                let mut names = HashSet::new();
                if options.is_empty() || options.iter().any(|o| o.trim().is_empty()) {
                    return Err(err(
                        loc.field("options", at()),
                        format!("step {id:?}: a choice needs options, none of them empty"),
                    ));
                }
                if let Some(dup) = options.iter().find(|o| !names.insert(o.as_str())) {
                    return Err(err(
                        loc.field("options", at()),
                        format!("step {id:?}: the option {dup:?} appears twice"),
                    ));
                }
                StepKind::Choice(ChoiceSpec { options, multiple })
            }
            RawKind::Statement {
                template,
                audiences,
                drafts,
            } => rules::statement(&loc, at(), &id, template, audiences, drafts)
                .map_err(|(pos, reason)| err(pos, reason))?,
            RawKind::Rehearsal {
                questions,
                target_seconds,
                sets,
            } => rules::rehearsal(&loc, at(), &id, questions, target_seconds, sets)
                .map_err(|(pos, reason)| err(pos, reason))?,
        };
        let mut variants = BTreeMap::new();
        for (mode, v) in rs.variants {
            if !modes.iter().any(|m| m.id == mode) {
                return Err(err(
                    loc.text(&format!("\"{mode}\""), loc.field("variants", at()).offset),
                    format!(
                        "step {id:?} has wording for mode {mode:?}, which the guide does not have"
                    ),
                ));
            }
            let w = Wording {
                title: v.title,
                cue: v.cue,
                prompt: v.prompt,
                example: v.example,
            };
            if w.prompt.as_deref().is_some_and(|p| p.trim().is_empty()) {
                return Err(err(
                    loc.field("prompt", loc.field("variants", at()).offset),
                    format!("step {id:?}: the {mode:?} wording has an empty prompt"),
                ));
            }
            variants.insert(mode, w);
        }
        let facilitator = rs.facilitator.unwrap_or_default();
        if facilitator.minutes == Some(0) {
            return Err(err(
                loc.field("minutes", loc.field("facilitator", at()).offset),
                format!("step {id:?}: a time box of 0 minutes; leave `minutes` out for none"),
            ));
        }
        let clean = |v: Vec<String>| -> Vec<String> {
            v.into_iter().filter(|s| !s.trim().is_empty()).collect()
        };
        let facilitator = Facilitator {
            purpose: facilitator.purpose.trim().to_string(),
            follow_ups: clean(facilitator.follow_ups),
            listen_for: clean(facilitator.listen_for),
            minutes: facilitator.minutes,
        };
        steps.push(Step {
            id,
            kind,
            title: rs.title,
            cue: rs.cue,
            prompt: rs.prompt,
            example: rs.example.filter(|e| !e.trim().is_empty()),
            variants,
            point: rs.point.filter(|p| !p.trim().is_empty()),
            facilitator,
            when: None,
            part: rs.part.filter(|p| !p.trim().is_empty()),
            offer: rs.offer.filter(|p| !p.trim().is_empty()),
        });
        whens.push(rs.when);
    }

    // References: statement templates may only name earlier steps; the summary any step.
    for (i, step) in steps.iter().enumerate() {
        if let StepKind::Statement(spec) = &step.kind {
            let slots = spec.drafts.iter().flatten().flat_map(|t| placeholders(t));
            for slot in slots {
                let name = slot_name(slot);
                let pos = loc.text(&format!("{{{slot}}}"), loc.step_start(i));
                match steps.iter().position(|s| s.id == name) {
                    Some(j) if j < i => {}
                    Some(_) => {
                        return Err(err(
                            pos,
                            format!(
                                "statement {:?} uses {{{name}}}, which comes after it",
                                step.id
                            ),
                        ));
                    }
                    None => {
                        return Err(err(
                            pos,
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
    let summary_at = loc.field("summary", 0).offset;
    let summary_ref = |field: &str, value: &Option<String>, want: &[&str]| {
        let Some(id) = value else { return Ok(None) };
        let pos = loc.field(field, summary_at);
        let Some(index) = steps.iter().position(|s| &s.id == id) else {
            return Err(err(
                pos,
                format!("summary.{field} names step {id:?}, but no step has that id"),
            ));
        };
        let kind = steps[index].kind.name();
        if !want.contains(&kind) {
            return Err(err(
                pos,
                format!(
                    "summary.{field} names step {id:?}, a {kind} step; it needs {}",
                    want.join(" or ")
                ),
            ));
        }
        Ok(Some(index))
    };
    let summary = SummaryRefs {
        headline: summary_ref("headline", &raw.summary.headline, &["Text"])?,
        check_in: summary_ref("check_in", &raw.summary.check_in, &["Scale"])?,
        check_out: summary_ref("check_out", &raw.summary.check_out, &["Scale"])?,
        statement: summary_ref("statement", &raw.summary.statement, &["Statement"])?,
        next_step: summary_ref("next_step", &raw.summary.next_step, &["Text", "List"])?,
        goal: summary_ref("goal", &raw.summary.goal, &["Text"])?,
        actions: summary_ref("actions", &raw.summary.actions, &["Text", "List"])?,
    };
    for (i, when) in whens.into_iter().enumerate() {
        if let Some(when) = when {
            let condition = rules::condition(&loc, loc.step_start(i), &steps, i, when)
                .map_err(|(pos, reason)| err(pos, reason))?;
            steps[i].when = Some(condition);
        }
    }
    rules::rehearsal_sets(&loc, &steps, summary.statement)
        .map_err(|(pos, reason)| err(pos, reason))?;
    Ok(Guide {
        id: raw.id,
        version: raw.version,
        title: raw.title,
        about: raw.about,
        steps,
        summary,
        modes,
        origin: file.to_string(),
    })
}
