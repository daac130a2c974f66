//! Plain mode for a coach and client together (a screen-reader user, or a terminal that
//! cannot draw): each answer is the client's; after it, the coach may ask a follow-up, which
//! the client answers, as many times as they like, each filed under its speaker in the
//! transcript as the full screen files them. Coach-only notes are not taken here: whatever is
//! typed is read aloud on a shared terminal, so they belong in `leverage coach`, on a screen
//! of the coach's own.

use std::io;

use jiff::Timestamp;

use super::{Io, Reply};
use crate::pairing::{Speaker, Visibility};
use crate::session::Session;

/// The names, as said before each turn.
fn names(session: &Session) -> (String, String) {
    session.pair.as_ref().map_or_else(
        || ("Coach".into(), "Client".into()),
        |p| (p.coach.clone(), p.client.clone()),
    )
}

/// Said once at the start of a paired session in plain mode.
pub fn intro(session: &Session, io: &mut Io) -> io::Result<()> {
    let (coach, client) = names(session);
    io.wrapped(
        &format!(
            "Paired session: {coach} coaching {client}. Each answer is {client}'s; after it, \
             {coach} can ask a follow-up (an empty line goes on). Coach-only notes are not \
             taken here, where everything is read aloud: `leverage coach` takes them on a \
             screen of the coach's own."
        ),
        "",
    )?;
    if let Some(p) = &session.pair {
        if !p.confidential.trim().is_empty() {
            io.wrapped(&format!("Stays between you: {}", p.confidential.trim()), "")?;
        }
        io.wrapped(&format!("Agreed: {}.", p.consent.label()), "")?;
    }
    writeln!(io.out)
}

/// Whose answer comes next, said before it.
pub fn client_turn(session: &Session, io: &mut Io) -> io::Result<()> {
    let (_, client) = names(session);
    writeln!(io.out, "{client} (client):")
}

/// The client's answer on chat step `i`, filed as a turn.
pub fn file_answer(session: &mut Session, i: usize, text: &str, now: Timestamp) {
    if text.trim().is_empty() {
        return;
    }
    session.set_open_turn(i, text, now);
    session.seal_turn(i, now);
}

/// After the client's answer on step `i`: the coach's follow-ups and the client's replies,
/// until the coach goes on. False when input ended on the way (what was said is kept).
pub fn follow_ups(
    session: &mut Session,
    i: usize,
    io: &mut Io,
    clock: &dyn Fn() -> Timestamp,
) -> io::Result<bool> {
    let (coach, client) = names(session);
    loop {
        writeln!(
            io.out,
            "{coach} (coach): a follow-up, on one line (an empty line goes on):"
        )?;
        let Some(line) = io.line()? else {
            return Ok(false);
        };
        let ask = crate::editor::clean(line.trim());
        if ask.is_empty() {
            return Ok(true);
        }
        session.file(i, Speaker::Coach, &ask, Visibility::Shared, clock());
        writeln!(
            io.out,
            "{client} (client), your reply (end with a line holding only \".\"):"
        )?;
        let (lines, ended) = match io.answer()? {
            Reply::Lines(l) => (l, false),
            Reply::Eof(l) => (l, true),
            // Passing on a reply, or `<`, is no reply.
            Reply::Skip | Reply::Back | Reply::Word => (Vec::new(), false),
        };
        let reply = crate::editor::clean(&lines.join("\n"));
        if session.is_chat(i) {
            file_answer(session, i, &reply, clock());
        } else if !reply.trim().is_empty() {
            // A reply on a picked answer (a scale, a choice) is a turn of its own.
            session.file(i, Speaker::Client, &reply, Visibility::Shared, clock());
        }
        if ended {
            return Ok(false);
        }
    }
}

/// Last time's next steps with this client, each looked at in turn: how it went (a number)
/// and a word on it. An empty line leaves one open for next time. False when input ended.
pub fn review(session: &mut Session, io: &mut Io) -> io::Result<bool> {
    use crate::transcript::ReviewStatus;
    let open: Vec<usize> = (0..session.reviewed.len())
        .filter(|&k| session.reviewed[k].status == ReviewStatus::Open)
        .collect();
    if open.is_empty() {
        return Ok(true);
    }
    let (_, client) = names(session);
    io.wrapped(
        &format!("Before we start: what you and {client} agreed to do last time."),
        "",
    )?;
    let today = crate::time::today(session.updated, &crate::time::local_zone());
    for k in open {
        let r = session.reviewed[k].clone();
        let who = crate::actions::owner_and_due(r.owner, r.due, session.pair.as_ref(), Some(today));
        io.wrapped(&format!("From last time: {} ({who})", r.text), "  ")?;
        writeln!(
            io.out,
            "How did it go? 1 = done, 2 = not yet, 3 = dropped; an empty line leaves it for later:"
        )?;
        let status = loop {
            let Some(line) = io.line()? else {
                return Ok(false);
            };
            match line.trim() {
                "" => break None,
                "1" => break Some(ReviewStatus::Done),
                "2" => break Some(ReviewStatus::NotYet),
                "3" => break Some(ReviewStatus::Dropped),
                _ => writeln!(io.out, "Please give 1, 2 or 3, or an empty line.")?,
            }
        };
        let Some(status) = status else { continue };
        writeln!(
            io.out,
            "A word on how it went, on one line (an empty line for none):"
        )?;
        let Some(word) = io.line()? else {
            return Ok(false);
        };
        if let Some(r) = session.reviewed.get_mut(k) {
            r.status = status;
            r.word = crate::text::clean(word.trim());
        }
    }
    writeln!(io.out)?;
    Ok(true)
}
