//! `leverage clients`: every client of paired sessions, with how many sessions, the last one,
//! and the actions still open (who takes each on, and when it is due) from earlier sessions (what the next session starts with).

use std::io::{self, Write};

use anyhow::Result;

use crate::actions;
use crate::store::FileStore;
use crate::text::Safe;
use crate::time;
use crate::transcript::Owner;

pub fn clients(store: &FileStore, json: bool, out: &mut dyn Write) -> Result<u8> {
    let transcripts = actions::paired_sessions(store, None);
    let clients = actions::clients(&transcripts);
    let tz = time::local_zone();
    if json {
        let doc: Vec<_> = clients
            .iter()
            .map(|c| {
                serde_json::json!({
                    "client": c.name,
                    "sessions": c.sessions,
                    "last": c.last.to_string(),
                    "open": c.open.iter().map(|r| serde_json::json!({
                        "text": r.text,
                        "owner": match r.owner {
                            Owner::Client => "client",
                            Owner::Coach => "coach",
                        },
                        "due": r.due.map(|d| d.to_string()),
                        "from": r.from,
                        "agreed": r.agreed.to_string(),
                        "word": r.word,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(0);
    }
    if clients.is_empty() {
        writeln!(
            out,
            "No clients yet. A paired session (`leverage new --coach NAME --client NAME`) adds one."
        )?;
        return Ok(0);
    }
    let mut out = io::BufWriter::new(out);
    for c in &clients {
        writeln!(
            out,
            "{}: {} session{}, the last {}",
            Safe(&c.name),
            c.sessions,
            if c.sessions == 1 { "" } else { "s" },
            time::date_time(c.last, &tz)
        )?;
        if c.open.is_empty() {
            writeln!(out, "  nothing open")?;
        }
        let today = time::today(jiff::Timestamp::now(), &tz);
        for r in &c.open {
            let who = match r.owner {
                Owner::Client => format!("for {}", Safe(&c.name)),
                Owner::Coach => "for you".to_string(),
            };
            let when = r
                .due
                .map_or_else(|| "no date set".to_string(), |d| time::due(d, today));
            write!(
                out,
                "  {who}, {when}: {} (agreed {}",
                Safe(&r.text),
                time::date(r.agreed, &tz)
            )?;
            if !r.word.is_empty() {
                write!(out, "; last said: {}", Safe(&r.word))?;
            }
            writeln!(out, ")")?;
        }
    }
    out.flush()?;
    Ok(0)
}
