//! Full-text search over every session: the start of any word in any answer, statement,
//! revisit note or tag, and the letters of a headline in order (fuzzy). Each hit carries a
//! snippet around the match with the matched byte ranges, so the view can highlight them.
//!
//! The index holds words, not answers: a sorted vocabulary with the sessions each word is in,
//! built by reading sessions one at a time. Snippets are made by reading back only the
//! sessions near the top of the results. Matching is case-insensitive. Searches run off the
//! UI thread (see `driver`) and check a cancel counter, so a newer query stops an older one.

use std::ops::Range;
use std::sync::atomic::AtomicU64;

use crate::transcript::{Answer, Transcript};

mod fold;
mod index;
mod query;

pub use fold::{find_ci, fold};
pub use index::SearchIndex;
pub use query::Query;

/// What is searchable in one session.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub id: String,
    pub headline: String,
    /// The guide's id, for `guide:`.
    pub guide: String,
    /// The client, in a paired session, for `client:`.
    pub client: Option<String>,
    /// For `tag:`.
    pub tags: Vec<String>,
    /// (where it is; the text)
    pub fields: Vec<(Place, String)>,
}

/// Where in a session a search hit's snippet comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Place {
    /// No snippet was made (hits far down the list show their headline only).
    #[default]
    Nowhere,
    Headline,
    /// A step's answer or the coach's shared follow-ups on it, by the step's title.
    Step(String),
    Revisit,
    Tags,
}

impl Place {
    /// How the place is named beside its snippet.
    pub fn label(&self) -> &str {
        match self {
            Place::Nowhere => "",
            Place::Headline => "Headline",
            Place::Step(title) => title,
            Place::Revisit => "Revisit",
            Place::Tags => "Tags",
        }
    }
}

impl Doc {
    pub fn of(t: &Transcript) -> Doc {
        let mut fields = Vec::new();
        for step in &t.steps {
            let text = match &step.answer {
                Answer::Text { text, .. } => text.clone(),
                Answer::List { items, .. } => items.join("\n"),
                Answer::Choice { selected, .. } => selected.join(", "),
                Answer::Rehearsal { takes, .. } => takes
                    .iter()
                    .map(|t| t.answer.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
                Answer::Skipped { draft: Some(d), .. } => d.clone(),
                _ => continue,
            };
            fields.push((Place::Step(step.title.clone()), text));
            // The coach's shared follow-ups; never a coach-only note (the client's own turns
            // are the answer above).
            for e in crate::pairing::visible(&step.conversation, crate::pairing::Audience::Shared)
                .filter(|e| e.speaker == crate::pairing::Speaker::Coach)
            {
                fields.push((Place::Step(step.title.clone()), e.text.clone()));
            }
        }
        for r in &t.revisits {
            fields.push((Place::Revisit, r.text.clone()));
        }
        if !t.tags.is_empty() {
            fields.push((Place::Tags, t.tags.join(", ")));
        }
        Doc {
            id: t.id.clone(),
            headline: t.headline.clone().unwrap_or_default(),
            guide: t.guide.id.clone(),
            client: t.pair.as_ref().map(|p| p.client.clone()),
            tags: t.tags.clone(),
            fields,
        }
    }
}

/// One session a search found. Only the hits near the top carry what is shown of them (a
/// one-letter query can find every session: the rest are an id, a score and a start).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub score: i64,
    /// When the session started (seconds since the epoch), from the index: with it a hit
    /// is found in a listing sorted newest first without a map of every id.
    pub started: i64,
    pub shown: Option<Box<Shown>>,
}

/// What a hit near the top shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shown {
    /// Where the snippet comes from.
    pub place: Place,
    pub snippet: String,
    /// Byte ranges of the matches within `snippet`.
    pub marks: Vec<Range<usize>>,
    /// The session's headline, so a hit can be shown before the listing it belongs to has
    /// arrived.
    pub headline: String,
}

impl Hit {
    pub fn place(&self) -> &Place {
        self.shown.as_ref().map_or(&Place::Nowhere, |s| &s.place)
    }

    pub fn snippet(&self) -> &str {
        self.shown.as_ref().map_or("", |s| s.snippet.as_str())
    }

    pub fn marks(&self) -> &[Range<usize>] {
        self.shown.as_ref().map_or(&[], |s| s.marks.as_slice())
    }

    pub fn headline(&self) -> &str {
        self.shown.as_ref().map_or("", |s| s.headline.as_str())
    }
}

/// Characters of context either side of a match in a snippet.
const CONTEXT: usize = 36;
/// Snippets are read back for this many hits.
pub const SNIPPETS: usize = 60;

/// The words of `text`, folded (lowercase, accents aside): runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !fold::in_word(c))
        .map(fold)
        .filter(|w| !w.is_empty())
}

/// Each word of `text`, folded as [`words`] gives it, into one buffer used again for every
/// word (building the index allocates per new word, not per word read).
pub(crate) fn for_each_word(text: &str, buf: &mut String, mut each: impl FnMut(&str)) {
    for raw in text.split(|c: char| !fold::in_word(c)) {
        buf.clear();
        for c in raw.chars() {
            fold::fold_char(c, &mut |f| buf.push(f));
        }
        if !buf.is_empty() {
            each(buf);
        }
    }
}

/// Whether the word `have` starts with something one letter off `want` (the same first
/// letter, then a letter wrong, missing, extra, or two swapped).
fn near(want: &[char], have: &[char]) -> bool {
    want.first().is_some_and(|f| have.first() == Some(f))
        && [want.len().saturating_sub(1), want.len(), want.len() + 1]
            .into_iter()
            .filter(|&k| k >= 1 && k <= have.len())
            .any(|k| one_off(want, &have[..k]))
}

