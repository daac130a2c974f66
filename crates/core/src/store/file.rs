//! The file store: `<data>/sessions/<id>.ron`, one transcript per file.
//!
//! Saves are atomic: a temp file in the same folder, created 0600, written, fsynced, renamed
//! over the old file, then the folder fsynced. A crash at any moment leaves either the old
//! file or the new one, never a mix. Folders are created 0700. Files that cannot be parsed are
//! listed as unreadable and never written to.

mod resolve;

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use jiff::Timestamp;

use super::{
    Listing, NOTES_SUFFIX, Refusal, SessionSummary, Store, StoreError, Unreadable, is_valid_handle,
    is_valid_session_id, new_id,
};
use crate::privacy::CoachNotes;
use crate::transcript::{self, MAX_TRANSCRIPT_BYTES, Transcript};

/// Per session: the version last sent to be saved (or read), and what is on disk after it.
type Versions = HashMap<String, (Arc<Transcript>, Arc<Transcript>)>;

#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
    sessions: PathBuf,
    trash: PathBuf,
    /// Size and modification time of each transcript as this program last read or wrote it,
    /// shared by clones (the UI reads, the background saver writes).
    known: Arc<Mutex<HashMap<String, (u64, u128)>>>,
    /// The summary index for `sessions`, if listing should use one.
    index: Option<PathBuf>,
    /// Sessions whose file changed underneath them, and the id their words went on under:
    /// every later save of the original goes there, so one divergence makes one copy.
    diverted: Arc<Mutex<HashMap<String, String>>>,
    /// For each session opened for writing: the version this program last sent to be saved
    /// (or read), and what is on disk after that save (the same, or with another device's
    /// tags and notes merged in), so later saves keep what the other device added.
    /// Shared, so a save clones a transcript once (and not at all to look these up).
    versions: Arc<Mutex<Versions>>,
    /// Locks on the diverted copies, held as long as this store is, like the original's.
    held: Arc<Mutex<Vec<super::SessionLock>>>,
}

