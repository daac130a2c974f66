//! Routing for the reading side of the app: keys on the library, the viewer and the patterns
//! view, the dialogs they open, and the messages that come back from the store.

use super::library::{Dialog, LibraryOutcome, PatternsScreen, ViewerOutcome, ViewerScreen};
use super::step::edit_action;
use super::{Effect, Model, Screen};
use crate::editor::Editor;
use crate::keymap::Action;
use crate::transcript::Transcript;

/// The width the viewer lays text out at, for a terminal `size` wide (one column of margin).
pub fn reading_width(size: (u16, u16)) -> usize {
    usize::from(size.0.saturating_sub(2)).max(20)
}

/// Rows of text the viewer and library show: all but the header (2) and footer (2) rows.
pub fn body_height(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(5)).max(1)
}

pub fn open_library(model: &mut Model) -> Vec<Effect> {
    model.set_root(Screen::Library(Box::default()));
    model.status = None;
    vec![Effect::RefreshListing]
}

/// A reminder key on a session: set (or snooze) it a week, a month or three months from now,
/// or clear it. None when the action is not one.
pub fn reminder(model: &Model, id: &str, action: Action) -> Option<Vec<Effect>> {
    let days = match action {
        Action::RemindWeek => 7,
        Action::RemindMonth => 30,
        Action::RemindQuarter => 91,
        Action::DismissReminder => {
            return Some(vec![Effect::SetRevisitDue {
                id: id.to_string(),
                due: None,
            }]);
        }
        _ => return None,
    };
    let due = model
        .now
        .checked_add(jiff::SignedDuration::from_hours(24 * days))
        .ok();
    Some(vec![Effect::SetRevisitDue {
        id: id.to_string(),
        due,
    }])
}

pub fn on_library(model: &mut Model, action: Action) -> Vec<Effect> {
    let page = body_height(model.size) / 2;
    let Screen::Library(lib) = &mut model.screen else {
        return Vec::new();
    };
    if lib.search_focused() {
        return on_search_field(model, action);
    }
    if let Some(id) = lib.selected_id(&model.listing)
        && let Some(effects) = reminder(model, &id, action)
    {
        return effects;
    }
    let Screen::Library(lib) = &mut model.screen else {
        return Vec::new();
    };
    match lib.on_action(action, &model.listing, page) {
        LibraryOutcome::Stay => Vec::new(),
        LibraryOutcome::Home => {
            model.set_root(Screen::Home);
            Vec::new()
        }
        LibraryOutcome::Open(id) => vec![Effect::LoadTranscript { id }],
        LibraryOutcome::Resume(id) => resume(model, id),
        LibraryOutcome::Tags(id) => open_tags(model, id),
        LibraryOutcome::Delete(id) => {
            let headline = model
                .listing
                .sessions
                .iter()
                .find(|s| s.id == id)
                .and_then(|s| s.headline.clone())
                .unwrap_or_else(|| id.clone());
            model.overlays.open(Dialog::ConfirmDelete { id, headline });
            Vec::new()
        }
        LibraryOutcome::Export(id) => vec![Effect::Export { id }],
        // The shared screen's client; in the coach's own library, the client filtered to.
        LibraryOutcome::Patterns => {
            let filtered = match &model.screen {
                Screen::Library(lib) => match lib.active_filter() {
                    Some(crate::library::Filter::Client(c)) => Some(c),
                    _ => None,
                },
                _ => None,
            };
            vec![Effect::LoadPatterns {
                client: model.client_scope.clone().or(filtered.cloned()),
            }]
        }
        LibraryOutcome::Trash => vec![Effect::LoadTrash],
    }
}

fn resume(model: &mut Model, id: String) -> Vec<Effect> {
    let done = model
        .listing
        .sessions
        .iter()
        .any(|s| s.id == id && s.status == crate::transcript::Status::Complete);
    if done {
        model.set_status(
            "That session is complete: open it to reread, or add a revisit note.",
            false,
        );
        return Vec::new();
    }
    vec![Effect::OpenSession { id }]
}

