//! Saving and listing off the UI thread: an autosave's fsyncs and a 10,000-file listing never
//! hold up a keystroke.
//!
//! One worker thread takes jobs in order, so a save is always on disk before a listing that
//! follows it. Results come back as the same messages the synchronous path produces, so the
//! pure core cannot tell the difference. Before the program leaves, `drain` waits for every
//! job still in flight: nothing typed is lost to an early exit.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use crate::app::Msg;
use crate::store::{FileStore, Store};
use crate::transcript::Transcript;

enum Job {
    Save {
        transcript: Box<Transcript>,
        generation: u64,
    },
    List,
}

pub struct Background {
    jobs: Sender<Job>,
    results: Receiver<Msg>,
    outstanding: usize,
}

impl Background {
    /// Start the worker over its own handle on the same folder.
    pub fn spawn(mut store: FileStore) -> std::io::Result<Background> {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (tx, results) = mpsc::channel();
        thread::Builder::new()
            .name("leverage-store".into())
            .spawn(move || {
                super::background_priority();
                let mut tidied = false;
                while let Ok(job) = job_rx.recv() {
                    let msg = match job {
                        Job::Save {
                            transcript,
                            generation,
                        } => {
                            let result = store.save(&transcript);
                            super::saved_msg(&store, generation, result)
                        }
                        Job::List => Msg::Listed(store.list()),
                    };
                    if tx.send(msg).is_err() {
                        return;
                    }
                    // Temp files of saves interrupted a while ago are not sessions; tidy them
                    // once the first job is answered (the listing that follows the first
                    // frame), so reading a large folder never competes with starting up.
                    if !tidied {
                        tidied = true;
                        store.clean_temp(std::time::Duration::from_secs(60));
                    }
                }
            })?;
        Ok(Background {
            jobs,
            results,
            outstanding: 0,
        })
    }

    fn submit(&mut self, job: Job) -> bool {
        let sent = self.jobs.send(job).is_ok();
        self.outstanding += usize::from(sent);
        sent
    }

    /// Queue a save; false if the worker is gone (the caller saves itself).
    pub fn save(&mut self, transcript: Box<Transcript>, generation: u64) -> bool {
        self.submit(Job::Save {
            transcript,
            generation,
        })
    }

    pub fn list(&mut self) -> bool {
        self.submit(Job::List)
    }

    pub fn busy(&self) -> bool {
        self.outstanding > 0
    }

    /// Results that have arrived.
    pub fn poll(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        while let Ok(msg) = self.results.try_recv() {
            self.outstanding = self.outstanding.saturating_sub(1);
            out.push(msg);
        }
        out
    }

    /// Wait (up to `limit`) for every job in flight, and return their results.
    pub fn drain(&mut self, limit: Duration) -> Vec<Msg> {
        let deadline = Instant::now() + limit;
        let mut out = Vec::new();
        while self.outstanding > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.results.recv_timeout(left) {
                Ok(msg) => {
                    self.outstanding -= 1;
                    out.push(msg);
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        out
    }
}
