//! Full-text search over every session: fuzzy on headlines, word by word over every answer,
//! statement and revisit note. Each hit carries a snippet around the match with the matched
//! byte ranges, so the view can highlight them.
//!
//! Matching is case-insensitive. The searcher runs off the UI thread (see `driver`); this
//! module is the pure part, and checks a cancel flag so a newer query can stop an older one.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::transcript::{Answer, Transcript};

/// What is searchable in one session.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub id: String,
    pub headline: String,
    /// (where it is, e.g. a step title; the text)
    pub fields: Vec<(String, String)>,
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
            fields.push((step.title.clone(), text));
        }
        for r in &t.revisits {
            fields.push(("Revisit".into(), r.text.clone()));
        }
        if !t.tags.is_empty() {
            fields.push(("Tags".into(), t.tags.join(", ")));
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
    /// Where the snippet comes from ("Headline", a step title, "Revisit").
    pub place: String,
    pub snippet: String,
    /// Byte ranges of the matches within `snippet`.
    pub marks: Vec<Range<usize>>,
}

/// Characters of context either side of a match in a snippet.
const CONTEXT: usize = 36;

/// Search `docs` for `query`; stops early (returning None) when `cancel` moves past `generation`.
pub fn search(docs: &[Doc], query: &str, generation: u64, cancel: &AtomicU64) -> Option<Vec<Hit>> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Some(Vec::new());
    }
    let phrase = words.join(" ");
    let mut hits = Vec::new();
    for (n, doc) in docs.iter().enumerate() {
        if n % 256 == 0 && cancel.load(Ordering::Relaxed) != generation {
            return None;
        }
        if let Some(hit) = match_doc(doc, &phrase, &words) {
            hits.push(hit);
        }
    }
    hits.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| b.id.cmp(&a.id)));
    Some(hits)
}

fn match_doc(doc: &Doc, phrase: &str, words: &[String]) -> Option<Hit> {
    // The headline: an exact phrase beats a fuzzy (in-order letters) match.
    if let Some(at) = find_ci(&doc.headline, phrase) {
        return Some(hit(
            doc,
            "Headline",
            &doc.headline,
            at,
            phrase.len(),
            1000,
            words,
        ));
    }
    // Full text: every word somewhere in the session; the phrase in one field scores higher.
    let all_words = words.iter().all(|w| {
        find_ci(&doc.headline, w).is_some()
            || doc.fields.iter().any(|(_, t)| find_ci(t, w).is_some())
    });
    if all_words {
        for (place, text) in &doc.fields {
            if let Some(at) = find_ci(text, phrase) {
                return Some(hit(doc, place, text, at, phrase.len(), 600, words));
            }
        }
        for (place, text) in &doc.fields {
            if let Some(at) = find_ci(text, &words[0]) {
                return Some(hit(doc, place, text, at, words[0].len(), 400, words));
            }
        }
        let at = find_ci(&doc.headline, &words[0]).unwrap_or(0);
        return Some(hit(
            doc,
            "Headline",
            &doc.headline,
            at,
            words[0].len(),
            400,
            words,
        ));
    }
    let fuzzy = fuzzy_score(&doc.headline, phrase)?;
    let mut h = hit(doc, "Headline", &doc.headline, 0, 0, fuzzy, &[]);
    h.marks = fuzzy_marks(&doc.headline, phrase);
    Some(h)
}

fn hit(
    doc: &Doc,
    place: &str,
    text: &str,
    at: usize,
    len: usize,
    score: i64,
    words: &[String],
) -> Hit {
    // A headline is short and shown whole, so its "snippet" is all of it.
    let snippet = if place == "Headline" {
        text.replace(['\n', '\t'], " ")
    } else {
        snippet(text, at, len)
    };
    let mut marks: Vec<Range<usize>> = Vec::new();
    for w in words {
        let mut from = 0;
        while let Some(i) = find_ci(&snippet[from..], w) {
            marks.push(from + i..from + i + w.len());
            from += i + w.len().max(1);
        }
    }
    marks.sort_by_key(|r| r.start);
    Hit {
        id: doc.id.clone(),
        score,
        place: place.to_string(),
        snippet,
        marks,
    }
}

/// The text around byte `at` on one line: about `CONTEXT` characters either side, cut at
/// character boundaries, with "…" where it was cut.
fn snippet(text: &str, at: usize, len: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(CONTEXT)
        .map_or(0, |(i, _)| i);
    let end_from = (at + len).min(text.len());
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

/// Case-insensitive find; `needle` must already be lowercase. Returns a byte offset in `hay`
/// of a match whose length in `hay` is `needle.len()` (true for ASCII and most scripts).
pub fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    if needle.is_ascii() {
        let n = needle.as_bytes();
        return hay
            .as_bytes()
            .windows(n.len())
            .position(|w| w.eq_ignore_ascii_case(n));
    }
    hay.char_indices().map(|(i, _)| i).find(|&i| {
        let mut h = hay[i..].chars().flat_map(char::to_lowercase);
        needle.chars().all(|c| h.next() == Some(c))
    })
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
