//! Transcripts as text for people: plain text for a terminal, Markdown for anywhere else.
//! Pure functions of a transcript; the caller decides where the text goes.

mod summary;

pub use summary::summary;

use std::fmt::Write;

use jiff::tz::TimeZone;

use crate::pairing::{Entry, Speaker};
use crate::text::sanitize;
use crate::time;
use crate::transcript::{Answer, StepRecord, Transcript};

/// Who wrote the answers of a solo session.
const SPEAKER: &str = "You";

/// Who gave the answers: "You" alone, the client's name in a paired session.
fn answerer(t: &Transcript) -> &str {
    t.pair.as_ref().map_or(SPEAKER, |p| p.client.as_str())
}

/// "Sam (coach)", "Alex (client)", with "coach-only" and "unfiled" marks where they apply.
fn label(t: &Transcript, e: &Entry) -> String {
    let name = t
        .pair
        .as_ref()
        .map_or(SPEAKER, |p| p.name(e.speaker))
        .to_string();
    let mut marks = vec![e.speaker.role()];
    if e.is_private() {
        marks.push("coach-only");
    }
    // Only a session under way has words still being written: in a finished one the last
    // turn is simply the end of the answer.
    if e.draft && t.status == crate::transcript::Status::InProgress {
        marks.push("still being written");
    }
    format!("{} ({})", sanitize(&name), marks.join(", "))
}

/// The entries written under rehearsal question `n` of `step`.
fn on_question(step: &StepRecord, n: usize) -> impl Iterator<Item = &Entry> {
    step.conversation
        .iter()
        .filter(move |e| e.question.is_some_and(|q| q as usize == n))
}

/// The entries of `step` shown after its answers: those of no question, and those of a
/// question that has no answer to sit under.
fn after_answers(step: &StepRecord) -> impl Iterator<Item = &Entry> {
    let answered = match &step.answer {
        Answer::Rehearsal { takes, .. } => takes.len(),
        _ => 0,
    };
    step.conversation
        .iter()
        .filter(move |e| e.question.is_none_or(|q| q as usize >= answered))
}

/// Whether the step's answer is its conversation (the client's turns are entries).
fn answer_in_conversation(step: &StepRecord) -> bool {
    matches!(step.answer, Answer::Text { .. })
        && step
            .conversation
            .iter()
            .any(|e| e.speaker == Speaker::Client)
}

fn pair_line(t: &Transcript) -> Option<String> {
    let p = t.pair.as_ref()?;
    let mut line = format!(
        "Paired session · coach {} · client {}",
        sanitize(&p.coach),
        sanitize(&p.client)
    );
    if let Some(clock) = t.clock {
        let _ = write!(line, " · {}", time::duration(clock.elapsed(t.updated)));
    }
    if let Some(m) = p.planned_minutes {
        let _ = write!(line, " of {m} min planned");
    }
    if !p.confidential.trim().is_empty() {
        let _ = write!(
            line,
            "\nStays between us: {}",
            sanitize(p.confidential.trim())
        );
    }
    if p.consent == crate::pairing::Consent::SummaryOnly {
        line.push_str("\nAgreed at the start: keep only the summary once the session ends.");
    }
    Some(line)
}

/// The name an exported file starts with: the session's id (which begins with its date),
/// then its headline's first words, folded to plain letters and digits, so a folder of
/// exports reads as a list: `2026-11-21T16-05-33-k3x9pq-our-launch-was-cancelled`.
pub fn file_stem(id: &str, headline: Option<&str>) -> String {
    let mut slug = String::new();
    for w in crate::library::search::words(headline.unwrap_or_default())
        .filter(|w| w.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        if slug.len() + w.len() + 1 > 48 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&w);
    }
    if slug.is_empty() {
        id.to_string()
    } else {
        format!("{id}-{slug}")
    }
}

/// What a transcript can be rendered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    Ron,
}

impl Format {
    /// Every format, in the order the command line lists them.
    pub const ALL: [Format; 4] = [Format::Text, Format::Markdown, Format::Json, Format::Ron];

