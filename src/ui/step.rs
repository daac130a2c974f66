//! The session screen: header and progress, the pinned headline, the step's title, the
//! coach's cue, the prompt, the worked example on demand, and the answer (an editor or a
//! scale), with key hints below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, LineGauge, Padding, Paragraph};

mod kinds;
mod talk;

use kinds::{draw_choice, draw_question, draw_scale};
use talk::{draw_note, speaker_style};

use super::{Theme, footer, text};
use crate::app::step_layout::layout;
use crate::app::{Model, SessionScreen, Target};
use crate::editor::wrap::{grapheme_width, visible};
use crate::guide::StepKind;
use crate::keymap::{Action, Context};
use unicode_segmentation::UnicodeSegmentation;

pub fn draw(model: &Model, screen: &SessionScreen, frame: &mut Frame, area: Rect) {
    let theme = &crate::ui::theme(model);
    let s = &screen.session;
    let step = &s.guide.steps[s.current];
    let words = s.wording(s.current);
    let l = layout(screen, area, model.presenting);

    let (at, of) = s.progress();
    let position = format!("step {at} of {of}");
    let mut right = Vec::new();
    if let Some(pair) = &s.pair {
        right = talk::header(model, screen, pair, &position);
    } else {
        right.push(Span::styled(position.clone(), theme.muted));
    }
    let right_w: usize = right.iter().map(|sp| sp.content.chars().count()).sum();
    let title_w = l.header.width.saturating_sub(right_w as u16 + 1);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("leverage", theme.accent.add_modifier(Modifier::BOLD)),
            Span::styled(" · ", theme.muted),
            Span::raw(text::sanitize(&s.guide.title).into_owned()),
        ])),
        Rect {
            width: title_w,
            ..l.header
        },
    );
    frame.render_widget(Paragraph::new(Line::from(right)).right_aligned(), l.header);
    frame.render_widget(
        LineGauge::default()
            .ratio(at as f64 / of.max(1) as f64)
            .filled_style(theme.accent)
            .unfilled_style(theme.border)
            .label(""),
        l.progress,
    );
    if let (Some(rect), Some(headline)) = (l.headline, s.headline()) {
        // A long headline ends in an ellipsis, never cut without a sign.
        let room = (rect.width as usize).saturating_sub("Setback: ".len());
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("Setback: ", theme.muted),
                Span::styled(
                    text::truncate(&text::sanitize(headline), room),
                    theme.pinned,
                ),
            ])),
            rect,
        );
    }
    let mut title = vec![Span::styled(
        text::sanitize(&words.title.unwrap_or_default()).into_owned(),
        theme.title,
    )];
    let state = &s.steps[s.current];
    if state.skipped.is_some() {
        title.push(Span::styled(
            "  (skipped: write or set a value to answer it)",
            theme.muted,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(title)), l.title);
    let lines = |v: &[String], style| {
        v.iter()
            .map(|t| Line::styled(t.clone(), style))
            .collect::<Vec<_>>()
    };
    frame.render_widget(Paragraph::new(lines(&l.cue.1, theme.cue)), l.cue.0);
    frame.render_widget(Paragraph::new(lines(&l.prompt.1, theme.prompt)), l.prompt.0);
    if let Some((rect, ex)) = &l.example {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .border_style(theme.border)
            .padding(Padding::horizontal(1))
            .title(Span::styled(" Worked example ", theme.muted));
        frame.render_widget(Paragraph::new(lines(ex, theme.muted)).block(block), *rect);
    }
    if let (Some((rect, q)), StepKind::Rehearsal(_)) = (&l.question, &step.kind) {
        draw_question(model, screen, q, frame, *rect);
    }
    if let Some((rect, rows)) = &l.talk {
        let lines: Vec<Line> = rows
            .iter()
            .map(|r| match &r.speaker {
                Some((who, name)) => Line::from(vec![
                    Span::styled(name.clone(), speaker_style(theme, *who)),
                    Span::raw(r.text.clone()),
                ]),
                None if r.text.starts_with('⋮') => Line::styled(r.text.clone(), theme.muted),
                None => Line::raw(r.text.clone()),
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), *rect);
    }
    match screen.target() {
        Target::Note => return draw_note(model, screen, frame, l.body, area),
        Target::Coach | Target::Reply => {
            draw_editor(model, screen, &step.kind, frame, l.body);
            footer(model, frame, area, Some(save_span(model, screen)));
            return;
        }
        Target::Answer => {}
    }
    match &step.kind {
        StepKind::Scale(scale) => draw_scale(model, screen, scale, frame, l.body),
        StepKind::Choice(spec) => draw_choice(model, screen, spec, frame, l.body),
        kind => draw_editor(model, screen, kind, frame, l.body),
    }
    footer(model, frame, area, Some(save_span(model, screen)));
}

