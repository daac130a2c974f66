//! `list`, `delete` and `trash`: the sessions folder and its trash, one line a session.

use std::io::{self, Write};

use anyhow::{Result, bail};

use crate::store::{FileStore, Store};
use crate::text::Safe;
use crate::time;

/// `leverage list`: every session, newest first, and every file that could not be read.
pub fn list(
    store: &FileStore,
    json: bool,
    client: Option<&str>,
    out: &mut dyn Write,
) -> Result<u8> {
    // The index as it stands when nothing in the folder changed since it was written (every
    // save, delete and restore changes the folder); otherwise a full listing.
    let mut listing = store.list_quick().unwrap_or_else(|| store.list());
    if let Some(want) = client {
        listing.sessions.retain(|s| {
            s.client
                .as_deref()
                .is_some_and(|c| crate::actions::same_client(c, want))
        });
    }
    let tz = time::local_zone();
    if json {
        // Streamed, one session a line, never built whole (JSON escapes every control
        // character itself: nothing raw reaches the terminal).
        let mut out = io::BufWriter::new(out);
        out.write_all(b"{\"sessions\": [\n")?;
        for (n, s) in listing.sessions.iter().enumerate() {
            if n > 0 {
                out.write_all(b",\n")?;
            }
            let row = JsonRow {
                id: &s.id,
                started: s.started.to_string(),
                updated: s.updated.to_string(),
                guide: &s.guide_id,
                // Spelt as the transcript spells it (and `show --format json`).
                status: s.status,
                headline: s.headline.as_deref(),
                check_in: s.check_in,
                check_out: s.check_out,
                paired: s.paired,
                client: s.client.as_deref(),
                mode: s.mode.as_deref(),
                tags: &s.tags,
                revisit_due: s.revisit_due.map(|d| d.to_string()),
                file: store.path_of(&s.id).display().to_string(),
                copy_of: s.copy_of.as_deref(),
            };
            serde_json::to_writer(&mut out, &row)?;
        }
        out.write_all(b"\n], \"unreadable\": [\n")?;
        for (n, u) in listing.unreadable.iter().enumerate() {
            if n > 0 {
                out.write_all(b",\n")?;
            }
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({ "file": u.name, "error": u.reason }),
            )?;
        }
        out.write_all(b"\n]}\n")?;
        out.flush()?;
        return Ok(0);
    }
    if listing.sessions.is_empty() && listing.unreadable.is_empty() {
        writeln!(
            out,
            "No sessions yet. Start one with `leverage` or `leverage new`."
        )?;
        return Ok(0);
    }
    // One write for the whole list, not one per line (stdout is line-buffered).
    let mut out = io::BufWriter::new(out);
    for s in &listing.sessions {
        writeln!(
            out,
            "{:<28}  {:<22}  {:<10}  {:<11}  {}",
            Safe(&s.id),
            time::date_time(s.started, &tz),
            Safe(&s.guide_id),
            s.status.label(),
            match &s.client {
                Some(c) => format!(
                    "[{}] {}",
                    Safe(c),
                    Safe(s.headline.as_deref().unwrap_or("-"))
                ),
                None => Safe(s.headline.as_deref().unwrap_or("-")).to_string(),
            }
        )?;
        copy_line(&mut out, s, "`leverage resolve` keeps one or both")?;
    }
    for u in &listing.unreadable {
        writeln!(out, "unreadable  {}: {}", Safe(&u.name), Safe(&u.reason))?;
    }
    out.flush()?;
    Ok(0)
}

/// One session as `list --json` gives it (see docs/formats.md).
#[derive(serde::Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    started: String,
    updated: String,
    guide: &'a str,
    status: crate::transcript::Status,
    headline: Option<&'a str>,
    check_in: Option<u8>,
    check_out: Option<u8>,
    paired: bool,
    client: Option<&'a str>,
    mode: Option<&'a str>,
    tags: &'a [String],
    revisit_due: Option<String>,
    file: String,
    copy_of: Option<&'a str>,
}