    /// The name the command line takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Ron => "ron",
        }
    }

    /// The file extension for an exported file.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Ron => "ron",
        }
    }
}

/// What a client may be given: `t` as `format` with every coach-only note left out (the
/// rule is [`crate::privacy::project`]), and how many notes were left out.
pub fn shared_copy(
    t: &Transcript,
    notes: Option<&crate::privacy::CoachNotes>,
    format: Format,
    tz: &TimeZone,
) -> (String, usize) {
    let shared = crate::privacy::project(t, crate::pairing::Audience::Shared, notes);
    (render(&shared.transcript, format, tz), shared.withheld)
}

pub fn render(t: &Transcript, format: Format, tz: &TimeZone) -> String {
    match format {
        Format::Text => text(t, tz),
        Format::Markdown => markdown(t, tz),
        Format::Ron => crate::transcript::to_ron(t).unwrap_or_else(|e| format!("error: {e}\n")),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(t)
                .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
            s.push('\n');
            s
        }
    }
}

fn meta_line(t: &Transcript, tz: &TimeZone) -> String {
    let mut line = format!(
        "{} · started {} · {}",
        t.guide.title,
        time::date_time(t.started, tz),
        t.status.label()
    );
    if let Some((a, b)) = t.shift() {
        let _ = write!(line, " · check-in {a} → check-out {b}");
    }
    line
}

pub fn text(t: &Transcript, tz: &TimeZone) -> String {
    let mut out = String::new();
    let title = t.headline.as_deref().unwrap_or("(no headline)");
    let _ = writeln!(
        out,
        "{}\n{}\nsession {}\n",
        sanitize(title),
        meta_line(t, tz),
        t.id
    );
    if let Some(p) = pair_line(t) {
        let _ = writeln!(out, "{p}\n");
    }
    if !t.tags.is_empty() {
        let _ = writeln!(out, "Tags: {}\n", t.tags.join(", "));
    }
    if let Some(from) = &t.diverged_from {
        let _ = writeln!(
            out,
            "Went on from {}, which was changed elsewhere while open here.\n",
            sanitize(from)
        );
    }
    if !t.reviewed.is_empty() {
        out.push_str("From last time:\n");
        for r in &t.reviewed {
            let _ = write!(out, "   {} ({}", sanitize(&r.text), r.status.label());
            if !r.word.trim().is_empty() {
                let _ = write!(out, ": {}", sanitize(&r.word));
            }
            out.push(')');
            out.push('\n');
        }
        out.push('\n');
    }
    let who = answerer(t);
    for (i, step) in t.steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, step.title);
        for l in textwrap::wrap(&step.prompt, 76) {
            let _ = writeln!(out, "   {l}");
        }
        let _ = writeln!(out);
        match &step.answer {
            Answer::Pending => {
                let _ = writeln!(out, "   {}", step.unanswered_label());
            }
            Answer::Skipped { draft, .. } => {
                out.push_str("   (skipped)\n");
                if let Some(d) = draft {
                    let _ = writeln!(out, "   draft kept: {}", sanitize(d).replace('\n', "\n   "));
                }
            }
            Answer::Scale { value, .. } => {
                let _ = writeln!(out, "   {value}");
            }
            Answer::Choice { selected, .. } => {
                for o in selected {
                    let _ = writeln!(out, "   [x] {}", sanitize(o));
                }
            }
            Answer::List { items, .. } => {
                for item in items {
                    let _ = writeln!(out, "   - {}", sanitize(item));
                }
            }
            Answer::Rehearsal { takes, .. } => {
                for (n, take) in takes.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "   Q: {}  ({})",
                        sanitize(&take.question),
                        take.timing()
                    );
                    for l in sanitize(&take.answer).lines() {
                        let _ = writeln!(out, "      {l}");
                    }
                    for e in &take.earlier {
                        let _ = writeln!(
                            out,
                            "      Earlier take ({}):",
                            time::duration(u64::from(e.seconds))
                        );
                        for l in sanitize(&e.answer).lines() {
                            let _ = writeln!(out, "        {l}");
                        }
                    }
                    for e in on_question(step, n) {
                        let _ = writeln!(out, "      {}:", label(t, e));
                        for l in sanitize(&e.text).lines() {
                            let _ = writeln!(out, "        {l}");
                        }
                    }
                }
            }
            Answer::Text { .. } if answer_in_conversation(step) => {}
            Answer::Text { text, .. } => {
                for (n, l) in sanitize(text).lines().enumerate() {
                    let lead = if n == 0 {
                        format!("{who}: ")
                    } else {
                        " ".repeat(who.chars().count() + 2)
                    };
                    let _ = writeln!(out, "   {lead}{l}");
                }
            }
        }
        for e in after_answers(step) {
            let _ = writeln!(out, "   {}:", label(t, e));
            for l in sanitize(&e.text).lines() {
                let _ = writeln!(out, "      {l}");
            }
        }
        out.push('\n');
    }
    if !t.actions.is_empty() {
        out.push_str("Actions\n\n");
        for a in &t.actions {
            let _ = writeln!(out, "   - {} ({})", sanitize(&a.text), who_when(t, a));
        }
        out.push('\n');
    }
    if !t.revisits.is_empty() {
        out.push_str("Revisits\n\n");
        for r in &t.revisits {
            let _ = writeln!(
                out,
                "   {}: {}",
                time::date_time(r.written, tz),
                sanitize(&r.text).replace('\n', "\n   ")
            );
        }
        out.push('\n');
    }
    if let Some(s) = &t.statement {
        let _ = writeln!(out, "Statement, for {}:\n", s.audience);
        for l in sanitize(&s.text).lines() {
            let _ = writeln!(out, "   {l}");
        }
    }
    out
}

