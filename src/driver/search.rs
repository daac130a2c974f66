//! Searching off the UI thread, so typing never waits for results.
//!
//! A worker thread holds the word index of every session (the saved one at first, then
//! brought up to date in memory when sessions change: only those that changed are read) and
//! answers the newest query; a query that is overtaken is abandoned part way, because the
//! search checks a shared generation counter as it goes. A saved index that can answer at
//! once does, while a thread of its own looks at every file to check it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use crate::library::search::{Doc, Hit, SearchIndex};
use crate::store::{FileStore, Store};

/// Where the worker gets sessions from: all of them to index, one at a time for snippets.
/// Each session read to index it adds one to `read`, so the screen can say how far a build
/// has got.
pub trait SearchSource: Send + Sync {
    /// The index at start: the saved one, brought up to date.
    fn index(&self, read: &AtomicUsize) -> SearchIndex;
    /// The index to start from, and whether it is still to be checked against
    /// [`SearchSource::files`]: the saved one as it is when nothing seems to have moved since
    /// it matched the sessions (checked on a thread of its own while it answers), else
    /// [`SearchSource::index`].
    fn start(&self, read: &AtomicUsize) -> (SearchIndex, bool) {
        (self.index(read), false)
    }
    /// What an index is checked against (None: nothing to check).
    fn files(&self) -> Option<Files> {
        None
    }
    /// Bring an index up to date with `files`; whether it changed.
    fn apply(&self, _index: &mut SearchIndex, _files: &Files, _read: &AtomicUsize) -> bool {
        false
    }
    /// Bring an index already held up to date after sessions changed; whether it changed.
    fn refresh(&self, index: &mut SearchIndex, read: &AtomicUsize) -> bool {
        self.files()
            .is_some_and(|files| self.apply(index, &files, read))
    }
    fn doc(&self, id: &str) -> Option<Doc>;
}

/// The sessions as their files stand: each one's id and the key of its file's version, and
/// the folder's stamp when nothing moved in it while they were looked at (else 0).
pub struct Files {
    pub keys: Vec<(String, u64)>,
    pub stamp: u128,
}

impl SearchSource for FileStore {
    /// The saved index brought up to date (only sessions that changed, came or went are
    /// read), and saved again when it changed; every session read when there is none.
    fn index(&self, read: &AtomicUsize) -> SearchIndex {
        let mut index = saved_index(self).unwrap_or_default();
        self.refresh(&mut index, read);
        index
    }

    /// The saved index as it is when the sessions folder has not moved since it matched it
    /// (a session rewritten in place, which leaves the folder as it was, is caught by the
    /// check after); else that same copy brought up to date. The file is read once.
    fn start(&self, read: &AtomicUsize) -> (SearchIndex, bool) {
        let mut index = saved_index(self).unwrap_or_default();
        let stamp = self.sessions_stamp();
        if stamp != 0 && index.stamp() == stamp {
            return (index, true);
        }
        self.refresh(&mut index, read);
        (index, false)
    }

    /// Every file's key, from the folder and each file's metadata (no session is read).
    fn files(&self) -> Option<Files> {
        let before = self.sessions_stamp();
        let keys = self.file_keys();
        let stamp = if self.sessions_stamp() == before {
            before
        } else {
            0
        };
        Some(Files { keys, stamp })
    }

    /// Only the sessions that changed, came or went are read; the saved copy is written
    /// again when anything did (it is never read back while this process holds it), with
    /// the folder's stamp when nothing moved in it while it was looked at.
    fn apply(&self, index: &mut SearchIndex, files: &Files, read: &AtomicUsize) -> bool {
        let load = |id: &str| {
            read.fetch_add(1, Ordering::Relaxed);
            self.load(id)
                .ok()
                .map(|t| (Doc::of(&t), t.started.as_second()))
        };
        let changed = index.refresh(&files.keys, &load);
        if (changed || index.stamp() != files.stamp)
            && let Some(path) = self.search_cache()
            && let (Some(dir), Some(name)) = (path.parent(), path.file_name())
        {
            index.set_stamp(files.stamp);
            // A cache: if it cannot be written, the next launch reads the sessions again.
            let _ = crate::store::create_private_dir(dir).and_then(|()| {
                crate::store::write_atomic(dir, &name.to_string_lossy(), index.as_bytes())
            });
        }
        changed
    }

