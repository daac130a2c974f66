//! The answer widgets that are picked rather than typed (a scale, a choice), and the
//! rehearsal question with its clock.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::client_block;
use crate::app::{Model, SessionScreen};
use crate::guide::{ChoiceSpec, Scale};
use crate::ui::text;

/// The rehearsal question, with its number, the clock and the target length.
pub(super) fn draw_question(
    model: &Model,
    screen: &SessionScreen,
    question: &[String],
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &crate::ui::theme(model);
    let s = &screen.session;
    let elapsed = s.elapsed(model.now);
    let (target, probe) = s
        .question_on_screen()
        .map_or((0, false), |q| (q.seconds, q.probe));
    let over = target > 0 && elapsed > target;
    let take = &s.steps[s.current].takes.get(s.question);
    let earlier = take.map_or(0, |t| t.earlier.len());
    let clock_note = if s.timing() || elapsed > 0 {
        ""
    } else {
        "  (the clock starts when you start answering)"
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!(
                "{} {} of {}{}",
                if probe { "Follow-up" } else { "Question" },
                s.question + 1,
                s.steps[s.current].takes.len(),
                if earlier > 0 {
                    format!(", take {}", earlier + 1)
                } else {
                    String::new()
                }
            ),
            theme.muted,
        ),
        Span::styled("  ·  ", theme.muted),
        Span::styled(
            crate::time::duration(u64::from(elapsed)),
            if over { theme.error } else { theme.accent },
        ),
        Span::styled(
            format!(" of about {}", crate::time::duration(u64::from(target))),
            theme.muted,
        ),
        Span::styled(
            if over {
                "  (past the target: land it)"
            } else {
                clock_note
            },
            theme.muted,
        ),
    ])];
    lines.extend(
        question
            .iter()
            .map(|q| Line::styled(q.clone(), theme.pinned)),
    );
    frame.render_widget(Paragraph::new(lines), area);
}

/// The options of a choice step, with the highlighted one and the chosen ones marked.
pub(super) fn draw_choice(
    model: &Model,
    screen: &SessionScreen,
    spec: &ChoiceSpec,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &crate::ui::theme(model);
    let state = &screen.session.steps[screen.session.current];
    let title = if spec.multiple {
        " Choose all that apply "
    } else {
        " Choose one "
    };
    let block = client_block(model, screen, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    let mut cursor_line = 0;
    for (n, option) in spec.options.iter().enumerate() {
        let chosen = state.selected.contains(&n) && state.skipped.is_none();
        let mark = match (spec.multiple, chosen) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let here = n == screen.choice_cursor;
        if here {
            cursor_line = lines.len();
        }
        let style = if here {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        for (k, l) in text::wrap(option, width.saturating_sub(8))
            .into_iter()
            .enumerate()
        {
            let lead = if k == 0 {
                format!("{:>2} {mark} ", n + 1)
            } else {
                "       ".to_string()
            };
            lines.push(Line::from(vec![
                Span::styled(lead, theme.key),
                Span::styled(l, style),
            ]));
        }
    }
    let scroll = (cursor_line + 1).saturating_sub(inner.height as usize);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}

pub(super) fn draw_scale(
    model: &Model,
    screen: &SessionScreen,
    scale: &Scale,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &crate::ui::theme(model);
    let s = &screen.session;
    let value = s.steps[s.current]
        .value
        .filter(|_| s.steps[s.current].skipped.is_none());
    let block = client_block(model, screen, " Your answer ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let count = usize::from(scale.max - scale.min) + 1;
    let cell = if count * 4 <= inner.width as usize {
        4
    } else {
        3
    };
    let mut numbers = Vec::new();
    for n in scale.min..=scale.max {
        let style = if Some(n) == value {
            theme.selected
        } else {
            theme.muted
        };
        let label = format!("{n:^width$}", width = cell - 1);
        numbers.push(Span::styled(label, style));
        numbers.push(Span::raw(" "));
    }
    let mut lines = vec![Line::from(numbers)];
    lines.push(Line::from(vec![
        Span::styled(format!("{} ", scale.min), theme.key),
        Span::raw(text::sanitize(&scale.min_label).into_owned()),
        Span::styled("  …  ", theme.muted),
        Span::styled(format!("{} ", scale.max), theme.key),
        Span::raw(text::sanitize(&scale.max_label).into_owned()),
    ]));
    let answer = match value {
        Some(v) => Line::from(vec![
            Span::raw(match &s.pair {
                Some(p) => format!("{} chose ", text::sanitize(&p.client)),
                None => "You chose ".to_string(),
            }),
            Span::styled(v.to_string(), theme.title),
        ]),
        None => Line::styled("Type a number, or use Left and Right.", theme.muted),
    };
    lines.push(answer);
    // At check-out, show where the person started.
    if s.guide.summary.check_out == Some(s.current) {
        if let (Some(before), Some(now)) = (s.check_in(), value) {
            let delta = i16::from(now) - i16::from(before);
            lines.push(Line::styled(
                format!("At check-in you chose {before}; now {now} ({delta:+})."),
                theme.accent,
            ));
        } else if let Some(before) = s.check_in() {
            lines.push(Line::styled(
                format!("At check-in you chose {before}."),
                theme.accent,
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
