//! The coach's console on screen: the timer and step, the facilitator's guide, the whole
//! conversation (coach-only notes included, marked), and the private note being written.
//! This is the coach's own terminal, so nothing here is hidden.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Padding, Paragraph};

use super::{CONSOLE_KEYS, Console};
use crate::keymap::{Action, Context};
use crate::pairing::Speaker;
use crate::text;
use crate::transcript::{Answer, StepRecord};
use crate::ui::{MIN_HEIGHT, MIN_WIDTH, inset};

pub fn view(c: &Console, frame: &mut Frame) {
    draw(c, frame);
    if c.ascii {
        crate::ui::ascii_only(frame.buffer_mut());
    }
}

fn draw(c: &Console, frame: &mut Frame) {
    let area = frame.area();
    let theme = &crate::ui::Theme::derive(c.no_color, c.presenting);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        frame.render_widget(
            Paragraph::new("Make the window larger: the console needs at least 50×15."),
            area,
        );
        return;
    }
    let t = &c.transcript;
    let names = t
        .pair
        .as_ref()
        .map(|p| format!("{} with {}", p.coach, p.client))
        .unwrap_or_default();
    let header = inset(Rect { height: 1, ..area });
    let i = c.step_index();
    let record = c.merged_step();
    // Timer, planned length, and the step's soft time box.
    let elapsed = c.elapsed();
    let planned = t.pair.as_ref().and_then(|p| p.planned_minutes);
    let over = planned.is_some_and(|m| elapsed >= u64::from(m) * 60);
    let mut right = vec![Span::styled(
        crate::time::duration(elapsed),
        if over { theme.error } else { theme.accent },
    )];
    if let Some(m) = planned {
        right.push(Span::styled(format!(" of {m}:00"), theme.muted));
    }
    let (at, of) = t.progress(i);
    right.push(Span::styled(format!("  ·  step {at} of {of}"), theme.muted));
    let left = Line::from(vec![
        Span::styled("leverage", theme.accent.add_modifier(Modifier::BOLD)),
        Span::styled(" · coach's console · ", theme.muted),
        Span::raw(text::sanitize(&names).into_owned()),
    ]);
    frame.render_widget(Paragraph::new(left), header);
    frame.render_widget(Paragraph::new(Line::from(right)).right_aligned(), header);
    let follow = match &c.viewing {
        _ if t.finished.is_some() => Span::styled(
            format!(
                "  (the session ended at {}, after {})",
                crate::time::clock(t.finished.unwrap_or(t.updated), &crate::time::local_zone()),
                crate::time::duration(elapsed)
            ),
            theme.ok,
        ),
        Some(_) => Span::styled(
            format!(
                "  (looking back: {} follows the shared screen again)",
                c.keymap.label(&CONSOLE_KEYS, Action::Follow)
            ),
            theme.error,
        ),
        None => Span::styled("  (following the shared screen)", theme.muted),
    };
    let title = record.as_ref().map_or("", |r| r.title.as_str());
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(text::sanitize(title).into_owned(), theme.title),
            follow,
        ])),
        inset(Rect {
            y: area.y + 1,
            height: 1,
            ..area
        }),
    );

    let (guide_rect, talk_rect, body, note_h) = regions(c, area);
    // Each wrapped once a frame; the scrolling kept within what there is at this size.
    let g = facilitator_lines(c, guide_rect.width.saturating_sub(4) as usize);
    let lines = talk_lines(c, talk_rect.width.saturating_sub(4) as usize, theme);
    let guide_h = guide_rect.height.saturating_sub(2) as usize;
    let inner_h = talk_rect.height.saturating_sub(2) as usize;
    let (talk_back, guide_top) = c.scroll_here();
    let talk_back = talk_back.min(lines.len().saturating_sub(inner_h));
    let guide_top = guide_top.min(g.len().saturating_sub(guide_h));
    let guide_title = match (guide_top > 0, g.len() > guide_top + guide_h) {
        (_, true) => format!(
            " Facilitator's guide (more: {}) ",
            c.keymap.label(&CONSOLE_KEYS, Action::GuideDown)
        ),
        (true, false) => format!(
            " Facilitator's guide ({} scrolls back) ",
            c.keymap.label(&CONSOLE_KEYS, Action::GuideUp)
        ),
        _ => " Facilitator's guide ".to_string(),
    };
    frame.render_widget(
        Paragraph::new(g)
            .block(panel(&guide_title, theme))
            .scroll((u16::try_from(guide_top).unwrap_or(u16::MAX), 0)),
        guide_rect,
    );

    // The conversation, everything included, its end in view unless scrolled back.
    let skip = lines.len().saturating_sub(inner_h + talk_back);
    let earlier = skip > 0;
    let title = match (earlier, talk_back > 0) {
        (_, true) => format!(
            " Conversation, scrolled back (latest: {}) ",
            c.keymap.label(&CONSOLE_KEYS, Action::TalkDown)
        ),
        (true, false) => format!(
            " Conversation, private notes marked (earlier: {}) ",
            c.keymap.label(&CONSOLE_KEYS, Action::TalkUp)
        ),
        _ => " Conversation (all of it, private notes marked) ".to_string(),
    };
    let lines: Vec<Line> = lines.into_iter().skip(skip).take(inner_h).collect();
    frame.render_widget(Paragraph::new(lines).block(panel(&title, theme)), talk_rect);

    // The private note being written.
    let note_rect = Rect {
        y: body.bottom(),
        height: note_h,
        ..area
    };
    let title = format!(
        " Private note on this step ({} files it) ",
        c.keymap.label(&CONSOLE_KEYS, Action::FileNote)
    );
    let block = panel(&title, theme).border_style(theme.coach);
    let inner = block.inner(note_rect);
    frame.render_widget(block, note_rect);
    let (w, h) = (inner.width as usize, inner.height as usize);
    if w > 0 && h > 0 {
        let rows: Vec<Line> = c
            .editor
            .visible_rows(w, h)
            .iter()
            .map(|(p, r)| Line::raw(text::sanitize(&c.editor.lines()[*p][r.clone()]).into_owned()))
            .collect();
        frame.render_widget(Paragraph::new(rows), inner);
        if !c.help
            && let Some((x, y)) = c.editor.cursor_xy(w, h)
        {
            frame.set_cursor_position((inner.x + x as u16, inner.y + y as u16));
        }
    }
    // Hints and status.
    let hints = c.keymap.hints(
        &c.contexts(),
        &[
            (Action::FileNote, "file note"),
            (Action::PrevSection, "earlier step"),
            (Action::NextSection, "later step"),
            (Action::Follow, "follow"),
            (Action::Help, "help"),
            (Action::Quit, "leave"),
        ],
    );
    let spans = crate::ui::hint_spans(hints, area.width.saturating_sub(2) as usize, theme);
    frame.render_widget(
        Paragraph::new(Line::from(spans)),
        inset(Rect {
            y: area.bottom() - 2,
            height: 1,
            ..area
        }),
    );
    let saved = if c.dirty_since.is_some() {
        Span::styled("Note not saved yet", theme.muted)
    } else {
        let n = c.notes.notes.len();
        Span::styled(
            format!(
                "{n} note{} filed from this console",
                if n == 1 { "" } else { "s" }
            ),
            theme.muted,
        )
    };
    let mut status = vec![saved, Span::raw("   ")];
    if let Some(line) = &c.status {
        let (msg, err) = (&line.text, line.is_error());
        status.push(Span::styled(
            text::sanitize(msg).into_owned(),
            if err { theme.error } else { theme.muted },
        ));
    }
    frame.render_widget(
        Paragraph::new(Line::from(status)),
        inset(Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        }),
    );
    if c.help {
        draw_help(c, frame, area);
    }
}