fn on_search_field(model: &mut Model, action: Action) -> Vec<Effect> {
    let Screen::Library(lib) = &mut model.screen else {
        return Vec::new();
    };
    match action {
        Action::Activate => {
            // Enter leaves the field and opens the highlighted result.
            if let Some(f) = &mut lib.search {
                f.focused = false;
            }
            lib.selected_id(&model.listing)
                .map(|id| vec![Effect::LoadTranscript { id }])
                .unwrap_or_default()
        }
        Action::Back => {
            lib.on_action(Action::Back, &model.listing, 1);
            Vec::new()
        }
        Action::Up | Action::Down => {
            lib.on_action(action, &model.listing, 1);
            Vec::new()
        }
        edit => {
            let Some(field) = &mut lib.search else {
                return Vec::new();
            };
            let before = field.editor.revision();
            edit_action(&mut field.editor, edit, 200, 1);
            if field.editor.revision() != before {
                lib.query_changed()
            } else {
                Vec::new()
            }
        }
    }
}

/// A printable character typed into whichever field has focus on the reading screens.
/// Returns None when no field there takes text.
pub fn type_text(model: &mut Model, text: &str) -> Option<Vec<Effect>> {
    if let Some(dialog) = model.overlays.dialog_mut() {
        let editor = dialog.editor_mut()?;
        editor.insert(text);
        return Some(Vec::new());
    }
    match &mut model.screen {
        Screen::Library(lib) if lib.search_focused() => {
            lib.search.as_mut()?.editor.insert(&text.replace('\n', " "));
            Some(lib.query_changed())
        }
        Screen::Viewer(v) if v.find_focused() => {
            v.find.as_mut()?.editor.insert(&text.replace('\n', " "));
            v.refind();
            let height = body_height(model.size);
            v.on_field(Action::Up, height);
            Some(Vec::new())
        }
        _ => None,
    }
}

pub fn on_viewer(model: &mut Model, action: Action) -> Vec<Effect> {
    let height = body_height(model.size);
    let Screen::Viewer(v) = &mut model.screen else {
        return Vec::new();
    };
    if v.find_focused() {
        match action {
            Action::Activate | Action::Back => v.on_field(action, height),
            edit => {
                if let Some(f) = &mut v.find {
                    edit_action(&mut f.editor, edit, 200, 1);
                    v.refind();
                }
            }
        }
        return Vec::new();
    }
    let id = v.transcript.id.clone();
    if let Some(effects) = reminder(model, &id, action) {
        return effects;
    }
    let Screen::Viewer(v) = &mut model.screen else {
        return Vec::new();
    };
    match v.on_action(action, height) {
        ViewerOutcome::Stay => Vec::new(),
        ViewerOutcome::Close => {
            model.go_back();
            vec![Effect::RefreshListing]
        }
        ViewerOutcome::Revisit => {
            model.overlays.open(Dialog::Revisit {
                id,
                editor: Editor::default(),
            });
            Vec::new()
        }
        ViewerOutcome::Tags => open_tags(model, id),
        ViewerOutcome::Export => vec![Effect::Export { id }],
        ViewerOutcome::ExportSummary => vec![Effect::ExportSummary { id }],
        ViewerOutcome::Resume => vec![Effect::OpenSession { id }],
        ViewerOutcome::NextHit => step_hit(model, true),
        ViewerOutcome::PrevHit => step_hit(model, false),
    }
}

/// From a search hit's session, on to the next (or previous) one the library's search found,
/// the library's selection following, so Esc goes back to it there.
fn step_hit(model: &mut Model, forward: bool) -> Vec<Effect> {
    let Some(Screen::Library(lib)) = model.history.last_mut() else {
        return Vec::new();
    };
    let n = lib.rows(&model.listing).len();
    let to = if forward {
        Some(lib.selected + 1).filter(|&i| i < n)
    } else {
        lib.selected.checked_sub(1)
    };
    let Some(to) = to else {
        let edge = if forward { "last" } else { "first" };
        model.set_status(format!("That was the {edge} session found."), false);
        return Vec::new();
    };
    lib.selected = to;
    lib.arrive_at_end = !forward;
    match lib.selected_id(&model.listing) {
        Some(id) => vec![Effect::LoadTranscript { id }],
        None => Vec::new(),
    }
}

fn open_tags(model: &mut Model, id: String) -> Vec<Effect> {
    let current = match &model.screen {
        Screen::Viewer(v) if v.transcript.id == id => v.transcript.tags.clone(),
        _ => model
            .listing
            .sessions
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.tags.clone())
            .unwrap_or_default(),
    };
    model.overlays.open(Dialog::Tags {
        id,
        editor: Editor::new(&current.join(", ")),
        original: current,
    });
    Vec::new()
}

