//! Dialogs drawn over the screen: confirming a delete, editing tags, writing a revisit note.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Padding, Paragraph};

use super::text;
use crate::app::{Dialog, Model};
use crate::editor::Editor;
use crate::keymap::{Action, Context};

/// The keys that answer yes and no to a confirmation, as the keymap binds them.
fn confirm_keys(model: &Model) -> (String, String) {
    let keys = [Context::Confirm];
    (
        model.keymap.label(&keys, Action::Yes),
        model.keymap.label(&keys, Action::No),
    )
}

pub fn draw(model: &Model, dialog: &Dialog, frame: &mut Frame, area: Rect) {
    let theme = &crate::ui::theme(model);
    let width = area.width.saturating_sub(6).min(72);
    let session_keys = [Context::Session, Context::Global];
    let pair_intro = format!(
        "A coach and a client, on this screen together. {} hands over; {} writes a note only the coach sees.",
        model.keymap.label(&session_keys, Action::SwitchSpeaker),
        model.keymap.label(&session_keys, Action::PrivateNote),
    );
    let unsaved_intro = match dialog {
        Dialog::Unsaved { reason, copy_to } => {
            let reason = reason.trim_end_matches('.');
            let keys = model.contexts();
            let key = |a| model.keymap.label(&keys, a);
            match copy_to {
                None => format!(
                    "Saving failed: {reason}. Your words are still here, on this screen.\n\n\
                     {} try again · {} save a copy in another folder · {} leave without \
                     saving the last changes · {} keep writing",
                    key(Action::Retry),
                    key(Action::SaveCopy),
                    key(Action::LeaveUnsaved),
                    key(Action::Back)
                ),
                Some(_) => format!(
                    "Saving failed: {reason}. The folder to save a copy in ({} saves it \
                     there, {} goes back):",
                    key(Action::Activate),
                    key(Action::Back)
                ),
            }
        }
        _ => String::new(),
    };
    let reviewed: &[crate::transcript::Review] = match &model.screen {
        crate::app::Screen::Session(s) => &s.session.reviewed,
        _ => &[],
    };
    let review_intro = match &model.screen {
        crate::app::Screen::Session(s) => format!(
            "Before we start: what {} agreed to do last time. How did it go?",
            s.session
                .pair
                .as_ref()
                .map_or("you".to_string(), |p| format!(
                    "you and {}",
                    text::sanitize(&p.client)
                ))
        ),
        _ => String::new(),
    };
    let diverged_intro = match dialog {
        Dialog::Diverged {
            original,
            saved_as,
            location,
        } => format!(
            "This session's file was changed elsewhere (another device, or another program) \
             while it was open here, in its answers, so nothing was overwritten.\n\n\
             Your words, with everything typed here, go on as {saved_as}, in {location}.\n\
             The other version stays as {original}, exactly as it was left.\n\n\
             Both are in the library; `leverage compare {saved_as} {original}` shows what differs."
        ),
        _ => String::new(),
    };
    let (title, intro, height) = match dialog {
        Dialog::Diverged { .. } => (" Changed elsewhere ", diverged_intro.as_str(), 16),
        Dialog::Trash { sessions, .. } => (
            " The trash ",
            "Sessions moved to the trash, newest first. Bringing one back puts it where it was, byte for byte.",
            (8 + sessions.len()).min(u16::MAX as usize) as u16,
        ),
        Dialog::Review { .. } => (
            " From last time ",
            review_intro.as_str(),
            (9 + 2 * reviewed.len()).min(u16::MAX as usize) as u16,
        ),
        Dialog::ConfirmDelete { .. } => (" Move to the trash? ", "", 7),
        Dialog::Tags { .. } => (
            " Tags ",
            "Words to file this session under, separated by commas.",
            7,
        ),
        Dialog::Revisit { .. } => (
            " Revisit note ",
            "Reading this again: what do you see now? The original answers stay as they were.",
            12,
        ),
        Dialog::DiscardNote => (
            " Discard the coach-only note? ",
            "What you wrote in it will be gone. It was never shown on this screen.",
            7,
        ),
        Dialog::Pair { .. } => (" A paired session ", pair_intro.as_str(), 16),
        Dialog::Unsaved { copy_to: None, .. } => (
            " Your last changes are not saved ",
            unsaved_intro.as_str(),
            12,
        ),
        Dialog::Unsaved {
            copy_to: Some(_), ..
        } => (" Save a copy elsewhere ", unsaved_intro.as_str(), 12),
    };
    let height = height.min(area.height.saturating_sub(2));
    let rect = Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.accent)
        .padding(Padding::horizontal(1))
        .title(Span::styled(title, theme.title));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let mut lines: Vec<Line> = text::wrap(intro, inner.width as usize)
        .into_iter()
        .map(|l| Line::styled(l, theme.muted))
        .collect();
    if let Dialog::ConfirmDelete { headline, id } = dialog {
        lines.push(Line::styled(
            text::sanitize(headline).into_owned(),
            theme.pinned,
        ));
        let hint = format!("It goes to the trash; `leverage trash --restore {id}` brings it back.");
        lines.extend(
            text::wrap(&hint, inner.width as usize)
                .into_iter()
                .map(|l| Line::styled(l, theme.muted)),
        );
        let (yes, no) = confirm_keys(model);
        lines.push(Line::from(vec![
            Span::styled(yes, theme.key),
            Span::raw(" move it   "),
            Span::styled(no, theme.key),
            Span::raw(" keep it"),
        ]));
    }
    if let Dialog::Review { item, chosen, .. } = dialog {
        let tz = &model.tz;
        let today = crate::time::today(model.now, tz);
        let pair = match &model.screen {
            crate::app::Screen::Session(s) => s.session.pair.as_ref(),
            _ => None,
        };
        lines.push(Line::raw(""));
        for (n, r) in reviewed.iter().enumerate() {
            let mark = if n == *item { "▸ " } else { "  " };
            let how = match (n == *item, *chosen) {
                (true, Some(c)) => c.label(),
                _ => r.status.label(),
            };
            let who = crate::actions::owner_and_due(r.owner, r.due, pair, Some(today));
            let line = format!(
                "{mark}{} ({who}; agreed {}): {how}",
                text::sanitize(&r.text),
                crate::time::date(r.agreed, tz)
            );
            let style = if n == *item {
                theme.pinned
            } else {
                theme.muted
            };
            for (k, l) in text::wrap(&line, inner.width as usize)
                .into_iter()
                .enumerate()
            {
                let l = if k == 0 { l } else { format!("  {l}") };
                lines.push(Line::styled(l, style));
            }
        }
        lines.push(Line::raw(""));
        let keys = model.contexts();
        let key = |a| model.keymap.label(&keys, a);
        let hint = match chosen {
            None => format!(
                "{} done · {} not yet · {} dropped · {} later (they stay open)",
                key(Action::ReviewDone),
                key(Action::ReviewNotYet),
                key(Action::ReviewDropped),
                key(Action::Back)
            ),
            Some(_) => format!(
                "A word on how it went, if you like ({} files it, {} goes back):",
                key(Action::Activate),
                key(Action::Back)
            ),
        };
        lines.extend(
            text::wrap(&hint, inner.width as usize)
                .into_iter()
                .map(|l| Line::styled(l, theme.muted)),
        );
    }
    if let Dialog::Trash { sessions, selected } = dialog {
        let tz = &model.tz;
        lines.push(Line::raw(""));
        let rows = usize::from(inner.height)
            .saturating_sub(lines.len() + 2)
            .max(1);
        let first = selected.saturating_sub(rows.saturating_sub(1));
        for (n, s) in sessions.iter().enumerate().skip(first).take(rows) {
            let mark = if n == *selected { "▸ " } else { "  " };
            let line = format!(
                "{mark}{}  {}",
                crate::time::date(s.started, tz),
                s.headline.as_deref().unwrap_or("(no headline)")
            );
            let style = if n == *selected {
                theme.pinned
            } else {
                theme.muted
            };
            lines.push(Line::styled(
                text::truncate(&text::sanitize(&line), inner.width as usize),
                style,
            ));
        }
        lines.push(Line::raw(""));
        let keys = model.contexts();
        lines.push(Line::styled(
            format!(
                "{} brings it back · {} closes",
                model.keymap.label(&keys, Action::Activate),
                model.keymap.label(&keys, Action::Back)
            ),
            theme.muted,
        ));
    }
    if let Dialog::Diverged { .. } = dialog {
        let (yes, _) = confirm_keys(model);
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(yes, theme.key),
            Span::raw(" go on writing"),
        ]));
    }
    if let Dialog::DiscardNote = dialog {
        let (yes, no) = confirm_keys(model);
        lines.push(Line::from(vec![
            Span::styled(yes, theme.key),
            Span::raw(" discard it   "),
            Span::styled(no, theme.key),
            Span::raw(" keep writing"),
        ]));
    }
    if let Dialog::Pair {
        fields,
        focus,
        consent,
        ..
    } = dialog
    {
        // One-line fields; the one with focus is drawn by the editor below.
        const LABELS: [&str; 4] = [
            "Coach",
            "Client",
            "Planned minutes (optional)",
            "Stays between us (optional)",
        ];
        lines.push(Line::raw(""));
        let first = lines.len();
        for (n, (label, ed)) in LABELS.iter().zip(fields.iter()).enumerate() {
            let here = n == *focus;
            let value = if here {
                String::new()
            } else {
                text::sanitize(&ed.text()).into_owned()
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{}{label}: ", if here { "▸ " } else { "  " }),
                    theme.key,
                ),
                Span::raw(value),
            ]));
        }
        let here = *focus == crate::app::CONSENT_ROW;
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}Transcript: ", if here { "▸ " } else { "  " }),
                theme.key,
            ),
            Span::styled(
                consent.label(),
                if here {
                    theme.pinned
                } else {
                    ratatui::style::Style::new()
                },
            ),
        ]));
        // Whether the client is one seen before, without naming anyone not typed.
        let tab = model.keymap.label(&model.contexts(), Action::CompleteName);
        let said = match crate::actions::names::matching(&fields[1].text(), &model.known_clients) {
            crate::actions::names::Match::Empty => None,
            crate::actions::names::Match::Returning(k) => Some(format!(
                "A returning client: {} session{}, the last on {}.",
                k.sessions,
                if k.sessions == 1 { "" } else { "s" },
                crate::time::date(k.last, &model.tz)
            )),
            crate::actions::names::Match::Close(_) => Some(format!(
                "Not seen before, but a letter or two from a client who has been: {tab} fills \
                 in that name."
            )),
            crate::actions::names::Match::New => Some("A new client.".to_string()),
        };
        if let Some(said) = said {
            for l in text::wrap(&said, (inner.width as usize).saturating_sub(2)) {
                lines.push(Line::styled(format!("  {l}"), theme.muted));
            }
        }
        if here {
            let say = "Space or ←/→ changes it. Only the summary: when the session ends, \
                       every other answer and the whole conversation are removed from the file.";
            for l in text::wrap(say, (inner.width as usize).saturating_sub(2)) {
                lines.push(Line::styled(format!("  {l}"), theme.muted));
            }
        }
        let keys = model.contexts();
        lines.push(Line::styled(
            format!(
                "{} moves on, then starts; {} and {} switch fields.",
                model.keymap.label(&keys, Action::Activate),
                model.keymap.label(&keys, Action::Up),
                model.keymap.label(&keys, Action::Down),
            ),
            theme.muted,
        ));
        frame.render_widget(Paragraph::new(lines), inner);
        // The consent row has no field of its own: nothing to draw over it.
        if let (Some(field), Some(label)) = (fields.get(*focus), LABELS.get(*focus))
            && let x = format!("▸ {label}: ").chars().count() as u16
            && let field_rect = (Rect {
                x: inner.x + x,
                y: inner.y + (first + *focus) as u16,
                width: inner.width.saturating_sub(x),
                height: 1,
            })
            && field_rect.bottom() <= inner.bottom()
        {
            draw_editor(field, frame, field_rect, model.overlays.help().is_none());
        }
        return;
    }
    let intro_h = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(editor) = dialog.editor() {
        let field = Rect {
            y: inner.y + intro_h + 1,
            height: inner.height.saturating_sub(intro_h + 1),
            ..inner
        };
        draw_editor(editor, frame, field, model.overlays.help().is_none());
    }
}

fn draw_editor(editor: &Editor, frame: &mut Frame, area: Rect, cursor: bool) {
    let (w, h) = (area.width as usize, area.height as usize);
    if w == 0 || h == 0 {
        return;
    }
    let lines: Vec<Line> = editor
        .visible_rows(w, h)
        .iter()
        .map(|(p, r)| Line::raw(text::sanitize(&editor.lines()[*p][r.clone()]).into_owned()))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
    if cursor && let Some((x, y)) = editor.cursor_xy(w, h) {
        frame.set_cursor_position((area.x + x as u16, area.y + y as u16));
    }
}
