//! Text helpers, a leaf: the one safe path from a file's text to a terminal ([`Safe`],
//! [`sanitize`]), input normalisation ([`clean`]), display width, truncation and wrapping.
//!
//! Every writer to a terminal (the TUI, `show`, `list`, `trash`, `guides`, plain mode, error
//! messages) passes text from files or people through [`Safe`] or [`sanitize`], so no escape
//! sequence a guide, a transcript or a file name holds can ever be obeyed by the terminal.
//! Nothing here knows a terminal library.

use std::borrow::Cow;
use std::fmt;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A control character a terminal would act on (C0, DEL, C1), line feeds excepted.
pub fn is_control(c: char) -> bool {
    c.is_control() && c != '\n'
}

/// The visible stand-in for a control character: U+2400 pictures for C0 (`␛` for ESC), `␡`
/// for DEL, the replacement character for the rest.
pub fn placeholder(c: char) -> char {
    match c as u32 {
        0x00..=0x1f => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ if c.is_control() => '\u{fffd}',
        _ => c,
    }
}

/// Replace control characters (which a terminal would obey) with visible placeholders.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_control(c) { placeholder(c) } else { c })
            .collect(),
    )
}

/// Text from a file or a person, made safe to print: `format!("{}", Safe(title))` writes it
/// with every control character replaced by its visible placeholder.
#[derive(Debug, Clone, Copy)]
pub struct Safe<'a>(pub &'a str);

impl fmt::Display for Safe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Padding and alignment (`{:<20}`) apply to the cleaned text.
        f.pad(&sanitize(self.0))
    }
}

/// Any value's `Display`, made safe: for paths, errors and other values that are not `&str`.
pub fn safe_display(value: impl fmt::Display) -> String {
    sanitize(&value.to_string()).into_owned()
}

/// A writer that is itself the safe path: every control character written through it (but
/// the line feed) comes out as its visible placeholder, so a prompt loop that prints a guide's
/// words cannot forget one. C1 controls (two bytes in UTF-8) are caught across writes.
pub struct SafeWriter<W: std::io::Write> {
    inner: W,
    /// A 0xC2 lead byte seen at the end of the last write, waiting for its second byte.
    pending: bool,
}

impl<W: std::io::Write> SafeWriter<W> {
    pub fn new(inner: W) -> Self {
        SafeWriter {
            inner,
            pending: false,
        }
    }
}

impl<W: std::io::Write> std::io::Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        let push_char = |out: &mut Vec<u8>, c: char| {
            let mut b = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
        };
        for &b in buf {
            if std::mem::take(&mut self.pending) {
                if (0x80..=0x9f).contains(&b) {
                    push_char(&mut out, '\u{fffd}');
                    continue;
                }
                out.push(0xc2);
            }
            match b {
                0xc2 => self.pending = true,
                b'\n' => out.push(b),
                0x00..=0x1f | 0x7f => push_char(&mut out, placeholder(char::from(b))),
                _ => out.push(b),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: std::io::Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        if self.pending {
            let _ = self.inner.write_all(&[0xc2]);
        }
    }
}

/// Normalise text coming in: `\r\n` and `\r` become `\n`, tabs become four spaces, and other
/// control characters become visible placeholders so they can never reach the terminal.
pub fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if !text.chars().any(|c| c == '\t' || is_control(c)) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if is_control(c) => out.push(placeholder(c)),
            c => out.push(c),
        }
    }
    out
}

/// Display width of one grapheme cluster as drawn (a control character draws as one
/// placeholder column).
pub fn grapheme_width(g: &str) -> usize {
    if g.chars().any(is_control) {
        return g.chars().count();
    }
    g.width()
}

/// Display width of `s` as drawn, in terminal columns.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