pub fn on_patterns(model: &mut Model, action: Action) -> Vec<Effect> {
    let height = body_height(model.size);
    let width = usize::from(model.size.0.saturating_sub(2));
    let tz = model.tz.clone();
    let Screen::Patterns(p) = &mut model.screen else {
        return Vec::new();
    };
    // Never past the end, so the way back up starts at once: the list's last screenful, in
    // the view's own layout (the chart above it takes a third, 6 to 12 rows).
    let content = usize::from(model.size.1.saturating_sub(4));
    let chart = if p.patterns.series.is_empty() {
        0
    } else {
        (content / 3).clamp(6, 12).min(content)
    };
    let rows = crate::library::patterns::rows(&p.patterns, width, &tz);
    let list_h = content.saturating_sub(chart);
    let max = rows.len().saturating_sub(list_h);
    let lessons = p.patterns.lessons().count();
    // Up and Down pick a lesson (the list scrolls to keep it in view); the page keys scroll.
    let pick = |p: &mut PatternsScreen, to: usize| {
        p.selected = to.min(lessons.saturating_sub(1));
        let first = rows.iter().position(|r| r.lesson == Some(p.selected));
        let last = rows.iter().rposition(|r| r.lesson == Some(p.selected));
        if let (Some(first), Some(last)) = (first, last) {
            // The point's title above the first lesson comes into view with it.
            let top = if p.selected == 0 { 0 } else { first };
            if top < p.scroll {
                p.scroll = top;
            } else if last >= p.scroll + list_h {
                p.scroll = (last + 1).saturating_sub(list_h).min(max);
            }
        }
    };
    match action {
        Action::Up => pick(p, p.selected.saturating_sub(1)),
        Action::Down => pick(p, p.selected + 1),
        Action::PageUp => p.scroll = p.scroll.saturating_sub(height.saturating_sub(2)),
        Action::PageDown => p.scroll = (p.scroll + height.saturating_sub(2)).min(max),
        Action::Top => {
            p.scroll = 0;
            p.selected = 0;
        }
        Action::Bottom => {
            p.scroll = max;
            p.selected = lessons.saturating_sub(1);
        }
        Action::Activate => {
            if let Some(l) = p.patterns.lessons().nth(p.selected) {
                return vec![Effect::LoadTranscript {
                    id: l.session.clone(),
                }];
            }
        }
        Action::Back => {
            model.go_back();
            return vec![Effect::RefreshListing];
        }
        _ => {}
    }
    Vec::new()
}

/// What the leaving dialog's answer does, once the dialog is let go of.
enum UnsavedOutcome {
    Stay,
    Effects(Vec<Effect>),
    /// Back to writing: the dialog closes and leaving is called off.
    KeepWriting,
    /// Leave without the last changes, as the person chose.
    Leave,
}

impl UnsavedOutcome {
    fn apply(self, model: &mut Model) -> Vec<Effect> {
        match self {
            UnsavedOutcome::Stay => Vec::new(),
            UnsavedOutcome::Effects(e) => e,
            UnsavedOutcome::KeepWriting => {
                model.overlays.close_dialog();
                model.quit = super::QuitState::Running;
                Vec::new()
            }
            UnsavedOutcome::Leave => {
                model.overlays.close_dialog();
                vec![Effect::Exit]
            }
        }
    }
}

/// The leaving dialog: try again, save a copy into a folder the person types, leave
/// without saving, or go back to writing.
fn on_unsaved(
    now: jiff::Timestamp,
    action: Action,
    copy_to: &mut Option<Editor>,
    reason: &mut String,
    screen: &mut Screen,
) -> UnsavedOutcome {
    let Screen::Session(s) = screen else {
        return UnsavedOutcome::Leave;
    };
    if let Some(field) = copy_to {
        return match action {
            Action::Activate | Action::Save => {
                let dir = field.text().trim().to_string();
                if dir.is_empty() {
                    *reason = "Type a folder for the copy first.".into();
                    return UnsavedOutcome::Stay;
                }
                s.commit(now);
                UnsavedOutcome::Effects(vec![Effect::SaveCopy {
                    transcript: Box::new(s.session.to_transcript()),
                    dir: std::path::PathBuf::from(dir),
                }])
            }
            Action::Back | Action::No => {
                *copy_to = None;
                UnsavedOutcome::Stay
            }
            edit => {
                edit_action(field, edit, 60, 1);
                UnsavedOutcome::Stay
            }
        };
    }
    match action {
        Action::Retry | Action::Quit | Action::Save => match s.save_effect(now) {
            Some(save) => UnsavedOutcome::Effects(vec![save]),
            None => UnsavedOutcome::Leave,
        },
        Action::SaveCopy => {
            let home = std::env::var_os("HOME")
                .map(|h| std::path::PathBuf::from(h).display().to_string())
                .unwrap_or_default();
            *copy_to = Some(Editor::new(&home));
            UnsavedOutcome::Stay
        }
        Action::LeaveUnsaved => UnsavedOutcome::Leave,
        Action::Back | Action::No => UnsavedOutcome::KeepWriting,
        _ => UnsavedOutcome::Stay,
    }
}

