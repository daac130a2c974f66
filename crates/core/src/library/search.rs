//! Full-text search over every session: the start of any word in any answer, statement,
//! revisit note or tag, and the letters of a headline in order (fuzzy). Each hit carries a
//! snippet around the match with the matched byte ranges, so the view can highlight them.
//!
//! The index holds words, not answers: a sorted vocabulary with the sessions each word is in,
//! built by reading sessions one at a time. Snippets are made by reading back only the
//! sessions near the top of the results. Matching is case-insensitive. Searches run off the
//! UI thread (see `driver`) and check a cancel counter, so a newer query stops an older one.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::transcript::{Answer, Transcript};

/// What is searchable in one session.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub id: String,
    pub headline: String,
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
            fields,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub score: i64,
    /// Where the snippet comes from.
    pub place: Place,
    pub snippet: String,
    /// Byte ranges of the matches within `snippet`.
    pub marks: Vec<Range<usize>>,
}

/// Characters of context either side of a match in a snippet.
const CONTEXT: usize = 36;
/// Snippets are read back for this many hits.
pub const SNIPPETS: usize = 60;

/// The words of `text`, lowercased: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Every session's words: a sorted vocabulary with, for each word, the sessions it is in.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SearchIndex {
    ids: Vec<String>,
    headlines: Vec<String>,
    /// Seconds since the epoch, to put newer sessions first among equals.
    started: Vec<i64>,
    vocab: Vec<(Box<str>, Vec<u32>)>,
}

