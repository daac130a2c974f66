//! Plain mode: the same guide and the same session logic as the TUI, as sequential prompts on
//! standard input and output, for screen readers and scripts.
//!
//! Protocol: a text answer is the lines up to a line holding only `.` (the headline is one
//! line); a line holding only `-` skips the step (on a rehearsal, the question) and `<` goes
//! back one; a scale step takes one number and asks again otherwise; a choice takes option
//! numbers; an audience out of range is asked again; on a draft statement, `edit` goes through
//! it a sentence at a time. Between parts an empty line goes on and
//! `pause` stops. The session is saved after every step, and end of input saves whatever was
//! answered before leaving.

mod draft;
mod pair;

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
    /// The person chose to pause between two parts of the guide.
    Paused,
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
    /// A line holding only `<`: back to the step before.
    Back,
    /// Input ended; the lines typed so far (possibly none).
    Eof(Vec<String>),
    /// The word asked for, alone on the first line (on a draft statement, `edit`).
    Word,
}

/// What one prompt led to.
enum Turn {
    /// Answered or skipped; `moved` is false at the very end of the guide.
    Done {
        moved: bool,
    },
    InputEnded,
    Paused,
}

struct Io<'a> {
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    /// The locale is not UTF-8 (`LANG=C`): no box drawing or arrows, which a screen reader
    /// reads out as "box drawings light horizontal".
    ascii: bool,
}

impl Io<'_> {
    /// One line of input without its line ending; None at end of input.
    fn line(&mut self) -> io::Result<Option<String>> {
        self.out.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        Ok(Some(line.trim_end_matches(['\n', '\r']).to_string()))
    }

    fn answer(&mut self) -> io::Result<Reply> {
        self.answer_or(None)
    }

    /// An answer, or `word` alone on the first line as [`Reply::Word`].
    fn answer_or(&mut self, word: Option<&str>) -> io::Result<Reply> {
        let mut lines = Vec::new();
        loop {
            let Some(line) = self.line()? else {
                return Ok(Reply::Eof(lines));
            };
            if line == "." {
                return Ok(Reply::Lines(lines));
            }
            if line == "-" && lines.is_empty() {
                return Ok(Reply::Skip);
            }
            if line == "<" && lines.is_empty() {
                return Ok(Reply::Back);
            }
            if lines.is_empty() && word.is_some_and(|w| line.trim() == w) {
                return Ok(Reply::Word);
            }
            lines.push(line);
        }
    }

    fn wrapped(&mut self, text: &str, indent: &str) -> io::Result<()> {
        let text = crate::text::sanitize(text);
        for para in text.split('\n') {
            if para.trim().is_empty() {
                writeln!(self.out)?;
                continue;
            }
            for l in textwrap::wrap(para, WIDTH.saturating_sub(indent.len())) {
                writeln!(self.out, "{indent}{l}")?;
            }
        }
        Ok(())
    }
}