    fn doc(&self, id: &str) -> Option<Doc> {
        self.load(id).ok().map(|t| Doc::of(&t))
    }
}

/// The index saved in the cache, read in one go and used in place.
fn saved_index(store: &FileStore) -> Option<SearchIndex> {
    store
        .search_cache()
        .as_deref()
        .and_then(read_saved)
        .map(SearchIndex::from_vec)
}

/// Sessions kept read for snippets between keystrokes (a few times the rows one query shows;
/// at about 5 KB each, about 1 MB).
const SNIPPET_SOURCES: usize = 4 * crate::library::search::SNIPPETS;

/// A saved index larger than this is not read (it is built again instead).
const MAX_SAVED_INDEX: u64 = 512 * 1024 * 1024;

/// The saved index's bytes: a regular file of bounded size, else nothing.
fn read_saved(path: &std::path::Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_SAVED_INDEX {
        return None;
    }
    // Its size reserved at once: read into place, never grown by doubling.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).ok()? + 1);
    file.take(MAX_SAVED_INDEX).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Index every session in `store`, reading one transcript at a time.
pub fn index_of(store: &dyn Store) -> SearchIndex {
    let listing = store.list();
    SearchIndex::build(
        listing
            .sessions
            .iter()
            .filter_map(|s| store.load(&s.id).ok())
            .map(|t| (Doc::of(&t), t.started.as_second())),
    )
}

enum Job {
    Search {
        query: String,
        generation: u64,
    },
    Reload,
    /// Build the index now, so the first search does not wait for it.
    Warm,
    /// The files as they stand, looked at while a saved index answered: it is checked.
    Checked(Files),
    /// The worker's owner is gone.
    Quit,
}

pub struct SearchWorker {
    jobs: Sender<Job>,
    results: Receiver<(u64, Vec<Hit>)>,
    latest: Arc<AtomicU64>,
    pending: bool,
    progress: Arc<Progress>,
}

/// How far the worker has got reading sessions into its index.
#[derive(Default)]
struct Progress {
    /// Bringing the index up to date now.
    reading: AtomicBool,
    /// Sessions read for it so far, this time.
    read: AtomicUsize,
}

impl SearchWorker {
    /// Start the worker; fails only if the system cannot start a thread.
    pub fn spawn(source: Arc<dyn SearchSource>) -> std::io::Result<SearchWorker> {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (result_tx, results) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let cancel = Arc::clone(&latest);
        let progress = Arc::new(Progress::default());
        let shown = Arc::clone(&progress);
        // Where the check of a saved index reports (it ends with the worker: see `Quit`).
        let checks = jobs.clone();
        thread::Builder::new()
            .name("leverage-search".into())
            .spawn(move || work(source, &job_rx, &checks, &result_tx, &cancel, &progress))?;
        Ok(SearchWorker {
            jobs,
            results,
            latest,
            pending: false,
            progress: shown,
        })
    }

    pub fn submit(&mut self, query: String, generation: u64) {
        self.latest.store(generation, Ordering::Relaxed);
        self.pending = self.jobs.send(Job::Search { query, generation }).is_ok();
    }

    /// Build the index ahead of the first search.
    pub fn warm(&mut self) {
        let _ = self.jobs.send(Job::Warm);
    }

    /// Sessions changed: load them again before the next search.
    pub fn reload(&mut self) {
        let _ = self.jobs.send(Job::Reload);
    }

    /// The newest results that have arrived, if any.
    pub fn poll(&mut self) -> Option<(u64, Vec<Hit>)> {
        let mut newest = None;
        while let Ok(r) = self.results.try_recv() {
            newest = Some(r);
        }
        if newest
            .as_ref()
            .is_some_and(|(g, _)| *g == self.latest.load(Ordering::Relaxed))
        {
            self.pending = false;
        }
        newest
    }

    pub fn pending(&self) -> bool {
        self.pending
    }

    /// While the index is being brought up to date: how many sessions have been read for it.
    pub fn reading(&self) -> Option<usize> {
        self.progress
            .reading
            .load(Ordering::Relaxed)
            .then(|| self.progress.read.load(Ordering::Relaxed))
    }
}

impl Drop for SearchWorker {
    /// The worker ends with its owner (a check in flight holds the job channel open).
    fn drop(&mut self) {
        let _ = self.jobs.send(Job::Quit);
    }
}

/// The worker's loop: jobs in, results out, until the owner goes.
fn work(
    source: Arc<dyn SearchSource>,
    jobs: &Receiver<Job>,
    checks: &Sender<Job>,
    results: &Sender<(u64, Vec<Hit>)>,
    cancel: &AtomicU64,
    progress: &Progress,
) {
    let mut index: Option<SearchIndex> = None;
    let snippets: std::cell::RefCell<std::collections::HashMap<String, Doc>> = Default::default();
    // The sessions at the top of one keystroke's results are mostly the next one's: each is
    // read once, not once per key.
    let doc = |id: &str| {
        if let Some(d) = snippets.borrow().get(id) {
            return Some(d.clone());
        }
        let d = source.doc(id)?;
        let mut held = snippets.borrow_mut();
        if held.len() >= SNIPPET_SOURCES {
            held.clear();
        }
        held.insert(id.to_string(), d.clone());
        Some(d)
    };
    // False once nobody listens for results any more.
    let answer = |index: &SearchIndex, query: &str, generation: u64| {
        index
            .query(query, generation, cancel, &doc)
            .is_none_or(|hits| results.send((generation, hits)).is_ok())
    };
    // Sessions changed since the index was brought up to date.
    let mut stale = false;
    // The query answered last, to answer again should a check change the index.
    let mut last: Option<(String, u64)> = None;
    while let Ok(first) = jobs.recv() {
        // Only the newest query matters; a reload or a check among them still counts.
        let mut next = Some(first);
        let mut ask: Option<Job> = None;
        let mut checked: Option<Files> = None;
        while let Some(job) = next.take().or_else(|| jobs.try_recv().ok()) {
            match job {
                Job::Reload => stale = true,
                Job::Checked(files) => checked = Some(files),
                Job::Quit => return,
                job => ask = Some(job),
            }
        }
        if let (Some(held), Some(files)) = (&mut index, checked)
            && !stale
            && source.apply(held, &files, &progress.read)
        {
            // The saved index answered as it was, and sessions had changed in place: the
            // last query is answered again as they are now.
            snippets.borrow_mut().clear();
            if let Some((query, generation)) = &last
                && !answer(held, query, *generation)
            {
                return;
            }
        }
        let Some(job) = ask else { continue };
        let reading = index.is_none() || stale;
        if reading {
            progress.read.store(0, Ordering::Relaxed);
            progress.reading.store(true, Ordering::Relaxed);
        }
        let held = match &mut index {
            Some(held) => {
                if std::mem::take(&mut stale) {
                    source.refresh(held, &progress.read);
                }
                held
            }
            None => {
                stale = false;
                let (start, unchecked) = source.start(&progress.read);
                if unchecked {
                    // Looked at on a thread of its own, so the first answers never wait on
                    // a look at every file.
                    let (checks, source) = (checks.clone(), Arc::clone(&source));
                    let look = thread::Builder::new()
                        .name("leverage-search-check".into())
                        .spawn(move || {
                            if let Some(files) = source.files() {
                                let _ = checks.send(Job::Checked(files));
                            }
                        });
                    // Without a thread for it, the saved index is checked at the next reload.
                    drop(look);
                }
                index.insert(start)
            }
        };
        progress.reading.store(false, Ordering::Relaxed);
        if reading {
            // Sessions changed: their snippets are read afresh.
            snippets.borrow_mut().clear();
        }
        if let Job::Search { query, generation } = job {
            if !answer(held, &query, generation) {
                return;
            }
            last = Some((query, generation));
        }
    }
}
