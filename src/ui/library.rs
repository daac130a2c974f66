//! The library list (with its search field), the transcript viewer, and the patterns view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};

use super::home::truncate;
use super::{Theme, footer, inset, text};
use crate::app::{LibraryScreen, Model, PatternsScreen, ViewerScreen, body_height};
use crate::library::reading::LineKind;
use crate::library::search::Place;
use crate::library::shift_label;

fn header(model: &Model, frame: &mut Frame, area: Rect, title: &str, right: String) {
    let theme = &crate::ui::theme(model);
    let row = inset(Rect { height: 1, ..area });
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("leverage", theme.accent.add_modifier(Modifier::BOLD)),
            Span::styled(" · ", theme.muted),
            Span::styled(title.to_string(), theme.title),
        ])),
        row,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(right, theme.muted)).right_aligned(),
        row,
    );
}

/// Text with the byte ranges in `marks` highlighted.
fn marked<'a>(
    text: &'a str,
    marks: &[std::ops::Range<usize>],
    base: Style,
    mark: Style,
) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for r in marks {
        if r.start < at
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        spans.push(Span::styled(&text[at..r.start], base));
        spans.push(Span::styled(&text[r.clone()], mark));
        at = r.end;
    }
    spans.push(Span::styled(&text[at..], base));
    spans
}

fn mark_style(theme: &Theme) -> Style {
    theme.selected.add_modifier(Modifier::BOLD)
}

/// Sessions read into the search index before the library says how far it has got (a
/// refresh of a few changed sessions is too quick to be worth a word).
const READING_SHOWN: usize = 20;

