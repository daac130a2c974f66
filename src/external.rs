//! Writing an answer in the person's own editor (`$VISUAL`, then `$EDITOR`, then a sensible
//! default, found by the `edit` crate): the text goes to a 0600 file in a 0700 folder inside
//! the data folder (never the system temp folder, where another user could read it), the
//! terminal is handed over and taken back, and the file is removed whatever happened.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::transcript::MAX_TRANSCRIPT_BYTES;

/// The folder, inside the data folder, that holds an answer while an editor has it.
pub fn folder(data: &Path) -> PathBuf {
    data.join("editing")
}

/// Let the person's editor change `text`; the text as they left it, or why not (nothing is
/// changed then). `full_screen` hands the terminal over first and takes it back after.
pub fn edit(data: &Path, text: &str, full_screen: bool) -> Result<String, String> {
    let dir = folder(data);
    crate::store::create_private_dir(&dir).map_err(|e| e.to_string())?;
    let (path, mut file) = new_file(&dir)?;
    let result = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("could not write {}: {e}", path.display()))
        .and_then(|()| {
            drop(file);
            run(&path, full_screen)
        })
        .and_then(|()| read_back(&path));
    let _ = fs::remove_file(&path);
    result
}

/// A new private file for the answer (created, never opened through a link).
fn new_file(dir: &Path) -> Result<(PathBuf, File), String> {
    for n in 0..100u32 {
        let path = dir.join(format!("answer-{}-{n}.txt", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("could not create {}: {e}", path.display())),
        }
    }
    Err(format!("no free file name in {}", dir.display()))
}

fn run(path: &Path, full_screen: bool) -> Result<(), String> {
    let suspended = full_screen && crate::terminal::suspend();
    let ran = edit::edit_file(path);
    if suspended {
        crate::terminal::resume().map_err(|e| format!("could not take the terminal back: {e}"))?;
    }
    ran.map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            "no editor found: set VISUAL or EDITOR to the one you use".to_string()
        }
        _ => {
            let e = e.to_string();
            let why = e.rsplit("exited with error: ").next().unwrap_or(&e);
            format!("your editor ended with an error ({why})")
        }
    })
}

/// The text as the editor left it, without the line end editors add at the very end.
fn read_back(path: &Path) -> Result<String, String> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|f| f.take(MAX_TRANSCRIPT_BYTES / 4).read_to_end(&mut bytes))
        .map_err(|e| format!("could not read the edited text back: {e}"))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| "the edited text is not UTF-8, so it was not taken".to_string())?;
    let text = text.replace("\r\n", "\n");
    Ok(text.trim_end_matches('\n').to_string())
}
