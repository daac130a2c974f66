//! Key names as written in the keymap file ("ctrl-n", "shift-tab", "f1", "?") and as shown
//! in the help and the footer ("Ctrl-N", "Shift-Tab", "F1", "?").

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers, normalised so that the same key always compares equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT;
        let mut mods = mods & relevant;
        let code = match code {
            // Shift is already in the character ('?' vs '/', 'Q' vs 'q').
            KeyCode::Char(_) => {
                mods.remove(KeyModifiers::SHIFT);
                code
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                code
            }
            _ => code,
        };
        Key { code, mods }
    }

    pub fn from_event(event: &KeyEvent) -> Self {
        let code = match event.code {
            // With Ctrl held, terminals report the letter lowercase whatever Shift says.
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Key::new(code, event.modifiers)
    }

    /// Parse "ctrl-shift-left", "f1", "?", "space", "-".
    pub fn parse(text: &str) -> Result<Key, String> {
        let lower = text.to_ascii_lowercase();
        let mut mods = KeyModifiers::NONE;
        let mut rest = lower.as_str();
        loop {
            let before = rest;
            for (prefix, m) in [
                ("ctrl-", KeyModifiers::CONTROL),
                ("alt-", KeyModifiers::ALT),
                ("shift-", KeyModifiers::SHIFT),
            ] {
                if rest.len() > prefix.len() && rest.starts_with(prefix) {
                    mods |= m;
                    rest = &rest[prefix.len()..];
                }
            }
            if rest == before {
                break;
            }
        }
        let code = match rest {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" => KeyCode::Insert,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.starts_with('f')
                && f.len() > 1
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                let n: u8 = f[1..]
                    .parse()
                    .map_err(|_| format!("unknown key {text:?}"))?;
                if !(1..=24).contains(&n) {
                    return Err(format!("unknown key {text:?}"));
                }
                KeyCode::F(n)
            }
            // A single character keeps its case from the original text ("Q" is not "q").
            _ if rest.chars().count() == 1 => {
                let original = &text[text.len() - rest.len()..];
                let c = original.chars().next().unwrap_or(' ');
                // "ctrl-shift-z" is Ctrl with a capital Z, not Ctrl-Z.
                KeyCode::Char(if mods.contains(KeyModifiers::SHIFT) {
                    c.to_ascii_uppercase()
                } else {
                    c
                })
            }
            _ => return Err(format!("unknown key {text:?}")),
        };
        Ok(Key::new(code, mods))
    }

    /// How the key is shown to people.
    pub fn display(&self) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        let name = match self.code {
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Insert => "Insert".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::Up => "Up".into(),
            KeyCode::Down => "Down".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".into(),
            // A capital letter with Ctrl is Ctrl-Shift: "Ctrl-Z" alone is the lower-case key.
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                if c.is_ascii_uppercase() {
                    format!("Shift-{c}")
                } else {
                    c.to_ascii_uppercase().to_string()
                }
            }
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        out.push_str(&name);
        out
    }
}
