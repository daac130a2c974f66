//! Last time's next steps, at the start of a paired session with the same client: each one
//! still open is looked at in turn (done, not yet, dropped, and a word on how it went), and
//! what is said is saved in this session's transcript. Esc leaves the rest for later: they
//! stay open, here and in the next session.

use super::library::Dialog;
use super::step::edit_action;
use super::{Effect, Model, Screen};
use crate::editor::Editor;
use crate::keymap::Action;
use crate::transcript::ReviewStatus;

/// The first next step not yet looked at in the session on screen, from `after` on.
fn next_open(model: &Model, after: usize) -> Option<usize> {
    let Screen::Session(s) = &model.screen else {
        return None;
    };
    (after..s.session.reviewed.len()).find(|&i| s.session.reviewed[i].status == ReviewStatus::Open)
}

/// Open the review when the session on screen has next steps from last time still to look
/// at (a new paired session with a returning client, or one resumed before they were).
pub fn open_if_any(model: &mut Model) {
    if let Some(item) = next_open(model, 0) {
        model.overlays.open(Dialog::Review {
            item,
            chosen: None,
            word: Editor::new(""),
        });
    }
}

pub fn on_action(model: &mut Model, action: Action) -> Vec<Effect> {
    let now = model.now;
    let Screen::Session(screen) = &mut model.screen else {
        model.overlays.close_dialog();
        return Vec::new();
    };
    let count = screen.session.reviewed.len();
    let Some(Dialog::Review { item, chosen, word }) = model.overlays.dialog_mut() else {
        return Vec::new();
    };
    let status = match action {
        Action::ReviewDone => Some(ReviewStatus::Done),
        Action::ReviewNotYet => Some(ReviewStatus::NotYet),
        Action::ReviewDropped => Some(ReviewStatus::Dropped),
        _ => None,
    };
    match (action, *chosen) {
        (_, None) if status.is_some() => {
            *chosen = status;
            let said = screen
                .session
                .reviewed
                .get(*item)
                .map(|r| r.word.clone())
                .unwrap_or_default();
            *word = Editor::new(&said);
            Vec::new()
        }
        (Action::Up, None) => {
            *item = item.saturating_sub(1);
            Vec::new()
        }
        (Action::Down, None) => {
            *item = (*item + 1).min(count.saturating_sub(1));
            Vec::new()
        }
        (Action::Back, None) => {
            model.overlays.close_dialog();
            let left = screen
                .session
                .reviewed
                .iter()
                .filter(|r| r.status == ReviewStatus::Open)
                .count();
            if left > 0 {
                model.set_status(
                    format!(
                        "{left} of last time's next steps left open: they come up again next session."
                    ),
                    false,
                );
            }
            Vec::new()
        }
        (Action::Back, Some(_)) => {
            *chosen = None;
            Vec::new()
        }
        (Action::Activate | Action::Save, Some(status)) => {
            let text = crate::text::clean(word.text().trim());
            let at = *item;
            if let Some(r) = screen.session.reviewed.get_mut(at) {
                r.status = status;
                r.word = text;
            }
            let effects = screen.force_save(now);
            match next_open(model, at + 1).or_else(|| next_open(model, 0)) {
                Some(next) => {
                    if let Some(Dialog::Review { item, chosen, word }) = model.overlays.dialog_mut()
                    {
                        *item = next;
                        *chosen = None;
                        *word = Editor::new("");
                    }
                }
                None => model.overlays.close_dialog(),
            }
            effects
        }
        (edit, Some(_)) => {
            edit_action(word, edit, 60, 1);
            Vec::new()
        }
        _ => Vec::new(),
    }
}