impl FileStore {
    /// A store rooted at the data folder `root`. Nothing is created until the first save.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let sessions = root.join("sessions");
        let trash = root.join("trash");
        FileStore {
            root,
            sessions,
            trash,
            index: None,
            known: Arc::default(),
            diverted: Arc::default(),
            versions: Arc::default(),
            held: Arc::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The listing straight from the summary index, when the sessions folder is unchanged since
    /// it was written (see `store::index`); None means a full `list` is needed.
    pub fn list_quick(&self) -> Option<Listing> {
        super::index::list_quick(&self.sessions, self.index.as_deref()?)
    }

    /// The newest `n` sessions from a fresh index, with the total (see `store::index`).
    pub fn list_head(&self, n: usize) -> Option<Listing> {
        super::index::list_head(&self.sessions, self.index.as_deref()?, n)
    }

    /// List through a summary index kept in `cache` (outside the data folder).
    pub fn with_index_in(mut self, cache: &Path) -> Self {
        self.index = Some(super::index::index_path(cache, &self.root));
        self
    }

    /// Where the saved search index goes (beside the summary index), if there is a cache.
    pub fn search_cache(&self) -> Option<PathBuf> {
        self.index.as_ref().map(|i| i.with_extension("search"))
    }

    /// The sessions folder's modification time (0 when it cannot be read): it moves when a
    /// session file comes, goes or is saved again (every save renames a new file into place).
    pub fn sessions_stamp(&self) -> u128 {
        super::index::dir_stamp(&self.sessions)
    }

    /// Each transcript's id and the key of its file's current version (no file is read).
    pub fn file_keys(&self) -> Vec<(String, u64)> {
        super::index::file_keys(&self.sessions)
    }

    /// The saved search index holds words of every session: gone with a session that goes.
    fn forget_search(&self) {
        if let Some(path) = self.search_cache() {
            let _ = fs::remove_file(path);
        }
    }

    pub fn sessions_dir(&self) -> &Path {
        &self.sessions
    }

    pub fn path_of(&self, id: &str) -> PathBuf {
        self.sessions.join(format!("{id}.ron"))
    }

    pub fn trash_dir(&self) -> &Path {
        &self.trash
    }

    fn list_dir(dir: &Path) -> Listing {
        let mut listing = Listing::default();
        let Ok(entries) = fs::read_dir(dir) else {
            return listing;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // Temp files from an interrupted save start with a dot and are not sessions.
            if !super::is_transcript_name(&name) {
                continue;
            }
            let stem = name.strip_suffix(".ron").unwrap_or(&name);
            match Self::read_file(&entry.path()) {
                Ok(t) => listing.sessions.push(SessionSummary::of_file(&t, stem)),
                Err(e) => listing.unreadable.push(Unreadable {
                    name,
                    reason: reason_of(&e),
                }),
            }
        }
        listing.sort();
        listing
    }

    /// Move `id` from one folder to another by renaming: the bytes never change.
    fn move_file(&self, id: &str, from: &Path, to: &Path) -> Result<(), StoreError> {
        if !is_valid_handle(id) {
            return Err(StoreError::NotFound(id.to_string()));
        }
        let src = from.join(format!("{id}.ron"));
        let dst = to.join(format!("{id}.ron"));
        if fs::symlink_metadata(&src).is_err() {
            return Err(StoreError::NotFound(id.to_string()));
        }
        if fs::symlink_metadata(&dst).is_ok() {
            return Err(StoreError::Exists(dst.display().to_string()));
        }
        create_private_dir(&self.root)?;
        create_private_dir(to)?;
        fs::rename(&src, &dst).map_err(|e| StoreError::io("moving", &src, e))?;
        // The coach's notes go wherever their session goes.
        let notes = from.join(format!("{id}{NOTES_SUFFIX}"));
        let notes_dst = to.join(format!("{id}{NOTES_SUFFIX}"));
        if fs::symlink_metadata(&notes).is_ok() && fs::symlink_metadata(&notes_dst).is_err() {
            fs::rename(&notes, &notes_dst).map_err(|e| StoreError::io("moving", &notes, e))?;
        }
        for dir in [from, to] {
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(|e| StoreError::io("flushing folder", dir, e))?;
        }
        Ok(())
    }

    /// Where the session `id` went on after its file changed underneath it, if it did: the id
    /// of the one copy its words went on in.
    pub fn moved_to(&self, id: &str) -> Option<String> {
        if !is_valid_session_id(id) {
            return None;
        }
        let path = self.sessions.join(format!(".{id}.moved"));
        let meta = fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > 200 {
            return None;
        }
        let to = fs::read_to_string(path).ok()?;
        let to = to.trim();
        (is_valid_session_id(to) && to != id).then(|| to.to_string())
    }

    /// The session in the file `id`, read once; with `to_write`, refused when it holds a field
    /// this version would drop on writing it back.
    fn read_session(&self, id: &str, to_write: bool) -> Result<Transcript, StoreError> {
        if !is_valid_handle(id) {
            return Err(StoreError::NotFound(id.to_string()));
        }
        let path = self.path_of(id);
        if fs::symlink_metadata(&path).is_err() {
            return Err(StoreError::NotFound(id.to_string()));
        }
        let bytes = Self::read_bytes(&path)?;
        let mut t = transcript::parse(&bytes).map_err(|source| StoreError::Parse {
            path: path.display().to_string(),
            source,
        })?;
        if to_write && let Some(what) = transcript::uncarried(&bytes, &t) {
            return Err(StoreError::Uncarried {
                id: id.to_string(),
                what,
            });
        }
        // A file whose name is not the id inside it (a conflict copy) is this file, not the
        // session it copies: whatever is done with it is done to it, never to the original.
        if t.id != id {
            t.id = id.to_string();
        }
        self.remember(id);
        if to_write && let Ok(mut v) = self.versions.lock() {
            let read = Arc::new(t.clone());
            v.insert(id.to_string(), (Arc::clone(&read), read));
        }
        Ok(t)
    }

    /// The transcript's size and modification time, if it exists.
    fn stamp(&self, id: &str) -> Option<(u64, u128)> {
        let meta = fs::symlink_metadata(self.path_of(id)).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some((meta.len(), modified))
    }

    fn remember(&self, id: &str) {
        if let (Some(stamp), Ok(mut known)) = (self.stamp(id), self.known.lock()) {
            known.insert(id.to_string(), stamp);
        }
    }

    /// Whether the file changed since this program last read or wrote it.
    fn changed_on_disk(&self, id: &str) -> bool {
        let Ok(known) = self.known.lock() else {
            return false;
        };
        match (known.get(id), self.stamp(id)) {
            (Some(k), Some(now)) => *k != now,
            // Gone since we read it (moved to the trash elsewhere): writing it back loses nothing.
            _ => false,
        }
    }

    /// Remove temp files left by saves that were interrupted (a crash, kill -9) and are older
    /// than `age`; returns how many. Young ones may belong to a save still running elsewhere.
    pub fn clean_temp(&self, age: std::time::Duration) -> usize {
        let Ok(entries) = fs::read_dir(&self.sessions) else {
            return 0;
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !(name.starts_with('.') && name.ends_with(".tmp")) {
                continue;
            }
            let old = entry
                .metadata()
                .ok()
                .filter(|m| m.is_file())
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|e| e >= age);
            if old && fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }

    /// Read one transcript file, refusing anything that is not a regular file of sane size
    /// (a FIFO would block, a symlink could point anywhere).
    pub fn read_file(path: &Path) -> Result<Transcript, StoreError> {
        let bytes = Self::read_bytes(path)?;
        let name = path.display().to_string();
        transcript::parse(&bytes).map_err(|source| StoreError::Parse { path: name, source })
    }

    /// The bytes of a file in the store, with the same refusals as [`FileStore::read_file`].
    pub fn read_bytes(path: &Path) -> Result<Vec<u8>, StoreError> {
        let meta = fs::symlink_metadata(path).map_err(|e| StoreError::io("reading", path, e))?;
        let name = path.display().to_string();
        let refuse = |reason| StoreError::Refused {
            path: name.clone(),
            reason,
        };
        if meta.file_type().is_symlink() {
            return Err(refuse(Refusal::Symlink));
        }
        if meta.is_dir() {
            return Err(refuse(Refusal::Folder));
        }
        if !meta.is_file() {
            return Err(refuse(Refusal::NotRegular));
        }
        if meta.len() > MAX_TRANSCRIPT_BYTES {
            return Err(refuse(Refusal::TooLarge {
                max_mib: MAX_TRANSCRIPT_BYTES >> 20,
            }));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        File::open(path)
            .and_then(|f| f.take(MAX_TRANSCRIPT_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| StoreError::io("reading", path, e))?;
        Ok(bytes)
    }

    /// Where the coach's console keeps its notes on session `id`.
    pub fn notes_path(&self, id: &str) -> PathBuf {
        self.sessions.join(format!("{id}{NOTES_SUFFIX}"))
    }
}

/// Create `dir` and its missing parents with mode 0700 (existing folders are left as they are).
impl FileStore {
    /// Tighten the data folder and its sessions and trash folders to 0700 where they exist
    /// open to others, creating nothing; the folders tightened, so the person can be told.
    pub fn tighten(&self) -> Result<Vec<PathBuf>, StoreError> {
        let mut done = Vec::new();
        for dir in [&self.root, &self.sessions, &self.trash] {
            if let Ok(meta) = fs::symlink_metadata(dir)
                && meta.is_dir()
                && meta.permissions().mode() & 0o077 != 0
            {
                fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                    .map_err(|e| StoreError::io("setting permissions on", dir, e))?;
                done.push(dir.clone());
            }
        }
        Ok(done)
    }

    /// The data folder and its sessions folder, created 0700, or tightened to 0700 when they
    /// already exist open to others (another user could read every session otherwise).
    fn own_dirs(&self) -> Result<(), StoreError> {
        for dir in [&self.root, &self.sessions] {
            create_private_dir(dir)?;
            if let Ok(meta) = fs::metadata(dir)
                && meta.permissions().mode() & 0o077 != 0
            {
                fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                    .map_err(|e| StoreError::io("setting permissions on", dir, e))?;
            }
        }
        Ok(())
    }
}

pub fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| StoreError::io("creating folder", dir, e))?;
    // The mode above is filtered by the umask; set it exactly.
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .map_err(|e| StoreError::io("setting permissions on", dir, e))
}

/// One step of an atomic save, for fault injection in tests.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStep {
    Create,
    Write,
    Sync,
    Rename,
    SyncFolder,
}

