//! The library, the transcript viewer, the patterns view and the small dialogs they open
//! (tags, a revisit note, a delete confirmation): their state and how keys change it.
//!
//! Reading never changes a file. Every change (tags, a revisit note, a reminder, a delete)
//! goes out as an effect; the driver does it against the store and answers with a message.

use jiff::Timestamp;

use super::Effect;
use crate::editor::Editor;
use crate::keymap::Action;
use crate::library::patterns::Patterns;
use crate::library::reading::{self, Reading};
use crate::library::search::Hit;
use crate::library::{Filter, SortBy, filters, visible};
use crate::store::{Listing, SessionSummary};
use crate::transcript::{Status, Transcript};

/// A one-line text field (the library's search, the viewer's find).
#[derive(Debug, Clone, Default)]
pub struct Field {
    pub editor: Editor,
    pub focused: bool,
}

impl Field {
    pub fn text(&self) -> String {
        self.editor.text()
    }
}

#[derive(Debug, Default)]
pub struct LibraryScreen {
    /// The highlighted row.
    pub selected: usize,
    pub sort: SortBy,
    /// The filter on (one of `library::filters`, or one home opened the library with);
    /// None shows everything.
    pub filter: Option<Filter>,
    pub search: Option<Field>,
    /// The newest query sent, to drop results of older ones.
    pub generation: u64,
    /// Results for the query in the field, once they arrive.
    pub hits: Option<Vec<Hit>>,
    /// For each hit, where its session is in the listing.
    hit_sessions: Vec<Slot>,
    /// Sessions of hits that a partial listing (the first frame's) does not hold yet, as the
    /// hits describe them, until the whole listing arrives.
    stand_ins: Vec<SessionSummary>,
    pub searching: bool,
    /// The reader stepped back (N) from the next session found: open this one at its last
    /// match.
    pub arrive_at_end: bool,
}

/// Where a hit's session is.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Listed(usize),
    StandIn(usize),
    Missing,
}

/// One row of the library: a session, with the search hit that found it (if searching).
pub struct Row<'a> {
    pub session: &'a SessionSummary,
    pub hit: Option<&'a Hit>,
    /// Only what the hit says of the session (the listing holding it is on its way).
    pub stand_in: bool,
}

impl LibraryScreen {
    pub fn active_filter(&self) -> Option<&Filter> {
        self.filter.as_ref()
    }

    /// The rows on show: search hits while searching, else the filtered, sorted sessions.
    /// Whether the rows are search hits (ranked by how well they match) rather than the list.
    pub fn showing_hits(&self) -> bool {
        self.hits.is_some()
            && self
                .search
                .as_ref()
                .is_some_and(|f| !f.text().trim().is_empty())
    }

    pub fn rows<'a>(&'a self, listing: &'a Listing) -> Vec<Row<'a>> {
        if let (Some(hits), Some(f)) = (&self.hits, &self.search)
            && !f.text().trim().is_empty()
        {
            // Search and the filter combine: hits outside the filter are not shown.
            let filter = self.active_filter();
            return hits
                .iter()
                .zip(&self.hit_sessions)
                .filter_map(|(h, &slot)| {
                    let (session, stand_in) = match slot {
                        Slot::Listed(i) => {
                            (listing.sessions.get(i).filter(|s| s.id == h.id)?, false)
                        }
                        // A filter cannot judge a session it knows nothing of yet.
                        Slot::StandIn(j) if filter.is_none() => (self.stand_ins.get(j)?, true),
                        _ => return None,
                    };
                    if !filter.is_none_or(|f| f.accepts(session)) {
                        return None;
                    }
                    Some(Row {
                        session,
                        hit: Some(h),
                        stand_in,
                    })
                })
                .collect();
        }
        visible(&listing.sessions, self.active_filter(), self.sort)
            .into_iter()
            .map(|i| Row {
                session: &listing.sessions[i],
                hit: None,
                stand_in: false,
            })
            .collect()
    }

    pub fn selected_id(&self, listing: &Listing) -> Option<String> {
        self.rows(listing)
            .get(self.selected)
            .map(|r| r.session.id.clone())
    }

