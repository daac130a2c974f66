//! A transcript laid out for reading: every step with its prompt as asked, each answer under
//! a speaker label, the statement, the revisit notes, all wrapped to the width. The viewer
//! draws these lines; find-within and step jumps work on them. Control characters from the
//! file are made visible here, so nothing in a transcript can reach the terminal.

use jiff::tz::TimeZone;

use crate::pairing::{self, Audience, Speaker};
use crate::text::sanitize;
use crate::time;
use crate::transcript::{Answer, Transcript};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    Meta,
    Heading,
    Prompt,
    Answer,
    /// "(skipped)", "(not answered)".
    Quiet,
    Statement,
    Revisit,
    /// Why the session is shown to read only (above everything else).
    Notice,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadLine {
    pub kind: LineKind,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub lines: Vec<ReadLine>,
    /// The line of each step's heading, in order.
    pub steps: Vec<usize>,
    pub width: usize,
}

impl Reading {
    /// `text` wrapped as lines of `kind` above everything else, with a blank line after it.
    pub fn prepend(&mut self, kind: LineKind, text: &str) {
        let mut b = Builder {
            lines: Vec::new(),
            width: self.width,
        };
        b.wrapped(kind, "", "", text);
        b.push(LineKind::Blank, "");
        let n = b.lines.len();
        self.lines.splice(0..0, b.lines);
        for line in &mut self.steps {
            *line += n;
        }
    }
}

/// Who wrote an answer, as shown beside it.
const SPEAKER: &str = "You";

struct Builder {
    lines: Vec<ReadLine>,
    width: usize,
}

impl Builder {
    fn push(&mut self, kind: LineKind, text: impl Into<String>) {
        self.lines.push(ReadLine {
            kind,
            text: text.into(),
        });
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| l.kind != LineKind::Blank) {
            self.push(LineKind::Blank, "");
        }
    }

    /// Wrapped paragraphs, each line after `first` indented to line up under it.
    fn wrapped(&mut self, kind: LineKind, first: &str, rest: &str, text: &str) {
        let room = self.width.saturating_sub(first.chars().count()).max(10);
        let mut lead = first.to_string();
        for para in sanitize(text).split('\n') {
            let wrapped = if para.trim().is_empty() {
                vec![std::borrow::Cow::Borrowed("")]
            } else {
                textwrap::wrap(para, room)
            };
            for line in wrapped {
                self.push(kind, format!("{lead}{line}"));
                lead = rest.to_string();
            }
        }
    }
}

