//! `show` and `export`: transcripts for reading, with coach-only notes left out unless
//! asked for (the privacy rule itself is in [`crate::privacy`]).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use crate::export::{self, Format};
use crate::pairing::Audience;
use crate::store::{FileStore, Store};
use crate::text::{Safe, safe_display};
use crate::transcript::Transcript;

/// A transcript for whoever runs the command: coach-only notes left out (saying how many on
/// stderr) unless `include_private`, which adds the console's notes too.
pub fn for_reader(store: &FileStore, id: &str, include_private: bool) -> Result<Transcript> {
    let t = store.load(id)?;
    let notes = match store.load_notes(id) {
        Ok(n) => n,
        Err(e) if include_private => return Err(e.into()),
        // Unreadable notes are still notes: count them as withheld without reading them.
        Err(_) => None,
    };
    let audience = if include_private {
        Audience::Coach
    } else {
        Audience::Shared
    };
    let p = crate::privacy::project(&t, audience, notes.as_ref());
    if let Some(notice) = crate::privacy::withheld_notice(p.withheld) {
        eprintln!("{}: {notice}", Safe(id));
    }
    Ok(p.transcript)
}

/// Render for printing: every format passes the safe path as a whole, so a control character
/// that a format writes raw (JSON leaves DEL and C1 as they are) is shown, never obeyed.
fn render(t: &Transcript, format: Format, include_private: bool) -> String {
    let text = with_private_banner(
        export::render(t, format, &crate::time::local_zone()),
        format,
        include_private,
    );
    crate::text::sanitize(&text).into_owned()
}

/// A copy with the coach's private notes says so at its top, so it is never mistaken for the
/// client's (text and Markdown; JSON and RON keep their structure).
fn with_private_banner(text: String, format: Format, include_private: bool) -> String {
    if !include_private {
        return text;
    }
    match format {
        Format::Text => {
            format!("COACH'S COPY: includes coach-only notes. Not for the client.\n\n{text}")
        }
        Format::Markdown => {
            format!("> **Coach's copy**: includes coach-only notes. Not for the client.\n\n{text}")
        }
        Format::Json | Format::Ron => text,
    }
}

/// The exported file's name (see [`export::file_stem`]): the coach's copy has a name of its
/// own beside the client's.
fn file_name(stem: &str, format: Format, include_private: bool) -> String {
    if include_private {
        format!("{stem}.with-private-notes.{}", format.extension())
    } else {
        format!("{stem}.{}", format.extension())
    }
}

/// Several sessions printed as one document: Markdown and text with a list of what is in it
/// and a rule between sessions, JSON as an array, RON as a list.
struct Combined {
    format: Format,
    summary: bool,
    contents: Vec<String>,
    parts: Vec<String>,
}

impl Combined {
    fn new(format: Format, summary: bool) -> Combined {
        Combined {
            format,
            summary,
            contents: Vec::new(),
            parts: Vec::new(),
        }
    }

    fn push(&mut self, t: &Transcript, text: String, tz: &jiff::tz::TimeZone) {
        self.contents.push(format!(
            "{}: {}",
            crate::time::date(t.started, tz),
            t.headline.as_deref().unwrap_or("(no headline)")
        ));
        self.parts.push(text);
    }

    fn finish(self) -> String {
        let n = self.parts.len();
        let format = if self.summary {
            Format::Markdown
        } else {
            self.format
        };
        match format {
            Format::Markdown => {
                let mut s = format!("# {n} sessions\n\n");
                for c in &self.contents {
                    s.push_str(&format!("- {}\n", c.replace('\n', " ")));
                }
                s.push_str("\n---\n\n");
                s.push_str(&self.parts.join("\n---\n\n"));
                s
            }
            Format::Text => {
                let rule = format!("\n{}\n\n", "=".repeat(76));
                let mut s = format!("{n} sessions\n\n");
                for c in &self.contents {
                    s.push_str(&format!("  {}\n", c.replace('\n', " ")));
                }
                s.push_str(&rule);
                s.push_str(&self.parts.join(&rule));
                s
            }
            // An array in JSON, a list in RON: the same brackets and commas.
            Format::Json | Format::Ron => {
                let parts: Vec<&str> = self.parts.iter().map(|p| p.trim_end()).collect();
                format!("[\n{}\n]\n", parts.join(",\n"))
            }
        }
    }
}