/// The copy asked for in the leaving dialog landed (leave, saying where) or failed (say why,
/// and keep asking).
pub fn on_copy_saved(model: &mut Model, result: Result<String, String>) -> Vec<Effect> {
    match result {
        Ok(path) => {
            model.copied_to = Some(path);
            model.overlays.close_dialog();
            vec![Effect::Exit]
        }
        Err(e) => {
            if let Some(Dialog::Unsaved { reason, .. }) = model.overlays.dialog_mut() {
                *reason = format!("The copy could not be saved either: {e}");
            }
            Vec::new()
        }
    }
}

pub fn on_dialog(model: &mut Model, action: Action) -> Vec<Effect> {
    let room = model.room();
    let Some(dialog) = model.overlays.dialog_mut() else {
        return Vec::new();
    };
    if matches!(dialog, Dialog::Review { .. }) {
        return super::review::on_action(model, action);
    }
    if let Dialog::Unsaved { copy_to, reason } = dialog {
        return on_unsaved(model.now, action, copy_to, reason, &mut model.screen).apply(model);
    }
    match (action, &mut *dialog) {
        (Action::Yes, Dialog::DiscardNote) => {
            model.overlays.close_dialog();
            if let Screen::Session(s) = &mut model.screen {
                s.discard_note(model.now, room);
            }
            Vec::new()
        }
        (Action::Up, Dialog::Pair { focus, .. }) => {
            *focus = (*focus + PAIR_FIELDS - 1) % PAIR_FIELDS;
            Vec::new()
        }
        (Action::Down, Dialog::Pair { focus, .. }) => {
            *focus = (*focus + 1) % PAIR_FIELDS;
            Vec::new()
        }
        (Action::CompleteName, Dialog::Pair { fields, focus, .. }) if *focus == 1 => {
            if let Some(name) =
                crate::actions::names::complete(&fields[1].text(), &model.known_clients)
            {
                fields[1].set_text(&name);
            }
            Vec::new()
        }
        (
            Action::CursorLeft | Action::CursorRight | Action::Toggle,
            Dialog::Pair { consent, focus, .. },
        ) if *focus == CONSENT_ROW => {
            *consent = flip(*consent);
            Vec::new()
        }
        (
            Action::Activate | Action::Save,
            Dialog::Pair {
                guide_id,
                fields,
                consent,
                focus,
            },
        ) => {
            if action == Action::Activate && *focus + 1 < PAIR_FIELDS {
                // Enter moves on to the next field; on the last one it starts.
                *focus += 1;
                return Vec::new();
            }
            let [coach, client, minutes, confidential] = fields.each_ref().map(|f| f.text());
            let minutes = minutes.trim();
            let planned = match minutes.parse::<u32>() {
                Ok(m @ 1..=1440) => Some(m),
                _ if minutes.is_empty() => None,
                _ => {
                    *focus = 2;
                    model.set_status(
                        "Planned minutes: a whole number from 1 to 1440, or leave it empty.",
                        true,
                    );
                    return Vec::new();
                }
            };
            let pair = match crate::pairing::Pairing::new(&coach, &client, planned) {
                Ok(mut pair) => {
                    pair.confidential = crate::text::clean(confidential.trim());
                    pair.consent = *consent;
                    pair
                }
                Err(e) => {
                    *focus = if coach.trim().is_empty() { 0 } else { 1 };
                    model.set_status(e, true);
                    return Vec::new();
                }
            };
            let guide_id = guide_id.clone();
            model.overlays.close_dialog();
            model.status = None;
            super::start_guide(model, guide_id, None, Some(pair))
        }
        (Action::Up, Dialog::Trash { selected, .. }) => {
            *selected = selected.saturating_sub(1);
            Vec::new()
        }
        (Action::Down, Dialog::Trash { selected, sessions }) => {
            *selected = (*selected + 1).min(sessions.len().saturating_sub(1));
            Vec::new()
        }
        (Action::Yes | Action::No, Dialog::Diverged { .. }) => {
            model.overlays.close_dialog();
            Vec::new()
        }
        (Action::Yes, Dialog::ConfirmDelete { .. })
        | (Action::Save, _)
        | (Action::Activate, Dialog::Tags { .. } | Dialog::Trash { .. }) => {
            let effect = dialog.commit(model.now);
            model.overlays.close_dialog();
            effect.into_iter().collect()
        }
        (Action::No | Action::Back, _) => {
            model.overlays.close_dialog();
            Vec::new()
        }
        (edit, _) => {
            if let Some(editor) = dialog.editor_mut() {
                edit_action(editor, edit, 60, 6);
            }
            Vec::new()
        }
    }
}