/// The first word of `text` that [`near`]s `w`, as a byte range in `text`.
fn find_near(text: &str, w: &str) -> Option<Range<usize>> {
    let want: Vec<char> = w.chars().collect();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if fold::in_word(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            let have: Vec<char> = fold(&text[s..i]).chars().collect();
            if near(&want, &have) {
                return Some(s..i);
            }
        }
    }
    None
}

/// Whether `a` and `b` are at most one edit apart: a letter changed, added or dropped, or two
/// next to each other swapped.
fn one_off(a: &[char], b: &[char]) -> bool {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > 1 {
        return false;
    }
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if same == n && same == m {
        return true;
    }
    let (ra, rb) = (&a[same..], &b[same..]);
    match n.cmp(&m) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Less => ra == &rb[1..],
        std::cmp::Ordering::Greater => &ra[1..] == rb,
    }
}

/// Search a handful of sessions held in memory (tests, and the store when no worker runs).
pub fn search(docs: &[Doc], query: &str, generation: u64, cancel: &AtomicU64) -> Option<Vec<Hit>> {
    let index = SearchIndex::build(docs.iter().enumerate().map(|(n, d)| (d.clone(), n as i64)));
    index.query(query, generation, cancel, &|id| {
        docs.iter().find(|d| d.id == id).cloned()
    })
}

/// What a hit on one session shows: the best place for it, with the words marked.
fn snippet_hit(doc: &Doc, phrase: &str, words: &[String], score: i64) -> Shown {
    if score >= 1000 || score <= 200 {
        let at = find_ci(&doc.headline, phrase).unwrap_or(0..0);
        let mut h = hit(&Place::Headline, &doc.headline, at, words);
        if score <= 200 {
            h.marks = fuzzy_marks(&doc.headline, phrase);
        }
        return h;
    }
    if score < 500 {
        // One letter off: show the word that was meant, marked.
        let places = std::iter::once((&Place::Headline, &doc.headline))
            .chain(doc.fields.iter().map(|(p, t)| (p, t)));
        for (place, text) in places {
            if let Some(at) = words.iter().find_map(|w| find_near(text, w)) {
                let mut h = hit(place, text, at, words);
                h.marks
                    .extend(words.iter().filter_map(|w| find_near(&h.snippet, w)));
                h.marks.sort_by_key(|r| r.start);
                h.marks.dedup();
                return h;
            }
        }
    }
    for (place, text) in &doc.fields {
        if let Some(at) = find_ci(text, phrase) {
            return hit(place, text, at, words);
        }
    }
    for (place, text) in &doc.fields {
        if let Some(at) = words.first().and_then(|w| find_ci(text, w)) {
            return hit(place, text, at, words);
        }
    }
    hit(&Place::Headline, &doc.headline, 0..0, words)
}

fn hit(place: &Place, text: &str, at: Range<usize>, words: &[String]) -> Shown {
    // A headline is short and shown whole, so its "snippet" is all of it.
    let snippet = if *place == Place::Headline {
        text.replace(['\n', '\t'], " ")
    } else {
        snippet(text, at)
    };
    let mut marks: Vec<Range<usize>> = Vec::new();
    for w in words {
        let mut from = 0;
        while let Some(m) = find_ci(&snippet[from..], w) {
            marks.push(from + m.start..from + m.end);
            // Past the match, and past at least one whole character.
            from += match snippet[from + m.end..].chars().next() {
                _ if m.end > m.start => m.end,
                Some(c) => m.end + c.len_utf8(),
                None => break,
            };
        }
    }
    marks.sort_by_key(|r| r.start);
    Shown {
        place: place.clone(),
        snippet,
        marks,
        headline: String::new(),
    }
}

/// The text around the match `at` on one line: about `CONTEXT` characters either side, cut
/// at character boundaries, with "…" where it was cut.
fn snippet(text: &str, at: Range<usize>) -> String {
    let start = text[..at.start]
        .char_indices()
        .rev()
        .nth(CONTEXT)
        .map_or(0, |(i, _)| i);
    let end_from = at.end.min(text.len());
    let end = text[end_from..]
        .char_indices()
        .nth(CONTEXT)
        .map_or(text.len(), |(i, _)| end_from + i);
    let mut s = String::new();
    if start > 0 {
        s.push('…');
    }
    s.push_str(&text[start..end].replace(['\n', '\t'], " "));
    if end < text.len() {
        s.push('…');
    }
    s
}

/// A fuzzy score for `query` as in-order letters of `text`: higher for matches that start
/// words and run together. None when the letters are not all there.
fn fuzzy_score(text: &str, query: &str) -> Option<i64> {
    let q: Vec<char> = query.chars().filter(|c| !c.is_whitespace()).collect();
    if q.is_empty() {
        return None;
    }
    let mut qi = 0;
    let mut score = 0i64;
    let mut prev_match = false;
    let mut prev_char = ' ';
    for c in text.chars().flat_map(char::to_lowercase) {
        if qi < q.len() && c == q[qi] {
            score += 10;
            if prev_match {
                score += 15;
            }
            if !prev_char.is_alphanumeric() {
                score += 20;
            }
            qi += 1;
            prev_match = true;
        } else {
            prev_match = false;
        }
        prev_char = c;
    }
    (qi == q.len()).then_some(score)
}

fn fuzzy_marks(text: &str, query: &str) -> Vec<Range<usize>> {
    let q: Vec<char> = query.chars().filter(|c| !c.is_whitespace()).collect();
    let mut qi = 0;
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        if qi < q.len() && c.to_lowercase().eq(std::iter::once(q[qi])) {
            out.push(i..i + c.len_utf8());
            qi += 1;
        }
    }
    out
}