/// Run `session` from its current step to the end (or the end of input).
pub fn run(
    session: &mut Session,
    store: &mut dyn Store,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    clock: &dyn Fn() -> Timestamp,
) -> Result<PlainEnd, PlainError> {
    // Every word printed here passes the safe path: guides and answers come from files.
    // A terminal that shows only ASCII gets only ASCII.
    let ascii = crate::terminal::ascii();
    let mut ascii_out;
    let out: &mut dyn Write = if ascii {
        ascii_out = crate::text::AsciiWriter::new(out);
        &mut ascii_out
    } else {
        out
    };
    let mut out = crate::text::SafeWriter::new(out);
    let mut io = Io {
        input,
        out: &mut out,
        ascii,
    };
    let location = store.location(&session.id);
    writeln!(io.out, "{} (plain mode)", session.guide.title)?;
    writeln!(
        io.out,
        "End an answer with a line holding only \".\"; a line holding only \"-\" skips the step, \
         \"<\" goes back one."
    )?;
    writeln!(io.out, "Saving to {location}\n")?;
    if session.is_paired() {
        pair::intro(session, &mut io)?;
        if !pair::review(session, &mut io)? {
            store.save(&session.to_transcript())?;
            return Ok(PlainEnd::InputEnded);
        }
    }
    if session.mode.is_none() && !session.guide.modes.is_empty() && !choose_mode(session, &mut io)?
    {
        writeln!(
            io.out,
            "\nInput ended before the session started; nothing was saved."
        )?;
        return Ok(PlainEnd::InputEnded);
    }
    // Settle on the step again (a fresh statement draft), on the question it was left at.
    let question = session.question;
    session.go_to(session.current, clock());
    session.question = question;
    let mut first = true;
    loop {
        let turn = if !first && let Some(banner) = session.part_banner() {
            offer_pause(&banner, &mut io)?
        } else {
            None
        };
        first = false;
        let turn = match turn {
            Some(turn) => turn,
            None => step(session, &mut io, clock)?,
        };
        store.save(&session.to_transcript())?;
        match turn {
            Turn::Paused => {
                writeln!(
                    io.out,
                    "\nPaused. Everything is saved in {location}; `leverage resume {}` picks it up here.",
                    session.id
                )?;
                return Ok(PlainEnd::Paused);
            }
            Turn::InputEnded => {
                writeln!(
                    io.out,
                    "\nInput ended. What you answered is saved in {location}"
                )?;
                return Ok(PlainEnd::InputEnded);
            }
            Turn::Done { moved: true } => {
                if let Some(offer) = session.offer_on_screen() {
                    io.wrapped(&format!("On what you just wrote: {offer}"), "")?;
                }
                writeln!(io.out)?
            }
            Turn::Done { moved: false } => {
                session.finish(clock());
                store.save(&session.to_transcript())?;
                summary(session, &mut io, &location)?;
                if offer_reminder(session, &mut io, clock)? {
                    store.save(&session.to_transcript())?;
                }
                return Ok(PlainEnd::Finished);
            }
        }
    }
}

/// After the summary: come back to it later? True when a reminder was set.
fn offer_reminder(
    session: &mut Session,
    io: &mut Io,
    clock: &dyn Fn() -> Timestamp,
) -> io::Result<bool> {
    writeln!(
        io.out,
        "Come back to it later? 1 = in a week, 2 = in a month, 3 = in three months; an empty line for no:"
    )?;
    let days = match io.line()?.as_deref().map(str::trim) {
        Some("1") => 7,
        Some("2") => 30,
        Some("3") => 91,
        _ => return Ok(false),
    };
    let due = clock()
        .checked_add(jiff::SignedDuration::from_hours(24 * days))
        .ok();
    session.revisit_due = due;
    if let Some(due) = due {
        writeln!(
            io.out,
            "You will be asked to revisit it from {}.",
            crate::time::date_time(due, &crate::time::local_zone())
        )?;
    }
    Ok(due.is_some())
}

/// Between two parts: go on with an empty line, or stop here with `pause`. None goes on.
fn offer_pause(banner: &str, io: &mut Io) -> io::Result<Option<Turn>> {
    io.wrapped(banner, "")?;
    writeln!(io.out, "An empty line goes on; \"pause\" stops here.")?;
    Ok(match io.line()? {
        None => Some(Turn::InputEnded),
        Some(l) if l.trim().eq_ignore_ascii_case("pause") => Some(Turn::Paused),
        Some(_) => None,
    })
}

/// Ask which mode to run the guide in; false when input ended.
fn choose_mode(session: &mut Session, io: &mut Io) -> io::Result<bool> {
    writeln!(io.out, "How do you want to use this guide?")?;
    let modes = session.guide.modes.clone();
    for (n, m) in modes.iter().enumerate() {
        writeln!(io.out, "  {}. {}", n + 1, m.title)?;
    }
    loop {
        writeln!(io.out, "A number (an empty line picks 1):")?;
        let Some(line) = io.line()? else {
            return Ok(false);
        };
        let n = if line.trim().is_empty() {
            Ok(1)
        } else {
            line.trim().parse::<usize>()
        };
        if let Ok(n) = n
            && (1..=modes.len()).contains(&n)
        {
            session.set_mode(&modes[n - 1].id);
            writeln!(io.out)?;
            return Ok(true);
        }
    }
}

