//! The session screen: header and progress, the pinned headline, the step's title, the
//! coach's cue, the prompt, the worked example on demand, and the answer (an editor or a
//! scale), with key hints below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, LineGauge, Padding, Paragraph};

use super::{Theme, footer, inset, local_time, text};
use crate::app::{Model, SessionScreen};
use crate::editor::wrap::{grapheme_width, visible};
use crate::guide::{ChoiceSpec, RehearsalSpec, Scale, StepKind};
use crate::plain::mmss;
use unicode_segmentation::UnicodeSegmentation;

/// Where each part of the session screen goes.
#[derive(Debug, Clone, PartialEq)]
struct StepLayout {
    header: Rect,
    progress: Rect,
    headline: Option<Rect>,
    title: Rect,
    cue: (Rect, Vec<String>),
    prompt: (Rect, Vec<String>),
    example: Option<(Rect, Vec<String>)>,
    /// On a rehearsal step: the question above the answer.
    question: Option<(Rect, Vec<String>)>,
    body: Rect,
}

/// Hands out full-width rows from the top down.
struct Rows {
    x: u16,
    width: u16,
    y: u16,
}

impl Rows {
    fn take(&mut self, height: u16) -> Rect {
        let r = Rect {
            x: self.x,
            y: self.y,
            width: self.width,
            height,
        };
        self.y += height;
        r
    }
}

/// Rows kept for the answer at the least (an editor with borders, or the scale).
const BODY_MIN: u16 = 5;

fn layout(screen: &SessionScreen, area: Rect) -> StepLayout {
    let s = &screen.session;
    let words = s.wording(s.current);
    let content = inset(area);
    let tw = content.width as usize;
    let mut rows = Rows {
        x: content.x,
        width: content.width,
        y: area.y,
    };
    let header = rows.take(1);
    let progress = rows.take(1);
    let pinned = s.guide.headline_step().is_some_and(|h| s.current > h) && s.headline().is_some();
    // The headline row is kept even when empty so the step does not jump once it appears.
    let headline_row = rows.take(1);
    let headline = pinned.then_some(headline_row);
    let title = rows.take(1);
    let cue_text = words.cue.unwrap_or_default();
    let mut cue = if cue_text.trim().is_empty() {
        Vec::new()
    } else {
        text::wrap(&cue_text, tw)
    };
    let mut prompt = text::wrap(&words.prompt.unwrap_or_default(), tw);
    let mut example = screen.show_example.then(|| match &words.example {
        Some(e) => text::wrap(e, tw.saturating_sub(4)),
        None => vec!["This step has no worked example.".to_string()],
    });
    // Everything between the title and the footer, less a blank line under the prompt.
    let room = area
        .bottom()
        .saturating_sub(2)
        .saturating_sub(rows.y)
        .saturating_sub(1);
    let needed = |c: &[String], p: &[String], e: &Option<Vec<String>>| {
        c.len() as u16 + p.len() as u16 + e.as_ref().map_or(0, |e| e.len() as u16 + 2) + BODY_MIN
    };
    // Give the answer its room first: trim the example, then the cue, then the prompt.
    while needed(&cue, &prompt, &example) > room {
        if let Some(e) = example.as_mut().filter(|e| e.len() > 1) {
            e.pop();
        } else if cue.len() > 1 {
            cue.pop();
        } else if prompt.len() > 1 {
            prompt.pop();
        } else {
            break;
        }
    }
    let cue_rect = rows.take(cue.len() as u16);
    let prompt_rect = rows.take(prompt.len() as u16);
    rows.take(1);
    let example = example.map(|e| (rows.take(e.len() as u16 + 2), e));
    let question = match s.kind() {
        StepKind::Rehearsal(spec) => {
            let mut q = text::wrap(&spec.questions[s.question], tw);
            let room = area
                .bottom()
                .saturating_sub(2)
                .saturating_sub(rows.y)
                .saturating_sub(BODY_MIN + 1);
            q.truncate(usize::from(room.max(1)));
            Some((rows.take(q.len() as u16 + 1), q))
        }
        _ => None,
    };
    let body_h = area.bottom().saturating_sub(2).saturating_sub(rows.y);
    let body = rows.take(body_h);
    StepLayout {
        header,
        progress,
        headline,
        title,
        cue: (cue_rect, cue),
        prompt: (prompt_rect, prompt),
        example,
        question,
        body,
    }
}

/// The editor's inner size for a terminal of `size`, so `update` scrolls exactly as drawn.
pub fn editor_viewport(screen: &SessionScreen, size: (u16, u16)) -> (usize, usize) {
    let l = layout(screen, Rect::new(0, 0, size.0, size.1));
    (
        l.body.width.saturating_sub(2) as usize,
        l.body.height.saturating_sub(2) as usize,
    )
}