/// Replace `dir/name` with `bytes` atomically; the file ends up mode 0600.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomic_failing(dir, name, bytes, None)
}

/// [`write_atomic`], with `fail` making one step fail as the system would (tests only: this
/// is how the fault-injection tests reach the real save path).
#[doc(hidden)]
pub fn write_atomic_failing(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    fail: Option<(SaveStep, std::io::ErrorKind)>,
) -> Result<(), StoreError> {
    write_file(dir, name, bytes, fail, true)
}

/// Write `name` in `dir` as [`write_atomic`] does (a private temp file renamed into place),
/// without flushing the file or the folder: for many files written at once (an export), with
/// one [`sync_folder`] at the end instead of two flushes each.
pub fn write_unsynced(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
    write_file(dir, name, bytes, None, false)
}

/// Flush `dir` (and so every file renamed into it) to the disk.
pub fn sync_folder(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| StoreError::io("flushing folder", dir, e))
}

fn write_file(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    fail: Option<(SaveStep, std::io::ErrorKind)>,
    durable: bool,
) -> Result<(), StoreError> {
    // The failing step is never carried out: it fails in its place, as the system would.
    let step = |s: SaveStep, op: &mut dyn FnMut() -> std::io::Result<()>| match fail {
        Some((f, kind)) if f == s => Err(std::io::Error::from(kind)),
        _ => op(),
    };
    create_private_dir(dir)?;
    let tmp = dir.join(format!(".{name}.{:08x}.tmp", fastrand::u32(..)));
    let target = dir.join(name);
    let result = (|| {
        step(SaveStep::Create, &mut || Ok(())).map_err(|e| StoreError::io("creating", &tmp, e))?;
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| StoreError::io("creating", &tmp, e))?;
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| StoreError::io("setting permissions on", &tmp, e))?;
        step(SaveStep::Write, &mut || file.write_all(bytes))
            .map_err(|e| StoreError::io("writing", &tmp, e))?;
        if durable {
            step(SaveStep::Sync, &mut || file.sync_all())
                .map_err(|e| StoreError::io("flushing", &tmp, e))?;
        }
        drop(file);
        step(SaveStep::Rename, &mut || fs::rename(&tmp, &target))
            .map_err(|e| StoreError::io("renaming over", &target, e))
    })();
    if result.is_err() {
        // Never leave a partial copy of someone's words lying around.
        let _ = fs::remove_file(&tmp);
        return result;
    }
    if !durable {
        return Ok(());
    }
    step(SaveStep::SyncFolder, &mut || {
        File::open(dir).and_then(|d| d.sync_all())
    })
    .map_err(|e| StoreError::io("flushing folder", dir, e))
}

