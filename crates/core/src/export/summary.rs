//! The one-page recap a coach sends a client after a session: what it was for, the words
//! they found, how the setback sits now, how the last next steps went and the new one. Made
//! only from what the client saw on the shared screen: it never holds a coach-only word
//! (the caller passes the shared projection, and nothing here reads a conversation).

use std::fmt::Write;

use jiff::tz::TimeZone;

use super::{md_actions, md_inline, md_lines};
use crate::text::sanitize;
use crate::time;
use crate::transcript::{ReviewStatus, Transcript};

/// `t` as a recap in Markdown, in the coach's voice where it speaks at all.
pub fn summary(t: &Transcript, tz: &TimeZone) -> String {
    let mut out = String::new();
    let when = time::date(t.started, tz);
    let _ = writeln!(out, "# After our session, {when}\n");
    match &t.pair {
        Some(p) => {
            let _ = writeln!(
                out,
                "{}, here is what we worked on together, in your own words, so you have it in \
                 one place.\n",
                md_inline(&sanitize(&p.client)),
            );
        }
        None => out.push_str("What you worked on, in one place, in your own words.\n\n"),
    }
    if let Some(goal) = t.goal.as_deref().filter(|g| !g.trim().is_empty()) {
        out.push_str("## What you wanted from it\n\n");
        quote(&mut out, goal);
    }
    if let Some(p) = t
        .pair
        .as_ref()
        .filter(|p| !p.confidential.trim().is_empty())
    {
        out.push_str("## What stays between us\n\n");
        quote(&mut out, p.confidential.trim());
    }
    if let Some(h) = t.headline.as_deref().filter(|h| !h.trim().is_empty()) {
        let _ = writeln!(out, "## The setback\n\n{}\n", md_inline(&sanitize(h)));
    }
    if let Some(s) = &t.statement {
        let _ = writeln!(
            out,
            "## What you will say, to {}\n",
            md_inline(&sanitize(&s.audience))
        );
        quote(&mut out, &s.text);
    }
    if let Some((a, b)) = t.shift() {
        let moved = match i16::from(b) - i16::from(a) {
            0 => "no change, and that is worth knowing too".to_string(),
            d => format!("a change of {d:+}"),
        };
        let _ = writeln!(
            out,
            "## How it sits now\n\nAt the start you chose {a}, at the end {b}: {moved}.\n"
        );
    }
    if !t.reviewed.is_empty() {
        out.push_str("## From last time\n\n");
        for r in &t.reviewed {
            let _ = write!(
                out,
                "- **{}**: {} _(agreed {}",
                r.status.label(),
                md_inline(&sanitize(&r.text)),
                time::date(r.agreed, tz),
            );
            if !r.word.trim().is_empty() {
                let _ = write!(out, "; you said: {}", md_inline(&sanitize(&r.word)));
            }
            out.push_str(")_\n");
            if r.status == ReviewStatus::NotYet {
                out.push_str("  (still open: we will come back to it)\n");
            }
        }
        out.push('\n');
    }
    let agreed = t.agreed();
    if !agreed.is_empty() {
        out.push_str(if agreed.len() == 1 {
            "## What we agreed to do next\n\n"
        } else {
            "## What we agreed to do next, and who does what\n\n"
        });
        md_actions(&mut out, t, &agreed);
        out.push_str("\nWe will start there next time.\n\n");
    }
    if let Some(due) = t.revisit_due {
        let _ = writeln!(
            out,
            "## When we look at it again\n\n{}\n",
            time::date(due, tz)
        );
    }
    if let Some(p) = &t.pair {
        let _ = writeln!(out, "{}", md_inline(&sanitize(&p.coach)));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn quote(out: &mut String, text: &str) {
    for l in md_lines(&sanitize(text)).lines() {
        let _ = writeln!(out, "> {l}");
    }
    out.push('\n');
}
