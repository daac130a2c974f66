//! Saving and listing off the UI thread: an autosave's fsyncs and a 10,000-file listing never
//! hold up a keystroke.
//!
//! One worker thread takes jobs in order, so a save is always on disk before a listing that
//! follows it. Results come back as the same messages the synchronous path produces, so the
//! pure core cannot tell the difference. Before the program leaves, `drain_saves` waits for
//! every save still in flight (nothing typed is lost to an early exit), and not for a listing.

use std::collections::VecDeque;
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
    /// The jobs in flight, in order: true for a save. Results come back in the same order.
    outstanding: VecDeque<bool>,
    /// Listings asked for since the start (each reads every session's summary).
    listings: usize,
}

impl Background {
    /// Start the worker over its own handle on the same folder.
    pub fn spawn(mut store: FileStore) -> std::io::Result<Background> {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (tx, results) = mpsc::channel();
        thread::Builder::new()
            .name("leverage-store".into())
            .spawn(move || {
                background_priority();
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
            outstanding: VecDeque::new(),
            listings: 0,
        })
    }

    fn submit(&mut self, job: Job) -> bool {
        let save = matches!(job, Job::Save { .. });
        let sent = self.jobs.send(job).is_ok();
        if sent {
            self.outstanding.push_back(save);
        }
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
        self.listings += 1;
        self.submit(Job::List)
    }

    /// How many listings have been asked for since the start.
    pub fn listings(&self) -> usize {
        self.listings
    }

    pub fn busy(&self) -> bool {
        !self.outstanding.is_empty()
    }

    /// Results that have arrived.
    pub fn poll(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        while let Ok(msg) = self.results.try_recv() {
            self.outstanding.pop_front();
            out.push(msg);
        }
        out
    }

    /// Leaving: wait (up to `limit`) for every save in flight, and no longer than that: a
    /// listing after the last save is not waited for (nothing of it needs to reach the disk).
    pub fn drain_saves(&mut self, limit: Duration) -> Vec<Msg> {
        let deadline = Instant::now() + limit;
        let mut out = Vec::new();
        while self.outstanding.contains(&true) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.results.recv_timeout(left) {
                Ok(msg) => {
                    self.outstanding.pop_front();
                    out.push(msg);
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        out
    }
}

/// Lower the calling thread's priority (Linux nice values are per thread): listing, indexing
/// and saving in the background never take the processor from the UI thread or from the
/// terminal drawing what it wrote. Failing to lower it changes nothing else.
pub fn background_priority() {
    let _ = rustix::process::setpriority_process(None, 10);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Leaving waits for the save in flight and returns its result, not for a listing queued
    /// after it.
    #[test]
    fn leaving_waits_for_saves_and_not_for_a_listing_after_them() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        let g = crate::content::Library::built_in()
            .find("leverage")
            .cloned()
            .unwrap();
        let s = crate::session::Session::new(
            "2026-11-01T10-00-00-bgsave".into(),
            g,
            jiff::Timestamp::now(),
        );
        let mut bg = Background::spawn(store).unwrap();
        assert!(bg.save(Box::new(s.to_transcript()), 1));
        assert!(bg.list());
        let got = bg.drain_saves(Duration::from_secs(10));
        assert!(
            got.iter()
                .any(|m| matches!(m, Msg::Saved { result: Ok(()), .. })),
            "{got:?}"
        );
        assert!(
            dir.path()
                .join("sessions/2026-11-01T10-00-00-bgsave.ron")
                .exists()
        );
        // No save is left in flight when it returns (a listing may be).
        assert!(!bg.outstanding.contains(&true));
    }
}