/// Where the guide, the conversation and the body go on `area`, and the note box's height.
fn regions(c: &Console, area: Rect) -> (Rect, Rect, Rect, u16) {
    let note_h = if area.height < 30 { 4 } else { 6 };
    let body = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2 + note_h + 2),
        ..area
    };
    let [guide_rect, talk_rect] = if area.width >= 100 {
        Layout::horizontal([Constraint::Ratio(2, 5), Constraint::Fill(1)]).areas(body)
    } else {
        // The guide takes what it needs, between a third and three fifths; the conversation
        // the rest.
        let needed = facilitator_lines(c, body.width.saturating_sub(4) as usize).len() as u16 + 2;
        let top = needed.min(body.height * 3 / 5).max(body.height / 3);
        Layout::vertical([Constraint::Length(top), Constraint::Fill(1)]).areas(body)
    };
    (guide_rect, talk_rect, body, note_h)
}

/// How far the conversation and the guide can scroll at the console's size: (rows of the
/// conversation above its last screenful, rows of the guide below its first).
pub fn scroll_limits(c: &Console) -> (usize, usize) {
    let area = Rect::new(0, 0, c.size.0, c.size.1);
    let (guide_rect, talk_rect, _, _) = regions(c, area);
    let theme = crate::ui::Theme::derive(true, false);
    let talk = talk_lines(c, talk_rect.width.saturating_sub(4) as usize, &theme).len();
    let guide = facilitator_lines(c, guide_rect.width.saturating_sub(4) as usize).len();
    (
        talk.saturating_sub(talk_rect.height.saturating_sub(2) as usize),
        guide.saturating_sub(guide_rect.height.saturating_sub(2) as usize),
    )
}

