//! Entering and leaving the terminal's full-screen mode, on every path out.
//!
//! `restore` undoes everything `enter` did (raw mode, alternate screen, bracketed paste,
//! hidden cursor) and is safe to call more than once; the panic hook calls it before the panic
//! message is printed, and signals are turned into a flag the driver checks, so the session is
//! saved before the process ends.

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

static ACTIVE: AtomicBool = AtomicBool::new(false);

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Switch to raw mode and the alternate screen, with bracketed paste on.
pub fn enter() -> io::Result<Tui> {
    install_panic_hook();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    if let Err(e) = execute!(out, EnterAlternateScreen, EnableBracketedPaste) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(io::stdout())).inspect_err(|_| restore())
}

/// Put the terminal back as it was. Errors are ignored: the terminal may already be gone.
/// Leave the full screen after clearing it and the terminal's scrollback: for the coach's
/// console, whose coach-only notes a terminal could otherwise keep in its scrollback (some push
/// the alternate screen's lines there when the window is resized).
pub fn restore_private() {
    if ACTIVE.load(Ordering::SeqCst) {
        let _ = execute!(
            io::stdout(),
            ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All),
            ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::Purge)
        );
    }
    restore();
    let _ = execute!(
        io::stdout(),
        ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::Purge)
    );
}

pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Hand the terminal to another program (the person's editor) as it was before leverage:
/// `resume` takes it back. Nothing happens when the full screen is not in use.
pub fn suspend() -> bool {
    let active = ACTIVE.load(Ordering::SeqCst);
    restore();
    active
}

/// Take the terminal back after [`suspend`]: raw mode, the alternate screen, bracketed paste.
pub fn resume() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All)
    )
}

/// Turn mouse reporting on (for wheel scrolling) or off (so text can be selected as usual).
pub fn set_mouse(on: bool) {
    let mut out = io::stdout();
    let _ = if on {
        execute!(out, EnableMouseCapture)
    } else {
        execute!(out, DisableMouseCapture)
    };
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Route SIGTERM, SIGHUP and SIGINT to `flag` (set to the signal's number), so the driver can
/// save and leave instead of the process dying mid-sentence.
pub fn watch_signals(flag: &Arc<AtomicUsize>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    for sig in [SIGTERM, SIGHUP, SIGINT] {
        signal_hook::flag::register_usize(sig, Arc::clone(flag), sig as usize)?;
    }
    Ok(())
}

/// `--color`: `auto` follows `NO_COLOR`; `always` and `never` override it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

static COLOR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// Record the command line's `--color` for the whole process (once, at start).
pub fn set_color(choice: ColorChoice) {
    let _ = COLOR.set(choice);
    // crossterm honours NO_COLOR on its own when it writes a colour: tell it what was chosen.
    match choice {
        ColorChoice::Always => ratatui::crossterm::style::force_color_output(true),
        ColorChoice::Never => ratatui::crossterm::style::force_color_output(false),
        ColorChoice::Auto => {}
    }
}

/// Whether to draw without colour: `--color never`, or (with `auto`) `NO_COLOR` set to any
/// non-empty value.
pub fn no_color() -> bool {
    match COLOR.get().copied().unwrap_or_default() {
        ColorChoice::Always => false,
        ColorChoice::Never => true,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    }
}

static ASCII: AtomicBool = AtomicBool::new(false);

/// `--ascii`: draw and print only ASCII, whatever the locale says.
pub fn set_ascii(on: bool) {
    ASCII.store(on, Ordering::SeqCst);
}

/// Whether to draw and print only ASCII: `--ascii`, or a locale that is not UTF-8.
pub fn ascii() -> bool {
    ASCII.load(Ordering::SeqCst) || !utf8_locale()
}

/// Whether the locale asks for text beyond ASCII: false when it names a character set other
/// than UTF-8 (`LANG=C`, `POSIX`, `en_US.ISO-8859-1`). The first of `LC_ALL`, `LC_CTYPE` and
/// `LANG` that is set decides; none set counts as UTF-8, today's default.
pub fn utf8_locale() -> bool {
    let value = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    match value {
        None => true,
        Some(v) => {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        }
    }
}
