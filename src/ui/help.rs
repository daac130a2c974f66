//! The help overlay: every binding in the keymap, grouped by where it applies.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::app::Model;

pub fn draw(model: &Model, scroll: u16, frame: &mut Frame, area: Rect) {
    let theme = &crate::ui::theme(model);
    let width = area.width.saturating_sub(4).min(76);
    let height = area.height.saturating_sub(2);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let mut lines = Vec::new();
    for (ctx, bindings) in model.keymap.help_sections() {
        // The console's keys are shown in the console (`leverage coach`), not here.
        if ctx == crate::keymap::Context::Console {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(ctx.title(), theme.title));
        for (keys, what) in bindings {
            // Two spaces at least between the keys and what they do, however long the keys.
            let keys = format!("  {keys}");
            let pad = 30usize.saturating_sub(crate::text::width(&keys)).max(2);
            lines.push(Line::from(vec![
                Span::styled(format!("{keys}{}", " ".repeat(pad)), theme.key),
                Span::raw(what),
            ]));
        }
    }
    lines.push(Line::raw(""));
    let footer = format!(
        "While you write an answer, plain keys are always text. Up/Down, PgUp/PgDn scroll; {} closes.",
        model
            .keymap
            .label(&[crate::keymap::Context::Help], crate::keymap::Action::Back)
    );
    // Wrapped here, so the last sentence is never cut at the overlay's edge.
    let mut wrapped = crate::text::wrap(&footer, usize::from(width.saturating_sub(2)));
    wrapped.truncate(crate::keymap::HELP_FOOTER_LINES - 1);
    lines.extend(wrapped.into_iter().map(|l| Line::styled(l, theme.muted)));
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
