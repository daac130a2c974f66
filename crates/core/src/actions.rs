//! What a client said they would do, carried from one paired session into the next with the
//! same client: every earlier next step not yet settled (done or dropped) in a later session
//! is open, and a new session with that client starts by looking at each.
//!
//! Nothing is written back to the earlier file: how a step went is recorded in the session
//! where it was reviewed, so two machines never edit one old transcript.

use jiff::Timestamp;

use crate::store::Store;
use crate::transcript::{Review, ReviewStatus, Transcript};

pub use crate::pairing::same_client;

/// Every next step agreed with `client` in `transcripts` and not settled in a later one,
/// oldest first, each as a review still open (with the last word said on it, if any).
pub fn open_for(client: &str, transcripts: &[Transcript]) -> Vec<Review> {
    let mut theirs: Vec<&Transcript> = transcripts
        .iter()
        .filter(|t| {
            t.pair
                .as_ref()
                .is_some_and(|p| same_client(&p.client, client))
        })
        .collect();
    theirs.sort_by_key(|t| t.started);
    let mut open = Vec::new();
    for (n, t) in theirs.iter().enumerate() {
        let Some(text) = t
            .next_step
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            continue;
        };
        let later = &theirs[n + 1..];
        let reviews: Vec<&Review> = later
            .iter()
            .flat_map(|u| u.reviewed.iter())
            .filter(|r| r.from == t.id)
            .collect();
        if reviews.iter().any(|r| r.status.settled()) {
            continue;
        }
        open.push(Review {
            from: t.id.clone(),
            agreed: t.started,
            text: text.to_string(),
            status: ReviewStatus::Open,
            word: reviews
                .iter()
                .rev()
                .find(|r| !r.word.is_empty())
                .map(|r| r.word.clone())
                .unwrap_or_default(),
        });
    }
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
    let mut out: Vec<Client> = Vec::new();
    for t in transcripts {
        let Some(pair) = &t.pair else { continue };
        match out.iter_mut().find(|c| same_client(&c.name, &pair.client)) {
            Some(c) => {
                c.sessions += 1;
                if t.started >= c.last {
                    c.last = t.started;
                    c.name = pair.client.clone();
                }
            }
            None => out.push(Client {
                name: pair.client.clone(),
                sessions: 1,
                last: t.started,
                open: Vec::new(),
            }),
        }
    }
    for c in &mut out {
        c.open = open_for(&c.name, transcripts);
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.last));
    out
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
            status: ReviewStatus::Done,
            word: String::new(),
        });
        let cs = clients(&all);
        assert_eq!(cs[0].name, "alex", "the name as last typed");
        assert_eq!(cs[0].sessions, 2);
        assert_eq!(cs.len(), 2);
    }
}
