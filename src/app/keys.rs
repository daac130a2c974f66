//! Keys: what a key press does on the screen showing (after the overlays and the keymap
//! have had their say), and the steps several keys share: starting a guide, handing an
//! answer to the person's own editor, saving now, leaving, and what a finished save means.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::{Dialog, Effect, Model, QuitState, Screen, StatusKind, StatusLine, Target};
use super::{browse, home, step, step_layout};
use crate::keymap::{Action, Context};

pub(super) fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if step_layout::too_small(model.size) {
        // The screen asks for more room and shows no answer: a key typed now would change
        // words nobody can see. Only leaving works.
        return match model.keymap.resolve(&[Context::Global], &key) {
            Some(Action::Quit) => leave(model, false),
            _ => Vec::new(),
        };
    }
    let contexts = model.contexts();
    // Printable characters are text wherever a field has focus: typing `q` never quits.
    if contexts.contains(&Context::Editor)
        && step::is_text_key(&key)
        && let KeyCode::Char(c) = key.code
    {
        if let Screen::Session(s) = &mut model.screen
            && model.overlays.dialog().is_none()
        {
            // News has been read once the person types on; warnings stay until dealt with.
            if model
                .status
                .as_ref()
                .is_some_and(|st| st.kind == StatusKind::Info)
            {
                model.status = None;
            }
            return s.type_key(&key, model.now);
        }
        if let Some(effects) = browse::type_text(model, c.encode_utf8(&mut [0u8; 4])) {
            return effects;
        }
    }
    let action = model.keymap.resolve(&contexts, &key);
    if model.overlays.help().is_some() {
        match action {
            Some(Action::Help | Action::Back) => model.overlays.close_help(),
            Some(
                a @ (Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom),
            ) => {
                // The overlay's inner height: the screen less its frame and margins.
                let page = i32::from(model.size.1.saturating_sub(4)).max(1);
                let rows = crate::keymap::help::rows(
                    &model.keymap,
                    &model.contexts_under_help(),
                    crate::keymap::help::inner_width(model.size.0),
                );
                let max = (rows.len() as i32 - page).max(0);
                let rows = match a {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -(page - 1).max(1),
                    Action::PageDown => (page - 1).max(1),
                    Action::Top => -max,
                    _ => max,
                };
                model
                    .overlays
                    .scroll_help(rows, u16::try_from(max).unwrap_or(u16::MAX));
            }
            Some(Action::Quit) => return leave(model, false),
            _ => {}
        }
        return Vec::new();
    }
    if model.overlays.dialog().is_some() {
        return match action {
            Some(Action::Quit) => leave(model, false),
            Some(a) => browse::on_dialog(model, a),
            None => Vec::new(),
        };
    }
    let Some(action) = action else {
        return match &mut model.screen {
            Screen::Session(s) => s.digit_key(&key, model.now),
            _ => Vec::new(),
        };
    };
    match action {
        Action::Help => {
            model.overlays.open_help();
            return Vec::new();
        }
        Action::Present => {
            model.toggle_presenting();
            return Vec::new();
        }
        Action::SwitchSpeaker | Action::PrivateNote if matches!(&model.screen, Screen::Session(s) if !s.session.is_paired()) =>
        {
            model.set_status(
                "This is a solo session: handing over and coach-only notes are for paired sessions (p on the home screen, or `leverage new --pair`).",
                false,
            );
            return Vec::new();
        }
        Action::Back if matches!(&model.screen, Screen::Session(s) if s.target() == Target::Note) =>
        {
            let room = model.room();
            if let Screen::Session(s) = &mut model.screen {
                if s.note_has_text() {
                    model.overlays.open(Dialog::DiscardNote);
                } else {
                    s.discard_note(model.now, room);
                }
            }
            return Vec::new();
        }
        Action::Quit => return leave(model, false),
        Action::Save => return save_now(model),
        Action::OpenEditor => return open_editor(model),
        _ => {}
    }
    let room = model.room();
    match &mut model.screen {
        Screen::Home => home::on_action(model, action),
        Screen::ChooseMode { .. } => home::on_choose_mode(model, action),
        Screen::Summary(_) => home::on_summary(model, action),
        Screen::Library(_) => browse::on_library(model, action),
        Screen::Viewer(_) => browse::on_viewer(model, action),
        Screen::Patterns(_) => browse::on_patterns(model, action),
        Screen::Session(s) => s.on_action(action, model.now, room),
    }
}

