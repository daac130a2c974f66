//! The home screen: start a session from a guide, resume an unfinished one, see which files
//! could not be read, or quit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{footer, inset, text};
use crate::app::{HomeItem, Model};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let theme = &crate::ui::theme(model);
    let content = inset(Rect {
        height: area.height.saturating_sub(2),
        ..area
    });
    let width = content.width as usize;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                "leverage",
                theme.accent.add_modifier(ratatui::style::Modifier::BOLD),
            ),
            Span::styled(
                "  a coaching workbook for turning a setback into leverage",
                theme.muted,
            ),
        ]),
        Line::raw(""),
    ];
    let items = model.home_items();
    // While the pair form is open the client may already be watching: behind it, home names
    // no session (the coach's own list holds every client's headlines).
    let pairing = matches!(
        model.overlays.dialog(),
        Some(crate::app::Dialog::Pair { .. })
    );
    let mut selected_line = 0;
    let mut section = "";
    for (i, item) in items.iter().enumerate() {
        if pairing && !matches!(item, HomeItem::NewSession { .. }) {
            continue;
        }
        let (heading, label, detail) = match item {
            HomeItem::NewSession { guide_id } => {
                let g = model.library.find(guide_id);
                let title = g.map_or(guide_id.clone(), |g| g.title.clone());
                let about = g.map(|g| g.about.clone()).unwrap_or_default();
                ("Start a new session", title, about)
            }
            HomeItem::Resume { id } => {
                let s = model.listing.sessions.iter().find(|s| &s.id == id);
                let label = s
                    .and_then(|s| s.headline.clone())
                    .unwrap_or_else(|| "(no headline yet)".to_string());
                let detail = s.map_or_else(String::new, |s| {
                    format!(
                        "{}, started {}, at step {} of {}",
                        s.guide_title,
                        crate::time::date_time(s.started, &model.tz),
                        s.position.0,
                        s.position.1
                    )
                });
                ("Resume where you left off", label, detail)
            }
            HomeItem::Due { id } | HomeItem::OnThisDay { id } => {
                let s = model.listing.sessions.iter().find(|s| &s.id == id);
                let label = s
                    .and_then(|s| s.headline.clone())
                    .unwrap_or_else(|| id.clone());
                let started = s
                    .map(|s| crate::time::date_time(s.started, &model.tz))
                    .unwrap_or_default();
                if matches!(item, HomeItem::Due { .. }) {
                    (
                        "Due for a revisit",
                        label,
                        format!("from {started}: reread it and add what you see now"),
                    )
                } else {
                    (
                        "On this day",
                        label,
                        format!("a year or more ago, on {started}"),
                    )
                }
            }
            HomeItem::ActionDue { n } => match model.open_actions.get(*n) {
                Some((client, r)) => {
                    let today = crate::time::today(model.now, &model.tz);
                    let who = match r.owner {
                        crate::transcript::Owner::Client => text::sanitize(client).into_owned(),
                        crate::transcript::Owner::Coach => "the coach".to_string(),
                    };
                    let when = r
                        .due
                        .map_or_else(String::new, |d| crate::time::due(d, today));
                    (
                        "Agreed to do, coming due",
                        r.text.clone(),
                        format!(
                            "{who}, {when}; agreed {}",
                            crate::time::date(r.agreed, &model.tz)
                        ),
                    )
                }
                None => ("", String::new(), String::new()),
            },
            HomeItem::More {
                count,
                what,
                filter,
            } => (
                section,
                format!("and {count} more {what}"),
                match filter {
                    Some(f) => format!("in the library, {}", f.label()),
                    None => "in the library".to_string(),
                },
            ),
            HomeItem::Library => {
                let n = model.listing.sessions.len();
                let label = format!("Library: reread past sessions ({n})");
                (
                    "",
                    label,
                    "search every answer, add revisit notes, see patterns".to_string(),
                )
            }
            HomeItem::Quit => ("", "Quit".to_string(), String::new()),
        };
        if heading != section {
            if !heading.is_empty() {
                if i > 0 {
                    lines.push(Line::raw(""));
                }
                lines.push(Line::styled(heading, theme.title));
            } else {
                lines.push(Line::raw(""));
            }
            section = heading;
        }
        let chosen = i == model.home_selected;
        if chosen {
            selected_line = lines.len();
        }
        let marker = if chosen { "▸ " } else { "  " };
        let style = if chosen {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.accent),
            Span::styled(
                truncate(&text::sanitize(&label), width.saturating_sub(2)),
                style,
            ),
        ]));
        if !detail.is_empty() {
            for l in text::wrap(&detail, width.saturating_sub(4))
                .into_iter()
                .take(2)
            {
                lines.push(Line::styled(format!("    {l}"), theme.muted));
            }
        }
    }
    if !model.listed {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Looking for unfinished sessions…",
            theme.muted,
        ));
    }
    if !model.listing.unreadable.is_empty() || !model.library.errors.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Could not be read (left untouched)",
            theme.error,
        ));
        for u in &model.listing.unreadable {
            let line = format!("{}: {}", u.name, u.reason);
            lines.push(Line::raw(format!(
                "  {}",
                truncate(&text::sanitize(&line), width.saturating_sub(2))
            )));
        }
        for e in &model.library.errors {
            let line = e.to_string();
            lines.push(Line::raw(format!(
                "  {}",
                truncate(&text::sanitize(&line), width.saturating_sub(2))
            )));
        }
    }
    // Keep the selection on screen when the list is taller than the window.
    let height = content.height as usize;
    let scroll = (selected_line + 3).saturating_sub(height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), content);
    footer(model, frame, area, None);
}

/// Choosing how to run a guide with modes.
pub fn draw_modes(model: &Model, guide_id: &str, selected: usize, frame: &mut Frame, area: Rect) {
    let theme = &crate::ui::theme(model);
    let content = inset(Rect {
        height: area.height.saturating_sub(2),
        ..area
    });
    let Some(guide) = model.library.find(guide_id) else {
        return;
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                "leverage",
                theme.accent.add_modifier(ratatui::style::Modifier::BOLD),
            ),
            Span::styled(format!(" · {}", text::sanitize(&guide.title)), theme.muted),
        ]),
        Line::raw(""),
        Line::styled("How do you want to use this guide?", theme.title),
    ];
    for (i, mode) in guide.modes.iter().enumerate() {
        let chosen = i == selected;
        let style = if chosen {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(if chosen { "▸ " } else { "  " }, theme.accent),
            Span::styled(
                truncate(
                    &text::sanitize(&mode.title),
                    content.width.saturating_sub(2) as usize,
                ),
                style,
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), content);
    footer(model, frame, area, None);
}

pub use crate::text::truncate;