    pub fn search_focused(&self) -> bool {
        self.search.as_ref().is_some_and(|f| f.focused)
    }

    /// After the query changed: ask for results (or clear them for an empty query).
    pub fn query_changed(&mut self) -> Vec<Effect> {
        self.selected = 0;
        let query = self.search.as_ref().map(Field::text).unwrap_or_default();
        if query.trim().is_empty() {
            self.hits = None;
            self.searching = false;
            return Vec::new();
        }
        self.generation += 1;
        self.searching = true;
        vec![Effect::Search {
            query,
            generation: self.generation,
        }]
    }

    pub fn on_results(&mut self, generation: u64, hits: Vec<Hit>, listing: &Listing) {
        if generation == self.generation {
            self.hits = Some(hits);
            self.searching = false;
            self.map_hits(listing);
        }
    }

    /// Find each hit's session in the listing once, not on every frame (a one-letter query
    /// can match every session): by its start in the listing, newest first, and by a map of
    /// every id only for hits not found so. A hit near the top whose session a partial
    /// listing does not hold yet stands in for it.
    pub fn map_hits(&mut self, listing: &Listing) {
        let Some(hits) = &self.hits else { return };
        let sessions = &listing.sessions;
        let at_start = |h: &Hit| {
            let from = sessions.partition_point(|s| s.started.as_second() > h.started);
            sessions[from..]
                .iter()
                .take_while(|s| s.started.as_second() == h.started)
                .position(|s| s.id == h.id)
                .map(|k| from + k)
        };
        let mut by_id: Option<std::collections::HashMap<&str, usize>> = None;
        self.stand_ins.clear();
        self.hit_sessions = hits
            .iter()
            .map(|h| {
                let found = at_start(h).or_else(|| {
                    by_id
                        .get_or_insert_with(|| {
                            sessions
                                .iter()
                                .enumerate()
                                .map(|(i, s)| (s.id.as_str(), i))
                                .collect()
                        })
                        .get(h.id.as_str())
                        .copied()
                });
                match found {
                    Some(i) => Slot::Listed(i),
                    None if listing.partial_of.is_some() && !h.headline().is_empty() => {
                        self.stand_ins.push(SessionSummary::stand_in(
                            &h.id,
                            h.headline(),
                            h.started,
                        ));
                        Slot::StandIn(self.stand_ins.len() - 1)
                    }
                    None => Slot::Missing,
                }
            })
            .collect();
    }

    fn clamp(&mut self, listing: &Listing) {
        let n = self.rows(listing).len();
        self.selected = self.selected.min(n.saturating_sub(1));
    }

    /// Keys on the list itself (not in the search field).
    pub fn on_action(&mut self, action: Action, listing: &Listing, page: usize) -> LibraryOutcome {
        let n = self.rows(listing).len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::PageDown => self.selected = (self.selected + page).min(n.saturating_sub(1)),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = n.saturating_sub(1),
            Action::CycleSort => self.sort = self.sort.next(),
            Action::CycleFilter => {
                // The next of the filters on offer; after the last (or one home set), none.
                let all = filters(&listing.sessions);
                self.filter = match &self.filter {
                    None => all.first().cloned(),
                    Some(f) => all
                        .iter()
                        .position(|x| x == f)
                        .and_then(|i| all.get(i + 1))
                        .cloned(),
                };
                self.selected = 0;
            }
            Action::Search => {
                self.search.get_or_insert_with(Field::default).focused = true;
            }
            Action::Back => {
                if self.search.is_some() {
                    self.search = None;
                    self.hits = None;
                    self.searching = false;
                    self.selected = 0;
                } else if self.filter.is_some() {
                    self.filter = None;
                } else {
                    return LibraryOutcome::Home;
                }
            }
            Action::Activate => return self.with_selected(listing, LibraryOutcome::Open),
            Action::Resume => return self.with_selected(listing, LibraryOutcome::Resume),
            Action::EditTags => return self.with_selected(listing, LibraryOutcome::Tags),
            Action::Delete => return self.with_selected(listing, LibraryOutcome::Delete),
            Action::Export => return self.with_selected(listing, LibraryOutcome::Export),
            Action::ShowPatterns => return LibraryOutcome::Patterns,
            Action::OpenTrash => return LibraryOutcome::Trash,
            _ => {}
        }
        self.clamp(listing);
        LibraryOutcome::Stay
    }

    fn with_selected(
        &self,
        listing: &Listing,
        make: fn(String) -> LibraryOutcome,
    ) -> LibraryOutcome {
        self.selected_id(listing).map_or(LibraryOutcome::Stay, make)
    }
}