pub fn markdown(t: &Transcript, tz: &TimeZone) -> String {
    let mut out = String::new();
    let title = t.headline.as_deref().unwrap_or("Session");
    let _ = writeln!(
        out,
        "# {}\n\n_{}_\n",
        md_inline(&sanitize(title)),
        meta_line(t, tz)
    );
    if let Some(p) = pair_line(t) {
        for l in p.lines() {
            let _ = writeln!(out, "{}\n", md_inline(l));
        }
    }
    if !t.tags.is_empty() {
        let _ = writeln!(out, "Tags: {}\n", md_inline(&t.tags.join(", ")));
    }
    if !t.reviewed.is_empty() {
        out.push_str("**From last time:**\n\n");
        for r in &t.reviewed {
            let _ = write!(
                out,
                "- {} ({}",
                md_inline(&sanitize(&r.text)),
                r.status.label()
            );
            if !r.word.trim().is_empty() {
                let _ = write!(out, ": {}", md_inline(&sanitize(&r.word)));
            }
            out.push(')');
            out.push('\n');
        }
        out.push('\n');
    }
    let who = md_inline(answerer(t));
    if let Some(s) = &t.statement {
        let _ = writeln!(out, "**Statement, for {}:**\n", md_inline(&s.audience));
        for l in sanitize(&s.text).lines() {
            let _ = writeln!(out, "> {l}");
        }
        out.push('\n');
    }
    for step in &t.steps {
        let _ = writeln!(
            out,
            "## {}\n\n_{}_\n",
            md_inline(&step.title),
            md_inline(&step.prompt)
        );
        match &step.answer {
            Answer::Pending => {
                let _ = writeln!(out, "_{}_\n", step.unanswered_label());
            }
            Answer::Skipped { draft, .. } => {
                out.push_str("_(skipped)_\n\n");
                if let Some(d) = draft {
                    let _ = writeln!(out, "Draft kept:\n\n{}\n", sanitize(d));
                }
            }
            Answer::Scale { value, .. } => {
                let _ = writeln!(out, "**{who}:** {value}\n");
            }
            Answer::Choice { selected, .. } => {
                for o in selected {
                    let _ = writeln!(out, "- [x] {}", md_inline(&sanitize(o)));
                }
                out.push('\n');
            }
            Answer::List { items, .. } => {
                for item in items {
                    let _ = writeln!(out, "- {}", md_inline(&sanitize(item)));
                }
                out.push('\n');
            }
            Answer::Rehearsal { takes, .. } => {
                for (n, take) in takes.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "**{}** _({})_\n",
                        md_inline(&take.question),
                        take.timing()
                    );
                    for e in &take.earlier {
                        let _ = writeln!(
                            out,
                            "_Earlier take ({}):_ {}\n",
                            time::duration(u64::from(e.seconds)),
                            md_inline(&sanitize(&e.answer))
                        );
                    }
                    let _ = writeln!(out, "{}\n", md_lines(&sanitize(&take.answer)));
                    for e in on_question(step, n) {
                        let _ = writeln!(
                            out,
                            "**{}:** {}\n",
                            md_inline(&label(t, e)),
                            md_lines(&sanitize(&e.text))
                        );
                    }
                }
            }
            Answer::Text { .. } if answer_in_conversation(step) => {}
            Answer::Text { text, .. } => {
                let _ = writeln!(out, "**{who}:** {}\n", md_lines(&sanitize(text)));
            }
        }
        for e in after_answers(step) {
            let _ = writeln!(
                out,
                "**{}:** {}\n",
                md_inline(&label(t, e)),
                md_lines(&sanitize(&e.text))
            );
        }
    }
    if !t.actions.is_empty() {
        out.push_str("## Actions\n\n");
        md_actions(&mut out, t, &t.actions);
        out.push('\n');
    }
    if !t.revisits.is_empty() {
        out.push_str("## Revisits\n\n");
        for r in &t.revisits {
            let _ = writeln!(
                out,
                "**{}:** {}\n",
                time::date_time(r.written, tz),
                sanitize(&r.text).trim_end()
            );
        }
    }
    let _ = writeln!(out, "---\n\nleverage session `{}`", t.id);
    out
}