fn step(session: &mut Session, io: &mut Io, clock: &dyn Fn() -> Timestamp) -> io::Result<Turn> {
    let i = session.current;
    let words = session.wording(i);
    let kind = session.guide.steps[i].kind.clone();
    if session.question == 0 {
        let title = words.title.unwrap_or_default();
        let (at, of) = session.progress();
        if io.ascii {
            writeln!(io.out, "Step {at} of {of}: {title}")?;
        } else {
            writeln!(io.out, "── Step {at} of {of}: {title} ──")?;
        }
        if let Some(h) = session
            .headline()
            .filter(|_| session.guide.headline_step().is_some_and(|h| h < i))
        {
            writeln!(io.out, "Setback: {h}")?;
        }
        let cue = words.cue.unwrap_or_default();
        if !cue.trim().is_empty() {
            io.wrapped(&cue, "")?;
        }
        io.wrapped(&words.prompt.unwrap_or_default(), "")?;
    }
    match &kind {
        StepKind::Scale(scale) => {
            writeln!(
                io.out,
                "A number from {} ({}) to {} ({}):",
                scale.min, scale.min_label, scale.max, scale.max_label
            )?;
            if let (Some(before), true) = (
                session.check_in(),
                session.guide.summary.check_out == Some(i),
            ) {
                writeln!(io.out, "(At check-in you chose {before}.)")?;
            }
            loop {
                let Some(line) = io.line()? else {
                    return Ok(Turn::InputEnded);
                };
                let line = line.trim();
                if line == "-" {
                    return Ok(Turn::Done {
                        moved: session.skip(clock()),
                    });
                }
                if line == "<" {
                    session.back(clock());
                    return Ok(Turn::Done { moved: true });
                }
                match line.parse::<i64>() {
                    Ok(v) if (i64::from(scale.min)..=i64::from(scale.max)).contains(&v) => {
                        session.set_value(i, v, clock());
                        // In a paired session the coach may ask what put it there.
                        if session.is_paired() && !pair::follow_ups(session, i, io, clock)? {
                            return Ok(Turn::InputEnded);
                        }
                        return Ok(Turn::Done {
                            moved: session.advance(clock()),
                        });
                    }
                    _ => writeln!(
                        io.out,
                        "Please give a whole number from {} to {}, or - to skip.",
                        scale.min, scale.max
                    )?,
                }
            }
        }
        StepKind::Choice(spec) => {
            for (n, o) in spec.options.iter().enumerate() {
                writeln!(io.out, "  {}. {o}", n + 1)?;
            }
            let ask = if spec.multiple {
                "The numbers of all that apply:"
            } else {
                "One number:"
            };
            writeln!(io.out, "{ask}")?;
            loop {
                let Some(line) = io.line()? else {
                    return Ok(Turn::InputEnded);
                };
                if line.trim() == "-" {
                    return Ok(Turn::Done {
                        moved: session.skip(clock()),
                    });
                }
                if line.trim() == "<" {
                    session.back(clock());
                    return Ok(Turn::Done { moved: true });
                }
                let picked: Result<Vec<usize>, _> = line
                    .split([',', ' '])
                    .filter(|p| !p.is_empty())
                    .map(|p| p.parse::<usize>())
                    .collect();
                match picked {
                    Ok(p)
                        if !p.is_empty()
                            && p.iter().all(|n| (1..=spec.options.len()).contains(n))
                            && (spec.multiple || p.len() == 1) =>
                    {
                        let options: Vec<usize> = p.iter().map(|n| n - 1).collect();
                        session.set_choices(i, &options, clock());
                        if session.is_paired() && !pair::follow_ups(session, i, io, clock)? {
                            return Ok(Turn::InputEnded);
                        }
                        return Ok(Turn::Done {
                            moved: session.advance(clock()),
                        });
                    }
                    _ => writeln!(
                        io.out,
                        "Please give {} from 1 to {}, or - to skip.",
                        if spec.multiple {
                            "option numbers"
                        } else {
                            "one option number"
                        },
                        spec.options.len()
                    )?,
                }
            }
        }
        StepKind::Statement(spec) => {
            if spec.audiences.len() > 1 {
                writeln!(io.out, "Who is it for?")?;
                for (n, a) in spec.audiences.iter().enumerate() {
                    writeln!(io.out, "  {}. {a}", n + 1)?;
                }
                loop {
                    writeln!(
                        io.out,
                        "A number (an empty line keeps {}):",
                        session.audience + 1
                    )?;
                    let Some(line) = io.line()? else {
                        return Ok(Turn::InputEnded);
                    };
                    if line.trim().is_empty() {
                        break;
                    }
                    match line.trim().parse::<usize>() {
                        Ok(n) if (1..=spec.audiences.len()).contains(&n) => {
                            session.set_audience(n - 1, clock());
                            break;
                        }
                        // Never taken as some other audience: asked again.
                        _ => writeln!(
                            io.out,
                            "Please give a number from 1 to {}.",
                            spec.audiences.len()
                        )?,
                    }
                }
            }
            let draft = session.steps[i].text.clone();
            if !session.draft_untouched(i) && !draft.trim().is_empty() {
                writeln!(
                    io.out,
                    "Your statement so far (an empty answer keeps it; \"{}\" goes through it a \
                     sentence at a time; anything you write replaces it):",
                    draft::EDIT_WORD
                )?;
            } else if draft.trim().is_empty() {
                writeln!(
                    io.out,
                    "Your answers so far left nothing to draft from; write it in your own words."
                )?;
            } else {
                writeln!(
                    io.out,
                    "A draft from your own answers, {} (an empty answer keeps it; \"{}\" goes \
                     through it a sentence at a time; anything you write replaces it):",
                    crate::session::compose::aloud(&draft),
                    draft::EDIT_WORD
                )?;
            }
            if session.draft_sources_changed(i) {
                writeln!(
                    io.out,
                    "(Some answers it was drafted from have changed since you edited it.)"
                )?;
            }
            io.wrapped(&draft, "  ")?;
            text_answer(session, io, clock, TextTarget::Statement)
        }
        StepKind::Rehearsal(_) => {
            let q = session.question;
            let count = session.questions(i).len();
            let Some(question) = session.questions(i).get(q).cloned() else {
                return Ok(Turn::Done {
                    moved: session.advance(clock()),
                });
            };
            writeln!(
                io.out,
                "{} {} of {count} (aim for about {}; \"-\" skips this question):",
                if question.probe {
                    "Follow-up"
                } else {
                    "Question"
                },
                q + 1,
                crate::time::duration(u64::from(question.seconds))
            )?;
            io.wrapped(&question.ask, "  ")?;
            session.begin_answer(clock());
            let turn = text_answer(session, io, clock, TextTarget::Take(q))?;
            let take = session.steps[i].takes.get(q);
            let took = take.map_or(0, |t| t.seconds);
            if matches!(turn, Turn::Done { .. }) && take.is_some_and(|t| t.is_answered()) {
                writeln!(
                    io.out,
                    "You took {}.",
                    crate::time::duration(u64::from(took))
                )?;
            }
            Ok(turn)
        }
        StepKind::List => {
            writeln!(io.out, "One item per line.")?;
            text_answer(session, io, clock, TextTarget::Text)
        }
        StepKind::Text if session.guide.summary.actions == Some(i) => {
            writeln!(
                io.out,
                "One thing a line; say when (\"by Friday\"), and start a line with \"Coach:\" \
                 for one the coach takes on."
            )?;
            let turn = text_answer(session, io, clock, TextTarget::Text)?;
            say_actions(session, io, clock(), "Read as:")?;
            Ok(turn)
        }
        StepKind::Text => text_answer(session, io, clock, TextTarget::Text),
    }
}

