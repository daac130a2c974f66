//! The paired parts of the session screen: the shared conversation (drawn only from the shared
//! projection), who is typing, the session timer and time box, and the coach-only note box
//! that shows a length and where to read it (the console), never words.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{answer_block, footer, save_span};
use crate::app::{Model, SessionScreen, Target};
use crate::pairing::{Pairing, Speaker};
use crate::ui::{Theme, text};

/// The right of the header in a paired session: who is typing, the timer, the step.
pub(super) fn header(
    model: &Model,
    screen: &SessionScreen,
    pair: &Pairing,
    position: &str,
) -> Vec<Span<'static>> {
    let theme = &crate::ui::theme(model);
    let s = &screen.session;
    let mut right = Vec::new();
    // The session timer, and the step's soft time box as a colour: it never moves a step.
    // Who is typing, always in view, in their colour.
    let (who, style) = match screen.target() {
        Target::Answer | Target::Reply => (format!("{} (client)", pair.client), theme.client),
        Target::Coach => (format!("{} (coach)", pair.coach), theme.coach),
        Target::Note => (format!("{} (coach-only note)", pair.coach), theme.coach),
    };
    right.push(Span::styled(format!("✎ {}", text::sanitize(&who)), style));
    right.push(Span::styled("  ·  ", theme.muted));
    let elapsed = s.clock.elapsed(model.now);
    let planned = pair.planned_minutes;
    let over = planned.is_some_and(|m| elapsed >= u64::from(m) * 60);
    right.push(Span::styled(
        crate::time::duration(elapsed),
        if over { theme.error } else { theme.accent },
    ));
    if let Some(m) = planned {
        right.push(Span::styled(format!(" of {m}:00"), theme.muted));
    }
    right.push(Span::styled("  ·  ", theme.muted));
    let step_style = if s.over_time_box(model.now) {
        theme.error
    } else {
        theme.muted
    };
    right.push(Span::styled(position.to_string(), step_style));
    right
}

pub(super) fn speaker_style(theme: &Theme, who: Speaker) -> ratatui::style::Style {
    match who {
        Speaker::Client => theme.client,
        Speaker::Coach => theme.coach,
    }
}

/// The coach-only note on the shared screen: that one is being written and how long it is,
/// never its words, unless the coach is holding the peek key.
pub(super) fn draw_note(
    model: &Model,
    screen: &SessionScreen,
    frame: &mut Frame,
    body: Rect,
    area: Rect,
) {
    let theme = &crate::ui::theme(model);
    // Its words are never drawn here: the client sees this screen. The console shows them.
    let block = answer_block(" Coach-only note: never shown on this screen ", theme)
        .border_style(theme.coach);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    {
        let key = |a| model.keymap.label(&model.contexts(), a);
        let n = screen.talk.note_len();
        let lines = vec![
            Line::styled(
                format!(
                    "A private note is being written ({n} character{}).",
                    if n == 1 { "" } else { "s" }
                ),
                theme.coach,
            ),
            Line::styled(
                format!(
                    "Its words show only in the coach's console: leverage coach {}",
                    text::sanitize(&screen.session.id)
                ),
                theme.muted,
            ),
            Line::styled(
                format!(
                    "{} files it · {} cancels",
                    key(crate::keymap::Action::FileNote),
                    key(crate::keymap::Action::Back)
                ),
                theme.muted,
            ),
        ];
        frame.render_widget(Paragraph::new(lines), inner);
    }
    footer(model, frame, area, Some(save_span(model, screen)));
}