/// The answer on screen, to the person's own editor; where there is none, say so.
fn open_editor(model: &mut Model) -> Vec<Effect> {
    let Screen::Session(s) = &mut model.screen else {
        return Vec::new();
    };
    match s.outside_edit(model.now) {
        Some(text) => vec![Effect::EditOutside { text }],
        None => {
            model.set_status(
                "Your own editor is for written answers (and never for a coach-only note on the shared screen).",
                false,
            );
            Vec::new()
        }
    }
}

fn save_now(model: &mut Model) -> Vec<Effect> {
    match &mut model.screen {
        Screen::Session(s) => s.save_effect(model.now).into_iter().collect(),
        _ => {
            model.set_status(
                "Nothing to save here: sessions save themselves as you write.",
                false,
            );
            Vec::new()
        }
    }
}

/// Leave the app, saving the open session first. `force` (a signal, a lost terminal) leaves
/// even if that save fails; a person pressing the key is asked again instead.
pub(super) fn leave(model: &mut Model, force: bool) -> Vec<Effect> {
    let Screen::Session(s) = &mut model.screen else {
        return vec![Effect::Exit];
    };
    // The session timer stops with the sitting; it runs on from here on resume.
    if s.session.is_paired() {
        s.session.clock.pause(model.now);
        s.save.changed(model.now);
    }
    match s.save_effect(model.now) {
        Some(save) => {
            model.quit = QuitState::Saving { force };
            vec![save]
        }
        None => {
            vec![Effect::Exit]
        }
    }
}

pub(super) fn on_saved(
    model: &mut Model,
    generation: u64,
    result: Result<(), String>,
) -> Vec<Effect> {
    let ok = result.is_ok();
    match &mut model.screen {
        Screen::Session(s) => s.on_saved(generation, result, model.now),
        Screen::Summary(summary) => {
            summary.saved = ok;
            if let Err(e) = &result {
                model.set_status(format!("Could not save: {e}"), true);
            }
        }
        _ => {}
    }
    // A finished session moves to its summary only once it is safely on disk.
    if let Screen::Session(s) = &model.screen
        && ok
        && s.session.finished.is_some()
        && !s.save.is_dirty()
        && model.quit == QuitState::Running
    {
        let summary = s.summary();
        model.set_root(Screen::Summary(Box::new(summary)));
        return vec![Effect::RefreshListing];
    }
    if let Screen::Session(s) = &model.screen {
        if let Some(err) = &s.save.error {
            model.status = Some(StatusLine {
                text: format!("Could not save: {err}"),
                kind: StatusKind::SaveFailed,
            });
        } else if model
            .status
            .as_ref()
            .is_some_and(|st| st.kind == StatusKind::SaveFailed)
        {
            model.status = None;
        }
    }
    match model.quit {
        QuitState::Saving { force } if ok || force => {
            vec![Effect::Exit]
        }
        QuitState::Unsaved if ok => {
            // The retry timer got through while the dialog was up: leave as asked.
            model.overlays.close_dialog();
            vec![Effect::Exit]
        }
        QuitState::Unsaved => {
            // Another try failed while the dialog was up: say why, now.
            let now_reason = match &model.screen {
                Screen::Session(s) => s.save.error.clone(),
                _ => None,
            };
            if let (Some(Dialog::Unsaved { reason, .. }), Some(r)) =
                (model.overlays.dialog_mut(), now_reason)
            {
                *reason = r;
            }
            Vec::new()
        }
        QuitState::Saving { .. } => {
            model.quit = QuitState::Unsaved;
            let reason = match &model.screen {
                Screen::Session(s) => s.save.error.clone().unwrap_or_default(),
                _ => String::new(),
            };
            if matches!(model.overlays.dialog(), Some(Dialog::Unsaved { .. })) {
                model.overlays.close_dialog();
            }
            model.overlays.open(Dialog::Unsaved {
                reason,
                copy_to: None,
            });
            Vec::new()
        }
        _ => Vec::new(),
    }
}