/// The conversation on the step on show, wrapped to `tw` columns: the prompt, the answer
/// when it is not in turns, then every entry, coach-only ones marked.
fn talk_lines(c: &Console, tw: usize, theme: &crate::ui::Theme) -> Vec<Line<'static>> {
    let t = &c.transcript;
    let record = c.merged_step();
    let mut lines: Vec<Line> = Vec::new();
    if let Some(r) = &record {
        lines.extend(wrapped(&r.prompt, tw, theme.muted));
        lines.push(Line::raw(""));
        let client = t.pair.as_ref().map_or("Client", |p| p.client.as_str());
        let in_talk = r.conversation.iter().any(|e| e.speaker == Speaker::Client);
        if !in_talk {
            for (n, l) in answer_lines(r).into_iter().enumerate() {
                let lead = if n == 0 {
                    format!("{client}: ")
                } else {
                    "  ".into()
                };
                lines.extend(wrapped(&format!("{lead}{l}"), tw, theme.client));
            }
        }
        for e in &r.conversation {
            let name = t.pair.as_ref().map_or("", |p| p.name(e.speaker));
            let mut marks = Vec::new();
            if e.is_private() {
                marks.push("coach-only");
            }
            if e.draft {
                marks.push("being written");
            }
            let q = e.question.map(|q| format!("Q{}", q + 1));
            if let Some(q) = &q {
                marks.push(q);
            }
            let style = match e.speaker {
                Speaker::Client => theme.client,
                Speaker::Coach => theme.coach,
            };
            let label = if marks.is_empty() {
                format!("{name}:")
            } else {
                format!("{name} [{}]:", marks.join(", "))
            };
            let label = format!("{} ", text::sanitize(&label));
            for (n, row) in text::hanging(&label, &e.text, tw).into_iter().enumerate() {
                lines.push(if n == 0 {
                    Line::from(vec![Span::styled(label.clone(), style), Span::raw(row)])
                } else {
                    Line::raw(row)
                });
            }
        }
    }
    lines
}

/// The facilitator's guide for the step on show, wrapped to `gw`.
fn facilitator_lines(c: &Console, gw: usize) -> Vec<Line<'static>> {
    let theme = &crate::ui::Theme::derive(c.no_color, c.presenting);
    let t = &c.transcript;
    let guide_step = c
        .guide
        .as_ref()
        .and_then(|g| g.steps.iter().find(|s| s.id == c.step_id()));
    let mut g: Vec<Line> = Vec::new();
    // What the two agreed at the start, for the coach to honour out loud.
    if let Some(p) = &t.pair {
        if !p.confidential.trim().is_empty() {
            for l in text::wrap(
                &format!(
                    "Stays between you: {}",
                    text::sanitize(p.confidential.trim())
                ),
                gw,
            ) {
                g.push(Line::styled(l, theme.pinned));
            }
        }
        if p.consent == crate::pairing::Consent::SummaryOnly {
            g.push(Line::styled(
                "Only the summary is kept once the session ends.",
                theme.pinned,
            ));
        }
    }
    match guide_step {
        Some(step) => {
            let f = &step.facilitator;
            if let Some(m) = f.minutes {
                let secs = c.step_secs();
                let style = if c.viewing.is_none() && secs >= u64::from(m) * 60 {
                    theme.error
                } else {
                    theme.muted
                };
                let box_secs = u64::from(m) * 60;
                let on_step = if c.viewing.is_none() {
                    let left = if secs < box_secs {
                        format!(": {} min left", (box_secs - secs).div_ceil(60))
                    } else {
                        format!(": {} min over", (secs - box_secs) / 60)
                    };
                    format!(
                        "{} on this step, about {m} min{left}",
                        crate::time::duration(secs)
                    )
                } else {
                    format!("about {m} min")
                };
                g.push(Line::styled(on_step, style));
            }
            // And the session's: what is left of the hour planned.
            if c.viewing.is_none()
                && t.finished.is_none()
                && let Some(m) = t.pair.as_ref().and_then(|p| p.planned_minutes)
            {
                let (total, elapsed) = (u64::from(m) * 60, c.elapsed());
                let line = if elapsed < total {
                    format!("{} min left of the session", (total - elapsed).div_ceil(60))
                } else {
                    format!("The session is {} min over its {m}", (elapsed - total) / 60)
                };
                g.push(Line::styled(line, theme.muted));
            }
            // On a rehearsal: the question the client is answering, and its aim.
            if c.viewing.is_none()
                && let crate::guide::StepKind::Rehearsal(spec) = &step.kind
            {
                // The guide's questions, then any the coach added on the fly.
                let added = t
                    .steps
                    .iter()
                    .find(|r| r.id == step.id)
                    .map_or(&[][..], |r| &r.added_questions[..]);
                let questions = spec.questions_with(t.audience.as_deref(), added);
                let q = t.current_question.unwrap_or(0) as usize;
                if let Some(question) = questions.get(q) {
                    g.push(Line::styled(
                        format!("Question {} of {} is up", q + 1, questions.len()),
                        theme.title,
                    ));
                    g.extend(wrapped(
                        &format!(
                            "{} (aim for about {})",
                            question.ask,
                            crate::time::duration(u64::from(question.seconds))
                        ),
                        gw,
                        theme.prompt,
                    ));
                }
            }
            if !f.purpose.is_empty() {
                g.push(Line::styled("Purpose", theme.title));
                g.extend(wrapped(&f.purpose, gw, theme.prompt));
            }
            if !f.follow_ups.is_empty() {
                g.push(Line::styled("Follow-ups to ask", theme.title));
                for q in &f.follow_ups {
                    g.extend(bullet(q, gw, theme.cue));
                }
            }
            if !f.listen_for.is_empty() {
                g.push(Line::styled("Listen for", theme.title));
                for q in &f.listen_for {
                    g.extend(bullet(q, gw, ratatui::style::Style::new()));
                }
            }
            if g.is_empty() {
                g.push(Line::styled(
                    "This guide has no facilitator notes for this step.",
                    theme.muted,
                ));
            }
        }
        None => g.push(Line::styled(
            format!(
                "The guide {:?} is not installed here, so its facilitator notes are not available.",
                t.guide.id
            ),
            theme.muted,
        )),
    }
    g
}

