//! What a client said they would do, carried from one paired session into the next with the
//! same client: every earlier next step not yet settled (done or dropped) in a later session
//! is open, and a new session with that client starts by looking at each.
//!
//! Nothing is written back to the earlier file: how a step went is recorded in the session
//! where it was reviewed, so two machines never edit one old transcript.

use jiff::Timestamp;

use crate::store::{SessionSummary, Store};
use crate::transcript::{Owner, Review, ReviewStatus, Transcript};

pub use crate::pairing::{plain_name, same_client};
pub use read::{due, read, read_all};

pub mod names;
mod read;

/// Who takes `owner`'s actions on, by name in a paired session: "Alex", "Sam (coach)"; in a
/// solo session "you".
pub fn owner_name(owner: Owner, pair: Option<&crate::pairing::Pairing>) -> String {
    match (owner, pair) {
        (Owner::Client, Some(p)) => crate::text::sanitize(&p.client).into_owned(),
        (Owner::Coach, Some(p)) => format!("{} (coach)", crate::text::sanitize(&p.coach)),
        (Owner::Client, None) => "you".to_string(),
        (Owner::Coach, None) => "the coach".to_string(),
    }
}

/// Who and when: on a screen, seen from `today` ("Alex, due Thu 3 Dec 2026, in 1 day");
/// in a document, which stays true whenever it is read, with `None` ("Alex, by Thu 3 Dec
/// 2026"); "Sam (coach), no date set" either way.
pub fn owner_and_due(
    owner: Owner,
    due: Option<jiff::civil::Date>,
    pair: Option<&crate::pairing::Pairing>,
    today: Option<jiff::civil::Date>,
) -> String {
    let when = match (due, today) {
        (Some(d), Some(today)) => crate::time::due(d, today),
        (Some(d), None) => format!("by {}", crate::time::day(d)),
        (None, _) => "no date set".to_string(),
    };
    format!("{}, {when}", owner_name(owner, pair))
}

/// Every action agreed with `client` in `transcripts` and not settled in a later one,
/// oldest first, each as a review still open (with the last word said on it, if any).
pub fn open_for(client: &str, transcripts: &[Transcript]) -> Vec<Review> {
    let theirs: Vec<&Transcript> = transcripts
        .iter()
        .filter(|t| {
            t.pair
                .as_ref()
                .is_some_and(|p| same_client(&p.client, client))
        })
        .collect();
    let summaries: Vec<SessionSummary> = theirs.iter().map(|t| SessionSummary::of(t)).collect();
    let mut open: Vec<Review> = open_listed(&summaries)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    add_words(&mut open, &theirs);
    open
}

/// The last word said on each of `open`, in whichever of `transcripts` it was looked at.
fn add_words<'a>(open: impl IntoIterator<Item = &'a mut Review>, transcripts: &[&Transcript]) {
    use std::collections::HashMap;
    let mut said: HashMap<(&str, &str), (Timestamp, &str)> = HashMap::new();
    for t in transcripts {
        for v in t.reviewed.iter().filter(|v| !v.word.is_empty()) {
            let key = (v.from.as_str(), v.text.as_str());
            if said.get(&key).is_none_or(|(at, _)| t.started >= *at) {
                said.insert(key, (t.started, v.word.as_str()));
            }
        }
    }
    for r in open {
        if let Some((_, word)) = said.get(&(r.from.as_str(), r.text.as_str())) {
            r.word = (*word).to_string();
        }
    }
}

/// Every action agreed in the paired sessions of `sessions` and not settled (done or
/// dropped) in a later session with the same client, oldest first, each with its client's
/// name as last typed. Made from the listing alone, so the home screen can show what is due
/// without reading a transcript.
pub fn open_listed(sessions: &[SessionSummary]) -> Vec<(String, Review)> {
    use std::collections::HashMap;
    // Each client's sessions, by the name made plain (one person however it was typed).
    let mut by_client: HashMap<String, Vec<&SessionSummary>> = HashMap::new();
    for s in sessions.iter().filter(|s| s.copy_of.is_none()) {
        if let Some(c) = &s.client {
            by_client.entry(plain_name(c)).or_default().push(s);
        }
    }
    let mut open = Vec::new();
    for theirs in by_client.values_mut() {
        theirs.sort_by_key(|s| s.started);
        let name = theirs
            .last()
            .and_then(|s| s.client.clone())
            .unwrap_or_default();
        // When each action was last settled: it counts only from another session, started
        // no earlier (two sessions can start within one second).
        let mut settled: HashMap<(&str, &str), Timestamp> = HashMap::new();
        for s in theirs.iter() {
            for (from, text) in &s.settled {
                if *from != s.id {
                    settled.insert((from.as_str(), text.as_str()), s.started);
                }
            }
        }
        for s in theirs.iter() {
            for action in &s.actions {
                // One action is known by its session and its words.
                let key = (s.id.as_str(), action.text.as_str());
                if settled.get(&key).is_some_and(|at| *at >= s.started) {
                    continue;
                }
                open.push((
                    name.clone(),
                    Review {
                        from: s.id.clone(),
                        agreed: s.started,
                        text: action.text.clone(),
                        owner: action.owner,
                        due: action.due,
                        status: ReviewStatus::Open,
                        word: String::new(),
                    },
                ));
            }
        }
    }
    open.sort_by_key(|(_, r)| r.agreed);
    open
}