/// What a key on the library asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryOutcome {
    Stay,
    Home,
    Open(String),
    Resume(String),
    Tags(String),
    Delete(String),
    Export(String),
    Patterns,
    Trash,
}

#[derive(Debug)]
pub struct ViewerScreen {
    pub transcript: Box<Transcript>,
    pub reading: Reading,
    /// The first line on screen.
    pub scroll: usize,
    pub find: Option<Field>,
    /// Lines that match the find query, and which one is current.
    pub matches: Vec<usize>,
    pub current_match: usize,
    /// The find was filled in from the library's search: Esc goes straight back there.
    pub find_from_search: bool,
    /// Why this session opened to read when it was asked to be taken up again.
    pub notice: Option<String>,
}

impl ViewerScreen {
    pub fn new(transcript: Box<Transcript>, width: usize, tz: &jiff::tz::TimeZone) -> Self {
        let reading = reading::layout(&transcript, width, tz);
        ViewerScreen {
            transcript,
            reading,
            scroll: 0,
            find: None,
            matches: Vec::new(),
            current_match: 0,
            find_from_search: false,
            notice: None,
        }
    }

    /// Say above the session why it opened to read only.
    pub fn set_notice(&mut self, notice: String) {
        self.notice = Some(notice);
        self.show_notice();
        self.refind();
    }

    fn show_notice(&mut self) {
        if let Some(notice) = &self.notice {
            self.reading.prepend(reading::LineKind::Notice, notice);
        }
    }

    /// Lay the transcript out again (a new width, or a changed transcript), keeping the place.
    pub fn relayout(&mut self, width: usize, tz: &jiff::tz::TimeZone) {
        let top_step = self.reading.steps.iter().rposition(|&l| l <= self.scroll);
        self.reading = reading::layout(&self.transcript, width, tz);
        self.show_notice();
        if let Some(s) = top_step {
            self.scroll = self.reading.steps.get(s).copied().unwrap_or(0);
        }
        self.refind();
    }

    /// Open at the first place `query` is found, with find filled in, so n and N step
    /// through the rest (a search hit opened from the library).
    pub fn open_at(&mut self, query: &str, height: usize) {
        let word = query
            .split_whitespace()
            .filter(|w| !w.contains(':'))
            .max_by_key(|w| w.chars().count())
            .unwrap_or("");
        if word.chars().count() < 2 {
            return;
        }
        self.find = Some(Field {
            editor: Editor::new(word),
            focused: false,
        });
        self.refind();
        self.current_match = 0;
        self.show_match(height);
        self.find_from_search = true;
    }

    /// At the last match (a search hit's session come to from the one after it).
    pub fn to_last_match(&mut self, height: usize) {
        self.current_match = self.matches.len().saturating_sub(1);
        self.show_match(height);
    }

    pub fn find_focused(&self) -> bool {
        self.find.as_ref().is_some_and(|f| f.focused)
    }

    /// Recompute matches after the query changed, and show the first one at or below the top.
    pub fn refind(&mut self) {
        let query = self
            .find
            .as_ref()
            .map(|f| f.text().to_lowercase())
            .unwrap_or_default();
        self.matches = reading::find(&self.reading, query.trim());
        self.current_match = self
            .matches
            .iter()
            .position(|&l| l >= self.scroll)
            .unwrap_or(0);
    }