/// Who takes `a` on and by when, as a document says it (true whenever it is read).
fn who_when(t: &Transcript, a: &crate::transcript::Action) -> String {
    crate::actions::owner_and_due(a.owner, a.due, t.pair.as_ref(), None)
}

/// `actions` as a Markdown list, each with who takes it on and by when.
fn md_actions(out: &mut String, t: &Transcript, actions: &[crate::transcript::Action]) {
    for a in actions {
        let _ = writeln!(
            out,
            "- {} _({})_",
            md_inline(&sanitize(&a.text)),
            md_inline(&who_when(t, a))
        );
    }
}

/// Keep a one-line value from starting Markdown structure of its own.
fn md_inline(s: &str) -> String {
    s.replace('\n', " ").replace('*', "\\*").replace('_', "\\_")
}

/// An answer's lines as Markdown keeps them: a line break inside a paragraph is a hard break
/// (a backslash at the line's end), since Markdown would otherwise run the lines together.
fn md_lines(text: &str) -> String {
    let text = text.trim_end();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + lines.len());
    for (n, line) in lines.iter().enumerate() {
        out.push_str(line.trim_end());
        let next_is_text = lines.get(n + 1).is_some_and(|l| !l.trim().is_empty());
        if n + 1 < lines.len() {
            if !line.trim().is_empty() && next_is_text {
                out.push('\\');
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod md_tests {
    #[test]
    fn a_line_break_inside_an_answer_survives_markdown() {
        assert_eq!(super::md_lines("data.\nBecause"), "data.\\\nBecause");
        assert_eq!(super::md_lines("one\n\ntwo\n"), "one\n\ntwo");
        assert_eq!(super::md_lines("alone"), "alone");
    }
}

#[cfg(test)]
mod name_tests {
    #[test]
    fn an_exported_file_is_named_by_its_date_and_headline() {
        let id = "2026-11-21T16-05-33-k3x9pq";
        assert_eq!(
            super::file_stem(id, Some("Our Zürich café closed: in MARCH!")),
            "2026-11-21T16-05-33-k3x9pq-our-zurich-cafe-closed-in-march"
        );
        assert_eq!(super::file_stem(id, None), id);
        assert_eq!(super::file_stem(id, Some("../../etc")), format!("{id}-etc"));
        let long = super::file_stem(id, Some(&"word ".repeat(40)));
        assert!(long.len() <= id.len() + 49, "{long}");
    }
}
