//! The session screen's geometry: where the header, the cue, the prompt, the example, the
//! conversation and the answer go for a terminal size. Both `update` (to scroll the editor
//! exactly as it will be drawn) and the view (to draw) read it, so it lives below both.

use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType, Borders, Padding};

use super::SessionScreen;

/// The smallest terminal the screens draw in; below it they ask for more room, and keys
/// that would change an answer nobody can see are not applied.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 15;

/// Whether a terminal of `size` is too small to draw the screens.
pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_WIDTH || size.1 < MIN_HEIGHT
}

/// The answer box's frame: rounded borders and one column of padding each side. The view
/// draws it (adding a title and colours) and the editor wraps, moves and scrolls at its
/// inside, so both take it from here and can never disagree by a column.
pub fn answer_frame<'a>() -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .padding(Padding::horizontal(1))
}

/// The room a screen has: the terminal's size and whether the presentation layout (wider
/// margins for a shared screen) is on. Both come from the model, where each is kept once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Room {
    pub size: (u16, u16),
    pub presenting: bool,
}
use crate::guide::StepKind;
use crate::pairing::{self, Audience, Speaker};
use crate::text;

/// One row of the shared conversation: the speaker's name on an entry's first row.
#[derive(Debug, Clone, PartialEq)]
pub struct TalkRow {
    pub speaker: Option<(Speaker, String)>,
    pub text: String,
}

/// The conversation rows the shared screen may show. Built from the shared projection only:
/// a coach-only note never reaches this function's output.
pub fn talk_rows(screen: &SessionScreen, width: usize) -> Vec<TalkRow> {
    let s = &screen.session;
    let Some(pair) = &s.pair else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    // On a rehearsal, the feedback on the question on screen, not on the others.
    let rehearsal = s.question_here(s.current).is_some();
    for e in pairing::visible(&s.steps[s.current].conversation, Audience::Shared)
        .filter(|e| !rehearsal || e.on_question(s.question))
    {
        let name = format!("{}: ", text::sanitize(pair.name(e.speaker)));
        for (n, row) in text::hanging(&name, &e.text, width).into_iter().enumerate() {
            rows.push(TalkRow {
                speaker: (n == 0).then(|| (e.speaker, name.clone())),
                text: row,
            });
        }
    }
    rows
}

/// Where each part of the session screen goes.
#[derive(Debug, Clone, PartialEq)]
pub struct StepLayout {
    pub header: Rect,
    pub progress: Rect,
    pub headline: Option<Rect>,
    pub title: Rect,
    pub cue: (Rect, Vec<String>),
    pub prompt: (Rect, Vec<String>),
    pub example: Option<(Rect, Vec<String>)>,
    /// On a rehearsal step: the question above the answer.
    pub question: Option<(Rect, Vec<String>)>,
    /// In a paired session: the shared conversation's last rows, as many as fit.
    pub talk: Option<(Rect, Vec<TalkRow>)>,
    pub body: Rect,
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

pub fn layout(screen: &SessionScreen, area: Rect, presenting: bool) -> StepLayout {
    let s = &screen.session;
    let words = s.wording(s.current);
    let content = margins(area, presenting);
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
    let mut cue_text = words.cue.unwrap_or_default();
    if let Some(banner) = s.part_banner() {
        cue_text = format!("{banner}\n{cue_text}");
    }
    if let Some(offer) = s.offer_on_screen() {
        cue_text = format!("On what you just wrote: {offer}\n{cue_text}");
    }
    let mut cue = if cue_text.trim().is_empty() {
        Vec::new()
    } else {
        text::wrap(&cue_text, tw)
    };
    let mut prompt_text = words.prompt.unwrap_or_default();
    if let Some(note) = statement_note(s) {
        prompt_text = format!("{prompt_text}\n{note}");
    }
    let mut prompt = text::wrap(&prompt_text, tw);
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
        StepKind::Rehearsal(_) => {
            let ask = s.question_on_screen().map(|q| q.ask).unwrap_or_default();
            let mut q = text::wrap(&ask, tw);
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
    let mut talk = talk_rows(screen, tw);
    let talk = if talk.is_empty() {
        None
    } else {
        let avail = area.bottom().saturating_sub(2).saturating_sub(rows.y);
        let room = avail.saturating_sub(BODY_MIN).min(avail * 3 / 5);
        let shown = (talk.len() as u16).min(room);
        // The newest rows: the conversation reads upward from the answer.
        let mut tail = talk.split_off(talk.len() - usize::from(shown));
        if !talk.is_empty() && !tail.is_empty() {
            // Cut from above: say so rather than start mid-sentence.
            tail[0] = TalkRow {
                speaker: None,
                text: "⋮ earlier in this step (the whole conversation is in the transcript)"
                    .to_string(),
            };
        }
        Some((rows.take(shown), tail))
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
        talk,
        body,
    }
}

/// The area inside the side margins: one column, or four when presenting to a shared screen.
pub fn margins(area: Rect, presenting: bool) -> Rect {
    let m = if presenting && area.width >= 70 { 4 } else { 1 };
    let width = area.width.saturating_sub(2 * m);
    // Lines past about a hundred columns are hard to read: a wide window centres the session.
    let capped = width.min(MAX_WIDTH);
    Rect {
        x: area.x + m + (width - capped) / 2,
        width: capped,
        ..area
    }
}

/// The widest the session's text runs, in columns.
pub const MAX_WIDTH: u16 = 110;

/// The editor's inner size for a terminal of `size`, so `update` scrolls exactly as drawn.
pub fn editor_viewport(screen: &SessionScreen, room: Room) -> (usize, usize) {
    let (w, h) = room.size;
    let l = layout(screen, Rect::new(0, 0, w, h), room.presenting);
    let inner = answer_frame().inner(l.body);
    (inner.width as usize, inner.height as usize)
}

/// On a statement step: whether the draft is still only an offer, or its sources changed.
pub fn statement_note(s: &crate::session::Session) -> Option<&'static str> {
    let i = s.current;
    if !matches!(s.kind(), StepKind::Statement(_)) {
        return None;
    }
    if s.draft_untouched(i) {
        Some(
            "This draft is made from your own answers. It is not yours until you keep it or change it.",
        )
    } else if s.draft_sources_changed(i) {
        Some("Some answers this was drafted from have changed since you edited it.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_box_inside_is_four_columns_and_two_rows_smaller() {
        let inner = answer_frame().inner(Rect::new(1, 5, 78, 10));
        assert_eq!((inner.x, inner.y, inner.width, inner.height), (3, 6, 74, 8));
        // A box too small for its frame has no inside, never a wrapped-around one.
        let tiny = answer_frame().inner(Rect::new(0, 0, 3, 1));
        assert_eq!((tiny.width, tiny.height), (0, 0));
    }

    #[test]
    fn too_small_is_below_either_minimum() {
        assert!(too_small((MIN_WIDTH - 1, MIN_HEIGHT)));
        assert!(too_small((MIN_WIDTH, MIN_HEIGHT - 1)));
        assert!(!too_small((MIN_WIDTH, MIN_HEIGHT)));
    }

    #[test]
    fn presenting_widens_the_margins_only_where_there_is_room() {
        let area = Rect::new(0, 0, 100, 30);
        assert_eq!(margins(area, false).width, 98);
        assert_eq!(margins(area, true).width, 92);
        assert_eq!(margins(Rect::new(0, 0, 60, 30), true).width, 58);
    }
}