    fn show_match(&mut self, height: usize) {
        if let Some(&line) = self.matches.get(self.current_match)
            && (line < self.scroll || line >= self.scroll + height)
        {
            self.scroll = line.saturating_sub(height / 3);
        }
    }

    fn max_scroll(&self, height: usize) -> usize {
        self.reading.lines.len().saturating_sub(height.max(1))
    }

    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        let target = self.scroll as isize + delta;
        self.scroll = (target.max(0) as usize).min(self.max_scroll(height));
    }

    pub fn on_action(&mut self, action: Action, height: usize) -> ViewerOutcome {
        let page = height.saturating_sub(2).max(1) as isize;
        match action {
            Action::Up => self.scroll_by(-1, height),
            Action::Down => self.scroll_by(1, height),
            Action::PageUp => self.scroll_by(-page, height),
            Action::PageDown => self.scroll_by(page, height),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = self.max_scroll(height),
            Action::NextSection => {
                if let Some(&l) = self.reading.steps.iter().find(|&&l| l > self.scroll) {
                    self.scroll = l.min(self.max_scroll(height));
                }
            }
            Action::PrevSection => {
                let l = self
                    .reading
                    .steps
                    .iter()
                    .rev()
                    .find(|&&l| l < self.scroll)
                    .copied()
                    .unwrap_or(0);
                self.scroll = l;
            }
            Action::Search => {
                // A find of its own: a new query, as `/` starts one in less.
                if self.find_from_search {
                    self.find = None;
                    self.matches.clear();
                    self.find_from_search = false;
                }
                self.find.get_or_insert_with(Field::default).focused = true;
            }
            // Opened from a search: past its last match (or before its first), on to the
            // next (or previous) session found.
            Action::NextMatch
                if self.find_from_search && self.current_match + 1 >= self.matches.len() =>
            {
                return ViewerOutcome::NextHit;
            }
            Action::PrevMatch if self.find_from_search && self.current_match == 0 => {
                return ViewerOutcome::PrevHit;
            }
            Action::NextMatch | Action::PrevMatch if !self.matches.is_empty() => {
                let n = self.matches.len();
                self.current_match = if action == Action::NextMatch {
                    (self.current_match + 1) % n
                } else {
                    (self.current_match + n - 1) % n
                };
                self.show_match(height);
            }
            Action::Back => {
                if self.find.is_some() && !self.find_from_search {
                    self.find = None;
                    self.matches.clear();
                } else {
                    return ViewerOutcome::Close;
                }
            }
            Action::AddRevisit => return ViewerOutcome::Revisit,
            Action::EditTags => return ViewerOutcome::Tags,
            Action::Export => return ViewerOutcome::Export,
            Action::ExportSummary => return ViewerOutcome::ExportSummary,
            Action::Resume if self.transcript.status == Status::InProgress => {
                return ViewerOutcome::Resume;
            }
            _ => {}
        }
        ViewerOutcome::Stay
    }

    /// Keys while typing in the find field.
    pub fn on_field(&mut self, action: Action, height: usize) {
        match action {
            Action::Activate => {
                if let Some(f) = &mut self.find {
                    f.focused = false;
                }
                self.show_match(height);
            }
            Action::Back => {
                self.find = None;
                self.matches.clear();
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewerOutcome {
    Stay,
    Close,
    Revisit,
    Tags,
    Export,
    ExportSummary,
    Resume,
    /// On to the next session the library's search found.
    NextHit,
    /// Back to the previous one.
    PrevHit,
}

#[derive(Debug)]
pub struct PatternsScreen {
    pub patterns: Patterns,
    pub scroll: usize,
    /// The lesson picked (across every point); Enter opens its session.
    pub selected: usize,
}

/// A small window over the screen that takes the keys until it closes.
#[derive(Debug)]
pub enum Dialog {
    /// Move this session to the trash?
    ConfirmDelete { id: String, headline: String },
    /// Comma-separated tags for a session; `original` is what the field was filled with.
    Tags {
        id: String,
        editor: Editor,
        original: Vec<String>,
    },
    /// A dated note added on rereading.
    Revisit { id: String, editor: Editor },
    /// Throw away the coach-only note being written?
    DiscardNote,
    /// Leaving, but the last changes could not be saved: try again, save a copy elsewhere,
    /// or leave without them. Stays until answered. `copy_to` is the folder being typed,
    /// once a copy was asked for.
    Unsaved {
        reason: String,
        copy_to: Option<Editor>,
    },
    /// A paired session from `guide_id`: the coach's name, the client's name and the
    /// planned minutes (optional); `focus` is the field being typed in.
    Pair {
        guide_id: String,
        /// Coach, client, planned minutes, what stays between them.
        fields: Box<[Editor; 4]>,
        /// Whether the client agrees to keeping the whole transcript (the last row).
        consent: crate::pairing::Consent,
        focus: usize,
    },
    /// At the start of a paired session: the next steps still open from earlier sessions
    /// with this client (kept on the session), one at a time. `item` is the one looked at;
    /// once how it went is chosen, `word` takes a word on it.
    Review {
        item: usize,
        chosen: Option<crate::transcript::ReviewStatus>,
        word: Editor,
    },
    /// The session open here changed on another device: which file now holds what.
    Diverged {
        original: String,
        saved_as: String,
        location: String,
    },
    /// What is in the trash, newest first; Enter brings the selected one back.
    Trash {
        sessions: Vec<crate::store::SessionSummary>,
        selected: usize,
    },
}

impl Dialog {
    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match self {
            Dialog::Tags { editor, .. } | Dialog::Revisit { editor, .. } => Some(editor),
            Dialog::Pair { fields, focus, .. } => fields.get_mut(*focus),
            Dialog::Unsaved { copy_to, .. } => copy_to.as_mut(),
            Dialog::Review {
                chosen: Some(_),
                word,
                ..
            } => Some(word),
            Dialog::Review { chosen: None, .. }
            | Dialog::Trash { .. }
            | Dialog::Diverged { .. } => None,
            Dialog::ConfirmDelete { .. } | Dialog::DiscardNote => None,
        }
    }

    pub fn editor(&self) -> Option<&Editor> {
        match self {
            Dialog::Tags { editor, .. } | Dialog::Revisit { editor, .. } => Some(editor),
            Dialog::Pair { fields, focus, .. } => fields.get(*focus),
            Dialog::Unsaved { copy_to, .. } => copy_to.as_ref(),
            Dialog::Review {
                chosen: Some(_),
                word,
                ..
            } => Some(word),
            Dialog::Review { chosen: None, .. }
            | Dialog::Trash { .. }
            | Dialog::Diverged { .. } => None,
            Dialog::ConfirmDelete { .. } | Dialog::DiscardNote => None,
        }
    }

    /// The effect that files what the dialog holds.
    pub fn commit(&self, now: Timestamp) -> Option<Effect> {
        match self {
            Dialog::ConfirmDelete { id, .. } => Some(Effect::Delete { id: id.clone() }),
            Dialog::Tags {
                id,
                editor,
                original,
            } => Some(Effect::SetTags {
                id: id.clone(),
                before: original.clone(),
                after: parse_tags(&editor.text()),
            }),
            Dialog::Revisit { id, editor } => {
                let text = editor.text();
                (!text.trim().is_empty()).then(|| Effect::AddRevisit {
                    id: id.clone(),
                    text: text.trim_end().to_string(),
                    at: now,
                })
            }
            Dialog::DiscardNote
            | Dialog::Pair { .. }
            | Dialog::Unsaved { .. }
            | Dialog::Review { .. }
            | Dialog::Diverged { .. } => None,
            Dialog::Trash { sessions, selected } => {
                sessions.get(*selected).map(|s| Effect::Restore {
                    id: s.id.clone(),
                    headline: s.headline.clone().unwrap_or_else(|| s.id.clone()),
                })
            }
        }
    }
}

/// "work, Launch  ,work" → ["work", "launch"]: trimmed, lowercase, no repeats, in order.
pub fn parse_tags(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in text
        .split(',')
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
    {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}
