//! Plain mode: the same guide and the same session logic as the TUI, as sequential prompts on
//! standard input and output, for screen readers and scripts.
//!
//! Protocol: a text answer is the lines up to a line holding only `.`; a line holding only
//! `-` skips the step; a scale step takes one number and asks again otherwise. The session is
//! saved after every step, and end of input saves whatever was answered before leaving.

use std::io::{self, BufRead, Write};

use jiff::Timestamp;

use crate::guide::StepKind;
use crate::session::Session;
use crate::store::Store;

const WIDTH: usize = 76;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlainEnd {
    Finished,
    /// Input ended before the last step; what was answered is saved.
    InputEnded,
}

#[derive(Debug, thiserror::Error)]
pub enum PlainError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("could not save: {0}")]
    Save(#[from] crate::store::StoreError),
}

enum Reply {
    Lines(Vec<String>),
    Skip,
    /// Input ended; the lines typed so far (possibly none).
    Eof(Vec<String>),
}

/// Run `session` from its current step to the end (or the end of input).
pub fn run(
    session: &mut Session,
    store: &mut dyn Store,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    clock: &dyn Fn() -> Timestamp,
) -> Result<PlainEnd, PlainError> {
    let location = store.location(&session.id);
    writeln!(out, "{} (plain mode)", session.guide.title)?;
    writeln!(
        out,
        "End an answer with a line holding only \".\"; a line holding only \"-\" skips the step."
    )?;
    writeln!(out, "Saving to {location}\n")?;
    session.go_to(session.current);
    loop {
        let i = session.current;
        let step = session.guide.steps[i].clone();
        writeln!(
            out,
            "── Step {} of {}: {} ──",
            i + 1,
            session.len(),
            step.title
        )?;
        if let Some(h) = session
            .headline()
            .filter(|_| session.guide.headline_step().is_some_and(|h| h < i))
        {
            writeln!(out, "Setback: {h}")?;
        }
        if !step.cue.trim().is_empty() {
            print_wrapped(out, &step.cue, "")?;
        }
        print_wrapped(out, &step.prompt, "")?;
        let ended = match &step.kind {
            StepKind::Scale(scale) => {
                writeln!(
                    out,
                    "A number from {} ({}) to {} ({}):",
                    scale.min, scale.min_label, scale.max, scale.max_label
                )?;
                if let (Some(before), true) = (
                    session.check_in(),
                    session.guide.summary.check_out == Some(i),
                ) {
                    writeln!(out, "(At check-in you chose {before}.)")?;
                }
                loop {
                    out.flush()?;
                    let mut line = String::new();
                    if input.read_line(&mut line)? == 0 {
                        break true;
                    }
                    let line = line.trim();
                    if line == "-" {
                        session.skip(clock());
                        break false;
                    }
                    match line.parse::<i64>() {
                        Ok(v) if (i64::from(scale.min)..=i64::from(scale.max)).contains(&v) => {
                            session.set_value(i, v, clock());
                            session.advance();
                            break false;
                        }
                        _ => writeln!(
                            out,
                            "Please give a whole number from {} to {}, or - to skip.",
                            scale.min, scale.max
                        )?,
                    }
                }
            }
            StepKind::Statement(spec) => {
                if spec.audiences.len() > 1 {
                    writeln!(out, "Who is it for?")?;
                    for (n, a) in spec.audiences.iter().enumerate() {
                        writeln!(out, "  {}. {a}", n + 1)?;
                    }
                    writeln!(
                        out,
                        "A number (an empty line keeps {}):",
                        n_or(session.audience + 1)
                    )?;
                    out.flush()?;
                    let mut line = String::new();
                    if input.read_line(&mut line)? > 0
                        && let Ok(n) = line.trim().parse::<usize>()
                        && (1..=spec.audiences.len()).contains(&n)
                    {
                        session.set_audience(n - 1, clock());
                    }
                }
                let draft = session.steps[i].text.clone();
                writeln!(
                    out,
                    "A draft from your own answers (an empty answer keeps it):"
                )?;
                print_wrapped(out, &draft, "  ")?;
                text_step(session, i, input, out, clock, true)?
            }
            _ => text_step(session, i, input, out, clock, false)?,
        };
        store.save(&session.to_transcript())?;
        if ended {
            writeln!(
                out,
                "\nInput ended. What you answered is saved in {location}"
            )?;
            return Ok(PlainEnd::InputEnded);
        }
        writeln!(out)?;
        if session.current == i {
            // Answered or skipped the last step.
            session.finish(clock());
            store.save(&session.to_transcript())?;
            summary(session, out, &location)?;
            return Ok(PlainEnd::Finished);
        }
    }
}

fn n_or(n: usize) -> String {
    n.to_string()
}

/// Read a text answer; returns true when input ended.
fn text_step(
    session: &mut Session,
    i: usize,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    clock: &dyn Fn() -> Timestamp,
    keep_draft: bool,
) -> Result<bool, PlainError> {
    // Plain mode cannot edit, so text already there (from an earlier run) is kept and added to.
    let existing = if keep_draft {
        String::new()
    } else {
        session.steps[i].text.clone()
    };
    if !existing.trim().is_empty() {
        writeln!(
            out,
            "Your answer so far (what you write now is added after it):"
        )?;
        print_wrapped(out, &existing, "  ")?;
    }
    writeln!(out, "Your answer (end with a line holding only \".\"):")?;
    out.flush()?;
    let (lines, ended) = match read_answer(input)? {
        Reply::Skip => {
            session.skip(clock());
            return Ok(false);
        }
        Reply::Lines(l) => (l, false),
        Reply::Eof(l) => (l, true),
    };
    let mut text = lines.join("\n");
    if !existing.trim().is_empty() {
        text = if text.trim().is_empty() {
            existing
        } else {
            format!("{existing}\n{text}")
        };
    }
    if !(text.trim().is_empty() && keep_draft) {
        session.set_text(i, &crate::editor::clean(&text), clock());
    }
    if !ended {
        session.advance();
    }
    Ok(ended)
}

fn read_answer(input: &mut dyn BufRead) -> io::Result<Reply> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(Reply::Eof(lines));
        }
        let line = line.trim_end_matches(['\n', '\r']);
        if line == "." {
            return Ok(Reply::Lines(lines));
        }
        if line == "-" && lines.is_empty() {
            return Ok(Reply::Skip);
        }
        lines.push(line.to_string());
    }
}

fn print_wrapped(out: &mut dyn Write, text: &str, indent: &str) -> io::Result<()> {
    let text = crate::ui::text_sanitize(text);
    for para in text.split('\n') {
        if para.trim().is_empty() {
            writeln!(out)?;
            continue;
        }
        for l in textwrap::wrap(para, WIDTH.saturating_sub(indent.len())) {
            writeln!(out, "{indent}{l}")?;
        }
    }
    Ok(())
}

fn summary(session: &Session, out: &mut dyn Write, location: &str) -> io::Result<()> {
    writeln!(out, "── Session complete ──")?;
    if let Some(st) = session.statement() {
        writeln!(
            out,
            "Your statement, for {}:",
            session.audience_label().unwrap_or("your audience")
        )?;
        print_wrapped(out, st, "  ")?;
    }
    if let Some(shift) = session.shift() {
        writeln!(
            out,
            "Check-in {} → check-out {} ({:+}).",
            shift.before,
            shift.after,
            shift.delta()
        )?;
    }
    if let Some(n) = session.next_step() {
        writeln!(out, "Your next step this week:")?;
        print_wrapped(out, n, "  ")?;
    }
    writeln!(out, "Saved to {location}")
}