pub fn draw_library(model: &Model, lib: &LibraryScreen, frame: &mut Frame, area: Rect) {
    let theme = &crate::ui::theme(model);
    let listing = &model.listing;
    let rows = lib.rows(listing);
    let total = listing.partial_of.unwrap_or(listing.sessions.len());
    let shown = if listing.partial_of.is_some() {
        total
    } else {
        rows.len()
    };
    // The header says what is applied: while searching, hits are ranked by how well they match.
    let order = if lib.showing_hits() {
        "best match first"
    } else {
        lib.sort.label()
    };
    let mut right = format!("{shown} of {total} sessions · {order}");
    if let Some(f) = lib.active_filter() {
        right.push_str(&format!(" · {}", f.label()));
    }
    header(model, frame, area, "Library", right);
    let content = inset(Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(3),
        ..area
    });
    let width = content.width as usize;
    // The search field, when searching.
    let mut y = content.y;
    if let Some(field) = &lib.search {
        let query = field.text();
        let status = if let Some(read) = model.search_reading.filter(|&n| n >= READING_SHOWN) {
            // The first build reads every session once; later launches use the saved index.
            if total >= read && model.listed {
                format!("reading your sessions for search: {read} of {total}…")
            } else {
                format!("reading your sessions for search: {read} so far…")
            }
        } else if lib.searching {
            "searching…".to_string()
        } else if query.trim().is_empty() {
            "type to search every answer".to_string()
        } else {
            format!("{} found", rows.len())
        };
        let line = Line::from(vec![
            Span::styled("/ ", theme.key),
            Span::styled(text::sanitize(&query).into_owned(), theme.title),
            Span::styled(format!("   {status}"), theme.muted),
        ]);
        let field_rect = Rect {
            y,
            height: 1,
            ..content
        };
        frame.render_widget(Paragraph::new(line), field_rect);
        if field.focused && model.overlays.dialog().is_none() && model.overlays.help().is_none() {
            let x = crate::editor::wrap::str_width(&query).min(width.saturating_sub(3));
            frame.set_cursor_position((field_rect.x + 2 + x as u16, y));
        }
        y += 1;
    }
    let list = Rect {
        y,
        height: content.bottom().saturating_sub(y),
        ..content
    };
    let per_row = if lib.hits.is_some() { 3 } else { 2 };
    let fits = (list.height as usize / per_row).max(1);
    let start = (lib.selected + 1).saturating_sub(fits);
    let mut lines = Vec::new();
    if rows.is_empty() {
        let empty = if !model.listed {
            "Looking through your sessions…"
        } else if listing.sessions.is_empty() {
            "No sessions yet. Start one from the home screen; it will be here to reread."
        } else if lib.search.is_some() && (lib.searching || model.search_reading.is_some()) {
            "Searching…"
        } else if lib.search.is_some() {
            "Nothing matches. Fewer or different words may find it."
        } else {
            "No session passes this filter (f to change it)."
        };
        lines.push(Line::styled(empty, theme.muted));
    }
    for (i, row) in rows.iter().enumerate().skip(start).take(fits) {
        let s = row.session;
        let chosen = i == lib.selected;
        let marker = if chosen { "▸ " } else { "  " };
        let meta = if row.stand_in {
            // Found before the listing holding it arrived: the rest follows with it.
            format!("{}  …", crate::time::date_time(s.started, &model.tz))
        } else {
            meta_line(s, &model.tz)
        };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.accent),
            Span::styled(
                truncate(&text::sanitize(&meta), width.saturating_sub(2)),
                theme.muted,
            ),
        ]));
        let headline = s.headline.as_deref().unwrap_or("(no headline yet)");
        let style = if chosen { theme.selected } else { theme.title };
        let headline = truncate(&text::sanitize(headline), width.saturating_sub(4));
        match row.hit.filter(|h| *h.place() == Place::Headline) {
            Some(hit) if hit.snippet() == headline => {
                let mut spans = vec![Span::raw("    ")];
                spans.extend(
                    marked(&headline, hit.marks(), style, mark_style(theme))
                        .into_iter()
                        .map(|s| Span::styled(s.content.into_owned(), s.style)),
                );
                lines.push(Line::from(spans));
            }
            _ => lines.push(Line::from(vec![
                Span::raw("    "),
                Span::styled(headline, style),
            ])),
        }
        if let Some(hit) = row
            .hit
            .filter(|h| !matches!(h.place(), Place::Headline | Place::Nowhere))
        {
            let snippet = text::sanitize(hit.snippet()).into_owned();
            let place = format!("    {}: ", truncate(hit.place().label(), 24));
            let room = width.saturating_sub(place.chars().count());
            let shown = truncate(&snippet, room);
            let marks: Vec<_> = hit
                .marks()
                .iter()
                .filter(|r| r.end <= shown.len())
                .cloned()
                .collect();
            let mut spans = vec![Span::styled(place, theme.muted)];
            spans.extend(
                marked(&shown, &marks, Style::new(), mark_style(theme))
                    .into_iter()
                    .map(|s| Span::styled(s.content.into_owned(), s.style)),
            );
            lines.push(Line::from(spans));
        }
    }
    if lib.search.is_none()
        && lib.filter.is_none()
        && !listing.unreadable.is_empty()
        && lines.len() + 2 < list.height as usize
    {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Could not be read (left untouched)",
            theme.error,
        ));
        for u in &listing.unreadable {
            let line = format!("  {}: {}", u.name, u.reason);
            lines.push(Line::raw(truncate(&text::sanitize(&line), width)));
        }
    }
    frame.render_widget(Paragraph::new(lines), list);
    footer(model, frame, area, None);
}

