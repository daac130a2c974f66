//! The word index over every session: a sorted vocabulary with the sessions each word is in,
//! the fields the filters look at, and the query that walks it. It is saved in the cache
//! (postcard) and brought up to date from the files' stamps: only sessions that changed, came
//! or went are read again, so the first search after a launch, or after a save, does not wait
//! for every session to be read.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::{
    Doc, Hit, Place, Query, SNIPPETS, find_ci, fold, fuzzy_score, near, snippet_hit, words,
};

/// Every session's words: a sorted vocabulary with, for each word, the sessions it is in.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchIndex {
    /// Bumped when the shape or the folding changes: a saved index of another version is
    /// built again.
    version: u32,
    /// What identified each session's file when it was read (empty when not from files).
    keys: Vec<String>,
    ids: Vec<String>,
    headlines: Vec<String>,
    /// Seconds since the epoch, to put newer sessions first among equals.
    started: Vec<i64>,
    /// Each session's guide id, client and tags, folded, for the filters.
    guides: Vec<Box<str>>,
    clients: Vec<Option<Box<str>>>,
    tags: Vec<Box<[Box<str>]>>,
    vocab: Vec<(Box<str>, Vec<u32>)>,
}

/// Fewer exact hits than this, and words one letter off are looked for too.
const FEW: usize = 5;

/// The saved index's version: bumped when its shape or the folding changes.
const VERSION: u32 = 1;

impl SearchIndex {
    /// Build from sessions one at a time (each can be dropped once indexed).
    pub fn build(docs: impl IntoIterator<Item = (Doc, i64)>) -> SearchIndex {
        let mut index = SearchIndex {
            version: VERSION,
            ..SearchIndex::default()
        };
        index.add(docs.into_iter().map(|(d, s)| (d, s, String::new())));
        index
    }

    /// The index brought up to date with `files` (each session's id and the key that
    /// identifies its file's current version): sessions gone or changed are dropped, and
    /// sessions new or changed are read with `load` and added. Whether anything changed.
    pub fn refresh(
        &mut self,
        files: &[(String, String)],
        load: &dyn Fn(&str) -> Option<(Doc, i64)>,
    ) -> bool {
        if self.version != VERSION {
            *self = SearchIndex {
                version: VERSION,
                ..SearchIndex::default()
            };
        }
        let now: HashMap<&str, &str> = files
            .iter()
            .map(|(id, key)| (id.as_str(), key.as_str()))
            .collect();
        let keep: Vec<bool> = (0..self.ids.len())
            .map(|i| now.get(self.ids[i].as_str()) == Some(&self.keys[i].as_str()))
            .collect();
        let kept: HashSet<&str> = (0..self.ids.len())
            .filter(|&i| keep[i])
            .map(|i| self.ids[i].as_str())
            .collect();
        let fresh: Vec<&(String, String)> = files
            .iter()
            .filter(|(id, _)| !kept.contains(id.as_str()))
            .collect();
        let dropped = keep.iter().any(|k| !k);
        if !dropped && fresh.is_empty() {
            return false;
        }
        if dropped {
            self.retain(&keep);
        }
        // One session read at a time, indexed, and dropped: never all of them held at once.
        self.add(
            fresh
                .into_iter()
                .filter_map(|(id, key)| load(id).map(|(d, s)| (d, s, key.clone()))),
        );
        true
    }

    /// Keep only the sessions marked in `keep`, numbered again in order; words no session
    /// has any more go (so nothing of a deleted session stays in a saved index).
    fn retain(&mut self, keep: &[bool]) {
        let mut renumber = vec![u32::MAX; keep.len()];
        let mut next = 0u32;
        for (i, &k) in keep.iter().enumerate() {
            if k {
                renumber[i] = next;
                next += 1;
            }
        }
        fn pick<T>(v: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        pick(&mut self.ids, keep);
        pick(&mut self.keys, keep);
        pick(&mut self.headlines, keep);
        pick(&mut self.started, keep);
        pick(&mut self.guides, keep);
        pick(&mut self.clients, keep);
        pick(&mut self.tags, keep);
        for (_, docs) in &mut self.vocab {
            docs.retain_mut(|d| {
                let to = renumber[*d as usize];
                *d = to;
                to != u32::MAX
            });
        }
        self.vocab.retain(|(_, docs)| !docs.is_empty());
    }

    /// Append sessions, their words merged into the vocabulary (kept sorted).
    fn add(&mut self, docs: impl IntoIterator<Item = (Doc, i64, String)>) {
        let mut map: HashMap<String, Vec<u32>> = HashMap::new();
        for (doc, started, key) in docs {
            let n = self.ids.len() as u32;
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
            self.ids.push(doc.id);
            self.keys.push(key);
            self.headlines.push(doc.headline);
            self.started.push(started);
            self.guides.push(fold(&doc.guide).into_boxed_str());
            self.clients
                .push(doc.client.as_deref().map(|c| fold(c).into_boxed_str()));
            self.tags
                .push(doc.tags.iter().map(|t| fold(t).into_boxed_str()).collect());
        }
        if map.is_empty() {
            return;
        }
        // Words already known take the new sessions (numbered after every old one, so each
        // list stays sorted); new words are merged in at their place.
        for (w, docs) in &mut self.vocab {
            if let Some(more) = map.remove(&**w) {
                docs.extend(more);
                docs.shrink_to_fit();
            }
        }
        let mut new: Vec<(Box<str>, Vec<u32>)> = map
            .into_iter()
            .map(|(k, mut v)| {
                v.shrink_to_fit();
                (k.into_boxed_str(), v)
            })
            .collect();
        new.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if self.vocab.is_empty() {
            self.vocab = new;
            return;
        }
        let old = std::mem::take(&mut self.vocab);
        let mut merged = Vec::with_capacity(old.len() + new.len());
        let (mut a, mut b) = (old.into_iter().peekable(), new.into_iter().peekable());
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.0 <= y.0,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            merged.extend(if take_a { a.next() } else { b.next() });
        }
        self.vocab = merged;
    }

