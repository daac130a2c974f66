//! Finding where something sits in a guide's source text, for validation errors.
//!
//! serde hands validation plain values without positions, so an error found after parsing
//! (a duplicate id, an empty prompt) is placed by searching the text: the `n`th step starts at
//! the `n`th `id:` field inside the `steps` list. When a search fails, the error still names
//! the nearest known place rather than nothing.

/// A place in the text: 1-based line and column (in characters), and the byte offset.
#[derive(Debug, Clone, Copy)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
    pub offset: usize,
}

pub struct Locator<'a> {
    text: &'a str,
    steps_at: usize,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let steps_at = find_field(text, "steps", 0).unwrap_or(0);
        Locator { text, steps_at }
    }

    /// Byte offset of the `index`th step's `id` field (0 when it cannot be found).
    pub fn step_start(&self, index: usize) -> usize {
        let mut from = self.steps_at;
        for n in 0..=index {
            match find_field(self.text, "id", from) {
                Some(at) if n == index => return at,
                Some(at) => from = at + 2,
                None => return self.steps_at,
            }
        }
        self.steps_at
    }

    /// Where the field `name` is, at or after byte `from`.
    pub fn field(&self, name: &str, from: usize) -> Pos {
        let at = find_field(self.text, name, from).unwrap_or(from);
        self.pos(at)
    }

    /// Where the literal `needle` is, at or after byte `from`.
    pub fn text(&self, needle: &str, from: usize) -> Pos {
        let at = self
            .text
            .get(from..)
            .and_then(|t| t.find(needle))
            .map_or(from, |i| from + i);
        self.pos(at)
    }

    fn pos(&self, at: usize) -> Pos {
        let offset = floor_char(self.text, at.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Pos { line, col, offset }
    }
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Offset of `name` used as a field (`name` then optional spaces then `:`), skipping comments
/// (`//` and nested `/* */`) and string contents so that a prompt mentioning "id:" is not
/// mistaken for a field. It compares bytes, never slicing the text, so any character in a
/// comment or a string is safe.
fn find_field(text: &str, name: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let name = name.as_bytes();
    let mut i = from.min(bytes.len());
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = block_comment_end(bytes, i);
                continue;
            }
            _ if bytes[i..].starts_with(name) => {
                let prev_ok = i == 0 || !is_ident(bytes[i - 1]);
                let rest = &bytes[i + name.len()..];
                let after_space = rest
                    .iter()
                    .position(|&c| c != b' ' && c != b'\t')
                    .map_or(&[][..], |n| &rest[n..]);
                let next_ok = after_space.first() == Some(&b':')
                    && !rest.first().is_some_and(|&c| is_ident(c));
                if prev_ok && next_ok {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The byte just past the block comment opening at `start` (RON's nest).
fn block_comment_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if bytes[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_in_every_comment_style_and_string_is_safe() {
        let text = "/* Étape: café */ ( // ünïcode: ✓\n  steps: [ /* a /* nested é */ id: */ ( id: \"é\", title: \"id: 日本\" ), (id: \"b\") ] )";
        let l = Locator::new(text);
        let first = l.step_start(0);
        assert_eq!(&text[first..first + 3], "id:");
        let second = l.step_start(1);
        assert_eq!(&text[second..second + 3], "id:");
        assert!(second > first);
        let p = l.field("title", first);
        assert!(p.line == 2 && p.col > 1);
        // Every start offset, even inside a character, is answered without a panic.
        for from in 0..text.len() {
            let _ = l.field("id", from);
            let _ = l.text("日本", from);
        }
    }
}
