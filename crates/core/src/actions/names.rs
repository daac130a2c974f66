//! Known clients, for the pair form: whether the name typed is a returning client, a new one,
//! or close to one seen before (a typo that would split one person in two), and filling in a
//! known name from its first letters. Only what the coach asks for is said: no list of
//! clients is ever drawn where a client can see it.

use std::collections::HashMap;

use jiff::Timestamp;

use crate::pairing::plain_name;
use crate::store::SessionSummary;

/// One client seen before: the name as last typed, their sessions, the last one's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub name: String,
    pub sessions: usize,
    pub last: Timestamp,
}

/// Every client in `sessions` (copies left out), most recently seen first.
pub fn known(sessions: &[SessionSummary]) -> Vec<Known> {
    let mut by: HashMap<String, Known> = HashMap::new();
    for s in sessions.iter().filter(|s| s.copy_of.is_none()) {
        let Some(name) = &s.client else { continue };
        let k = by.entry(plain_name(name)).or_insert_with(|| Known {
            name: name.clone(),
            sessions: 0,
            last: s.started,
        });
        k.sessions += 1;
        if s.started >= k.last {
            k.last = s.started;
            k.name = name.clone();
        }
    }
    let mut out: Vec<Known> = by.into_values().collect();
    out.sort_by(|a, b| b.last.cmp(&a.last).then_with(|| a.name.cmp(&b.name)));
    out
}

/// What the name typed is, among `known`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match<'a> {
    /// Nothing typed yet.
    Empty,
    Returning(&'a Known),
    /// Not seen before, but one known name is a letter or two away.
    Close(&'a Known),
    New,
}

pub fn matching<'a>(typed: &str, known: &'a [Known]) -> Match<'a> {
    let typed = plain_name(typed);
    if typed.is_empty() {
        return Match::Empty;
    }
    if let Some(k) = known.iter().find(|k| plain_name(&k.name) == typed) {
        return Match::Returning(k);
    }
    let len = typed.chars().count();
    let allowed = if len <= 5 { 1 } else { 2 };
    // Names are short; a long paste is never compared letter by letter.
    let close: Vec<&Known> = known
        .iter()
        .filter(|k| {
            let name = plain_name(&k.name);
            (3..=80).contains(&len)
                && name.chars().count().abs_diff(len) <= allowed
                && distance(&typed, &name) <= allowed
        })
        .collect();
    match close.as_slice() {
        [one] => Match::Close(one),
        _ => Match::New,
    }
}

/// The one known name that starts with what is typed (two letters at least), or the close
/// one; `None` when there is no single answer.
pub fn complete(typed: &str, known: &[Known]) -> Option<String> {
    let t = plain_name(typed);
    if t.chars().count() < 2 {
        return None;
    }
    let starts: Vec<&Known> = known
        .iter()
        .filter(|k| plain_name(&k.name).starts_with(&t))
        .collect();
    match (starts.as_slice(), matching(typed, known)) {
        ([one], _) => Some(one.name.clone()),
        ([], Match::Close(k)) => Some(k.name.clone()),
        _ => None,
    }
}

/// Edits (insert, delete, change a letter, swap two side by side) from `a` to `b`.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let change = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + change);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * w + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(name: &str, day: i64) -> Known {
        Known {
            name: name.into(),
            sessions: 1,
            last: Timestamp::from_second(1_700_000_000 + day * 86_400).unwrap(),
        }
    }

    #[test]
    fn a_typo_is_caught_and_a_start_is_filled_in() {
        let known = [k("Alex Chen", 2), k("Alexandra", 1), k("Blair", 0)];
        assert!(
            matches!(matching(" alex  chen", &known), Match::Returning(c) if c.name == "Alex Chen")
        );
        assert!(matches!(matching("Alex Chne", &known), Match::Close(c) if c.name == "Alex Chen"));
        assert!(matches!(matching("Blar", &known), Match::Close(c) if c.name == "Blair"));
        assert_eq!(matching("Sam", &known), Match::New);
        assert_eq!(matching("  ", &known), Match::Empty);
        assert_eq!(complete("bl", &known).as_deref(), Some("Blair"));
        assert_eq!(
            complete("alex", &known),
            None,
            "two start that way: no guess"
        );
        assert_eq!(complete("alexa", &known).as_deref(), Some("Alexandra"));
        assert_eq!(
            complete("Blari", &known).as_deref(),
            Some("Blair"),
            "the close one"
        );
        assert_eq!(complete("b", &known), None, "one letter says too little");
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
