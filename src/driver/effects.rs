//! What the driver does for each effect `update` returns: saving and loading through the
//! store (or the background thread), creating and opening sessions, exports, changes to a
//! transcript. Each answers with the message that says how it went.

use jiff::Timestamp;

use super::{Driver, index_of, save_copy, saved_msg};
use crate::app::{Change, Effect, Exported, Msg, OpenFailure};
use crate::library::search::Doc;
use crate::session::Session;
use crate::store::StoreError;
use crate::transcript::Transcript;

impl Driver<'_> {
    pub(super) fn run_effect(&mut self, effect: Effect) -> Option<Msg> {
        match effect {
            Effect::Save {
                transcript,
                generation,
            } => {
                if let Some(bg) = &mut self.background
                    && bg.save(transcript.clone(), generation)
                {
                    return None;
                }
                let result = self.store.save(&transcript);
                // A save that wrote nothing leaves the folder as it was.
                if !matches!(
                    result,
                    Err(StoreError::Io { .. }
                        | StoreError::Encode(_)
                        | StoreError::InvalidId(_)
                        | StoreError::NoFreeId
                        | StoreError::Refused { .. }
                        | StoreError::Unsupported(_))
                ) {
                    self.sessions_changed();
                }
                Some(saved_msg(&*self.store, generation, result))
            }
            Effect::SaveCopy { transcript, dir } => {
                Some(Msg::CopySaved(save_copy(&transcript, &dir, "")))
            }
            Effect::CreateSession {
                guide_id,
                mode,
                pair,
            } => Some(self.create(&guide_id, mode.as_deref(), pair)),
            Effect::OpenSession { id } => Some(self.open(&id)),
            Effect::RefreshListing => {
                // Asked for: the first frame's own request is then not made again (two
                // listings of every session at once, one held while the other is read).
                self.listing_asked = true;
                // Nothing came, went or was saved since the listing held (the folder's time
                // moves with each), for the same client: it stands, and opening the library
                // again neither reads every summary nor holds two listings at once. A file
                // rewritten in place is found by `watch_folder`'s round of the files.
                let now = self
                    .store
                    .folder_stamp()
                    .map(|s| (s, self.model.client_scope.clone()));
                if self.model.listed && now.is_some() && now == self.listed_as {
                    return None;
                }
                self.listed_as = now;
                if let Some(bg) = &mut self.background
                    && bg.list()
                {
                    return None;
                }
                Some(Msg::Listed(self.store.list()))
            }
            Effect::LoadTranscript { id } => {
                let result = self
                    .store
                    .load(&id)
                    .map(Box::new)
                    .map_err(|e| e.to_string());
                Some(Msg::TranscriptLoaded { id, result })
            }
            Effect::Search { query, generation } => match &mut self.searcher {
                Some(worker) => {
                    worker.submit(query, generation);
                    None
                }
                None => {
                    // No worker (tests): search here, over every session.
                    let index = index_of(&*self.store);
                    let cancel = std::sync::atomic::AtomicU64::new(generation);
                    let store = &*self.store;
                    let doc = |id: &str| store.load(id).ok().map(|t| Doc::of(&t));
                    let hits = index
                        .query(&query, generation, &cancel, &doc)
                        .unwrap_or_default();
                    Some(Msg::SearchResults { generation, hits })
                }
            },
            Effect::SetTags { id, before, after } => Some(self.change(&id, Change::Tags, |t| {
                t.tags = crate::library::merge_tags(&t.tags, &before, &after);
            })),
            Effect::AddRevisit { id, text, at } => Some(self.change(&id, Change::Revisit, |t| {
                // To the second, as every other time in the file.
                let written = jiff::Timestamp::from_second(at.as_second()).unwrap_or(at);
                t.revisits
                    .push(crate::transcript::Revisit { written, text });
                // Revisiting is what the reminder asked for: a reminder now due is dealt with.
                if t.revisit_due.is_some_and(|due| due <= at) {
                    t.revisit_due = None;
                }
            })),
            Effect::SetRevisitDue { id, due } => {
                Some(self.change(&id, Change::RevisitDue(due), |t| t.revisit_due = due))
            }
            Effect::Delete { id } => {
                let result = self
                    .store
                    .delete(&id)
                    .map(|()| id)
                    .map_err(|e| e.to_string());
                self.sessions_changed();
                Some(Msg::Deleted(result))
            }
            Effect::LoadTrash => Some(Msg::TrashReady(self.store.trash().sessions)),
            Effect::Restore { id, headline } => {
                let result = self
                    .store
                    .restore(&id)
                    .map(|()| headline)
                    .map_err(|e| e.to_string());
                self.sessions_changed();
                Some(Msg::Restored(result))
            }
            Effect::Export { id } => Some(Msg::Exported(self.export(&id))),
            Effect::ExportSummary { id } => Some(Msg::Exported(self.export_summary(&id))),
            Effect::EditOutside { text } => {
                let result = match &mut self.outside_editor {
                    Some(edit) => edit(&text),
                    None => Err("no editor can be opened here".into()),
                };
                // The editor had the terminal: everything is drawn again, mouse mode included.
                self.repaint = true;
                self.mouse_on = false;
                Some(Msg::EditedOutside(result))
            }
            Effect::LoadPatterns { client } => {
                let store = &*self.store;
                let transcripts = store
                    .list()
                    .sessions
                    .into_iter()
                    .filter(|s| match (&client, &s.client) {
                        (None, _) => true,
                        (Some(want), Some(have)) => crate::actions::same_client(want, have),
                        (Some(_), None) => false,
                    })
                    .filter_map(|s| store.load(&s.id).ok());
                let guides = &self.model.library;
                let point_of = |guide: &str, step: &str| {
                    let g = guides.find(guide)?;
                    g.steps[g.step_index(step)?].point.clone()
                };
                let mut patterns = crate::library::patterns::gather(transcripts, &point_of);
                patterns.client = client;
                Some(Msg::PatternsReady(Box::new(patterns)))
            }
            Effect::Exit => {
                self.leaving = true;
                None
            }
        }
    }

    /// Load, change and save one transcript (never its answers), then report the new state.
    fn change(&mut self, id: &str, change: Change, f: impl FnOnce(&mut Transcript)) -> Msg {
        // Read to be written back: a file holding fields this version does not know is refused.
        let result = self.store.load_to_write(id).and_then(|mut t| {
            f(&mut t);
            self.store.save(&t).map(|()| t)
        });
        self.sessions_changed();
        Msg::TranscriptChanged {
            id: id.to_string(),
            change,
            result: result.map(Box::new).map_err(|e| e.to_string()),
        }
    }

    fn export(&mut self, id: &str) -> Result<Exported, String> {
        let t = self.store.load(id).map_err(|e| e.to_string())?;
        let notes = self.store.load_notes(id).ok().flatten();
        let (text, withheld) = crate::export::shared_copy(
            &t,
            notes.as_ref(),
            crate::export::Format::Markdown,
            &self.model.tz,
        );
        let dir = self
            .export_dir
            .clone()
            .ok_or("exporting needs a data folder")?;
        let name = format!("{}.md", crate::export::file_stem(id, t.headline.as_deref()));
        crate::store::write_atomic(&dir, &name, text.as_bytes()).map_err(|e| e.to_string())?;
        Ok(Exported {
            id: id.to_string(),
            path: dir.join(name).display().to_string(),
            withheld,
        })
    }

    /// The recap for the client: made from the shared projection only, so no coach-only
    /// word can reach it.
    fn export_summary(&mut self, id: &str) -> Result<Exported, String> {
        let t = self.store.load(id).map_err(|e| e.to_string())?;
        let shared = crate::privacy::project(&t, crate::pairing::Audience::Shared, None);
        let text = crate::export::summary(&shared.transcript, &self.model.tz);
        let dir = self
            .export_dir
            .clone()
            .ok_or("exporting needs a data folder")?;
        let name = format!(
            "{}.summary.md",
            crate::export::file_stem(id, t.headline.as_deref())
        );
        crate::store::write_atomic(&dir, &name, text.as_bytes()).map_err(|e| e.to_string())?;
        Ok(Exported {
            id: id.to_string(),
            path: dir.join(name).display().to_string(),
            withheld: 0,
        })
    }

    pub(super) fn sessions_changed(&mut self) {
        if let Some(w) = &mut self.searcher {
            w.reload();
            self.search_warm = false;
        }
    }

    fn create(
        &mut self,
        guide_id: &str,
        mode: Option<&str>,
        pair: Option<crate::pairing::Pairing>,
    ) -> Msg {
        let Some(guide) = self.model.library.find(guide_id).cloned() else {
            return Msg::OpenFailed(OpenFailure::NoGuide(guide_id.to_string()));
        };
        let now = Timestamp::now();
        match self.store.allocate_id(now) {
            Ok(id) => {
                match self.store.lock(&id) {
                    Ok(lock) => self.lock = Some(lock),
                    Err(e) => return Msg::OpenFailed(OpenFailure::Start(e.to_string())),
                }
                let location = self.store.location(&id);
                let mut session = Session::new(id, guide, now);
                // A returning client's next steps from earlier sessions, to look at first.
                let mut pair = pair;
                if let Some(p) = &mut pair {
                    session.reviewed = crate::actions::returning(&*self.store, p);
                }
                session.pair = pair;
                if let Some(mode) = mode {
                    session.set_mode(mode);
                }
                Msg::SessionReady {
                    session: Box::new(session),
                    location,
                }
            }
            Err(e) => Msg::OpenFailed(OpenFailure::Start(e.to_string())),
        }
    }

    fn open(&mut self, id: &str) -> Msg {
        match self.store.lock(id) {
            Ok(lock) => self.lock = Some(lock),
            Err(e) => {
                return Msg::OpenFailed(OpenFailure::Open {
                    id: id.to_string(),
                    reason: e.to_string(),
                });
            }
        }
        // What cannot be taken up again (complete, a copy, its guide gone, or holding what this
        // version would drop) opens to read, saying why; its bytes are left as they are.
        let (transcript, reason) = match self.store.load_to_write(id) {
            Ok(t) => match Session::resume(&t, &self.model.library) {
                Ok(session) => {
                    return Msg::SessionReady {
                        session: Box::new(session),
                        location: self.store.location(id),
                    };
                }
                Err(e) => (Ok(t), read_only_notice(&e)),
            },
            Err(StoreError::Uncarried { what, .. }) => (
                self.store.load(id),
                format!(
                    "Read only: it holds {what} which this version cannot write back, so the \
                     file is left exactly as it is."
                ),
            ),
            Err(e) => (Err(e), String::new()),
        };
        // Not opened for writing: not held either.
        self.lock = None;
        match transcript {
            Ok(t) => Msg::OpenedToRead {
                transcript: Box::new(t),
                reason,
            },
            Err(e) => Msg::OpenFailed(OpenFailure::Open {
                id: id.to_string(),
                reason: e.to_string(),
            }),
        }
    }
}

/// Why a session asked to be taken up again is shown to read instead, said from the reader.
fn read_only_notice(e: &crate::session::ResumeError) -> String {
    use crate::session::ResumeError as E;
    match e {
        E::Complete(_) => "This session is complete: here it is to read.".into(),
        E::GuideMissing { guide, .. } => {
            format!("Read only: its guide {guide:?} is not installed, so it cannot go on.")
        }
        E::Lossy { reason, .. } => format!(
            "Read only: going on with it would lose {reason}, so the file is left exactly as it is."
        ),
        E::Copy { .. } => "Read only: this file is a copy of another session (a sync conflict?). \
                           Resolve it with `leverage resolve` before going on with it."
            .into(),
    }
}
