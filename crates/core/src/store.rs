//! Where transcripts live, behind a trait so the app can be driven over files or memory.
//!
//! The file store is the real one (one RON file per session, atomic saves); the memory store
//! is for tests and can be told to fail. Both report problems as [`StoreError`]s whose
//! messages say what went wrong and where, in words a person can act on.

mod file;
mod index;
mod memory;

pub use file::{
    FileStore, SaveStep, create_private_dir, sync_folder, write_atomic, write_atomic_failing,
    write_unsynced,
};
pub use index::index_path;
pub use memory::MemoryStore;

use crate::privacy::CoachNotes;
use std::io;
use std::path::PathBuf;

use jiff::Timestamp;

use crate::transcript::{ParseError, Status, Transcript};

/// What the library and the home screen need to know about a session, without its answers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SessionSummary {
    pub id: String,
    pub guide_id: String,
    pub guide_title: String,
    pub started: Timestamp,
    pub updated: Timestamp,
    pub status: Status,
    pub headline: Option<String>,
    pub check_in: Option<u8>,
    pub check_out: Option<u8>,
    /// The step the person is on (1-based) and how many steps there are.
    pub position: (usize, usize),
    pub mode: Option<String>,
    pub tags: Vec<String>,
    pub revisit_due: Option<Timestamp>,
    pub revisits: usize,
    /// A coach and a client, rather than one person alone.
    pub paired: bool,
    /// The client's name, in a paired session: a shared screen lists only that client's.
    pub client: Option<String>,
    /// Set when the file's name is not the session's id (a sync engine's conflict copy, or a
    /// renamed file): the id written inside it. `id` is then the file's name, so every action
    /// on the row acts on this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<String>,
    /// What was agreed to do next (a paired session's actions, for what is due).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<crate::transcript::Action>,
    /// Earlier actions this session settled (done or dropped): the session each was agreed
    /// in, and its words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settled: Vec<(String, String)>,
}

/// What to keep when settling a copy of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// This copy, in the session's place; the session it copies goes to the trash.
    This,
    /// The session it copies; this copy goes to the trash.
    Other,
    /// Both: this copy becomes a session of its own, with a new id.
    Both,
}

/// Which sync engine left a file named `stem`, from the shape of its name, and when it says
/// the conflict happened: ("Syncthing", "20261201-101010"), ("Dropbox or Nextcloud", ...).
pub fn conflict_origin(stem: &str) -> Option<(&'static str, String)> {
    if let Some((_, rest)) = stem.split_once(".sync-conflict-") {
        let when: String = rest.chars().take(15).collect();
        return Some(("Syncthing", when));
    }
    let open = stem.find(" (")?;
    let inner = stem[open + 2..].strip_suffix(')')?;
    let at = inner.find("conflicted copy")?;
    let when = inner[at + "conflicted copy".len()..].trim().to_string();
    Some(("Dropbox or Nextcloud", when))
}

/// The words a listing shows for a copy: "conflict copy of ID (Syncthing, 20261201-101010)".
pub fn copy_label(s: &SessionSummary) -> Option<String> {
    let of = s.copy_of.as_deref()?;
    Some(match conflict_origin(&s.id) {
        Some((engine, when)) if when.is_empty() => format!("conflict copy of {of} ({engine})"),
        Some((engine, when)) => format!("conflict copy of {of} ({engine}, {when})"),
        None => format!("a copy of {of} under another name"),
    })
}

impl SessionSummary {
    /// What a search hit says of its session before the listing holding it has arrived: its
    /// id, headline and start; the rest unknown until then.
    pub fn stand_in(id: &str, headline: &str, started: i64) -> Self {
        let started = Timestamp::from_second(started).unwrap_or_default();
        SessionSummary {
            id: id.to_string(),
            guide_id: String::new(),
            guide_title: String::new(),
            started,
            updated: started,
            status: Status::Complete,
            headline: (!headline.is_empty()).then(|| headline.to_string()),
            check_in: None,
            check_out: None,
            position: (0, 0),
            mode: None,
            tags: Vec::new(),
            revisit_due: None,
            revisits: 0,
            paired: false,
            client: None,
            copy_of: None,
            actions: Vec::new(),
            settled: Vec::new(),
        }
    }

    pub fn of(t: &Transcript) -> Self {
        SessionSummary {
            id: t.id.clone(),
            guide_id: t.guide.id.clone(),
            guide_title: t.guide.title.clone(),
            started: t.started,
            updated: t.updated,
            status: t.status,
            headline: t.headline.clone(),
            check_in: t.check_in,
            check_out: t.check_out,
            position: (
                t.steps
                    .iter()
                    .position(|s| s.id == t.current_step)
                    .map_or(1, |i| i + 1),
                t.steps.len(),
            ),
            mode: t.mode.clone(),
            tags: t.tags.clone(),
            revisit_due: t.revisit_due,
            revisits: t.revisits.len(),
            paired: t.pair.is_some(),
            client: t.pair.as_ref().map(|p| p.client.clone()),
            copy_of: None,
            actions: if t.pair.is_some() {
                t.agreed()
            } else {
                Vec::new()
            },
            settled: t
                .reviewed
                .iter()
                .filter(|r| r.status.settled())
                .map(|r| (r.from.clone(), r.text.clone()))
                .collect(),
        }
    }