impl SearchIndex {
    /// Build from sessions one at a time (each can be dropped once indexed).
    pub fn build(docs: impl IntoIterator<Item = (Doc, i64)>) -> SearchIndex {
        let mut map: HashMap<String, Vec<u32>> = HashMap::new();
        let mut index = SearchIndex::default();
        for (doc, started) in docs {
            let n = index.ids.len() as u32;
            let mut seen = HashSet::new();
            let texts = std::iter::once(doc.headline.as_str())
                .chain(doc.fields.iter().map(|(_, t)| t.as_str()));
            for text in texts {
                for w in words(text) {
                    if seen.insert(w.clone()) {
                        map.entry(w).or_default().push(n);
                    }
                }
            }
            index.ids.push(doc.id);
            index.headlines.push(doc.headline);
            index.started.push(started);
        }
        let mut vocab: Vec<(Box<str>, Vec<u32>)> = map
            .into_iter()
            .map(|(k, mut v)| {
                v.shrink_to_fit();
                (k.into_boxed_str(), v)
            })
            .collect();
        vocab.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        index.vocab = vocab;
        index
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Sessions with a word starting with `prefix`, as a bitset over session numbers.
    fn with_prefix(&self, prefix: &str) -> Vec<u64> {
        let mut bits = vec![0u64; self.ids.len().div_ceil(64)];
        let start = self.vocab.partition_point(|(w, _)| &**w < prefix);
        for (w, docs) in &self.vocab[start..] {
            if !w.starts_with(prefix) {
                break;
            }
            for &d in docs {
                bits[d as usize / 64] |= 1 << (d % 64);
            }
        }
        bits
    }

    /// The sessions matching `query`, best first: every word (as the start of a word) in the
    /// headline, then anywhere in the session, then the headline's letters in order (fuzzy).
    /// `doc` reads a session back for its snippet. None when `cancel` moved past `generation`.
    pub fn query(
        &self,
        query: &str,
        generation: u64,
        cancel: &AtomicU64,
        doc: &dyn Fn(&str) -> Option<Doc>,
    ) -> Option<Vec<Hit>> {
        let qwords: Vec<String> = words(query).collect();
        if qwords.is_empty() {
            return Some(Vec::new());
        }
        let mut all = vec![u64::MAX; self.ids.len().div_ceil(64)];
        for w in &qwords {
            if cancel.load(Ordering::Relaxed) != generation {
                return None;
            }
            for (a, b) in all.iter_mut().zip(self.with_prefix(w)) {
                *a &= b;
            }
        }
        let phrase = qwords.join(" ");
        let mut scored: Vec<(i64, usize)> = Vec::new();
        for i in 0..self.ids.len() {
            if i % 1024 == 0 && cancel.load(Ordering::Relaxed) != generation {
                return None;
            }
            if all[i / 64] & (1 << (i % 64)) != 0 {
                let head: Vec<String> = words(&self.headlines[i]).collect();
                let in_head = qwords
                    .iter()
                    .all(|q| head.iter().any(|h| h.starts_with(q.as_str())));
                scored.push((if in_head { 1000 } else { 500 }, i));
            } else if let Some(f) = fuzzy_score(&self.headlines[i], &phrase) {
                scored.push((f.min(400), i));
            }
        }
        scored.sort_unstable_by(|a, b| {
            b.0.cmp(&a.0)
                .then(self.started[b.1].cmp(&self.started[a.1]))
        });
        let mut hits = Vec::with_capacity(scored.len());
        for (n, (score, i)) in scored.into_iter().enumerate() {
            let id = &self.ids[i];
            let made = if n < SNIPPETS {
                doc(id).map(|d| snippet_hit(&d, &phrase, &qwords, score))
            } else {
                None
            };
            hits.push(made.unwrap_or_else(|| Hit {
                id: id.clone(),
                score,
                place: Place::Nowhere,
                snippet: String::new(),
                marks: Vec::new(),
            }));
        }
        Some(hits)
    }
}

/// Search a handful of sessions held in memory (tests, and the store when no worker runs).
pub fn search(docs: &[Doc], query: &str, generation: u64, cancel: &AtomicU64) -> Option<Vec<Hit>> {
    let index = SearchIndex::build(docs.iter().enumerate().map(|(n, d)| (d.clone(), n as i64)));
    index.query(query, generation, cancel, &|id| {
        docs.iter().find(|d| d.id == id).cloned()
    })
}

/// The hit for one session: the best place to show it, with the words marked.
fn snippet_hit(doc: &Doc, phrase: &str, words: &[String], score: i64) -> Hit {
    if !(500..1000).contains(&score) {
        let at = find_ci(&doc.headline, phrase).unwrap_or(0..0);
        let mut h = hit(doc, &Place::Headline, &doc.headline, at, score, words);
        if score < 500 {
            h.marks = fuzzy_marks(&doc.headline, phrase);
        }
        return h;
    }
    for (place, text) in &doc.fields {
        if let Some(at) = find_ci(text, phrase) {
            return hit(doc, place, text, at, score, words);
        }
    }
    for (place, text) in &doc.fields {
        if let Some(at) = find_ci(text, &words[0]) {
            return hit(doc, place, text, at, score, words);
        }
    }
    hit(doc, &Place::Headline, &doc.headline, 0..0, score, words)
}

fn hit(
    doc: &Doc,
    place: &Place,
    text: &str,
    at: Range<usize>,
    score: i64,
    words: &[String],
) -> Hit {
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
    Hit {
        id: doc.id.clone(),
        score,
        place: place.clone(),
        snippet,
        marks,
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

/// Case-insensitive find; `needle` must already be lowercase (`str::to_lowercase`). The
/// byte range in `hay` of the first match, which may be longer or shorter than `needle`:
/// lowering "İ" gives two characters, "ẞ" one of another length. Always on char boundaries.
pub fn find_ci(hay: &str, needle: &str) -> Option<Range<usize>> {
    if needle.is_empty() {
        return Some(0..0);
    }
    if needle.is_ascii() && hay.is_ascii() {
        // All ASCII: the match is as long as the needle.
        let n = needle.as_bytes();
        return hay
            .as_bytes()
            .windows(n.len())
            .position(|w| w.eq_ignore_ascii_case(n))
            .map(|i| i..i + n.len());
    }
    let first = fold(needle.chars().next()?);
    hay.char_indices().find_map(|(i, c)| {
        if !c.to_lowercase().any(|l| fold(l) == first) {
            return None;
        }
        matches_at(&hay[i..], needle).map(|len| i..i + len)
    })
}

/// One lowercase form per letter where `str::to_lowercase` and `char::to_lowercase` differ:
/// a word-final sigma (ς) is σ.
fn fold(c: char) -> char {
    if c == 'ς' { 'σ' } else { c }
}

/// Whether `hay` starts with text that lowers to `needle`; the matched length in `hay`.
fn matches_at(hay: &str, needle: &str) -> Option<usize> {
    let mut want = needle.chars().map(fold).peekable();
    for (i, c) in hay.char_indices() {
        for l in c.to_lowercase() {
            // "İ" lowers to "i" and a combining dot: "istanbul" still finds "İSTANBUL".
            if l == '\u{307}' && want.peek() != Some(&'\u{307}') {
                continue;
            }
            match want.next() {
                Some(w) if w == fold(l) => {}
                Some(_) => return None,
                // The needle ended inside this character's lowercase form: count it whole.
                None => return Some(i + c.len_utf8()),
            }
        }
        if want.peek().is_none() {
            return Some(i + c.len_utf8());
        }
    }
    None
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

#[cfg(test)]
mod find_tests {
    use super::find_ci;

    #[test]
    fn case_mappings_that_change_length_find_the_whole_word() {
        let hay = "Flights to İSTANBUL and STRAẞE";
        let needle = "İSTANBUL".to_lowercase();
        let m = find_ci(hay, &needle).expect("found");
        assert_eq!(&hay[m], "İSTANBUL");
        let m = find_ci(hay, &"STRAẞE".to_lowercase()).expect("found");
        assert_eq!(&hay[m], "STRAẞE");
        assert_eq!(find_ci("ﬁne", "ﬁ"), Some(0..3));
        assert_eq!(
            find_ci("ΣΊΣΥΦΟΣ", &"σίσυφοσ".to_lowercase()),
            Some(0.."ΣΊΣΥΦΟΣ".len())
        );
        assert_eq!(find_ci("abc", "d"), None);
        assert_eq!(find_ci("i̇x", "i"), Some(0..1));
        assert_eq!(find_ci(hay, "istanbul").map(|m| &hay[m]), Some("İSTANBUL"));
        assert_eq!(
            find_ci("ΟΔΟΣ", &"ΟΔΟΣ".to_lowercase()),
            Some(0.."ΟΔΟΣ".len())
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_and_any_query_never_panic_and_match_on_char_boundaries(
            hay in "\\PC{0,40}",
            needle in "\\PC{0,6}",
        ) {
            let needle = needle.to_lowercase();
            if let Some(m) = find_ci(&hay, &needle) {
                proptest::prop_assert!(hay.is_char_boundary(m.start) && hay.is_char_boundary(m.end));
                proptest::prop_assert!(m.start <= m.end);
            }
            // A word lowered as the search box lowers it is always found in its own text.
            let lowered = hay.to_lowercase();
            proptest::prop_assert!(find_ci(&hay, &lowered).is_some() || lowered.is_empty());
        }
    }
}
