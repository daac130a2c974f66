//! The summary index: what the library needs about every session, cached outside the data
//! folder so that listing 10,000 sessions does not mean parsing 10,000 files.
//!
//! It is derived data, never a second source of truth. Each entry records its file's size and
//! modification time; a full listing stats every file and reads again any that is new or
//! changed, and drops entries whose file is gone. The index also records the sessions
//! folder's own modification time, which every create, rename and delete in it changes:
//! [`list_quick`] trusts the index when that time still matches, for a first frame that does
//! not wait on 10,000 stats, and the full listing follows. A missing, damaged or older index
//! is rebuilt. Files that could not be parsed are kept with their error, so a broken file
//! costs one read, not one per start.
//!
//! The format is one line per file, tab-separated, with `\t`, `\n` and `\\` escaped: this is a
//! cache read on every start, and a hand-read line format is several times faster than JSON.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use jiff::Timestamp;

use super::{Listing, SessionSummary, Unreadable};
use crate::transcript::{Action, Owner, Status};

const HEADER: &str = "leverage-index 7";

#[derive(Debug, Clone)]
struct Entry {
    name: String,
    size: u64,
    /// What identifies this version of the file: a hash of [`file_stamp`].
    stamp: u64,
    summary: Result<SessionSummary, String>,
}

/// A file's modification time, change time and inode. The change time is set by the system on
/// every write, rename or `touch` and cannot be set back (as `touch -r`, `cp -p` and `rsync -a`
/// set the modification time back), and a file replaced by another has a new inode.
fn file_stamp(meta: &fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!(
        "{}:{}.{}:{}",
        modified_ns(meta),
        meta.ctime(),
        meta.ctime_nsec(),
        meta.ino()
    )
}

/// The key of the file at `path`'s current version, as [`file_keys`] gives.
pub fn file_key(path: &Path) -> Option<u64> {
    let meta = fs::symlink_metadata(path).ok()?;
    meta.is_file().then(|| key_hash(&key_of(&meta)))
}

/// A stable 64-bit hash (FNV-1a) of a file's size and stamp: eight bytes to tell its
/// versions apart, kept for every session (in the saved search index too).
pub fn key_hash(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A file's size and stamp, as one key.
fn key_of(meta: &fs::Metadata) -> String {
    format!("{}:{}", meta.len(), file_stamp(meta))
}

/// Every transcript in `dir` with the key of its file's current version (a hash of its size
/// and stamp, see [`key_hash`]), read from the folder and each file's metadata only.
pub fn file_keys(dir: &Path) -> Vec<(String, u64)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !crate::store::is_transcript_name(&name) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let id = name.trim_end_matches(".ron").to_string();
        out.push((id, key_hash(&key_of(&meta))));
    }
    out
}

fn modified_ns(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The folder's modification time, or 0 when it cannot be read.
pub(crate) fn dir_stamp(dir: &Path) -> u128 {
    fs::metadata(dir).map(|m| modified_ns(&m)).unwrap_or(0)
}

/// List `dir` through the index at `index_path`, reading only new or changed files, and
/// write the index back if anything changed. `read` parses one file into a summary.
pub fn list_with_index(
    dir: &Path,
    index_path: &Path,
    read: impl Fn(&Path) -> Result<SessionSummary, String>,
) -> Listing {
    let stamp_before = dir_stamp(dir);
    let (stored_stamp, mut entries) = load(index_path).unwrap_or_default();
    // Entries are kept, replaced and dropped in place (sorted by name, then looked up), so
    // the index is held once, never copied into a second list of every session.
    entries.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    let mut seen = vec![false; entries.len()];
    let mut fresh = Vec::new();
    let mut changed = stored_stamp != stamp_before;
    if let Ok(dir_entries) = fs::read_dir(dir) {
        for entry in dir_entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !super::is_transcript_name(&name) {
                continue;
            }
            // Metadata of the entry itself: a symlink is not followed.
            let Ok(meta) = entry.metadata() else { continue };
            let (size, stamp) = (meta.len(), key_hash(&file_stamp(&meta)));
            let known = entries
                .binary_search_by(|e| e.name.as_str().cmp(&name))
                .ok()
                .filter(|&i| !seen[i]);
            match known {
                Some(i) if entries[i].size == size && entries[i].stamp == stamp => seen[i] = true,
                _ => {
                    changed = true;
                    let summary = read(&entry.path());
                    let e = Entry {
                        name,
                        size,
                        stamp,
                        summary,
                    };
                    match known {
                        Some(i) => {
                            seen[i] = true;
                            entries[i] = e;
                        }
                        None => fresh.push(e),
                    }
                }
            }
        }
    }
    // Files gone since: their entries go.
    if seen.contains(&false) {
        changed = true;
        let mut n = 0;
        entries.retain(|_| {
            n += 1;
            seen[n - 1]
        });
    }
    entries.append(&mut fresh);
    // Only record the folder's time if nothing changed in it while we looked.
    if changed && dir_stamp(dir) == stamp_before {
        save(index_path, stamp_before, &entries);
    }
    to_listing(entries)
}