/// The actions as leverage read them (who, and by when), so a misreading is heard and can be
/// reworded on going back. False when there are none (nothing is said).
fn say_actions(session: &Session, io: &mut Io, now: Timestamp, heading: &str) -> io::Result<bool> {
    let actions = session.actions();
    if actions.is_empty() {
        return Ok(false);
    }
    let today = crate::time::today(now, &crate::time::local_zone());
    writeln!(io.out, "{heading}")?;
    for a in &actions {
        let who = crate::actions::owner_and_due(a.owner, a.due, session.pair.as_ref(), Some(today));
        io.wrapped(&format!("- {} ({who})", a.text), "  ")?;
    }
    Ok(true)
}

#[derive(Clone, Copy)]
enum TextTarget {
    Text,
    /// An empty answer keeps the draft.
    Statement,
    Take(usize),
}

fn text_answer(
    session: &mut Session,
    io: &mut Io,
    clock: &dyn Fn() -> Timestamp,
    target: TextTarget,
) -> io::Result<Turn> {
    let i = session.current;
    // Plain mode cannot edit, so text already there (from an earlier run) is kept and added to.
    let existing = match target {
        TextTarget::Text => session.steps[i].text.clone(),
        TextTarget::Take(q) => session.steps[i]
            .takes
            .get(q)
            .map(|t| t.text.clone())
            .unwrap_or_default(),
        TextTarget::Statement => String::new(),
    };
    let one_line = session.guide.summary.headline == Some(i);
    if !existing.trim().is_empty() {
        writeln!(
            io.out,
            "{}",
            if one_line {
                "Your headline so far (a new line replaces it; an empty one keeps it):"
            } else {
                "Your answer so far (what you write now is added after it):"
            }
        )?;
        io.wrapped(&existing, "  ")?;
    }
    // The headline is one line: the line itself ends it.
    let reply = if one_line {
        writeln!(io.out, "Your headline, on one line:")?;
        match io.line()? {
            None => Reply::Eof(Vec::new()),
            Some(l) if l.trim() == "-" => Reply::Skip,
            Some(l) if l.trim() == "<" => Reply::Back,
            Some(l) => Reply::Lines(vec![l]),
        }
    } else {
        if matches!(target, TextTarget::Text) && session.is_chat(i) {
            pair::client_turn(session, io)?;
        }
        writeln!(io.out, "Your answer (end with a line holding only \".\"):")?;
        let draft_word = (matches!(target, TextTarget::Statement)
            && !session.steps[i].text.trim().is_empty())
        .then_some(draft::EDIT_WORD);
        io.answer_or(draft_word)?
    };
    let (lines, ended) = match reply {
        Reply::Word => return draft::edit_by_sentence(session, io, clock),
        Reply::Skip => {
            return Ok(Turn::Done {
                moved: session.skip(clock()),
            });
        }
        Reply::Back => {
            session.back(clock());
            return Ok(Turn::Done { moved: true });
        }
        Reply::Lines(l) => (l, false),
        Reply::Eof(l) => (l, true),
    };
    let mut text = crate::editor::clean(&lines.join("\n"));
    let typed = text.clone();
    if one_line && !text.trim().is_empty() {
        // A headline is one line: a new one replaces the old (an empty line keeps it).
    } else if !existing.trim().is_empty() {
        text = if text.trim().is_empty() {
            existing
        } else {
            format!("{existing}\n{text}")
        };
    }
    let chat = matches!(target, TextTarget::Text) && session.is_chat(i);
    match target {
        TextTarget::Statement if text.trim().is_empty() => {
            session.accept_draft(i, clock());
        }
        TextTarget::Take(q) => session.set_take(i, q, &text, clock()),
        // A paired session's answer is the client's turns, each filed as said.
        _ if chat => pair::file_answer(session, i, &typed, clock()),
        _ => session.set_text(i, &text, clock()),
    }
    if ended || (chat && !pair::follow_ups(session, i, io, clock)?) {
        session.bank_time(clock());
        return Ok(Turn::InputEnded);
    }
    Ok(Turn::Done {
        moved: session.advance(clock()),
    })
}

