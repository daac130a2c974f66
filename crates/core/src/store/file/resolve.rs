//! Settling a copy of a session (a sync engine's conflict copy, or a file under another name):
//! keep it, keep the session it copies, or keep both, with nothing deleted.

use std::fs;

use jiff::Timestamp;

use super::{FileStore, sync_folder, write_atomic};
use crate::store::{Keep, Store, StoreError, is_valid_handle, is_valid_session_id};
use crate::transcript;

impl FileStore {
    /// Settle the copy `handle` (a file whose name is not the id inside it): keep it, keep the
    /// session it copies, or keep both. Nothing is deleted: what is not kept goes to the trash
    /// byte for byte, and a copy kept as a session of its own is written under a new id.
    /// Returns a sentence saying what was done.
    pub fn resolve_copy(
        &mut self,
        handle: &str,
        keep: Keep,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let path = self.path_of(handle);
        if !is_valid_handle(handle) || fs::symlink_metadata(&path).is_err() {
            return Err(StoreError::NotFound(handle.to_string()));
        }
        let bytes = Self::read_bytes(&path)?;
        let copy = transcript::parse(&bytes).map_err(|source| StoreError::Parse {
            path: path.display().to_string(),
            source,
        })?;
        let original = copy.id.clone();
        if original == handle {
            return Err(StoreError::NotACopy(handle.to_string()));
        }
        let _copy_lock = self.lock(handle)?;
        let forget = |store: &Self, name: &str| {
            if let Some(index) = &store.index {
                crate::store::index::forget(index, &format!("{name}.ron"));
            }
        };
        let done = match keep {
            Keep::Other => {
                self.move_file(handle, &self.sessions, &self.trash)?;
                format!("Kept {original}; the copy {handle} is in the trash.")
            }
            Keep::Both => {
                // Written again under a new id: only when nothing in it would be dropped.
                if let Some(what) = transcript::uncarried(&bytes, &copy) {
                    return Err(StoreError::Uncarried {
                        id: handle.to_string(),
                        what,
                    });
                }
                let id = self.allocate_id(now)?;
                let mut t = copy;
                t.id = id.clone();
                let text = transcript::to_ron(&t).map_err(|e| StoreError::Encode(e.to_string()))?;
                write_atomic(&self.sessions, &format!("{id}.ron"), text.as_bytes())?;
                self.move_file(handle, &self.sessions, &self.trash)?;
                format!(
                    "Kept both: the copy is now the session {id}; {original} is as it was (the copy's file is in the trash)."
                )
            }
            Keep::This => {
                if !is_valid_session_id(&original) {
                    return Err(StoreError::InvalidId(original));
                }
                let _lock = self.lock(&original)?;
                if fs::symlink_metadata(self.path_of(&original)).is_ok() {
                    self.move_file(&original, &self.sessions, &self.trash)?;
                }
                fs::rename(&path, self.path_of(&original))
                    .map_err(|e| StoreError::io("renaming", &path, e))?;
                sync_folder(&self.sessions)?;
                format!("Kept the copy as {original}; the version it replaced is in the trash.")
            }
        };
        forget(self, handle);
        forget(self, &original);
        Ok(done)
    }
}
