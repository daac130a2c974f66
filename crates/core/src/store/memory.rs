//! An in-memory store for tests: keeps the RON text exactly as the file store would write it,
//! and can be told to fail saves, to prove that a failed save loses nothing.

use std::collections::BTreeMap;
use std::io;

use jiff::Timestamp;

use super::{Listing, SessionSummary, Store, StoreError, Unreadable, new_id};
use crate::transcript::{self, Transcript};

#[derive(Debug, Default)]
pub struct MemoryStore {
    /// File name (`<id>.ron`) to file text.
    pub files: BTreeMap<String, String>,
    /// The trash: file name to file text.
    pub trashed: BTreeMap<String, String>,
    /// Fail this many of the next saves with this error kind.
    pub fail_saves: usize,
    pub fail_kind: Option<io::ErrorKind>,
    pub saves: usize,
    /// The coach's console notes, by session id.
    pub notes: BTreeMap<String, crate::privacy::CoachNotes>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail_next_saves(&mut self, count: usize, kind: io::ErrorKind) {
        self.fail_saves = count;
        self.fail_kind = Some(kind);
    }
}

impl Store for MemoryStore {
    fn allocate_id(&mut self, now: Timestamp) -> Result<String, StoreError> {
        loop {
            let id = new_id(now);
            if !self.files.contains_key(&format!("{id}.ron")) {
                return Ok(id);
            }
        }
    }

    fn save(&mut self, t: &Transcript) -> Result<(), StoreError> {
        if self.fail_saves > 0 {
            self.fail_saves -= 1;
            let kind = self.fail_kind.unwrap_or(io::ErrorKind::Other);
            return Err(StoreError::io(
                "writing",
                format!("memory/{}.ron", t.id),
                kind.into(),
            ));
        }
        let text = transcript::to_ron(t).map_err(|e| StoreError::Encode(e.to_string()))?;
        self.files.insert(format!("{}.ron", t.id), text);
        self.saves += 1;
        Ok(())
    }

    fn load(&self, id: &str) -> Result<Transcript, StoreError> {
        let text = self
            .files
            .get(&format!("{id}.ron"))
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        transcript::parse(text.as_bytes()).map_err(|source| StoreError::Parse {
            path: format!("{id}.ron"),
            source,
        })
    }

    fn list(&self) -> Listing {
        let mut listing = Listing::default();
        for (name, text) in &self.files {
            match transcript::parse(text.as_bytes()) {
                Ok(t) => listing.sessions.push(SessionSummary::of(&t)),
                Err(e) => listing.unreadable.push(Unreadable {
                    name: name.clone(),
                    reason: e.to_string(),
                }),
            }
        }
        listing.sort();
        listing
    }

    fn location(&self, id: &str) -> String {
        format!("memory/{id}.ron")
    }

    fn delete(&mut self, id: &str) -> Result<(), StoreError> {
        let name = format!("{id}.ron");
        let text = self
            .files
            .remove(&name)
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        self.trashed.insert(name, text);
        Ok(())
    }

    fn restore(&mut self, id: &str) -> Result<(), StoreError> {
        let name = format!("{id}.ron");
        if self.files.contains_key(&name) {
            return Err(StoreError::Exists(name));
        }
        let text = self
            .trashed
            .remove(&name)
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        self.files.insert(name, text);
        Ok(())
    }

    fn trash(&self) -> Listing {
        let mut listing = Listing::default();
        for text in self.trashed.values() {
            if let Ok(t) = transcript::parse(text.as_bytes()) {
                listing.sessions.push(SessionSummary::of(&t));
            }
        }
        listing.sort();
        listing
    }

    fn load_notes(&self, id: &str) -> Result<Option<crate::privacy::CoachNotes>, StoreError> {
        Ok(self.notes.get(id).cloned())
    }

    fn save_notes(&mut self, notes: &crate::privacy::CoachNotes) -> Result<(), StoreError> {
        self.notes.insert(notes.session.clone(), notes.clone());
        Ok(())
    }

    fn empty_trash(&mut self) -> Result<usize, StoreError> {
        let n = self.trashed.len();
        self.trashed.clear();
        Ok(n)
    }
}