fn panel<'a>(title: &'a str, theme: &crate::ui::Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .padding(Padding::horizontal(1))
        .title(Span::styled(title, theme.muted))
}

fn wrapped(s: &str, width: usize, style: ratatui::style::Style) -> Vec<Line<'static>> {
    text::wrap(s, width.max(1))
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

fn bullet(s: &str, width: usize, style: ratatui::style::Style) -> Vec<Line<'static>> {
    text::wrap(s, width.saturating_sub(2).max(1))
        .into_iter()
        .enumerate()
        .map(|(n, l)| Line::styled(format!("{}{l}", if n == 0 { "• " } else { "  " }), style))
        .collect()
}

/// The client's answer as lines, whatever its kind.
fn answer_lines(r: &StepRecord) -> Vec<String> {
    match &r.answer {
        Answer::Pending => vec!["(nothing yet)".into()],
        Answer::Skipped { .. } => vec!["(skipped)".into()],
        Answer::Text { text, .. } => text.lines().map(str::to_string).collect(),
        Answer::Scale { value, .. } => vec![value.to_string()],
        Answer::Choice { selected, .. } => vec![selected.join(", ")],
        Answer::List { items, .. } => items.iter().map(|i| format!("- {i}")).collect(),
        Answer::Rehearsal { takes, .. } => takes
            .iter()
            .filter(|t| !t.answer.trim().is_empty())
            .map(|t| format!("{} → {}", t.question, t.answer))
            .collect(),
    }
}

/// Where the console's help goes on a screen of `size`.
fn help_rect(area: Rect) -> Rect {
    Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    }
}

/// The console's help, laid out for its width: only the console's own keys, every line whole.
fn help_rows(c: &Console, width: u16) -> Vec<crate::keymap::help::Row> {
    // Frame and padding: two columns each side.
    let inner = usize::from(width.saturating_sub(4));
    crate::keymap::help::rows_only(&c.keymap, &c.contexts(), inner)
}

/// How far the help can scroll at the console's size: its last screenful.
pub fn help_max_scroll(c: &Console) -> usize {
    let rect = help_rect(Rect::new(0, 0, c.size.0, c.size.1));
    help_rows(c, rect.width)
        .len()
        .saturating_sub(usize::from(rect.height.saturating_sub(2)))
}

fn draw_help(c: &Console, frame: &mut Frame, area: Rect) {
    let closes = format!(
        " Keys ({} or {} closes) ",
        c.keymap
            .label(&[Context::Help, Context::Global], Action::Help),
        c.keymap
            .label(&[Context::Help, Context::List], Action::Back)
    );
    let theme = &crate::ui::Theme::derive(c.no_color, c.presenting);
    let rect = help_rect(area);
    let col = crate::keymap::help::column(usize::from(rect.width.saturating_sub(4)));
    // Here the editor writes the private note.
    let lines = crate::ui::help::lines(help_rows(c, rect.width), col, theme, |t| {
        if t == Context::Editor.title() {
            "Writing the private note"
        } else {
            t
        }
    });
    let visible = usize::from(rect.height.saturating_sub(2));
    let max = lines.len().saturating_sub(visible);
    let scroll = c.help_scroll.min(max);
    let block = crate::ui::help::with_more(panel(&closes, theme), scroll, max, theme);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        rect,
    );
}