fn save_span(model: &Model, screen: &SessionScreen) -> Span<'static> {
    let theme = &crate::ui::theme(model);
    let save = &screen.save;
    if save.error.is_some() {
        Span::styled("Not saved (retrying)", theme.error)
    } else if save.is_dirty() {
        Span::styled("Unsaved changes", theme.muted)
    } else if let Some(at) = save.saved_at {
        Span::styled(
            format!("Saved {}", crate::time::clock(at, &model.tz)),
            theme.ok,
        )
    } else {
        Span::styled("Nothing written yet", theme.muted)
    }
}

fn draw_editor(
    model: &Model,
    screen: &SessionScreen,
    kind: &StepKind,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &crate::ui::theme(model);
    let pair = screen.session.pair.as_ref();
    let title = match (screen.target(), pair) {
        (Target::Coach, Some(p)) => format!(
            " {} (coach) · a follow-up or observation; handing over files it ",
            text::sanitize(&p.coach)
        ),
        (Target::Reply, Some(p)) => {
            // The picked answer stays in view while the reply is written.
            let picked = screen
                .session
                .answer_text(screen.session.current)
                .map_or(String::new(), |a| {
                    format!(" (answered {})", text::sanitize(&a))
                });
            format!(
                " {} (client) · a reply to the follow-up{picked}; handing over files it ",
                text::sanitize(&p.client)
            )
        }
        (_, Some(p)) => format!(
            " {} (client) · {}",
            text::sanitize(&p.client),
            answer_title(model, screen, kind).trim_start()
        ),
        (_, None) => answer_title(model, screen, kind),
    };
    let style = match (screen.target(), pair) {
        (Target::Coach, Some(_)) => theme.coach,
        (_, Some(_)) => theme.client,
        _ => theme.accent,
    };
    let mut block = answer_block(&title, theme)
        .border_style(style)
        .title_style(style);
    let inner = block.inner(area);
    let editor = screen.editor();
    // Say when the answer goes on beyond the box, and which way.
    let more = match editor.more(inner.width as usize, inner.height as usize) {
        (true, true) => Some(" more above and below "),
        (true, false) => Some(" more above "),
        (false, true) => Some(" more below "),
        (false, false) => None,
    };
    if let Some(more) = more.filter(|_| inner.width > 0 && inner.height > 0) {
        block = block.title_bottom(Line::styled(more, theme.muted).right_aligned());
    }
    if let Some(read) = action_reading(model, screen).filter(|_| inner.width > 0) {
        let room = inner
            .width
            .saturating_sub(more.map_or(0, |m| m.len() as u16 + 1)) as usize;
        block = block.title_bottom(Span::styled(text::truncate(&read, room), theme.muted));
    }
    frame.render_widget(block, area);
    if editor.is_empty() {
        let keys = [Context::Session, Context::Global];
        let switch = model.keymap.label(&keys, Action::SwitchSpeaker);
        let next = model.keymap.label(&keys, Action::NextStep);
        let hint = match screen.target() {
            Target::Reply => format!(
                "Answer the follow-up here, in your own words (a number first picks again). {switch} files it and hands back."
            ),
            Target::Coach if matches!(kind, StepKind::Rehearsal(_)) => format!(
                "Ask a follow-up or note what you see. {switch} hands back to the client; {} asks it as one more question, to answer against the clock.",
                model.keymap.label(&keys, Action::AskQuestion)
            ),
            Target::Coach => {
                format!("Ask a follow-up or note what you see. {switch} hands back to the client.")
            }
            // A one-line answer ends at Enter: saying Enter makes a new line would be wrong.
            _ if screen.one_line() => format!(
                "Write it here, on one line. {} moves on.",
                model.keymap.label(&[Context::OneLine], Action::NextStep)
            ),
            _ if pair.is_some() => {
                format!(
                    "Write here. {switch} hands over to the coach; {next} moves on when you are ready."
                )
            }
            _ => {
                format!("Write here. Enter starts a new line; {next} moves on when you are ready.")
            }
        };
        let hint = text::wrap(&hint, inner.width as usize);
        frame.render_widget(
            Paragraph::new(
                hint.into_iter()
                    .map(|t| Line::styled(t, theme.muted))
                    .collect::<Vec<_>>(),
            ),
            inner,
        );
        if model.overlays.help().is_none() && inner.width > 0 && inner.height > 0 {
            frame.set_cursor_position((inner.x, inner.y));
        }
        return;
    }
    draw_text(model, editor, frame, inner);
}

