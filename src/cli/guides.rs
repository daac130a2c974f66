//! `guides`: the guides on offer, a guide file checked, or a starter guide written.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};

use crate::content::{self, Library};
use crate::paths;
use crate::text::{Safe, safe_display};

/// The starter guide written by `guides --new`.
const STARTER_GUIDE: &str = include_str!("../../assets/starter-guide.ron");

/// `leverage guides --new NAME`: a commented starter guide in the user's guides folder.
pub fn new_guide(library: &Library, name: &str, out: &mut dyn Write) -> Result<u8> {
    if !crate::guide::is_valid_id(name) {
        bail!(
            "{:?} is not a guide id: use lowercase letters, digits and '-'",
            Safe(name).to_string()
        );
    }
    let dir = paths::guides_dir().ok_or_else(|| {
        anyhow!(
            "cannot find a config folder; set {} to choose one",
            paths::CONFIG_ENV
        )
    })?;
    let path = dir.join(format!("{name}.ron"));
    let shown = safe_display(path.display());
    if path.exists() {
        bail!("{shown} already exists; it was left as it is");
    }
    let title = name.replace('-', " ");
    let mut title_chars = title.chars();
    let title: String = title_chars
        .next()
        .map(|c| c.to_uppercase().chain(title_chars).collect())
        .unwrap_or_default();
    let text = STARTER_GUIDE
        .replace("GUIDE_ID", name)
        .replace("GUIDE_TITLE", &title);
    crate::store::create_private_dir(&dir)?;
    crate::store::write_atomic(&dir, &format!("{name}.ron"), text.as_bytes())?;
    writeln!(out, "Wrote {shown}")?;
    if library.find(name).is_some() {
        writeln!(
            out,
            "Note: it has the id of an existing guide, which it now replaces."
        )?;
    }
    writeln!(
        out,
        "Edit it, then check it with: leverage guides --check {shown}"
    )?;
    Ok(0)
}

/// `leverage guides [--check FILE]`: every guide with its modes, or one file's errors.
pub fn guides(library: &Library, check: Option<PathBuf>, out: &mut dyn Write) -> Result<u8> {
    if let Some(path) = check {
        return match content::read_guide_file(&path) {
            Ok(g) => {
                writeln!(
                    out,
                    "{}: ok: guide {:?} version {}, {} steps",
                    safe_display(path.display()),
                    Safe(&g.id).to_string(),
                    g.version,
                    g.steps.len()
                )?;
                Ok(0)
            }
            Err(e) => {
                eprintln!("{}", safe_display(e));
                Ok(1)
            }
        };
    }
    for g in &library.guides {
        let origin = if content::BUILT_IN.iter().any(|(name, _)| *name == g.origin) {
            "built in"
        } else {
            &g.origin
        };
        writeln!(
            out,
            "{:<16} v{:<3} {:>2} steps  {}  ({})",
            Safe(&g.id),
            g.version,
            g.steps.len(),
            Safe(&g.title),
            Safe(origin)
        )?;
        for m in &g.modes {
            writeln!(
                out,
                "{:<16}   --mode {:<8} {}",
                "",
                Safe(&m.id),
                Safe(&m.title)
            )?;
        }
    }
    for e in &library.errors {
        writeln!(out, "invalid          {}", safe_display(e))?;
    }
    for n in &library.notices {
        writeln!(out, "note: {}", Safe(n))?;
    }
    Ok(0)
}