pub fn draw_viewer(model: &Model, v: &ViewerScreen, frame: &mut Frame, area: Rect) {
    let theme = &crate::ui::theme(model);
    let height = body_height(model.size);
    let total = v.reading.lines.len();
    let right = format!(
        "{}–{} of {} lines",
        v.scroll + 1,
        (v.scroll + height).min(total),
        total
    );
    let title = v
        .transcript
        .headline
        .clone()
        .unwrap_or_else(|| "Session".into());
    let title = truncate(
        &text::sanitize(&title),
        (area.width as usize).saturating_sub(right.len() + 16),
    );
    header(model, frame, area, &title, right);
    let body = inset(Rect {
        y: area.y + 2,
        height: height as u16,
        ..area
    });
    let query = v
        .find
        .as_ref()
        .map(|f| f.text().to_lowercase())
        .unwrap_or_default();
    let query = query.trim();
    let current_line = v.matches.get(v.current_match).copied();
    let mut lines = Vec::with_capacity(height);
    for (i, line) in v
        .reading
        .lines
        .iter()
        .enumerate()
        .skip(v.scroll)
        .take(height)
    {
        let style = match line.kind {
            LineKind::Title => theme.pinned,
            LineKind::Meta | LineKind::Quiet => theme.muted,
            LineKind::Heading => theme.title,
            LineKind::Prompt => theme.cue,
            LineKind::Statement => theme.accent,
            LineKind::Revisit => theme.ok,
            LineKind::Notice => theme.error,
            LineKind::Answer | LineKind::Blank => Style::new(),
        };
        let marks = if query.is_empty() {
            Vec::new()
        } else {
            find_all(&line.text, query)
        };
        let mark = if Some(i) == current_line {
            mark_style(theme)
        } else {
            theme.selected
        };
        lines.push(Line::from(marked(&line.text, &marks, style, mark)));
    }
    frame.render_widget(Paragraph::new(lines), body);
    if let Some(field) = &v.find {
        let row = inset(Rect {
            y: area.bottom().saturating_sub(3),
            height: 1,
            ..area
        });
        let count = if v.matches.is_empty() {
            if query.is_empty() {
                String::new()
            } else {
                "no match".into()
            }
        } else {
            format!("{} of {}", v.current_match + 1, v.matches.len())
        };
        let text_q = field.text();
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("/ ", theme.key),
                Span::styled(text::sanitize(&text_q).into_owned(), theme.title),
                Span::styled(format!("   {count}"), theme.muted),
            ])),
            row,
        );
        if field.focused && model.overlays.help().is_none() && model.overlays.dialog().is_none() {
            let x =
                crate::editor::wrap::str_width(&text_q).min(row.width.saturating_sub(3) as usize);
            frame.set_cursor_position((row.x + 2 + x as u16, row.y));
        }
    }
    footer(model, frame, area, None);
}

fn find_all(text: &str, query: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(m) = crate::library::search::find_ci(&text[from..], query) {
        out.push(from + m.start..from + m.end);
        // Past the match, and past at least one whole character.
        from += match text[from + m.end..].chars().next() {
            _ if m.end > m.start => m.end,
            Some(c) => m.end + c.len_utf8(),
            None => break,
        };
    }
    out
}