/// The index as it stands, if the sessions folder has not changed since it was written;
/// None when it has (or there is no usable index), and a full listing is needed.
pub fn list_quick(dir: &Path, index_path: &Path) -> Option<Listing> {
    let (stamp, entries) = load(index_path)?;
    (stamp != 0 && stamp == dir_stamp(dir)).then(|| to_listing(entries))
}

fn to_listing(entries: Vec<Entry>) -> Listing {
    let mut unreadable = Vec::new();
    // Collected in place (a summary is smaller than its entry), so the entries' memory becomes
    // the listing's: never two lists of every session at once.
    let sessions: Vec<SessionSummary> = entries
        .into_iter()
        .filter_map(|e| match e.summary {
            Ok(mut s) => {
                // A file listed under its own name when that is not the id inside it.
                let stem = e.name.strip_suffix(".ron").unwrap_or(&e.name);
                if stem != s.id {
                    s.copy_of = Some(std::mem::replace(&mut s.id, stem.to_string()));
                }
                Some(s)
            }
            Err(reason) => {
                unreadable.push(Unreadable {
                    name: e.name,
                    reason,
                });
                None
            }
        })
        .collect();
    let mut listing = Listing {
        sessions,
        unreadable,
        ..Listing::default()
    };
    listing.sort();
    listing
}

/// The saved index, read a line at a time (the file's text is never held whole).
fn load(index_path: &Path) -> Option<(u128, Vec<Entry>)> {
    use std::io::BufRead;
    let file = fs::File::open(index_path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut reader = std::io::BufReader::with_capacity(64 * 1024, file);
    let mut line = String::new();
    let mut next = |line: &mut String| -> Option<()> {
        line.clear();
        if reader.read_line(line).ok()? == 0 {
            return None;
        }
        let end = line.trim_end_matches(['\n', '\r']).len();
        line.truncate(end);
        Some(())
    };
    next(&mut line)?;
    let first = line.clone();
    next(&mut line)?;
    let (stamp, count) = header(&mut [first.as_str(), line.as_str()].into_iter())?;
    // Reserved once (a damaged count is caught below): no doubling on the way.
    let mut entries = Vec::with_capacity(count.min(usize::try_from(size / 16).unwrap_or(0)));
    while next(&mut line).is_some() {
        entries.push(parse_line(&line)?);
    }
    // An index cut short (even at a line's end) is damaged: rebuild it rather than trust it.
    (entries.len() == count).then_some((stamp, entries))
}

/// The folder stamp and the number of entries, from the first two lines.
fn header<'a>(lines: &mut impl Iterator<Item = &'a str>) -> Option<(u128, usize)> {
    if lines.next()? != HEADER {
        return None;
    }
    let (stamp, count) = lines.next()?.split_once(' ')?;
    Some((stamp.parse().ok()?, count.parse().ok()?))
}

/// The newest `n` sessions and the total, straight from a fresh index, for a first frame that
/// reads only what it shows. None when the folder changed since the index was written.
pub fn list_head(dir: &Path, index_path: &Path, n: usize) -> Option<Listing> {
    let text = fs::read_to_string(index_path).ok()?;
    let mut lines = text.lines();
    let (stamp, total) = header(&mut lines)?;
    if stamp == 0 || stamp != dir_stamp(dir) {
        return None;
    }
    if text.lines().count() != total + 2 {
        return None;
    }
    let entries = lines.take(n).map(parse_line).collect::<Option<Vec<_>>>()?;
    let mut listing = to_listing(entries);
    listing.partial_of = Some(total);
    Some(listing)
}

/// Drop the entry for the file `name` at once (a session deleted or moved away), so no word of
/// it stays in the cache. The index is marked as needing a full listing before it is trusted.
pub fn forget(index_path: &Path, name: &str) {
    if let Some((_, entries)) = load(index_path) {
        let kept: Vec<Entry> = entries.into_iter().filter(|e| e.name != name).collect();
        save(index_path, 0, &kept);
    }
}