    /// The summary of the file named `stem`: a file whose name is not the id inside it is
    /// listed under its own name, as a copy of that id.
    pub fn of_file(t: &Transcript, stem: &str) -> Self {
        let mut s = Self::of(t);
        if stem != t.id {
            s.copy_of = Some(std::mem::replace(&mut s.id, stem.to_string()));
        }
        s
    }
}

/// A file in the sessions folder that could not be read. It is reported, never touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub name: String,
    pub reason: String,
}

/// Every session found, newest first, and the files that could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    pub sessions: Vec<SessionSummary>,
    pub unreadable: Vec<Unreadable>,
    /// Set when this is only the newest part of a longer listing (to show a first frame
    /// quickly): how many entries there are in all. The full listing follows.
    pub partial_of: Option<usize>,
}

impl Listing {
    pub fn sort(&mut self) {
        self.sessions
            .sort_unstable_by(|a, b| b.started.cmp(&a.started).then_with(|| b.id.cmp(&a.id)));
        self.unreadable.sort_by(|a, b| a.name.cmp(&b.name));
    }

    /// Unfinished sessions, newest first.
    pub fn unfinished(&self) -> impl Iterator<Item = &SessionSummary> {
        self.sessions
            .iter()
            .filter(|s| s.status == Status::InProgress)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", io_message(.op, .path, .source))]
    Io {
        op: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("{path}: {source}")]
    Parse { path: String, source: ParseError },
    #[error("could not write the transcript: {0}")]
    Encode(String),
    #[error("no session matches {0:?}")]
    NotFound(String),
    #[error("{0} is a session of its own, not a copy of another: there is nothing to resolve")]
    NotACopy(String),
    #[error(
        "{id} holds {what} which this version does not know how to write back, so it is left \
         exactly as it is and nothing in it is lost: read it in the library or with \
         `leverage show {id}`"
    )]
    Uncarried { id: String, what: String },
    #[error("{prefix:?} matches {} sessions ({}); give more of the id", .matches.len(), .matches.join(", "))]
    Ambiguous {
        prefix: String,
        matches: Vec<String>,
    },
    #[error("{0} is open in another leverage window or process; close it there first")]
    Locked(String),
    /// The transcript changed on disk since it was read (another device, a sync tool). Ours
    /// was saved as `saved_as`; the other is left as it is.
    #[error(
        "{original} changed on disk since it was opened; your version was saved as {saved_as} and the other was kept"
    )]
    Diverged { original: String, saved_as: String },
    /// A file in the store that leverage will not read as a transcript, and why.
    #[error("{path}: {reason}")]
    Refused { path: String, reason: Refusal },
    #[error("{0} already exists; nothing was moved")]
    Exists(String),
    #[error("invalid session id {0:?}")]
    InvalidId(String),
    #[error("could not find a free session id")]
    NoFreeId,
    #[error("this store does not keep {0}")]
    Unsupported(&'static str),
}

/// Why a file in the store is not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("is a symbolic link; leverage does not follow links in its folder")]
    Symlink,
    #[error("is a folder, not a transcript")]
    Folder,
    #[error("is not a regular file")]
    NotRegular,
    #[error("is larger than {max_mib} MiB")]
    TooLarge { max_mib: u64 },
}

/// Held while a session is open for writing; dropping it removes the lock file and lets
/// another process open the session.
#[derive(Debug)]
pub struct SessionLock {
    file: Option<(std::fs::File, PathBuf)>,
}

impl SessionLock {
    /// A lock that guards nothing (stores with a single process, such as the memory store).
    pub fn none() -> Self {
        SessionLock { file: None }
    }