/// `leverage show`: one transcript, printed.
pub fn show(
    store: &FileStore,
    id: &str,
    format: Format,
    include_private: bool,
    out: &mut dyn Write,
) -> Result<u8> {
    let id = store.resolve(id)?;
    let t = for_reader(store, &id, include_private)?;
    out.write_all(render(&t, format, include_private).as_bytes())?;
    out.flush()?;
    Ok(0)
}

/// What `leverage export` writes of each session.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// The whole transcript in a format, with the coach's notes or without.
    Whole(Format, bool),
    /// The one-page recap for the client, in Markdown.
    Summary,
}

/// `leverage export`: sessions printed, or written one file each into `output`.
pub fn export(
    store: &FileStore,
    ids: &[String],
    all: bool,
    kind: Kind,
    output: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<u8> {
    let (format, include_private) = match kind {
        Kind::Whole(format, private) => (format, private),
        Kind::Summary => (Format::Markdown, false),
    };
    let mut skipped = 0usize;
    let ids: Vec<String> = if all {
        let listing = store.list();
        // Every file that cannot be exported is named, and the exit code says some were skipped.
        for u in &listing.unreadable {
            eprintln!(
                "leverage: skipped {}: {}",
                safe_display(&u.name),
                safe_display(&u.reason)
            );
            skipped += 1;
        }
        let mut ids: Vec<String> = listing.sessions.into_iter().map(|s| s.id).collect();
        // One document reads best in the order the sessions happened.
        if output.is_none() {
            ids.reverse();
        }
        ids
    } else {
        ids.iter()
            .map(|p| store.resolve(p))
            .collect::<Result<_, _>>()?
    };
    let tz = crate::time::local_zone();
    // Printed together, the sessions make one document of the format (see [`Combined`]).
    let mut combined = (output.is_none() && (all || ids.len() > 1))
        .then(|| Combined::new(format, matches!(kind, Kind::Summary)));
    for id in &ids {
        let t = match for_reader(store, id, include_private) {
            Ok(t) => t,
            Err(e) if all => {
                eprintln!(
                    "leverage: skipped {}: {}",
                    safe_display(id),
                    safe_display(&e)
                );
                skipped += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        let stem = export::file_stem(id, t.headline.as_deref());
        let (text, name) = match kind {
            Kind::Summary => (export::summary(&t, &tz), format!("{stem}.summary.md")),
            Kind::Whole(..) => (
                with_private_banner(export::render(&t, format, &tz), format, include_private),
                file_name(&stem, format, include_private),
            ),
        };
        match &output {
            Some(dir) => {
                // A file keeps the words exactly as they were written; the folder is flushed
                // once at the end rather than twice for every file.
                crate::store::write_unsynced(dir, &name, text.as_bytes())?;
                writeln!(out, "{}", safe_display(dir.join(name).display()))?;
            }
            None => match &mut combined {
                Some(c) => c.push(&t, text, &tz),
                None => out.write_all(crate::text::sanitize(&text).as_bytes())?,
            },
        }
    }
    if let Some(c) = combined
        && !c.parts.is_empty()
    {
        out.write_all(crate::text::sanitize(&c.finish()).as_bytes())?;
    }
    if let Some(dir) = &output
        && !ids.is_empty()
    {
        crate::store::sync_folder(dir)?;
    }
    out.flush()?;
    if all && ids.is_empty() && skipped == 0 {
        eprintln!("No sessions to export.");
    }
    if skipped > 0 {
        eprintln!("leverage: {skipped} file(s) could not be exported");
        return Ok(1);
    }
    Ok(0)
}
