//! The summary index: what the library needs about every session, cached outside the data
//! folder so that listing 10,000 sessions does not mean parsing 10,000 files.
//!
//! It is derived data, never a second source of truth: each entry records the file's size
//! and modification time, and any file whose size or time differs (or that is new) is read
//! again. Entries for files that are gone are dropped. A missing or unreadable index is
//! simply rebuilt. Files that could not be parsed are cached with their error, so a broken
//! file costs one read, not one per start.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::{Listing, SessionSummary, Unreadable};

/// Bumped when the entry shape changes; an index of another version is rebuilt.
const INDEX_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct IndexFile {
    version: u32,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    name: String,
    size: u64,
    modified_ns: u128,
    summary: Result<SessionSummary, String>,
}

/// The file's size and modification time, the index's test of freshness.
fn stamp(meta: &fs::Metadata) -> (u64, u128) {
    let modified = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(UNIX_EPOCH).ok());
    (meta.len(), modified.map_or(0, |d| d.as_nanos()))
}

/// List `dir` through the index at `index_path`, reading only new or changed files, and
/// write the index back if anything changed. `read` parses one file into a summary.
pub fn list_with_index(
    dir: &Path,
    index_path: &Path,
    read: impl Fn(&Path) -> Result<SessionSummary, String>,
) -> Listing {
    let mut cached: HashMap<String, Entry> = fs::read(index_path)
        .ok()
        .and_then(|b| serde_json::from_slice::<IndexFile>(&b).ok())
        .filter(|f| f.version == INDEX_VERSION)
        .map(|f| f.entries.into_iter().map(|e| (e.name.clone(), e)).collect())
        .unwrap_or_default();
    let mut entries = Vec::new();
    let mut changed = false;
    if let Ok(dir_entries) = fs::read_dir(dir) {
        for entry in dir_entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !name.ends_with(".ron") {
                continue;
            }
            // Metadata of the entry itself: a symlink is not followed.
            let Ok(meta) = entry.metadata() else { continue };
            let (size, modified_ns) = stamp(&meta);
            match cached.remove(&name) {
                Some(e) if e.size == size && e.modified_ns == modified_ns => entries.push(e),
                _ => {
                    changed = true;
                    let summary = read(&entry.path());
                    entries.push(Entry {
                        name,
                        size,
                        modified_ns,
                        summary,
                    });
                }
            }
        }
    }
    changed |= !cached.is_empty();
    if changed {
        save(index_path, &entries);
    }
    let mut listing = Listing::default();
    for e in entries {
        match e.summary {
            Ok(s) => listing.sessions.push(s),
            Err(reason) => listing.unreadable.push(Unreadable {
                name: e.name,
                reason,
            }),
        }
    }
    listing.sort();
    listing
}

/// Write the index; failing to is not an error worth reporting (it is only a cache).
fn save(index_path: &Path, entries: &[Entry]) {
    let file = IndexFile {
        version: INDEX_VERSION,
        entries: entries.to_vec(),
    };
    let (Some(dir), Some(name)) = (index_path.parent(), index_path.file_name()) else {
        return;
    };
    if let Ok(bytes) = serde_json::to_vec(&file) {
        let _ = super::write_atomic(dir, &name.to_string_lossy(), &bytes);
    }
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
    cache.join(format!("index-{hash:016x}.json"))
}