pub fn draw(model: &Model, screen: &SessionScreen, frame: &mut Frame, area: Rect) {
    let theme = &model.theme;
    let s = &screen.session;
    let step = &s.guide.steps[s.current];
    let words = s.wording(s.current);
    let l = layout(screen, area);

    let position = format!("step {} of {}", s.current + 1, s.len());
    let title_w = l.header.width.saturating_sub(position.len() as u16 + 1);
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
    frame.render_widget(
        Paragraph::new(Span::styled(position, theme.muted)).right_aligned(),
        l.header,
    );
    frame.render_widget(
        LineGauge::default()
            .ratio((s.current + 1) as f64 / s.len().max(1) as f64)
            .filled_style(theme.accent)
            .unfilled_style(theme.border)
            .label(""),
        l.progress,
    );
    if let (Some(rect), Some(headline)) = (l.headline, s.headline()) {
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("Setback: ", theme.muted),
                Span::styled(text::sanitize(headline).into_owned(), theme.pinned),
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
    if let (Some((rect, q)), StepKind::Rehearsal(spec)) = (&l.question, &step.kind) {
        draw_question(model, screen, spec, q, frame, *rect);
    }
    match &step.kind {
        StepKind::Scale(scale) => draw_scale(model, screen, scale, frame, l.body),
        StepKind::Choice(spec) => draw_choice(model, screen, spec, frame, l.body),
        kind => draw_editor(model, screen, kind, frame, l.body),
    }
    footer(model, frame, area, Some(save_span(model, screen)));
}

fn save_span(model: &Model, screen: &SessionScreen) -> Span<'static> {
    let theme = &model.theme;
    let save = &screen.save;
    if save.error.is_some() {
        Span::styled("Not saved (retrying)", theme.error)
    } else if save.is_dirty() {
        Span::styled("Unsaved changes", theme.muted)
    } else if let Some(at) = save.saved_at {
        Span::styled(
            format!("Saved {}", local_time(at, &model.tz, false)),
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
    let theme = &model.theme;
    let title = match kind {
        StepKind::Statement(_) => {
            let audience = screen.session.audience_label().unwrap_or("an audience");
            let key = model
                .keymap
                .key_for(&model.contexts(), crate::keymap::Action::CycleAudience)
                .map(|k| format!(" ({} to change)", k.display()))
                .unwrap_or_default();
            format!(" Your statement, for {audience}{key} ")
        }
        _ if screen.one_line() => " Your headline: one line (Enter moves on) ".to_string(),
        StepKind::List => " Your list: one item per line ".to_string(),
        StepKind::Rehearsal(_) => " Your answer, as you would say it ".to_string(),
        _ => " Your answer ".to_string(),
    };
    let block = answer_block(&title, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (w, h) = (inner.width as usize, inner.height as usize);
    if w == 0 || h == 0 {
        return;
    }
    let editor = screen.editor();
    if editor.is_empty() {
        let hint = "Write here. Enter starts a new line; Ctrl-N moves on when you are ready.";
        let hint = text::wrap(hint, w);
        frame.render_widget(
            Paragraph::new(
                hint.into_iter()
                    .map(|t| Line::styled(t, theme.muted))
                    .collect::<Vec<_>>(),
            ),
            inner,
        );
    } else {
        let rows = editor.visible_rows(w, h);
        let lines: Vec<Line> = rows
            .iter()
            .map(|(para, range)| Line::raw(clip(&editor.lines()[*para][range.clone()], w)))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
    if model.help.is_none()
        && let Some((x, y)) = editor.cursor_xy(w, h)
    {
        frame.set_cursor_position((inner.x + x as u16, inner.y + y as u16));
    }
}

/// The frame around the answer; its inner area is the editor's viewport.
fn answer_block<'a>(title: &str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.accent)
        .padding(Padding::horizontal(1))
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

/// The rehearsal question, with its number, the clock and the target length.
fn draw_question(
    model: &Model,
    screen: &SessionScreen,
    spec: &RehearsalSpec,
    question: &[String],
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &model.theme;
    let s = &screen.session;
    let elapsed = s.elapsed(model.now);
    let over = elapsed > spec.target_seconds;
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("Question {} of {}", s.question + 1, spec.questions.len()),
            theme.muted,
        ),
        Span::styled("  ·  ", theme.muted),
        Span::styled(mmss(elapsed), if over { theme.error } else { theme.accent }),
        Span::styled(
            format!(" of about {}", mmss(spec.target_seconds)),
            theme.muted,
        ),
        Span::styled(
            if over {
                "  (past the target: land it)"
            } else {
                ""
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
fn draw_choice(
    model: &Model,
    screen: &SessionScreen,
    spec: &ChoiceSpec,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &model.theme;
    let state = &screen.session.steps[screen.session.current];
    let title = if spec.multiple {
        " Choose all that apply "
    } else {
        " Choose one "
    };
    let block = answer_block(title, theme);
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

fn draw_scale(model: &Model, screen: &SessionScreen, scale: &Scale, frame: &mut Frame, area: Rect) {
    let theme: &Theme = &model.theme;
    let s = &screen.session;
    let value = s.steps[s.current]
        .value
        .filter(|_| s.steps[s.current].skipped.is_none());
    let block = answer_block(" Your answer ", theme);
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
            Span::raw("You chose "),
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