/// Seconds as m:ss.
fn summary(session: &Session, io: &mut Io, location: &str) -> io::Result<()> {
    if io.ascii {
        writeln!(io.out, "Session complete.")?;
    } else {
        writeln!(io.out, "── Session complete ──")?;
    }
    if let Some(st) = session.statement() {
        let audience = session.audience_label().unwrap_or("your audience");
        writeln!(io.out, "Your statement, for {audience}:")?;
        io.wrapped(st, "  ")?;
    }
    if let Some(shift) = session.shift() {
        writeln!(
            io.out,
            "Check-in {} {} check-out {} ({:+}).",
            shift.before,
            if io.ascii { "to" } else { "→" },
            shift.after,
            shift.delta()
        )?;
    }
    let times = session.rehearsal_times();
    if !times.is_empty() {
        writeln!(
            io.out,
            "Rehearsal: {}.",
            crate::session::rehearsal_line(&times)
        )?;
        for t in times.iter().filter(|t| t.answered) {
            io.wrapped(
                &format!(
                    "{} of {}: {}",
                    crate::time::duration(u64::from(t.seconds)),
                    crate::time::duration(u64::from(t.target)),
                    t.ask
                ),
                "  ",
            )?;
        }
    }
    if !say_actions(session, io, session.updated, "What you will do next:")?
        && let Some(n) = session.next_step()
    {
        writeln!(io.out, "Your next step this week:")?;
        io.wrapped(&n, "  ")?;
    }
    writeln!(io.out, "Saved to {location}")
}
