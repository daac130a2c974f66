//! The guides a person can choose from: the built-in ones embedded in the binary, plus any in
//! the user's guides folder. A user guide that fails validation is kept as an error to show,
//! never a crash; one with the id of a built-in guide replaces it.

use std::path::Path;
use std::sync::Arc;

use crate::guide::{self, Guide, GuideError};

/// Built-in guides, embedded so the binary needs nothing beside it.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "content/guides/leverage.ron",
        include_str!("../../../content/guides/leverage.ron"),
    ),
    (
        "content/guides/value-cycle.ron",
        include_str!("../../../content/guides/value-cycle.ron"),
    ),
    (
        "content/guides/own-the-story.ron",
        include_str!("../../../content/guides/own-the-story.ron"),
    ),
];

/// Every guide on offer, and the guide files that could not be used.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub guides: Vec<Arc<Guide>>,
    pub errors: Vec<GuideError>,
    /// Notes such as "your guide X replaces the built-in one".
    pub notices: Vec<String>,
}

impl Library {
    /// The built-in guides only. They are checked by tests, so a failure here is a build bug;
    /// it is still reported as an error rather than a panic.
    pub fn built_in() -> Self {
        let mut lib = Library::default();
        for (name, text) in BUILT_IN {
            match guide::parse(name, text) {
                Ok(g) => lib.guides.push(Arc::new(g)),
                Err(e) => lib.errors.push(e),
            }
        }
        lib
    }

    /// Built-in guides plus `*.ron` files in `dir` (a missing folder is simply empty).
    pub fn load(dir: Option<&Path>) -> Self {
        let mut lib = Self::built_in();
        let Some(dir) = dir else { return lib };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return lib;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            match read_guide_file(&path) {
                Ok(g) => lib.add_user_guide(g),
                Err(e) => lib.errors.push(e),
            }
        }
        lib
    }

    fn add_user_guide(&mut self, g: Guide) {
        if let Some(slot) = self.guides.iter_mut().find(|x| x.id == g.id) {
            self.notices.push(format!(
                "{} replaces the guide {:?} from {}",
                g.origin, g.id, slot.origin
            ));
            *slot = Arc::new(g);
        } else {
            self.guides.push(Arc::new(g));
        }
    }

    pub fn find(&self, id: &str) -> Option<&Arc<Guide>> {
        self.guides.iter().find(|g| g.id == id)
    }
}

/// Largest guide file read; anything bigger is not a hand-written guide.
const MAX_GUIDE_BYTES: u64 = 1024 * 1024;

/// Read and validate one guide file, turning I/O problems into the same error shape.
pub fn read_guide_file(path: &Path) -> Result<Guide, GuideError> {
    let name = path.display().to_string();
    let io_err = |reason: String| GuideError {
        file: name.clone(),
        line: 0,
        col: 0,
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| io_err(e.to_string()))?;
    // Only a regular file: /dev/zero would grow without end and a FIFO block for ever.
    if !meta.is_file() {
        return Err(io_err("is not a regular file".into()));
    }
    if meta.len() > MAX_GUIDE_BYTES {
        return Err(io_err(format!(
            "file is larger than {MAX_GUIDE_BYTES} bytes"
        )));
    }
    // Read no more than the limit even if the file grows while it is read.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_GUIDE_BYTES + 1), &mut bytes)
        })
        .map_err(|e| io_err(e.to_string()))?;
    if bytes.len() as u64 > MAX_GUIDE_BYTES {
        return Err(io_err(format!(
            "file is larger than {MAX_GUIDE_BYTES} bytes"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        io_err(format!(
            "not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    guide::parse(&name, &text)
}
