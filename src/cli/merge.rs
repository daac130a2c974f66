//! `leverage merge-driver` (git's merge driver for transcripts) and `leverage compare` (what
//! differs between a copy and the session it copies). The merging itself is
//! [`crate::merge`].

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use crate::store::{FileStore, Store};
use crate::text::Safe;
use crate::transcript::Transcript;

/// A version git hands over: the transcript, refused when this version could not write it
/// back whole (a newer format, a field it does not know).
fn version(path: &Path) -> Result<Option<Transcript>> {
    let empty = std::fs::metadata(path)
        .map(|m| m.len() == 0)
        .unwrap_or(false);
    if empty {
        // No common ancestor: git passes an empty file.
        return Ok(None);
    }
    // Read once, with the store's refusals (a link, a FIFO, a file past the size limit).
    let bytes = FileStore::read_bytes(path)?;
    let t = crate::transcript::parse(&bytes)
        .map_err(|e| anyhow!("{}: {e}", crate::text::safe_display(path.display())))?;
    if let Some(what) = crate::transcript::uncarried(&bytes, &t) {
        bail!(
            "{} holds {what} which this version cannot write back; merge it by hand",
            crate::text::safe_display(path.display())
        );
    }
    Ok(Some(t))
}

/// Git's merge driver: `leverage merge-driver %O %A %B %P`. The merged session is written to
/// `ours` (exit 0). When both sides changed one answer differently, `ours` is left as it was,
/// the other side is written beside the session as a copy that `leverage compare` and
/// `leverage resolve` take, and the exit code is 1 so git reports the conflict.
pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path, path: Option<&Path>) -> Result<u8> {
    let b = version(base)?;
    let o = version(ours)?.ok_or_else(|| anyhow!("our version is empty"))?;
    let t = version(theirs)?.ok_or_else(|| anyhow!("their version is empty"))?;
    match crate::merge::merge3(b.as_ref(), &o, &t) {
        Ok(merged) => {
            let text = crate::transcript::to_ron(&merged)?;
            write_over(ours, text.as_bytes())?;
            Ok(0)
        }
        Err(conflicts) => {
            let what: Vec<String> = conflicts.iter().map(|c| c.what.clone()).collect();
            eprintln!(
                "leverage: both sides changed {} differently; this side is kept",
                Safe(&what.join(", "))
            );
            if let Some(p) = path {
                // %P is relative to the top of the work tree, where git runs the driver.
                let dir = p
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let name = format!(
                    "{}.merge-conflict-{}.ron",
                    t.id,
                    jiff::Timestamp::now().as_second()
                );
                let text = crate::transcript::to_ron(&t)?;
                crate::store::write_atomic(dir, &name, text.as_bytes())?;
                eprintln!(
                    "leverage: the other side is in {}: `leverage compare {}` shows what differs, \
                     `leverage resolve {} --keep this|other|both` settles it",
                    crate::text::safe_display(dir.join(&name).display()),
                    Safe(name.trim_end_matches(".ron")),
                    Safe(name.trim_end_matches(".ron"))
                );
            }
            Ok(1)
        }
    }
}

/// Replace `path`'s contents, keeping the file (git reads it back from there).
fn write_over(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

/// `leverage compare FILE [OTHER]`: what differs between two versions of a session; with one
/// name, a copy (as `list` shows it) and the session it copies.
pub fn compare(
    store: &FileStore,
    first: &str,
    second: Option<&str>,
    out: &mut dyn Write,
) -> Result<u8> {
    let a_id = store.resolve(first)?;
    let b_id = match second {
        Some(s) => store.resolve(s)?,
        None => store
            .list()
            .sessions
            .into_iter()
            .find(|s| s.id == a_id)
            .and_then(|s| s.copy_of)
            .ok_or_else(|| {
                anyhow!(
                    "{} is not a copy of another session; name the other one too: \
                     `leverage compare {} OTHER`",
                    Safe(&a_id),
                    Safe(&a_id)
                )
            })?,
    };
    let a = store.load(&a_id)?;
    let b = store.load(&b_id)?;
    let diff = crate::merge::differences(&a, &b);
    writeln!(out, "{} (first) and {} (second):", Safe(&a_id), Safe(&b_id))?;
    if diff.is_empty() {
        writeln!(out, "  no differences")?;
    }
    for d in diff {
        writeln!(out, "  {}", Safe(&d))?;
    }
    Ok(0)
}
