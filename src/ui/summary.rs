//! The end of a session: the statement, the check-in shift, the next step, and where the
//! transcript was saved.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{footer, inset, text};
use crate::app::{Model, SummaryScreen};

pub fn draw(model: &Model, s: &SummaryScreen, frame: &mut Frame, area: Rect) {
    let theme = &crate::ui::theme(model);
    let content = inset(Rect {
        height: area.height.saturating_sub(2),
        ..area
    });
    let w = content.width as usize;
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Session complete", theme.title),
            Span::styled(
                format!("  ·  {}", text::sanitize(&s.guide_title)),
                theme.muted,
            ),
        ]),
        Line::raw(""),
    ];
    if let Some(h) = &s.headline {
        lines.push(Line::from(vec![
            Span::styled("Setback: ", theme.muted),
            Span::styled(text::sanitize(h).into_owned(), theme.pinned),
        ]));
        lines.push(Line::raw(""));
    }
    let audience = s.audience.as_deref().unwrap_or("your audience");
    lines.push(Line::styled(
        format!("Your statement, for {audience}"),
        theme.title,
    ));
    match &s.statement {
        Some(st) => {
            for l in text::wrap(st, w.saturating_sub(2)) {
                lines.push(Line::from(vec![
                    Span::styled("│ ", theme.accent),
                    Span::raw(l),
                ]));
            }
        }
        None => lines.push(Line::styled(
            "  (not written: you can resume and write it later)",
            theme.muted,
        )),
    }
    lines.push(Line::raw(""));
    match s.shift {
        Some(shift) => {
            let d = shift.delta();
            let words = match d {
                0 => "no change yet, and that is allowed".to_string(),
                d if d > 0 => format!("{d} closer to leverage"),
                d => format!(
                    "{} heavier than at the start; worth a second look with someone you trust",
                    -d
                ),
            };
            lines.push(Line::from(vec![
                Span::styled("Check-in → check-out: ", theme.title),
                Span::styled(format!("{} → {}", shift.before, shift.after), theme.accent),
                Span::styled(format!("  ({words})"), theme.muted),
            ]));
        }
        None => lines.push(Line::styled(
            "Check-in → check-out: not both given",
            theme.muted,
        )),
    }
    if !s.rehearsal.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("Rehearsal: ", theme.title),
            Span::styled(crate::session::rehearsal_line(&s.rehearsal), theme.muted),
        ]));
        for t in s.rehearsal.iter().filter(|t| t.answered) {
            let mark = if t.seconds > t.target {
                "over"
            } else {
                "in time"
            };
            let head = format!(
                "  {} of {} ({mark}) ",
                crate::time::duration(u64::from(t.seconds)),
                crate::time::duration(u64::from(t.target))
            );
            let room = w.saturating_sub(text::width(&head));
            lines.push(Line::from(vec![
                Span::styled(head, theme.muted),
                Span::raw(text::truncate(&text::sanitize(&t.ask), room)),
            ]));
        }
    }
    lines.push(Line::raw(""));
    if !s.actions.is_empty() {
        lines.push(Line::styled("What you will do next", theme.title));
        let today = crate::time::today(model.now, &model.tz);
        for a in &s.actions {
            lines.extend(
                text::wrap(&a.text, w.saturating_sub(4))
                    .into_iter()
                    .enumerate()
                    .map(|(n, l)| Line::raw(format!("{} {l}", if n == 0 { "  •" } else { "   " }))),
            );
            let who = crate::actions::owner_and_due(a.owner, a.due, s.pair.as_ref(), Some(today));
            lines.push(Line::styled(
                format!("    {}", text::truncate(&who, w.saturating_sub(4))),
                theme.muted,
            ));
        }
    } else {
        lines.push(Line::styled("Your next step this week", theme.title));
        match &s.next_step {
            Some(n) => lines.extend(
                text::wrap(n, w.saturating_sub(2))
                    .into_iter()
                    .map(|l| Line::raw(format!("  {l}"))),
            ),
            None => lines.push(Line::styled("  (none written)", theme.muted)),
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "{} of {} steps answered, {} skipped.",
            s.answered, s.total, s.skipped
        ),
        theme.muted,
    ));
    match s.revisit_due {
        Some(due) => lines.push(Line::styled(
            format!(
                "You will be asked to revisit it from {}.",
                crate::time::date_time(due, &model.tz)
            ),
            theme.ok,
        )),
        None => {
            let keys = [crate::keymap::Context::Summary];
            let key = |a| model.keymap.label(&keys, a);
            use crate::keymap::Action::{RemindMonth, RemindQuarter, RemindWeek};
            lines.push(Line::styled(
                format!(
                    "Come back to it later? {} in a week, {} in a month, {} in three months.",
                    key(RemindWeek),
                    key(RemindMonth),
                    key(RemindQuarter)
                ),
                theme.muted,
            ));
        }
    }
    let saved = if s.saved {
        "Saved to "
    } else {
        "Not yet saved to "
    };
    for l in text::wrap(&format!("{saved}{}", s.location), w) {
        lines.push(Line::styled(
            l,
            if s.saved { theme.ok } else { theme.error },
        ));
    }
    frame.render_widget(Paragraph::new(lines), content);
    footer(model, frame, area, None);
}