    /// The lock held on `file`, the lock file at `path`.
    pub fn file(file: std::fs::File, path: PathBuf) -> Self {
        SessionLock {
            file: Some((file, path)),
        }
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Removed while still held, so nobody can take a lock on a file about to vanish; a
        // process that opened it just before checks, once locked, that the path is still its
        // file (see `FileStore::lock`).
        if let Some((_file, path)) = self.file.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl StoreError {
    pub fn io(op: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        StoreError::Io {
            op,
            path: path.into(),
            source,
        }
    }
}

/// "disk full while writing PATH" reads better than "No space left on device (os error 28)".
fn io_message(op: &str, path: &std::path::Path, e: &io::Error) -> String {
    let path = path.display();
    match e.kind() {
        io::ErrorKind::StorageFull => format!("disk full while {op} {path}"),
        io::ErrorKind::PermissionDenied => format!("permission denied: {path} ({op})"),
        io::ErrorKind::ReadOnlyFilesystem => format!("read-only file system: {path} ({op})"),
        io::ErrorKind::NotFound => format!("not found: {path} ({op})"),
        _ => format!("{op} {path}: {e}"),
    }
}

/// Storage for transcripts.
pub trait Store {
    /// A fresh session id that no existing transcript uses.
    fn allocate_id(&mut self, now: Timestamp) -> Result<String, StoreError>;
    /// Save a transcript whole, replacing the previous save of the same session atomically.
    fn save(&mut self, transcript: &Transcript) -> Result<(), StoreError>;
    fn load(&self, id: &str) -> Result<Transcript, StoreError>;
    fn list(&self) -> Listing;
    /// Where a session is kept, for telling the person (a path for files).
    fn location(&self, id: &str) -> String;

    /// Take the one-writer lock on a session, or fail at once if another process holds it.
    fn lock(&self, _id: &str) -> Result<SessionLock, StoreError> {
        Ok(SessionLock::none())
    }

    /// Move a session to the trash, unchanged. Only emptying the trash removes files.
    fn delete(&mut self, id: &str) -> Result<(), StoreError>;
    /// Bring a session back from the trash, byte for byte.
    fn restore(&mut self, id: &str) -> Result<(), StoreError>;
    /// What is in the trash.
    fn trash(&self) -> Listing;
    /// Remove everything in the trash for good; returns how many files went.
    fn empty_trash(&mut self) -> Result<usize, StoreError>;

    /// The notes the coach's console wrote on session `id`, if it wrote any.
    fn load_notes(&self, _id: &str) -> Result<Option<CoachNotes>, StoreError> {
        Ok(None)
    }

    /// Save the coach's console notes (a file of their own: never the transcript).
    fn save_notes(&mut self, _notes: &CoachNotes) -> Result<(), StoreError> {
        Err(StoreError::Unsupported("coach notes"))
    }

    /// The one id starting with `prefix` (an exact id always wins).
    /// Something that changes whenever a session file arrives, goes or is renamed into place
    /// (the sessions folder's modification time), for noticing another device's changes.
    fn folder_stamp(&self) -> Option<u128> {
        None
    }

    /// What identifies the current version of session `id`'s file (its size and stamps),
    /// without reading it: a file rewritten in place changes it, not the folder's time.
    fn file_key(&self, _id: &str) -> Option<u64> {
        None
    }

    /// `load`, for a transcript about to be written back (resumed, tagged, noted): refused with
    /// [`StoreError::Uncarried`] when the file holds a field this version would drop.
    fn load_to_write(&self, id: &str) -> Result<Transcript, StoreError> {
        self.load(id)
    }

    fn resolve(&self, prefix: &str) -> Result<String, StoreError> {
        let listing = self.list();
        let ids = listing.sessions.iter().map(|s| s.id.as_str()).chain(
            listing
                .unreadable
                .iter()
                .filter_map(|u| u.name.strip_suffix(".ron")),
        );
        let mut matches: Vec<String> = Vec::new();
        for id in ids {
            if id == prefix {
                return Ok(id.to_string());
            }
            if id.starts_with(prefix) {
                matches.push(id.to_string());
            }
        }
        match matches.len() {
            0 => Err(StoreError::NotFound(prefix.to_string())),
            1 => Ok(matches.remove(0)),
            _ => Err(StoreError::Ambiguous {
                prefix: prefix.to_string(),
                matches,
            }),
        }
    }
}

/// A session id: the local start time to the second, then a random suffix so that files
/// written on two machines in the same second never collide.
pub fn new_id(now: Timestamp) -> String {
    let zoned = now.to_zoned(crate::time::local_zone());
    let suffix: String = (0..6)
        .map(|_| {
            const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
            ALPHABET[fastrand::usize(..ALPHABET.len())] as char
        })
        .collect();
    format!("{}-{suffix}", zoned.strftime("%Y-%m-%dT%H-%M-%S"))
}

/// The coach's console notes sit beside the transcript as `<id>.coach.ron`.
pub const NOTES_SUFFIX: &str = ".coach.ron";

/// Whether a file in the sessions folder is a transcript: not a temp or lock file (those start
/// with a dot) and not the coach's notes.
pub fn is_transcript_name(name: &str) -> bool {
    !name.starts_with('.') && name.ends_with(".ron") && !name.ends_with(NOTES_SUFFIX)
}

/// Whether `handle` can name a file in the sessions folder: any name a sync engine gives a
/// copy (spaces, brackets, dots), but no separator, no leading dot, no control character.
pub fn is_valid_handle(handle: &str) -> bool {
    !handle.is_empty()
        && handle.len() <= 200
        && !handle.starts_with('.')
        && !handle.ends_with(".coach")
        && !handle
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
}

/// Whether `id` is safe as a file name stem: no separators, no leading dot.
pub fn is_valid_session_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
