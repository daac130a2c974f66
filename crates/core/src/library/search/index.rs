//! The word index over every session: a sorted vocabulary with the sessions each word is in
//! (and those whose headline has it), the fields the filters look at, and the query that
//! walks it. It is held as the bytes it is saved as (see `layout`), so the saved copy in the
//! cache is read in one go and used in place, and it is brought up to date from the files'
//! stamps: only sessions that changed, came or went are read again (see `merge`).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Doc, Hit, Query, SNIPPETS, find_ci, fuzzy_score, near, snippet_hit};

mod layout;
mod merge;

use layout::{Layout, Table, View, Writer};

/// Every session's words, as the bytes of the saved index.
#[derive(Clone, PartialEq)]
pub struct SearchIndex {
    bytes: Vec<u8>,
    layout: Layout,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("sessions", &self.layout.n)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl Default for SearchIndex {
    fn default() -> SearchIndex {
        SearchIndex::from_written(Writer::new().finish(VERSION, 0, 0))
    }
}

/// Fewer exact hits than this, and words one letter off are looked for too.
const FEW: usize = 5;

/// The saved index's version: bumped when its shape or the folding changes.
const VERSION: u32 = 2;

/// Sessions read before they are merged into the index (so a first build holds the words of
/// at most this many sessions as separate lists).
const CHUNK: usize = 2048;

impl SearchIndex {
    /// Bytes this process wrote (an empty index should they not read back).
    fn from_written(bytes: Vec<u8>) -> SearchIndex {
        match Layout::of_written(&bytes) {
            Some(layout) => SearchIndex { bytes, layout },
            None => {
                debug_assert!(false, "an index written here reads back");
                let bytes = Writer::new().finish(VERSION, 0, 0);
                let layout = Layout::read(&bytes).unwrap_or_default();
                SearchIndex { bytes, layout }
            }
        }
    }

    fn view(&self) -> View<'_> {
        View {
            bytes: &self.bytes,
            layout: &self.layout,
        }
    }

    /// Build from sessions one at a time (each can be dropped once indexed).
    pub fn build(docs: impl IntoIterator<Item = (Doc, i64)>) -> SearchIndex {
        let mut index = SearchIndex::default();
        index.add(docs.into_iter().map(|(d, s)| (d, s, 0)), None);
        index
    }

    /// The sessions folder's stamp when this index was last known to match it (0: never).
    pub fn stamp(&self) -> u128 {
        self.layout.stamp
    }

    /// Record that the index matches the sessions folder as it is at `stamp`.
    pub fn set_stamp(&mut self, stamp: u128) {
        // The stamp sits after the magic, the version and the count.
        if let Some(b) = self.bytes.get_mut(12..28) {
            b.copy_from_slice(&stamp.to_le_bytes());
            self.layout.stamp = stamp;
        }
    }

    /// The index brought up to date with `files` (each session's id and the key that
    /// identifies its file's current version): sessions gone or changed are dropped, and
    /// sessions new or changed are read with `load` and added. Whether anything changed.
    pub fn refresh(
        &mut self,
        files: &[(String, u64)],
        load: &dyn Fn(&str) -> Option<(Doc, i64)>,
    ) -> bool {
        let n = self.layout.n;
        let (keep, fresh) = {
            let v = self.view();
            let now: HashMap<&str, u64> =
                files.iter().map(|(id, key)| (id.as_str(), *key)).collect();
            let keep: Vec<bool> = (0..n)
                .map(|i| now.get(v.str_of(Table::Ids, i)) == Some(&v.key(i)))
                .collect();
            let kept: HashSet<&str> = (0..n)
                .filter(|&i| keep[i])
                .map(|i| v.str_of(Table::Ids, i))
                .collect();
            let fresh: Vec<&(String, u64)> = files
                .iter()
                .filter(|(id, _)| !kept.contains(id.as_str()))
                .collect();
            (keep, fresh)
        };
        let dropped = keep.iter().any(|k| !k);
        if !dropped && fresh.is_empty() {
            return false;
        }
        // One session read at a time, indexed, and dropped: never all of them held at once.
        self.add(
            fresh
                .into_iter()
                .filter_map(|(id, key)| load(id).map(|(d, s)| (d, s, *key))),
            dropped.then_some(keep),
        );
        true
    }

