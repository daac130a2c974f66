//! `leverage edit ID [STEP]`: one written answer of a saved session, in the person's own
//! editor, saved back the way the workbook saves it (locked, checked for what would be lost,
//! diverted rather than overwriting another device's change).

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use jiff::Timestamp;

use crate::content::Library;
use crate::guide::StepKind;
use crate::session::Session;
use crate::store::{FileStore, Store, StoreError};
use crate::text::Safe;

pub fn edit(
    mut store: FileStore,
    library: &Library,
    prefix: &str,
    step: Option<&str>,
    out: &mut dyn Write,
) -> Result<u8> {
    let id = store.resolve(prefix)?;
    let _lock = store.lock(&id)?;
    let t = store.load_to_write(&id)?;
    let mut session = Session::reopen(&t, library)?;
    if session.is_paired() {
        bail!(
            "{id} is a paired session: its answers are turns of a conversation; write them on \
             the shared screen (`leverage resume {id}`, then F5)"
        );
    }
    let i = match step {
        None => session.current,
        Some(s) => find_step(&session, s)?,
    };
    let guide_step = &session.guide.steps[i];
    let title = guide_step.title.clone();
    if !guide_step.kind.takes_text() || matches!(guide_step.kind, StepKind::Rehearsal(_)) {
        bail!(
            "step {} ({}) is not a written answer; written ones: {}",
            i + 1,
            Safe(&title),
            written_steps(&session)
        );
    }
    let before = session.steps[i].text.clone();
    let edited = crate::external::edit(store.root(), &before, false).map_err(|e| anyhow!(e))?;
    let edited = if session.guide.summary.headline == Some(i) {
        edited.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        crate::editor::clean(&edited)
    };
    if edited == before {
        writeln!(out, "No change: {} is as it was.", Safe(&title))?;
        return Ok(0);
    }
    session.set_text(i, &edited, Timestamp::now());
    match store.save(&session.to_transcript()) {
        Ok(()) => writeln!(out, "Saved your edit of {} in {}.", Safe(&title), Safe(&id))?,
        Err(StoreError::Diverged { saved_as, .. }) => writeln!(
            out,
            "{} changed on disk while you wrote (another device?), so your edit is in a new \
             session, {}; the other was left as it was.",
            Safe(&id),
            Safe(&saved_as)
        )?,
        Err(e) => return Err(e.into()),
    }
    Ok(0)
}

/// A step by its id or its number in the guide (from 1).
fn find_step(session: &Session, s: &str) -> Result<usize> {
    let steps = &session.guide.steps;
    if let Some(i) = session.guide.step_index(s) {
        return Ok(i);
    }
    match s.parse::<usize>() {
        Ok(n) if (1..=steps.len()).contains(&n) => Ok(n - 1),
        _ => bail!(
            "no step {:?} in this session; written ones: {}",
            Safe(s),
            written_steps(session)
        ),
    }
}

fn written_steps(session: &Session) -> String {
    session
        .guide
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind.takes_text() && !matches!(s.kind, StepKind::Rehearsal(_)))
        .map(|(i, s)| format!("{} {}", i + 1, s.id))
        .collect::<Vec<_>>()
        .join(", ")
}