/// On a step written as actions: what leverage read from the line the cursor is on (who
/// takes it on, and by when), so a misreading is seen and reworded as it is typed.
fn action_reading(model: &Model, screen: &SessionScreen) -> Option<String> {
    let session = &screen.session;
    if screen.target() != Target::Answer || session.guide.summary.actions != Some(session.current) {
        return None;
    }
    let editor = screen.editor();
    let line = editor.lines().get(editor.cursor().0)?;
    let today = crate::time::today(model.now, &model.tz);
    let action = crate::actions::read(line, today)?;
    let who =
        crate::actions::owner_and_due(action.owner, action.due, session.pair.as_ref(), Some(today));
    Some(format!(" This line: {who} "))
}

/// The answer box's title in a solo session (and after the client's name in a paired one).
fn answer_title(model: &Model, screen: &SessionScreen, kind: &StepKind) -> String {
    match kind {
        StepKind::Statement(_) => {
            let audience = screen.session.audience_label().unwrap_or("an audience");
            let key = model
                .keymap
                .key_for(&model.contexts(), crate::keymap::Action::CycleAudience)
                .map(|k| format!(" ({} to change)", k.display()))
                .unwrap_or_default();
            let aloud =
                crate::session::compose::aloud(&screen.session.steps[screen.session.current].text);
            format!(" Your statement, for {audience}{key} · {aloud} ")
        }
        _ if screen.one_line() => format!(
            " Your headline: one line ({} moves on) ",
            model
                .keymap
                .label(&[Context::OneLine, Context::Session], Action::NextStep)
        ),
        StepKind::List => " Your list: one item per line ".to_string(),
        StepKind::Rehearsal(_) => " Your answer, as you would say it ".to_string(),
        _ => " Your answer ".to_string(),
    }
}

/// An editor's visible rows in `inner`, with the cursor.
fn draw_text(model: &Model, editor: &crate::editor::Editor, frame: &mut Frame, inner: Rect) {
    let (w, h) = (inner.width as usize, inner.height as usize);
    if w == 0 || h == 0 {
        return;
    }
    let rows = editor.visible_rows(w, h);
    let lines: Vec<Line> = rows
        .iter()
        .map(|(para, range)| Line::raw(clip(&editor.lines()[*para][range.clone()], w)))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    if model.overlays.help().is_none()
        && let Some((x, y)) = editor.cursor_xy(w, h)
    {
        frame.set_cursor_position((inner.x + x as u16, inner.y + y as u16));
    }
}

/// The frame around a picked answer: in a paired session, the client's name and colour.
fn client_block<'a>(model: &Model, screen: &SessionScreen, title: &str) -> Block<'a> {
    let theme = &crate::ui::theme(model);
    match &screen.session.pair {
        Some(p) => answer_block(
            &format!(
                " {} (client) · {}",
                text::sanitize(&p.client),
                title.trim_start()
            ),
            theme,
        )
        .border_style(theme.client)
        .title_style(theme.client),
        None => answer_block(title, theme),
    }
}

/// The frame around the answer; its inner area is the editor's viewport.
fn answer_block<'a>(title: &str, theme: &Theme) -> Block<'a> {
    crate::app::step_layout::answer_frame()
        .border_style(theme.accent)
        .title(Span::styled(title.to_string(), theme.accent))
}

/// A row as drawn: placeholders for control characters, cut to `width` columns.
fn clip(row: &str, width: usize) -> String {
    let mut out = String::with_capacity(row.len());
    let mut used = 0;
    for g in row.graphemes(true) {
        let w = grapheme_width(g);
        if used + w > width {
            break;
        }
        used += w;
        out.push_str(&visible(g));
    }
    out
}
