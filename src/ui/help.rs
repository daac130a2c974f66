//! The help overlay: every binding in the keymap, grouped by where it applies, the keys of
//! the screen under it first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::app::Model;
use crate::keymap::help::{self, Row};

pub fn draw(model: &Model, scroll: u16, frame: &mut Frame, area: Rect) {
    let theme = &crate::ui::theme(model);
    let width = help::outer_width(area.width);
    let height = area.height.saturating_sub(2);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let inner = help::inner_width(area.width);
    let col = help::column(inner);
    let lines: Vec<Line> = help::rows(&model.keymap, &model.contexts_under_help(), inner)
        .into_iter()
        .map(|row| match row {
            Row::Blank => Line::raw(""),
            Row::Title(t) => Line::styled(t, theme.title),
            Row::Binding { keys, what } => {
                let pad = col.saturating_sub(crate::text::width(&keys));
                Line::from(vec![
                    Span::styled(format!("{keys}{}", " ".repeat(pad)), theme.key),
                    Span::raw(what),
                ])
            }
            Row::Footer(f) => Line::styled(f, theme.muted),
        })
        .collect();
    let inner_h = height.saturating_sub(2);
    let max_scroll = (lines.len() as u16).saturating_sub(inner_h);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.accent)
        .title(Span::styled(" Keys ", theme.title));
    // Say there is more, and which way.
    let shown = scroll.min(max_scroll);
    let more = match (shown > 0, shown < max_scroll) {
        (true, true) => Some(" more above and below (PgUp, PgDn) "),
        (false, true) => Some(" more below (PgDn) "),
        (true, false) => Some(" more above (PgUp) "),
        (false, false) => None,
    };
    if let Some(more) = more {
        block = block.title_bottom(Span::styled(more, theme.muted));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max_scroll), 0)),
        rect,
    );
}