/// Coach, client, planned minutes, what stays between them, and what may be kept.
const PAIR_FIELDS: usize = 5;
/// The pair form's row that is a choice, not a field.
pub const CONSENT_ROW: usize = 4;

fn flip(c: crate::pairing::Consent) -> crate::pairing::Consent {
    use crate::pairing::Consent::*;
    match c {
        KeepAll => SummaryOnly,
        SummaryOnly => KeepAll,
    }
}

/// A transcript arrived to read.
pub fn on_loaded(model: &mut Model, result: Result<Box<Transcript>, String>) {
    match result {
        Ok(t) => {
            let width = reading_width(model.size);
            let mut viewer = ViewerScreen::new(t, width, &model.tz);
            // A search hit opens at the match, with find filled in: from the library, or
            // stepped to from another hit's session (the library is then under it).
            let height = body_height(model.size);
            let from = match &mut model.screen {
                Screen::Viewer(v) if v.find_from_search => model.history.last_mut(),
                screen => Some(screen),
            };
            if let Some(Screen::Library(lib)) = from {
                let at_end = std::mem::take(&mut lib.arrive_at_end);
                if let Some(query) = lib.search.as_ref().map(|f| f.text())
                    && !query.trim().is_empty()
                {
                    viewer.open_at(&query, height);
                    if at_end {
                        viewer.to_last_match(height);
                    }
                }
            }
            // Opened again from itself (a resumed session's reread): replace, not stack.
            if matches!(model.screen, Screen::Viewer(_)) {
                model.screen = Screen::Viewer(Box::new(viewer));
            } else {
                model.push_screen(Screen::Viewer(Box::new(viewer)));
            }
            model.status = None;
        }
        Err(e) => model.set_status(e, true),
    }
}

/// A transcript was changed by the store (tags, a revisit, a reminder): show the new state.
pub fn on_changed(
    model: &mut Model,
    result: Result<Box<Transcript>, String>,
    what: &str,
) -> Vec<Effect> {
    match result {
        Ok(t) => {
            let due = t.revisit_due;
            if let Screen::Summary(s) = &mut model.screen
                && s.id == t.id
            {
                s.revisit_due = due;
            }
            if let Screen::Viewer(v) = &mut model.screen
                && v.transcript.id == t.id
            {
                v.transcript = t;
                let width = reading_width(model.size);
                v.relayout(width, &model.tz);
            }
            model.set_status(what.to_string(), false);
            vec![Effect::RefreshListing]
        }
        Err(e) => {
            model.set_status(e, true);
            Vec::new()
        }
    }
}

pub fn patterns_ready(model: &mut Model, patterns: crate::library::patterns::Patterns) {
    model.push_screen(Screen::Patterns(Box::new(PatternsScreen {
        patterns,
        scroll: 0,
        selected: 0,
    })));
    model.status = None;
}

/// Keep the library's selection valid after the list changed underneath it.
pub fn after_listing(model: &mut Model) {
    if let Screen::Library(lib) = &mut model.screen {
        lib.map_hits(&model.listing);
        let n = lib.rows(&model.listing).len();
        lib.selected = lib.selected.min(n.saturating_sub(1));
    }
}