/// This process just wrote `name` in `dir` (the folder's time was `before` just before):
/// when the index was fresh then, it takes the new file's entry and the folder's new time, so
/// the next listing can trust it instead of looking at every file again. Anything else that
/// changed the folder meanwhile leaves the index as it was (a full listing follows).
pub fn note_saved(
    index_path: &Path,
    dir: &Path,
    name: &str,
    before: u128,
    summary: SessionSummary,
) {
    let Some((stored, mut entries)) = load(index_path) else {
        return;
    };
    let after = dir_stamp(dir);
    if stored == 0 || stored != before || after == before {
        return;
    }
    let Ok(meta) = fs::symlink_metadata(dir.join(name)) else {
        return;
    };
    let entry = Entry {
        name: name.to_string(),
        size: meta.len(),
        stamp: key_hash(&file_stamp(&meta)),
        summary: Ok(summary),
    };
    match entries.iter_mut().find(|e| e.name == name) {
        Some(e) => *e = entry,
        None => entries.push(entry),
    }
    save(index_path, after, &entries);
}

/// Write the index; failing to is not an error worth reporting (it is only a cache).
fn save(index_path: &Path, stamp: u128, entries: &[Entry]) {
    let (Some(dir), Some(name)) = (index_path.parent(), index_path.file_name()) else {
        return;
    };
    // Newest first, as the library shows them, so a first frame can read just the head.
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| match (&a.summary, &b.summary) {
        (Ok(x), Ok(y)) => y.started.cmp(&x.started).then_with(|| y.id.cmp(&x.id)),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.name.cmp(&b.name),
    });
    let mut out = String::with_capacity(entries.len() * 200 + 64);
    out.push_str(HEADER);
    out.push('\n');
    out.push_str(&format!("{stamp} {}", entries.len()));
    out.push('\n');
    for e in sorted {
        write_line(&mut out, e);
    }
    let _ = super::write_atomic(dir, &name.to_string_lossy(), out.as_bytes());
}

fn write_line(out: &mut String, e: &Entry) {
    // The stamp's hash, marked as such (an index written before kept the stamp itself).
    let mut fields: Vec<String> = vec![esc(&e.name), e.size.to_string(), format!("#{}", e.stamp)];
    match &e.summary {
        Err(reason) => {
            fields.push("E".into());
            fields.push(esc(reason));
        }
        Ok(s) => {
            let opt_u8 = |v: Option<u8>| v.map_or(String::new(), |v| v.to_string());
            fields.extend([
                "S".into(),
                esc(&s.id),
                esc(&s.guide_id),
                esc(&s.guide_title),
                s.started.as_second().to_string(),
                s.updated.as_second().to_string(),
                (if s.status == Status::Complete {
                    "c"
                } else {
                    "p"
                })
                .into(),
                s.headline
                    .as_deref()
                    .map_or(String::new(), |h| format!("+{}", esc(h))),
                opt_u8(s.check_in),
                opt_u8(s.check_out),
                s.position.0.to_string(),
                s.position.1.to_string(),
                s.mode.as_deref().map_or(String::new(), esc),
                s.tags
                    .iter()
                    .map(|t| esc(t))
                    .collect::<Vec<_>>()
                    .join("\u{1f}"),
                s.revisit_due
                    .map_or(String::new(), |d| d.as_second().to_string()),
                s.revisits.to_string(),
                (if s.paired { "2" } else { "1" }).into(),
                s.client
                    .as_deref()
                    .map_or(String::new(), |c| format!("+{}", esc(c))),
                s.actions
                    .iter()
                    .map(|a| {
                        let owner = match a.owner {
                            Owner::Client => 'c',
                            Owner::Coach => 'k',
                        };
                        let due = a.due.map_or(String::new(), |d| d.to_string());
                        format!("{owner}{due}\u{1e}{}", esc(&a.text))
                    })
                    .collect::<Vec<_>>()
                    .join("\u{1f}"),
                s.settled
                    .iter()
                    .map(|(from, text)| format!("{}\u{1e}{}", esc(from), esc(text)))
                    .collect::<Vec<_>>()
                    .join("\u{1f}"),
            ]);
        }
    }
    out.push_str(&fields.join("\t"));
    out.push('\n');
}