/// `s` cut to at most `max` columns, ending in `…` when something was cut; never splits a
/// grapheme.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push_str(g);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// Wrap text to `width` columns, keeping blank lines between paragraphs; safe to draw.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let text = sanitize(text);
    let width = width.max(4);
    let mut out = Vec::new();
    for para in text.split('\n') {
        if para.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        out.extend(textwrap::wrap(para, width).into_iter().map(Cow::into_owned));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// `body` wrapped to hang after `label`: the first row goes beside the label, the rest are
/// indented to line up under it (by at most a third of `width`, so a long name cannot squeeze
/// the text away). The label is measured in display columns, as it is drawn.
pub fn hanging(label: &str, body: &str, width: usize) -> Vec<String> {
    let width = width.max(4);
    let label_w = self::width(label);
    let sub = " ".repeat(label_w.min(width / 3));
    let body = sanitize(body);
    let mut out: Vec<String> = Vec::new();
    for (n, para) in body.split('\n').enumerate() {
        if para.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        // The first row goes beside the label, in the columns it leaves; a label that
        // leaves none has its row to itself.
        let beside = n == 0 && label_w < width;
        if n == 0 && !beside {
            out.push(String::new());
        }
        let init = if beside {
            " ".repeat(label_w)
        } else {
            sub.clone()
        };
        let opts = textwrap::Options::new(width)
            .initial_indent(&init)
            .subsequent_indent(&sub);
        for (k, l) in textwrap::wrap(para, opts).into_iter().enumerate() {
            out.push(if beside && k == 0 {
                l.get(init.len()..).unwrap_or_default().to_string()
            } else {
                l.into_owned()
            });
        }
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// The ASCII character nearest to `c` in look, for a terminal that shows only ASCII: box
/// drawing as `+`, `-` and `|`, arrows and pointers as `>` or `<`, bullets as `*`, dashes,
/// quotes and ellipses as their ASCII kin, spaces as a space, anything else as `?`.
pub fn ascii_kin(c: char) -> char {
    match c {
        c if c.is_ascii() => c,
        '─' | '━' | '═' | '┄' | '┈' | '╌' => '-',
        '│' | '┃' | '║' | '┆' | '┊' | '╎' => '|',
        '\u{2500}'..='\u{257f}' => '+',
        '▸' | '▶' | '►' | '→' | '⟶' | '›' | '»' => '>',
        '◂' | '◀' | '◄' | '←' | '‹' | '«' => '<',
        '↑' | '▲' | '▴' => '^',
        '↓' | '▼' | '▾' => 'v',
        '·' | '•' | '●' | '○' | '◦' | '∙' | '✓' | '✔' | '★' | '☆' => '*',
        '…' => '.',
        '–' | '—' | '‒' | '―' | '−' | '‐' | '‑' => '-',
        '‘' | '’' | '‚' | '′' => '\'',
        '“' | '”' | '„' | '″' => '"',
        '×' => 'x',
        '█' | '▓' | '▒' | '░' | '▌' | '▐' | '■' => '#',
        c if c.is_whitespace() => ' ',
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'E',
        'ì'..='ï' | 'ī' | 'į' | 'ı' => 'i',
        'Ì'..='Ï' | 'Ī' | 'Į' | 'İ' => 'I',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => 'o',
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ő' => 'O',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'Ù'..='Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => 'U',
        'ç' | 'ć' | 'č' => 'c',
        'Ç' | 'Ć' | 'Č' => 'C',
        'ñ' | 'ń' | 'ň' => 'n',
        'Ñ' | 'Ń' | 'Ň' => 'N',
        'ß' => 's',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'Š' | 'Ś' => 'S',
        'ž' | 'ź' | 'ż' => 'z',
        'Ž' | 'Ź' | 'Ż' => 'Z',
        _ => '?',
    }
}

/// A writer that lets only ASCII through: every character as its [`ascii_kin`], for a
/// terminal whose locale is not UTF-8. A character split across two writes is held until it
/// is whole; bytes that are not UTF-8 come out as `?`.
pub struct AsciiWriter<W: std::io::Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: std::io::Write> AsciiWriter<W> {
    pub fn new(inner: W) -> Self {
        AsciiWriter {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for AsciiWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut out = Vec::with_capacity(self.pending.len());
        let mut rest = &self.pending[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    out.extend(text.chars().map(|c| ascii_kin(c) as u8));
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (good, after) = rest.split_at(e.valid_up_to());
                    let good = std::str::from_utf8(good).unwrap_or_default();
                    out.extend(good.chars().map(|c| ascii_kin(c) as u8));
                    match e.error_len() {
                        Some(n) => {
                            out.push(b'?');
                            rest = &after[n..];
                        }
                        // A character cut short: wait for the rest of it.
                        None => {
                            rest = after;
                            break;
                        }
                    }
                }
            }
        }
        self.pending = rest.to_vec();
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_replaces_every_escape_and_keeps_the_rest() {
        let hostile = "a\u{1b}]0;owned\u{7}b\u{1b}[2Jc\u{9b}d";
        let shown = Safe(hostile).to_string();
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\u{9b}'));
        assert!(shown.starts_with("a␛]0;owned␇b␛[2Jc"));
        assert_eq!(Safe("plain é 👍🏽").to_string(), "plain é 👍🏽");
    }

    #[test]
    fn the_safe_writer_replaces_controls_even_when_split_across_writes() {
        use std::io::Write;
        let mut buf = Vec::new();
        {
            let mut w = SafeWriter::new(&mut buf);
            w.write_all(b"a\x1b]0;t\x07 caf\xc3\xa9\n\xc2").unwrap();
            w.write_all(b"\x9b2J \xc2\xa9").unwrap();
        }
        let shown = String::from_utf8(buf).unwrap();
        assert_eq!(shown, "a␛]0;t␇ café\n\u{fffd}2J ©");
    }

    #[test]
    fn safe_pads_the_cleaned_text() {
        assert_eq!(format!("[{:<5}]", Safe("ab")), "[ab   ]");
    }

    #[test]
    fn clean_normalises_line_ends_and_tabs() {
        assert_eq!(clean("a\r\nb\rc\td\u{1b}"), "a\nb\nc    d␛");
    }

    #[test]
    fn width_counts_columns_not_chars() {
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("a\u{1b}"), 2);
    }

    #[test]
    fn truncate_keeps_graphemes_whole_and_marks_the_cut() {
        assert_eq!(truncate("hello", 5), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn hanging_measures_a_wide_label_by_its_columns() {
        // "李明: " is 6 columns wide but 4 characters: the continuation lines up under the text.
        let rows = hanging("李明: ", "one two three four five six seven", 18);
        assert!(rows.len() > 1);
        for r in &rows[1..] {
            assert!(
                r.starts_with("      ") && !r.starts_with("       "),
                "{r:?}"
            );
        }
        let words: Vec<&str> = rows.iter().flat_map(|r| r.split_whitespace()).collect();
        assert_eq!(
            words,
            "one two three four five six seven"
                .split(' ')
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_ascii_writer_holds_a_character_split_across_writes() {
        use std::io::Write;
        let mut out = Vec::new();
        {
            let mut w = AsciiWriter::new(&mut out);
            let bytes = "Zürich — ok\u{1F680}".as_bytes();
            w.write_all(&bytes[..2]).unwrap();
            w.write_all(&bytes[2..]).unwrap();
            w.write_all(&[0xff, b'!']).unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "Zurich - ok??!");
    }
}
