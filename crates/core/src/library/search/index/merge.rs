//! Sessions on their way into the search index, and the merge that writes a new index from
//! an old one (some of its sessions dropped) and the sessions added: the vocabulary stays
//! sorted and every word's sessions rise, and words no session has any more go.

use std::collections::HashMap;

use super::layout::{Table, View, Writer};
use crate::library::search::{Doc, fold, for_each_word};

/// A word's sessions: all those it is in, and those whose headline has it.
type Postings = (Vec<u32>, Vec<u32>);

/// Sessions read and not yet merged, numbered from 0 in the order they came.
#[derive(Default)]
pub(super) struct Added {
    sessions: Vec<New>,
    /// Each word: the sessions it is in, and those whose headline has it.
    words: HashMap<String, Postings>,
}

struct New {
    id: String,
    key: u64,
    headline: String,
    started: i64,
    guide: String,
    client: String,
    tags: Vec<String>,
}

impl Added {
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    /// One session's words (the headline's marked as such), then the session. A word is
    /// looked up as read; only a word not met before is copied.
    pub fn add(&mut self, doc: Doc, started: i64, key: u64) {
        let n = self.sessions.len() as u32;
        let words = &mut self.words;
        let mut buf = String::new();
        for_each_word(&doc.headline, &mut buf, |w| {
            let (all, head) = entry(words, w);
            if all.last() != Some(&n) {
                all.push(n);
            }
            if head.last() != Some(&n) {
                head.push(n);
            }
        });
        for (_, text) in &doc.fields {
            for_each_word(text, &mut buf, |w| {
                let (all, _) = entry(words, w);
                if all.last() != Some(&n) {
                    all.push(n);
                }
            });
        }
        self.sessions.push(New {
            id: doc.id,
            key,
            headline: doc.headline,
            started,
            guide: fold(&doc.guide),
            client: doc.client.as_deref().map(fold).unwrap_or_default(),
            tags: doc.tags.iter().map(|t| fold(t)).collect(),
        });
    }
}

/// The sessions of `w`, put there empty when it is new (the only time it is copied).
fn entry<'a>(words: &'a mut HashMap<String, Postings>, w: &str) -> &'a mut Postings {
    if !words.contains_key(w) {
        words.insert(w.to_string(), Postings::default());
    }
    match words.get_mut(w) {
        Some(p) => p,
        None => unreachable!("put there just above"),
    }
}

/// The bytes of an index holding `old`'s sessions marked in `keep` (all of them when None),
/// numbered again in order, then the `added` ones.
pub(super) fn merge(
    old: View,
    keep: Option<&[bool]>,
    added: Added,
    version: u32,
    stamp: u128,
) -> Vec<u8> {
    let n_old = old.layout.n;
    let kept = |i: usize| keep.is_none_or(|k| k.get(i).copied().unwrap_or(false));
    // Each old session's new number (u32::MAX: dropped), when any is dropped.
    let renumber: Option<Vec<u32>> = keep.map(|_| {
        let mut next = 0u32;
        (0..n_old)
            .map(|i| {
                if kept(i) {
                    next += 1;
                    next - 1
                } else {
                    u32::MAX
                }
            })
            .collect()
    });
    let mut w = Writer::new();
    let mut count = 0usize;
    for i in (0..n_old).filter(|&i| kept(i)) {
        w.push_session(old.key(i), old.started(i));
        w.push_str(Table::Ids, old.str_of(Table::Ids, i));
        w.push_str(Table::Heads, old.str_of(Table::Heads, i));
        w.push_str(Table::Guides, old.str_of(Table::Guides, i));
        w.push_str(Table::Clients, old.str_of(Table::Clients, i));
        for t in old.tags(i) {
            w.push_str(Table::Tags, t);
        }
        w.end_tags();
        count += 1;
    }
    let offset = count as u32;
    let Added { sessions, words } = added;
    for s in &sessions {
        w.push_session(s.key, s.started);
        w.push_str(Table::Ids, &s.id);
        w.push_str(Table::Heads, &s.headline);
        w.push_str(Table::Guides, &s.guide);
        w.push_str(Table::Clients, &s.client);
        for t in &s.tags {
            w.push_str(Table::Tags, t);
        }
        w.end_tags();
        count += 1;
    }
    drop(sessions);
    let mut new: Vec<(String, Postings)> = words.into_iter().collect();
    new.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let old_words = old.rows(Table::Words);
    let renumbered = |t: Table, i: usize| -> Vec<u32> {
        match &renumber {
            Some(r) => old
                .docs(t, i)
                .filter_map(|d| r.get(d as usize).copied().filter(|&x| x != u32::MAX))
                .collect(),
            None => old.docs(t, i).collect(),
        }
    };
    let (mut i, mut j) = (0usize, 0usize);
    while i < old_words || j < new.len() {
        let here = (i < old_words).then(|| old.str_of(Table::Words, i));
        let there = new.get(j).map(|(w, _)| w.as_str());
        let order = match (here, there) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                let word = here.unwrap_or_default();
                if renumber.is_none() {
                    // Nothing dropped: the word's sessions are copied as they are.
                    w.push_str(Table::Words, word);
                    w.push_raw(Table::Posts, &old, i);
                    w.push_raw(Table::HeadPosts, &old, i);
                } else {
                    let all = renumbered(Table::Posts, i);
                    if !all.is_empty() {
                        w.push_str(Table::Words, word);
                        w.push_docs(Table::Posts, all);
                        w.push_docs(Table::HeadPosts, renumbered(Table::HeadPosts, i));
                    }
                }
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                let (word, (all, head)) = &new[j];
                w.push_str(Table::Words, word);
                w.push_docs(Table::Posts, all.iter().map(|d| d + offset));
                w.push_docs(Table::HeadPosts, head.iter().map(|d| d + offset));
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                let (word, (all, head)) = &new[j];
                w.push_str(Table::Words, word);
                let mut a = renumbered(Table::Posts, i);
                a.extend(all.iter().map(|d| d + offset));
                w.push_docs(Table::Posts, a);
                let mut h = renumbered(Table::HeadPosts, i);
                h.extend(head.iter().map(|d| d + offset));
                w.push_docs(Table::HeadPosts, h);
                i += 1;
                j += 1;
            }
        }
    }
    w.finish(version, count, stamp)
}
