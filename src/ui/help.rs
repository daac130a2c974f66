//! The help overlay: every binding in the keymap, grouped by where it applies, the keys of
//! the screen under it first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::app::Model;
use crate::keymap::help::{self, Row};

/// Help rows as lines: titles, keys padded to their column `col`, words, the closing sentence.
/// `title` names a section (the console calls the editor's "Writing the private note").
pub fn lines(
    rows: Vec<Row>,
    col: usize,
    theme: &crate::ui::Theme,
    title: impl Fn(&'static str) -> &'static str,
) -> Vec<Line<'static>> {
    rows.into_iter()
        .map(|row| match row {
            Row::Blank => Line::raw(""),
            Row::Title(t) => Line::styled(title(t), theme.title),
            Row::Binding { keys, what } => {
                let pad = col.saturating_sub(crate::text::width(&keys));
                Line::from(vec![
                    Span::styled(format!("{keys}{}", " ".repeat(pad)), theme.key),
                    Span::raw(what),
                ])
            }
            Row::Footer(f) => Line::styled(f, theme.muted),
        })
        .collect()
}

/// `block` with a bottom title saying there is more help above or below, at `scroll` of `max`.
pub fn with_more<'a>(
    block: Block<'a>,
    scroll: usize,
    max: usize,
    theme: &crate::ui::Theme,
) -> Block<'a> {
    let more = match (scroll > 0, scroll < max) {
        (true, true) => " more above and below (PgUp, PgDn) ",
        (false, true) => " more below (PgDn) ",
        (true, false) => " more above (PgUp) ",
        (false, false) => return block,
    };
    block.title_bottom(Span::styled(more, theme.muted))
}

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
    let rows = help::rows(&model.keymap, &model.contexts_under_help(), inner);
    let lines = lines(rows, help::column(inner), theme, |t| t);
    let inner_h = usize::from(height.saturating_sub(2));
    let max_scroll = lines.len().saturating_sub(inner_h);
    let shown = usize::from(scroll).min(max_scroll);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.accent)
        .title(Span::styled(" Keys ", theme.title));
    // Say there is more, and which way.
    let block = with_more(block, shown, max_scroll, theme);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(shown).unwrap_or(u16::MAX), 0)),
        rect,
    );
}