pub fn layout(t: &Transcript, width: usize, tz: &TimeZone) -> Reading {
    // The library is read on whatever screen is in front of people: shared entries only.
    let shared;
    let t = if t.pair.is_some() {
        shared = crate::privacy::project(t, Audience::Shared, None).transcript;
        &shared
    } else {
        t
    };
    let width = width.max(20);
    let mut b = Builder {
        lines: Vec::new(),
        width,
    };
    b.wrapped(
        LineKind::Title,
        "",
        "",
        t.headline.as_deref().unwrap_or("(no headline)"),
    );
    let mut meta = format!(
        "{} · started {} · {}",
        t.guide.title,
        time::date_time(t.started, tz),
        t.status.label()
    );
    if let Some((a, z)) = t.shift() {
        meta.push_str(&format!(" · check-in {a} → check-out {z}"));
    }
    b.wrapped(LineKind::Meta, "", "", &meta);
    if !t.tags.is_empty() {
        b.wrapped(
            LineKind::Meta,
            "",
            "",
            &format!("Tags: {}", t.tags.join(", ")),
        );
    }
    if let Some(due) = t.revisit_due {
        b.wrapped(
            LineKind::Meta,
            "",
            "",
            &format!("Revisit due {}", time::date_time(due, tz)),
        );
    }
    if let Some(p) = &t.pair {
        b.wrapped(
            LineKind::Meta,
            "",
            "",
            &format!("Paired session: {} coaching {}", p.coach, p.client),
        );
    }
    if let Some(from) = &t.diverged_from {
        b.wrapped(
            LineKind::Meta,
            "",
            "",
            &format!("Went on from {from}, which was changed elsewhere while open here"),
        );
    }
    if !t.reviewed.is_empty() {
        b.blank();
        b.push(LineKind::Heading, "From last time");
        for r in &t.reviewed {
            let mut line = format!("{} ({}", r.text, r.status.label());
            if !r.word.trim().is_empty() {
                line.push_str(&format!(": {}", r.word));
            }
            line.push(')');
            b.wrapped(LineKind::Answer, "· ", "  ", &line);
        }
    }
    if let Some(st) = &t.statement {
        b.blank();
        b.push(
            LineKind::Heading,
            format!("Statement, for {}", sanitize(&st.audience)),
        );
        b.wrapped(LineKind::Statement, "│ ", "│ ", &st.text);
    }
    let mut steps = Vec::new();
    let who = t.pair.as_ref().map_or(SPEAKER, |p| p.client.as_str());
    let label = if t.pair.is_some() {
        format!("{}: ", sanitize(who))
    } else {
        format!("{SPEAKER:<5}")
    };
    let indent = " ".repeat(label.chars().count());
    for (n, step) in t.steps.iter().enumerate() {
        b.blank();
        steps.push(b.lines.len());
        b.wrapped(
            LineKind::Heading,
            &format!("{}. ", n + 1),
            "   ",
            &step.title,
        );
        b.wrapped(LineKind::Prompt, "", "", &step.prompt);
        match &step.answer {
            Answer::Pending => b.push(LineKind::Quiet, step.unanswered_label()),
            Answer::Skipped { draft, .. } => {
                b.push(LineKind::Quiet, "(skipped)");
                if let Some(d) = draft {
                    b.wrapped(LineKind::Quiet, "draft kept: ", "            ", d);
                }
            }
            // A paired step's answer is the client's turns, shown in the conversation below.
            Answer::Text { .. }
                if step
                    .conversation
                    .iter()
                    .any(|e| e.speaker == Speaker::Client) => {}
            Answer::Text { text, .. } => b.wrapped(LineKind::Answer, &label, &indent, text),
            Answer::Scale { value, .. } => {
                b.wrapped(LineKind::Answer, &label, &indent, &value.to_string())
            }
            Answer::Choice { selected, .. } => {
                let text: Vec<String> = selected.iter().map(|o| format!("[x] {o}")).collect();
                b.wrapped(LineKind::Answer, &label, &indent, &text.join("\n"));
            }
            Answer::List { items, .. } => {
                let text: Vec<String> = items.iter().map(|i| format!("• {i}")).collect();
                b.wrapped(LineKind::Answer, &label, &indent, &text.join("\n"));
            }
            Answer::Rehearsal { takes, .. } => {
                for (n, take) in takes.iter().enumerate() {
                    b.wrapped(
                        LineKind::Prompt,
                        "Q: ",
                        "   ",
                        &format!("{} ({})", take.question, take.timing()),
                    );
                    if take.answer.trim().is_empty() {
                        b.push(LineKind::Quiet, "(not answered)");
                    } else {
                        b.wrapped(LineKind::Answer, &label, &indent, &take.answer);
                    }
                    // The feedback on this question, under its answer.
                    if let Some(p) = &t.pair {
                        for e in pairing::visible(&step.conversation, Audience::Shared)
                            .filter(|e| e.question.is_some_and(|q| q as usize == n))
                        {
                            let name = format!("{}: ", sanitize(p.name(e.speaker)));
                            let pad = " ".repeat(name.chars().count());
                            b.wrapped(LineKind::Answer, &name, &pad, &e.text);
                        }
                    }
                }
            }
        }
        if let Some(p) = &t.pair {
            let answered = match &step.answer {
                Answer::Rehearsal { takes, .. } => takes.len(),
                _ => 0,
            };
            for e in pairing::visible(&step.conversation, Audience::Shared)
                .filter(|e| e.question.is_none_or(|q| q as usize >= answered))
            {
                let name = format!("{}: ", sanitize(p.name(e.speaker)));
                let pad = " ".repeat(name.chars().count());
                b.wrapped(LineKind::Answer, &name, &pad, &e.text);
            }
        }
    }
    if !t.revisits.is_empty() {
        b.blank();
        b.push(LineKind::Heading, "Revisits");
        for r in &t.revisits {
            let when = format!("{}: ", time::date_time(r.written, tz));
            b.wrapped(
                LineKind::Revisit,
                &when,
                &" ".repeat(when.chars().count()),
                &r.text,
            );
        }
    }
    Reading {
        lines: b.lines,
        steps,
        width,
    }
}

/// Lines containing `query` (case-insensitive, already lowercase), in order.
pub fn find(reading: &Reading, query: &str) -> Vec<usize> {
    if query.is_empty() {
        return Vec::new();
    }
    reading
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| super::search::find_ci(&l.text, query).is_some())
        .map(|(i, _)| i)
        .collect()
}