fn parse_line(line: &str) -> Option<Entry> {
    // Fields into a fixed array: no allocation per line beyond the strings kept.
    let mut f = [""; 23];
    let mut count = 0;
    for part in line.split('\t') {
        *f.get_mut(count)? = part;
        count += 1;
    }
    let name = unesc(f[0]);
    let size = f[1].parse().ok()?;
    let stamp = match f[2].strip_prefix('#') {
        Some(hash) => hash.parse().ok()?,
        None => key_hash(&unesc(f[2])),
    };
    let summary = match f[3] {
        "E" if count == 5 => Err(unesc(f[4])),
        "S" if count == 23 => {
            let ts = |s: &str| {
                s.parse::<i64>()
                    .ok()
                    .and_then(|n| Timestamp::from_second(n).ok())
            };
            let u8v = |s: &str| {
                if s.is_empty() {
                    Some(None)
                } else {
                    s.parse().ok().map(Some)
                }
            };
            Ok(SessionSummary {
                id: unesc(f[4]),
                guide_id: unesc(f[5]),
                guide_title: unesc(f[6]),
                started: ts(f[7])?,
                updated: ts(f[8])?,
                status: if f[9] == "c" {
                    Status::Complete
                } else {
                    Status::InProgress
                },
                headline: f[10].strip_prefix('+').map(unesc),
                check_in: u8v(f[11])?,
                check_out: u8v(f[12])?,
                position: (f[13].parse().ok()?, f[14].parse().ok()?),
                mode: (!f[15].is_empty()).then(|| unesc(f[15])),
                tags: if f[16].is_empty() {
                    Vec::new()
                } else {
                    f[16].split('\u{1f}').map(unesc).collect()
                },
                revisit_due: if f[17].is_empty() {
                    None
                } else {
                    Some(ts(f[17])?)
                },
                revisits: f[18].parse().ok()?,
                paired: f[19] == "2",
                client: f[20].strip_prefix('+').map(unesc),
                copy_of: None,
                actions: items(f[21])
                    .map(|(head, text)| {
                        let owner = match head.chars().next()? {
                            'c' => Owner::Client,
                            'k' => Owner::Coach,
                            _ => return None,
                        };
                        let due = match &head[1..] {
                            "" => None,
                            d => Some(d.parse().ok()?),
                        };
                        Some(Action { text, owner, due })
                    })
                    .collect::<Option<_>>()?,
                settled: items(f[22])
                    .map(|(from, text)| (unesc(from), text))
                    .collect(),
            })
        }
        _ => return None,
    };
    Some(Entry {
        name,
        size,
        stamp,
        summary,
    })
}

/// The items of a list field: each "head\u{1e}text", the text unescaped.
fn items(field: &str) -> impl Iterator<Item = (&str, String)> {
    field.split('\u{1f}').filter(|i| !i.is_empty()).map(|i| {
        let (head, text) = i.split_once('\u{1e}').unwrap_or((i, ""));
        (head, unesc(text))
    })
}

fn esc(s: &str) -> String {
    if !s.contains(['\\', '\t', '\n', '\r', '\u{1f}', '\u{1e}']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{1f}' => out.push_str("\\u"),
            '\u{1e}' => out.push_str("\\v"),
            c => out.push(c),
        }
    }
    out
}

fn unesc(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('u') => out.push('\u{1f}'),
            Some('v') => out.push('\u{1e}'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Where the index for the data folder `data` lives inside the cache folder `cache`: one
/// index per data folder, named by a hash of its path.
pub fn index_path(cache: &Path, data: &Path) -> PathBuf {
    let data = fs::canonicalize(data).unwrap_or_else(|_| data.to_path_buf());
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data.to_string_lossy().bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    cache.join(format!("index-{hash:016x}.txt"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// An index written before stamps were kept as hashes is read as it is: no session is
    /// read again for it, and it is written back in the shorter form.
    #[test]
    fn an_index_with_stamps_written_out_is_still_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let sessions = dir.path().join("sessions");
        fs::create_dir(&sessions).unwrap();
        for n in 0..3 {
            fs::write(sessions.join(format!("s{n}.ron")), format!("file {n}")).unwrap();
        }
        let index = dir.path().join("index.txt");
        let reads = Cell::new(0);
        let read = |p: &Path| {
            reads.set(reads.get() + 1);
            Err::<SessionSummary, String>(format!("{}", p.display()))
        };
        assert_eq!(list_with_index(&sessions, &index, read).unreadable.len(), 3);
        assert_eq!(reads.get(), 3);
        // As an older version wrote it: each file's stamp itself.
        let text = fs::read_to_string(&index).unwrap();
        assert!(text.contains("\t#"), "kept as a hash");
        let mut old = String::new();
        for line in text.lines() {
            let mut fields: Vec<String> = line.split('\t').map(str::to_string).collect();
            if fields.len() > 2 {
                let meta = fs::symlink_metadata(sessions.join(&fields[0])).unwrap();
                fields[2] = esc(&file_stamp(&meta));
            }
            old.push_str(&fields.join("\t"));
            old.push('\n');
        }
        fs::write(&index, &old).unwrap();
        // The folder's time left as it was, so only the stamps decide.
        reads.set(0);
        assert_eq!(list_with_index(&sessions, &index, read).unreadable.len(), 3);
        assert_eq!(reads.get(), 0, "nothing read again");
    }
}