    /// The index as saved: postcard bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_stdvec(self).unwrap_or_default()
    }

    /// A saved index, or an empty one when it cannot be read (it is then built again).
    pub fn from_bytes(bytes: &[u8]) -> SearchIndex {
        postcard::from_bytes::<SearchIndex>(bytes)
            .ok()
            .filter(|i| i.version == VERSION && i.consistent())
            .unwrap_or_default()
    }

    /// Whether every per-session list has one entry per session and every word names a
    /// session that is there (a saved file can be cut or tampered with).
    fn consistent(&self) -> bool {
        let n = self.ids.len();
        [
            self.keys.len(),
            self.headlines.len(),
            self.started.len(),
            self.guides.len(),
            self.clients.len(),
            self.tags.len(),
        ]
        .iter()
        .all(|&l| l == n)
            && self
                .vocab
                .iter()
                .all(|(_, d)| d.iter().all(|&x| (x as usize) < n))
            && self.vocab.windows(2).all(|w| w[0].0 < w[1].0)
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

    /// Add to `bits` the sessions with a word whose start is one letter off `w` (a letter
    /// wrong, missing, extra, or two swapped), among the words sharing its first letter.
    fn with_typos(&self, w: &str, bits: &mut [u64]) {
        let want: Vec<char> = w.chars().collect();
        let Some(first) = want.first() else { return };
        let lead = first.to_string();
        let start = self.vocab.partition_point(|(v, _)| &**v < lead.as_str());
        for (v, docs) in &self.vocab[start..] {
            if !v.starts_with(*first) {
                break;
            }
            let have: Vec<char> = v.chars().collect();
            if near(&want, &have) {
                for &d in docs {
                    bits[d as usize / 64] |= 1 << (d % 64);
                }
            }
        }
    }

    /// Whether session `i` passes the query's filters.
    fn passes(&self, q: &Query, i: usize) -> bool {
        q.tags
            .iter()
            .all(|t| self.tags[i].iter().any(|have| **have == **t))
            && q.guides
                .iter()
                .all(|g| self.guides[i].starts_with(g.as_str()))
            && q.clients.iter().all(|c| {
                self.clients[i]
                    .as_deref()
                    .is_some_and(|have| have.starts_with(c.as_str()))
            })
            && q.after.is_none_or(|a| self.started[i] >= a)
            && q.before.is_none_or(|b| self.started[i] < b)
    }

    /// The sessions matching `query` (see [`Query`]), best first: every word (as the start
    /// of a word) in the headline, then anywhere in the session; when that finds few, words
    /// one letter off; when nothing, the headline's letters in order (fuzzy). Filters and
    /// phrases hold for every hit. `doc` reads a session back (snippets, phrases). None when
    /// `cancel` moved past `generation`.
    pub fn query(
        &self,
        query: &str,
        generation: u64,
        cancel: &AtomicU64,
        doc: &dyn Fn(&str) -> Option<Doc>,
    ) -> Option<Vec<Hit>> {
        let q = Query::parse(query);
        if q.is_empty() {
            return Some(Vec::new());
        }
        let stale = || cancel.load(Ordering::Relaxed) != generation;
        let blocks = self.ids.len().div_ceil(64);
        let mut exact = vec![u64::MAX; blocks];
        for w in &q.words {
            if stale() {
                return None;
            }
            for (a, b) in exact.iter_mut().zip(self.with_prefix(w)) {
                *a &= b;
            }
        }
        let bit = |bits: &[u64], i: usize| bits[i / 64] & (1 << (i % 64)) != 0;
        let mut scored: Vec<(i64, usize)> = Vec::new();
        for i in 0..self.ids.len() {
            if i % 1024 == 0 && stale() {
                return None;
            }
            if bit(&exact, i) && self.passes(&q, i) {
                let head: Vec<String> = words(&self.headlines[i]).collect();
                let in_head = q
                    .words
                    .iter()
                    .all(|w| head.iter().any(|h| h.starts_with(w.as_str())));
                scored.push((if in_head { 1000 } else { 500 }, i));
            }
        }
        if scored.len() < FEW && !q.words.is_empty() {
            let mut near = vec![u64::MAX; blocks];
            for w in &q.words {
                if stale() {
                    return None;
                }
                let mut b = self.with_prefix(w);
                if w.chars().count() >= 4 {
                    self.with_typos(w, &mut b);
                }
                for (a, b) in near.iter_mut().zip(b) {
                    *a &= b;
                }
            }
            for i in 0..self.ids.len() {
                if bit(&near, i) && !bit(&exact, i) && self.passes(&q, i) {
                    scored.push((300, i));
                }
            }
        }
        let phrase = q.words.join(" ");
        if scored.is_empty() && q.phrases.is_empty() && !q.words.is_empty() {
            for i in 0..self.ids.len() {
                if i % 1024 == 0 && stale() {
                    return None;
                }
                if self.passes(&q, i)
                    && let Some(f) = fuzzy_score(&self.headlines[i], &phrase)
                {
                    scored.push((f.min(200), i));
                }
            }
        }
        scored.sort_unstable_by(|a, b| {
            b.0.cmp(&a.0)
                .then(self.started[b.1].cmp(&self.started[a.1]))
        });
        // A phrase holds only where its words are together: read those sessions to see.
        let mut read: Vec<Option<Doc>> = Vec::new();
        if !q.phrases.is_empty() {
            let mut kept = Vec::new();
            for (score, i) in scored {
                if stale() {
                    return None;
                }
                let Some(d) = doc(&self.ids[i]) else { continue };
                let holds = q.phrases.iter().all(|p| {
                    find_ci(&d.headline, p).is_some()
                        || d.fields.iter().any(|(_, t)| find_ci(t, p).is_some())
                });
                if holds {
                    // Held only for the hits that will show a snippet.
                    read.push((kept.len() < SNIPPETS).then_some(d));
                    kept.push((score, i));
                }
            }
            scored = kept;
        }
        let lead = q.phrases.first().cloned().unwrap_or(phrase);
        let mut hits = Vec::with_capacity(scored.len());
        for (n, (score, i)) in scored.into_iter().enumerate() {
            let id = &self.ids[i];
            let made = if n < SNIPPETS {
                read.get_mut(n)
                    .and_then(Option::take)
                    .or_else(|| doc(id))
                    .map(|d| snippet_hit(&d, &lead, &q.words, score))
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn doc(id: &str, text: &str) -> Doc {
        Doc {
            id: id.into(),
            headline: format!("headline {id}"),
            guide: "leverage".into(),
            client: None,
            tags: Vec::new(),
            fields: vec![(Place::Revisit, text.into())],
        }
    }

    fn ids(index: &SearchIndex, q: &str) -> Vec<String> {
        let mut out: Vec<String> = index
            .query(q, 1, &AtomicU64::new(1), &|_| None)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect();
        out.sort();
        out
    }

    /// Brought up to date, the index reads only what changed and answers as one built from
    /// scratch; saved and read back, it is the same index.
    #[test]
    fn refreshing_reads_only_what_changed_and_answers_as_a_fresh_build() {
        let texts = RefCell::new(HashMap::from([
            ("a", "apples and pears"),
            ("b", "bananas and pears"),
            ("c", "cherries"),
        ]));
        let reads = RefCell::new(Vec::new());
        let load = |id: &str| {
            reads.borrow_mut().push(id.to_string());
            texts.borrow().get(id).map(|t| (doc(id, t), 0))
        };
        let files = |keys: &[(&str, &str)]| -> Vec<(String, String)> {
            keys.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        let mut index = SearchIndex::default();
        assert!(index.refresh(&files(&[("a", "1"), ("b", "1"), ("c", "1")]), &load));
        assert_eq!(ids(&index, "pears"), ["a", "b"]);
        reads.borrow_mut().clear();
        assert!(!index.refresh(&files(&[("a", "1"), ("b", "1"), ("c", "1")]), &load));
        assert!(reads.borrow().is_empty(), "nothing changed, nothing read");
        // b rewritten, a gone, d new.
        texts.borrow_mut().insert("b", "bananas only");
        texts.borrow_mut().insert("d", "dates and pears");
        assert!(index.refresh(&files(&[("b", "2"), ("c", "1"), ("d", "1")]), &load));
        let mut read = reads.borrow().clone();
        read.sort();
        assert_eq!(read, ["b", "d"]);
        let fresh = SearchIndex::build(["b", "c", "d"].map(|id| (doc(id, texts.borrow()[id]), 0)));
        for q in [
            "pears", "bananas", "apples", "cherries", "dates", "headline",
        ] {
            assert_eq!(ids(&index, q), ids(&fresh, q), "{q}");
        }
        assert!(
            !index.vocab.iter().any(|(w, _)| &**w == "apples"),
            "a's words are gone"
        );
        let back = SearchIndex::from_bytes(&index.to_bytes());
        assert_eq!(back, index);
        assert_eq!(
            SearchIndex::from_bytes(b"\x05garbage"),
            SearchIndex::default()
        );
    }
}
