//! The library of past sessions: which ones to show, in what order, and what is due.
//!
//! Pure functions over session summaries and transcripts: filtering and sorting for the list,
//! full-text search (`search`), the reading layout of one transcript (`reading`) and the
//! lessons laid side by side across sessions (`patterns`). Nothing here does I/O or draws.

pub mod patterns;
pub mod reading;
pub mod search;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::store::SessionSummary;
use crate::transcript::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Newest first.
    #[default]
    Date,
    /// Headline, A to Z.
    Headline,
}

impl SortBy {
    pub fn label(self) -> &'static str {
        match self {
            SortBy::Date => "newest first",
            SortBy::Headline => "by headline",
        }
    }

    pub fn next(self) -> Self {
        match self {
            SortBy::Date => SortBy::Headline,
            SortBy::Headline => SortBy::Date,
        }
    }
}

/// One facet to narrow the list by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Guide(String),
    Status(Status),
    /// Solo or paired (a session with a coach).
    Paired(bool),
    Tag(String),
    /// One client's paired sessions.
    Client(String),
    /// Sessions whose revisit date had come by this moment (home's "and N more due").
    Due(Timestamp),
    /// These sessions (ids, sorted): those started on this day in other years, as home
    /// found them.
    OnThisDay(Vec<String>),
}

impl Filter {
    pub fn label(&self) -> String {
        match self {
            Filter::Guide(g) => format!("guide: {g}"),
            Filter::Status(s) => format!("status: {}", s.label()),
            Filter::Paired(true) => "paired sessions".into(),
            Filter::Paired(false) => "solo sessions".into(),
            Filter::Tag(t) => format!("tag: {t}"),
            Filter::Client(c) => format!("client: {c}"),
            Filter::Due(_) => "due for a revisit".into(),
            Filter::OnThisDay(_) => "on this day".into(),
        }
    }

    pub fn accepts(&self, s: &SessionSummary) -> bool {
        match self {
            Filter::Guide(g) => &s.guide_id == g,
            Filter::Status(st) => s.status == *st,
            Filter::Paired(p) => s.paired == *p,
            Filter::Tag(t) => s.tags.iter().any(|x| x == t),
            Filter::Client(c) => s
                .client
                .as_deref()
                .is_some_and(|have| crate::pairing::same_client(have, c)),
            Filter::Due(by) => s.revisit_due.is_some_and(|d| d <= *by),
            Filter::OnThisDay(ids) => ids.binary_search(&s.id).is_ok(),
        }
    }
}

/// Every filter worth offering for these sessions, in the order `f` cycles through them.
pub fn filters(sessions: &[SessionSummary]) -> Vec<Filter> {
    let mut out = Vec::new();
    let mut guides: Vec<&str> = sessions.iter().map(|s| s.guide_id.as_str()).collect();
    guides.sort_unstable();
    guides.dedup();
    out.extend(guides.into_iter().map(|g| Filter::Guide(g.to_string())));
    out.push(Filter::Status(Status::InProgress));
    out.push(Filter::Status(Status::Complete));
    if sessions.iter().any(|s| s.paired) {
        out.push(Filter::Paired(true));
    }
    // Each client once, as their name was first seen (newest first in a listing).
    let mut clients: Vec<&str> = Vec::new();
    for c in sessions.iter().filter_map(|s| s.client.as_deref()) {
        if !clients.iter().any(|k| crate::pairing::same_client(k, c)) {
            clients.push(c);
        }
    }
    clients.sort_by_key(|c| c.to_lowercase());
    out.extend(clients.into_iter().map(|c| Filter::Client(c.to_string())));
    out.push(Filter::Paired(false));
    let mut tags: Vec<&str> = sessions
        .iter()
        .flat_map(|s| s.tags.iter().map(String::as_str))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    out.extend(tags.into_iter().map(|t| Filter::Tag(t.to_string())));
    out
}

/// Indices into `sessions` of those that pass `filter`, in `sort` order.
pub fn visible(sessions: &[SessionSummary], filter: Option<&Filter>, sort: SortBy) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..sessions.len())
        .filter(|&i| filter.is_none_or(|f| f.accepts(&sessions[i])))
        .collect();
    match sort {
        SortBy::Date => idx.sort_by(|&a, &b| sessions[b].started.cmp(&sessions[a].started)),
        SortBy::Headline => idx.sort_by_cached_key(|&i| {
            sessions[i]
                .headline
                .as_deref()
                .unwrap_or("\u{10ffff}")
                .to_lowercase()
        }),
    }
    idx
}

/// Sessions whose revisit date has come, oldest due first.
pub fn due_revisits(sessions: &[SessionSummary], now: Timestamp) -> Vec<&SessionSummary> {
    let mut due: Vec<_> = sessions
        .iter()
        .filter(|s| s.revisit_due.is_some_and(|d| d <= now))
        .collect();
    due.sort_by_key(|s| s.revisit_due);
    due
}

/// Sessions started on this day of the year, a year or more ago.
pub fn on_this_day<'a>(
    sessions: &'a [SessionSummary],
    now: Timestamp,
    tz: &TimeZone,
) -> Vec<&'a SessionSummary> {
    let today = now.to_zoned(tz.clone()).date();
    sessions
        .iter()
        .filter(|s| {
            let d = s.started.to_zoned(tz.clone()).date();
            d.month() == today.month() && d.day() == today.day() && d.year() < today.year()
        })
        .collect()
}

/// A session's check-in shift for lists: "8 → 3".
pub fn shift_label(s: &SessionSummary) -> String {
    match (s.check_in, s.check_out) {
        (Some(a), Some(b)) => format!("{a} → {b}"),
        (Some(a), None) => format!("{a} → ·"),
        _ => String::new(),
    }
}

/// Tags changed from `before` to `after` by a person, applied to `on_disk` (which may hold
/// tags another device added since `before` was read): the person's list, in their order,
/// then every tag on disk they neither saw nor removed.
pub fn merge_tags(on_disk: &[String], before: &[String], after: &[String]) -> Vec<String> {
    let mut out: Vec<String> = after.to_vec();
    for t in on_disk {
        if !before.contains(t) && !out.contains(t) {
            out.push(t.clone());
        }
    }
    out
}

#[cfg(test)]
mod merge_tests {
    use super::merge_tags;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_tag_from_another_device_survives_and_a_removed_one_goes() {
        // This device saw [work, launch], removed launch and added board; meanwhile the
        // other device added remote-tag.
        let merged = merge_tags(
            &v(&["work", "launch", "remote-tag"]),
            &v(&["work", "launch"]),
            &v(&["work", "board"]),
        );
        assert_eq!(merged, v(&["work", "board", "remote-tag"]));
    }
}