    /// Append sessions, dropping first those not marked in `keep`; merged in chunks.
    fn add(
        &mut self,
        docs: impl IntoIterator<Item = (Doc, i64, u64)>,
        mut keep: Option<Vec<bool>>,
    ) {
        let mut added = merge::Added::default();
        for (doc, started, key) in docs {
            added.add(doc, started, key);
            if added.len() >= CHUNK {
                self.merge(keep.take(), std::mem::take(&mut added));
            }
        }
        if added.len() > 0 || keep.is_some() {
            self.merge(keep, added);
        }
    }

    fn merge(&mut self, keep: Option<Vec<bool>>, added: merge::Added) {
        let bytes = merge::merge(
            self.view(),
            keep.as_deref(),
            added,
            VERSION,
            self.layout.stamp,
        );
        *self = SearchIndex::from_written(bytes);
    }

    /// The bytes to save.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// A saved index read into `bytes`, used in place; an empty one when they are not a
    /// sound index of this version.
    pub fn from_vec(bytes: Vec<u8>) -> SearchIndex {
        match Layout::read(&bytes) {
            Some(layout) if layout.version == VERSION => SearchIndex { bytes, layout },
            _ => SearchIndex::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.layout.n
    }

    pub fn is_empty(&self) -> bool {
        self.layout.n == 0
    }

    /// The first word at or after `prefix` in the vocabulary.
    fn first_from(&self, prefix: &str) -> usize {
        let v = self.view();
        let (mut lo, mut hi) = (0, v.rows(Table::Words));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if v.str_of(Table::Words, mid) < prefix {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Sessions with a word starting with `prefix`, and those whose headline has one, as
    /// bitsets over session numbers, from one pass over the words.
    fn with_prefix(&self, prefix: &str) -> (Vec<u64>, Vec<u64>) {
        let v = self.view();
        let blocks = self.layout.n.div_ceil(64);
        let (mut all, mut head) = (vec![0u64; blocks], vec![0u64; blocks]);
        for i in self.first_from(prefix)..v.rows(Table::Words) {
            if !v.str_of(Table::Words, i).starts_with(prefix) {
                break;
            }
            for (t, bits) in [(Table::Posts, &mut all), (Table::HeadPosts, &mut head)] {
                for d in v.docs(t, i) {
                    bits[d as usize / 64] |= 1 << (d % 64);
                }
            }
        }
        (all, head)
    }

    /// Add to `bits` the sessions with a word whose start is one letter off `w` (a letter
    /// wrong, missing, extra, or two swapped), among the words sharing its first letter.
    fn with_typos(&self, w: &str, bits: &mut [u64]) {
        let want: Vec<char> = w.chars().collect();
        let Some(&first) = want.first() else { return };
        let v = self.view();
        let mut have = Vec::new();
        for i in self.first_from(first.encode_utf8(&mut [0; 4]))..v.rows(Table::Words) {
            let word = v.str_of(Table::Words, i);
            if !word.starts_with(first) {
                break;
            }
            have.clear();
            have.extend(word.chars());
            if near(&want, &have) {
                for d in v.docs(Table::Posts, i) {
                    bits[d as usize / 64] |= 1 << (d % 64);
                }
            }
        }
    }

    /// Whether session `i` passes the query's filters.
    fn passes(&self, q: &Query, i: usize) -> bool {
        let v = self.view();
        q.tags
            .iter()
            .all(|t| v.tags(i).any(|have| have == t.as_str()))
            && q.guides
                .iter()
                .all(|g| v.str_of(Table::Guides, i).starts_with(g.as_str()))
            && q.clients.iter().all(|c| {
                let have = v.str_of(Table::Clients, i);
                !have.is_empty() && have.starts_with(c.as_str())
            })
            && q.after.is_none_or(|a| v.started(i) >= a)
            && q.before.is_none_or(|b| v.started(i) < b)
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
        let v = self.view();
        let n = self.layout.n;
        let stale = || cancel.load(Ordering::Relaxed) != generation;
        let blocks = n.div_ceil(64);
        // Each word's sessions, looked up once: every word anywhere, and every word in the
        // headline (kept per word, so no headline is read here).
        let per_word: Vec<(Vec<u64>, Vec<u64>)> =
            q.words.iter().map(|w| self.with_prefix(w)).collect();
        if stale() {
            return None;
        }
        let mut exact = vec![u64::MAX; blocks];
        let mut in_head = vec![u64::MAX; blocks];
        for (all, head) in &per_word {
            for (k, (a, h)) in all.iter().zip(head).enumerate() {
                exact[k] &= a;
                in_head[k] &= h;
            }
        }
        let bit = |bits: &[u64], i: usize| bits[i / 64] & (1 << (i % 64)) != 0;
        let mut scored: Vec<(i64, usize)> = Vec::new();
        for i in 0..n {
            if i % 4096 == 0 && stale() {
                return None;
            }
            if bit(&exact, i) && self.passes(&q, i) {
                scored.push((if bit(&in_head, i) { 1000 } else { 500 }, i));
            }
        }
        if scored.len() < FEW && !q.words.is_empty() {
            let mut near = vec![u64::MAX; blocks];
            for (w, (all, _)) in q.words.iter().zip(per_word) {
                if stale() {
                    return None;
                }
                let mut b = all;
                if w.chars().count() >= 4 {
                    self.with_typos(w, &mut b);
                }
                for (a, b) in near.iter_mut().zip(b) {
                    *a &= b;
                }
            }
            for i in 0..n {
                if bit(&near, i) && !bit(&exact, i) && self.passes(&q, i) {
                    scored.push((300, i));
                }
            }
        }
        let phrase = q.words.join(" ");
        if scored.is_empty() && q.phrases.is_empty() && !q.words.is_empty() {
            for i in 0..n {
                if i % 1024 == 0 && stale() {
                    return None;
                }
                if self.passes(&q, i)
                    && let Some(f) = fuzzy_score(v.str_of(Table::Heads, i), &phrase)
                {
                    scored.push((f.min(200), i));
                }
            }
        }
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(v.started(b.1).cmp(&v.started(a.1))));
        // A phrase holds only where its words are together: read those sessions to see.
        let mut read: Vec<Option<Doc>> = Vec::new();
        if !q.phrases.is_empty() {
            let mut kept = Vec::new();
            for (score, i) in scored {
                if stale() {
                    return None;
                }
                let Some(d) = doc(v.str_of(Table::Ids, i)) else {
                    continue;
                };
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
        for (k, (score, i)) in scored.into_iter().enumerate() {
            let id = v.str_of(Table::Ids, i);
            // What is shown is made only for the hits near the top.
            let shown = (k < SNIPPETS).then(|| {
                let mut shown = read
                    .get_mut(k)
                    .and_then(Option::take)
                    .or_else(|| doc(id))
                    .map(|d| snippet_hit(&d, &lead, &q.words, score))
                    .unwrap_or_default();
                shown.headline = v.str_of(Table::Heads, i).to_string();
                Box::new(shown)
            });
            hits.push(Hit {
                id: id.to_string(),
                score,
                started: v.started(i),
                shown,
            });
        }
        Some(hits)
    }

    /// Whether a word is in the vocabulary.
    #[cfg(test)]
    fn has_word(&self, word: &str) -> bool {
        let i = self.first_from(word);
        i < self.view().rows(Table::Words) && self.view().str_of(Table::Words, i) == word
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::search::Place;
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
        let files = |keys: &[(&str, u64)]| -> Vec<(String, u64)> {
            keys.iter().map(|(a, b)| (a.to_string(), *b)).collect()
        };
        let mut index = SearchIndex::default();
        assert!(index.refresh(&files(&[("a", 1), ("b", 1), ("c", 1)]), &load));
        assert_eq!(ids(&index, "pears"), ["a", "b"]);
        reads.borrow_mut().clear();
        assert!(!index.refresh(&files(&[("a", 1), ("b", 1), ("c", 1)]), &load));
        assert!(reads.borrow().is_empty(), "nothing changed, nothing read");
        // b rewritten, a gone, d new.
        texts.borrow_mut().insert("b", "bananas only");
        texts.borrow_mut().insert("d", "dates and pears");
        assert!(index.refresh(&files(&[("b", 2), ("c", 1), ("d", 1)]), &load));
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
            index.has_word("pears") && !index.has_word("apples"),
            "a's words are gone"
        );
        let back = SearchIndex::from_vec(index.as_bytes().to_vec());
        assert_eq!(back, index);
        assert_eq!(
            SearchIndex::from_vec(b"\x05garbage".to_vec()),
            SearchIndex::default()
        );
    }

    /// A saved index cut anywhere, or with any byte changed, is either refused (an empty
    /// index, built again) or read; either way no query on it panics or names a session
    /// that is not there.
    #[test]
    fn a_damaged_saved_index_never_panics() {
        let docs = ["apples and pears", "bananas and pears", "cherries", "dates"]
            .iter()
            .enumerate()
            .map(|(n, t)| {
                let mut d = doc(&format!("s{n}"), t);
                d.tags = vec!["work".into()];
                d.client = Some("Alex".into());
                (d, n as i64)
            });
        let bytes = SearchIndex::build(docs).as_bytes().to_vec();
        let cancel = AtomicU64::new(1);
        let ask = |index: &SearchIndex| {
            for q in [
                "pears",
                "p",
                "pearz",
                "tag:work",
                "client:al che",
                "\"and pears\"",
                "hdln",
            ] {
                index.query(q, 1, &cancel, &|_| None).unwrap();
            }
        };
        ask(&SearchIndex::from_vec(bytes.clone()));
        for cut in 0..bytes.len() {
            let index = SearchIndex::from_vec(bytes[..cut].to_vec());
            assert!(index.is_empty(), "cut at {cut} is refused");
        }
        for at in 0..bytes.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[at] ^= flip;
                ask(&SearchIndex::from_vec(b));
            }
        }
    }

    /// Dropping sessions keeps the others' words and numbers right, through several merges
    /// (more sessions than one chunk).
    #[test]
    fn many_sessions_merge_in_chunks_and_drop_cleanly() {
        let n = CHUNK * 2 + 7;
        let files: Vec<(String, u64)> = (0..n).map(|i| (format!("s{i:05}"), 1)).collect();
        let text = |i: usize| {
            format!(
                "common w{i}x {}",
                if i.is_multiple_of(3) { "fizz" } else { "buzz" }
            )
        };
        let load = |id: &str| {
            let i: usize = id[1..].parse().ok()?;
            Some((doc(id, &text(i)), i as i64))
        };
        let mut index = SearchIndex::default();
        assert!(index.refresh(&files, &load));
        assert_eq!(index.len(), n);
        assert_eq!(ids(&index, "fizz").len(), n.div_ceil(3));
        let first = |index: &SearchIndex, q: &str| {
            let hits = index.query(q, 1, &AtomicU64::new(1), &|_| None).unwrap();
            hits.first().map(|h| h.id.clone()).unwrap_or_default()
        };
        let late = CHUNK + 1;
        assert_eq!(first(&index, &format!("w{late}x")), format!("s{late:05}"));
        // Every other session goes.
        let left: Vec<(String, u64)> = files.iter().step_by(2).cloned().collect();
        assert!(index.refresh(&left, &load));
        assert_eq!(index.len(), left.len());
        assert_eq!(ids(&index, "common").len(), left.len());
        assert_eq!(ids(&index, "fizz").len(), (0..n).step_by(6).count());
        assert!(!index.has_word("w1x"), "s00001's own word is gone");
        assert!(index.has_word("w2x"));
        assert_eq!(ids(&index, "w2x"), ["s00002"]);
        assert_eq!(
            first(&index, &format!("w{}x", late + 1)),
            format!("s{:05}", late + 1)
        );
        let back = SearchIndex::from_vec(index.as_bytes().to_vec());
        assert_eq!(back, index);
    }
}
