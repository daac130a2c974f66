//! Drawing: a pure function from the [`Model`] to a frame. Widgets never touch files or the
//! clock; the only state they read is the model.

mod dialog;
pub mod help;
mod home;
mod library;
mod step;
mod summary;
use crate::text;
mod theme;

pub use theme::Theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{Model, Overlay, Screen};

/// The smallest terminal the layout is drawn in; below it a message asks for more room.
pub use crate::app::step_layout::{MIN_HEIGHT, MIN_WIDTH};

pub fn view(model: &Model, frame: &mut Frame) {
    draw(model, frame);
    if model.ascii {
        ascii_only(frame.buffer_mut());
    }
}

/// Every cell of `buffer` in ASCII (a terminal whose locale is not UTF-8, or `--ascii`):
/// box drawing as `+ - |`, arrows and bullets as `> *`, dashes and quotes as their ASCII
/// kin, anything else as `?`. One pass over what was drawn, so no widget can miss it.
pub fn ascii_only(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        let symbol = cell.symbol();
        if symbol.is_ascii() {
            continue;
        }
        let first = symbol.chars().next().unwrap_or(' ');
        let plain = text::ascii_kin(first);
        cell.set_char(plain);
    }
}

fn draw(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    let theme = &crate::ui::theme(model);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, theme);
        return;
    }
    match &model.screen {
        Screen::Home => home::draw(model, frame, area),
        Screen::ChooseMode {
            guide_id, selected, ..
        } => home::draw_modes(model, guide_id, *selected, frame, area),
        Screen::Session(s) => step::draw(model, s, frame, area),
        Screen::Summary(s) => summary::draw(model, s, frame, area),
        Screen::Library(l) => library::draw_library(model, l, frame, area),
        Screen::Viewer(v) => library::draw_viewer(model, v, frame, area),
        Screen::Patterns(p) => library::draw_patterns(model, p, frame, area),
    }
    // The layers over the screen, back to front.
    for layer in model.overlays.layers() {
        match layer {
            Overlay::Dialog(d) => dialog::draw(model, d, frame, area),
            Overlay::Help { scroll } => help::draw(model, *scroll, frame, area),
        }
    }
}

/// The theme this frame is drawn in, derived from what the model keeps.
pub fn theme(model: &Model) -> Theme {
    Theme::derive(model.no_color, model.presenting)
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines = vec![
        Line::styled("Make the window larger", theme.title),
        Line::from(format!(
            "leverage needs at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}.",
            area.width, area.height
        )),
        Line::styled(
            "Your words are safe: nothing is lost while it is small.",
            theme.muted,
        ),
    ];
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let rect = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}

/// The two bottom rows: key hints from the keymap, then the save state and messages.
fn footer(model: &Model, frame: &mut Frame, area: Rect, save_state: Option<Span<'static>>) {
    let theme = &crate::ui::theme(model);
    let hints_row = Rect {
        y: area.bottom() - 2,
        height: 1,
        ..area
    };
    let status_row = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    let hints = model.keymap.hints(&model.contexts(), &model.hint_actions());
    let spans = hint_spans(hints, inset(hints_row).width as usize, theme);
    frame.render_widget(Paragraph::new(Line::from(spans)), inset(hints_row));
    let mut status = Vec::new();
    if let Some(s) = save_state {
        status.push(s);
        status.push(Span::raw("   "));
    }
    if let Some(msg) = &model.status {
        let style = if msg.is_error() {
            theme.error
        } else {
            theme.muted
        };
        // Cut with an ellipsis, never mid-word without a sign.
        let used: usize = status.iter().map(|s| text::width(&s.content)).sum();
        let room = (inset(status_row).width as usize).saturating_sub(used);
        status.push(Span::styled(
            text::truncate(&text::sanitize(&msg.text), room),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(status)), inset(status_row));
}

/// Key hints as spans, as many whole hints as fit in `room` columns: a hint cut in half is
/// worse than none.
pub fn hint_spans(
    hints: Vec<(String, &'static str)>,
    room: usize,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let piece = |key: &str, word: &str| text::width(key) + 1 + text::width(word) + 2;
    // Help and the way out are kept when not everything fits; the others take the room left
    // and give way from the end: a narrow window still says how to get help and how to leave.
    let essential = |word: &str| word == "help" || word == "leave";
    let budget = room + 2;
    let reserved: usize = hints
        .iter()
        .filter(|(_, w)| essential(w))
        .map(|(k, w)| piece(k, w))
        .sum();
    let mut others = budget.saturating_sub(reserved);
    let (mut used, mut full) = (0, false);
    let mut spans = Vec::new();
    for (key, word) in hints {
        let p = piece(&key, word);
        let show = if essential(word) {
            used + p <= budget
        } else if !full && p <= others {
            others -= p;
            true
        } else {
            full = true;
            false
        };
        if show {
            used += p;
            spans.push(Span::styled(key, theme.key));
            spans.push(Span::styled(format!(" {word}  "), theme.muted));
        }
    }
    spans
}

/// One column of margin on each side.
pub fn inset(r: Rect) -> Rect {
    Rect {
        x: r.x + 1,
        width: r.width.saturating_sub(2),
        ..r
    }
}
