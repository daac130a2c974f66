//! Searching off the UI thread, so typing never waits for results.
//!
//! A worker thread holds the searchable text of every session (loaded once, reloaded when a
//! session changes) and answers the newest query; a query that is overtaken is abandoned part
//! way, because the search checks a shared generation counter as it goes.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use crate::library::search::{self, Doc, Hit};

/// Loads the searchable text of every session.
pub type Loader = Arc<dyn Fn() -> Vec<Doc> + Send + Sync>;

enum Job {
    Search { query: String, generation: u64 },
    Reload,
}

pub struct SearchWorker {
    jobs: Sender<Job>,
    results: Receiver<(u64, Vec<Hit>)>,
    latest: Arc<AtomicU64>,
    pending: bool,
}

impl SearchWorker {
    /// Start the worker; fails only if the system cannot start a thread.
    pub fn spawn(loader: Loader) -> std::io::Result<SearchWorker> {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (result_tx, results) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let cancel = Arc::clone(&latest);
        thread::Builder::new()
            .name("leverage-search".into())
            .spawn(move || {
                let mut docs: Option<Vec<Doc>> = None;
                while let Ok(mut job) = job_rx.recv() {
                    // Only the newest query matters; a reload among them still happens.
                    while let Ok(next) = job_rx.try_recv() {
                        if matches!(job, Job::Reload) {
                            docs = None;
                        }
                        job = next;
                    }
                    match job {
                        Job::Reload => docs = None,
                        Job::Search { query, generation } => {
                            let docs = docs.get_or_insert_with(|| loader());
                            if let Some(hits) = search::search(docs, &query, generation, &cancel)
                                && result_tx.send((generation, hits)).is_err()
                            {
                                return;
                            }
                        }
                    }
                }
            })?;
        Ok(SearchWorker {
            jobs,
            results,
            latest,
            pending: false,
        })
    }

    pub fn submit(&mut self, query: String, generation: u64) {
        self.latest.store(generation, Ordering::Relaxed);
        self.pending = self.jobs.send(Job::Search { query, generation }).is_ok();
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
}