impl Store for FileStore {
    fn allocate_id(&mut self, now: Timestamp) -> Result<String, StoreError> {
        for _ in 0..100 {
            let id = new_id(now);
            if !self.path_of(&id).exists() {
                return Ok(id);
            }
        }
        Err(StoreError::NoFreeId)
    }

    fn save(&mut self, t: &Transcript) -> Result<(), StoreError> {
        if !is_valid_session_id(&t.id) {
            return Err(StoreError::InvalidId(t.id.clone()));
        }
        let already = self
            .diverted
            .lock()
            .ok()
            .and_then(|d| d.get(&t.id).cloned());
        if let Some(saved_as) = already {
            // Saves queued before the person heard of the divergence go on under the new id.
            let mut ours = t.clone();
            ours.id = saved_as;
            return self.save(&ours);
        }
        let known = self
            .versions
            .lock()
            .ok()
            .and_then(|v| v.get(&t.id).cloned());
        let mut disk = known.as_ref().map(|(_, d)| Arc::clone(d));
        let changed = self.changed_on_disk(&t.id);
        if changed {
            // Another device added tags or notes around it (nothing in its answers): read
            // what it wrote and keep it, below. Anything more is never overwritten.
            let theirs = Self::read_file(&self.path_of(&t.id)).ok();
            disk = match (disk, theirs) {
                (Some(before), Some(theirs)) if crate::merge::only_around(&before, &theirs) => {
                    Some(Arc::new(theirs))
                }
                _ => None,
            };
        }
        if changed && disk.is_none() {
            // Never overwrite what another device or program wrote: keep both, as one copy,
            // locked as the original is.
            let saved_as = self.allocate_id(Timestamp::now())?;
            let lock = self.lock(&saved_as)?;
            let mut ours = t.clone();
            ours.id = saved_as.clone();
            let text = transcript::to_ron(&ours).map_err(|e| StoreError::Encode(e.to_string()))?;
            write_atomic(&self.sessions, &format!("{saved_as}.ron"), text.as_bytes())?;
            self.remember(&saved_as);
            if let (Ok(mut d), Ok(mut held)) = (self.diverted.lock(), self.held.lock()) {
                d.insert(t.id.clone(), saved_as.clone());
                held.push(lock);
            }
            // A console following the original learns where the words went on.
            let _ = write_atomic(
                &self.sessions,
                &format!(".{}.moved", t.id),
                saved_as.as_bytes(),
            );
            return Err(StoreError::Diverged {
                original: t.id.clone(),
                saved_as,
            });
        }
        // What another device added around it since (tags, revisit notes) stays. When the disk
        // holds just what was last sent, there is nothing to keep: `t` is written as it is.
        let merged = match (&known, &disk) {
            (Some((sent, _)), Some(disk)) if !Arc::ptr_eq(sent, disk) => {
                Some(crate::merge::keep_around(sent, t, disk))
            }
            _ => None,
        };
        let out = merged.as_ref().unwrap_or(t);
        let text = transcript::to_ron(out).map_err(|e| StoreError::Encode(e.to_string()))?;
        self.own_dirs()?;
        let before = super::index::dir_stamp(&self.sessions);
        write_atomic(&self.sessions, &format!("{}.ron", t.id), text.as_bytes())?;
        self.remember(&t.id);
        // A session just finished: the library opened next finds the index still fresh.
        if out.finished.is_some()
            && let Some(index) = &self.index
        {
            super::index::note_saved(
                index,
                &self.sessions,
                &format!("{}.ron", t.id),
                before,
                SessionSummary::of(out),
            );
        }
        if let Ok(mut v) = self.versions.lock() {
            let sent = Arc::new(t.clone());
            let disk = merged.map_or_else(|| Arc::clone(&sent), Arc::new);
            v.insert(t.id.clone(), (sent, disk));
        }
        Ok(())
    }