/// The paired sessions of `client` in `store` (copies and unreadable files left out), and
/// any of everyone's when `client` is `None`, oldest first.
pub fn paired_sessions(store: &dyn Store, client: Option<&str>) -> Vec<Transcript> {
    let listing = store.list();
    let mut out: Vec<Transcript> = listing
        .sessions
        .iter()
        .filter(|s| s.copy_of.is_none())
        .filter(|s| match (client, &s.client) {
            (Some(want), Some(have)) => same_client(want, have),
            (None, Some(_)) => true,
            _ => false,
        })
        .filter_map(|s| store.load(&s.id).ok())
        .collect();
    out.sort_by_key(|t| t.started);
    out
}

/// A new paired session with `pair`'s client: the name spelt as in their last session (so
/// one person is never split in two by case), and their next steps still open, to look at
/// first.
pub fn returning(store: &dyn Store, pair: &mut crate::pairing::Pairing) -> Vec<Review> {
    let theirs = paired_sessions(store, Some(&pair.client));
    if let Some(known) = theirs.last().and_then(|t| t.pair.as_ref()) {
        pair.client = known.client.clone();
    }
    open_for(&pair.client, &theirs)
}

/// One client, as `leverage clients` and the home screen show them.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    /// The name as it was last typed.
    pub name: String,
    pub sessions: usize,
    pub last: Timestamp,
    pub open: Vec<Review>,
}

/// Every client in `transcripts`, the most recently seen first.
pub fn clients(transcripts: &[Transcript]) -> Vec<Client> {
    // Worked out once for everyone, then shared out: not once per client over every session.
    let summaries: Vec<SessionSummary> = transcripts.iter().map(SessionSummary::of).collect();
    let mut open = open_listed(&summaries);
    let all: Vec<&Transcript> = transcripts.iter().collect();
    add_words(open.iter_mut().map(|(_, r)| r), &all);
    names::known(&summaries)
        .into_iter()
        .map(|k| Client {
            open: open
                .iter()
                .filter(|(name, _)| same_client(name, &k.name))
                .map(|(_, r)| r.clone())
                .collect(),
            name: k.name,
            sessions: k.sessions,
            last: k.last,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pairing::Pairing;

    fn session(id: &str, client: &str, day: i64, next: Option<&str>) -> Transcript {
        let g = crate::content::Library::built_in()
            .find("leverage")
            .cloned()
            .unwrap();
        let start = Timestamp::from_second(1_700_000_000 + day * 86_400).unwrap();
        let mut s = crate::session::Session::new(id.into(), g, start);
        s.pair = Some(Pairing::new("Sam", client, None).unwrap());
        let mut t = s.to_transcript();
        t.next_step = next.map(str::to_string);
        t
    }

    #[test]
    fn a_next_step_stays_open_until_a_later_session_settles_it() {
        let mut first = session("a", "Alex", 0, Some("Call Ana on Tuesday."));
        let other = session("b", "Blair", 1, Some("Blair's own step."));
        let mut second = session("c", " alex ", 7, Some("Send the deck."));
        let all = vec![first.clone(), other.clone(), second.clone()];
        let open = open_for("Alex", &all);
        assert_eq!(
            open.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(),
            ["Call Ana on Tuesday.", "Send the deck."]
        );
        // Not yet carries it on, with its word; done settles it.
        second.reviewed.push(Review {
            status: ReviewStatus::NotYet,
            word: "she was away".into(),
            ..open[0].clone()
        });
        let all = vec![first.clone(), other.clone(), second.clone()];
        let open = open_for("ALEX", &all);
        assert_eq!(open.len(), 2);
        assert_eq!(open[0].word, "she was away");
        second.reviewed[0].status = ReviewStatus::Done;
        let all = vec![first.clone(), other, second];
        assert_eq!(open_for("alex", &all).len(), 1);
        // A review in an earlier session does not settle a later step.
        first.reviewed.push(Review {
            from: "c".into(),
            agreed: first.started,
            text: String::new(),
            owner: Owner::Client,
            due: None,
            status: ReviewStatus::Done,
            word: String::new(),
        });
        let cs = clients(&all);
        assert_eq!(cs[0].name, "alex", "the name as last typed");
        assert_eq!(cs[0].sessions, 2);
        assert_eq!(cs.len(), 2);
    }

    #[test]
    fn each_action_carries_over_on_its_own_with_its_owner_and_date() {
        let mut first = session("a", "Alex", 0, Some("ignored when there are actions"));
        let today = jiff::civil::date(2026, 12, 2);
        first.actions = read_all("Call Ana on Thursday\nCoach: send the article", today);
        let mut second = session("b", "Alex", 7, None);
        let open = open_for("Alex", &[first.clone(), second.clone()]);
        assert_eq!(open.len(), 2);
        assert_eq!(open[0].due, Some(jiff::civil::date(2026, 12, 3)));
        assert_eq!(
            (open[1].owner, open[1].text.as_str()),
            (Owner::Coach, "send the article")
        );
        second.reviewed.push(Review {
            status: ReviewStatus::Done,
            ..open[1].clone()
        });
        let open = open_for("Alex", &[first, second]);
        assert_eq!(
            open.len(),
            1,
            "the coach's is done, the client's still open"
        );
        assert_eq!(open[0].text, "Call Ana on Thursday");
    }
}