pub fn draw_patterns(model: &Model, p: &PatternsScreen, frame: &mut Frame, area: Rect) {
    let theme = &crate::ui::theme(model);
    let data = &p.patterns;
    let title = match &data.client {
        Some(c) => format!("Patterns across sessions with {}", text::sanitize(c)),
        None => "Patterns across sessions".to_string(),
    };
    header(
        model,
        frame,
        area,
        &title,
        format!("{} sessions with a check-in", data.series.len()),
    );
    let content = inset(Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(4),
        ..area
    });
    let chart_h = if data.series.is_empty() {
        0
    } else {
        (content.height / 3).clamp(6, 12).min(content.height)
    };
    if chart_h > 0 {
        // Every session, two bars each (check-in, then check-out); when they do not fit, each
        // month's averages; when even those do not, the newest months that fit, saying so.
        let fits = (content.width as usize / 8).max(1);
        use crate::library::patterns::{Month, monthly};
        let as_months = data.series.len() > fits;
        let bars: Vec<Month> = if as_months {
            monthly(&data.series, &model.tz)
        } else {
            data.series
                .iter()
                .map(|r| Month {
                    key: (0, 0),
                    started: r.started,
                    check_in: r.check_in,
                    check_out: r.check_out,
                    sessions: 1,
                })
                .collect()
        };
        let recent = &bars[bars.len().saturating_sub(fits)..];
        // The year is on the chart: in its title when every bar shares one, else on each bar.
        let year = |m: &Month| m.started.to_zoned(model.tz.clone()).year();
        let one_year = recent.first().map(year) == recent.last().map(year);
        let span = match (recent.first(), recent.last()) {
            (Some(a), Some(_)) if one_year => format!(" · {}", year(a)),
            (Some(a), Some(b)) => format!(
                " · {}–{}",
                a.started.to_zoned(model.tz.clone()).strftime("%b %Y"),
                b.started.to_zoned(model.tz.clone()).strftime("%b %Y")
            ),
            _ => String::new(),
        };
        let mut shown = if as_months {
            " · by month".to_string()
        } else {
            String::new()
        };
        if recent.len() < bars.len() {
            shown.push_str(&format!(
                "{}last {} of {}",
                if as_months { ", " } else { " · " },
                recent.len(),
                bars.len()
            ));
        }
        let groups: Vec<BarGroup> = recent
            .iter()
            .map(|r| {
                let format = match (as_months, one_year) {
                    (true, true) => "%b",
                    (true, false) | (false, false) => "%b %y",
                    (false, true) => "%-d %b",
                };
                let label = r
                    .started
                    .to_zoned(model.tz.clone())
                    .strftime(format)
                    .to_string();
                let bar = |v: Option<u8>, style: Style| {
                    Bar::default()
                        .value(u64::from(v.unwrap_or(0)))
                        .text_value(v.map_or("·".into(), |v| v.to_string()))
                        .style(style)
                };
                BarGroup::default()
                    .label(Line::from(label))
                    .bars(&[bar(r.check_in, theme.muted), bar(r.check_out, theme.accent)])
            })
            .collect();
        let mut chart = BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::BOTTOM)
                    .border_style(theme.border)
                    .title(Line::from(vec![
                        Span::styled("Check-in ", theme.muted),
                        Span::styled("and ", theme.muted),
                        Span::styled("check-out", theme.accent),
                        Span::styled(", 0 to 10", theme.muted),
                        Span::styled(format!("{span}{shown}"), theme.muted),
                    ])),
            )
            .bar_width(3)
            .bar_gap(0)
            .group_gap(2)
            .max(10);
        for g in groups {
            chart = chart.data(g);
        }
        frame.render_widget(
            chart,
            Rect {
                height: chart_h,
                ..content
            },
        );
    }
    let list = Rect {
        y: content.y + chart_h,
        height: content.height.saturating_sub(chart_h),
        ..content
    };
    let width = list.width as usize;
    let mut lines = Vec::new();
    if data.points.is_empty() {
        lines.push(Line::styled(
            "No lessons yet: finish a session and they will be laid out here, side by side.",
            theme.muted,
        ));
    }
    for r in crate::library::patterns::rows(data, width, &model.tz) {
        use crate::library::patterns::RowKind;
        lines.push(match r.kind {
            RowKind::Blank => Line::raw(""),
            RowKind::Point => Line::styled(r.text, theme.title),
            RowKind::Lesson if r.lesson == Some(p.selected) => {
                // The lesson picked: marked, and Enter opens its session.
                let lead = match r.lead.strip_prefix("  ") {
                    Some(rest) if !rest.trim().is_empty() => format!("▸ {rest}"),
                    _ => r.lead,
                };
                Line::from(vec![
                    Span::styled(lead, theme.key),
                    Span::styled(r.text, theme.pinned),
                ])
            }
            RowKind::Lesson => {
                Line::from(vec![Span::styled(r.lead, theme.muted), Span::raw(r.text)])
            }
            RowKind::From => Line::from(vec![Span::raw(r.lead), Span::styled(r.text, theme.muted)]),
        });
    }
    let max = lines.len().saturating_sub(list.height as usize);
    frame.render_widget(
        Paragraph::new(lines).scroll((p.scroll.min(max) as u16, 0)),
        list,
    );
    footer(model, frame, area, None);
}

/// What a row says of its session above the headline: when, which guide, how far, with whom.
fn meta_line(s: &crate::store::SessionSummary, tz: &jiff::tz::TimeZone) -> String {
    let mut meta = format!(
        "{}  {}  {}",
        crate::time::date_time(s.started, tz),
        s.guide_title,
        s.status.label()
    );
    let shift = shift_label(s);
    if !shift.is_empty() {
        meta.push_str(&format!("  {shift}"));
    }
    match (&s.client, s.paired) {
        (Some(client), true) => meta.push_str(&format!("  with {client}")),
        (None, true) => meta.push_str("  paired"),
        _ => meta.push_str("  solo"),
    }
    if let Some(label) = crate::store::copy_label(s) {
        meta.push_str(&format!("  {label}"));
    }
    if !s.tags.is_empty() {
        meta.push_str(&format!("  #{}", s.tags.join(" #")));
    }
    meta
}