    fn load(&self, id: &str) -> Result<Transcript, StoreError> {
        self.read_session(id, false)
    }

    fn list(&self) -> Listing {
        match &self.index {
            Some(index) => super::index::list_with_index(&self.sessions, index, |path| {
                Self::read_file(path)
                    .map(|t| SessionSummary::of(&t))
                    .map_err(|e| reason_of(&e))
            }),
            None => Self::list_dir(&self.sessions),
        }
    }

    fn lock(&self, id: &str) -> Result<super::SessionLock, StoreError> {
        if !is_valid_handle(id) {
            return Err(StoreError::NotFound(id.to_string()));
        }
        self.own_dirs()?;
        // A sidecar file, never the transcript: a save renames a new transcript into place,
        // which would silently drop a lock held on the old one.
        let path = self.sessions.join(format!(".{id}.lock"));
        // A planted link would have the lock create or truncate a file elsewhere.
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(StoreError::Refused {
                path: path.display().to_string(),
                reason: Refusal::Symlink,
            });
        }
        for _ in 0..10 {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(&path)
                .map_err(|e| StoreError::io("opening the lock", &path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Locked(id.to_string()));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(StoreError::io("locking", &path, e));
                }
            }
            // The holder before us removes the file as it lets go: a lock on a file no longer
            // at the path guards nothing, so open the path again.
            use std::os::unix::fs::MetadataExt;
            let ours = file.metadata().map(|m| (m.dev(), m.ino())).ok();
            let there = fs::symlink_metadata(&path).map(|m| (m.dev(), m.ino())).ok();
            if ours.is_some() && ours == there {
                return Ok(super::SessionLock::file(file, path));
            }
        }
        Err(StoreError::Locked(id.to_string()))
    }

    fn delete(&mut self, id: &str) -> Result<(), StoreError> {
        // Never move a session that is open somewhere else.
        let _lock = self.lock(id)?;
        self.move_file(id, &self.sessions, &self.trash)?;
        if let Some(index) = &self.index {
            super::index::forget(index, &format!("{id}.ron"));
        }
        self.forget_search();
        Ok(())
    }

    fn restore(&mut self, id: &str) -> Result<(), StoreError> {
        self.move_file(id, &self.trash, &self.sessions)
    }

    fn trash(&self) -> Listing {
        Self::list_dir(&self.trash)
    }

    fn empty_trash(&mut self) -> Result<usize, StoreError> {
        let Ok(entries) = fs::read_dir(&self.trash) else {
            return Ok(0);
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if entry
                .file_type()
                .is_ok_and(|t| t.is_file() || t.is_symlink())
            {
                fs::remove_file(&path).map_err(|e| StoreError::io("removing", &path, e))?;
                removed += 1;
            }
        }
        self.forget_search();
        Ok(removed)
    }

    fn location(&self, id: &str) -> String {
        self.path_of(id).display().to_string()
    }

    fn file_key(&self, id: &str) -> Option<u64> {
        super::index::file_key(&self.path_of(id))
    }

    fn folder_stamp(&self) -> Option<u128> {
        Some(super::index::dir_stamp(&self.sessions)).filter(|&s| s != 0)
    }

    fn load_to_write(&self, id: &str) -> Result<Transcript, StoreError> {
        self.read_session(id, true)
    }

    fn load_notes(&self, id: &str) -> Result<Option<CoachNotes>, StoreError> {
        if !is_valid_handle(id) {
            return Err(StoreError::NotFound(id.to_string()));
        }
        let path = self.notes_path(id);
        if fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        let bytes = Self::read_bytes(&path)?;
        CoachNotes::parse(&bytes)
            .map(Some)
            .map_err(|source| StoreError::Parse {
                path: path.display().to_string(),
                source,
            })
    }

    fn save_notes(&mut self, notes: &CoachNotes) -> Result<(), StoreError> {
        if !is_valid_session_id(&notes.session) {
            return Err(StoreError::InvalidId(notes.session.clone()));
        }
        create_private_dir(&self.root)?;
        create_private_dir(&self.sessions)?;
        // Two consoles on one session each write the file: one at a time, and each keeps the
        // notes the other filed (read again under the lock), so neither loses the other's.
        let lock_path = self.sessions.join(format!(".{}.coach.lock", notes.session));
        if fs::symlink_metadata(&lock_path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(StoreError::Refused {
                path: lock_path.display().to_string(),
                reason: Refusal::Symlink,
            });
        }
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .map_err(|e| StoreError::io("opening the lock", &lock_path, e))?;
        lock.lock()
            .map_err(|e| StoreError::io("locking", &lock_path, e))?;
        let mut merged = notes.clone();
        if let Ok(Some(on_disk)) = self.load_notes(&notes.session) {
            for note in on_disk.notes.into_iter().filter(|n| !n.draft) {
                if !merged.notes.contains(&note) {
                    merged.notes.push(note);
                }
            }
            merged.notes.sort_by_key(|n| n.written);
        }
        let text = merged
            .to_ron()
            .map_err(|e| StoreError::Encode(e.to_string()))?;
        write_atomic(
            &self.sessions,
            &format!("{}{NOTES_SUFFIX}", notes.session),
            text.as_bytes(),
        )
    }
}

/// The reason alone, without the path the listing already shows.
fn reason_of(e: &StoreError) -> String {
    match e {
        StoreError::Parse { source, .. } => source.to_string(),
        StoreError::Refused { reason, .. } => reason.to_string(),
        other => other.to_string(),
    }
}