/// `leverage delete`: move one session to the trash, asking first unless `yes`.
pub fn delete(store: &mut FileStore, prefix: &str, yes: bool, out: &mut dyn Write) -> Result<u8> {
    let id = store.resolve(prefix)?;
    if !yes {
        let headline = store
            .load(&id)
            .ok()
            .and_then(|t| t.headline)
            .unwrap_or_default();
        eprint!(
            "Move {} ({}) to the trash? [y/N] ",
            Safe(&id),
            Safe(&headline)
        );
        let mut answer = String::new();
        io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("Left as it is.");
            return Ok(1);
        }
    }
    store.delete(&id)?;
    let id = Safe(&id);
    writeln!(
        out,
        "Moved {id} to the trash. `leverage trash --restore {id}` brings it back."
    )?;
    Ok(0)
}

/// `leverage trash`: list the trash, restore one session from it, or empty it.
pub fn trash(
    store: &mut FileStore,
    restore: Option<String>,
    empty: bool,
    out: &mut dyn Write,
) -> Result<u8> {
    if let Some(prefix) = restore {
        let id = trashed_id(store, &prefix)?;
        store.restore(&id)?;
        writeln!(out, "Restored {}.", Safe(&id))?;
        return Ok(0);
    }
    if empty {
        let n = store.empty_trash()?;
        let s = if n == 1 { "" } else { "s" };
        writeln!(out, "Removed {n} file{s} from the trash for good.")?;
        return Ok(0);
    }
    let listing = store.trash();
    if listing.sessions.is_empty() && listing.unreadable.is_empty() {
        writeln!(out, "The trash is empty.")?;
        return Ok(0);
    }
    let tz = time::local_zone();
    for s in &listing.sessions {
        writeln!(
            out,
            "{:<28}  {:<22}  {}",
            Safe(&s.id),
            time::date_time(s.started, &tz),
            Safe(s.headline.as_deref().unwrap_or("-"))
        )?;
        copy_line(
            out,
            s,
            "`leverage trash --restore` brings it back to resolve",
        )?;
    }
    for u in &listing.unreadable {
        writeln!(out, "unreadable  {}: {}", Safe(&u.name), Safe(&u.reason))?;
    }
    writeln!(
        out,
        "(`leverage trash --restore ID` brings one back; `leverage trash --empty` removes them for good)"
    )?;
    Ok(0)
}

/// The one id in the trash that `prefix` names: exactly, or as the unique start of one.
fn trashed_id(store: &FileStore, prefix: &str) -> Result<String> {
    let listing = store.trash();
    let ids: Vec<&str> = listing
        .sessions
        .iter()
        .map(|s| s.id.as_str())
        .chain(
            listing
                .unreadable
                .iter()
                .filter_map(|u| u.name.strip_suffix(".ron")),
        )
        .collect();
    if let Some(i) = ids.iter().find(|i| **i == prefix) {
        return Ok(i.to_string());
    }
    let matches: Vec<_> = ids.iter().filter(|i| i.starts_with(prefix)).collect();
    match matches.as_slice() {
        [one] => Ok(one.to_string()),
        [] => bail!("nothing in the trash matches {prefix:?}"),
        _ => bail!(
            "{prefix:?} matches {} sessions in the trash; give more of the id",
            matches.len()
        ),
    }
}

/// `leverage resolve`: keep this copy, the session it copies, or both, losing no file: what is
/// not kept goes to the trash, byte for byte.
pub fn resolve(
    store: &mut FileStore,
    file: &str,
    keep: crate::cli::args::KeepWhich,
    out: &mut dyn Write,
) -> Result<u8> {
    use crate::cli::args::KeepWhich;
    use crate::store::Keep;
    let keep = match keep {
        KeepWhich::This => Keep::This,
        KeepWhich::Other => Keep::Other,
        KeepWhich::Both => Keep::Both,
    };
    let done = store.resolve_copy(file, keep, jiff::Timestamp::now())?;
    writeln!(out, "{}", Safe(&done))?;
    Ok(0)
}

/// Under a row that is a copy of another session: what it is, and what can be done with it.
fn copy_line(
    out: &mut dyn Write,
    s: &crate::store::SessionSummary,
    what_next: &str,
) -> io::Result<()> {
    match crate::store::copy_label(s) {
        Some(label) => writeln!(out, "{:<28}  ^ {}: {what_next}", "", Safe(&label)),
        None => Ok(()),
    }
}
